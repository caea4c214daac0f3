"""The explorer's LaTeX as mathtext: aligned rows of coloured pieces that matplotlib can set."""

from __future__ import annotations

import pytest

from explorer.calculus.walkthrough import steps
from explorer.exports.mathtext import ALIGN, pieces
from explorer.teach import explained
from explorer.teach.walkthrough import step_formulas


def test_rows_colours_and_the_alignment():
    formula = r"\frac{dy}{dx} &= \underbrace{{\color{#0072B2}2 x}}_{1} + {\color{#BE5400}1} \\ &= 2"
    rows = pieces(r"\begin{aligned}" + formula + r"\end{aligned}")
    assert rows == [
        [(None, r"\dfrac{dy}{dx} "), ALIGN, (None, "= "), ("#0072B2", "2 x"), (None, " + "), ("#BE5400", "1")],
        [ALIGN, (None, "= 2")],
    ]


@pytest.mark.parametrize(
    ("text", "mode"), [("x*x**2", "paths"), ("sigmoid(w*x + b)", "reverse"), ("[ln(x**2), sin(3*x)]", "forward")]
)
def test_every_step_formula_the_explorer_writes_is_set_by_mathtext(text, mode):
    """Each form of each step's formula: matplotlib's parser reads every piece (none left in LaTeX only)."""
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("path")
    analysis = explained(text)
    walk = steps(analysis, mode)
    for k in range(len(walk)):
        for form in step_formulas(analysis, walk, k):
            rows = pieces(form)
            assert rows, form
            for row in rows:
                for colour, math in row:
                    if (colour, math) != ALIGN:
                        parser.parse(f"${math}$")  # raises for anything mathtext cannot set


def test_a_form_it_does_not_know_is_none():
    assert pieces(r"x = {\color{#0072B2}2") is None
