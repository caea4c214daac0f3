"""Derivatives by matrices and the graph of shapes, against sympy built independently with sympy.Matrix and sympy.diff.

Every oracle here is built from ``sympy.Matrix`` and ``sympy.diff`` directly, never through the
explorer's parser: a derivative by a matrix W is compared entry by entry with ``sympy.diff`` of the
whole expression by that entry, and the graph of shapes (its links' closed forms at the point,
multiplied back) with the Jacobian of the graph of entries.
"""

from __future__ import annotations

import math
import random

import pytest
import sympy as sp
from hypothesis import given, settings
from strategies import entrywise_matrix_programs, matrix_programs, matrix_symbols

from explorer.calculus.shapes.values import block_paths, product
from explorer.calculus.verify import verify
from explorer.language.floats import FLOAT_FUNCTIONS
from explorer.teach import explained


def analyze(text, wrt=None, at=None):
    return verify(explained(text, wrt, at))


def symbols(*names):
    return [sp.Symbol(n, real=True) for n in names]


def values_at(expr: sp.Expr, point: dict) -> float:
    return float(expr.evalf(subs=point))


def nested(values, shape):
    """Flat values in ``shape`` as the analysis writes a gradient: a list, or a list of rows."""
    if len(shape) == 2:
        return [list(values[r * shape[1] : (r + 1) * shape[1]]) for r in range(shape[0])]
    return list(values)


def assert_equal_functions(ours, oracle, names, trials=3, seed=0):
    """Two nested lists of sympy expressions have the same shape and agree at random points (off any kink).

    Both are compiled by ``sympy.lambdify`` (with the activations' float implementations) to compare quickly.
    """
    rng = random.Random(seed)
    flat_ours = list(sp.flatten(ours)) if isinstance(ours, list) else [ours]
    flat_oracle = list(sp.flatten(oracle)) if isinstance(oracle, list) else [oracle]
    assert len(flat_ours) == len(flat_oracle)
    assert _shape(ours) == _shape(oracle)
    names = list(names)
    both = sp.lambdify(names, [*flat_ours, *flat_oracle], modules=[FLOAT_FUNCTIONS, "numpy"])
    for _ in range(trials):
        values = [float(v) for v in both(*(rng.uniform(-1.5, 1.5) for _ in names))]
        half = len(flat_ours)
        for a, b, va, vb in zip(flat_ours, flat_oracle, values[:half], values[half:], strict=True):
            assert math.isclose(va, vb, rel_tol=1e-8, abs_tol=1e-9), (a, b)


def _shape(value) -> tuple:
    if isinstance(value, list):
        return (len(value), *(_shape(value[0]) if value else ()))
    return ()


def gradient_by(expr: sp.Expr, matrix: sp.Matrix) -> list:
    """sympy.diff of the whole expression by each entry of a matrix, in its shape: a list of rows."""
    return [[sp.diff(expr, matrix[i, j]) for j in range(matrix.shape[1])] for i in range(matrix.shape[0])]


W23 = matrix_symbols("W", 2, 3)
X3 = sp.Matrix(symbols("x1", "x2", "x3"))
B = sp.Symbol("b", real=True)
DENSE = "W = [[w11, w12, w13], [w21, w22, w23]]; x = [x1, x2, x3]; y = sum(tanh(W @ x + b))"


