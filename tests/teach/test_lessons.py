"""The page's bundle of teaching formulas."""

from __future__ import annotations

import pytest
from strategies import NEURON

from explorer.drawing.dot import colour
from explorer.teach import explained
from explorer.teach.lessons import lessons


class TestBundle:
    @pytest.mark.parametrize("text", ["x + x**2", "x*x**2", "[x*w, x + x**2]"])
    def test_each_path_is_its_own_bar_and_the_last_is_their_sum(self, text):
        a = explained(text)
        bundle = lessons(a)
        for k, bars in enumerate(bundle.parts):
            *paths, whole = bars
            assert [b.kind for b in paths] == ["path"] * len(paths) and whole.kind == "sum"
            assert sum(b.value for b in paths) == pytest.approx(whole.value) == pytest.approx(a.total_values[k])
            assert [b.colour for b in paths] == [colour(i) for i in a.entry_paths()[k]]

    def test_past_seven_paths_the_seven_largest_and_the_others_as_one_bar(self):
        a = explained(" + ".join(f"{k}*x**2" for k in range(1, 11)), at={"x": 1})  # paths of 2, 4, ..., 20
        (bars,) = lessons(a).parts
        assert [b.label for b in bars] == [f"path {k}" for k in range(4, 11)] + [
            "the other 3 paths",
            "all paths: dy/dx",
        ]
        assert bars[-2].value == pytest.approx(2 + 4 + 6) and bars[-1].value == pytest.approx(110)

    def test_paths_left_out_of_the_list_are_in_the_others(self):
        a = explained("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3", max_paths=5)
        (bars,) = lessons(a).parts
        assert bars[-2].label == "the other 11 paths" and len(bars) == 5 + 2
        assert sum(b.value for b in bars[:-1]) == pytest.approx(a.total_values[0])

    def test_a_gradient_and_its_words(self):
        bundle = lessons(explained(NEURON, "w"))
        assert r"\frac{\partial y}{\partial \mathbf{w}}" in bundle.gradient
        assert r"H\left(b + w_{1} x_{1} + w_{2} x_{2} + w_{3} x_{3}\right)\,\mathbf{x}^{T}" in bundle.gradient
        assert "active, so dy/dw = xᵀ" in bundle.gradient_words

    def test_scalars_have_no_gradient_and_constants_no_entries(self):
        bundle = lessons(explained("x + x**2"))
        assert bundle.gradient is None and bundle.layers and bundle.product
        empty = lessons(explained("2 + 3"))
        assert empty.naive == () and empty.formulas == () and empty.jacobian is None
