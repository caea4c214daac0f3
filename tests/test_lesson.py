"""What a result teaches as plain values: steps, finite differences and layers, pickled and in JSON."""

from __future__ import annotations

import pickle

import pytest
import sympy as sp

from explorer.lesson import STEP_TITLES, Difference, Layer, Step


class TestDifference:
    def test_the_papers_check(self):
        d = Difference("y", "x", 1.0, 1.0, 2.0, 6.0)
        assert (d.end, d.delta, d.estimate) == (2.0, 4.0, 4.0)
        assert d.to_dict() == {
            "output": "y",
            "wrt": "x",
            "from": 1.0,
            "to": 2.0,
            "step": 1.0,
            "before": 2.0,
            "after": 6.0,
            "delta_y": 4.0,
            "estimate": 4.0,
        }

    @pytest.mark.parametrize(("before", "after"), [(None, 1.0), (1.0, None), (float("inf"), float("inf"))])
    def test_undefined_ends_give_no_estimate(self, before, after):
        d = Difference("y", "x", 0.0, 0.5, before, after)
        assert d.delta is None and d.estimate is None


class TestLayer:
    def test_values_add_the_edges_and_identities_are_one(self):
        layer = Layer(("x", "u1"), ("x",), sp.ImmutableMatrix([[1], [sp.Symbol("x")]]), ((0, 0, ()), (1, 0, (0, 2))))
        assert layer.values([0.25, 9.0, 0.5]) == ((1.0,), (0.75,))

    def test_an_undefined_edge_makes_its_entry_undefined(self):
        layer = Layer(("y",), (), sp.ImmutableMatrix([[1, 1]]), ((0, 0, (0,)), (0, 1, (1,))))
        assert layer.values([None, 2.0]) == ((None, 2.0),)


def test_step_json_and_pickle():
    step = Step(STEP_TITLES[0], r"u_{1} = x^{2}", "u1 = x²")
    assert step.to_dict() == {"title": "Introduce intermediate variables", "latex": r"u_{1} = x^{2}", "text": "u1 = x²"}
    assert pickle.loads(pickle.dumps(step)) == step


def test_the_four_titles_follow_the_paper():
    assert STEP_TITLES[0] == "Introduce intermediate variables"
    assert STEP_TITLES[3] == "Substitute back and simplify"
    assert len(STEP_TITLES) == 4 and len(STEP_TITLES[2]) == 2  # one path, or several
