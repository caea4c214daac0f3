"""Matrices while the graph is built: shapes checked and named, products written out entry by entry, blocks recorded."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from explorer.errors import ExpressionError
from explorer.graph.build import build
from explorer.graph.matrices import describe, elementwise, entry_name, flat, make, shape, transpose
from explorer.language.parse import parse


def graph(text: str):
    return build(parse(text))


def refusal(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        graph(text)
    return info.value


def entries(rows: int, columns: int, stem: str = "a") -> tuple:
    return ("matrix", tuple(tuple(("input", f"{stem}{i}{j}") for j in range(columns)) for i in range(rows)))


class TestShapes:
    @given(st.integers(1, 4), st.integers(1, 4))
    def test_make_and_flat_are_inverse(self, rows, columns):
        matrix = entries(rows, columns)
        assert shape(matrix) == (rows, columns)
        assert make(shape(matrix), list(flat(matrix))) == matrix
        assert flat(transpose(transpose(matrix))) == flat(matrix)
        assert shape(transpose(matrix)) == (columns, rows)

    def test_describe_by_name_or_side(self):
        from explorer.language.syntax import Syntax

        assert describe(entries(2, 3), Syntax("name", "W"), "x") == "W is 2×3"
        assert describe(("vector", (("input", "a"),)), None, "the right side") == "the right side has 1 entry"

    def test_a_scalar_goes_to_every_entry_of_a_matrix(self):
        dims, per_entry = elementwise("+", [entries(2, 2), ("input", "b")], [None, None], 0, "A + b")
        assert dims == (2, 2) and all(entry[1] == ("input", "b") for entry in per_entry)

    def test_entry_names(self):
        assert [entry_name("H", i, j, set()) for i in range(2) for j in range(2)] == ["H11", "H12", "H21", "H22"]


class TestMatrixProduct:
    @pytest.mark.parametrize(
        ("text", "outputs"),
        [
            ("W = [[a, b], [c, d]]; x = [p, q]; y = W @ x", ("y1", "y2")),
            ("W = [[a, b], [c, d]]; x = [p, q]; y = x @ W", ("y1", "y2")),
            ("A = [[a, b], [c, d]]; B = [[p, q], [r, s]]; C = A @ B", ("C11", "C12", "C21", "C22")),
            ("x = [p, q]; y = x @ x", ("y",)),
            ("W = [[a, b, c]]; x = [p, q, r]; y = matmul(W, x)", ("y1",)),
        ],
    )
    def test_one_dot_product_per_entry(self, text, outputs):
        flow = graph(text)
        assert flow.outputs == outputs
        assert all(flow.node(out).op == "dot" for out in outputs)

    def test_the_entries_are_the_row_times_the_column(self):
        flow = graph("A = [[a, b], [c, d]]; B = [[p, q], [r, s]]; C = A @ B")
        a, b, c, d, p, q, r, s = sp.symbols("a b c d p q r s", real=True)
        product = sp.Matrix([[a, b], [c, d]]) * sp.Matrix([[p, q], [r, s]])
        assert [flow.node(o).expr for o in flow.outputs] == list(product)
        assert dict(flow.matrices)["C"] == (2, 2)

    def test_transpose_moves_entries_and_makes_no_node(self):
        flow = graph("A = [[a, b, c], [d, f, g]]; y = sum(transpose(A) @ [1, 2])")
        a, b, c, d, f, g = sp.symbols("a b c d f g", real=True)
        assert flow.node("y").expr == a + 2 * d + b + 2 * f + c + 2 * g
        assert not [n for n in flow.nodes if n.op == "transpose"]

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                "W = [[a, b], [c, d]]; x = [p, q, r]; y = W @ x",
                "cannot multiply W @ x: W is 2×2 but x has 3 entries; W's 2 columns must match x's 3 entries",
            ),
            (
                "A = [[a, b, c]]; B = [[p, q]]; y = A @ B",
                "cannot multiply A @ B: A is 1×3 but B is 1×2; A's 3 columns must match B's 1 row",
            ),
            (
                "x = [p, q]; W = [[a, b], [c, d], [e, f]]; y = x @ W",
                "cannot multiply x @ W: x has 2 entries but W is 3×2; x's 2 entries must match W's 3 rows",
            ),
            ("W = [[a, b]]; y = W @ 2", "'@' multiplies matrices and vectors, but the right side is a scalar"),
            (
                "W = [[a, b], [c, d]]; x = [p, q]; y = W*x",
                "cannot multiply W and x entry by entry: W is 2×2 but x has 2 entries; '*' works entry by entry on "
                "equal shapes: for the matrix product write A @ B",
            ),
            (
                "A = [[a, b], [c, d]]; B = [[p, q, r], [s, t, u]]; y = A + B",
                "cannot add A and B entry by entry: A is 2×2 but B is 2×3",
            ),
            ("A = [[a, b], [c, d]]; y = dot(A, [p, q])", "dot() takes two vectors, but A is 2×2: for a matrix times"),
            ("A = [[a, b], [c, d]]; y = softmax(A)", "softmax() takes a vector, such as softmax([a, b])"),
            ("y = logsumexp(z)", "logsumexp() takes a vector, such as logsumexp([a, b]) or logsumexp(z) for z = [z1"),
            ("A = [[a, b]]; y = [A, c]", "a vector's entries must be scalars; this one is a 1×2 matrix"),
            (
                "W = [[a, b], [c, d]]; x = [p, q]; y = x^T @ W @ x",
                "x^T would raise every entry to the power of an input T; for the transpose write xᵀ or transpose(x)",
            ),
        ],
    )
    def test_shape_mismatches_name_both_shapes_and_the_column(self, text, message):
        error = refusal(text)
        assert message in str(error)
        assert error.column is not None and text[error.column - 1] in "@*+dslA^"

    def test_the_entries_count_against_the_operation_budget(self):
        rows = "], [".join(", ".join(f"a{16 * i + j}" for j in range(16)) for i in range(16))
        error = refusal(f"A = [[{rows}]]; y = sum(A @ A)")
        assert "works out to more than 2000 operations entry by entry" in str(error)


class TestSoftmax:
    def test_softmax_is_exp_over_the_sum_of_exps(self):
        flow = graph("z = [z1, z2, z3]; s = softmax(z)")
        z = sp.symbols("z1 z2 z3", real=True)
        total = sum(sp.exp(e) for e in z)
        assert [flow.node(o).expr for o in flow.outputs] == [sp.exp(e) / total for e in z]
        assert sorted({n.op for n in flow.nodes if n.kind != "input"}) == ["*", "+", "exp"]

    def test_logsumexp_shares_the_exps_with_softmax(self):
        flow = graph("z = [z1, z2]; y = logsumexp(z) + dot([1, 0], softmax(z))")
        assert len([n for n in flow.nodes if n.op == "exp"]) == 2


class TestBlocks:
    def test_a_dense_layer_is_four_operations_on_whole_values(self):
        flow = graph("W = [[a, b, c], [d, f, g]]; x = [p, q, r]; z = W @ x + s; y = sum(tanh(z))")
        assert [(b.id, b.op, b.shape) for b in flow.blocks] == [
            ("W", "input", (2, 3)),
            ("x", "input", (3,)),
            ("g1", "matmul", (2,)),
            ("s", "input", ()),
            ("z", "+", (2,)),
            ("g2", "tanh", (2,)),
            ("y", "sum", ()),
        ]
        assert flow.blocks[2].operands == ("W", "x") and flow.blocks[4].operands == ("g1", "s")
        assert flow.blocks[-1].entries == ("y",)

    def test_named_data_is_a_constant_block_and_numbers_fold_in(self):
        flow = graph("X = [[1, 2], [3, 4]]; w = [p, q]; y = sum(2*(X @ w))")
        kinds = {b.id: b.op for b in flow.blocks}
        assert kinds["X"] == "constant" and flow.blocks[-2].operands[0] == 2

    def test_computed_entries_are_stacked(self):
        flow = graph("v = [sin(x), x**2]; y = sum(v)")
        (stack,) = [b for b in flow.blocks if b.op == "stack"]
        assert stack.id == "v" and len(stack.operands) == 2

    def test_shared_operations_are_one_block(self):
        shared = graph("x = [p, q]; y = sum(tanh(x)) + sum(tanh(x))")
        unshared = build(parse("x = [p, q]; y = sum(tanh(x)) + sum(tanh(x))"), share=False)
        assert len(shared.blocks) < len(unshared.blocks)

    def test_block_names_never_take_a_users_name(self):
        flow = graph("g1 = [p, q]; y = sum(exp(g1 @ [[1, 2], [3, 4]]))")
        ids = [b.id for b in flow.blocks]
        assert len(set(ids)) == len(ids) and ids.count("g1") == 1

    def test_a_computed_matrix_names_its_entries_by_row_and_column(self):
        flow = graph("A = [[a, b], [c, d]]; H = tanh(A); y = sum(H)")
        assert {"H11", "H12", "H21", "H22"} <= {n.id for n in flow.nodes}
        assert flow.shape("H") == (2, 2) and dict(flow.vectors)["H"] == ("H11", "H12", "H21", "H22")

    def test_the_graph_of_entries_stays_as_typed(self):
        flow = graph("x*x**2")
        assert [(e.source, e.target) for e in flow.edges] == [("x", "u1"), ("x", "y"), ("u1", "y")]


class TestRemarks:
    def test_a_vector_output_of_an_entrywise_product_says_so(self):
        from explorer.teach import explained

        notes = explained("w = [w1, w2]; x = [x1, x2]; y = w*x + b").notes
        assert (
            "w * x multiplies entry by entry, so y is a vector of 2; for the dot product write dot(w, x) or w @ x"
            in notes
        )

    @pytest.mark.parametrize("text", ["w = [w1, w2]; x = [x1, x2]; y = sum(w*x)", "w = [w1, w2]; y = 2*w", "y = w*x"])
    def test_nothing_to_say_otherwise(self, text):
        assert graph(text).remarks == ()


def _literal(name: str, rows: int, columns: int) -> tuple[str, sp.Matrix]:
    matrix = sp.Matrix(rows, columns, lambda i, j: sp.Symbol(f"{name}{i + 1}{j + 1}", real=True))
    return "[" + ", ".join("[" + ", ".join(str(v) for v in row) + "]" for row in matrix.tolist()) + "]", matrix


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.integers(1, 4))
def test_a_product_of_random_shapes_is_sympys_or_refused_with_both_shapes(r, c, c2, d):
    left, a = _literal("a", r, c)
    right, b = _literal("b", c2, d)
    text = f"A = {left}; B = {right}; C = A @ B"
    if c != c2:
        message = str(refusal(text))
        assert f"A is {r}×{c} but B is {c2}×{d}" in message and message.endswith(f"at column {text.index('@') + 1}")
        return
    flow = graph(text)
    assert [flow.node(o).expr for o in flow.outputs] == list(a * b)
    assert flow.shape("C") == (r, d)
