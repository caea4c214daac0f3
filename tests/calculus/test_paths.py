"""Paths: counted exactly, enumerated lazily, multiplied out, told apart; which rule applies."""

from __future__ import annotations

from itertools import islice

import pytest
from strategies import SYMBOLS, doubling, flow_of

from explorer.calculus.paths import count_paths, iter_paths, path_product, rule_for, step_positions
from explorer.language.printing import path_label


class TestCountPaths:
    @pytest.mark.parametrize(
        ("text", "count"),
        [("x + x**2", 2), ("x*x**2", 2), ("x*x", 2), ("ln(sin(x**3)**2)", 1), ("x^x", 2), ("sin(x + x**2)", 2)],
    )
    def test_seed_examples(self, text, count):
        assert count_paths(flow_of(text), "x")["y"] == count

    def test_sixty_doublings_have_two_to_the_sixty_paths(self):
        flow = flow_of(doubling(60))
        assert count_paths(flow, "x")["u60"] == 2**60

    def test_count_matches_enumeration(self):
        flow = flow_of("u1 = x*x + x\nu2 = u1*x + u1\ny = u2*u1")
        assert count_paths(flow, "x")["y"] == len(list(iter_paths(flow, "x", "y")))

    def test_input_not_reaching_output(self):
        flow = flow_of("x*y")
        assert count_paths(flow, "y")["f"] == 1
        assert count_paths(flow_of("a = sin(x)\ny = w**2"), "w")["y"] == 1


class TestIterPaths:
    def test_stable_order_and_parallel_edges(self):
        flow = flow_of("x*x")
        assert list(iter_paths(flow, "x", "y")) == [(0,), (1,)]

    def test_lazy_on_exponential_graph(self):
        flow = flow_of(doubling(60))
        first = list(islice(iter_paths(flow, "x", "u60"), 5))
        assert len(first) == 5 and all(len(p) == 60 for p in first)
        assert len(set(first)) == 5

    def test_no_path(self):
        assert list(iter_paths(flow_of("a = x**2\ny = w"), "x", "y")) == []

    def test_path_products_in_both_forms(self):
        flow = flow_of("x*x**2")
        products = [path_product(flow, p) for p in iter_paths(flow, "x", "y")]
        x = SYMBOLS["x"]
        assert [p[1] for p in products] == [2 * x**2, x**2]
        assert str(products[1][0]) == "u1"


class TestStepPositions:
    def test_the_32_paths_of_a_doubling_program_read_differently(self):
        flow = flow_of(doubling(5))
        paths = list(iter_paths(flow, "x", "u5"))
        labels = {path_label(("x", *(flow.edges[i].target for i in p)), step_positions(flow, p)) for p in paths}
        assert len(paths) == len(labels) == 32
        assert "x →₁ u1 →₂ u2 →₁ u3 →₂ u4 →₁ u5" in labels

    def test_single_edges_need_no_number(self):
        flow = flow_of("sin(x + x**2)")
        assert [step_positions(flow, p) for p in iter_paths(flow, "x", "y")] == [(None, None, None), (None, None)]


@pytest.mark.parametrize(
    ("vector", "count", "rule"),
    [(False, 1, "single-variable"), (False, 3, "total-derivative"), (True, 1, "vector"), (False, 0, "none")],
)
def test_rule(vector, count, rule):
    assert rule_for(vector, count) == rule
