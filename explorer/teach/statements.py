r"""The expression as typed, statement by statement, in LaTeX: what a title slide and a handout open with.

The graph's nodes hold each operation as typed (``x·u1``) and their value in
the inputs as sympy evaluated it (``x**3``). A title slide or a handout that
wrote the evaluated form would give away the point of ``x*x**2``: the chain
rule sees x·x², two paths, not x³. Here each statement is put back together
from the operations as typed, without evaluating: the intermediate variables
the explorer named are substituted back, the names the user gave are kept
(with a line of their own), and a sum or product of many terms keeps its
first and last ones with ⋯ between.
"""

from __future__ import annotations

import sympy as sp

from ..calculus.result import Analysis
from ..language.parse import parse
from ..language.printing import tex
from ..language.printsize import TOO_LONG, fits
from .notation import tex_name

__all__ = ["ELIDED_TERMS", "elided", "statements", "typed", "typed_statements"]

#: Terms of a sum (factors of a product) written out; past them the first three, ⋯ and the last two.
ELIDED_TERMS = 6

_DOTS = sp.Symbol(r"\cdots")


def elided(expr: sp.Basic, terms: int = ELIDED_TERMS) -> sp.Basic:
    r"""``expr`` as typed, with every sum or product of more than ``terms`` terms cut to its ends and ⋯.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> tex(elided(sp.Mul(*[x] * 9, evaluate=False)), typed=True)
    'x \\cdot x \\cdot x \\cdot \\cdots \\cdot x \\cdot x'
    """
    if not expr.args or isinstance(expr, sp.Symbol):
        return expr
    args = [elided(arg, terms) for arg in expr.args]
    if isinstance(expr, (sp.Add, sp.Mul)) and len(args) > terms:
        args = [*args[:3], _DOTS, *args[-2:]]
    with sp.evaluate(False):
        return expr.func(*args)


def typed(analysis: Analysis, node_id: str, kept: frozenset[str]) -> sp.Expr:
    r"""The value of node ``node_id`` as typed: its operation, operands substituted back unless ``kept``.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("x*x**2")
    >>> tex(typed(a, "y", frozenset({"x"})), typed=True)
    'x \\cdot x^{2}'
    """
    flow = analysis.flow
    done: dict[str, sp.Expr] = {}
    for node in flow.nodes:  # in evaluation order: every operand is done before its users
        if node.kind == "input":
            done[node.id] = node.symbol
            continue
        operands = {flow.node(o).symbol: (flow.node(o).symbol if o in kept else done[o]) for o in node.operands}
        with sp.evaluate(False):
            done[node.id] = node.local.xreplace(operands)
        if node.id == node_id:
            break
    return done[node_id]


def typed_statements(analysis: Analysis, terms: int = ELIDED_TERMS) -> tuple[tuple[str, sp.Basic | None, str], ...]:
    r"""The program as typed: (left side, value or None, right side in LaTeX) per line.

    The named vectors of inputs (``w = [w1, w2, w3]``, their value None),
    then, in evaluation order, each variable the user named, and last the
    outputs, written in the inputs and the named variables, as typed, sums
    and products of more than ``terms`` terms cut to their ends (:func:`elided`).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> [(lhs, rhs) for lhs, _, rhs in typed_statements(explained("u1 = x**3; u2 = sin(u1); y = ln(u2**2)"))][1:]
    [('u_{2}', '\\sin{\\left(u_{1} \\right)}'), ('y', '\\log{\\left(u_{2}^{2} \\right)}')]
    """
    flow = analysis.flow
    named = {s.name for s in parse(analysis.text).statements if s.name}  # accepted already: cheap to read again
    entries = {e for _, members in flow.vectors for e in members if e is not None}
    kept = frozenset(set(flow.inputs) | (named & {n.id for n in flow.nodes}) | entries | set(flow.outputs))
    lines: list[tuple[str, sp.Basic | None, str]] = [
        (tex_name(name), None, r"\left[ " + r", \  ".join(tex_name(e) for e in members) + r"\right]")
        for name, members in flow.input_vectors().items()
    ]
    outputs = set(flow.outputs)
    written = [n.id for n in flow.nodes if n.kind != "input" and n.id in kept and n.id not in outputs]
    for node_id in [*written, *flow.outputs]:  # the outputs last, in their order
        value = elided(typed(analysis, node_id, kept - {node_id}), terms)
        lines.append((tex_name(node_id), value, tex(value, typed=True) if fits(value) else TOO_LONG))
    return tuple(lines)


def statements(analysis: Analysis) -> tuple[tuple[str, str], ...]:
    r"""The program as typed, in LaTeX: (left side, right side) per line (:func:`typed_statements`).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> statements(explained("x*x**2"))
    (('y', 'x \\cdot x^{2}'),)
    >>> statements(explained("w = [w1, w2]; x = [x1, x2]; y = max(0, dot(w, x) + b)"))[0]
    ('w', '\\left[ w_{1}, \\  w_{2}\\right]')
    """
    return tuple((lhs, rhs) for lhs, _, rhs in typed_statements(analysis))
