"""The result type: immutable plain data that pickles, a short repr, and a JSON form that reads back."""

from __future__ import annotations

import dataclasses
import json
import pickle

import pytest
import sympy as sp

from explorer.analysis import run
from explorer.result import Analysis, rich_display
from explorer.verify import verify


def analyze(text, wrt=None, at=None):
    return verify(run(text, wrt, at))


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