class TestDoneWhen:
    """The issue's cases, each against its own sympy oracle."""

    def test_dense_tanh_layer_by_its_weight_matrix(self):
        y = sum((W23 * X3 + sp.Matrix([B, B])).applyfunc(sp.tanh))
        a = analyze(DENSE, "W")
        oracle = [[sp.diff(y, W23[i, j]) for j in range(3)] for i in range(2)]
        assert len(a.total) == 2 and all(len(row) == 3 for row in a.total)  # a 2×3 gradient
        assert_equal_functions(a.total, oracle, [*W23, *X3, B])
        values = a.to_dict()["total_value"]
        point = {sp.Symbol(k, real=True): v for k, v in a.point.items()}
        expected = [[values_at(e, point) for e in row] for row in oracle]
        assert [len(row) for row in values] == [3, 3]
        assert [v for row in values for v in row] == pytest.approx([v for row in expected for v in row])
        assert a.verified and a.block_values.agrees

    def test_dense_tanh_layer_by_its_input(self):
        y = sum((W23 * X3 + sp.Matrix([B, B])).applyfunc(sp.tanh))
        a = analyze(DENSE, "x")
        assert_equal_functions(a.total, [sp.diff(y, e) for e in X3], [*W23, *X3, B])
        assert a.block_values.agrees

    def test_softmax_cross_entropy_by_the_logits_is_softmax_minus_t(self):
        z, t = sp.Matrix(symbols("z1", "z2", "z3")), sp.Matrix(symbols("t1", "t2", "t3"))
        total = sum(sp.exp(e) for e in z)
        softmax = [sp.exp(e) / total for e in z]
        a = analyze("z = [z1, z2, z3]; t = [t1, t2, t3]; y = -sum(t * ln(softmax(z)))", "z")
        # sympy's own derivative, and the textbook's softmax(z) − t where the targets sum to 1
        y = -sum(ti * sp.log(si) for ti, si in zip(t, softmax))
        assert_equal_functions(a.total, [sp.diff(y, e) for e in z], [*z, *t])
        one_hot = {sp.Symbol("t1", real=True): 0, sp.Symbol("t2", real=True): 1, sp.Symbol("t3", real=True): 0}
        ours = [e.xreplace(one_hot) for e in a.total]
        assert_equal_functions(ours, [s - one_hot[ti] for s, ti in zip(softmax, t)], list(z))

    def test_logsumexp_by_z_is_softmax(self):
        z = sp.Matrix(symbols("z1", "z2", "z3", "z4"))
        total = sum(sp.exp(e) for e in z)
        a = analyze("z = [z1, z2, z3, z4]; y = logsumexp(z)", "z")
        assert_equal_functions(a.total, [sp.exp(e) / total for e in z], list(z))
        assert_equal_functions(a.total, [sp.diff(sp.log(total), e) for e in z], list(z))

    def test_mean_squared_loss_of_a_relu_neuron_over_three_samples_by_the_weights(self):
        samples = sp.Matrix([[1, 2], [3, -1], [sp.Rational(1, 2), 2]])
        t = sp.Matrix([1, 0, 2])
        w = sp.Matrix(symbols("w1", "w2"))
        out = (samples * w + sp.Matrix([B] * 3)).applyfunc(lambda e: sp.Max(0, e))
        y = sum((ti - oi) ** 2 for ti, oi in zip(t, out)) / 3
        text = "X = [[1, 2], [3, -1], [0.5, 2]]; t = [1, 0, 2]; w = [w1, w2]; y = mean((t - relu(X @ w + b))**2)"
        a = analyze(text, "w", at={"w1": 0.3, "w2": -0.2, "b": 0.4})
        assert_equal_functions(a.total, [sp.diff(y, e) for e in w], [*w, B], seed=3)
        point = {sp.Symbol(k, real=True): v for k, v in a.point.items()}
        assert list(a.total_values) == pytest.approx([values_at(sp.diff(y, e), point) for e in w])
        assert a.block_values.agrees

    def test_two_layers_by_the_first_layers_matrix(self):
        first, second = matrix_symbols("P", 3, 2), matrix_symbols("Q", 2, 3)
        x = sp.Matrix(symbols("x1", "x2"))
        y = sum((second * (first * x).applyfunc(sp.tanh)).applyfunc(lambda e: 1 / (1 + sp.exp(-e))))
        text = (
            "P = [[p11, p12], [p21, p22], [p31, p32]]; Q = [[q11, q12, q13], [q21, q22, q23]]; x = [x1, x2]; "
            "h = tanh(P @ x); y = sum(sigmoid(Q @ h))"
        )
        a = analyze(text, "P")
        assert_equal_functions(a.total, gradient_by(y, first), [*first, *second, *x])
        assert a.block_values.agrees

    def test_quadratic_form_with_a_transpose(self):
        a_ = matrix_symbols("A", 2, 2)
        x = sp.Matrix(symbols("x1", "x2"))
        y = (x.T * a_ * x)[0]
        text = "A = [[a11, a12], [a21, a22]]; x = [x1, x2]; y = transpose(x) @ A @ x"
        by_x, by_a = analyze(text, "x"), analyze(text, "A")
        assert_equal_functions(by_x.total, [sp.diff(y, e) for e in x], [*a_, *x])
        assert_equal_functions(by_x.total, list((a_ + a_.T) * x), [*a_, *x])  # the textbook's (A + Aᵀ)x
        assert_equal_functions(by_a.total, gradient_by(y, a_), [*a_, *x])  # and x xᵀ by A
        assert_equal_functions(by_a.total, (x * x.T).tolist(), [*a_, *x])
        assert analyze("A = [[a11, a12], [a21, a22]]; x = [x1, x2]; y = xᵀ @ Aᵀ @ x", "x").total == by_x.total

    def test_the_jacobian_of_w_at_x_by_x_is_w(self):
        weights = matrix_symbols("W", 2, 3)
        a = analyze("W = [[w11, w12, w13], [w21, w22, w23]]; x = [x1, x2, x3]; y = W @ x", "x")
        assert a.total == weights.tolist()
        assert a.to_dict()["total_value"] == [[a.point[str(e)] for e in row] for row in weights.tolist()]

    @pytest.mark.parametrize("text", ["sin^2(x)", "sin^2(x) + cos^2(x)*x", "ln^3(x + 2)", "sin^-1(x/2)"])
    def test_textbook_function_powers(self, text):
        x = sp.Symbol("x", real=True)
        oracle = {
            "sin^2(x)": sp.sin(x) ** 2,
            "sin^2(x) + cos^2(x)*x": sp.sin(x) ** 2 + sp.cos(x) ** 2 * x,
            "ln^3(x + 2)": sp.log(x + 2) ** 3,
            "sin^-1(x/2)": sp.asin(x / 2),
        }[text]
        a = analyze(text)
        assert a.verified
        assert_equal_functions(a.total, sp.diff(oracle, x), [x])


