r"""How much printing an expression costs, and the limits on it: per formula, and per document.

Expressions built by nesting (``u2 = sin(u1)·cos(u1)``, ``u3 = sin(u2)·cos(u2)``,
…) share their parts, so they are small in memory but print exponentially
long. Before printing, :func:`fits` counts what printing would visit
(:func:`explorer.language.printing.size`, at a cost bounded by the limit): a formula
may hold :data:`MAX_NODES` nodes, and within :func:`budget` a whole
document only so many. What does not fit is written :data:`TOO_LONG`; in
words, :func:`shown` says so; in the JSON form (:class:`JsonWriter`) it is null.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

import sympy as sp

from .operations import elementary
from .printing import exact, size, tex, unicode

__all__ = ["MAX_NODES", "TOO_LONG", "JsonWriter", "budget", "fits", "parenthesised", "short", "shown"]

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


#: Expression nodes (as printed) the words write out; longer expressions are said to be too long.
MAX_SHOWN = 2_000


def shown(expr: sp.Basic) -> str:
    """The expression in Unicode, or a phrase when it is too long to write out (nested programs).

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> shown(x**2), shown(sp.Add(*(sp.sin(k * x) for k in range(1, 2000))))
    ('x²', '(too long to write out)')
    """
    return unicode(expr) if size(expr, MAX_SHOWN) <= MAX_SHOWN else "(too long to write out)"


def parenthesised(expr: sp.Expr) -> str:
    """An expression as a factor or term among others: in parentheses when it is a sum or negative.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> parenthesised(-sp.cos(x)), parenthesised(x + 1), parenthesised(2 * x)
    ('(−cos(x))', '(x + 1)', '2·x')
    """
    text = shown(expr)
    return f"({text})" if expr.is_Add or text.startswith("−") else text


#: Expression nodes (as printed) one JSON string may hold, and the whole JSON form: nested programs
#: make expressions that print exponentially long; past these, expressions are written as null.
JSON_NODES = 5_000
JSON_TOTAL_NODES = 200_000


class JsonWriter:
    """Prints a result's expressions for the JSON form within one budget of printed nodes."""

    def __init__(self, total: int = JSON_TOTAL_NODES):
        self.left = total

    def _fits(self, expr: sp.Basic) -> bool:
        limit = min(JSON_NODES, self.left)
        used = size(expr, limit)
        if used > limit:
            return False
        self.left -= used
        return True

    def text(self, expr: sp.Expr, *, typed: bool = False) -> str | None:
        """A string ``sympy.sympify`` reads back, or None when too long."""
        return exact(elementary(expr), typed=typed) if self._fits(expr) else None

    def latex(self, expr: sp.Expr, *, typed: bool = False) -> str | None:
        """LaTeX, or None when too long."""
        return tex(expr, typed=typed) if self._fits(expr) else None
