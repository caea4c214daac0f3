"""The gradients view and the walkthrough's drawings: what each label says, what each colour means."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from rendering import needs_renderer, svg_groups, texts
from strategies import build_or_skip, programs

from explorer.calculus.walkthrough import steps
from explorer.drawing.dot import STYLE, colour, to_dot
from explorer.drawing.layout import to_svg
from explorer.drawing.views import VIEWS, gradients, overrides, step_overrides
from explorer.errors import ExpressionError
from explorer.teach import explained


def label(attrs: dict) -> list[str]:
    return str(attrs["label"]).split("\\n")


def last_number(line: str) -> float:
    """The number a label ends with, as printed: ``-0.25``, ``−1.5`` or ``1.159·10⁸``."""
    text = line.rsplit(" ", 1)[1].replace("−", "-")
    mantissa, _, exponent = text.partition("·10")
    return float(mantissa) * 10 ** int(exponent.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")) or 0)


class TestGradients:
    def test_nodes_show_value_and_adjoint(self):
        a = explained("sigmoid(w*x + b)", at={"w": 1, "x": 2, "b": -2})
        view = gradients(a)
        assert label(view["node-0"]) == ["w = 1", "dy/dw = 0.5"]
        assert label(view["node-5"]) == ["y = σ(u2)", "= 0.5", "dy/dy = 1"]

    @given(programs())
    @example(("v1 = exp(x)\nv2 = v1 + v1\nv3 = exp(v2)\nv4 = exp(v3)", None))  # adjoints printed as 1.159·10⁸
    def test_the_contributions_of_a_nodes_out_edges_add_up_to_its_adjoint(self, case):
        text, _ = case
        flow = build_or_skip(text)
        a = explained(text, at={name: 0.3 + 0.2 * k for k, name in enumerate(flow.inputs)})
        view = gradients(a)
        for i, node in enumerate(a.nodes):
            adjoint = a.adjoint_values[0][i]
            out = [e for e, edge in enumerate(a.edges) if edge.source == node.id]
            if not out or adjoint is None or any("undefined" in label(view[f"edge-{e}"])[-1] for e in out):
                continue
            total = sum(last_number(label(view[f"edge-{e}"])[-1]) for e in out)
            shown = last_number(label(view[f"node-{i}"])[-1])
            assert math.isclose(total, adjoint, rel_tol=1e-3, abs_tol=1e-3 * max(1, len(out)))
            assert math.isclose(shown, adjoint, rel_tol=1e-3, abs_tol=1e-3)

    def test_symbolic_labels_show_the_adjoint_as_an_expression(self):
        view = gradients(explained("x*x**2"), labels="symbolic")
        assert label(view["node-0"]) == ["x", "dy/dx = 3·x²"]

    def test_a_vector_has_a_line_per_output(self):
        view = gradients(explained("[ln(x**2), sin(3*x)]"))
        assert [line.split(" = ")[0] for line in label(view["node-0"])[1:]] == ["dy1/dx", "dy2/dx"]


class TestSteps:
    def test_nodes_not_yet_evaluated_are_faded_with_a_question_mark(self):
        a = explained("x*x**2")
        walk = steps(a, "paths")
        first = step_overrides(a, walk, 0)
        assert label(first["node-1"]) == ["u1 = x²", "= ?"]
        assert first["node-1"]["fontcolor"] == STYLE["light"]["faded"]["fontcolor"]
        second = step_overrides(a, walk, 1)
        assert label(second["node-1"]) == ["u1 = x²", "= 0.25"]
        assert second["node-1"]["color"] == STYLE["light"]["current"]["color"]
        assert second["edge-0"]["color"] == STYLE["light"]["current"]["color"]  # x → u1 is read

    def test_path_steps_light_up_one_more_path_each(self):
        a = explained("x*x**2")
        walk = steps(a, "paths")
        one, two = step_overrides(a, walk, 3), step_overrides(a, walk, 4)
        on_first, on_second = set(a.paths[0].edges), set(a.paths[1].edges)
        assert {e for e in range(3) if one[f"edge-{e}"]["color"] == colour(0)} == on_first
        assert all(one[f"edge-{e}"]["color"] == STYLE["light"]["edge"]["color"] for e in on_second)
        assert {e for e in range(3) if two[f"edge-{e}"]["color"] == colour(1)} == on_second
        assert float(two[f"edge-{next(iter(on_second))}"]["penwidth"]) > float(two["edge-0"]["penwidth"])

    def test_forward_steps_add_each_derivative_as_it_is_computed(self):
        a = explained("x*x**2", at={"x": 2})
        walk = steps(a, "forward")
        seed = step_overrides(a, walk, 3)
        assert label(seed["node-0"])[-1] == "dx/dx = 1" and label(seed["node-2"])[-1] == "dy/dx = ?"
        done = step_overrides(a, walk, 5)
        assert label(done["node-2"])[-1] == "dy/dx = 12"
        assert label(done["edge-2"])[-1] == "dy/dx += 8"  # ∂y/∂u1 = x = 2 times du1/dx = 4
        assert label(done["edge-1"])[-1] == "dy/dx += 4"  # ∂y/∂x = u1 = 4 times dx/dx = 1

    def test_reverse_ends_on_the_gradients_view(self):
        a = explained("sigmoid(w*x + b)")
        walk = steps(a, "reverse")
        assert step_overrides(a, walk, len(walk) - 1) == gradients(a)
        assert step_overrides(a, steps(a, "paths"), len(steps(a, "paths")) - 1) == {}

    def test_bad_step(self):
        a = explained("x")
        with pytest.raises(ExpressionError, match="no step 10: this walkthrough"):
            step_overrides(a, steps(a), 9)


class TestOverrides:
    def test_views_table(self):
        assert list(VIEWS) == ["paths", "gradients", "steps", "shapes"]
        assert overrides(explained("x*x")) == {}
        assert overrides(explained("x = [p, q]; y = sum(x)"), "shapes") == {}  # its own graph, no overrides

    @pytest.mark.parametrize(("view", "theme"), [("cubist", "light"), ("paths", "neon")])
    def test_bad_view_or_theme(self, view, theme):
        with pytest.raises(ValueError, match=r"view|theme"):
            overrides(explained("x*x"), view, theme=theme)

    @needs_renderer
    @pytest.mark.parametrize("mode", ["paths", "forward", "reverse"])
    def test_every_step_draws(self, mode):
        a = explained("sin(x + x**2)")
        for k in range(len(steps(a, mode))):
            svg = to_svg(to_dot(a, overrides=overrides(a, "steps", mode, k)))
            assert len(svg_groups(svg, "node")) == len(a.nodes)
            assert any("u2 = x + u1" in t for g in svg_groups(svg, "node").values() for t in texts(g))
