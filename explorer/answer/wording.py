"""How the words about an answer name an expression, a path and a set of paths, short enough for a sentence.

Shared by the feedback on a checked answer (:mod:`explorer.answer.feedback`)
and an exercise's hints (:mod:`explorer.answer.hints`). Printing grows with
the input, so every quote is bounded before it starts.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from ..calculus.result import Analysis
from ..language.printing import partial, path_label, size, unicode

__all__ = ["PATH_NODES", "QUOTE_CHARS", "QUOTE_NODES", "numbers", "path_words", "paths_named", "quote", "route"]

#: Longest path (in nodes) spelled out in a sentence; longer ones are elided in the middle.
PATH_NODES = 7

#: Longest product or partial (in characters) quoted in a sentence, and the most nodes printed to get it.
QUOTE_CHARS = 160
QUOTE_NODES = 400


def quote(expr: sp.Expr) -> str:
    """An expression in a sentence: its Unicode, cut to :data:`QUOTE_CHARS`; never printed when too long.

    Examples
    --------
    >>> quote(sp.Symbol("x") ** 2)
    'x²'
    """
    if size(expr, QUOTE_NODES) > QUOTE_NODES:  # nested programs print exponentially long: never start
        return "(too long to write out)"
    text = unicode(expr)
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def numbers(indexes: Sequence[int]) -> str:
    """'1', '1 and 3', '1, 2 and 4' (1-based).

    Examples
    --------
    >>> numbers([0]), numbers([0, 2]), numbers([0, 1, 3])
    ('1', '1 and 3', '1, 2 and 4')
    """
    shown = [str(i + 1) for i in indexes]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def paths_named(indexes: Sequence[int]) -> str:
    """'path 1', 'paths 1 and 3' (1-based)."""
    return ("path " if len(indexes) == 1 else "paths ") + numbers(indexes)


def route(analysis: Analysis, i: int) -> str:
    """Path ``i``'s nodes joined by arrows (x → u1 → y), elided in the middle past :data:`PATH_NODES`."""
    nodes = list(analysis.paths[i].nodes)
    if len(nodes) > PATH_NODES:
        nodes = [*nodes[:3], "…", *nodes[-3:]]
    return path_label(nodes)


def _factors(analysis: Analysis, i: int) -> str:
    edges = [analysis.edges[e] for e in analysis.paths[i].edges]
    return "·".join(partial(e.target, e.source) for e in edges) if len(edges) <= PATH_NODES else "the product"


def path_words(analysis: Analysis, i: int) -> str:
    """Path 2 (x → y: ∂y/∂x = 1)."""
    p = analysis.paths[i]
    return f"path {i + 1} ({route(analysis, i)}: {_factors(analysis, i)} = {quote(p.product_expr)})"
