"""Build the data-flow graph of a parsed program, exactly as typed.

One node per input variable, one per operator or function application (the
paper's intermediate variables u1, u2, ...), the output last. One edge per
operand *position*, carrying the local partial derivative of the operation
with respect to that position, computed by ``sympy.diff``, and the name of
the differentiation rule it comes from. Sums and products are n-ary
(``a + b - c`` is one node with three edges); constants are folded into the
operation that uses them, so ``x**2`` is one node with one edge, and ``x*x``
is one node with two edges from ``x``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import sympy as sp

from ..errors import ExpressionError
from ..language.lexer import LIMITS, Limits
from ..language.operations import CONSTANTS, apply, operation, position_symbol
from ..language.printing import unicode
from ..language.syntax import Program, Syntax
from .blocks import Recorder, Ref
from .constants import check_coefficient_power, fold
from .flow import DataFlow, Edge, Node
from .matrices import (
    MATRIX,
    elementwise,
    entry_name,
    flat,
    make,
    matmul,
    reduction,
    shape,
    shape_text,
    softmax,
    transpose,
)
from .naming import output_names, remarks, stem
from .partials import local_partials, twins, width_problem
from .vectors import VECTOR, component_name

__all__ = ["DataFlow", "Edge", "Node", "build"]


# -- building -----------------------------------------------------------------

#: An operand while building: ("const", value), ("input", name) or ("node", index of a pending operation);
#: a vector is ("vector", (entry, entry, ...)) of such operands (see :mod:`explorer.graph.vectors`).
Operand = tuple


@dataclass
class _Pending:
    op: str
    operands: list[Operand]
    inverted: tuple[bool, ...]
    pos: int | None
    name: str | None = None


class _Builder:
    def __init__(self, program: Program, share: bool, limits: Limits):
        self.program = program
        self.text = program.text
        self.share = share
        self.limits = limits
        self.pending: list[_Pending] = []  # operations, index = temporary id
        self.inputs: list[str] = []
        self.env: dict[str, tuple[Operand, Ref]] = {}  # a name's value, and its block
        self.seen: dict[tuple, int] = {}
        self.assigned: dict[str, int] = {}  # user name -> statement position
        self.used_before: dict[str, int] = {}
        self.vectors: list[tuple[str, tuple[Operand, ...]]] = []  # named vectors and matrices, in the order assigned
        self.matrices: dict[str, tuple[int, int]] = {}
        self.blocks = Recorder(share)
        self.refs: dict[int, Ref] = {}  # id(syntax) -> its block, while building
        self.cost = 0  # scalar operations made, entry by entry
        self.products: list[tuple[tuple[Syntax, ...], int]] = []  # vectors multiplied entry by entry

    def error(self, message: str, pos: int | None) -> ExpressionError:
        return ExpressionError(message, pos, self.text)

    def apply(self, op: str, operands: list, inverted: tuple[bool, ...], pos: int | None) -> sp.Expr:
        try:
            return apply(op, operands, inverted)
        except (ValueError, TypeError, ArithmeticError) as err:  # sympy refusing, e.g. max of incomparables
            raise self.error(f"cannot apply {op} to these operands ({err})", pos) from None

    # -- the syntax tree ---------------------------------------------------------------------------------

    def value(self, syntax: Syntax) -> Operand:
        """The value of a syntax node: a scalar operand, a vector or a matrix; its block is noted in ``refs``."""
        value, ref = self._evaluate(syntax)
        self.refs[id(syntax)] = ref
        return value

    def _evaluate(self, syntax: Syntax) -> tuple[Operand, Ref]:
        kind = syntax.kind
        if kind in ("num", "const"):
            value = syntax.value
            number = sp.Rational(value.numerator, value.denominator) if isinstance(value, Fraction) else None
            constant = ("const", CONSTANTS[syntax.op] if number is None else number)
            return constant, ("const", constant)
        if kind == "name":
            name = syntax.op
            if name in self.env:
                return self.env[name]
            self.used_before.setdefault(name, syntax.pos)
            if name not in self.inputs:
                self.inputs.append(name)
            return ("input", name), self.blocks.leaf(("input", name))
        if kind in ("vector", "matrix"):
            rows = syntax.args if kind == "matrix" else (syntax,)
            values = tuple(tuple(self.entry(arg) for arg in row.args) for row in rows)
            literal = (MATRIX, values) if kind == "matrix" else (VECTOR, values[0])
            if all(entry[0] in ("input", "const") for entry in flat(literal)):
                return literal, self.blocks.leaf(literal)
            refs = [self.refs[id(arg)] for row in rows for arg in row.args]
            return literal, self.blocks.operation("stack", refs, (), syntax.pos, literal)
        operands = [self.value(arg) for arg in syntax.args]
        op = "matmul" if syntax.op == "@" else syntax.op
        inverted = syntax.inverted or (False,) * len(operands)
        result = self._whole(op, operands, inverted, syntax)
        return result, self.blocks.operation(op, [self.refs[id(a)] for a in syntax.args], inverted, syntax.pos, result)

    def _whole(self, op: str, operands: list[Operand], inverted: tuple[bool, ...], syntax: Syntax) -> Operand:
        """One operation on whole values: entry by entry, or written out in scalar operations."""
        pos, args = syntax.pos, syntax.args
        if op == "matmul":
            return matmul(operands[0], operands[1], args, pos, self.text, self.scalar)
        if op == "transpose":
            return transpose(operands[0])
        if op in ("softmax", "logsumexp"):
            return softmax(op, operands[0], args[0], pos, self.text, self.scalar)
        if operation(op).vectors:  # dot, sum, mean: vectors in, one scalar out
            entries = reduction(op, operands, args, pos, self.text)
            return self.scalar(op, entries, (False,) * len(entries), pos)
        if op == "**" and shape(operands[0]) and args[1].kind == "name" and args[1].op == "T" and "T" not in self.env:
            raise self.error(  # the textbook's Wᵀ typed as W^T: a power by an input T is not what was meant
                f"{_named(args[0])}^T would raise every entry to the power of an input T; "
                f"for the transpose write {_named(args[0])}ᵀ or transpose({_named(args[0])})",
                pos,
            )
        per_entry = elementwise(op, operands, args, pos, self.text)
        if per_entry is None:
            return self.scalar(op, operands, inverted, pos)
        dims, entries = per_entry
        if op == "*" and sum(1 for o in operands if shape(o)) > 1 and len(dims) == 1:
            self.products.append((args, dims[0]))  # w*x: entry by entry, which a reader may take for dot(w, x)
        return make(dims, [self.scalar(op, entry, inverted, pos) for entry in entries])

    def entry(self, syntax: Syntax) -> Operand:
        """One entry of a vector or a matrix written as [...]: a scalar."""
        value = self.value(syntax)
        dims = shape(value)
        if dims:
            what = f"a vector of {dims[0]}" if len(dims) == 1 else f"a {shape_text(dims)} matrix"
            raise self.error(f"a vector's entries must be scalars; this one is {what}", syntax.pos)
        return value

    def scalar(self, op: str, operands: list[Operand], inverted: tuple[bool, ...], pos: int | None) -> Operand:
        """One operation on scalar operands: folded when all are constants, shared when seen before, counted."""
        if all(o[0] == "const" for o in operands):
            return ("const", fold(op, [o[1] for o in operands], inverted, pos, self.text, self.limits))
        key = (op, tuple(operands), inverted)
        if self.share and key in self.seen:
            return ("node", self.seen[key])
        self.cost += max(1, len(operands) - 1)
        if self.cost > self.limits.max_operations:
            raise self.error(
                f"this program works out to more than {self.limits.max_operations} operations entry by entry; "
                "use smaller vectors or matrices",
                pos,
            )
        self.pending.append(_Pending(op, list(operands), inverted, pos))
        index = len(self.pending) - 1
        self.seen[key] = index
        return ("node", index)

    def run(self) -> DataFlow:
        statements = self.program.statements
        output: Operand = ("const", sp.S.Zero)
        output_ref: Ref = ("const", output)
        for number, stmt in enumerate(statements):
            syntax = Syntax("vector", "[", stmt.values, stmt.pos) if stmt.is_vector else stmt.values[0]
            value = self.value(syntax)
            ref = self.refs[id(syntax)]
            last = number == len(statements) - 1
            if stmt.name is not None:
                name = stmt.name
                if name in self.env:
                    raise self.error(f"{name!r} is assigned twice; give each step its own name", stmt.pos)
                if name in self.used_before:
                    raise self.error(
                        f"{name!r} is used before it is assigned; define each step before using it",
                        self.used_before[name],
                    )
                ref = self.blocks.name(ref, name)
                self.env[name] = (value, ref)
                if shape(value):
                    if len(shape(value)) == 2:
                        self.matrices[name] = shape(value)  # type: ignore[assignment]
                    if not last:  # the output's entries are named as outputs (y1, y2, ...)
                        self.vectors.append((name, flat(value)))
                elif value[0] == "node" and self.pending[value[1]].name is None:
                    self.pending[value[1]].name = name
                self.assigned[name] = stmt.pos
            if last:
                output, output_ref = value, ref
        self.output_ref = output_ref
        outputs = list(flat(output))
        if len(outputs) > self.limits.max_outputs:  # every output has its own paths, totals and adjoints
            raise self.error(
                f"the output has {len(outputs):,} entries; at most {self.limits.max_outputs} are allowed",
                statements[-1].pos,
            )
        return self.finish(outputs, bool(shape(output)), statements[-1].name, shape(output))

    # -- naming and the finished graph ---------------------------------------------------------------------

    def _output_ids(
        self, outputs: list[Operand], is_vector: bool, out_name: str | None, dims: tuple[int, ...]
    ) -> tuple[list[int], dict]:
        """Every output as a node of its own with its own name (an identity node where needed)."""
        users = set(self.inputs) | set(self.assigned)
        stems = [out_name] if (is_vector and out_name) else ["y", "f", "out", "output"]
        fresh = output_names(len(outputs), users, is_vector, stems, dims)
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
            self.pending.append(_Pending("id", [value], (False,), None))
            index = len(self.pending) - 1
            ids[index] = fresh[k] if (is_vector or out_name is None) else out_name
            output_index.append(index)
        return output_index, ids

    def _needed(self, output_index: list[int]) -> set[int]:
        """The operations that lead to an output (program lines never used are reported)."""
        needed: set[int] = set()
        stack = list(output_index)
        while stack:
            index = stack.pop()
            if index in needed:
                continue
            needed.add(index)
            stack.extend(o[1] for o in self.pending[index].operands if o[0] == "node")
        return needed

    def finish(self, outputs: list[Operand], is_vector: bool, out_name: str | None, dims: tuple[int, ...]) -> DataFlow:
        output_index, ids = self._output_ids(outputs, is_vector, out_name, dims)
        needed = self._needed(output_index)
        unused = tuple(p.name for i, p in enumerate(self.pending) if i not in needed and p.name)
        users = set(self.inputs) | set(self.assigned) | set(ids.values())
        for name, entries in self.vectors:  # h = [sin(x), cos(x)]: its entries are h1, h2
            nodes = [e[1] for e in entries if e[0] == "node"]
            if nodes and not set(nodes) & needed:
                unused += (name,)
            columns = self.matrices[name][1] if name in self.matrices else 0
            for k, entry in enumerate(entries):
                index = entry[1]
                if entry[0] == "node" and index in needed and index not in ids and self.pending[index].name is None:
                    named = entry_name(name, *divmod(k, columns), users) if columns else component_name(name, k, users)
                    ids[index] = named
                    users.add(named)
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
            symbols[name] = exprs[name] = sym
            nodes.append(Node(name, "input", "input", (), sym, sym, sym, self.used_before.get(name)))
        outputs_set = set(output_index)
        for index in sorted(needed):
            node, node_edges = self._node(self.pending[index], ids[index], ids, symbols, exprs)
            if index in outputs_set:
                node = replace(node, kind="output")
            nodes.append(node)
            edges.extend(node_edges)
        output_ids = [ids[i] for i in output_index]
        if len(dims) == 2:
            self.matrices[out_name or stem(output_ids[0])] = dims  # type: ignore[assignment]

        def entry(operand: Operand) -> str | sp.Expr | None:
            if operand[0] == "const":
                return operand[1]
            return operand[1] if operand[0] == "input" else ids.get(operand[1])

        out = out_name or (stem(output_ids[0]) if is_vector else output_ids[0])
        taken = users | set(ids.values())
        return DataFlow(
            self.text,
            tuple(nodes),
            tuple(edges),
            tuple(self.inputs),
            tuple(output_ids),
            is_vector,
            unused,
            self._vectors(ids, output_ids if is_vector and out_name else None, out_name),
            tuple((name, dims) for name, dims in self.matrices.items()),
            self.blocks.finish(self.output_ref, entry, taken, out),
            remarks(self.products, is_vector, out),
        )

    def _vectors(self, ids: dict, outputs: list[str] | None, out_name: str | None) -> tuple:
        """The named vectors as (name, entry ids): None for an entry that is a constant or unused."""

        def ref(entry: Operand) -> str | None:
            if entry[0] == "input":
                return entry[1]
            return ids.get(entry[1]) if entry[0] == "node" else None

        named = [(name, tuple(ref(e) for e in entries)) for name, entries in self.vectors]
        if outputs is not None and out_name is not None:
            named.append((out_name, tuple(outputs)))
        return tuple((name, entries) for name, entries in named if any(entries))

    def _node(self, pending: _Pending, node_id: str, ids: dict, symbols: dict, exprs: dict) -> tuple[Node, list]:
        """One operation's node and its edges, one per non-constant operand."""
        sym = sp.Symbol(node_id, real=True)
        symbols[node_id] = sym
        sources: list[str] = []
        placeholders: list[sp.Expr] = []
        shown: list[sp.Expr] = []
        constant: list[bool] = []
        for operand in pending.operands:
            constant.append(operand[0] == "const")
            if operand[0] == "const":
                placeholders.append(operand[1])
                shown.append(operand[1])
                continue
            source = operand[1] if operand[0] == "input" else ids[operand[1]]
            placeholders.append(position_symbol(len(sources)))
            shown.append(symbols[source])
            sources.append(source)
        problem = width_problem(pending.op, len(pending.operands), sources, pending.inverted, constant, self.limits)
        if problem is not None:
            raise self.error(problem, pending.pos)
        function = self.apply(pending.op, placeholders, pending.inverted, pending.pos)
        local = apply(pending.op, shown, pending.inverted, evaluate=False)
        if function.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise self.error(
                f"{unicode(local, typed=True)} is undefined for every value (division by zero?)", pending.pos
            )
        if pending.op == "**" and not constant[0] and constant[1]:  # (c·x)^r: c^r is computed exactly
            check_coefficient_power(exprs[sources[0]], pending.operands[1][1], pending.pos, self.text, self.limits)
        by_position = {position_symbol(i): exprs[s] for i, s in enumerate(sources)}
        as_symbols = {position_symbol(i): symbols[s] for i, s in enumerate(sources)}
        exprs[node_id] = function.xreplace(by_position)
        rules = operation(pending.op).rules(list(zip(constant, pending.inverted)))
        rules = [rule for rule, const in zip(rules, constant) if not const]
        twin = twins(pending.op, sources, [inv for inv, const in zip(pending.inverted, constant) if not const])
        partials = local_partials(function, len(sources), twin)
        edges: list[Edge] = []
        for i, source in enumerate(sources):
            if twin[i] != i:  # the same operand again in a sum or product: the same partial
                edges.append(replace(edges[twin[i]], position=i))
                continue
            partial = partials[i]
            partial_expr = partial.xreplace(by_position)
            if partial_expr.has(sp.zoo, sp.nan):  # sqrt(x - x): the operand is a constant at a singularity
                raise self.error(
                    f"{node_id} = {unicode(local, typed=True)} has no derivative anywhere: {source} = "
                    f"{unicode(exprs[source])} for every input, where ∂{node_id}/∂{source} = "
                    f"{unicode(partial.xreplace(as_symbols))} is undefined",
                    pending.pos,
                )
            edges.append(Edge(source, node_id, i, partial.xreplace(as_symbols), partial_expr, partial, rules[i]))
        node = Node(
            node_id, "intermediate", pending.op, tuple(sources), local, exprs[node_id], sym, pending.pos, function
        )
        return node, edges


def _named(syntax: Syntax) -> str:
    return syntax.op if syntax.kind == "name" else "A"


def build(program: Program, *, share: bool = True, limits: Limits = LIMITS) -> DataFlow:
    """Build the data-flow graph of a parsed program.

    Parameters
    ----------
    program : Program
        From :func:`explorer.language.parse.parse`.
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

    Notes
    -----
    Linear in the size of the program, except that an n-ary product has n
    local partials of n − 1 factors each.

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> flow = build(parse("x*x**2"))
    >>> [(n.id, unicode(n.local, typed=True)) for n in flow.nodes]
    [('x', 'x'), ('u1', 'x²'), ('y', 'x·u1')]
    >>> [(e.source, e.target, str(e.partial), e.rule) for e in flow.edges]
    [('x', 'u1', '2*x', 'power'), ('x', 'y', 'u1', 'product'), ('u1', 'y', 'x', 'product')]
    >>> [(n.id, unicode(n.local, typed=True)) for n in build(parse("x + x**2 - 1")).nodes]
    [('x', 'x'), ('u1', 'x²'), ('y', 'x + u1 − 1')]
    """
    return _Builder(program, share, limits).run()
