"""Build the data-flow graph of a parsed program, exactly as typed.

One node per input variable, one per operator or function application (the
paper's intermediate variables u1, u2, ...), the output last. One edge per
operand *position*, carrying the local partial derivative of the operation
with respect to that position, computed by ``sympy.diff``. Constants are
folded into the operation that uses them, so ``x**2`` is one node with one
edge, and ``x*x`` is one node with two edges from ``x``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import networkx as nx
import sympy as sp

from .functions import apply, position_symbol
from .numeric import Undefined, value_of
from .parse import LIMITS, ExpressionError, Limits, Program, Syntax
from .printing import unicode

__all__ = ["Node", "Edge", "DataFlow", "build", "position_symbol"]


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
        ``'input'``, the operation (``'*'``, ``'sin'``...) or ``'id'`` for an
        output that is just another node or a constant.
    operands : tuple of str
        Node ids of the operand positions, in the order typed.
    local : sympy.Expr
        The operation in terms of its operands' symbols, as typed (``x*x``).
    expr : sympy.Expr
        The node's value in terms of the inputs (``x**2``).
    pos : int or None
        0-based offset in the text of the operator that made the node.
    """

    id: str
    kind: str
    op: str
    operands: tuple[str, ...]
    local: sp.Expr
    expr: sp.Expr
    symbol: sp.Symbol
    pos: int | None = None
    function: sp.Expr | None = field(default=None, repr=False)  # in operand positions, evaluated

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
    partial : sympy.Expr
        The local partial derivative ∂target/∂source in terms of the
        target's operand symbols (∂u2/∂u1 = cos(u1)).
    partial_expr : sympy.Expr
        The same in terms of the inputs (cos(x**3)).
    local_partial : sympy.Expr
        The same in terms of the operand positions (:func:`position_symbol`),
        for evaluating with floats.
    """

    source: str
    target: str
    position: int
    partial: sp.Expr
    partial_expr: sp.Expr
    local_partial: sp.Expr | None = field(default=None, repr=False)


@dataclass(frozen=True)
class DataFlow:
    """The data-flow graph of a program; nodes in evaluation order."""

    text: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    is_vector: bool
    unused: tuple[str, ...] = ()

    def node(self, node_id: str) -> Node:
        """The node with this id."""
        return self._index[node_id]

    @property
    def _index(self) -> dict[str, Node]:
        index = self.__dict__.get("_index_cache")
        if index is None:
            index = {n.id: n for n in self.nodes}
            object.__setattr__(self, "_index_cache", index)
        return index

    def to_networkx(self) -> nx.MultiDiGraph:
        """A fresh :class:`networkx.MultiDiGraph`; edge keys are ``(position)`` ints.

        Examples
        --------
        >>> from explorer.parse import parse
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


# -- building -----------------------------------------------------------------


@dataclass
class _Pending:
    op: str
    operands: list  # of ("node", int) | ("const", sp.Expr)
    pos: int | None
    name: str | None = None


