"""Forward and reverse accumulation against the sum of paths and sympy.diff; the factoring of the sum of paths."""

from __future__ import annotations

from itertools import islice

import pytest
import sympy as sp
from hypothesis import given
from strategies import SYMBOLS, build_or_skip, expressions, numerically_equal, programs

from explorer.analysis import run
from explorer.chain import accumulate, iter_paths, path_product
from explorer.graph import build
from explorer.modes import MODES, adjoints, downstream, expand, leaves, nested, upstream
from explorer.numeric import accumulate_values, adjoint_values, evaluate
from explorer.parse import parse

#: Enough paths to compare the sum of paths with accumulation, few enough to multiply out.
PATH_LIMIT = 200


def edge_symbols(flow) -> dict[int, sp.Symbol]:
    return {i: sp.Symbol(f"e{i}") for i in range(len(flow.edges))}


def sum_of_paths(flow, wrt: str, output: str) -> sp.Expr | None:
    """Σ over paths of the product of the partials (in the inputs); None when there are too many paths."""
    paths = list(islice(iter_paths(flow, wrt, output), PATH_LIMIT + 1))
    if len(paths) > PATH_LIMIT:
        return None
    return sp.Add(*(path_product(flow, p)[1] for p in paths))


def check_against_oracles(flow, expr: sp.Expr) -> None:
    for output in flow.outputs:
        adjoint = adjoints(flow, output)
        for name in flow.inputs:
            oracle = sp.diff(expr, SYMBOLS[name])
            forward = accumulate(flow, name)[output]
            reverse = adjoint[name]
            assert numerically_equal(forward, oracle), (name, forward, oracle)
            assert numerically_equal(reverse, oracle), (name, reverse, oracle)
            paths = sum_of_paths(flow, name, output)
            if paths is not None:
                assert numerically_equal(paths, reverse), (name, paths, reverse)


class TestReverse:
    @given(programs())
    def test_programs_forward_reverse_paths_and_sympy_agree(self, case):
        text, expr = case
        check_against_oracles(build_or_skip(text), expr)

    @given(expressions)
    def test_expressions_forward_reverse_paths_and_sympy_agree(self, case):
        text, expr = case
        check_against_oracles(build_or_skip(text), expr)

    def test_the_neurons_gradient_in_one_pass(self):
        flow = build(parse("sigmoid(w*x + b)"))
        w, x, b = sp.symbols("w x b", real=True)
        y = 1 / (1 + sp.exp(-(w * x + b)))
        grad = adjoints(flow, "y")
        for name, symbol in (("w", w), ("x", x), ("b", b)):
            assert sp.simplify(grad[name].rewrite(sp.exp) - sp.diff(y, symbol)) == 0

    def test_an_output_that_feeds_another(self):
        flow = build(parse("[x**2, x**2 + 1]"))
        x = SYMBOLS["x"]
        assert adjoints(flow, "y1")["x"] == 2 * x
        assert adjoints(flow, "y1")["y2"] == 0  # y2 comes after y1: it does not change y1
        assert adjoints(flow, "y2") == {"y2": 1, "y1": 1, "x": 2 * x}

    def test_a_node_the_output_does_not_depend_on_has_adjoint_zero(self):
        flow = build(parse("[sin(x), w**2]"))
        assert adjoints(flow, "y1")["w"] == 0


class TestValues:
    @given(expressions)
    def test_reverse_values_equal_forward_values(self, case):
        text, _ = case
        flow = build_or_skip(text)
        point = {name: 0.3 + 0.4 * k for k, name in enumerate(flow.inputs)}
        ev = evaluate(flow, point)
        reverse = adjoint_values(flow, ev.edge_values, flow.outputs[0], ev.kinks)
        for name in flow.inputs:
            forward = accumulate_values(flow, ev.edge_values, name, ev.kinks)[flow.outputs[0]]
            if forward is None or reverse[name] is None:
                assert forward is None and reverse[name] is None
            else:
                assert reverse[name] == pytest.approx(forward, rel=1e-9, abs=1e-12)

    def test_a_kink_times_zero_is_zero(self):
        flow = build(parse("abs(x)**2"))
        ev = evaluate(flow, {"x": 0.0})
        assert adjoint_values(flow, ev.edge_values, "y", ev.kinks)["x"] == 0.0

    def test_a_kink_alone_is_undefined(self):
        flow = build(parse("abs(x)"))
        ev = evaluate(flow, {"x": 0.0})
        assert adjoint_values(flow, ev.edge_values, "y", ev.kinks)["x"] is None


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


def test_the_pipeline_keeps_forward_and_reverse_per_node():
    a = run("x*x**2", at={"x": 2})
    assert a.forward_values == (1.0, 4.0, 12.0)
    assert a.adjoint_values == ((12.0, 2.0, 1.0),)
    assert a.gradient_values == ({"x": 12.0},)
    assert a.forward[-1] == a.totals[0] == a.adjoints[0][0]


def test_json_has_forward_adjoint_gradient_and_cost():
    import json

    d = json.loads(json.dumps(run("sigmoid(w*x + b)", at={"w": 1, "x": 2, "b": -2}).to_dict()))
    names = {n: sp.Symbol(n, real=True) for n in d["symbols"]}
    y = sp.sympify(d["nodes"][-1]["expr"], locals=names)
    for node in d["nodes"]:
        if node["kind"] == "input":
            adjoint = sp.sympify(node["adjoint"]["expr"], locals=names)
            assert sp.simplify(adjoint - sp.diff(y, names[node["id"]])) == 0
    assert d["gradient"] == {"w": 0.5, "x": 0.25, "b": 0.25}
    assert d["nodes"][-1]["forward"]["value"] == d["total_value"] == 0.25
    assert d["cost"]["all_inputs"]["reverse"]["passes"] == 1 and d["cost"]["all_inputs"]["forward"]["passes"] == 3
    vector = run("[ln(x**2), sin(3*x)]").to_dict()
    assert isinstance(vector["gradient"], list) and len(vector["nodes"][0]["adjoint"]) == 2
