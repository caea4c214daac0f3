"""Paths, exact path counts, forward accumulation and the vector chain rule's Jacobians."""

from __future__ import annotations

from itertools import islice

import pytest
import sympy as sp
from hypothesis import given
from strategies import SYMBOLS, build_or_skip, expressions, numerically_equal

from explorer.chain import (
    accumulate,
    count_paths,
    gradient,
    iter_paths,
    jacobian,
    path_product,
    rule_for,
    step_positions,
    vector_chain,
)
from explorer.graph import build
from explorer.parse import parse
from explorer.printing import path_label


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


class TestStepPositions:
    def test_the_32_paths_of_a_doubling_program_read_differently(self):
        flow = flow_of(doubling(5))
        paths = list(iter_paths(flow, "x", "u5"))
        labels = {path_label(("x", *(flow.edges[i].target for i in p)), step_positions(flow, p)) for p in paths}
        assert len(paths) == len(labels) == 32
        assert "x →₁ u1 →₂ u2 →₁ u3 →₂ u4 →₁ u5" in labels

    def test_single_edges_need_no_number(self):
        flow = flow_of("sin(x + x**2)")
        assert [step_positions(flow, p) for p in iter_paths(flow, "x", "y")] == [(None, None, None), (None, None)]


class TestGradient:
    @given(expressions)
    def test_reverse_equals_forward_accumulation(self, case):
        text, _ = case
        flow = build_or_skip(text)
        backward = gradient(flow, flow.outputs[0])
        for name in flow.inputs:
            assert numerically_equal(backward[name], accumulate(flow, name)[flow.outputs[0]])

    def test_one_pass_gives_every_input(self):
        flow = flow_of("sigmoid(w1*x1 + w2*x2 + b)")
        got = gradient(flow, "y")
        expr = flow.node("y").expr
        assert set(got) == set(flow.inputs)
        for name, value in got.items():
            assert sp.simplify(value - sp.diff(expr, flow.node(name).symbol)) == 0

    def test_twin_operands_count_twice(self):
        assert gradient(flow_of(doubling(3)), "u3")["x"] == 8 * SYMBOLS["x"] ** 7


class TestJacobian:
    @pytest.mark.parametrize("text", ["[x*w + sin(w), exp(x*w)]", "[x*y*w, x + y + w]", "x*y + w", "[sin(x), x**2, w]"])
    def test_equals_sympy_matrix_jacobian(self, text):
        flow = flow_of(text)
        outputs = sp.Matrix([flow.node(o).expr for o in flow.outputs])
        oracle = outputs.jacobian([SYMBOLS[n] for n in flow.inputs])
        got = sp.Matrix(jacobian(flow, flow.outputs))
        assert sp.simplify(got - oracle) == sp.zeros(*oracle.shape)

    def test_known_columns_are_kept_as_they_are(self):
        flow = flow_of("x*y + w")
        known = {"x": accumulate(flow, "x")}
        (out,) = flow.outputs
        rows = jacobian(flow, [out], known)
        assert rows[0][flow.inputs.index("x")] is known["x"][out]
        assert rows[0][flow.inputs.index("y")] == SYMBOLS["x"]


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


@pytest.mark.parametrize(
    ("vector", "count", "rule"),
    [(False, 1, "single-variable"), (False, 3, "total-derivative"), (True, 1, "vector"), (False, 0, "none")],
)
def test_rule(vector, count, rule):
    assert rule_for(vector, count) == rule
