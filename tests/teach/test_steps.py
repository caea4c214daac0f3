"""The paper's four steps in words and in LaTeX."""

from __future__ import annotations

import re

from strategies import NEURON, colours

from explorer.colours import text_colour
from explorer.teach import explained
from explorer.teach.notation import MAX_TEX
from explorer.teach.steps import STEP_ROWS, STEP_TITLES, step_formulas, step_texts


def test_the_four_titles_follow_the_paper():
    assert STEP_TITLES[0] == "Introduce intermediate variables"
    assert STEP_TITLES[3] == "Substitute back and simplify"
    assert len(STEP_TITLES) == 4 and len(STEP_TITLES[2]) == 2  # one path, or several


class TestStepWords:
    def test_the_papers_example(self):
        (first, second, third, fourth) = step_texts(explained("ln(sin(x**3)**2)"))
        assert first == ("Introduce intermediate variables", "u1 = x³\nu2 = sin(u1)\nu3 = u2²\ny = ln(u3)")
        assert second[1].splitlines()[0] == "u1 = x³, so ∂u1/∂x = 3·x² (power rule)"
        assert third == (
            "Combine: multiply the partials along the path",
            "dy/dx = ∂y/∂u3·∂u3/∂u2·∂u2/∂u1·∂u1/∂x = 1/u3·2·u2·cos(u1)·3·x²",
        )
        assert fourth[0] == "Substitute back and simplify"
        assert fourth[1].startswith("dy/dx = 6·x²·cos(x³)/sin(x³)")

    def test_x_plus_x_squared_adds_two_paths(self):
        third, fourth = step_texts(explained("x + x**2"), start=2)
        assert third[1] == "dy/dx = ∂y/∂u1·∂u1/∂x + ∂y/∂x = 1·2·x + 1"
        assert fourth[1] == "dy/dx = 2·x + 1"

    def test_a_gradient_has_a_line_per_entry(self):
        texts = step_texts(explained(NEURON, "w"))
        assert [line.split(" = ")[0] for line in texts[3][1].splitlines()] == ["dy/dw1", "dy/dw2", "dy/dw3"]

    def test_long_programs_are_counted_not_listed(self):
        program = (
            "; ".join(f"u{k} = x + {k}" for k in range(1, 61)) + "; y = " + " + ".join(f"u{k}" for k in range(1, 61))
        )
        first = step_texts(explained(program))[0][1].splitlines()
        assert len(first) == STEP_ROWS + 1 and first[-1] == "… and 21 more variables"


class TestStepFormulas:
    def test_the_papers_example_step_by_step(self):
        first, second, third, fourth = step_formulas(explained("ln(sin(x**3)**2)"))
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
        third, fourth = step_formulas(explained("x + x**2"), start=2)
        assert colours(third) == [text_colour(0), text_colour(1), text_colour(0), text_colour(1)]
        assert colours(fourth) == [text_colour(0), text_colour(1)] and fourth.endswith(r"&= 2 x + 1\end{aligned}")

    def test_parallel_edges_name_their_operand(self):
        assert r"\text{operand 2}" in step_formulas(explained("x*x"))[1]

    def test_too_long_is_none(self):
        text = " + ".join(f"sin({k}*x)**{k % 5 + 2}" for k in range(1, 200))
        formulas = step_formulas(explained(text))
        assert all(f is None or len(f) <= MAX_TEX for f in formulas)
