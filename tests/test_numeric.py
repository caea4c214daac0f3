"""Values at a point: node and edge values against direct evaluation and finite differences."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import SYMBOLS, build_or_skip, expressions

from explorer.functions import elementary
from explorer.graph import build
from explorer.numeric import DEFAULT_POINT, Undefined, accumulate_values, evaluate, point_for, value_of
from explorer.parse import parse


def central_difference(expr: sp.Expr, name: str, point: dict[str, float], h: float = 1e-6) -> float:
    f = sp.lambdify([SYMBOLS[n] for n in point], elementary(expr), modules="mpmath")

    def at(v: float) -> float:
        args = [v if n == name else point[n] for n in point]
        return complex(f(*args))

    return (at(point[name] + h) - at(point[name] - h)) / (2 * h)


@given(expressions, st.floats(0.2, 1.8), st.floats(0.2, 1.8), st.floats(0.2, 1.8))
def test_accumulated_value_matches_finite_differences(case, vx, vy, vw):
    text, expr = case
    flow = build_or_skip(text)
    point = {name: {"x": vx, "y": vy, "w": vw}[name] for name in flow.inputs}
    evaluation = evaluate(flow, point)
    for name in flow.inputs:
        got = accumulate_values(flow, evaluation.edge_values, name)[flow.outputs[0]]
        assume(got is not None)
        try:
            fd = central_difference(expr, name, point)
        except (ZeroDivisionError, ValueError, OverflowError):
            assume(False)
        assume(abs(fd.imag) < 1e-9 and math.isfinite(fd.real) and abs(fd.real) < 1e6)
        assert got == pytest.approx(fd.real, rel=1e-4, abs=1e-4)


def test_node_values_follow_the_graph():
    flow = build(parse("ln(sin(x**3)**2)"))
    values = evaluate(flow, {"x": 0.5}).node_values
    assert values["u1"] == 0.125
    assert values["u2"] == pytest.approx(math.sin(0.125))
    assert values["y"] == pytest.approx(math.log(math.sin(0.125) ** 2))


def test_edge_values_are_local_partials():
    flow = build(parse("x*x**2"))
    assert evaluate(flow, {"x": 2.0}).edge_values == (4.0, 4.0, 2.0)


@pytest.mark.parametrize(
    ("expr", "value", "reason"),
    [
        (sp.log(SYMBOLS["x"]), -1.0, "complex"),
        (sp.sqrt(SYMBOLS["x"]), -4.0, "complex"),
        (sp.asin(SYMBOLS["x"]), 2.0, "complex"),
        (1 / SYMBOLS["x"], 0.0, "undefined (division by zero)"),
        (sp.log(SYMBOLS["x"]), 0.0, "undefined"),
        (sp.exp(SYMBOLS["x"]), 1000.0, "too large (overflow)"),
        (sp.exp(sp.exp(sp.exp(SYMBOLS["x"]))), 100.0, "too large (overflow)"),
    ],
)
def test_undefined_values_say_why(expr, value, reason):
    with pytest.raises(Undefined) as info:
        value_of(expr, (SYMBOLS["x"],), [value])
    assert str(info.value) == reason


def test_kinks_are_not_differentiable():
    for text in ("abs(x)", "relu(x)", "max(x, 0)", "min(x, 0)"):
        evaluation = evaluate(build(parse(text)), {"x": 0.0})
        assert evaluation.edge_values == (None,), text
        assert "not differentiable" in evaluation.notes[0]


def test_values_beside_a_kink_are_one_sided_derivatives():
    flow = build(parse("relu(x)"))
    assert evaluate(flow, {"x": 0.1}).edge_values == (1.0,)
    assert evaluate(flow, {"x": -0.1}).edge_values == (0.0,)


def test_default_point():
    assert point_for(("x", "w", "b"), None) == dict(zip("xwb", DEFAULT_POINT))


def test_derivatives_sympy_writes_with_re_and_im_evaluate():
    # d/dx |acosh(x)**w| is written with re() and im(), since acosh(x) is not known to be real
    flow = build(parse("abs(acosh(x)**w)"))
    evaluation = evaluate(flow, {"x": 2.0, "w": 1.5})
    assert all(v is not None for v in evaluation.edge_values)
    assert evaluation.node_values["y"] == pytest.approx(math.acosh(2.0) ** 1.5)
