"""The graph cut into layers: each layer's Jacobian, their product the whole Jacobian (the vector chain rule)."""

from __future__ import annotations

import sympy as sp
from hypothesis import given
from strategies import SYMBOLS, build_or_skip, expressions, numerically_equal, substituted

from explorer.calculus.layers import Layer, layers
from explorer.graph.build import build
from explorer.language.parse import parse


def flow_of(text: str):
    return build(parse(text))


class TestLayers:
    def test_the_papers_vector_example_is_diag_times_column(self):
        flow = flow_of("[ln(x**2), sin(3*x)]")
        first, second = layers(flow)
        u1, u2, x = sp.Symbol("u1", real=True), sp.Symbol("u2", real=True), SYMBOLS["x"]
        assert (first.nodes, first.jacobian) == (("u1", "u2"), sp.Matrix([[2 * x], [3]]))
        assert (second.nodes, second.jacobian) == (("y1", "y2"), sp.diag(1 / u1, sp.cos(u2)))

    def test_scalars_too_x_plus_x_squared_is_a_row_times_a_column(self):
        flow = flow_of("x + x**2")
        first, second = layers(flow)
        x = SYMBOLS["x"]
        assert first.nodes == ("x", "u1") and first.carried == ("x",)  # x is carried: an identity row
        assert first.jacobian == sp.Matrix([[1], [2 * x]])
        assert second.jacobian == sp.Matrix([[1, 1]])
        assert second.jacobian * first.jacobian == sp.Matrix([[1 + 2 * x]])

    def test_a_chain_of_one_variable_functions_is_a_product_of_scalars(self):
        cut = layers(flow_of("ln(sin(x**3)**2)"))
        assert [layer.jacobian.shape for layer in cut] == [(1, 1)] * 4

    def test_cells_name_the_edges_of_each_entry(self):
        flow = flow_of("x*x")
        (layer,) = layers(flow)
        assert layer.cells == ((0, 0, (0, 1)),) and layer.jacobian == sp.Matrix([[2 * SYMBOLS["x"]]])

    def test_outputs_all_end_in_the_last_layer(self):
        flow = flow_of("[x**2, sin(x**2)]")
        cut = layers(flow)
        assert cut[-1].nodes == ("y1", "y2") and cut[-1].carried == ("y1",)

    def test_no_inputs_no_layers_and_too_large_none(self):
        assert layers(flow_of("2*3")) == ()
        assert layers(flow_of("[x*y, x + y, sin(x)]"), max_cells=3) is None

    @given(expressions)
    def test_their_product_is_the_whole_jacobian(self, case):
        text, expr = case
        flow = build_or_skip(text)
        if not flow.inputs:
            return
        product = sp.eye(len(flow.inputs))
        for layer in layers(flow):
            product = substituted(flow, layer.jacobian) * product
        oracle = sp.Matrix([expr]).jacobian([SYMBOLS[n] for n in flow.inputs])
        for got, want in zip(product, oracle):
            assert got == want or numerically_equal(got, want), (got, want)


class TestLayer:
    def test_values_add_the_edges_and_identities_are_one(self):
        layer = Layer(("x", "u1"), ("x",), sp.ImmutableMatrix([[1], [sp.Symbol("x")]]), ((0, 0, ()), (1, 0, (0, 2))))
        assert layer.values([0.25, 9.0, 0.5]) == ((1.0,), (0.75,))

    def test_an_undefined_edge_makes_its_entry_undefined(self):
        layer = Layer(("y",), (), sp.ImmutableMatrix([[1, 1]]), ((0, 0, (0,)), (0, 1, (1,))))
        assert layer.values([None, 2.0]) == ((None, 2.0),)
