"""Forward and reverse accumulation, the factoring of the sum of paths, and what each way costs.

The sum over paths multiplies the local partials along every path from the
input to the output and adds the products. Accumulation computes the same
number by factoring that sum (Colah, "Calculus on Computational Graphs"):

* forward mode groups the paths by their **last** edge: d(v)/dx is the sum,
  over v's in-edges s → v, of ∂v/∂s · d(s)/dx, node by node in evaluation
  order (:func:`explorer.calculus.accumulate.accumulate`); one pass per input;
* reverse mode groups them by their **first** edge: the adjoint d(y)/d(u) is
  the sum, over u's out-edges u → t, of d(y)/d(t) · ∂t/∂u, node by node from
  the output back (:func:`adjoints`); one pass gives d(y)/d(x) for **every**
  input x at once.

:func:`nested` writes either grouping as a tree of edges, so the page can show
the sum of paths regrouped; :mod:`explorer.calculus.cost` counts what each way costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import networkx as nx
import sympy as sp

from ..graph.flow import DataFlow

__all__ = [
    "MODES",
    "adjoints",
    "downstream",
    "expand",
    "leaves",
    "nested",
    "upstream",
]

#: The ways to combine local partials into a derivative -> how the page and the CLI name them.
MODES: Mapping[str, str] = MappingProxyType(
    {"paths": "Sum of paths", "forward": "Forward mode", "reverse": "Reverse mode"}
)

#: A tree of edges: ``("edge", i)``, ``("sum", terms)`` or ``("product", factors)``; ``("one",)`` is 1.
Tree = tuple


def adjoints(flow: DataFlow, output: str) -> dict[str, sp.Expr]:
    """The adjoint d(output)/d(node) of every node, by reverse accumulation, in terms of the inputs.

    One pass from the output back, in reverse evaluation order: the output's
    adjoint is 1, and every other node's is the sum over its out-edges
    u → t of d(output)/d(t) · ∂t/∂u. The adjoints of the inputs are the
    gradient: the derivative by every input, from this one pass.

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> flow = build(parse("sigmoid(w*x + b)"))
    >>> grad = adjoints(flow, "y")
    >>> [grad[name] for name in flow.inputs]  # doctest: +NORMALIZE_WHITESPACE
    [x*(1 - sigmoid(b + w*x))*sigmoid(b + w*x), w*(1 - sigmoid(b + w*x))*sigmoid(b + w*x),
     (1 - sigmoid(b + w*x))*sigmoid(b + w*x)]
    """
    leaving = flow.outgoing()
    adjoint: dict[str, sp.Expr] = {}
    for node in reversed(flow.nodes):
        if node.id == output:
            adjoint[node.id] = sp.S.One
            continue
        terms = []
        for i in leaving[node.id]:
            edge = flow.edges[i]
            downstream = adjoint[edge.target]
            if downstream != 0:
                terms.append(downstream * edge.partial_expr)
        adjoint[node.id] = sp.Add(*terms)
    return adjoint


def downstream(flow: DataFlow, sources: Iterable[str]) -> set[str]:
    """The nodes reachable from any of ``sources``, the sources included.

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> sorted(downstream(build(parse("[x**2, w*3]")), ["x"]))
    ['x', 'y1']
    """
    found, graph = set(sources), flow.graph()
    for source in found & graph.nodes.keys():  # a name that is no node (a vector's) reaches nothing
        found |= nx.descendants(graph, source)
    return found


def upstream(flow: DataFlow, targets: Iterable[str]) -> set[str]:
    """The nodes from which one of ``targets`` can be reached, the targets included.

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> sorted(upstream(build(parse("[x**2, w*3]")), ["y2"]))
    ['w', 'y2']
    """
    found, graph = set(targets), flow.graph()
    for target in found & graph.nodes.keys():
        found |= nx.ancestors(graph, target)
    return found


# -- the factoring ------------------------------------------------------------------------------------


def _grouped(flow: DataFlow, edges: list[int], key) -> list[tuple[str, Tree]]:
    """Edges grouped by ``key(edge)`` (parallel edges x*x add up first), as (node, sum of edges)."""
    groups: dict[str, list[Tree]] = {}
    for i in edges:
        groups.setdefault(key(flow.edges[i]), []).append(("edge", i))
    return [(node, terms[0] if len(terms) == 1 else ("sum", tuple(terms))) for node, terms in groups.items()]


def _times(a: Tree, b: Tree) -> Tree:
    if a == ("one",):
        return b
    if b == ("one",):
        return a
    return ("product", (a, b))


def _plus(terms: list[Tree]) -> Tree:
    return terms[0] if len(terms) == 1 else ("sum", tuple(terms))


def nested(flow: DataFlow, wrt: str, output: str, mode: str) -> Tree | None:
    """The sum of paths from ``wrt`` to ``output``, factored the way ``mode`` accumulates it.

    ``'forward'`` groups paths by their last edge,
    d(v)/dx = Σ ∂v/∂s · (d(s)/dx), so the tree nests towards the input;
    ``'reverse'`` by their first edge, d(y)/d(u) = Σ (d(y)/d(t)) · ∂t/∂u, so it
    nests towards the output. Parallel edges (``x*x``) are added first.
    Expanded, either tree has exactly one term per path: the product of
    its edges (:func:`expand`). None when no path joins them.

    Notes
    -----
    The tree shares subtrees (a node's total is used by every node it
    feeds), so it is small in memory; written out in full it can be
    exponentially long (:func:`leaves` counts its size), which is why
    accumulation names every node's total instead.

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> flow = build(parse("u1 = x*x; y = u1*u1"))
    >>> nested(flow, "x", "y", "forward")
    ('product', (('sum', (('edge', 2), ('edge', 3))), ('sum', (('edge', 0), ('edge', 1)))))
    """
    if mode not in ("forward", "reverse"):
        raise ValueError(f"mode must be 'forward' or 'reverse', not {mode!r}")
    live = downstream(flow, [wrt]) & upstream(flow, [output])
    if wrt not in live or output not in live:
        return None
    tree: dict[str, Tree] = {}
    if mode == "forward":
        incoming = flow.incoming()
        tree[wrt] = ("one",)
        for node in flow.nodes:
            if node.id != wrt and node.id in live:
                into = [i for i in incoming[node.id] if flow.edges[i].source in live]
                groups = _grouped(flow, into, lambda e: e.source)
                tree[node.id] = _plus([_times(part, tree[s]) for s, part in groups])
        return tree[output]
    leaving = flow.outgoing()
    tree[output] = ("one",)
    for node in reversed(flow.nodes):
        if node.id != output and node.id in live:
            out = [i for i in leaving[node.id] if flow.edges[i].target in live]
            groups = _grouped(flow, out, lambda e: e.target)
            tree[node.id] = _plus([_times(tree[t], part) for t, part in groups])
    return tree[wrt]


def leaves(tree: Tree | None) -> int:
    """How many edge symbols the tree has when written out in full.

    Examples
    --------
    >>> leaves(("product", (("sum", (("edge", 0), ("edge", 1))), ("edge", 2))))
    3
    """
    if tree is None or tree[0] == "one":
        return 0
    if tree[0] == "edge":
        return 1
    return sum(leaves(t) for t in tree[1])


def expand(tree: Tree | None, symbols: Mapping[int, sp.Symbol]) -> sp.Expr:
    """The tree as a sympy expression in one symbol per edge (``symbols[i]``), multiplied out.

    Examples
    --------
    >>> e = sp.symbols("e0:3")
    >>> expand(("product", (("sum", (("edge", 0), ("edge", 1))), ("edge", 2))), dict(enumerate(e)))
    e0*e2 + e1*e2
    """
    if tree is None:
        return sp.S.Zero
    kind = tree[0]
    if kind == "one":
        return sp.S.One
    if kind == "edge":
        return symbols[tree[1]]
    parts = [expand(t, symbols) for t in tree[1]]
    return sp.expand(sp.Add(*parts) if kind == "sum" else sp.Mul(*parts))
