"""The total-derivative formula written out with the expression's own variables."""

from __future__ import annotations

from strategies import colours

from explorer.colours import text_colour
from explorer.teach import explained
from explorer.teach.formula import total_formula


class TestTotalFormula:
    def test_x_plus_x_squared(self):
        rows = total_formula(explained("x + x**2"), 0).split(r" \\ ")
        assert r"\sum_{i}" in rows[0]
        assert rows[1] == (
            r" &= {\color{" + text_colour(1) + r"}\frac{\partial y}{\partial x}}"
            r" + {\color{#0072B2}\frac{\partial y}{\partial u_{1}}\,\frac{du_{1}}{dx}}"
        )
        assert rows[2] == r" &= {\color{" + text_colour(1) + r"}1} + 1\left({\color{#0072B2}2 x}\right)"

    def test_an_operand_reached_twice_is_spelled_out_path_by_path(self):
        formula = total_formula(explained("sin(x + x**2)"), 0)
        assert r"\frac{\partial y}{\partial u_{2}}\,\frac{du_{2}}{dx}" in formula  # two paths through u2
        assert colours(formula.split(r" \\ ")[2]) == [text_colour(0), text_colour(1)]

    def test_an_entry_with_no_path(self):
        assert total_formula(explained("a = x**2\ny = w**2", "x"), 0).startswith(r"\frac{dy}{dx} = 0")
