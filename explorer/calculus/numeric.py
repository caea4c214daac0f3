"""Evaluate a data-flow graph at a point, with floats, node by node.

Each node's local function and each edge's local partial is compiled once
(:func:`explorer.language.floats.compile_expr`, cached by expression) and called on the
float values of its operands, so the work is one call per node and edge. A
value that is complex, infinite, undefined or at a kink of abs/relu/max/min is
reported as None with a note in words.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..graph.flow import DataFlow
from ..language.floats import Undefined, at_kink, positions, value_of
from ..language.printing import unicode
from .accumulate import Algebra, forward, reverse

__all__ = [
    "Evaluation",
    "accumulate_values",
    "adjoint_values",
    "evaluate",
    "node_values",
    "path_value",
]


@dataclass(frozen=True)
class Evaluation:
    """Values at one point: per node, per edge, and why some are missing.

    Attributes
    ----------
    node_values : Mapping[str, float or None]
    edge_values : tuple of float or None
        One per edge of the graph; None where the local partial is undefined.
    notes : tuple of str
        Why values are missing, in words.
    kinks : frozenset of int
        Edges whose partial is undefined only because the point sits on a
        kink (abs, relu, max, min): their one-sided values are finite, so a
        product with an exact zero is still zero (``abs(x)**2`` at 0).
    """

    node_values: Mapping[str, float | None]
    edge_values: tuple[float | None, ...]
    notes: tuple[str, ...]
    kinks: frozenset[int] = frozenset()

    @property
    def undefined(self) -> frozenset[str]:
        """The nodes whose value is undefined here: so is their derivative (ln(ln(x)²) at x = 1)."""
        return frozenset(name for name, value in self.node_values.items() if value is None)


def node_values(flow: DataFlow, point: Mapping[str, float]) -> tuple[dict[str, float | None], list[str]]:
    """Every node's value at ``point`` (None where undefined), and why some are missing."""
    values: dict[str, float | None] = {}
    notes: list[str] = []
    for node in flow.nodes:
        if node.kind == "input":
            values[node.id] = float(point[node.id])
            continue
        known = [values[o] for o in node.operands]
        if any(v is None for v in known):
            values[node.id] = None
            continue
        try:
            values[node.id] = value_of(node.function, positions(len(known)), known)
        except Undefined as why:
            values[node.id] = None
            notes.append(f"{node.id} = {unicode(node.local, typed=True)} is {why} at this point")
    return values, notes


def _edge_value(edge, target, args: tuple, known: list[float], notes: list[str]) -> tuple[float | None, bool]:
    """An edge's local partial at the point, and whether it sits on a kink; notes say why a value is missing."""
    label = f"∂{edge.target}/∂{edge.source}"
    if at_kink(edge.local_partial, args, known):
        local = unicode(target.local, typed=True)
        note = f"{edge.target} = {local} is not differentiable here (a kink): {label} is undefined"
        if note not in notes:
            notes.append(note)
        return None, True
    try:
        return value_of(edge.local_partial, args, known), False
    except Undefined as why:
        notes.append(f"{label} = {unicode(edge.partial)} is {why} at this point")
        return None, False


def evaluate(flow: DataFlow, point: Mapping[str, float]) -> Evaluation:
    """Evaluate every node and edge of ``flow`` at ``point``.

    Parameters
    ----------
    flow : DataFlow
    point : Mapping[str, float]
        A value for every input.

    Returns
    -------
    Evaluation

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> ev = evaluate(build(parse("ln(x)")), {"x": -1.0})
    >>> ev.node_values["y"], ev.notes
    (None, ('y = ln(x) is complex at this point',))
    """
    values, notes = node_values(flow, point)
    incoming = flow.incoming()
    edge_values: list[float | None] = [None] * len(flow.edges)
    kinks: set[int] = set()
    for target in flow.nodes:
        known = [values[o] for o in target.operands]
        # where the function itself is undefined, so is its derivative (ln(x) at x = -1)
        if not known or any(v is None for v in known) or values[target.id] is None:
            continue
        args = positions(len(known))
        done: dict[int, tuple] = {}  # a twin (x*x: the same operand again) shares its partial and value
        for index in incoming[target.id]:
            edge = flow.edges[index]
            key = id(edge.local_partial)
            if key not in done:
                done[key] = _edge_value(edge, target, args, known, notes)
            edge_values[index], kinked = done[key]
            if kinked:
                kinks.add(index)
    if any(flow.node(flow.edges[i].target).op in _TIES for i in kinks):
        _untie(flow, values, edge_values, kinks, notes)
    return Evaluation(values, tuple(edge_values), tuple(notes), frozenset(kinks))


