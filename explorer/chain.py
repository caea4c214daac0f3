"""The chain rules on a data-flow graph: paths, their products, totals, Jacobians.

The total-derivative chain rule says that dy/dx is the sum, over every path
from x to y, of the product of the local partials along the path. Paths can
be exponentially many, so this module counts them by dynamic programming,
enumerates them lazily up to a cap, and computes the totals a second way, by
accumulating along the graph in evaluation order (forward mode), which costs
one multiply-add per edge however many paths there are.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import sympy as sp

from .flow import DataFlow
from .lesson import Layer

__all__ = [
    "MAX_LAYER_CELLS",
    "count_paths",
    "iter_paths",
    "accumulate",
    "layers",
    "path_product",
    "rule_for",
    "vector_chain",
]

#: Entries of all the layers' Jacobians together, at most: a graph cut into more is not shown layer by layer.
MAX_LAYER_CELLS = 2500


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
        terms = []
        for i in incoming[node.id]:
            edge = flow.edges[i]
            upstream = total[edge.source]
            if upstream != 0:
                terms.append(edge.partial_expr * upstream)
        total[node.id] = sp.Add(*terms)
    return total


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
    flow: DataFlow, per_input: dict[str, dict[str, sp.Expr]]
) -> tuple[tuple[str, ...], sp.ImmutableMatrix, sp.ImmutableMatrix]:
    """Split the Jacobian as the vector chain rule does: ∂y/∂x = ∂y/∂g · ∂g/∂x.

    ``g`` are the nodes that feed the outputs directly (the paper's
    intermediate vector); ∂y/∂g holds the outputs' local partials (summed
    over operand positions), ∂g/∂x the totals of ``g`` by the inputs.

    Parameters
    ----------
    flow : DataFlow
    per_input : dict
        ``accumulate(flow, name)`` for every input name.

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
    for edge in flow.edges:
        if edge.target in flow.outputs and edge.source in inner:
            row = flow.outputs.index(edge.target)
            outer[row, inner.index(edge.source)] += edge.partial
    inner_jac = (
        sp.Matrix([[per_input[name][g] for name in flow.inputs] for g in inner])
        if inner and flow.inputs
        else sp.zeros(len(inner), len(flow.inputs))
    )
    return tuple(inner), sp.ImmutableMatrix(outer), sp.ImmutableMatrix(inner_jac)


def _depths(flow: DataFlow) -> dict[str, int]:
    """Each node's layer: 0 for the inputs, else one more than its deepest operand."""
    depth: dict[str, int] = {}
    for node in flow.nodes:
        depth[node.id] = 0 if node.kind == "input" else 1 + max((depth[o] for o in node.operands), default=0)
    return depth


def layers(flow: DataFlow, max_cells: int = MAX_LAYER_CELLS) -> tuple[Layer, ...] | None:
    """Cut the graph into layers for the vector chain rule: ∂y/∂x = J_D ··· J_2 · J_1.

    Layer 0 holds the inputs; a node belongs to the layer one past its
    deepest operand, and the outputs all end in the last layer. A variable
    that a later layer still needs is carried across the layers between,
    each time as an identity row, so each layer's Jacobian takes exactly the
    layer before it, and their product is the whole Jacobian ∂(outputs)/∂(inputs).

    Parameters
    ----------
    flow : DataFlow
    max_cells : int
        The most entries all the layers' Jacobians may have together.

    Returns
    -------
    tuple of Layer, or None
        Layers 1 to D (layer 0 is ``flow.inputs``); empty without inputs;
        None when the Jacobians would have more than ``max_cells`` entries.

    Notes
    -----
    Linear in the graph and in the number of entries.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> cut = layers(build(parse("x + x**2")))
    >>> [(layer.nodes, layer.carried, layer.jacobian.tolist()) for layer in cut]
    [(('x', 'u1'), ('x',), [[1], [2*x]]), (('y',), (), [[1, 1]])]
    """
    if not flow.inputs:
        return ()
    depth = _depths(flow)
    last = max(depth.values())
    need = {node.id: 0 for node in flow.nodes}
    for node in flow.nodes:
        for operand in node.operands:
            need[operand] = max(need[operand], depth[node.id])
    for out in flow.outputs:
        need[out] = last + 1
    incoming = flow.incoming()
    previous = list(flow.inputs)
    cut: list[Layer] = []
    cells = 0
    for k in range(1, last + 1):
        if k == last:
            current = list(flow.outputs)
        else:
            current = [n.id for n in flow.nodes if depth[n.id] == k or (depth[n.id] < k and need[n.id] > k)]
        cells += len(current) * len(previous)
        if cells > max_cells:
            return None
        column = {node: j for j, node in enumerate(previous)}
        entries: dict[tuple[int, int], list[int]] = {}
        carried = []
        for row, node in enumerate(current):
            if depth[node] < k:
                carried.append(node)
                entries[row, column[node]] = []
                continue
            for index in incoming[node]:
                entries.setdefault((row, column[flow.edges[index].source]), []).append(index)
        matrix = sp.zeros(len(current), len(previous))
        for (row, col), edges in entries.items():  # one sum per entry: x*x*...*x has 2,000 edges into one
            matrix[row, col] = sp.Add(*(flow.edges[i].partial for i in edges)) if edges else sp.S.One
        found = tuple((r, c, tuple(e)) for (r, c), e in sorted(entries.items()))
        cut.append(Layer(tuple(current), tuple(carried), sp.ImmutableMatrix(matrix), found))
        previous = current
    return tuple(cut)
