"""The result type: immutable plain data that pickles, a short repr, and a JSON form that reads back."""

from __future__ import annotations

import dataclasses
import json
import pickle

import pytest
import sympy as sp

from explorer.calculus.result import Analysis, ChainStep, rich_display
from explorer.calculus.verify import verify
from explorer.teach import explained
from explorer.teach.steps import STEP_TITLES


def analyze(text, wrt=None, at=None):
    return verify(explained(text, wrt, at))


class TestData:
    def test_immutable(self):
        a = analyze("x + x**2")
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.rule = "vector"
        with pytest.raises(TypeError):
            a.point["x"] = 3.0

    def test_pickles(self):
        a = analyze("sigmoid(w*x + b)")
        assert pickle.loads(pickle.dumps(a)) == a

    def test_json_keys_and_round_trip(self):
        d = json.loads(json.dumps(analyze("[ln(x**2), sin(3*x)]").to_dict()))
        for key in [
            "input",
            "inputs",
            "outputs",
            "wrt",
            "rule",
            "nodes",
            "edges",
            "paths",
            "path_count",
            "paths_truncated",
            "total",
            "total_value",
            "jacobian",
            "verified",
        ]:
            assert key in d
        assert set(d["nodes"][0]) >= {"id", "kind", "expr", "local"}
        assert set(d["edges"][0]) >= {"source", "target", "partial", "value"}
        assert set(d["paths"][0]) >= {"nodes", "edges", "product", "value"}
        assert [sp.sympify(t) for t in d["total"]] == [2 / sp.Symbol("x"), 3 * sp.cos(3 * sp.Symbol("x"))]

    def test_total_string_is_sympy_parsable_with_activations(self):
        d = analyze("sigmoid(w*x + b)", wrt="w").to_dict()
        xs, ws, bs = sp.symbols("x w b")
        expected = sp.diff(1 / (1 + sp.exp(-(ws * xs + bs))), ws)
        assert sp.simplify(sp.sympify(d["total"]) - expected) == 0

    @pytest.mark.parametrize("name", ["E", "I", "S", "N", "oo", "eval", "Q", "O", "beta", "lambda_"])
    def test_names_that_are_also_sympy_words_read_back_with_the_symbols_list(self, name):
        """sympify('E') is Euler's number; with the JSON's symbols passed as locals it is the variable."""
        d = json.loads(json.dumps(analyze(f"{name}**2 + sin({name})").to_dict()))
        names = {n: sp.Symbol(n, real=True) for n in d["symbols"]}
        v = names[name]
        assert sp.sympify(d["total"], locals=names) == sp.cos(v) + 2 * v
        assert sp.sympify(d["nodes"][0]["expr"], locals=names) == v


class TestRepr:
    def test_short_repr_names_the_rule_paths_and_total(self):
        assert repr(analyze("x*x**2")) == "<Analysis 'x*x**2': total-derivative chain rule, 2 paths, d/dx = 3·x²>"

    def test_repr_of_a_long_total_is_cut(self):
        text = " + ".join(f"sin({k}*x)" for k in range(1, 40))
        assert len(repr(analyze(text))) < 200

    def test_without_a_notebook_display_it_is_text(self):
        a = analyze("x*x")
        assert rich_display.dispatch(object)(a) is None  # the base case knows nothing of analyses
        assert isinstance(a, Analysis)


class TestTeaching:
    """What the paper teaches, as fields of the JSON form."""

    def test_steps(self):
        steps = analyze("ln(sin(x**3)**2)").to_dict()["steps"]
        assert [set(s) for s in steps] == [{"title", "latex", "text"}] * 4
        assert steps[0]["text"] == "u1 = x³\nu2 = sin(u1)\nu3 = u2²\ny = ln(u3)"

    def test_edges_name_their_rule_and_explain_it(self):
        edges = analyze("ln(sin(x**3)**2)").to_dict()["edges"]
        assert [e["rule"] for e in edges] == ["power", "trigonometric", "power", "logarithm"]
        assert edges[1]["explanation"] == "u2 = sin(u1), so ∂u2/∂u1 = cos(u1) (trigonometric rule)"

    @pytest.mark.parametrize(
        ("text", "alone", "total"),
        [("x + x**2", ["2*x", "1"], "2*x + 1"), ("x*x**2", ["2*x**2", "x**2"], "3*x**2")],
    )
    def test_naive_answers_beside_the_total(self, text, alone, total):
        naive = analyze(text, at={"x": 1}).to_dict()["naive"]
        assert [row["derivative"] for row in naive] == alone
        assert {row["total"] for row in naive} == {total}
        assert sum(row["value"] for row in naive) == naive[0]["total_value"]
        assert all(row["value"] != row["total_value"] for row in naive)

    def test_finite_difference_has_the_step_delta_y_and_the_estimate(self):
        d = analyze("x + x**2", at={"x": 1}).to_dict()["finite_difference"]
        assert d["step"] == pytest.approx(1.2e-5) and d["from"] < 1 < d["to"]
        assert d["delta_y"] == pytest.approx(d["after"] - d["before"])
        assert d["estimate"] == pytest.approx(3.0, rel=1e-6)

    def test_layers_with_their_jacobians(self):
        layers = analyze("[ln(x**2), sin(3*x)]").to_dict()["layers"]
        assert [layer["nodes"] for layer in layers] == [["u1", "u2"], ["y1", "y2"]]
        assert layers[0]["jacobian"] == [["2*x"], ["3"]]
        assert layers[1]["jacobian"] == [["1/u1", "0"], ["0", "cos(u2)"]]
        assert layers[0]["jacobian_values"] == [[1.0], [3.0]]

    def test_jacobian_paths_name_each_entrys_paths(self):
        d = analyze("[x*w, x + x**2]").to_dict()
        assert d["jacobian_paths"] == [
            {"output": "y1", "input": "x", "paths": [0], "count": 1},
            {"output": "y2", "input": "x", "paths": [1, 2], "count": 2},
        ]

    def test_a_gradient_is_a_list_in_order(self):
        d = analyze("w = [w1, w2]; x = [x1, x2]; y = max(0, dot(w, x) + b)", "w", at="x1=3, x2=4").to_dict()
        assert d["wrt"] == "w" and d["wrt_inputs"] == ["w1", "w2"]
        assert d["total_value"] == [3.0, 4.0]
        names = {n: sp.Symbol(n, real=True) for n in d["symbols"]}
        x1, w1, w2, x2, b = (names[n] for n in ("x1", "w1", "w2", "x2", "b"))
        assert sp.sympify(d["total"][0], locals=names) == x1 * sp.Heaviside(w1 * x1 + w2 * x2 + b)
        assert [p["nodes"][0] for p in d["paths"]] == ["w1", "w2"]
        assert [len(e["paths"]) for e in d["jacobian_paths"]] == [1, 1]

    def test_a_jacobian_by_a_vector_is_rows(self):
        d = analyze("w = [a, b]; y = w*c", "w").to_dict()
        assert d["total"] == [["c", "0"], ["0", "c"]]
        assert len(d["finite_difference"]) == 2 and len(d["finite_difference"][0]) == 2


def test_step_json_and_pickle():
    step = ChainStep(STEP_TITLES[0], r"u_{1} = x^{2}", "u1 = x²")
    assert step.to_dict() == {"title": "Introduce intermediate variables", "latex": r"u_{1} = x^{2}", "text": "u1 = x²"}
    assert pickle.loads(pickle.dumps(step)) == step
