"""Finite differences: the paper's Δx = 1 check, the central step, undefined ends."""

from __future__ import annotations

import pytest

from explorer.calculus.differences import FiniteDifference, differences, finite_differences
from explorer.graph.build import build
from explorer.language.parse import parse


class TestDifferences:
    def test_the_papers_check_of_x_plus_x_squared(self):
        (d,) = differences(build(parse("x + x**2")), {"x": 1.0}, ["x"], step=1.0)
        assert (d.start, d.end, d.before, d.after, d.delta, d.estimate) == (1.0, 2.0, 2.0, 6.0, 4.0, 4.0)

    def test_the_same_check_of_x_times_x_squared(self):
        (d,) = differences(build(parse("x * x**2")), {"x": 1.0}, ["x"], step=1.0)
        assert (d.before, d.after, d.estimate) == (1.0, 8.0, 7.0)  # neither path alone (2x², x²) comes near

    def test_central_by_default_and_the_same_as_finite_differences(self):
        flow = build(parse("[sin(x), x**3]"))
        found = differences(flow, {"x": 2.0}, ["x"])
        assert [d.output for d in found] == ["y1", "y2"]
        assert all(d.start < 2.0 < d.end and d.end - d.start == pytest.approx(d.step) for d in found)
        assert [d.estimate for d in found] == list(finite_differences(flow, {"x": 2.0}, "x"))

    def test_entry_by_entry_output_by_output(self):
        flow = build(parse("[w*x, w + x]"))
        found = differences(flow, {"w": 2.0, "x": 3.0}, ["w", "x"], step=0.5)
        assert [(d.output, d.wrt, d.estimate) for d in found] == [
            ("y1", "w", 3.0),
            ("y1", "x", 2.0),
            ("y2", "w", 1.0),
            ("y2", "x", 1.0),
        ]

    def test_undefined_ends(self):
        (d,) = differences(build(parse("ln(x)")), {"x": 0.5}, ["x"], step=-1.0)
        assert d.after is None and d.estimate is None


class TestDifference:
    def test_the_papers_check(self):
        d = FiniteDifference("y", "x", 1.0, 1.0, 2.0, 6.0)
        assert (d.end, d.delta, d.estimate) == (2.0, 4.0, 4.0)
        assert d.to_dict() == {
            "output": "y",
            "wrt": "x",
            "from": 1.0,
            "to": 2.0,
            "step": 1.0,
            "before": 2.0,
            "after": 6.0,
            "delta_y": 4.0,
            "estimate": 4.0,
        }

    @pytest.mark.parametrize(("before", "after"), [(None, 1.0), (1.0, None), (float("inf"), float("inf"))])
    def test_undefined_ends_give_no_estimate(self, before, after):
        d = FiniteDifference("y", "x", 0.0, 0.5, before, after)
        assert d.delta is None and d.estimate is None
