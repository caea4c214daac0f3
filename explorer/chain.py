"""The chain rules on a data-flow graph: paths, their products, totals, Jacobians.

The total-derivative chain rule says that dy/dx is the sum, over every path
from x to y, of the product of the local partials along the path. Paths can
be exponentially many, so this module counts them by dynamic programming,
enumerates them lazily up to a cap, and computes the totals a second way, by
accumulating along the graph in evaluation order (forward mode), which costs
one multiply-add per edge however many paths there are. Jacobians take
whichever of forward (one pass per input) and reverse accumulation (one pass
per output) needs fewer passes: a neuron with thirty weights is one reverse
pass, not thirty forward ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import networkx as nx
import sympy as sp

from .flow import DataFlow

__all__ = [
    "accumulate",
    "count_paths",
    "edge_paths",
    "gradient",
    "iter_paths",
    "jacobian",
    "path_product",
    "rule_for",
    "step_positions",
    "vector_chain",
]


def count_paths(flow: DataFlow, source: str) -> dict[str, int]:
    """Count the paths from ``source`` to every node, exactly.

    One pass in evaluation order: the number of paths to a node is the sum
    over its in-edges of the number of paths to the edge's source. Parallel
    edges (``x*x``) count separately. Python integers do not overflow.

    Parameters
    ----------
    flow : DataFlow
    source : str
        The input the paths start from.

    Returns
    -------
    dict
        Node id -> number of paths from ``source`` (0 where none).

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> flow = build(parse("u1 = x*x; u2 = u1*u1; y = u2*u2"))
    >>> count_paths(flow, "x")["y"]
    8
    """
    counts = {node.id: 0 for node in flow.nodes}
    counts[source] = 1
    incoming = flow.incoming()
    for node in flow.nodes:
        if node.id != source:
            counts[node.id] = sum(counts[flow.edges[i].source] for i in incoming[node.id])
    return counts


def edge_paths(flow: DataFlow, source: str | None) -> list[int]:
    """How many paths from ``source`` to the outputs run through each edge, exactly.

    The paths from ``source`` to the edge's tail times the paths from its head
    to an output: two passes, one forward and one backward, whatever the number
    of paths.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> edge_paths(build(parse("u1 = x*x; y = u1*u1")), "x")
    [2, 2, 2, 2]
    """
    if source is None:
        return [0] * len(flow.edges)
    before = count_paths(flow, source)
    after = {node.id: int(node.id in flow.outputs) for node in flow.nodes}
    leaving = flow.outgoing()
    for node in reversed(flow.nodes):
        after[node.id] += sum(after[flow.edges[i].target] for i in leaving[node.id])
    return [before[edge.source] * after[edge.target] for edge in flow.edges]


def iter_paths(flow: DataFlow, source: str, target: str) -> Iterator[tuple[int, ...]]:
    """Yield every path from ``source`` to ``target`` as a tuple of edge indexes.

    The order is stable: depth first, following out-edges in evaluation
    order and operand position. This is a generator; the number of paths can
    be exponential in the size of the graph (a chain of n squarings has 2**n),
    so take what you need with :func:`itertools.islice` and use
    :func:`count_paths` for the number.

    Notes
    -----
    The search only enters nodes from which ``target`` can be reached
    (``networkx.ancestors``), so it never explores a dead end, and each path
    costs time proportional to its length. It is a plain iterative depth-first
    search rather than :func:`networkx.all_simple_edge_paths`, which checks
    simplicity (pointless in a DAG) and was about 20 times slower on a
    1,000-node chain.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> flow = build(parse("x*x**2"))
    >>> [[(flow.edges[i].source, flow.edges[i].target) for i in p] for p in iter_paths(flow, "x", "y")]
    [[('x', 'u1'), ('u1', 'y')], [('x', 'y')]]
    """
    graph = flow.to_networkx()
    if source not in graph or target not in graph:
        return
    reach = nx.ancestors(graph, target)
    if source == target:
        yield ()
        return
    if source not in reach:
        return
    leaving: dict[str, list[int]] = {node.id: [] for node in flow.nodes}
    for index, edge in enumerate(flow.edges):
        if edge.target == target or edge.target in reach:
            leaving[edge.source].append(index)
    path: list[int] = []
    stack = [iter(leaving[source])]
    while stack:
        for index in stack[-1]:
            path.append(index)
            head = flow.edges[index].target
            if head == target:
                yield tuple(path)
                path.pop()
                continue
            stack.append(iter(leaving[head]))
            break
        else:
            stack.pop()
            if path:
                path.pop()


def path_product(flow: DataFlow, edges: tuple[int, ...]) -> tuple[sp.Expr, sp.Expr]:
    """The product of the local partials along a path.

    Returns
    -------
    (product in intermediate variables, product in the inputs)

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> flow = build(parse("ln(sin(x**3)**2)"))
    >>> path = next(iter_paths(flow, "x", "y"))
    >>> path_product(flow, path)
    (6*u2*x**2*cos(u1)/u3, 6*x**2*cos(x**3)/sin(x**3))
    """
    steps = [flow.edges[i] for i in edges]
    return sp.Mul(*(e.partial for e in steps)), sp.Mul(*(e.partial_expr for e in steps))


def step_positions(flow: DataFlow, edges: tuple[int, ...]) -> tuple[int | None, ...]:
    """For each step of a path, the 1-based operand position it enters where that tells paths apart.

    Where two nodes are joined by more than one edge (``x*x`` feeds ``x``
    into both positions), paths through the same nodes differ only by
    position, so those steps are named (``x →₁ y``, ``x →₂ y``); elsewhere None.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> flow = build(parse("u = x*x; y = sin(u)"))
    >>> [step_positions(flow, p) for p in iter_paths(flow, "x", "y")]
    [(1, None), (2, None)]
    """
    parallel = flow.parallel
    steps = [flow.edges[i] for i in edges]
    return tuple(e.position + 1 if (e.source, e.target) in parallel else None for e in steps)


def accumulate(flow: DataFlow, wrt: str) -> dict[str, sp.Expr]:
    """Total derivatives of every node with respect to ``wrt``, by forward accumulation.

    d(node)/d(wrt) = Σ over in-edges of ∂node/∂source · d(source)/d(wrt),
    in evaluation order: one multiply-add per edge, whatever the number of
    paths. The results are in terms of the inputs.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> accumulate(build(parse("x*x**2")), "x")["y"]
    3*x**2
    """
    incoming = flow.incoming()
    total: dict[str, sp.Expr] = {}
    for node in flow.nodes:
        if node.kind == "input":
            total[node.id] = sp.S.One if node.id == wrt else sp.S.Zero
            continue
        # operand positions that hold the same node with the same partial (x·x) are one term, counted
        terms: dict[tuple[str, sp.Expr], int] = {}
        for i in incoming[node.id]:
            edge = flow.edges[i]
            if total[edge.source] != 0:
                key = (edge.source, edge.partial_expr)
                terms[key] = terms.get(key, 0) + 1
        parts = [_term(n, partial, total[source]) for (source, partial), n in terms.items()]
        total[node.id] = parts[0] if len(parts) == 1 else sp.Add(*parts)  # sp.Add() of nothing is 0
    return total


def _term(count: int, partial: sp.Expr, upstream: sp.Expr) -> sp.Expr:
    return partial * upstream if count == 1 else sp.Mul(count, partial, upstream)


def gradient(flow: DataFlow, target: str) -> dict[str, sp.Expr]:
    """∂target/∂input for every input at once, by reverse accumulation (one pass, in the inputs).

    The adjoint of a node is Σ over its out-edges of the adjoint of the edge's
    target times the edge's local partial, in reverse evaluation order.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> gradient(build(parse("sigmoid(w*x + b)")), "y")["w"]
    x*(1 - sigmoid(b + w*x))*sigmoid(b + w*x)
    """
    incoming = flow.incoming()
    adjoint: dict[str, list[sp.Expr]] = {target: [sp.S.One]}
    done: dict[str, sp.Expr] = {}
    for node in reversed(flow.nodes):
        parts = adjoint.pop(node.id, None)
        if not parts:
            continue
        done[node.id] = total = sp.Add(*parts)
        if total == 0:
            continue
        terms: dict[tuple[str, sp.Expr], int] = {}
        for i in incoming[node.id]:
            edge = flow.edges[i]
            key = (edge.source, edge.partial_expr)
            terms[key] = terms.get(key, 0) + 1
        for (source, partial), n in terms.items():
            adjoint.setdefault(source, []).append(_term(n, partial, total))
    return {name: done.get(name, sp.S.Zero) for name in flow.inputs}


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
        ``accumulate(flow, name)`` for inputs already accumulated: their
        columns are taken from it as they are.

    Notes
    -----
    Forward accumulation costs one pass over the graph per input, reverse
    accumulation one per target; the cheaper is used for the inputs not in
    ``known``. Both give the same derivatives, possibly written differently.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> jacobian(build(parse("[x*z, x + z]")), ["y1", "y2"])
    [[z, x], [1, 1]]
    """
    known = known or {}
    missing = [name for name in flow.inputs if name not in known]
    if len(targets) < len(missing):
        rows = {t: gradient(flow, t) for t in targets}
        return [[known[n][t] if n in known else rows[t][n] for n in flow.inputs] for t in targets]
    columns = {**known, **{name: accumulate(flow, name) for name in missing}}
    return [[columns[n][t] for n in flow.inputs] for t in targets]


def rule_for(is_vector: bool, path_count: int) -> str:
    """Which chain rule applies.

    Examples
    --------
    >>> rule_for(False, 1), rule_for(False, 2), rule_for(True, 2), rule_for(False, 0)
    ('single-variable', 'total-derivative', 'vector', 'none')
    """
    if is_vector:
        return "vector"
    if path_count == 0:
        return "none"
    return "single-variable" if path_count == 1 else "total-derivative"


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
        ``accumulate(flow, name)`` for inputs already accumulated (see :func:`jacobian`).

    Returns
    -------
    (g ids, ∂y/∂g in intermediate variables, ∂g/∂x in the inputs)

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> flow = build(parse("[ln(x**2), sin(3*x)]"))
    >>> g, outer, inner = vector_chain(flow, {"x": accumulate(flow, "x")})
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