class _Builder:
    def __init__(self, program: Program, share: bool, limits: Limits):
        self.program = program
        self.text = program.text
        self.share = share
        self.limits = limits
        self.pending: list[_Pending] = []  # op nodes, index = temporary id
        self.inputs: list[str] = []
        self.env: dict[str, tuple] = {}
        self.seen: dict[tuple, int] = {}
        self.assigned: dict[str, int] = {}  # user name -> statement position
        self.used_before: dict[str, int] = {}

    def error(self, message: str, pos: int | None) -> ExpressionError:
        return ExpressionError(message, pos, self.text)

    # constants are exact sympy numbers; refuse ones too large to compute with
    def check_size(self, value: sp.Expr, pos: int) -> sp.Expr:
        limit_bits = int(self.limits.max_digits * math.log2(10))
        if isinstance(value, sp.Rational):
            if max(abs(value.p).bit_length(), value.q.bit_length()) > limit_bits:
                raise self.error(
                    f"this number has more than {self.limits.max_digits} digits; exact results that large are refused",
                    pos,
                )
        elif value.has(sp.zoo, sp.nan) or value in (sp.zoo, sp.nan):
            raise self.error("this constant is undefined (division by zero?)", pos)
        return value

    def fold(self, syntax: Syntax, op: str, values: list[sp.Expr]) -> sp.Expr:
        if op == "**":
            base, exponent = values
            if isinstance(base, sp.Rational) and isinstance(exponent, sp.Rational) and base not in (0, 1, -1):
                size = max(math.log10(abs(base.p)), math.log10(base.q))
                if abs(exponent.p) * size > self.limits.max_digits:
                    raise self.error(
                        f"this power would have about {int(abs(exponent.p) * size):,} digits; "
                        f"exact results of more than {self.limits.max_digits} digits are refused",
                        syntax.pos,
                    )
            if base == 0 and exponent.is_negative:
                raise self.error("0 to a negative power is undefined (division by zero)", syntax.pos)
        if op == "/" and values[1] == 0:
            raise self.error("division by zero", syntax.pos)
        value = self.check_size(self.apply(op, values, syntax.pos), syntax.pos)
        if not value.is_Rational:
            # an irrational constant must still be a finite real number: acoth(1/2), atanh(1) are not
            try:
                value_of(value, (), ())
            except Undefined as why:
                typed = unicode(apply(op, *values, evaluate=False))
                raise self.error(f"the constant {typed} is {why}", syntax.pos) from None
        return value

    def apply(self, op: str, operands: list, pos: int | None) -> sp.Expr:
        try:
            return apply(op, *operands)
        except (ValueError, TypeError, ArithmeticError) as err:  # sympy refusing, e.g. max of incomparables
            raise self.error(f"cannot apply {op} to these operands ({err})", pos) from None

    def value(self, syntax: Syntax) -> tuple:
        kind = syntax.kind
        if kind == "num":
            value = syntax.value
            assert isinstance(value, Fraction)
            return ("const", sp.Rational(value.numerator, value.denominator))
        if kind == "const":
            return ("const", sp.pi if syntax.op == "pi" else sp.E)
        if kind == "name":
            name = syntax.op
            if name in self.env:
                return self.env[name]
            self.used_before.setdefault(name, syntax.pos)
            if name not in self.inputs:
                self.inputs.append(name)
            return ("input", name)
        operands = [self.value(arg) for arg in syntax.args]
        op = syntax.op
        if all(o[0] == "const" for o in operands):
            return ("const", self.fold(syntax, op, [o[1] for o in operands]))
        key = (op, tuple(operands))
        if self.share and key in self.seen:
            return ("node", self.seen[key])
        self.pending.append(_Pending(op, operands, syntax.pos))
        index = len(self.pending) - 1
        self.seen[key] = index
        return ("node", index)

    def run(self) -> DataFlow:
        statements = self.program.statements
        outputs: list[tuple] = []
        for number, stmt in enumerate(statements):
            last = number == len(statements) - 1
            values = [self.value(v) for v in stmt.values]
            if stmt.name is not None:
                name = stmt.name
                if name in self.env:
                    raise self.error(f"{name!r} is assigned twice; give each step its own name", stmt.pos)
                if name in self.used_before:
                    raise self.error(
                        f"{name!r} is used before it is assigned; define each step before using it",
                        self.used_before[name],
                    )
                if not stmt.is_vector:
                    self.env[name] = values[0]
                    target = values[0]
                    if target[0] == "node" and self.pending[target[1]].name is None:
                        self.pending[target[1]].name = name
                self.assigned[name] = stmt.pos
            if last:
                outputs = values
                out_name = stmt.name
        return self.finish(outputs, statements[-1].is_vector, out_name)

    def finish(self, outputs: list[tuple], is_vector: bool, out_name: str | None) -> DataFlow:
        users = set(self.inputs) | set(self.assigned)
        stems = [out_name] if (is_vector and out_name) else ["y", "f", "out", "output"]
        fresh = self._output_names(len(outputs), users, is_vector, stems)
        # an output that is an input, a constant, an already named step or a repeat gets an
        # identity node (y = u1), so every output is a node of its own with its own name
        output_index: list[int] = []
        ids: dict[int, str] = {}
        for k, value in enumerate(outputs):
            index = value[1] if value[0] == "node" else None
            if index is not None and index not in ids:
                name = self.pending[index].name
                if is_vector or out_name is None:
                    ids[index] = name or fresh[k]
                    output_index.append(index)
                    continue
                if name == out_name:
                    ids[index] = out_name
                    output_index.append(index)
                    continue
            self.pending.append(_Pending("id", [value], None))
            index = len(self.pending) - 1
            ids[index] = fresh[k] if (is_vector or out_name is None) else out_name
            output_index.append(index)

        # keep only the ops that lead to an output (program lines never used are reported)
        needed: set[int] = set()
        stack = list(output_index)
        while stack:
            index = stack.pop()
            if index in needed:
                continue
            needed.add(index)
            stack.extend(o[1] for o in self.pending[index].operands if o[0] == "node")
        unused = tuple(p.name for i, p in enumerate(self.pending) if i not in needed and p.name)
        users |= set(ids.values())

        counter = 0
        for index in sorted(needed):
            if index in ids:
                continue
            if self.pending[index].name is not None:
                ids[index] = self.pending[index].name
                continue
            counter += 1
            while f"u{counter}" in users:
                counter += 1
            ids[index] = f"u{counter}"

        nodes: list[Node] = []
        edges: list[Edge] = []
        symbols: dict[str, sp.Symbol] = {}
        exprs: dict[str, sp.Expr] = {}
        for name in self.inputs:
            sym = sp.Symbol(name, real=True)
            symbols[name] = sym
            exprs[name] = sym
            nodes.append(Node(name, "input", "input", (), sym, sym, sym, self.used_before.get(name)))
        outputs_set = set(output_index)
        for index in sorted(needed):
            pending = self.pending[index]
            node_id = ids[index]
            sym = sp.Symbol(node_id, real=True)
            symbols[node_id] = sym
            operand_ids: list[str] = []
            placeholders: list[sp.Expr] = []
            shown: list[sp.Expr] = []
            for operand in pending.operands:
                if operand[0] == "const":
                    placeholders.append(operand[1])
                    shown.append(operand[1])
                    continue
                source = operand[1] if operand[0] == "input" else ids[operand[1]]
                placeholders.append(position_symbol(len(operand_ids)))
                shown.append(symbols[source])
                operand_ids.append(source)
            if pending.op == "id":
                function = placeholders[0]
                local = shown[0]
            else:
                function = self.apply(pending.op, placeholders, pending.pos)
                local = apply(pending.op, *shown, evaluate=False)
                if function.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                    raise self.error(f"{unicode(local)} is undefined for every value (division by zero?)", pending.pos)
            by_position = {position_symbol(i): exprs[s] for i, s in enumerate(operand_ids)}
            expr = function.xreplace(by_position)
            exprs[node_id] = expr
            kind = "output" if index in outputs_set else "intermediate"
            nodes.append(Node(node_id, kind, pending.op, tuple(operand_ids), local, expr, sym, pending.pos, function))
            as_symbols = {position_symbol(i): symbols[s] for i, s in enumerate(operand_ids)}
            for i, source in enumerate(operand_ids):
                partial = sp.diff(function, position_symbol(i))
                partial_expr = partial.xreplace(by_position)
                if partial_expr.has(sp.zoo, sp.nan):  # sqrt(x - x): the operand is a constant at a singularity
                    raise self.error(
                        f"{node_id} = {unicode(local)} has no derivative anywhere: {source} = "
                        f"{unicode(exprs[source])} for every input, where ∂{node_id}/∂{source} = "
                        f"{unicode(partial.xreplace(as_symbols))} is undefined",
                        pending.pos,
                    )
                edges.append(Edge(source, node_id, i, partial.xreplace(as_symbols), partial_expr, partial))
        return DataFlow(
            self.text,
            tuple(nodes),
            tuple(edges),
            tuple(self.inputs),
            tuple(ids[i] for i in output_index),
            is_vector,
            unused,
        )

    def _output_names(self, count: int, users: set[str], is_vector: bool, stems: list[str]) -> list[str]:
        for stem in stems:
            names = [stem] if not is_vector else [f"{stem}{k + 1}" for k in range(count)]
            if not (set(names) & users):
                return names
        stem = "y"
        while {f"{stem}{k}" for k in range(count + 1)} & users or stem in users:
            stem += "_"
        return [stem] if not is_vector else [f"{stem}{k + 1}" for k in range(count)]


def build(program: Program, *, share: bool = True, limits: Limits = LIMITS) -> DataFlow:
    """Build the data-flow graph of a parsed program.

    Parameters
    ----------
    program : Program
        From :func:`explorer.parse.parse`.
    share : bool, default True
        Make identical subexpressions one node (``sin(x) + sin(x)**2`` has
        one ``sin`` node with two uses). Off, every occurrence is its own node.
    limits : Limits
        Bounds on exact constants folded while building.

    Returns
    -------
    DataFlow

    Raises
    ------
    ExpressionError
        For misuse of names (assigned twice, used before assignment) and
        constants that are undefined or too large.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> flow = build(parse("x*x**2"))
    >>> [(n.id, str(n.local)) for n in flow.nodes]
    [('x', 'x'), ('u1', 'x**2'), ('y', 'u1*x')]
    >>> [(e.source, e.target, str(e.partial)) for e in flow.edges]
    [('x', 'u1', '2*x'), ('x', 'y', 'u1'), ('u1', 'y', 'x')]
    """
    return _Builder(program, share, limits).run()
