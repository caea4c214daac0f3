"""Evaluate a data-flow graph at a point, with floats, node by node.

Each node's local function and each edge's local partial is compiled once by
``sympy.lambdify`` (cached by expression) and called on the float values of
its operands, so numbers never become exact huge integers and the work is one
call per node and edge. A value that is complex, infinite, undefined or at a
kink of abs/relu/max/min is reported as None with a note in words.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import sympy as sp

from .functions import NUMERIC_FUNCTIONS, position_symbol
from .printing import unicode

if TYPE_CHECKING:
    from .graph import DataFlow

__all__ = [
    "Evaluation",
    "Undefined",
    "evaluate",
    "compile_expr",
    "value_of",
    "point_for",
    "accumulate_values",
    "finite_differences",
    "DEFAULT_POINT",
]

#: Default values for the inputs, by order of appearance: well inside the domain of
#: the paper's examples (x**x, ln(x**2), ln(sin(x**3)**2)) and distinct, so max/min
#: of two inputs is not at its kink.
DEFAULT_POINT = (0.5, 1.5, 0.25, 2.0, 0.75, 1.25, 0.4, 1.75, 0.6, 1.1)


@lru_cache(maxsize=4096)
def compile_expr(expr: sp.Expr, args: tuple[sp.Symbol, ...], module: str = "math") -> Callable[..., float]:
    """Compile ``expr`` of ``args`` to a float function (cached).

    ``module`` is ``'math'`` (fast, raises on complex results) or
    ``'mpmath'`` (used to tell a complex value from an undefined one).

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> compile_expr(sp.sin(x) ** 2, (x,))(0.0)
    0.0
    """
    return sp.lambdify(args, expr, modules=[NUMERIC_FUNCTIONS, module], docstring_limit=0)


class Undefined(Exception):  # noqa: N818 - reads as "Undefined: complex"
    """A value that has no real number: the reason is the message."""


def positions(n: int) -> tuple[sp.Symbol, ...]:
    """The placeholders of an operation's ``n`` operand positions."""
    return tuple(position_symbol(i) for i in range(n))


def value_of(expr: sp.Expr, args: tuple[sp.Symbol, ...], values: Sequence[float]) -> float:
    """Evaluate ``expr`` at ``args = values``; a finite real float or :class:`Undefined`.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> value_of(sp.log(x), (x,), [1.0])
    0.0
    >>> value_of(sp.log(x), (x,), [-1.0])
    Traceback (most recent call last):
    ...
    explorer.numeric.Undefined: complex
    >>> value_of(1 / x, (x,), [0.0])
    Traceback (most recent call last):
    ...
    explorer.numeric.Undefined: undefined (division by zero)
    """
    if expr.is_Number:  # most local partials are constants: no code to compile
        try:
            result = float(expr)
        except (TypeError, ValueError, OverflowError):
            raise Undefined("undefined") from None
        if not math.isfinite(result):
            raise Undefined("infinite (overflow or a pole)")
        return result
    try:
        function = compile_expr(expr, args)
    except Exception:  # no float code for this expression (AccumBounds, ...)
        raise Undefined("undefined") from None
    try:
        result = function(*values)
    except ZeroDivisionError:
        raise Undefined("undefined (division by zero)") from None
    except OverflowError:
        raise Undefined("too large (overflow)") from None
    except (ValueError, TypeError):
        raise Undefined(_complex_or_undefined(expr, args, values)) from None
    except Exception:  # anything else the generated code raises means no value here
        raise Undefined("undefined") from None
    if isinstance(result, complex):
        if result.imag == 0:
            result = result.real
        else:
            raise Undefined("complex")
    try:
        result = float(result)
    except (TypeError, ValueError, OverflowError):
        raise Undefined("not a real number") from None
    if math.isnan(result):
        raise Undefined("undefined (not a number)")
    if math.isinf(result):
        raise Undefined("infinite (overflow or a pole)")
    return result


def _complex_or_undefined(expr: sp.Expr, args: tuple[sp.Symbol, ...], values: Sequence[float]) -> str:
    # math raises ValueError both for complex results (log(-1)) and for true poles; mpmath
    # returns a complex number for the former
    try:
        z = compile_expr(expr, args, "mpmath")(*values)
        z = complex(z)
    except Exception:
        return "undefined"
    if cmath.isfinite(z) and z.imag != 0:
        return "complex"
    return "undefined"


@dataclass(frozen=True)
class Evaluation:
    """Values at one point: per node, per edge, and why some are missing."""

    node_values: Mapping[str, float | None]
    edge_values: tuple[float | None, ...]
    notes: tuple[str, ...]


