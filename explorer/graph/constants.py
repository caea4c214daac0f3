"""Fold constant operations into exact sympy numbers, refusing any too large or with no real value.

``2**10`` becomes 1024 while the graph is built, but ``9**9**9``, ``√2^1e999``
or ``(2π)^1e999`` are refused from their size, estimated before anything is
computed, and ``ln(-1)``, ``atanh(1)`` or ``0/0`` by name: a constant must be
a finite real number the size of the digit limit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import sympy as sp

from ..errors import ExpressionError
from ..language.floats import Undefined, value_of
from ..language.lexer import LIMITS, Limits
from ..language.operations import apply
from ..language.printing import unicode

__all__ = ["check_coefficient_power", "fold"]


def _too_many_digits(digits: float, pos: int, text: str, limits: Limits) -> ExpressionError:
    about = f"{int(digits):,}" if math.isfinite(digits) and digits < 1e15 else "astronomically many"
    refused = f"exact results of more than {limits.max_digits} digits are refused"
    return ExpressionError(f"this power would have about {about} digits; {refused}", pos, text)


def _check_power(base: sp.Expr, exponent: sp.Expr, pos: int, text: str, limits: Limits) -> None:
    """Refuse a constant power whose size would pass the digit limit, before computing it."""
    if base.is_zero and exponent.is_negative:
        raise ExpressionError("0 to a negative power is undefined (division by zero)", pos, text)
    if base in (0, 1, -1) or not exponent.is_number:
        return
    if isinstance(base, sp.Rational) and isinstance(exponent, sp.Rational):
        size = max(math.log10(abs(base.p)), math.log10(base.q))
        if abs(exponent.p) * size > limits.max_digits:
            raise _too_many_digits(abs(exponent.p) * size, pos, text, limits)
        return
    if isinstance(exponent, sp.Rational):
        # a root raised again, (a^(1/1000))^999: sympy joins the powers, a^(999/1000), and writes a^999
        # under the root, factoring it to take out what it can; the digits of a^999 are what it costs
        for factor, power in base.as_powers_dict().items():
            joined = power * exponent
            if isinstance(factor, sp.Rational) and isinstance(joined, sp.Rational) and factor not in (0, 1, -1):
                size = max(math.log10(abs(factor.p)), math.log10(factor.q))
                if abs(joined.p) > limits.max_digits / size:  # an int against a float: no overflow
                    digits = abs(joined.p) * size if abs(joined.p).bit_length() < 1000 else math.inf
                    raise _too_many_digits(digits, pos, text, limits)
    try:  # an irrational base (√2, 2π): its magnitude in digits, from floats
        scale = abs(math.log10(abs(complex(sp.N(base, 15)))))
        power = abs(complex(sp.N(exponent, 15)))
    except (OverflowError, ValueError, TypeError, ZeroDivisionError):
        raise _too_many_digits(math.inf, pos, text, limits) from None
    if power * scale > limits.max_digits:
        raise _too_many_digits(power * scale, pos, text, limits)


def check_coefficient_power(
    base: sp.Expr, exponent: sp.Expr, pos: int | None = None, text: str | None = None, limits: Limits = LIMITS
) -> None:
    """Refuse a power of a non-constant base whose numeric factor, so raised, would pass the digit limit.

    sympy takes the power of the positive number in front (``(c·x)^r`` is
    ``c^r·x^r``), and for a fractional ``r`` it factors an integer of
    ``|numerator(r)| · digits(c)`` digits to look for exact roots: minutes for
    ``(43269147216·x)^(999/1000)``. The size is estimated before that, as
    for a constant power.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> check_coefficient_power(43269147216 * x, sp.Rational(1, 2))  # small enough: nothing to say
    >>> check_coefficient_power(43269147216 * x, sp.Rational(999, 1000))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: this power would have about 10,625 digits; exact results of ... are refused
    """
    if not isinstance(exponent, sp.Rational) or exponent.is_Integer:
        return  # a whole power is a plain big-integer product: fast, and printed within bounds
    coefficient, _ = base.as_coeff_Mul()
    if isinstance(coefficient, sp.Rational) and coefficient not in (0, 1, -1):
        _check_power(abs(coefficient), exponent, pos, text, limits)


def _check_size(value: sp.Expr, pos: int, text: str, limits: Limits) -> sp.Expr:
    limit_bits = int(limits.max_digits * math.log2(10))
    if isinstance(value, sp.Rational):
        if max(abs(value.p).bit_length(), value.q.bit_length()) > limit_bits:
            raise ExpressionError(
                f"this number has more than {limits.max_digits} digits; exact results that large are refused", pos, text
            )
    elif value.has(sp.zoo, sp.nan) or value in (sp.zoo, sp.nan):
        raise ExpressionError("this constant is undefined (division by zero?)", pos, text)
    return value


def _overflows(values: Sequence[sp.Expr]) -> bool:
    """Is any of these constants too large for a float (sin(1e999): the argument, not the value)?"""
    for value in values:
        try:
            if not math.isfinite(float(value)):
                return True
        except (OverflowError, TypeError, ValueError):
            return True
    return False


def fold(
    op: str,
    values: Sequence[sp.Expr],
    inverted: Sequence[bool] = (),
    pos: int | None = None,
    text: str | None = None,
    limits: Limits = LIMITS,
) -> sp.Expr:
    """Apply operation ``op`` to constant operands: an exact sympy number, or a refusal that says why.

    Parameters
    ----------
    op : str
        A canonical operation name (:data:`explorer.language.operations.OPERATIONS`).
    values : sequence of sympy.Expr
        The constant operands, in the order typed.
    inverted : sequence of bool, optional
        Per operand: subtracted (in a sum) or divided by (in a product).
    pos, text : int, str, optional
        Where the operation stands, for the message.
    limits : Limits
        ``max_digits`` bounds the size of exact results.

    Raises
    ------
    ExpressionError
        For a result over the digit limit (estimated before computing it),
        a division by zero, or a constant that is complex, infinite or
        undefined.

    Examples
    --------
    >>> fold("**", [sp.Integer(2), sp.Integer(10)])
    1024
    >>> fold("**", [sp.Integer(9), sp.Integer(9) ** 9])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: this power would have about 369,693,099 digits; exact results of ... are refused
    >>> fold("log", [sp.Integer(-1)])
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: the constant ln(−1) is complex
    """
    inverted = tuple(inverted) or (False,) * len(values)
    if op == "**":
        _check_power(values[0], values[1], pos, text, limits)
    if op == "*" and any(inv and v == 0 for v, inv in zip(values, inverted)):
        raise ExpressionError("division by zero", pos, text)
    try:
        value = apply(op, values, inverted)
    except (ValueError, TypeError, ArithmeticError) as err:  # sympy refusing, e.g. max of incomparables
        raise ExpressionError(f"cannot apply {op} to these operands ({err})", pos, text) from None
    value = _check_size(value, pos, text, limits)
    if not value.is_Rational:
        # an irrational constant must still be a finite real number: acoth(1/2), atanh(1) are not
        try:
            value_of(value, (), ())
        except Undefined as why:
            typed = unicode(apply(op, values, inverted, evaluate=False), typed=True)
            if "overflow" in str(why) and _overflows(values):
                too_large = "its argument is too large for a floating-point number"
                raise ExpressionError(f"the constant {typed} cannot be evaluated: {too_large}", pos, text) from None
            raise ExpressionError(f"the constant {typed} is {why}", pos, text) from None
    return value
