"""Evaluate sympy expressions with floats: a finite real number, or the reason there is none.

Expressions are compiled once by ``sympy.lambdify`` and called on floats,
so numbers never become exact huge integers. The numbers in sums, products
and powers are passed as arguments rather than written into the code, so
``3·a`` and ``4·a`` (or ``a³`` and ``a⁴``) share one compiled function: a
graph of a hundred ``k·x`` nodes compiles once, not a hundred times. A value
that is complex, infinite or undefined raises :class:`Undefined` with the
reason in words. Compiled code only ever sees placeholder symbols (see
:func:`explorer.language.operations.position_symbol`), never a user's variable names.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

import sympy as sp

from .operations import OPERATIONS, position_symbol

__all__ = ["FLOAT_FUNCTIONS", "KINKS", "Undefined", "at_kink", "compile_expr", "positions", "template", "value_of"]

#: Float implementations for ``lambdify`` of the functions sympy's printers do not know: the
#: language table's, and ``re``/``im``, which sympy writes into derivatives of ``abs`` of
#: expressions not known to be real.
FLOAT_FUNCTIONS: dict[str, Callable] = {
    **{row.sympy_name: row.float_impl for row in OPERATIONS.values() if row.float_impl},
    "re": lambda z: z.real,
    "im": lambda z: z.imag,
}


@cache
def positions(n: int) -> tuple[sp.Symbol, ...]:
    """The placeholders of an operation's ``n`` operand positions.

    Examples
    --------
    >>> positions(2)
    (__a0, __a1)
    """
    return tuple(position_symbol(i) for i in range(n))


@lru_cache(maxsize=4096)
def compile_expr(expr: sp.Expr, args: tuple[sp.Symbol, ...], module: str = "math") -> Callable[..., float]:
    """Compile ``expr`` of ``args`` to a float function (cached).

    The arguments are renamed to placeholders first, so the generated code
    never holds a user's name: ``ｘ`` (which Python would read as ``x``) or
    ``abs`` (which would shadow the builtin) are just ``__a0`` there.

    ``module`` is ``'math'`` (fast, raises on complex results) or
    ``'mpmath'`` (used to tell a complex value from an undefined one).

    Examples
    --------
    >>> x, fullwidth = sp.Symbol("x"), sp.Symbol("ｘ")
    >>> compile_expr(sp.sin(x) ** 2 + fullwidth, (x, fullwidth))(0.0, 1.0)
    1.0
    """
    placeholders = positions(len(args))
    renamed = expr.xreplace(dict(zip(args, placeholders, strict=True)))
    return sp.lambdify(placeholders, renamed, modules=[FLOAT_FUNCTIONS, module], docstring_limit=0)


@cache
def _constant(i: int) -> sp.Symbol:
    return sp.Symbol(f"__c{i}")


def _numbers(expr: sp.Basic, found: dict[sp.Expr, None]) -> None:
    """The numbers that are operands of sums, products and powers in ``expr``, in a stable order."""
    arithmetic = expr.is_Add or expr.is_Mul or expr.is_Pow
    for arg in expr.args:
        if arg.is_Number:
            if arithmetic and arg.is_finite and abs(arg) < 1e300:
                found.setdefault(arg, None)
        elif not arg.is_Atom:
            _numbers(arg, found)


@lru_cache(maxsize=4096)
def template(expr: sp.Expr) -> tuple[sp.Expr, tuple[float, ...]]:
    """``expr`` with the numbers of its sums, products and powers replaced by placeholders, and their values.

    Expressions that differ only in those numbers have one template, so they share
    one compiled function (:func:`value_of` passes the numbers as arguments).

    Examples
    --------
    >>> a = sp.Symbol("a")
    >>> template(3 * a**4), template(5 * a**2)
    ((__c0*a**__c1, (3.0, 4.0)), (__c0*a**__c1, (5.0, 2.0)))
    >>> template(sp.sin(a))
    (sin(a), ())
    """
    found: dict[sp.Expr, None] = {}
    _numbers(expr, found)
    if not found:
        return expr, ()
    numbers = list(found)
    shape = expr.xreplace({n: _constant(i) for i, n in enumerate(numbers)})
    return shape, tuple(float(n) for n in numbers)


class Undefined(Exception):  # noqa: N818 - reads as "Undefined: complex"
    """A value that has no real number: the reason is the message."""


def value_of(expr: sp.Expr, args: tuple[sp.Symbol, ...], values: Sequence[float]) -> float:
    """Evaluate ``expr`` at ``args = values``; a finite real float or :class:`Undefined`.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> value_of(sp.log(x), (x,), [1.0])
    0.0
    >>> value_of(sp.log(x), (x,), [-1.0])
    Traceback (most recent call last):
    ...
    explorer.language.floats.Undefined: complex
    >>> value_of(1 / x, (x,), [0.0])
    Traceback (most recent call last):
    ...
    explorer.language.floats.Undefined: undefined (division by zero)
    >>> value_of(sp.sech(x), (x,), [1e308])
    0.0
    """
    if expr.is_Number:  # most local partials are constants: no code to compile
        try:
            result = float(expr)
        except (TypeError, ValueError, OverflowError):
            raise Undefined("undefined") from None
        if not math.isfinite(result):
            raise Undefined("infinite (overflow or a pole)")
        return result
    try:
        shape, constants = template(expr)
        function = compile_expr(shape, (*args, *(_constant(i) for i in range(len(constants)))))
    except Exception:  # no float code for this expression (AccumBounds, ...)
        raise Undefined("undefined") from None
    try:
        result = function(*values, *constants)
    except ZeroDivisionError:
        raise Undefined("undefined (division by zero)") from None
    except OverflowError:
        result = _wide(expr, args, values)  # an intermediate overflowed: sech(1e308) is 1/cosh(1e308) ≈ 0
    except (ValueError, TypeError):
        raise Undefined(_complex_or_undefined(expr, args, values)) from None
    except Exception:  # anything else the generated code raises means no value here
        raise Undefined("undefined") from None
    if isinstance(result, complex):
        if result.imag == 0:
            result = result.real
        else:
            raise Undefined("complex")
    try:
        result = float(result)
    except (TypeError, ValueError, OverflowError):
        raise Undefined("not a real number") from None
    if math.isnan(result):
        raise Undefined("undefined (not a number)")
    if math.isinf(result):
        raise Undefined("infinite (overflow or a pole)")
    return result


def _wide(expr: sp.Expr, args: tuple[sp.Symbol, ...], values: Sequence[float]) -> float:
    """The value with mpmath's unbounded exponents, when floats overflowed on the way: finite or Undefined."""
    try:
        z = complex(compile_expr(expr, args, "mpmath")(*values))
    except Exception:
        raise Undefined("too large (overflow)") from None
    if z.imag != 0 or not math.isfinite(z.real):
        raise Undefined("too large (overflow)")
    return z.real


