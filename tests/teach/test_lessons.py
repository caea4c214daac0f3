"""The page's bundle of teaching formulas."""

from __future__ import annotations

import pytest
from strategies import NEURON

from explorer.drawing.dot import colour
from explorer.teach import explained
from explorer.teach.lessons import lessons


class TestBundle:
    @pytest.mark.parametrize("text", ["x + x**2", "x*x**2", "[x*w, x + x**2]"])
    def test_the_stacked_parts_add_up_to_the_derivative(self, text):
        a = explained(text)
        bundle = lessons(a)
        for k, parts in enumerate(bundle.parts):
            assert sum(value for _, value, _ in parts) == pytest.approx(a.total_values[k])
            assert [c for _, _, c in parts] == [colour(i) for i in a.entry_paths()[k]]

    def test_paths_left_out_are_one_more_bar(self):
        a = explained("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3", max_paths=5)
        (parts,) = lessons(a).parts
        assert parts[-1][0] == "the other paths" and len(parts) == 6
        assert sum(value for _, value, _ in parts) == pytest.approx(a.total_values[0])

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
