"""Exact comparison at a point: is a difference provably not 0, however close the floats come?

Floats cannot tell ``2*x + 1e-20`` from ``2*x``, nor a sum of paths that
leaves out a term of 3 beside one of 9·10⁶ from one that has it. Here the
difference is evaluated by sympy's arbitrary-precision ``evalf`` at the
sampled points (their binary floats, read exactly), with ``strict=True``:
``evalf`` raises rather than guess when it cannot tell a value from 0, so a
number it returns is a proof that the two differ. When it cannot tell (a
true 0 such as sin² + cos² − 1), or the difference is too large to
evaluate, the floats' verdict stands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from ..language.lexer import LIMITS
from ..language.printing import size

__all__ = ["MAX_NODES", "TRIES", "differs"]

#: Differences past this many nodes (as printed) are not evaluated: nested programs print exponentially long.
MAX_NODES = 2_000

#: Points tried, at most (the evaluation point first).
TRIES = 2

#: The most digits evalf may work with: past the largest exact number the language reads, so 10⁻⁹⁹⁹ counts.
WORKING_DIGITS = LIMITS.max_digits + 100


def _value_at(difference: sp.Expr, point: Mapping[str, float]) -> sp.Expr | None:
    """``difference`` at ``point`` to 15 digits it vouches for, or None when it cannot tell it from 0."""
    symbols = difference.free_symbols
    if any(s.name not in point for s in symbols):
        return None
    subs = {s: sp.Rational(point[s.name]) for s in symbols}
    try:
        return difference.evalf(15, subs=subs, strict=True, maxn=WORKING_DIGITS)
    except PrecisionExhausted:
        return None
    except (ArithmeticError, TypeError, ValueError, NotImplementedError, AttributeError):
        return None  # sympy cannot evaluate it there (a pole, a function without evalf): the floats decide


def differs(a: sp.Expr, b: sp.Expr, points: Sequence[Mapping[str, float]]) -> bool:
    """Is ``a − b`` provably not 0 at one of the first :data:`TRIES` points? False when it cannot tell.

    Parameters
    ----------
    a, b : sympy.Expr
        In the inputs.
    points : sequence of mappings
        Input name → value; the values are read exactly.

    Examples
    --------
    >>> x = sp.Symbol("x", real=True)
    >>> differs(2 * x + sp.Rational(1, 10**20), 2 * x, [{"x": 0.5}])
    True
    >>> differs(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.S.One, [{"x": 0.5}])
    False
    """
    difference = sp.expand(a - b) if size(a, 60) + size(b, 60) <= 120 else a - b
    if difference == 0:
        return False
    if size(difference, MAX_NODES) > MAX_NODES:
        return False
    for point in list(points)[:TRIES] or [{}]:
        value = _value_at(difference, point)
        if value is not None and value.is_Number and value.is_finite and value != 0:
            return True
    return False