def _complex_or_undefined(expr: sp.Expr, args: tuple[sp.Symbol, ...], values: Sequence[float]) -> str:
    # math raises ValueError both for complex results (log(-1)) and for true poles; mpmath
    # returns a complex number for the former
    try:
        z = compile_expr(expr, args, "mpmath")(*values)
        z = complex(z)
    except Exception:
        return "undefined"
    if cmath.isfinite(z) and z.imag != 0:
        return "complex"
    return "undefined"


#: The functions whose argument at 0 is a kink: the step of relu and max (Heaviside), and |x|'s (sign).
KINKS = (sp.Heaviside, sp.sign)


def at_kink(partial: sp.Expr, args: Sequence[sp.Symbol], values: Sequence[float]) -> bool:
    """Whether ``partial`` sits on a kink at these values: a step function's argument is 0 (relu at 0, |x| at 0).

    There the partial is undefined, though finite on either side.

    Examples
    --------
    >>> z = sp.Symbol("z")
    >>> at_kink(sp.Heaviside(z), (z,), [0.0]), at_kink(sp.Heaviside(z), (z,), [0.5])
    (True, False)
    """
    for atom in partial.atoms(*KINKS):
        try:
            if value_of(atom.args[0], args, values) == 0.0:
                return True
        except Undefined:
            continue
    return False
