"""A learner's answer checked in a worker: verdicts, the paths and edges it misses, its budget."""

from __future__ import annotations

import math

import pytest

import explorer
from explorer import checking
from explorer.errors import ExpressionError, TimedOutError


class TestCheck:
    def test_the_papers_examples(self):
        assert explorer.check("x + x**2", "2*x")["missing_paths"] == [2]
        assert explorer.check("sin(x**2)", "cos(x**2)")["edge_errors"][0]["partial"] == "2*x"
        assert explorer.check("x*x**2", "x**2")["matched_paths"] == [2]

    def test_wrt_and_point(self):
        checked = explorer.check("sigmoid(w*x + b)", "x", wrt="w", at={"x": 2, "w": 0, "b": 0})
        assert checked["correct"] is False and checked["edge_errors"][0]["rule"] == "activation"
        difference = checked["difference"]
        x, w, b = (difference["at"][name] for name in "xwb")
        s = 1 / (1 + math.exp(-(w * x + b)))
        assert difference["answer_value"] == pytest.approx(x)
        assert difference["total_value"] == pytest.approx(x * s * (1 - s))

    def test_an_unreadable_answer_is_refused_with_its_column(self):
        with pytest.raises(ExpressionError) as caught:
            explorer.check("x + x**2", "2*x +* 1")
        assert caught.value.column == 6 and caught.value.message.startswith("your answer: ")

    def test_the_difference_is_simplified_when_there_is_time(self):
        checked = checking.check_answer(explorer.analyze("sin(x)**2"), "2 sin(x) cos(x) + 1")
        assert checked["difference"]["expr"] == "1" and checked["difference"]["simplified"]

    def test_a_check_that_runs_out_of_time_is_a_capacity_error(self):
        analysis = explorer.analyze("x + x**2")
        with pytest.raises(TimedOutError) as caught:
            checking.check_answer(analysis, "+".join(["sin(x**2)"] * 300) + " + 2**(999/1000)", budget=0.01)
        assert str(caught.value).startswith("checking your answer was stopped after 0.01 s")

    def test_hints(self):
        assert checking.hints(explorer.analyze("x + x**2"), 1)[2].startswith("Path 2, x → y")


class TestIssue21:
    """The verdicts the issue asked for, through explorer.check (a worker, as the page and the CLI)."""

    def test_a_gradient_is_checked_entry_by_entry(self):
        dot = "w = [w1, w2]; y = dot(w, w)"
        assert explorer.check(dot, "[2*w1, 2*w2]", wrt="w")["correct"] is True
        short = explorer.check(dot, "2*w1", wrt="w")
        assert (short["correct"], short["method"]) == (False, "shape")
        assert short["verdict"] == "Not correct: dy/dw has 2 entries, your answer has 1."
        assert explorer.check(dot, "[2*w1, w2]", wrt="w")["correct"] is False

    def test_the_neurons_gradient_in_heaviside_form(self):
        neuron = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"
        step = "Heaviside(b + w1*x1 + w2*x2 + w3*x3)"
        assert explorer.check(neuron, f"[x1*{step}, x2*{step}, x3*{step}]", wrt="w")["correct"] is True

    def test_a_tiny_exact_difference_is_not_correct(self):
        assert explorer.check("x**2", "2*x + 1e-20")["correct"] is False

    def test_the_textbook_square(self):
        assert explorer.check("x*sin(x)**2", "sin^2(x) + 2x sin(x) cos(x)")["correct"] is True

    def test_two_for_two_u_names_the_power_edge(self):
        (error,) = explorer.check("x*sin(x)**2", "sin(x)**2 + 2*x*cos(x)")["edge_errors"]
        assert (error["rule"], error["error"], error["source"], error["target"]) == ("power", "power base", "u1", "u2")


class TestTextbookNotation:
    """sin^2(x) is accepted in the expression and in the answer alike."""

    @pytest.mark.parametrize(
        ("text", "answer"),
        [
            ("sin^2(x)", "2 sin(x) cos(x)"),
            ("sin(x)**3", "3 sin^2(x) cos(x)"),
            ("sin^-1(x)", "1/sqrt(1 - x^2)"),
            ("ln^2(x)", "2 ln(x)/x"),
        ],
    )
    def test_a_right_answer_in_textbook_notation(self, text, answer):
        assert explorer.check(text, answer)["correct"]

    def test_a_wrong_one_is_diagnosed(self):
        result = explorer.check("sin^2(x)", "2 sin(x)")
        assert not result["correct"] and result["edge_errors"]
