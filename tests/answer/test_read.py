"""Reading an answer: the expression's parser and limits, intermediate names substituted back, refusals that say so."""

from __future__ import annotations

import pytest
import sympy as sp
from strategies import SYMBOLS

from explorer.answer.diagnose import EdgeError, diagnose
from explorer.answer.read import read_answer
from explorer.errors import ExpressionError
from explorer.teach import explained


class TestReadingTheAnswer:
    def test_intermediate_names_are_substituted_back(self):
        analysis = explained("u = x**2; y = sin(u)")
        x = SYMBOLS["x"]
        assert read_answer("cos(u) * 2x", analysis).expressions == (2 * x * sp.cos(x**2),)
        assert read_answer("cos(u) * 2x", analysis).own == (2 * x * sp.cos(sp.Symbol("u", real=True)),)
        assert diagnose(analysis, "cos(u)").edge_errors == (EdgeError(0, 0, "dropped"),)

    @pytest.mark.parametrize(
        ("answer", "message"),
        [
            ("2*x +", "your answer: expression ends too early"),
            ("2*z", "your answer uses 'z', which is not a variable of the expression"),
            ("__import__('os')", "your answer: names may not start with '__'"),
            ("", "your answer: the expression is empty"),
        ],
    )
    def test_refused_answers_say_so_with_the_column(self, answer, message):
        with pytest.raises(ExpressionError) as caught:
            read_answer(answer, explained("x + x**2"))
        assert caught.value.message.startswith(message)

    def test_the_column_is_in_the_answer(self):
        with pytest.raises(ExpressionError) as caught:
            read_answer("2*x + 3*z", explained("x + x**2"))
        assert caught.value.column == 9 and caught.value.source_line == "2*x + 3*z"

    def test_an_answer_of_another_shape_is_read_with_its_shape(self):
        """The shape is a verdict (tests/answer/test_shapes.py), never a refusal."""
        assert read_answer("2/x", explained("[ln(x**2), sin(3*x)]")).shape == ()
        assert read_answer("[1, 2]", explained("x + x**2")).shape == (2,)
        assert read_answer("[[1, x], [2, x]]", explained("x + x**2")).shape == (2, 2)


class TestTheExplorersOwnNotation:
    """Every form the explorer prints a derivative in reads back as an answer (the hypothesis test is in
    tests/answer/test_readback.py)."""

    @pytest.mark.parametrize(
        ("answer", "expected"),
        [
            ("H(x)", sp.Heaviside(SYMBOLS["x"])),
            ("Heaviside(x)", sp.Heaviside(SYMBOLS["x"])),
            ("sign(x)·|x|", sp.sign(SYMBOLS["x"]) * sp.Abs(SYMBOLS["x"])),
            ("Max(0, x) + Min(x, 1)", sp.Max(0, SYMBOLS["x"]) + sp.Min(SYMBOLS["x"], 1)),
            ("Abs(x)", sp.Abs(SYMBOLS["x"])),
            ("√x/(2·√(π))", sp.sqrt(SYMBOLS["x"]) / (2 * sp.sqrt(sp.pi))),
            (
                "sin^2(x) + 2x sin(x) cos(x)",
                sp.sin(SYMBOLS["x"]) ** 2 + 2 * SYMBOLS["x"] * sp.sin(SYMBOLS["x"]) * sp.cos(SYMBOLS["x"]),
            ),
            ("x**E", SYMBOLS["x"] ** sp.E),
        ],
    )
    def test_printed_names_read_back(self, answer, expected):
        (read,) = read_answer(answer, explained("x*y")).expressions
        assert sp.simplify(read - expected) == 0

    def test_sigma_is_the_sigmoid(self):
        from explorer.language.activations import sigmoid

        (read,) = read_answer("(1 − σ(x))·σ(x)", explained("sigmoid(x)")).expressions
        assert read == (1 - sigmoid(SYMBOLS["x"])) * sigmoid(SYMBOLS["x"])

    def test_a_variable_keeps_its_name(self):
        """An expression with a variable H: H(x) in its answer is a product, refused as in the expression."""
        with pytest.raises(ExpressionError, match="unknown function 'H'"):
            read_answer("H(x)", explained("H*x"))
        (read,) = read_answer("E", explained("E*x")).expressions
        assert read == sp.Symbol("E", real=True)

    def test_the_expressions_vectors_may_be_named(self):
        analysis = explained("w = [w1, w2]; x = [p, q]; y = max(0, dot(w, x) + b)", wrt="w")
        read = read_answer("H(dot(w, x) + b)·x", analysis)
        assert read.shape == (2,) and [str(e) for e in read.expressions] == [
            "p*Heaviside(b + p*w1 + q*w2)",
            "q*Heaviside(b + p*w1 + q*w2)",
        ]

    def test_the_column_is_in_the_answer_after_the_vectors(self):
        with pytest.raises(ExpressionError) as caught:
            read_answer("2*w +", explained("w = [w1, w2]; y = dot(w, w)", wrt="w"))
        assert caught.value.column == 6 and caught.value.source_line == "2*w +"
