"""The local partial derivatives of one operation by each operand position, by ``sympy.diff``, computed once each.

In an n-ary sum or product two positions that hold the same operand the
same way (``x*x``) have the same partial, and each position sits in exactly
one argument, so only that argument is differentiated.
"""

from __future__ import annotations

import sympy as sp

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
