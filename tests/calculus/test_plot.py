"""The slope picture's numbers: f and f′ along the input against sympy, the tangent, each path's slope, gaps."""

from __future__ import annotations

import json
import math

import pytest
import sympy as sp

from explorer.calculus.pipeline import run
from explorer.calculus.plot import SAMPLES, plot, window
from explorer.exports.formats import export

NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"


@pytest.mark.parametrize(
    ("text", "at"),
    [("x + x**2", {"x": 1}), ("x*x**2", None), ("ln(sin(x**3)**2)", None), ("sigmoid(w*x + b)", {"w": 1, "b": -2})],
)
def test_f_and_its_derivative_along_the_input_are_sympys(text, at):
    analysis = run(text, at=at)
    (curve,) = plot(analysis).curves
    names = {n: sp.Symbol(n, real=True) for n in analysis.inputs}
    expr = analysis.flow.node(curve.output).expr.subs(
        {s: names[s.name] for s in analysis.flow.node(curve.output).expr.free_symbols}
    )
    others = {names[n]: v for n, v in analysis.point.items() if n != curve.wrt}
    along, slope = expr.subs(others), sp.diff(expr, names[curve.wrt]).subs(others)

    def f(value):
        return complex(sp.N(along.subs(names[curve.wrt], value), 30))

    def df(value):
        return complex(sp.N(slope.subs(names[curve.wrt], value), 30))

    assert len(curve.f) == len(curve.derivative) == SAMPLES >= 50
    assert (curve.f[0][0], curve.f[-1][0]) == pytest.approx(window(analysis.point[curve.wrt]))
    for (xv, y), (_, dy) in zip(curve.f, curve.derivative):
        expected = f(xv)
        if y is None:  # a gap only where the function is not a real number
            assert not math.isfinite(expected.real) or abs(expected.imag) > 1e-12
            continue
        assert y == pytest.approx(expected.real, rel=1e-9, abs=1e-12)
        assert dy == pytest.approx(df(xv).real, rel=1e-7, abs=1e-9)


def test_the_tangent_is_the_total_and_each_path_its_product():
    analysis = run("x*x**2")
    (curve,) = plot(analysis).curves
    assert curve.at == (0.5, 0.125) and curve.slope == analysis.total_values[0] == 0.75
    assert [slope for _, slope in curve.paths] == [p.value for p in analysis.paths] == [0.5, 0.25]
    assert curve.f[SAMPLES // 2] == (0.5, 0.125)  # the point is the middle sample


def test_undefined_values_are_gaps_not_errors():
    (curve,) = plot(run("1/x + ln(x)", at={"x": 0.5})).curves
    gaps = [x for x, y in curve.f if y is None]
    assert gaps and all(x <= 0 for x in gaps)  # the pole at 0 and the logarithm of x ≤ 0


def test_vector_outputs_plot_each_entry_and_a_gradient_each_input():
    assert [(c.output, c.wrt) for c in plot(run("[ln(x**2), sin(3*x)]")).curves] == [("y1", "x"), ("y2", "x")]
    neuron = run(NEURON, "w", {"x1": 3, "x2": 4})
    curves = plot(neuron).curves
    assert [c.wrt for c in curves] == ["w1", "w2", "w3"]
    assert [c.slope for c in curves] == list(neuron.total_values) == [3.0, 4.0, 1.25]


def test_the_json_carries_the_plot():
    data = json.loads(export(run("x + x**2", at={"x": 1}), "json"))
    plot_ = data["plot"]
    assert len(plot_["f"]) >= 50 and all(len(pair) == 2 for pair in plot_["f"])
    assert plot_["tangent"]["slope"] == data["total_value"] == 3.0
    assert [p["slope"] for p in plot_["paths"]] == [2.0, 1.0]
    assert plot_["entries"][0]["f"] == plot_["f"]
