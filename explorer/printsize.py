r"""How much printing an expression costs, and the limits on it: per formula, and per document.

Expressions built by nesting (``u2 = sin(u1)·cos(u1)``, ``u3 = sin(u2)·cos(u2)``,
…) share their parts, so they are small in memory but print exponentially
long. Before printing, :func:`fits` counts what printing would visit
(:func:`explorer.printing.size`, at a cost bounded by the limit): a formula
may hold :data:`MAX_NODES` nodes, and within :func:`budget` a whole
document only so many. What does not fit is written :data:`TOO_LONG`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

import sympy as sp

from .printing import size, tex

__all__ = ["MAX_NODES", "TOO_LONG", "budget", "fits", "short"]

#: Expression nodes (as printed) one formula may hold; past this it is not even printed (nested
#: programs print exponentially long), and the page and the download say so instead.
MAX_NODES = 4_000

#: What stands in for an expression too long to write out.
TOO_LONG = r"\text{(too long to write out)}"

_LEFT: ContextVar[list[int] | None] = ContextVar("typeset_nodes_left", default=None)


@contextlib.contextmanager
def budget(nodes: int) -> Iterator[None]:
    """Within the block, expressions print until ``nodes`` nodes in all were printed; then :data:`TOO_LONG`.

    A whole document is bounded so, not only each formula: a hundred paths
    of moderately long products would otherwise print megabytes.
    """
    token = _LEFT.set([nodes])
    try:
        yield
    finally:
        _LEFT.reset(token)


def fits(*exprs: sp.Basic) -> bool:
    """Are these expressions together small enough to print (within the :func:`budget`, if any)?"""
    left = _LEFT.get()
    limit = MAX_NODES if left is None else min(MAX_NODES, left[0])
    spent = 0
    for expr in exprs:
        spent += size(expr, limit - spent)
        if spent > limit:
            return False
    if left is not None:
        left[0] -= spent
    return True


def short(expr: sp.Basic, **settings) -> str:
    r"""LaTeX of an expression, or :data:`TOO_LONG` when it would not fit.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> nested = x
    >>> for _ in range(30):
    ...     nested = sp.sin(nested) * sp.cos(nested)
    >>> short(x**2), short(nested)
    ('x^{2}', '\\text{(too long to write out)}')
    >>> with budget(3):
    ...     short(x**2), short(x**3)
    ('x^{2}', '\\text{(too long to write out)}')
    """
    return tex(expr, **settings) if fits(expr) else TOO_LONG
