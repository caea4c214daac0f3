"""The local partial derivatives of one operation by each operand position, by ``sympy.diff``, computed once each.

In an n-ary sum or product two positions that hold the same operand the
same way (``x*x``) have the same partial, and each position sits in exactly
one argument, so only that argument is differentiated.
"""

from __future__ import annotations

import sympy as sp

from ..language.lexer import Limits
from ..language.operations import position_symbol

__all__ = ["local_partials", "twins"]


def twins(op: str, sources: list[str], inverted: list[bool]) -> list[int]:
    """For each operand position, the first position with the same source and sign (sums and products).

    In a sum or a product, two positions that hold the same node the same way (``x*x``) have the same
    partial once the operands are substituted, so it is computed once.
    """
    if op not in ("+", "*"):
        return list(range(len(sources)))
    first: dict[tuple[str, bool], int] = {}
    return [first.setdefault((source, inv), i) for i, (source, inv) in enumerate(zip(sources, inverted))]


def local_partials(function: sp.Expr, count: int, twins: list[int]) -> list:
    """∂function/∂(position i) for each position that is not a twin (None for twins), by ``sympy.diff``.

    In an n-ary sum or product every position symbol sits in exactly one of its arguments, so only
    that argument is differentiated (times the other factors, in a product): ``sympy.diff`` of the
    whole n-ary expression would differentiate all n arguments for every position.
    """
    wanted = [i for i in range(count) if twins[i] == i]
    if function.is_Add or function.is_Mul:
        holders: dict[int, list[int]] = {}
        for k, arg in enumerate(function.args):
            for symbol in arg.free_symbols:
                name = getattr(symbol, "name", "")
                if name.startswith("__a") and int(name[3:]) < count:
                    holders.setdefault(int(name[3:]), []).append(k)
        if all(len(holders.get(i, ())) == 1 for i in wanted):
            partials: list = [None] * count
            for i in wanted:
                (k,) = holders[i]
                inner = _linear(function.args[k], position_symbol(i))
                if function.is_Add:
                    partials[i] = inner
                else:
                    partials[i] = sp.Mul(*function.args[:k], inner, *function.args[k + 1 :])
            return partials
    return [sp.diff(function, position_symbol(i)) if twins[i] == i else None for i in range(count)]


def _linear(term: sp.Expr, symbol: sp.Symbol) -> sp.Expr:
    """∂term/∂symbol, read off without ``sympy.diff`` when the term is the symbol or a number times it."""
    if term == symbol:
        return sp.S.One
    if term.is_Mul and len(term.args) == 2 and term.args[0].is_Number and term.args[1] == symbol:
        return term.args[0]
    return sp.diff(term, symbol)


def width_problem(
    op: str, count: int, sources: list[str], inverted: tuple[bool, ...], constant: list[bool], limits: Limits
) -> str | None:
    """Why a product or a max/min is too wide to differentiate here (its partials would be too many), or None.

    Each factor's partial of a product is the product of all the others, and each argument's partial
    of a max compares it with all the others: ``n`` of them write ``n·(n − 1)``.

    Examples
    --------
    >>> from explorer.language.lexer import LIMITS
    >>> width_problem("max", 9, [], (), [], LIMITS)[:43]
    'max of 9 arguments: at most 8 are allowed ('
    >>> width_problem("*", 2, ["x", "x"], (False, False), [False, False], LIMITS) is None
    True
    """
    if op == "*":
        factors = len(set(zip(sources, [inv for inv, const in zip(inverted, constant) if not const])))
        if factors > limits.max_factors:
            return (
                f"this product has {factors:,} different factors, at most {limits.max_factors} are allowed "
                "(each factor's partial is the product of all the others): split it into smaller products, "
                "one per line"
            )
    elif op in ("max", "min") and count > limits.max_extremes:
        return (
            f"{op} of {count:,} arguments: at most {limits.max_extremes} are allowed (each argument's partial "
            f"compares it with all the others); nest them, as in {op}({op}(a, b, c), d, e)"
        )
    return None