#: Operations whose kinks are ties between their arguments.
_TIES = frozenset({"max", "min"})


def _agree(derivatives: Sequence[object]) -> bool:
    """Do the tied arguments' derivatives by one input agree (all undefined is agreeing: so is the max's)?"""
    if all(not isinstance(d, float) for d in derivatives):
        return True
    first = derivatives[0]
    return all(
        isinstance(d, float) and isinstance(first, float) and math.isclose(d, first, rel_tol=1e-9, abs_tol=1e-12)
        for d in derivatives
    )


def _untie(flow: DataFlow, values, edge_values: list, kinks: set[int], notes: list[str]) -> None:
    """Ties of a max or min whose tied arguments have the same derivative by every input are no kinks.

    At a tie the one-sided derivatives of max(a, b) are a′ and b′: where they
    agree (``max(x, x)``, ``max(2*x, x + x)``, ``max(x**2, 2*x - 1)`` at 1) the max is
    differentiable and its derivative is that common one, so each tied edge
    carries an equal share of it (½ each for two, as sympy's H(0)); where they
    differ it is a kink and stays undefined. One forward pass by every input
    at once, in evaluation order, so a tie inside a tie is settled first.
    """
    inputs = flow.inputs
    incoming = flow.incoming()
    slots = {name: k for k, name in enumerate(inputs)}
    gradient: dict[str, list[object]] = {}
    for node in flow.nodes:
        if node.kind == "input":
            gradient[node.id] = [1.0 if k == slots[node.id] else 0.0 for k in range(len(inputs))]
            continue
        edges = incoming[node.id]
        if node.op in _TIES and any(i in kinks for i in edges):
            _settle(flow, node, edges, values, gradient, edge_values, kinks, notes)
        found: list[object] = [0.0] * len(inputs)
        for i in edges:
            partial = _BOUNDED if i in kinks else edge_values[i]
            upstream = gradient[flow.edges[i].source]
            found = [_plus(acc, _times(partial, up)) for acc, up in zip(found, upstream)]
        gradient[node.id] = found


def _settle(
    flow: DataFlow, node, edges, values, gradient, edge_values: list, kinks: set[int], notes: list[str]
) -> None:
    """One max or min at a tie: share the derivative among the tied edges where the one-sided ones agree."""
    value = values[node.id]
    tied: dict[object, list[object]] = {}  # by operand node, or by constant: max(u, u) is u
    for arg in node.function.args:
        if arg.is_Number:
            if float(arg) == value:
                tied[arg] = [0.0] * len(flow.inputs)  # a constant tied with the others: its derivative is 0
            continue
        position = next((k for k, s in enumerate(positions(len(node.operands))) if s == arg), None)
        if position is None:
            return  # an argument that is an expression of the operands: leave the kink as it is
        source = node.operands[position]
        if values[source] == value:
            tied[source] = gradient[source]
    if not tied or not all(_agree(column) for column in zip(*tied.values())):
        return  # the one-sided derivatives differ: a kink
    shared = [i for i in edges if values[flow.edges[i].source] == value]
    for i in edges:
        kinks.discard(i)
        edge_values[i] = 1.0 / len(shared) if i in shared else 0.0
    kinked = f"{node.id} = {unicode(node.local, typed=True)} is not differentiable here (a kink)"
    notes[:] = [note for note in notes if not note.startswith(kinked)]


class _Bounded:
    """An undefined value that is finite on either side (a kink's partial): zero times it is zero."""

    def __repr__(self) -> str:
        return "bounded"


_BOUNDED = _Bounded()


