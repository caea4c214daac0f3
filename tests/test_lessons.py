"""The LaTeX of the four steps, one path against all and the total-derivative formula, each path in its colour."""

from __future__ import annotations

import re

import pytest

from explorer.analysis import run
from explorer.colours import text_colour
from explorer.lessons import lessons, naive_table, step_formulas, total_formula
from explorer.render import colour
from explorer.typeset import MAX_TEX

NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"


def colours(formula: str) -> list[str]:
    return re.findall(r"\\color\{(#[0-9A-F]{6})\}", formula)


class TestSteps:
    def test_the_papers_example_step_by_step(self):
        first, second, third, fourth = step_formulas(run("ln(sin(x**3)**2)"))
        assert first.count("&=") == 4 and r"u_{2} &= \sin{\left(u_{1} \right)}" in first
        assert [rule for rule in re.findall(r"\\text\{([a-z ]+) rule\}", second)] == [
            "power",
            "trigonometric",
            "power",
            "logarithm",
        ]
        assert colours(third) == [text_colour(0), text_colour(0)]  # one path: one colour, names then partials
        assert r"\frac{6 x^{2} \cos{\left(x^{3} \right)}}{\sin{\left(x^{3} \right)}}" in fourth

    def test_each_path_has_its_colour(self):
        third, fourth = step_formulas(run("x + x**2"), start=2)
        assert colours(third) == [text_colour(0), text_colour(1), text_colour(0), text_colour(1)]
        assert colours(fourth) == [text_colour(0), text_colour(1)] and fourth.endswith(r"&= 2 x + 1\end{aligned}")

    def test_parallel_edges_name_their_operand(self):
        assert r"\text{operand 2}" in step_formulas(run("x*x"))[1]

    def test_too_long_is_none(self):
        text = " + ".join(f"sin({k}*x)**{k % 5 + 2}" for k in range(1, 200))
        formulas = step_formulas(run(text))
        assert all(f is None or len(f) <= MAX_TEX for f in formulas)


class TestNaive:
    def test_each_path_alone_against_every_path(self):
        table = naive_table(run("x + x**2", at={"x": 1}), 0)
        rows = table.split(r" \\ ")
        assert rows[0].endswith(r"{\color{#0072B2}2 x} = 2")
        assert rows[1].endswith(r"{\color{" + text_colour(1) + "}1} = 1")
        assert rows[2].endswith(r"\frac{dy}{dx} = 2 x + 1 = 3\end{aligned}")

    def test_one_path_needs_no_table(self):
        assert naive_table(run("sin(x**2)"), 0) is None


class TestTotalFormula:
    def test_x_plus_x_squared(self):
        rows = total_formula(run("x + x**2"), 0).split(r" \\ ")
        assert r"\sum_{i}" in rows[0]
        assert rows[1] == (
            r" &= {\color{" + text_colour(1) + r"}\frac{\partial y}{\partial x}}"
            r" + {\color{#0072B2}\frac{\partial y}{\partial u_{1}}\,\frac{du_{1}}{dx}}"
        )
        assert rows[2] == r" &= {\color{" + text_colour(1) + r"}1} + 1\left({\color{#0072B2}2 x}\right)"

    def test_an_operand_reached_twice_is_spelled_out_path_by_path(self):
        formula = total_formula(run("sin(x + x**2)"), 0)
        assert r"\frac{\partial y}{\partial u_{2}}\,\frac{du_{2}}{dx}" in formula  # two paths through u2
        assert colours(formula.split(r" \\ ")[2]) == [text_colour(0), text_colour(1)]

    def test_an_entry_with_no_path(self):
        assert total_formula(run("a = x**2\ny = w**2", "x"), 0).startswith(r"\frac{dy}{dx} = 0")


class TestBundle:
    @pytest.mark.parametrize("text", ["x + x**2", "x*x**2", "[x*w, x + x**2]"])
    def test_the_stacked_parts_add_up_to_the_derivative(self, text):
        a = run(text)
        bundle = lessons(a)
        for k, parts in enumerate(bundle.parts):
            assert sum(value for _, value, _ in parts) == pytest.approx(a.total_values[k])
            assert [c for _, _, c in parts] == [colour(i) for i in a.entry_paths()[k]]

    def test_paths_left_out_are_one_more_bar(self):
        a = run("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3", max_paths=5)
        (parts,) = lessons(a).parts
        assert parts[-1][0] == "the other paths" and len(parts) == 6
        assert sum(value for _, value, _ in parts) == pytest.approx(a.total_values[0])

    def test_a_gradient_and_its_words(self):
        bundle = lessons(run(NEURON, "w"))
        assert r"\frac{\partial y}{\partial \mathbf{w}}" in bundle.gradient
        assert r"H\left(b + w_{1} x_{1} + w_{2} x_{2} + w_{3} x_{3}\right)\,\mathbf{x}^{T}" in bundle.gradient
        assert "active, so dy/dw = xᵀ" in bundle.gradient_words

    def test_scalars_have_no_gradient_and_constants_no_entries(self):
        bundle = lessons(run("x + x**2"))
        assert bundle.gradient is None and bundle.layers and bundle.product
        empty = lessons(run("2 + 3"))
        assert empty.naive == () and empty.formulas == () and empty.jacobian is None
