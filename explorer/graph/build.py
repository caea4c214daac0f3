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
from ..language.parse import Program, Syntax
from ..language.printing import unicode
from .constants import check_coefficient_power, fold
from .flow import DataFlow, Edge, Node
from .vectors import VECTOR, component_name, entrywise, is_vector, reduced

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
        self.env: dict[str, Operand] = {}
        self.seen: dict[tuple, int] = {}
        self.assigned: dict[str, int] = {}  # user name -> statement position
        self.used_before: dict[str, int] = {}
        self.vectors: list[tuple[str, tuple[Operand, ...]]] = []  # named vectors, in the order assigned

    def error(self, message: str, pos: int | None) -> ExpressionError:
        return ExpressionError(message, pos, self.text)

    def apply(self, op: str, operands: list, inverted: tuple[bool, ...], pos: int | None) -> sp.Expr:
        try:
            return apply(op, operands, inverted)
        except (ValueError, TypeError, ArithmeticError) as err:  # sympy refusing, e.g. max of incomparables
            raise self.error(f"cannot apply {op} to these operands ({err})", pos) from None

    # -- the syntax tree ---------------------------------------------------------------------------------

    def value(self, syntax: Syntax) -> Operand:
        kind = syntax.kind
        if kind == "num":
            value = syntax.value
            assert isinstance(value, Fraction)
            return ("const", sp.Rational(value.numerator, value.denominator))
        if kind == "const":
            return ("const", CONSTANTS[syntax.op])
        if kind == "name":
            name = syntax.op
            if name in self.env:
                return self.env[name]
            self.used_before.setdefault(name, syntax.pos)
            if name not in self.inputs:
                self.inputs.append(name)
            return ("input", name)
        if kind == "vector":
            return (VECTOR, tuple(self.entry(arg) for arg in syntax.args))
        operands = [self.value(arg) for arg in syntax.args]
        inverted = syntax.inverted or (False,) * len(operands)
        if operation(syntax.op).vectors:  # dot, sum: vectors in, one scalar out
            entries = reduced(syntax.op, operands, syntax.pos, self.text)
            return self.scalar(syntax.op, entries, (False,) * len(entries), syntax.pos)
        per_entry = entrywise(syntax.op, operands, syntax.pos, self.text)
        if per_entry is None:
            return self.scalar(syntax.op, operands, inverted, syntax.pos)
        return (VECTOR, tuple(self.scalar(syntax.op, entry, inverted, syntax.pos) for entry in per_entry))

    def entry(self, syntax: Syntax) -> Operand:
        """One entry of a vector written as [...]: a scalar."""
        value = self.value(syntax)
        if is_vector(value):
            raise self.error(f"a vector's entries must be scalars; this one is a vector of {len(value[1])}", syntax.pos)
        return value

    def scalar(self, op: str, operands: list[Operand], inverted: tuple[bool, ...], pos: int | None) -> Operand:
        """One operation on scalar operands: folded when all are constants, shared when seen before."""
        if all(o[0] == "const" for o in operands):
            return ("const", fold(op, [o[1] for o in operands], inverted, pos, self.text, self.limits))
        key = (op, tuple(operands), inverted)
        if self.share and key in self.seen:
            return ("node", self.seen[key])
        self.pending.append(_Pending(op, list(operands), inverted, pos))
        index = len(self.pending) - 1
        self.seen[key] = index
        return ("node", index)

    def run(self) -> DataFlow:
        statements = self.program.statements
        output: Operand = ("const", sp.S.Zero)
        for number, stmt in enumerate(statements):
            if stmt.is_vector:
                value: Operand = (VECTOR, tuple(self.entry(v) for v in stmt.values))
            else:
                value = self.value(stmt.values[0])
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
                self.env[name] = value
                if is_vector(value):
                    if not last:  # the output's entries are named as outputs (y1, y2, ...)
                        self.vectors.append((name, value[1]))
                elif value[0] == "node" and self.pending[value[1]].name is None:
                    self.pending[value[1]].name = name
                self.assigned[name] = stmt.pos
            if last:
                output = value
        outputs = list(output[1]) if is_vector(output) else [output]
        if len(outputs) > self.limits.max_outputs:  # every output has its own paths, totals and adjoints
            raise self.error(
                f"the output has {len(outputs):,} entries; at most {self.limits.max_outputs} are allowed",
                statements[-1].pos,
            )
        return self.finish(outputs, is_vector(output), statements[-1].name)

    # -- naming and the finished graph ---------------------------------------------------------------------

    def _output_ids(self, outputs: list[Operand], is_vector: bool, out_name: str | None) -> tuple[list[int], dict]:
        """Every output as a node of its own with its own name (an identity node where needed)."""
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

    def finish(self, outputs: list[Operand], is_vector: bool, out_name: str | None) -> DataFlow:
        output_index, ids = self._output_ids(outputs, is_vector, out_name)
        needed = self._needed(output_index)
        unused = tuple(p.name for i, p in enumerate(self.pending) if i not in needed and p.name)
        users = set(self.inputs) | set(self.assigned) | set(ids.values())
        for name, entries in self.vectors:  # h = [sin(x), cos(x)]: its entries are h1, h2
            nodes = [e[1] for e in entries if e[0] == "node"]
            if nodes and not set(nodes) & needed:
                unused += (name,)
            for k, entry in enumerate(entries):
                index = entry[1]
                if entry[0] == "node" and index in needed and index not in ids and self.pending[index].name is None:
                    ids[index] = component_name(name, k, users)
                    users.add(ids[index])
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
        return DataFlow(
            self.text,
            tuple(nodes),
            tuple(edges),
            tuple(self.inputs),
            tuple(ids[i] for i in output_index),
            is_vector,
            unused,
            self._vectors(ids, [ids[i] for i in output_index] if is_vector and out_name else None, out_name),
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
        self._check_width(pending, sources, constant)
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
        twins = _twins(pending.op, sources, [inv for inv, const in zip(pending.inverted, constant) if not const])
        partials = _local_partials(function, len(sources), twins)
        edges: list[Edge] = []
        for i, source in enumerate(sources):
            if twins[i] != i:  # the same operand again in a sum or product: the same partial
                edges.append(replace(edges[twins[i]], position=i))
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

    def _check_width(self, pending: _Pending, sources: list[str], constant: list[bool]) -> None:
        """Refuse at once a product or a max/min whose partials would be too many to write out."""
        if pending.op == "*":
            inverted = [inv for inv, const in zip(pending.inverted, constant) if not const]
            factors = len(set(zip(sources, inverted)))
            if factors > self.limits.max_factors:
                raise self.error(
                    f"this product has {factors:,} different factors, at most {self.limits.max_factors} are "
                    f"allowed (each factor's partial is the product of all the others): split it into smaller "
                    "products, one per line",
                    pending.pos,
                )
        elif pending.op in ("max", "min") and len(pending.operands) > self.limits.max_extremes:
            raise self.error(
                f"{pending.op} of {len(pending.operands):,} arguments: at most {self.limits.max_extremes} are "
                f"allowed (each argument's partial compares it with all the others); nest them, as in "
                f"{pending.op}({pending.op}(a, b, c), d, e)",
                pending.pos,
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


def _twins(op: str, sources: list[str], inverted: list[bool]) -> list[int]:
    """For each operand position, the first position with the same source and sign (sums and products).

    In a sum or a product, two positions that hold the same node the same way (``x*x``) have the same
    partial once the operands are substituted, so it is computed once.
    """
    if op not in ("+", "*"):
        return list(range(len(sources)))
    first: dict[tuple[str, bool], int] = {}
    return [first.setdefault((source, inv), i) for i, (source, inv) in enumerate(zip(sources, inverted))]


def _local_partials(function: sp.Expr, count: int, twins: list[int]) -> list:
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