def _times(a, b):
    """a·b where either may be None (undefined) or bounded-but-undefined."""
    if a == 0.0 and b is not None and (b is _BOUNDED or not isinstance(b, float) or math.isfinite(b)):
        return 0.0
    if b == 0.0 and a is not None and (a is _BOUNDED or math.isfinite(a)):
        return 0.0
    if a is None or b is None:
        return None
    if a is _BOUNDED or b is _BOUNDED:
        return _BOUNDED
    return a * b


def _plus(a, b):
    if a is None or b is None:
        return None
    if a is _BOUNDED or b is _BOUNDED:
        return _BOUNDED
    return a + b


def _final(value) -> float | None:
    if value is None or value is _BOUNDED or not math.isfinite(value):
        return None
    return value


def path_value(edge_values: Sequence[float | None], edges: Sequence[int], kinks: frozenset[int] = frozenset()):
    """The product of the edges' values along a path; zero when an exact zero meets a kink.

    Examples
    --------
    >>> path_value([2.0, None, 0.0], [1, 2], kinks=frozenset({1}))
    0.0
    >>> path_value([2.0, None, 3.0], [0, 1, 2], kinks=frozenset({1})) is None
    True
    """
    value = 1.0
    for i in edges:
        value = _times(value, _BOUNDED if i in kinks else edge_values[i])
    return _final(value)


def _float_total(terms: list[tuple[object, object]]) -> object:
    total: object = 0.0
    for partial, other in terms:
        total = _plus(total, _times(partial, other))
    return total


#: Floats at a point, where None is undefined and a kink's partial is bounded (zero times it is zero).
FLOATS = Algebra(0.0, 1.0, lambda value: value == 0.0, _float_total)


def _partials(edge_values: Sequence[float | None], kinks: frozenset[int]):
    return lambda i: _BOUNDED if i in kinks else edge_values[i]


def accumulate_values(
    flow: DataFlow,
    edge_values: Sequence[float | None],
    wrt: str,
    kinks: frozenset[int] = frozenset(),
    undefined: frozenset[str] = frozenset(),
) -> dict[str, float | None]:
    """Numeric forward accumulation of d(node)/d(wrt) from the edge values (:func:`.accumulate.forward`).

    Undefined values propagate only through edges that carry a non-zero
    upstream derivative, and a kink's partial (finite on either side) times
    an exact zero is zero: ``abs(x)**2`` has derivative 0 at 0. A node whose value is
    ``undefined`` has no derivative, even where the sum of its terms is an exact zero.

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> flow = build(parse("x*x**2"))
    >>> ev = evaluate(flow, {"x": 2.0})
    >>> accumulate_values(flow, ev.edge_values, "x")["y"]
    12.0
    >>> flow = build(parse("abs(x)**2"))
    >>> ev = evaluate(flow, {"x": 0.0})
    >>> accumulate_values(flow, ev.edge_values, "x", ev.kinks)["y"]
    0.0
    """
    totals = forward(flow, wrt, _partials(edge_values, kinks), FLOATS)
    return {name: None if name in undefined else _final(value) for name, value in totals.items()}


def adjoint_values(
    flow: DataFlow,
    edge_values: Sequence[float | None],
    output: str,
    kinks: frozenset[int] = frozenset(),
    undefined: frozenset[str] = frozenset(),
) -> dict[str, float | None]:
    """Numeric reverse accumulation of the adjoints d(output)/d(node) (:func:`.accumulate.reverse`).

    Undefined values propagate only through edges whose target has a
    non-zero adjoint, and a kink's partial times an exact zero is zero.

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> flow = build(parse("sigmoid(w*x + b)"))
    >>> ev = evaluate(flow, {"w": 1.0, "x": 2.0, "b": -2.0})
    >>> adjoint_values(flow, ev.edge_values, "y")
    {'w': 0.5, 'x': 0.25, 'b': 0.25, 'u1': 0.25, 'u2': 0.25, 'y': 1.0}
    """
    adjoints = reverse(flow, output, _partials(edge_values, kinks), FLOATS)
    if output in undefined:  # an undefined output has no derivative by anything
        return dict.fromkeys(adjoints)
    return {name: None if name in undefined else _final(value) for name, value in adjoints.items()}
