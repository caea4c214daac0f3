"""The words and the JSON form of a check, and the steps the graph highlights."""

from __future__ import annotations

import json

import pytest
import sympy as sp

from explorer.answer.diagnose import diagnose, simplify
from explorer.answer.feedback import check_dict, check_report, diagnosis, marks, verdict
from explorer.drawing.dot import to_dot
from explorer.teach import explained


def checked(text: str, answer: str) -> tuple:
    analysis = explained(text)
    return analysis, check_dict(simplify(diagnose(analysis, answer)), analysis)


class TestThePapersExamples:
    def test_x_plus_x_squared_answered_2x(self):
        _, d = checked("x + x**2", "2*x")
        assert d["missing_paths"] == [2] and d["matched_paths"] == [1]
        assert "Missing: path 2 (x → y: ∂y/∂x = 1)." in d["diagnosis"]
        assert any(line.startswith("Following one path is the single-variable chain rule") for line in d["diagnosis"])

    def test_sin_x_squared_answered_cos_x_squared(self):
        _, d = checked("sin(x**2)", "cos(x**2)")
        (error,) = d["edge_errors"]
        assert {k: error[k] for k in ("path", "edge", "source", "target", "partial", "rule", "error")} == {
            "path": 1,
            "edge": 0,
            "source": "x",
            "target": "u1",
            "partial": "2*x",
            "rule": "power",
            "error": "dropped",
        }
        assert error["text"].endswith("is missing from path 1 (x → u1 → y): the inner derivative.")

    def test_x_times_x_squared_answered_x_squared(self):
        _, d = checked("x*x**2", "x**2")
        assert (d["matched_paths"], d["missing_paths"]) == ([2], [1])
        assert d["diagnosis"][0] == "Your answer is the product along path 2 only."


class TestTheDict:
    def test_it_is_json_and_its_expressions_read_back(self):
        _, d = checked("x*x**2", "x**2")
        assert json.loads(json.dumps(d)) == d
        x = sp.Symbol("x", real=True)
        assert sp.sympify(d["difference"]["expr"], locals={"x": x}) == -2 * x**2
        assert sp.sympify(d["answer_expr"], locals={"x": x}) == x**2
        assert d["difference"]["latex"] == "- 2 x^{2}" and d["difference"]["simplified"]

    def test_the_point_where_they_differ_most_is_said(self):
        _, d = checked("x + x**2", "x**2")
        where = d["difference"]
        assert where["where"] == (
            f"At x = {where['at']['x']:.4g} your answer is {where['answer_value']:.4g} "
            f"and dy/dx is {where['total_value']:.4g}."
        ).replace("-", "−")
        assert where["total_value"] == pytest.approx(2 * where["at"]["x"] + 1)

    def test_correct(self):
        _, d = checked("x + x**2", "2x + 1")
        assert d["correct"] is True and d["method"] == "symbolic" and d["difference"] is None
        assert d["verdict"] == "Correct: your answer equals dy/dx (shown symbolically)."
        assert d["diagnosis"] == [] and d["matched_paths"] == [1, 2] and d["missing_paths"] == []

    def test_correct_numerically(self):
        _, d = checked("sin(x)**2", "1 - cos(x)**2 + 2 sin(x) cos(x) - 1 + cos(x)**2")
        assert d["correct"] is True
        assert d["verdict"].startswith("Correct: your answer equals dy/dx (")

    def test_vector(self):
        _, d = checked("[ln(x**2), sin(3*x)]", "[2/x, cos(3x)]")
        assert isinstance(d["difference"], list) and [e["output"] for e in d["difference"]] == ["y2"]
        assert d["verdict"].startswith("Not correct: your answer is not [dy1/dx, dy2/dx]")
        assert d["edge_errors"][0]["text"].endswith("is missing from path 2 (x → u2 → y2): the inner derivative.")

    def test_the_outer_derivative_on_two_paths(self):
        _, d = checked("sin(x + x**2)", "2x + 1")
        assert [(e["path"], e["edge"]) for e in d["edge_errors"]] == [(1, 3), (2, 3)]
        assert d["diagnosis"] == [
            "The factor ∂y/∂u2 = cos(u2) (trigonometric rule) is missing from paths 1 and 2 "
            "(1: x → u1 → u2 → y; 2: x → u2 → y): the outer derivative."
        ]

    def test_interchangeable_paths_are_said(self):
        _, d = checked("x*x", "x")
        assert d["interchangeable"] == [[1, 2]]
        assert (
            "Paths 1 and 2 have the same product, so which of them is left out cannot be told apart."
            in (d["diagnosis"])
        )

    def test_unexplained(self):
        _, d = checked("x + x**2", "x**3")
        assert d["explained"] is False and d["search"] == "exhaustive"
        assert d["diagnosis"][-1].startswith("Your answer is not the sum of some of the paths")

    def test_no_path(self):
        _, d = checked("2 + 3", "1")
        assert d["diagnosis"] == ["There is no path from any input to the output: the derivative is 0."]


def test_check_report_is_the_verdict_diagnosis_and_difference():
    _, d = checked("x + x**2", "2*x")
    assert check_report(d).splitlines() == [
        d["verdict"],
        *d["diagnosis"],
        "your answer − dy/dx = −1",
        "At x = 0.5 your answer is 1 and dy/dx is 2.",
    ]


def test_verdict_and_diagnosis_are_the_dicts():
    analysis = explained("sin(x**2)")
    check = diagnose(analysis, "cos(x**2)")
    d = check_dict(check, analysis)
    assert (d["verdict"], d["diagnosis"]) == (verdict(check, analysis), diagnosis(check, analysis))


class TestMarks:
    def test_a_missing_path_is_every_step_of_it(self):
        analysis, d = checked("x*x**2", "x**2")
        assert marks(d, analysis) == ((0, 0), (0, 2))

    def test_a_dropped_edge_is_that_step(self):
        analysis, d = checked("sin(x + x**2)", "2x + 1")
        assert marks(d, analysis) == ((0, 3), (1, 3))

    def test_the_graph_draws_them(self):
        analysis, d = checked("x*x**2", "x**2")
        edges = [line for line in to_dot(analysis, marks=marks(d, analysis)).splitlines() if "->" in line]
        assert "penwidth=3.6" in edges[0] and 'color="#0072B2"' in edges[0]  # x → u1, on the missing path 1
        assert 'color="#c8c8cc"' in edges[1]  # x → y: on path 2, which the answer has: faded