class TestDerivativeShapes:
    def test_by_a_matrix_of_a_vector_output_is_one_matrix_per_output(self):
        a = analyze("W = [[a, b], [c, d]]; x = [p, q]; y = tanh(W @ x)", "W")
        assert len(a.total) == 2 and all(len(m) == 2 and len(m[0]) == 2 for m in a.total)
        # ∂y1/∂W has W's shape; y1 does not depend on W's second row
        assert sp.simplify(a.total[0][1][0]) == 0 and sp.simplify(a.total[1][1][0]) != 0

    def test_json_total_keeps_the_matrix_shape(self):
        d = analyze(DENSE, "W").to_dict()
        assert len(d["total"]) == 2 and len(d["total"][0]) == 3
        assert len(d["oracle"]) == 2 and len(d["finite_difference"][1]) == 3
        assert d["wrt_inputs"] == ["w11", "w12", "w13", "w21", "w22", "w23"]

    def test_finite_differences_agree_entry_by_entry(self):
        a = analyze(DENSE, "W")
        assert all(a.finite_difference_agrees)


class TestGraphOfShapes:
    def test_a_dense_layers_links_in_the_papers_closed_forms(self):
        a = analyze(DENSE, "W")
        forms = {(link.source, link.target): (link.form.kind, link.form.text) for link in a.shapes.links}
        assert forms == {
            ("W", "g1"): ("kronecker", "I ⊗ xᵀ"),
            ("x", "g1"): ("matrix", "W"),
            ("g1", "g2"): ("identity", "I"),
            ("b", "g2"): ("column", "1"),
            ("g2", "g3"): ("diagonal", "diag(1 − tanh(g2)²)"),
            ("g3", "y"): ("ones", "1ᵀ"),
        }
        assert [b.shape for b in a.shapes.blocks] == [(2, 3), (3,), (2,), (), (2,), (2,), ()]

    def test_link_values_are_the_closed_forms_at_the_point(self):
        a = analyze(DENSE, "W", at={"b": 0.1})
        values = {(link.source, link.target): v for link, v in zip(a.shapes.links, a.block_values.jacobians)}
        point = a.point
        w = [[point[f"w{i}{j}"] for j in (1, 2, 3)] for i in (1, 2)]
        x = [point[f"x{j}"] for j in (1, 2, 3)]
        assert [list(r) for r in values["x", "g1"]] == w  # ∂(W @ x)/∂x = W
        assert [list(r) for r in values["W", "g1"]] == [[*x, 0, 0, 0], [0, 0, 0, *x]]  # I ⊗ xᵀ
        z = [sum(wi * xi for wi, xi in zip(row, x)) + 0.1 for row in w]
        tanh_prime = [1 - math.tanh(v) ** 2 for v in z]
        assert sum(values["g2", "g3"], ()) == pytest.approx((tanh_prime[0], 0.0, 0.0, tanh_prime[1]))
        assert values["g3", "y"] == ((1.0, 1.0),)
        assert values["b", "g2"] == ((1.0,), (1.0,))

    def test_the_product_of_the_layers_is_the_whole_jacobian(self):
        a = analyze(DENSE, "W")
        paths, count = block_paths(a.shapes, "W")
        assert count == 1
        (path,) = paths
        chained = product(a.block_values, path)  # 1ᵀ · diag(tanh′) · I · (I ⊗ xᵀ)
        assert [v for row in chained for v in row] == pytest.approx(list(a.total_values))

    def test_the_gradient_by_w_is_an_outer_product(self):
        a = analyze(DENSE, "W")
        delta = a.block_values.adjoints["g1"][0]  # ∂y/∂(W @ x)
        x = [a.point[f"x{j}"] for j in (1, 2, 3)]
        outer = [d * xj for d in delta for xj in x]
        assert list(a.block_values.adjoints["W"][0]) == pytest.approx(outer)

    def test_softmax_and_logsumexp_forms(self):
        a = analyze("z = [z1, z2, z3]; s = softmax(z); y = logsumexp(z) + dot([1, 2, 3], s)", "z")
        forms = {(link.source, link.target): link.form.text for link in a.shapes.links}
        assert forms["z", "s"] == "diag(s) − s·sᵀ"
        assert any(text == "softmax(z)ᵀ" for text in forms.values())
        assert a.block_values.agrees

    def test_scalar_programs_have_no_graph_of_shapes(self):
        assert analyze("x*x**2").shapes is None

    def test_the_values_follow_the_point(self):
        from explorer.calculus.pipeline import revalue

        a = analyze(DENSE, "x")
        moved = revalue(a, {"w11": -1.0, "x1": 2.0})
        assert moved.block_values.values["W"][0] == -1.0 and moved.block_values.agrees

    def test_an_undefined_value_is_none_and_not_compared(self):
        a = analyze("w = [w1, w2]; y = sum(relu(w))", "w", at={"w1": 0, "w2": 1})
        (relu_link,) = [link for link in a.shapes.links if link.form.kind == "diagonal"]
        index = a.shapes.links.index(relu_link)
        assert a.block_values.jacobians[index][0][0] is None and a.block_values.agrees is None


