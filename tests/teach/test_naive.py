"""One path against all: each path alone against the total, and the finite difference."""

from __future__ import annotations

from explorer.calculus.differences import FiniteDifference
from explorer.colours import text_colour
from explorer.teach import explained
from explorer.teach.naive import SECANT, difference_sentence, midpoint_sentence, naive_sentence, naive_table


class TestOnePathAlone:
    def test_naive_sentence(self):
        a = explained("x + x**2", at={"x": 1})
        assert naive_sentence(a, 0) == (
            "one path alone gives 2·x = 2 (path 1) or 1 = 1 (path 2), not dy/dx = 2·x + 1 = 3: every path counts"
        )
        assert naive_sentence(explained("sin(x**2)"), 0) is None  # one path is the whole answer

    def test_the_papers_finite_check(self):
        d = FiniteDifference("y", "x", 1.0, 1.0, 2.0, 6.0)
        assert difference_sentence(d) == "x from 1 to 2 (Δx = 1): y from 2 to 6 (Δy = 4), so Δy/Δx = 4"

    def test_at_the_middle_of_the_step_the_total_predicts_the_slope(self):
        sentence = midpoint_sentence(explained("x + x**2", at={"x": 1.5}), 0)
        assert (
            sentence
            == "at the middle of the step, x = 1.5: every path together gives dy/dx = 4; path 1 alone 3, path 2 alone 1"
        )
        assert "x + x²" in SECANT


class TestNaive:
    def test_each_path_alone_against_every_path(self):
        table = naive_table(explained("x + x**2", at={"x": 1}), 0)
        rows = table.split(r" \\ ")
        assert rows[0].endswith(r"{\color{#0072B2}2 x} = 2")
        assert rows[1].endswith(r"{\color{" + text_colour(1) + "}1} = 1")
        assert rows[2].endswith(r"\frac{dy}{dx} = 2 x + 1 = 3\end{aligned}")

    def test_one_path_needs_no_table(self):
        assert naive_table(explained("sin(x**2)"), 0) is None
