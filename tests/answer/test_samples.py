"""Values at sampled points: the same numbers the analysis has at its point, checked against sympy elsewhere."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from explorer.answer.samples import EXTRA_POINTS, products_at, sample
from explorer.teach import explained


def test_the_evaluation_point_comes_first_with_the_analysis_values():
    analysis = explained("x*x**2 + sin(x)", at={"x": 1.25})
    samples = sample(analysis, analysis.totals, EXTRA_POINTS)
    assert samples.points[0] == {"x": 1.25}
    assert samples.totals[0, 0] == pytest.approx(analysis.total_values[0])
    products, _ = products_at(analysis, samples)
    assert products[0] == pytest.approx([p.value for p in analysis.paths])


@pytest.mark.parametrize("text", ["x*x**2 + sin(x)", "ln(sin(x**3)**2)", "sigmoid(w*x + b)", "x**x"])
def test_values_agree_with_sympy_at_every_point(text):
    analysis = explained(text)
    samples = sample(analysis, analysis.totals, EXTRA_POINTS)
    products, without = products_at(analysis, samples)
    assert len(samples.points) == EXTRA_POINTS
    wrt = analysis.flow.node(analysis.wrt).symbol
    oracle = sp.diff(analysis.flow.node("y").expr, wrt)
    symbols = {n.symbol: n.id for n in analysis.nodes if n.kind == "input"}
    for row, point in enumerate(samples.points):
        subs = {s: point[name] for s, name in symbols.items()}
        assert samples.totals[row, 0] == pytest.approx(float(oracle.evalf(subs=subs)), rel=1e-9, abs=1e-12)
        for i, path in enumerate(analysis.paths):
            assert products[row, i] == pytest.approx(float(path.product_expr.evalf(subs=subs)), rel=1e-9, abs=1e-12)
            for e in path.edges:
                rest = sp.Mul(*(analysis.edges[f].partial_expr for f in path.edges if f != e))
                assert without[i][e][row] == pytest.approx(float(rest.evalf(subs=subs)), rel=1e-9, abs=1e-12)


def test_points_where_a_path_has_no_value_are_skipped():
    analysis = explained("ln(x) + sqrt(x)")
    samples = sample(analysis, analysis.totals, 20)
    assert len(samples.points) == 20
    assert all(point["x"] > 0 for point in samples.points)


def test_an_answer_without_a_value_is_nan():
    analysis = explained("x**2")
    x = analysis.flow.node("x").symbol
    samples = sample(analysis, (sp.log(x),), 20)
    negative = [row for row, point in enumerate(samples.points) if point["x"] < 0]
    assert negative and all(math.isnan(samples.answers[row, 0]) for row in negative)
    assert not np.isnan(samples.answers[0, 0])


def test_the_same_points_every_time():
    analysis = explained("sin(x*y)")
    assert sample(analysis, analysis.totals, 5).points == sample(analysis, analysis.totals, 5).points


def test_no_inputs_one_point():
    analysis = explained("2 + 3")
    samples = sample(analysis, (sp.S.Zero,), EXTRA_POINTS)
    assert samples.points == ({},) and samples.totals.tolist() == [[0.0]]


def test_points_where_the_total_hangs_on_the_last_bits_are_left_out():
    """sin(exp(2x)) at x = 20 is sin of a 17-digit number: exp(2x) and exp(x)² round differently, and so do
    their sines. Such points cannot tell a right answer from a wrong one."""
    a = explained("x + cos(exp(x)**2)")
    kept = sample(a, (a.totals[0],), 40).points
    assert kept and all(abs(p["x"]) < 12 for p in kept)  # exp(2x) stays far below 2**53 · π
    steep = explained("x + cos(exp(x)**2)", at={"x": 20})
    assert sample(steep, (steep.totals[0],), 1).points[0] != {"x": 20.0}  # even the evaluation point