@settings(max_examples=25)
@given(matrix_programs())
def test_random_networks_gradient_by_every_matrix_and_vector_equals_sympys(case):
    text, y, named = case
    names = [s for m in named.values() for s in m] + [sp.Symbol("b", real=True)]
    for name, matrix in named.items():
        a = explained(text, name)
        rows, columns = matrix.shape
        is_matrix = name in ("A", "B") and text.count(f"{name} = [[") == 1
        oracle = [sp.diff(y, e) for e in matrix]
        assert_equal_functions(a.total, nested(oracle, (rows, columns) if is_matrix else (rows,)), names, trials=2)
        assert a.block_values is not None and a.block_values.agrees in (True, None), (text, name)


@settings(max_examples=25)
@given(entrywise_matrix_programs())
def test_random_entrywise_programs_gradient_by_each_matrix_equals_sympys(case):
    text, y, named = case
    names = [s for m in named.values() for s in m] + [sp.Symbol("b", real=True)]
    for name, matrix in named.items():
        a = explained(text, name)
        oracle = [[sp.diff(y, matrix[i, j]) for j in range(matrix.shape[1])] for i in range(matrix.shape[0])]
        assert_equal_functions(a.total, oracle, names, trials=2)
        assert a.block_values is not None and a.block_values.agrees in (True, None), (text, name)
