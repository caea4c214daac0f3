"""The vector chain rule on whole values in words and LaTeX: each layer, each Jacobian, their product, δ·xᵀ."""

from __future__ import annotations

from explorer.teach import explained
from explorer.teach.report import graph_description, text_report
from explorer.teach.shapes import chain_formula, link_formulas, outer_product, shapes_check, shapes_lines

DENSE = "W = [[w11, w12, w13], [w21, w22, w23]]; x = [x1, x2, x3]; y = sum(tanh(W @ x + b))"


def test_the_report_goes_layer_by_layer_on_whole_values():
    report = text_report(explained(DENSE, "W"))
    assert "  layer by layer on whole values (the graph of shapes):" in report
    assert "    g1 = W @ x  (2×3 · 3 → 2)" in report
    assert "∂y/∂W = ∂y/∂g3·∂g3/∂g2·∂g2/∂g1·∂g1/∂W = 1ᵀ · diag(1 − tanh(g2)²) · I · (I ⊗ xᵀ)" in report
    assert "equals the Jacobian of the entries at this point" in report


def test_the_outer_product_is_delta_times_x_transposed():
    a = explained("W = [[a, b], [c, d]]; x = [p, q]; y = sum(W @ x)", "W", at="p=3, q=4")
    assert outer_product(a) == "∂y/∂W = δ·xᵀ, the outer product of δ = ∂y/∂g1 = [1, 1] and x = [3, 4]: [[3, 4], [3, 4]]"
    assert outer_product(explained(DENSE, "x")) is None  # by a vector: no outer product


def test_several_ways_are_added():
    a = explained("x = [p, q]; y = sum(x * exp(x))", "x")
    lines = shapes_lines(a)
    assert sum(line.startswith("    one way = ") for line in lines) == 2
    assert chain_formula(a).count(r"\frac{\partial y}{\partial g_{2}}") == 2


def test_the_latex_of_each_jacobian_and_of_their_product():
    a = explained(DENSE, "W")
    formulas = link_formulas(a)
    assert formulas[0].startswith(r"\frac{\partial g_{1}}{\partial W} = I \otimes x^{T} = \begin{bmatrix}")
    chain = chain_formula(a)
    assert chain.startswith(r"\begin{aligned}\frac{\partial y}{\partial W} &= ")
    assert r"\left(I \otimes x^{T}\right)" in chain and chain.count(r"\\") == 2 + 1  # three rows, W's two rows


def test_the_check_and_the_alternative_text():
    a = explained(DENSE, "W")
    assert shapes_check(a).endswith("equals the Jacobian of the entries at this point.")
    words = graph_description(a, view="shapes")
    assert words.startswith("Graph of shapes. W: 2×3 matrix. x: vector of 3. g1 = W @ x: 2×3 · 3 → 2.")
    assert graph_description(a).startswith("Data-flow graph.")


def test_scalar_programs_say_nothing_of_shapes():
    a = explained("x*x**2")
    assert shapes_lines(a) == [] and link_formulas(a) == () and chain_formula(a) is None
    assert "layer by layer on whole values" not in text_report(a)
