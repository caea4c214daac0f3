"""Forward and reverse accumulation against sympy.diff, the sum over paths and each other."""

from __future__ import annotations

from itertools import islice

import pytest
import sympy as sp
from hypothesis import given
from strategies import SYMBOLS, build_or_skip, doubling, expressions, flow_of, numerically_equal, programs

from explorer.calculus.accumulate import forward, jacobian, reverse, vector_chain
from explorer.calculus.paths import iter_paths, path_product
from explorer.graph.build import build
from explorer.language.parse import parse


def check_against_oracles(flow, expr: sp.Expr) -> None:
    for output in flow.outputs:
        adjoint = reverse(flow, output)
        for name in flow.inputs:
            oracle = sp.diff(expr, SYMBOLS[name])
            ahead = forward(flow, name)[output]
            back = adjoint[name]
            assert numerically_equal(ahead, oracle), (name, ahead, oracle)
            assert numerically_equal(back, oracle), (name, back, oracle)
            paths = sum_of_paths(flow, name, output)
            if paths is not None:
                assert numerically_equal(paths, back), (name, paths, back)


def sum_of_paths(flow, wrt: str, output: str) -> sp.Expr | None:
    """Σ over paths of the product of the partials (in the inputs); None when there are too many paths."""
    paths = list(islice(iter_paths(flow, wrt, output), PATH_LIMIT + 1))
    if len(paths) > PATH_LIMIT:
        return None
    return sp.Add(*(path_product(flow, p)[1] for p in paths))


#: Enough paths to compare the sum of paths with accumulation, few enough to multiply out.
PATH_LIMIT = 200


class TestAccumulate:
    @given(expressions)
    def test_equals_sympy_diff(self, case):
        text, expr = case
        flow = build_or_skip(text)
        for name in flow.inputs:
            total = forward(flow, name)[flow.outputs[0]]
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
            assert numerically_equal(by_paths, forward(flow, name)[out])


class TestGradient:
    @given(expressions)
    def test_reverse_equals_forward_accumulation(self, case):
        text, _ = case
        flow = build_or_skip(text)
        backward = reverse(flow, flow.outputs[0])
        for name in flow.inputs:
            assert numerically_equal(backward[name], forward(flow, name)[flow.outputs[0]])

    def test_one_pass_gives_every_input(self):
        flow = flow_of("sigmoid(w1*x1 + w2*x2 + b)")
        got = {name: value for name, value in reverse(flow, "y").items() if name in flow.inputs}
        expr = flow.node("y").expr
        assert set(got) == set(flow.inputs)
        for name, value in got.items():
            assert sp.simplify(value - sp.diff(expr, flow.node(name).symbol)) == 0

    def test_twin_operands_count_twice(self):
        assert reverse(flow_of(doubling(3)), "u3")["x"] == 8 * SYMBOLS["x"] ** 7


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
        known = {"x": forward(flow, "x")}
        (out,) = flow.outputs
        rows = jacobian(flow, [out], known)
        assert rows[0][flow.inputs.index("x")] is known["x"][out]
        assert rows[0][flow.inputs.index("y")] == SYMBOLS["x"]


class TestVectorChain:
    def test_seed_vector_example(self):
        flow = flow_of("[ln(x**2), sin(3*x)]")
        x = SYMBOLS["x"]
        inner, outer, inner_jac = vector_chain(flow, {"x": forward(flow, "x")})
        assert inner == ("u1", "u2")
        u1, u2 = sp.symbols("u1 u2", real=True)
        assert outer == sp.Matrix([[1 / u1, 0], [0, sp.cos(u2)]])
        assert inner_jac == sp.Matrix([[2 * x], [3]])
        product = (outer * inner_jac).subs({u1: x**2, u2: 3 * x})
        assert sp.simplify(product - sp.Matrix([[2 / x], [3 * sp.cos(3 * x)]])) == sp.zeros(2, 1)

    def test_outer_times_inner_is_the_jacobian(self):
        flow = flow_of("[x*w + sin(w), exp(x*w)]")
        per_input = {n: forward(flow, n) for n in flow.inputs}
        inner, outer, inner_jac = vector_chain(flow, per_input)
        back = {flow.node(g).symbol: flow.node(g).expr for g in inner}
        outputs = sp.Matrix([flow.node(o).expr for o in flow.outputs])
        oracle = outputs.jacobian([SYMBOLS[n] for n in flow.inputs])
        assert sp.simplify((outer * inner_jac).subs(back) - oracle) == sp.zeros(2, 2)


class TestReverse:
    @given(programs())
    def test_programs_forward_reverse_paths_and_sympy_agree(self, case):
        text, expr = case
        check_against_oracles(build_or_skip(text), expr)

    @given(expressions)
    def test_expressions_forward_reverse_paths_and_sympy_agree(self, case):
        text, expr = case
        check_against_oracles(build_or_skip(text), expr)

    def test_the_neurons_gradient_in_one_pass(self):
        flow = build(parse("sigmoid(w*x + b)"))
        w, x, b = sp.symbols("w x b", real=True)
        y = 1 / (1 + sp.exp(-(w * x + b)))
        grad = reverse(flow, "y")
        for name, symbol in (("w", w), ("x", x), ("b", b)):
            assert sp.simplify(grad[name].rewrite(sp.exp) - sp.diff(y, symbol)) == 0

    def test_an_output_that_feeds_another(self):
        flow = build(parse("[x**2, x**2 + 1]"))
        x = SYMBOLS["x"]
        assert reverse(flow, "y1")["x"] == 2 * x
        assert reverse(flow, "y1")["y2"] == 0  # y2 comes after y1: it does not change y1
        assert reverse(flow, "y2") == {"y2": 1, "y1": 1, "x": 2 * x}

    def test_a_node_the_output_does_not_depend_on_has_adjoint_zero(self):
        flow = build(parse("[sin(x), w**2]"))
        assert reverse(flow, "y1")["w"] == 0
