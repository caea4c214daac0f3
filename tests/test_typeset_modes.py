"""The LaTeX of forward and reverse mode: a row per node, the factoring, each step's formula, all bounded."""

from __future__ import annotations

import pytest

from explorer.analysis import run
from explorer.colours import text_colour
from explorer.modes import downstream, upstream
from explorer.typeset import TOO_LONG
from explorer.typeset_modes import (
    MAX_LEAVES,
    MAX_ROWS,
    factoring,
    forward_row,
    gradient,
    mode_formulas,
    reverse_row,
    step_formula,
    walkthrough_formulas,
)
from explorer.walkthrough import steps


def nested(levels: int) -> str:
    lines = ["u1 = sin(x)*cos(x)"] + [f"u{k} = sin(u{k - 1})*cos(u{k - 1})" for k in range(2, levels + 1)]
    return "; ".join(lines)


class TestRows:
    def test_a_forward_row_per_node_the_input_reaches(self):
        a = run("sigmoid(w*x + b)", wrt="b")
        f = mode_formulas(a)
        assert len(f.forward) == len(downstream(a.flow, ["b"])) == 3
        assert f.forward[0] == r"\frac{db}{db} = 1"

    def test_a_reverse_row_per_node_that_reaches_the_output(self):
        a = run("[ln(x**2), sin(3*x)]")
        f = mode_formulas(a)
        assert [len(rows) for rows in f.reverse] == [len(upstream(a.flow, [out])) for out in a.outputs] == [3, 3]

    def test_past_the_row_limit_the_rest_is_counted(self):
        a = run("sin(" * 50 + "x" + ")" * 50)  # x, 49 intermediate sines, y
        f = mode_formulas(a)
        assert len(a.nodes) == 51
        assert len(f.forward) == len(f.reverse[0]) == MAX_ROWS and f.more == 51 - MAX_ROWS
        assert f.forward[-1] == forward_row(a, a.nodes[MAX_ROWS - 1].id)  # the first rows, in evaluation order
        assert f.reverse[0][0] == reverse_row(a, 0, "y")  # from the output back

    def test_rows_end_in_the_value_at_the_point(self):
        a = run("x*x**2", at={"x": 2})
        assert forward_row(a, "y").endswith(r"= 3 x^{2} = 12")
        assert reverse_row(a, 0, "x").endswith(r"= 3 x^{2} = 12")
        assert gradient(a) == r"\begin{aligned}\frac{dy}{dx} &= 3 x^{2} = 12\end{aligned}"

    def test_an_expression_too_long_to_print_says_so(self):
        a = run(nested(12))
        row = forward_row(a, a.outputs[0])
        assert TOO_LONG in row and len(row) < 5_000


class TestFactoring:
    def test_doubling_is_a_product_of_sums_and_its_paths(self):
        formula = factoring(run("u1 = x*x; u2 = u1*u1; y = u2*u2"), 0)
        assert formula.count(r"\color{") == 8  # one term per path, coloured like it
        assert "forward: grouped by the last edge" in formula and "reverse: grouped by the first edge" in formula

    def test_a_long_factored_form_is_left_out(self):
        text = "; ".join(["u1 = x*x + x"] + [f"u{k} = u{k - 1}*u{k - 1} + u{k - 1}" for k in range(2, 7)])
        formula = factoring(run(text), 0)
        assert "grouped by" not in formula  # 3⁶ paths: the forms repeat shared parts past MAX_LEAVES
        assert MAX_LEAVES < 3**6

    def test_no_path(self):
        assert factoring(run("[sin(x), w**2]"), 1) is None


class TestSteps:
    @pytest.mark.parametrize("mode", ["paths", "forward", "reverse"])
    def test_a_formula_per_step(self, mode):
        a = run("sin(x + x**2)")
        walk = steps(a, mode)
        formulas = walkthrough_formulas(a, walk)
        assert len(formulas) == len(walk) and all(formulas)
        assert formulas[0] == r"x = 0.5"

    def test_path_steps_keep_a_running_sum(self):
        a = run("x*x**2")
        walk = steps(a, "paths")
        second = step_formula(a, walk, 4)
        assert r"\text{sum so far}" in second and r"= 0.75" in second
        assert r"{\color{#0072B2}2 x^{2}} + {\color{" + text_colour(1) + "}x^{2}}" in second  # text shades

    def test_the_last_step_of_reverse_mode_is_the_gradient(self):
        a = run("sigmoid(w*x + b)")
        walk = steps(a, "reverse")
        assert step_formula(a, walk, len(walk) - 1) == gradient(a)
