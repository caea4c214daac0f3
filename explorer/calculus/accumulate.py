"""Accumulation along the graph: ONE forward and ONE reverse pass, for symbols and for numbers alike.

The total-derivative chain rule sums, over every path, the product of the
local partials along it. Accumulation computes that sum by factoring it
(Colah, "Calculus on Computational Graphs"), one multiply-add per edge
however many paths there are:

* :func:`forward` groups the paths by their **last** edge: d(v)/dx is the
  sum, over v's in-edges s → v, of ∂v/∂s · d(s)/dx, node by node in
  evaluation order; one pass per input;
* :func:`reverse` groups them by their **first** edge: the adjoint d(y)/d(u)
  is the sum, over u's out-edges u → t, of d(y)/d(t) · ∂t/∂u, from the output
  back; one pass gives d(y)/d(x) for **every** input x at once.

Both take the edges' partials and an :class:`Algebra`: :data:`SYMBOLIC`
(sympy expressions in the inputs, the default) or the numbers at a point
(:mod:`explorer.calculus.numeric`), so the symbolic totals, the adjoints and
their values at the point come from the same two routines. :func:`jacobian`
takes whichever of the two needs fewer passes: a neuron with thirty weights is
one reverse pass, not thirty forward ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import sympy as sp

from ..graph.flow import DataFlow

__all__ = ["SYMBOLIC", "Algebra", "forward", "jacobian", "reverse", "vector_chain"]


@dataclass(frozen=True)
class Algebra:
    """How accumulated values combine: what 0 and 1 are, and the sum of products along edges.

    Attributes
    ----------
    zero, one : object
        The derivative of an input by another input, and by itself.
    is_zero : callable
        Whether a value is an exact zero: such a term is left out (an
        undefined partial times an exact zero derivative is not looked at).
    total : callable
        ``total(terms)``: the sum of ``partial · other`` over ``(partial, other)`` pairs.
    """

    zero: object
    one: object
    is_zero: Callable[[object], bool]
    total: Callable[[list[tuple[object, object]]], object]


def _symbolic_total(terms: list[tuple[sp.Expr, sp.Expr]]) -> sp.Expr:
    # operand positions that hold the same node with the same partial (x·x) are one term, counted
    counted: dict[tuple[sp.Expr, sp.Expr], int] = {}
    for term in terms:
        counted[term] = counted.get(term, 0) + 1
    parts = [partial * other if n == 1 else sp.Mul(n, partial, other) for (partial, other), n in counted.items()]
    return parts[0] if len(parts) == 1 else sp.Add(*parts)  # sp.Add() of nothing is 0


#: Sympy expressions: the totals and adjoints in terms of the inputs.
SYMBOLIC = Algebra(sp.S.Zero, sp.S.One, lambda value: value == 0, _symbolic_total)

#: An edge's partial by its index: by default its local partial in terms of the inputs.
Partials = Callable[[int], object]


def forward(
    flow: DataFlow, wrt: str, partial: Partials | None = None, algebra: Algebra = SYMBOLIC
) -> dict[str, object]:
    """d(node)/d(``wrt``) of every node, by forward accumulation, in evaluation order.

    d(v)/d(wrt) = Σ over in-edges s → v of ∂v/∂s · d(s)/d(wrt).

    Parameters
    ----------
    flow : DataFlow
    wrt : str
        The input that moves.
    partial : callable, optional
        Each edge's partial by index (default: its ``partial_expr``, in the inputs).
    algebra : Algebra
        How values combine (default :data:`SYMBOLIC`).

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> forward(build(parse("x*x**2")), "x")["y"]
    3*x**2
    """
    partial = partial or (lambda i: flow.edges[i].partial_expr)
    incoming = flow.incoming()
    total: dict[str, object] = {}
    for node in flow.nodes:
        if node.kind == "input":
            total[node.id] = algebra.one if node.id == wrt else algebra.zero
            continue
        terms = [
            (partial(i), total[flow.edges[i].source])
            for i in incoming[node.id]
            if not algebra.is_zero(total[flow.edges[i].source])
        ]
        total[node.id] = algebra.total(terms)
    return total


def reverse(
    flow: DataFlow, output: str, partial: Partials | None = None, algebra: Algebra = SYMBOLIC
) -> dict[str, object]:
    """The adjoint d(``output``)/d(node) of every node, by reverse accumulation, from the output back.

    The output's adjoint is 1; every other node's is the sum over its
    out-edges u → t of d(output)/d(t) · ∂t/∂u. The adjoints of the inputs
    are the gradient: the derivative by every input, from this one pass.

    Parameters are those of :func:`forward`.

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> flow = build(parse("sigmoid(w*x + b)"))
    >>> reverse(flow, "y")["w"]
    x*(1 - sigmoid(b + w*x))*sigmoid(b + w*x)
    """
    partial = partial or (lambda i: flow.edges[i].partial_expr)
    incoming, order = flow.incoming(), flow.order()
    adjoint: dict[str, object] = dict.fromkeys(order, algebra.zero)  # what the output does not use: 0
    terms: dict[str, list[tuple[int, object, object]]] = {}
    # only the nodes the output depends on, from the output back (each after every node that uses it): one
    # output of many costs its own part of the graph; each node's terms are added in edge order
    for name in sorted(nx.ancestors(flow.graph(), output) | {output}, key=order.__getitem__, reverse=True):
        found = sorted(terms.pop(name, ()), key=lambda term: term[0])
        value = algebra.one if name == output else algebra.total([(p, down) for _, p, down in found])
        adjoint[name] = value
        if not algebra.is_zero(value):
            for i in incoming[name]:
                terms.setdefault(flow.edges[i].source, []).append((i, partial(i), value))
    return adjoint


def jacobian(
    flow: DataFlow, targets: Sequence[str], known: Mapping[str, Mapping[str, sp.Expr]] | None = None
) -> list[list[sp.Expr]]:
    """d(target)/d(input) for each target node (rows) and input (columns), in the inputs.

    Parameters
    ----------
    flow : DataFlow
    targets : sequence of str
        Node ids, one row each.
    known : mapping, optional
        ``forward(flow, name)`` for inputs already accumulated: their
        columns are taken from it as they are.

    Notes
    -----
    Forward accumulation costs one pass over the graph per input, reverse
    accumulation one per target; the cheaper is used for the inputs not in
    ``known``. Both give the same derivatives, possibly written differently.

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> jacobian(build(parse("[x*z, x + z]")), ["y1", "y2"])
    [[z, x], [1, 1]]
    """
    known = known or {}
    missing = [name for name in flow.inputs if name not in known]
    if len(targets) < len(missing):
        rows = {t: reverse(flow, t) for t in targets}
        return [[known[n][t] if n in known else rows[t][n] for n in flow.inputs] for t in targets]
    columns = {**known, **{name: forward(flow, name) for name in missing}}
    return [[columns[n][t] for n in flow.inputs] for t in targets]


def vector_chain(
    flow: DataFlow, known: Mapping[str, Mapping[str, sp.Expr]] | None = None
) -> tuple[tuple[str, ...], sp.ImmutableMatrix, sp.ImmutableMatrix]:
    """Split the Jacobian as the vector chain rule does: ∂y/∂x = ∂y/∂g · ∂g/∂x.

    ``g`` are the nodes that feed the outputs directly (the paper's
    intermediate vector); ∂y/∂g holds the outputs' local partials (summed
    over operand positions), ∂g/∂x the totals of ``g`` by the inputs.

    Parameters
    ----------
    flow : DataFlow
    known : mapping, optional
        ``forward(flow, name)`` for inputs already accumulated (see :func:`jacobian`).

    Returns
    -------
    (g ids, ∂y/∂g in intermediate variables, ∂g/∂x in the inputs)

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> flow = build(parse("[ln(x**2), sin(3*x)]"))
    >>> g, outer, inner = vector_chain(flow, {"x": forward(flow, "x")})
    >>> g, outer.tolist(), inner.tolist()
    (('u1', 'u2'), [[1/u1, 0], [0, cos(u2)]], [[2*x], [3]])
    """
    inner: list[str] = []
    for out in flow.outputs:
        for operand in flow.node(out).operands:
            if operand not in inner:
                inner.append(operand)
    outer = sp.zeros(len(flow.outputs), len(inner))
    cells: dict[tuple[int, int], dict[sp.Expr, int]] = {}  # one sum per cell: x·x·…·x has 2000 equal terms
    for edge in flow.edges:
        if edge.target in flow.outputs and edge.source in inner:
            cell = cells.setdefault((flow.outputs.index(edge.target), inner.index(edge.source)), {})
            cell[edge.partial] = cell.get(edge.partial, 0) + 1
    for (row, column), terms in cells.items():
        outer[row, column] = sp.Add(*(p if n == 1 else sp.Mul(n, p) for p, n in terms.items()))
    inner_jac = (
        sp.Matrix(jacobian(flow, inner, known)) if inner and flow.inputs else sp.zeros(len(inner), len(flow.inputs))
    )
    return tuple(inner), sp.ImmutableMatrix(outer), sp.ImmutableMatrix(inner_jac)
