"""Paths, exact path counts, forward accumulation and the vector chain rule's Jacobians."""

from __future__ import annotations

from itertools import islice

import pytest
import sympy as sp
from hypothesis import given
from strategies import SYMBOLS, build_or_skip, expressions, numerically_equal

from explorer.chain import accumulate, count_paths, iter_paths, layers, path_product, rule_for, vector_chain
from explorer.graph import build
from explorer.parse import parse


def flow_of(text: str):
    return build(parse(text))


def doubling(n: int) -> str:
    lines = ["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, n + 1)]
    return "\n".join(lines)


class TestCountPaths:
    @pytest.mark.parametrize(
        ("text", "count"),
        [("x + x**2", 2), ("x*x**2", 2), ("x*x", 2), ("ln(sin(x**3)**2)", 1), ("x^x", 2), ("sin(x + x**2)", 2)],
    )
    def test_seed_examples(self, text, count):
        assert count_paths(flow_of(text), "x")["y"] == count

    def test_sixty_doublings_have_two_to_the_sixty_paths(self):
        flow = flow_of(doubling(60))
        assert count_paths(flow, "x")["u60"] == 2**60

    def test_count_matches_enumeration(self):
        flow = flow_of("u1 = x*x + x\nu2 = u1*x + u1\ny = u2*u1")
        assert count_paths(flow, "x")["y"] == len(list(iter_paths(flow, "x", "y")))

    def test_input_not_reaching_output(self):
        flow = flow_of("x*y")
        assert count_paths(flow, "y")["f"] == 1
        assert count_paths(flow_of("a = sin(x)\ny = w**2"), "w")["y"] == 1


class TestIterPaths:
    def test_stable_order_and_parallel_edges(self):
        flow = flow_of("x*x")
        assert list(iter_paths(flow, "x", "y")) == [(0,), (1,)]

    def test_lazy_on_exponential_graph(self):
        flow = flow_of(doubling(60))
        first = list(islice(iter_paths(flow, "x", "u60"), 5))
        assert len(first) == 5 and all(len(p) == 60 for p in first)
        assert len(set(first)) == 5

    def test_no_path(self):
        assert list(iter_paths(flow_of("a = x**2\ny = w"), "x", "y")) == []

    def test_path_products_in_both_forms(self):
        flow = flow_of("x*x**2")
        products = [path_product(flow, p) for p in iter_paths(flow, "x", "y")]
        x = SYMBOLS["x"]
        assert [p[1] for p in products] == [2 * x**2, x**2]
        assert str(products[1][0]) == "u1"


class TestAccumulate:
    @given(expressions)
    def test_equals_sympy_diff(self, case):
        text, expr = case
        flow = build_or_skip(text)
        for name in flow.inputs:
            total = accumulate(flow, name)[flow.outputs[0]]
            assert sp.simplify(total - sp.diff(expr, SYMBOLS[name])) == 0 or numerically_equal(
                total, sp.diff(expr, SYMBOLS[name])
            )

    @given(expressions)
    def test_equals_sum_of_path_products(self, case):
        text, _ = case
        flow = build_or_skip(text)
        out = flow.outputs[0]
        for name in flow.inputs:
            paths = list(islice(iter_paths(flow, name, out), 200))
            if len(paths) == 200:
                continue
            by_paths = sp.Add(*(path_product(flow, p)[1] for p in paths))
            assert numerically_equal(by_paths, accumulate(flow, name)[out])


class TestVectorChain:
    def test_seed_vector_example(self):
        flow = flow_of("[ln(x**2), sin(3*x)]")
        x = SYMBOLS["x"]
        inner, outer, inner_jac = vector_chain(flow, {"x": accumulate(flow, "x")})
        assert inner == ("u1", "u2")
        u1, u2 = sp.symbols("u1 u2", real=True)
        assert outer == sp.Matrix([[1 / u1, 0], [0, sp.cos(u2)]])
        assert inner_jac == sp.Matrix([[2 * x], [3]])
        product = (outer * inner_jac).subs({u1: x**2, u2: 3 * x})
        assert sp.simplify(product - sp.Matrix([[2 / x], [3 * sp.cos(3 * x)]])) == sp.zeros(2, 1)

    def test_outer_times_inner_is_the_jacobian(self):
        flow = flow_of("[x*w + sin(w), exp(x*w)]")
        per_input = {n: accumulate(flow, n) for n in flow.inputs}
        inner, outer, inner_jac = vector_chain(flow, per_input)
        back = {flow.node(g).symbol: flow.node(g).expr for g in inner}
        outputs = sp.Matrix([flow.node(o).expr for o in flow.outputs])
        oracle = outputs.jacobian([SYMBOLS[n] for n in flow.inputs])
        assert sp.simplify((outer * inner_jac).subs(back) - oracle) == sp.zeros(2, 2)


def substituted(flow, matrix) -> sp.Matrix:
    """An expression in intermediate variables, in the inputs (substituting from the last variable back)."""
    for node in reversed(flow.nodes):
        if node.kind != "input":
            matrix = matrix.xreplace({node.symbol: node.expr})
    return matrix


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


@pytest.mark.parametrize(
    ("vector", "count", "rule"),
    [(False, 1, "single-variable"), (False, 3, "total-derivative"), (True, 1, "vector"), (False, 0, "none")],
)
def test_rule(vector, count, rule):
    assert rule_for(vector, count) == rule
