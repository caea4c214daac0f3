"""The walkthrough's formulas and the text report of each mode."""

from __future__ import annotations

import pytest

from explorer.calculus.walkthrough import steps
from explorer.colours import text_colour
from explorer.teach import explained
from explorer.teach.modes import (
    adjoint_gradient,
)
from explorer.teach.report import text_report
from explorer.teach.walkthrough import mode_report, step_formula, walkthrough_formulas


class TestSteps:
    @pytest.mark.parametrize("mode", ["paths", "forward", "reverse"])
    def test_a_formula_per_step(self, mode):
        a = explained("sin(x + x**2)")
        walk = steps(a, mode)
        formulas = walkthrough_formulas(a, walk)
        assert len(formulas) == len(walk) and all(formulas)
        assert formulas[0] == r"x = 0.5"

    def test_path_steps_keep_a_running_sum(self):
        a = explained("x*x**2")
        walk = steps(a, "paths")
        second = step_formula(a, walk, 4)
        assert r"\text{sum so far}" in second and r"= 0.75" in second
        assert r"{\color{#0072B2}2 x^{2}} + {\color{" + text_colour(1) + "}x^{2}}" in second  # text shades

    def test_the_last_step_of_reverse_mode_is_the_gradient(self):
        a = explained("sigmoid(w*x + b)")
        walk = steps(a, "reverse")
        assert step_formula(a, walk, len(walk) - 1) == adjoint_gradient(a)


def test_the_paths_report_is_the_text_report():
    a = explained("x + x**2")
    assert mode_report(a, "paths") == text_report(a)


def test_forward_report_lists_every_derivative_in_order():
    report = mode_report(explained("sin(x + x**2)"), "forward").splitlines()
    start = report.index("  forward mode at x = 0.5:")
    assert [line.split(" = ")[0].strip() for line in report[start + 1 : start + 5]] == [
        "dx/dx",
        "du1/dx",
        "du2/dx",
        "dy/dx",
    ]


def test_reverse_report_ends_with_every_inputs_derivative():
    report = mode_report(explained("x*z + sin(x)", at={"x": 0, "z": 2}), "reverse")
    assert "Every input's derivative from one reverse pass: dy/dx = 3, dy/dz = 0" in report


def test_no_inputs():
    assert mode_report(explained("2 + 3"), "reverse") == text_report(explained("2 + 3"))
