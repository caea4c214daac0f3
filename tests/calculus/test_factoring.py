"""The sum of paths factored the way forward and reverse mode group it."""

from __future__ import annotations

from itertools import islice

import pytest
import sympy as sp
from hypothesis import given
from strategies import build_or_skip, programs

from explorer.calculus.factoring import MODES, downstream, expand, leaves, nested, upstream
from explorer.calculus.paths import iter_paths
from explorer.graph.build import build
from explorer.language.parse import parse

#: Enough paths to compare the sum of paths with accumulation, few enough to multiply out.
PATH_LIMIT = 200


def edge_symbols(flow) -> dict[int, sp.Symbol]:
    return {i: sp.Symbol(f"e{i}") for i in range(len(flow.edges))}


class TestFactoring:
    @given(programs())
    def test_each_grouping_multiplies_out_to_one_term_per_path(self, case):
        text, _ = case
        flow = build_or_skip(text)
        symbols = edge_symbols(flow)
        for name in flow.inputs:
            paths = list(islice(iter_paths(flow, name, flow.outputs[0]), PATH_LIMIT + 1))
            if len(paths) > PATH_LIMIT:
                continue
            monomials = sp.Add(*(sp.Mul(*(symbols[i] for i in p)) for p in paths))
            for mode in ("forward", "reverse"):
                tree = nested(flow, name, flow.outputs[0], mode)
                assert expand(tree, symbols) == monomials, (mode, tree)

    def test_the_doubling_program_factors_into_a_product_of_sums(self):
        flow = build(parse("u1 = x*x; u2 = u1*u1; y = u2*u2"))
        tree = nested(flow, "x", "y", "forward")
        assert tree[0] == "product" and leaves(tree) == 6  # (e4 + e5)·((e2 + e3)·(e0 + e1)): 8 paths, 6 symbols
        assert len(expand(tree, edge_symbols(flow)).args) == 8

    def test_forward_nests_towards_the_input_reverse_towards_the_output(self):
        flow = build(parse("ln(sin(x**3)**2)"))  # x -e0-> u1 -e1-> u2 -e2-> u3 -e3-> y
        forward = nested(flow, "x", "y", "forward")
        reverse = nested(flow, "x", "y", "reverse")
        assert forward == (
            "product",
            (("edge", 3), ("product", (("edge", 2), ("product", (("edge", 1), ("edge", 0)))))),
        )
        assert reverse == (
            "product",
            (("product", (("product", (("edge", 3), ("edge", 2))), ("edge", 1))), ("edge", 0)),
        )

    def test_no_path_no_tree(self):
        flow = build(parse("[sin(x), w**2]"))
        assert nested(flow, "w", "y1", "reverse") is None
        assert expand(None, {}) == 0

    def test_bad_mode(self):
        with pytest.raises(ValueError, match="forward"):
            nested(build(parse("x")), "x", "y", "paths")


def test_reach():
    flow = build(parse("u = x*w; [sin(u), w]"))
    assert downstream(flow, ["x"]) == {"x", "u", "y1"}
    assert upstream(flow, ["y2"]) == {"w", "y2"}


def test_the_modes_table():
    assert list(MODES) == ["paths", "forward", "reverse"]
