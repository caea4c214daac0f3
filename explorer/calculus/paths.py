"""Paths on a data-flow graph: counted exactly, enumerated lazily, multiplied out; which chain rule applies."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

import networkx as nx
import sympy as sp

from ..graph.flow import DataFlow
from ..language.printsize import JsonWriter

#: A number at the evaluation point, or None where it is undefined there.
Value = float | None


@dataclass(frozen=True)
class Path:
    """One path from the chosen input to an output.

    Attributes
    ----------
    output : str
        The output node the path ends at.
    nodes : tuple of str
        Node ids from the input to the output (``('x', 'u1', 'y')``).
    edges : tuple of int
        Indexes into :attr:`Analysis.edges`, one per step.
    product : sympy.Expr
        The product of the edges' local partials, in terms of the
        intermediate variables (``cos(u1)*3*x**2``).
    product_expr : sympy.Expr
        The same product in terms of the inputs.
    value : float or None
        The product at the evaluation point.
    """

    output: str
    nodes: tuple[str, ...]
    edges: tuple[int, ...]
    product: sp.Expr
    product_expr: sp.Expr
    value: Value

    def to_dict(self, writer: JsonWriter | None = None) -> dict:
        """The JSON form of the path."""
        writer = writer or JsonWriter()
        return {
            "output": self.output,
            "nodes": list(self.nodes),
            "edges": list(self.edges),
            "product": writer.text(self.product_expr),
            "product_u": writer.text(self.product),
            "product_latex": writer.latex(self.product),
            "value": self.value,
        }


def count_paths(flow: DataFlow, source: str | Collection[str]) -> dict[str, int]:
    """Count the paths from ``source`` to every node, exactly.

    One pass in evaluation order: the number of paths to a node is the sum
    over its in-edges of the number of paths to the edge's source. Parallel
    edges (``x*x``) count separately. Python integers do not overflow.

    Parameters
    ----------
    flow : DataFlow
    source : str or collection of str
        The input the paths start from, or several inputs (the entries of a
        vector differentiated by): then the paths from any of them.

    Returns
    -------
    dict
        Node id -> number of paths from ``source`` (0 where none).

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> flow = build(parse("u1 = x*x; u2 = u1*u1; y = u2*u2"))
    >>> count_paths(flow, "x")["y"]
    8
    >>> count_paths(build(parse("w = [w1, w2]; y = sum(w)")), ("w1", "w2"))["y"]
    2
    """
    starts = {source} if isinstance(source, str) else set(source)
    counts = {node.id: 0 for node in flow.nodes}
    incoming = flow.incoming()
    for node in flow.nodes:
        if node.id in starts:
            counts[node.id] = 1
        else:
            counts[node.id] = sum(counts[flow.edges[i].source] for i in incoming[node.id])
    return counts


def edge_paths(flow: DataFlow, source: str | Collection[str] | None) -> list[int]:
    """How many paths from ``source`` to the outputs run through each edge, exactly.

    The paths from ``source`` to the edge's tail times the paths from its head
    to an output: two passes, one forward and one backward, whatever the number
    of paths. ``source`` may be several inputs (the entries of a vector
    differentiated by): the paths from any of them count.

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> edge_paths(build(parse("u1 = x*x; y = u1*u1")), "x")
    [2, 2, 2, 2]
    >>> edge_paths(build(parse("w = [w1, w2]; y = sum(w)")), ("w1", "w2"))
    [1, 1]
    """
    if source is None or not source:
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
    (``networkx.ancestors`` of the graph made once), so it never explores a dead end, and each path
    costs time proportional to its length. It is a plain iterative depth-first
    search rather than :func:`networkx.all_simple_edge_paths`, which checks
    simplicity (pointless in a DAG) and was about 20 times slower on a
    1,000-node chain.

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> flow = build(parse("x*x**2"))
    >>> [[(flow.edges[i].source, flow.edges[i].target) for i in p] for p in iter_paths(flow, "x", "y")]
    [[('x', 'u1'), ('u1', 'y')], [('x', 'y')]]
    """
    order = flow.order()
    if source not in order or target not in order:
        return
    if source == target:
        yield ()
        return
    reach = nx.ancestors(flow.graph(), target) | {target}
    if source not in reach:
        return
    outgoing = flow.outgoing()
    leaving: dict[str, list[int]] = {}
    for name in reach:
        leaving[name] = [i for i in outgoing[name] if flow.edges[i].target in reach]
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
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
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
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> flow = build(parse("u = x*x; y = sin(u)"))
    >>> [step_positions(flow, p) for p in iter_paths(flow, "x", "y")]
    [(1, None), (2, None)]
    """
    parallel = flow.parallel
    steps = [flow.edges[i] for i in edges]
    return tuple(e.position + 1 if (e.source, e.target) in parallel else None for e in steps)


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
