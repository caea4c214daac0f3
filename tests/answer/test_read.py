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
            ("[1, 2]", "your answer should be one expression, not a vector of 2"),
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

    def test_a_vector_expression_needs_a_vector(self):
        with pytest.raises(ExpressionError, match="a vector of 2 derivatives, one per output"):
            read_answer("2/x", explained("[ln(x**2), sin(3*x)]"))
