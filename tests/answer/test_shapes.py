"""An answer is shaped as the derivative: a gradient by w is a vector, by W a matrix, a Jacobian has rows;
another shape is a wrong answer (exit 1), said with both sizes, never a refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from strategies import build_or_skip, typed, vector_programs

from explorer.answer.diagnose import diagnose
from explorer.answer.feedback import check_dict
from explorer.answer.shapes import accepted, expected, mismatch
from explorer.teach import explained

DOT = "w = [w1, w2]; y = dot(w, w)"
LAYER = "W = [[a, b], [c, d]]; x = [p, q]; y = sum(W @ x)"


def verdict(text: str, answer: str, wrt: str | None = None) -> dict:
    analysis = explained(text, wrt=wrt)
    return check_dict(diagnose(analysis, answer), analysis)


class TestTheIssuesExamples:
    def test_the_gradient_of_a_dot_product(self):
        assert verdict(DOT, "[2*w1, 2*w2]", "w")["correct"] is True
        one = verdict(DOT, "2*w1", "w")
        assert (one["correct"], one["method"], one["shape"], one["expected_shape"]) == (False, "shape", [], [2])
        assert one["verdict"] == "Not correct: dy/dw has 2 entries, your answer has 1."
        assert one["diagnosis"] == ["Write it as a vector of 2, one entry per entry of w: [dy/dw1, dy/dw2]."]
        half = verdict(DOT, "[2*w1, w2]", "w")
        assert (half["correct"], half["method"]) == (False, "symbolic")
        assert half["missing_paths"] == [4]
        assert half["diagnosis"][0] == "In dy/dw2, your answer is the product along path 3 only."
        assert [d["input"] for d in half["difference"]] == ["w2"]

    @pytest.mark.parametrize("answer", ["2*w", "[[2*w1, 2*w2]]", "[[2*w1], [2*w2]]", "[2·w1, 2·w2]"])
    def test_a_vector_as_a_name_a_row_or_a_column(self, answer):
        assert verdict(DOT, answer, "w")["correct"] is True

    def test_a_matrix_gradient_has_the_matrixs_shape(self):
        assert verdict(LAYER, "[[p, q], [p, q]]", "W")["correct"] is True
        flat = verdict(LAYER, "[p, q, p, q]", "W")
        assert flat["verdict"] == "Not correct: dy/dW is a 2×2 matrix, as W is, and your answer is a vector of 4."
        wrong = verdict(LAYER, "[[p, q], [q, p]]", "W")
        assert wrong["method"] != "shape" and [d["input"] for d in wrong["difference"]] == ["c", "d"]


class TestEveryShape:
    @pytest.mark.parametrize(
        ("text", "wrt", "shape"),
        [
            ("x**2", None, ()),
            ("[x, x**2]", None, (2,)),
            (DOT, "w", (2,)),
            (LAYER, "W", (2, 2)),
            ("w = [w1, w2]; y = [w1*w2, w1 + w2, w2]", "w", (3, 2)),  # the Jacobian: a row per output
            ("W = [[a, b], [c, d]]; y = W @ [1, 2]", "W", (2, 4)),  # three indexes: the Jacobian's rows
            ("[[x, 2*x], [x**2, 3]]", None, (2, 2)),  # a matrix output by one input
        ],
    )
    def test_the_expected_shape_and_its_answer(self, text, wrt, shape):
        analysis = explained(text, wrt=wrt)
        assert expected(analysis) == shape
        rows = [typed(t) for t in analysis.totals]
        if len(shape) == 2:
            width = shape[1]
            lines = [rows[r * width : (r + 1) * width] for r in range(shape[0])]
            answer = "[" + ", ".join("[" + ", ".join(line) + "]" for line in lines) + "]"
        else:
            answer = f"[{', '.join(rows)}]" if shape else rows[0]
        assert diagnose(analysis, answer).correct is True
        wrong = "[" + ", ".join([*rows, "0"]) + "]"
        check = diagnose(analysis, wrong)
        assert (check.correct, check.method) == (False, "shape")
        said = mismatch(analysis, check.shape)
        assert said.endswith(f"your answer has {len(rows) + 1}" + (" entries" if not shape else ""))

    def test_a_matrix_outputs_derivative_as_the_explorer_prints_it(self):
        analysis = explained("[[x, 2*x], [x**2, 3]]")
        assert accepted(analysis) == ((2, 2), (4,), (1, 4), (4, 1))
        assert diagnose(analysis, "[1, 2, 2*x, 0]").correct is True

    def test_one_expression_for_a_vector_of_one(self):
        """[x²] is a vector of one output: its derivative is a vector of one, not one expression."""
        analysis = explained("[x**2]")
        assert mismatch(analysis, ()) == "[dy1/dx] is a vector of 1 and your answer is one expression"
        assert diagnose(analysis, "[2*x]").correct is True


@given(vector_programs(outputs=True))
def test_random_jacobians_entry_by_entry(program):
    """A vector output by w: rows per output, one entry per entry of w; one entry too few is the wrong shape."""
    text = program[0]
    build_or_skip(text)
    analysis = explained(text, wrt="w")
    m, n = len(analysis.outputs), len(analysis.wrt_inputs)
    assert expected(analysis) == (m, n)
    rows = [[typed(analysis.totals[i * n + j]) for j in range(n)] for i in range(m)]
    assert diagnose(analysis, "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]").correct is True
    short = diagnose(analysis, "[" + ", ".join("[" + ", ".join(r[:-1] or ["0", "0"]) + "]" for r in rows) + "]")
    assert short.correct is False and short.method == "shape"
