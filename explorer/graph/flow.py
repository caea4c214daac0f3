"""The data-flow graph as data: variables (nodes), operand positions (edges) and the graph that holds them.

Plain, immutable values that pickle (worker processes send them back) and
keep the as-typed form of every operation. :mod:`explorer.graph.build` builds them.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx
import sympy as sp

__all__ = ["Block", "DataFlow", "Edge", "Node"]


@dataclass(frozen=True)
class Node:
    """A variable of the data-flow graph.

    Attributes
    ----------
    id : str
        ``x`` for an input, ``u1``... (or the user's own name) for an
        intermediate variable, ``y`` (``y1``...) for the output.
    kind : {'input', 'intermediate', 'output'}
    op : str
        ``'input'``, the operation (``'+'``, ``'*'``, ``'sin'``...) or
        ``'id'`` for an output that is just another node or a constant.
    operands : tuple of str
        Node ids of the operand positions, in the order typed.
    local : sympy.Expr
        The operation in terms of its operands' symbols, as typed (``x·x``,
        ``u3 − t``).
    expr : sympy.Expr
        The node's value in terms of the inputs (``x**2``).
    symbol : sympy.Symbol
        The node's own symbol (``u1``), real.
    pos : int or None
        0-based offset in the text of the operator that made the node.
    function : sympy.Expr or None
        The operation in its operand positions (:func:`explorer.language.operations.position_symbol`),
        evaluated: what floats evaluate at a point.
    """

    id: str
    kind: str
    op: str
    operands: tuple[str, ...]
    local: sp.Expr
    expr: sp.Expr
    symbol: sp.Symbol
    pos: int | None = None
    function: sp.Expr | None = field(default=None, repr=False)

    def __reduce__(self):
        # sympy rebuilds expressions with evaluation when unpickling, which would turn the
        # as-typed ``x*x`` into ``x**2`` on its way back from a worker process
        values = [getattr(self, f) for f in self.__dataclass_fields__]
        values[4] = _freeze(self.local)
        return (_node, tuple(values))


def _freeze(expr: sp.Basic):
    if expr.is_Atom:
        return expr
    return (expr.func, tuple(_freeze(a) for a in expr.args))


def _thaw(frozen) -> sp.Basic:
    if not isinstance(frozen, tuple):
        return frozen
    func, args = frozen
    args = [_thaw(a) for a in args]
    try:
        return func(*args, evaluate=False)
    except TypeError:
        return func(*args)


def _node(*values) -> Node:
    values = list(values)
    values[4] = _thaw(values[4])
    return Node(*values)


@dataclass(frozen=True)
class Edge:
    """One operand position: ``source`` feeds ``target`` at ``position``.

    Attributes
    ----------
    source, target : str
        Node ids.
    position : int
        Which of the target's operand positions (0-based, in the order typed).
    partial : sympy.Expr
        The local partial derivative ∂target/∂source in terms of the
        target's operand symbols (∂u2/∂u1 = cos(u1)).
    partial_expr : sympy.Expr
        The same in terms of the inputs (cos(x**3)).
    local_partial : sympy.Expr
        The same in terms of the operand positions (:func:`explorer.language.operations.position_symbol`),
        for evaluating with floats.
    rule : str
        The differentiation rule the partial comes from, one of
        :data:`explorer.language.operations.RULES`.
    """

    source: str
    target: str
    position: int
    partial: sp.Expr
    partial_expr: sp.Expr
    local_partial: sp.Expr | None = field(default=None, repr=False)
    rule: str = ""


@dataclass(frozen=True)
class Block:
    """One operation on whole values, as typed: a node of the graph of shapes (``W @ x``, ``+ b``, ``tanh``).

    Attributes
    ----------
    id : str
        The program's name for its value (``z``), an input's name, ``y`` for
        the output, else ``g1``, ``g2``, ... (the paper's inner functions).
    op : str
        ``'input'`` (a named vector or matrix of inputs, or one input),
        ``'constant'`` (named data, such as a matrix of samples), ``'stack'``
        (``[f1, f2]`` of computed entries) or the operation's canonical name
        (``'matmul'``, ``'+'``, ``'tanh'``, ``'sum'``, ``'softmax'``, ...).
    operands : tuple of str or sympy.Basic
        In the order typed: block ids, or constants folded into the
        operation (a number, or a ``sympy.ImmutableMatrix`` for a constant
        vector, a column, or matrix written in place).
    shape : tuple of int
        ``()``, ``(n,)`` or ``(rows, columns)``.
    entries : tuple of str, sympy.Expr or None
        The graph's node (or input) of each entry, row by row; a constant
        entry is its value, None an entry no output uses.
    inverted : tuple of bool
        For a sum or a product: which operands are subtracted or divide.
    pos : int or None
        Where the operation was typed.
    named : bool
        Whether ``id`` is the program's own name for it.
    """

    id: str
    op: str
    operands: tuple
    shape: tuple[int, ...]
    entries: tuple
    inverted: tuple[bool, ...] = ()
    pos: int | None = None
    named: bool = False

    @property
    def size(self) -> int:
        """How many entries it has: 1 for a scalar."""
        return math.prod(self.shape)


@dataclass(frozen=True)
class DataFlow:
    """The data-flow graph of a program; nodes in evaluation order.

    ``vectors`` lists the program's named vectors and matrices (``w = [w1,
    w2, w3]``, and the output when it is named) as ``(name, entry ids)``, a
    matrix's entries row by row, an entry None where it is a constant;
    ``matrices`` gives the named matrices' shapes. The graph itself is
    scalar: a vector or a matrix is a group of nodes. ``blocks`` are the
    operations on whole values, as typed (:class:`Block`), the output's last,
    for the graph of shapes. ``remarks`` say what a reader may not expect of
    the program as typed (``w*x`` of two vectors is a vector, not their dot product).
    """

    text: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    is_vector: bool
    unused: tuple[str, ...] = ()
    vectors: tuple[tuple[str, tuple[str | None, ...]], ...] = ()
    matrices: tuple[tuple[str, tuple[int, int]], ...] = ()
    blocks: tuple[Block, ...] = ()
    remarks: tuple[str, ...] = ()

    def shape(self, name: str) -> tuple[int, ...]:
        """The shape of a named value: ``(rows, columns)`` of a matrix, ``(n,)`` of a vector, ``()`` else.

        Examples
        --------
        >>> from explorer.graph.build import build
        >>> from explorer.language.parse import parse
        >>> flow = build(parse("W = [[a, b, c], [d, e, f]]; x = [p, q, r]; y = sum(W @ x)"))
        >>> flow.shape("W"), flow.shape("x"), flow.shape("a")
        ((2, 3), (3,), ())
        """
        matrices = dict(self.matrices)
        if name in matrices:
            return matrices[name]
        vectors = dict(self.vectors)
        return (len(vectors[name]),) if name in vectors else ()

    def input_vectors(self) -> dict[str, tuple[str, ...]]:
        """The named vectors and matrices whose entries are all inputs: what a derivative may be taken by.

        Examples
        --------
        >>> from explorer.graph.build import build
        >>> from explorer.language.parse import parse
        >>> build(parse("w = [w1, w2]; h = [sin(w1), 2]; y = sum(h)")).input_vectors()
        {'w': ('w1', 'w2')}
        """
        inputs = set(self.inputs)
        return {
            name: tuple(entries)  # type: ignore[arg-type]
            for name, entries in self.vectors
            if all(e in inputs for e in entries)
        }

    def node(self, node_id: str) -> Node:
        """The node with this id."""
        return self._index[node_id]

    @property
    def _index(self) -> dict[str, Node]:
        return self._cached("_index_cache", lambda: {n.id: n for n in self.nodes})

    @property
    def parallel(self) -> frozenset[tuple[str, str]]:
        """(source, target) pairs joined by more than one edge (``x*x`` feeds ``x`` twice into one node).

        Examples
        --------
        >>> from explorer.graph.build import build
        >>> from explorer.language.parse import parse
        >>> sorted(build(parse("x*x + y")).parallel)
        [('x', 'u1')]
        """

        def pairs() -> frozenset[tuple[str, str]]:
            joined = Counter((e.source, e.target) for e in self.edges)
            return frozenset(pair for pair, count in joined.items() if count > 1)

        return self._cached("_parallel_cache", pairs)

    def _cached(self, key: str, make):
        value = self.__dict__.get(key)
        if value is None:
            value = make()
            object.__setattr__(self, key, value)
        return value

    def incoming(self) -> dict[str, tuple[int, ...]]:
        """Node id -> indexes of the edges into it, in operand order (made once; do not change it).

        Examples
        --------
        >>> from explorer.graph.build import build
        >>> from explorer.language.parse import parse
        >>> build(parse("x*x + 1")).incoming()
        {'x': (), 'u1': (0, 1), 'y': (2,)}
        """
        return self._cached("_incoming_cache", lambda: self._adjacent(lambda edge: edge.target))

    def outgoing(self) -> dict[str, tuple[int, ...]]:
        """Node id -> indexes of the edges out of it, in edge order (made once; do not change it).

        Examples
        --------
        >>> from explorer.graph.build import build
        >>> from explorer.language.parse import parse
        >>> build(parse("x*x**2")).outgoing()
        {'x': (0, 1), 'u1': (2,), 'y': ()}
        """
        return self._cached("_outgoing_cache", lambda: self._adjacent(lambda edge: edge.source))

    def _adjacent(self, end) -> dict[str, tuple[int, ...]]:
        found: dict[str, list[int]] = {node.id: [] for node in self.nodes}
        for index, edge in enumerate(self.edges):
            found[end(edge)].append(index)
        return {name: tuple(indexes) for name, indexes in found.items()}

    def order(self) -> dict[str, int]:
        """Node id -> its place in evaluation order (made once).

        Examples
        --------
        >>> from explorer.graph.build import build
        >>> from explorer.language.parse import parse
        >>> build(parse("sin(x)")).order()
        {'x': 0, 'y': 1}
        """
        return self._cached("_order_cache", lambda: {node.id: k for k, node in enumerate(self.nodes)})

    def graph(self) -> nx.MultiDiGraph:
        """The graph as a frozen :class:`networkx.MultiDiGraph`, made once: :meth:`to_networkx`, read-only.

        Examples
        --------
        >>> from explorer.graph.build import build
        >>> from explorer.language.parse import parse
        >>> import networkx as nx
        >>> sorted(nx.ancestors(build(parse("[x**2, w*3]")).graph(), "y2"))
        ['w']
        """
        return self._cached("_graph_cache", lambda: nx.freeze(self.to_networkx()))

    def to_networkx(self) -> nx.MultiDiGraph:
        """A fresh :class:`networkx.MultiDiGraph`; edge keys are operand positions.

        Examples
        --------
        >>> from explorer.graph.build import build
        >>> from explorer.language.parse import parse
        >>> g = build(parse("x*x")).to_networkx()
        >>> sorted(g.edges(keys=True))
        [('x', 'y', 0), ('x', 'y', 1)]
        """
        graph = nx.MultiDiGraph()
        for order, node in enumerate(self.nodes):
            graph.add_node(node.id, kind=node.kind, op=node.op, order=order)
        for index, edge in enumerate(self.edges):
            graph.add_edge(edge.source, edge.target, key=edge.position, index=index)
        return graph
