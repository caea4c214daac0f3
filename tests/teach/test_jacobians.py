"""The vector chain rule layer by layer, and a gradient in the paper's form."""

from __future__ import annotations

import pytest
import sympy as sp
from strategies import NEURON

from explorer.teach import explained
from explorer.teach.jacobians import (
    gradient_form,
    gradient_row,
    gradient_sentence,
    layer_formulas,
    layer_product,
    layers_check,
    stack,
)


class TestGradientWords:
    def test_active_and_inactive(self):
        a = explained(NEURON, "w")
        z = sp.Symbol("z")
        active = gradient_sentence(a, sp.Heaviside(z), "x", 1.5)
        assert active.endswith("here z = 1.5: active, so dy/dw = xᵀ")
        assert gradient_sentence(a, sp.Heaviside(z), "x", -2.0).endswith("here z = −2: inactive, so dy/dw = 0")
        assert "the kink" in gradient_sentence(a, sp.Heaviside(z), "x", 0.0)

    def test_a_vector_of_ones_and_other_factors(self):
        a = explained("w = [a, b]; y = sum(w)", "w")
        assert gradient_sentence(a, sp.S.One, None, None) == "dy/dw = 1ᵀ (a vector of ones)"
        assert gradient_sentence(a, sp.Integer(2), "w", None) == "dy/dw = 2·wᵀ"


def test_layers_check():
    assert layers_check(((2.0, 1.0),), ((2.0, 1.0),))[0] is True
    assert layers_check(((2.0,),), ((3.0,),))[0] is False
    assert layers_check(None, ((3.0,),))[0] is None
    assert layers_check(((1.0,),), ((None,),))[0] is None


class TestLayers:
    def test_the_papers_vector_example(self):
        formulas, product = layer_formulas(explained("[ln(x**2), sin(3*x)]"))
        assert formulas[0].startswith(r"J_{1} = \frac{\partial \left(u_{1}, u_{2}\right)}{\partial \left(x\right)}")
        assert r"\frac{1}{u_{1}} & 0\\0 & \cos{\left(u_{2} \right)}" in formulas[1]
        assert product.startswith(
            r"\frac{\partial \left(y_{1}, y_{2}\right)}{\partial \left(x\right)} = J_{2} J_{1} = "
        )

    def test_a_carried_input_is_said(self):
        formulas, _ = layer_formulas(explained("x + x**2"))
        assert r"\text{carried: } x" in formulas[0]

    @pytest.mark.parametrize("text", ["x + x**2", "[ln(x**2), sin(3*x)]", "x*z + sin(x)", NEURON])
    def test_the_product_at_the_point_is_the_jacobian(self, text):
        a = explained(text)
        product = layer_product(a)
        assert [pytest.approx(row) for row in a.jacobian_values] == [list(row) for row in product]

    def test_no_layers_no_product(self):
        assert layer_product(explained("2*3")) is None and layer_formulas(explained("2*3")) == ((), None)


class TestGradientForm:
    def test_the_neuron_is_step_times_x(self):
        factor, vector = gradient_form(explained(NEURON, "w"))
        assert vector == "x" and isinstance(factor, sp.Heaviside)

    def test_the_loss_keeps_its_factor(self):
        a = explained("w = [w1, w2]; x = [x1, x2]; a = max(0, dot(w, x) + b); loss = (a - t)**2", "w")
        factor, vector = gradient_form(a)
        assert vector == "x" and factor.has(sp.Heaviside) and factor.has(sp.Symbol("t", real=True))

    def test_sum_of_w_plus_x_is_ones(self):
        assert gradient_form(explained("w = [w1, w2]; x = [x1, x2]; y = sum(w + x)", "w")) == (1, None)

    def test_no_form_and_not_a_gradient(self):
        assert gradient_form(explained("w = [w1, w2]; y = sin(w1) + w2**3", "w")) is None
        assert gradient_form(explained("x + x**2")) is None

    def test_the_gradient_row_has_its_values(self):
        row, words = gradient_row(explained(NEURON, "w", at="x1=1, x2=2, x3=3"))
        assert row.endswith(r"&= \left[1,\ 2,\ 3\right]\end{aligned}") and "active" in words
        assert r"\,\mathbf{x}^{T}" in row


def test_stack():
    assert stack(("y1", "y2")) == r"\left(y_{1}, y_{2}\right)"
