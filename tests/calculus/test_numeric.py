"""Values at a point: node and edge values against direct evaluation and finite differences."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from hypothesis import assume, example, given
from hypothesis import strategies as st
from strategies import SYMBOLS, build_or_skip, expressions

from explorer.calculus.numeric import accumulate_values, adjoint_values, evaluate, path_value
from explorer.graph.build import build
from explorer.language.operations import elementary
from explorer.language.parse import parse


def central_difference(expr: sp.Expr, name: str, point: dict[str, float], h: float = 1e-6) -> float:
    f = sp.lambdify([SYMBOLS[n] for n in point], elementary(expr), modules="mpmath")

    def at(v: float) -> float:
        args = [v if n == name else point[n] for n in point]
        return complex(f(*args))

    return (at(point[name] + h) - at(point[name] - h)) / (2 * h)


@given(expressions, st.floats(0.2, 1.8), st.floats(0.2, 1.8), st.floats(0.2, 1.8))
@example(("ln((ln(x))**2)", sp.log(sp.log(SYMBOLS["x"]) ** 2)), 1.0, 1.0, 1.0)  # ln(0) at x = 1: no derivative
def test_accumulated_value_matches_finite_differences(case, vx, vy, vw):
    text, expr = case
    flow = build_or_skip(text)
    point = {name: {"x": vx, "y": vy, "w": vw}[name] for name in flow.inputs}
    evaluation = evaluate(flow, point)
    for name in flow.inputs:
        got = accumulate_values(flow, evaluation.edge_values, name, evaluation.kinks, evaluation.undefined)[
            flow.outputs[0]
        ]
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


def test_kinks_are_not_differentiable():
    for text in ("abs(x)", "relu(x)", "max(x, 0)", "min(x, 0)"):
        evaluation = evaluate(build(parse(text)), {"x": 0.0})
        assert evaluation.edge_values == (None,), text
        assert "not differentiable" in evaluation.notes[0]


def test_values_beside_a_kink_are_one_sided_derivatives():
    flow = build(parse("relu(x)"))
    assert evaluate(flow, {"x": 0.1}).edge_values == (1.0,)
    assert evaluate(flow, {"x": -0.1}).edge_values == (0.0,)


def test_derivatives_sympy_writes_with_re_and_im_evaluate():
    # d/dx |acosh(x)**w| is written with re() and im(), since acosh(x) is not known to be real
    flow = build(parse("abs(acosh(x)**w)"))
    evaluation = evaluate(flow, {"x": 2.0, "w": 1.5})
    assert all(v is not None for v in evaluation.edge_values)
    assert evaluation.node_values["y"] == pytest.approx(math.acosh(2.0) ** 1.5)


class TestKinks:
    """A kink's partial is undefined but finite on either side: times an exact zero it is zero."""

    @pytest.mark.parametrize("text", ["abs(x)**2", "x*abs(x)", "relu(x)**2", "max(x, 0)**2", "abs(x)**3"])
    def test_the_derivative_is_zero_where_a_kink_meets_a_zero(self, text):
        flow = build(parse(text))
        evaluation = evaluate(flow, {"x": 0.0})
        assert evaluation.kinks  # the kink is still there, and said
        assert any("not differentiable" in note for note in evaluation.notes)
        assert accumulate_values(flow, evaluation.edge_values, "x", evaluation.kinks)["y"] == 0.0

    @pytest.mark.parametrize("text", ["abs(x)", "relu(x) + x", "abs(x)*2", "max(x, 0) + x**2"])
    def test_a_kink_alone_stays_undefined(self, text):
        flow = build(parse(text))
        evaluation = evaluate(flow, {"x": 0.0})
        assert accumulate_values(flow, evaluation.edge_values, "x", evaluation.kinks)["y"] is None

    def test_a_pole_times_zero_stays_undefined(self):
        """Only kinks are bounded: 1/x at 0 times 0 is not 0."""
        flow = build(parse("0*x + (x - x)/x"))
        evaluation = evaluate(flow, {"x": 0.0})
        assert not evaluation.kinks

    def test_path_values_follow_the_same_rule(self):
        flow = build(parse("abs(x)**2"))
        evaluation = evaluate(flow, {"x": 0.0})
        assert path_value(evaluation.edge_values, (0, 1), evaluation.kinks) == 0.0