_KINKS = (sp.Heaviside, sp.sign)


def _kink(partial: sp.Expr, args: tuple[sp.Symbol, ...], values: Sequence[float]) -> bool:
    for atom in partial.atoms(*_KINKS):
        try:
            if value_of(atom.args[0], args, values) == 0.0:
                return True
        except Undefined:
            continue
    return False


def _node_values(flow: DataFlow, point: Mapping[str, float]) -> tuple[dict[str, float | None], list[str]]:
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
            notes.append(f"{node.id} = {unicode(node.local)} is {why} at this point")
    return values, notes


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
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> ev = evaluate(build(parse("ln(x)")), {"x": -1.0})
    >>> ev.node_values["y"], ev.notes
    (None, ('y = ln(x) is complex at this point',))
    """
    values, notes = _node_values(flow, point)
    edge_values: list[float | None] = []
    for edge in flow.edges:
        target = flow.node(edge.target)
        known = [values[o] for o in target.operands]
        # where the function itself is undefined, so is its derivative (ln(x) at x = -1)
        if any(v is None for v in known) or values[edge.target] is None:
            edge_values.append(None)
            continue
        args = positions(len(known))
        label = f"∂{edge.target}/∂{edge.source}"
        if _kink(edge.local_partial, args, known):
            edge_values.append(None)
            note = f"{edge.target} = {unicode(target.local)} is not differentiable here (a kink): {label} is undefined"
            if note not in notes:
                notes.append(note)
            continue
        try:
            edge_values.append(value_of(edge.local_partial, args, known))
        except Undefined as why:
            edge_values.append(None)
            notes.append(f"{label} = {unicode(edge.partial)} is {why} at this point")
    return Evaluation(values, tuple(edge_values), tuple(notes))


def point_for(inputs: Sequence[str], at: Mapping[str, float] | None) -> dict[str, float]:
    """The evaluation point: ``at`` where given, :data:`DEFAULT_POINT` elsewhere.

    Examples
    --------
    >>> point_for(("x", "w"), {"w": 2})
    {'x': 0.5, 'w': 2.0}
    """
    at = at or {}
    return {name: float(at.get(name, DEFAULT_POINT[i % len(DEFAULT_POINT)])) for i, name in enumerate(inputs)}


def accumulate_values(flow: DataFlow, edge_values: Sequence[float | None], wrt: str) -> dict[str, float | None]:
    """Numeric forward accumulation of d(node)/d(wrt) from the edge values.

    None (undefined) propagates only through edges that carry a non-zero
    upstream derivative.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> flow = build(parse("x*x**2"))
    >>> ev = evaluate(flow, {"x": 2.0})
    >>> accumulate_values(flow, ev.edge_values, "x")["y"]
    12.0
    """
    totals: dict[str, float | None] = {}
    incoming: dict[str, list[int]] = {node.id: [] for node in flow.nodes}
    for index, edge in enumerate(flow.edges):
        incoming[edge.target].append(index)
    for node in flow.nodes:
        if node.kind == "input":
            totals[node.id] = 1.0 if node.id == wrt else 0.0
            continue
        acc: float | None = 0.0
        for i in incoming[node.id]:
            upstream = totals[flow.edges[i].source]
            if upstream == 0.0:
                continue
            partial = edge_values[i]
            if upstream is None or partial is None or acc is None:
                acc = None
                continue
            acc += partial * upstream
        if acc is not None and not math.isfinite(acc):
            acc = None
        totals[node.id] = acc
    return totals


def finite_differences(flow: DataFlow, point: Mapping[str, float], wrt: str | None) -> tuple[float | None, ...]:
    """Central differences (f(x + h) − f(x − h)) / 2h of every output by ``wrt``.

    Uses only the node functions, none of the derivatives, so it checks them
    independently. ``h`` is the cube root of the float epsilon, scaled by
    ``|x|``, which balances truncation and rounding error.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
    >>> [round(v, 6) for v in finite_differences(build(parse("x**3")), {"x": 2.0}, "x")]
    [12.0]
    """
    if wrt is None:
        return tuple(0.0 for _ in flow.outputs)
    h = 6e-6 * max(1.0, abs(point[wrt]))
    up, _ = _node_values(flow, {**point, wrt: point[wrt] + h})  # the node functions only, no partials
    down, _ = _node_values(flow, {**point, wrt: point[wrt] - h})
    result: list[float | None] = []
    for out in flow.outputs:
        a, b = up[out], down[out]
        value = None if a is None or b is None else (a - b) / (2 * h)
        result.append(value if value is None or math.isfinite(value) else None)
    return tuple(result)
