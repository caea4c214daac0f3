"""How heavy the work on an input or an analysis is expected to be, told from its size before any of it is done.

The worker pool keeps heavy work to a share of its workers, so that light
work (a new point, a highlight, a small expression) never waits for it
(:mod:`explorer.workers.lanes`). What is predicted here is only a first
guess, made in the caller's process at no cost; work that turns out slower
than predicted is treated as heavy once it has run for a first slice of time.
"""

from __future__ import annotations

from .result import Analysis

__all__ = ["HEAVY_GRAPH", "HEAVY_STATEMENTS", "HEAVY_TEXT", "heavy_analysis", "heavy_text"]

#: Characters of input past which its analysis is expected to be heavy: the 100-term sum (1,189 characters)
#: is analysed in about 0.15 s of CPU, a 1,000-term sum (3,695) in about 0.5 s, the 2,000-factor product
#: (4,000) in seconds...
HEAVY_TEXT = 2000

#: ... or statements in a program: each line of a nested program can hold the one before several times
#: (``u2 = sin(u1)*u1 + u1**2``), so twelve such lines take seconds where four take milliseconds.
HEAVY_STATEMENTS = 8

#: Nodes plus edges of a graph past which what is made of it (the drawing, the check against
#: ``sympy.diff``, the formulas) is expected to be heavy. Even the 2,000-factor product (2,008) is drawn
#: condensed in half a second and checked in a fifth, so only the largest graphs are; slower work on a
#: smaller one is found out after its first second.
HEAVY_GRAPH = 3000


def heavy_text(text: str) -> bool:
    """Whether analysing ``text`` is expected to be heavy: counted in characters and statements, not parsed.

    Examples
    --------
    >>> heavy_text("x + x**2"), heavy_text("*".join(["x"] * 2000))
    (False, True)
    >>> heavy_text("; ".join(f"u{k} = sin(u{k - 1})*u{k - 1}" for k in range(1, 12)))
    True
    """
    statements = text.count(";") + text.count("\n") + 1
    return len(text) > HEAVY_TEXT or statements >= HEAVY_STATEMENTS


def heavy_analysis(result: Analysis) -> bool:
    """Whether drawing, checking or typesetting ``result`` is expected to be heavy: by the size of its graph.

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> heavy_analysis(run("x + x**2")), heavy_analysis(run("+".join(f"a{k}*x" for k in range(900))))
    (False, True)
    """
    return len(result.nodes) + len(result.edges) > HEAVY_GRAPH