class TestValues:
    @given(expressions)
    def test_reverse_values_equal_forward_values(self, case):
        text, _ = case
        flow = build_or_skip(text)
        point = {name: 0.3 + 0.4 * k for k, name in enumerate(flow.inputs)}
        ev = evaluate(flow, point)
        reverse = adjoint_values(flow, ev.edge_values, flow.outputs[0], ev.kinks)
        for name in flow.inputs:
            forward = accumulate_values(flow, ev.edge_values, name, ev.kinks)[flow.outputs[0]]
            if forward is None or reverse[name] is None:
                assert forward is None and reverse[name] is None
            else:
                assert reverse[name] == pytest.approx(forward, rel=1e-9, abs=1e-12)

    def test_a_kink_times_zero_is_zero(self):
        flow = build(parse("abs(x)**2"))
        ev = evaluate(flow, {"x": 0.0})
        assert adjoint_values(flow, ev.edge_values, "y", ev.kinks)["x"] == 0.0

    def test_a_kink_alone_is_undefined(self):
        flow = build(parse("abs(x)"))
        ev = evaluate(flow, {"x": 0.0})
        assert adjoint_values(flow, ev.edge_values, "y", ev.kinks)["x"] is None


class TestTies:
    """A tie of max or min is a kink only where the tied arguments' one-sided derivatives differ."""

    @pytest.mark.parametrize(
        ("text", "x", "derivative"),
        [
            ("max(x, x)", 0.5, 1.0),
            ("min(sin(x), sin(x))", 0.5, math.cos(0.5)),
            ("max(2*x, x + x)", 0.5, 2.0),
            ("max(x**2, 2*x - 1)", 1.0, 2.0),  # tangent at the tie: differentiable, though not identical
            ("max(max(x, x), x)", -1.5, 1.0),
            ("max(x, x, 2*x)", 0.5, 2.0),  # the tie of x with x is below the max: no kink at all
        ],
    )
    def test_tied_arguments_with_one_derivative_are_no_kink(self, text, x, derivative):
        flow = build(parse(text))
        evaluation = evaluate(flow, {"x": x})
        total = accumulate_values(flow, evaluation.edge_values, "x", evaluation.kinks)["y"]
        assert total == pytest.approx(derivative, rel=1e-12)
        assert not evaluation.kinks and not any("kink" in note for note in evaluation.notes)
        assert total == pytest.approx(central_difference(flow.node("y").expr, "x", {"x": x}), rel=1e-5)

    @pytest.mark.parametrize(("text", "x"), [("max(x, x**2)", 1.0), ("max(x, 1)", 1.0), ("min(x, -x)", 0.0)])
    def test_tied_arguments_with_different_derivatives_are_a_kink(self, text, x):
        flow = build(parse(text))
        evaluation = evaluate(flow, {"x": x})
        assert evaluation.kinks
        assert accumulate_values(flow, evaluation.edge_values, "x", evaluation.kinks)["y"] is None
        assert any("not differentiable here (a kink)" in note for note in evaluation.notes)

    @given(expressions, st.sampled_from(["max", "min"]), st.floats(-2.5, 2.5))
    def test_a_function_tied_with_itself_has_its_own_derivative(self, case, op, x):
        """max(g, g) = g everywhere, so its derivative is g′ wherever g′ is defined."""
        text, expr = case
        flow = build_or_skip(f"{op}({text}, {text})")
        point = {name: x for name in flow.inputs}
        evaluation = evaluate(flow, point)
        oracle = sp.diff(expr, SYMBOLS["x"]) if "x" in flow.inputs else sp.S.Zero
        try:
            expected = complex(oracle.evalf(subs={SYMBOLS[n]: v for n, v in point.items()}))
        except (TypeError, ValueError, ArithmeticError):  # undefined there (0/0)
            expected = complex("nan")
        assume(math.isfinite(abs(expected)) and abs(expected.imag) < 1e-12 and abs(expected.real) < 1e6)
        got = (
            accumulate_values(flow, evaluation.edge_values, "x", evaluation.kinks)[flow.outputs[0]]
            if "x" in flow.inputs
            else 0.0
        )
        assume(got is not None)  # g itself may be undefined or kinked here (abs, relu inside g)
        assert got == pytest.approx(expected.real, rel=1e-7, abs=1e-9)
        assert not any(note.startswith(f"{flow.outputs[0]} = ") and "kink" in note for note in evaluation.notes)


def test_an_undefined_value_has_no_derivative_even_where_its_terms_are_zero():
    """ln(ln(x)²) at x = 1 is ln(0): its derivative is undefined, not the 0 of ∂y/∂u2 · 0."""
    flow = build(parse("ln(ln(x)**2)"))
    evaluation = evaluate(flow, {"x": 1.0})
    assert evaluation.undefined == {"y"}
    assert accumulate_values(flow, evaluation.edge_values, "x", evaluation.kinks, evaluation.undefined)["y"] is None
    adjoints = adjoint_values(flow, evaluation.edge_values, "y", evaluation.kinks, evaluation.undefined)
    assert set(adjoints.values()) == {None}
