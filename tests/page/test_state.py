"""Every state a link: the address the page writes, what it reads back, and what a new expression resets.

The address is checked as AppTest sees it after each run (``at.query_params``
is what the browser's address bar would show); browser Back and Forward
are in tests/e2e.
"""

from __future__ import annotations

import re

import pytest
from apptesting import clear_caches, open_app, shown_svg, viewer_data
from streamlit.testing.v1 import AppTest

import explorer
from explorer.calculus.point import DEFAULT_POINT
from explorer.drawing.dot import THEMES
from explorer.exports.formats import Options
from explorer.page import state
from explorer.teach.paths import PAGE_PATHS

DOUBLING = "u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3*u3"  # 24 paths


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_caches()
    yield
    clear_caches()


def point(at: AppTest) -> dict[str, float]:
    return {n.key.removeprefix(state.POINT_KEY): n.value for n in at.number_input if n.key.startswith(state.POINT_KEY)}


def swatches(at: AppTest) -> list[str]:
    return [h.value for h in at.html if "cre-swatch" in h.value]


class TestAddress:
    def test_a_changed_value_puts_every_value_in_the_link(self):
        """z*x with x = 2: the link says x = 2 and z's value too (it used to say only ?expr=z*x)."""
        at = open_app(expr="z*x")
        at.number_input(key="at_x").set_value(2.0).run()
        assert at.query_params == {"expr": "z*x", "at_z": "0.5", "at_x": "2"}

    def test_opening_the_link_gives_the_same_page(self):
        at = open_app(expr="z*x", at_z="0.5", at_x="2")
        assert point(at) == {"z": 0.5, "x": 2.0}
        assert "&= 0.5 \\quad \\text{at } z = 0.5,\\ x = 2" in "\n".join(e.value for e in at.latex)

    def test_a_new_expression_takes_its_own_defaults(self):
        """x + x**2 with x = 0.5, then z*x: x is the second input, so 1.5, as on the command line."""
        at = open_app(expr="x + x**2")
        at.text_area(key="expr").input("z*x").run()
        assert point(at) == {"z": DEFAULT_POINT[0], "x": DEFAULT_POINT[1]}
        assert at.query_params == {"expr": "z*x", "at_z": "0.5", "at_x": "1.5"}
        assert explorer.analyze("z*x").point == {"z": 0.5, "x": 1.5}  # the library's rule, the same one

    def test_a_new_expression_forgets_the_values_typed_for_the_old_one(self):
        at = open_app(expr="w2*x")
        at.number_input(key="at_x").set_value(2.0).run()
        at.number_input(key="at_w2").set_value(3.0).run()
        at.text_area(key="expr").input("w2*x + 1").run()
        assert point(at) == {"w2": 0.5, "x": 1.5}

    def test_the_input_differentiated_by_stays_while_it_exists(self):
        at = open_app(expr="x*z")
        at.selectbox(key="wrt").select("z").run()
        assert at.query_params["wrt"] == "z"
        at.text_area(key="expr").input("x*z + 1").run()
        assert at.selectbox(key="wrt").value == "z" and at.query_params["wrt"] == "z"

    def test_settings_at_their_defaults_stay_out_of_the_link(self):
        at = open_app(expr="x*x")
        at.segmented_control(key="labels").set_value("numeric").run()
        assert at.query_params == {"expr": "x*x", "at_x": "0.5", "labels": "numeric"}
        at.segmented_control(key="labels").set_value("both").run()
        assert at.query_params == {"expr": "x*x", "at_x": "0.5"}

    def test_settings_survive_an_expression_that_is_refused(self):
        at = open_app(expr="x*x", labels="numeric", graph_theme="dark")
        at.text_area(key="expr").input("x*").run()
        assert at.error and at.query_params == {"expr": "x*", "labels": "numeric", "graph_theme": "dark"}
        at.text_area(key="expr").input("x*3").run()
        assert at.segmented_control(key="labels").value == "numeric"
        assert at.selectbox(key="graph_theme").value == "dark"

    def test_a_link_that_asks_for_nonsense_says_so_and_uses_the_defaults(self):
        at = open_app(expr="z*x", at_x="banana", wrt="q", highlight="9", labels="loud")
        assert point(at) == {"z": 0.5, "x": 1.5} and at.selectbox(key="wrt").value == "x"
        (warning,) = at.warning
        said = re.sub(r"\\(.)", r"\1", warning.value)  # the Markdown escapes undone
        assert "at_x in the link must be a number, got 'banana'; x = 1.5 is used" in said
        for what in ("wrt=q", "highlight=9", "labels=loud"):
            assert what in said, what

    def test_a_link_may_use_constants(self):
        at = open_app(expr="sin(w)", at_w="pi/4")
        assert point(at) == {"w": pytest.approx(0.7853981634)}


class TestTeachingSettings:
    """The rule names on the graph and Δx of one path against all are part of the link too."""

    def test_rule_names_are_in_the_link_and_come_back_from_it(self):
        at = open_app(expr="sin(x**2)")
        at.toggle(key="rules").set_value(True).run()
        assert at.query_params == {"expr": "sin(x**2)", "at_x": "0.5", "rules": "true"}
        again = open_app(**at.query_params)
        assert again.toggle(key="rules").value is True and "trigonometric rule" in shown_svg(again)

    def test_the_papers_check_is_a_link(self):
        at = open_app(expr="x + x**2", open="naive")
        at.button(key="papers_check").click().run()
        assert at.query_params == {"expr": "x + x**2", "at_x": "1", "dx": "1", "open": "naive"}
        again = open_app(**at.query_params)
        assert point(again) == {"x": 1.0} and again.number_input(key=state.STEP_KEY).value == 1.0
        words = "\n".join(re.sub(r"\\(.)", r"\1", m.value) for m in again.markdown)
        assert "y from 2 to 6 (Δy = 4), so Δy/Δx = 4" in words

    def test_a_step_of_zero_in_a_link_is_said_and_the_default_used(self):
        at = open_app(expr="x + x**2", dx="0", open="naive")
        (warning,) = at.warning
        assert "dx=0 in the link is not a number other than 0" in re.sub(r"\\(.)", r"\1", warning.value)
        assert at.number_input(key=state.STEP_KEY).value == state.DEFAULT_STEP


class TestHighlight:
    def test_the_highlighted_path_is_in_the_link(self):
        at = open_app(expr="x*x**2")
        at.selectbox(key="highlight").select(1).run()
        assert at.query_params["highlight"] == "2"
        again = open_app(**at.query_params)
        assert again.selectbox(key="highlight").value == 1
        analysis = explorer.analyze("x*x**2")
        assert shown_svg(again) == explorer.draw(analysis, Options(highlight=1))

    def test_never_blank_after_a_new_expression(self):
        at = open_app(expr="x*x*x")
        at.selectbox(key="highlight").select(2).run()
        at.text_area(key="expr").input("x + x**2").run()
        highlight = at.selectbox(key="highlight")
        assert (highlight.index, highlight.options[0]) == (0, "All paths")
        assert "highlight" not in at.query_params

    def test_a_new_input_clears_the_highlight(self):
        at = open_app(expr="x*z*x")
        at.selectbox(key="highlight").select(1).run()
        at.selectbox(key="wrt").select("z").run()
        assert at.selectbox(key="highlight").index == 0

    def test_past_the_listed_rows(self):
        """Path 23 of 24: its row is added after a gap, highlighted; the others fade; its term is boxed."""
        at = open_app(expr=DOUBLING)
        at.selectbox(key="highlight").select(22).run()
        chips = swatches(at)
        assert len(chips) == PAGE_PATHS + 1
        assert "Path 23, highlighted" in chips[-1] and "outline:3px" in chips[-1]
        assert all("opacity:.3" in chip for chip in chips[:-1])
        assert any(e.value.strip("$\n") == r"\vdots" for e in at.latex)
        sums = [e.value for e in at.latex if r"\frac{dy}{dx} &=" in e.value and r"\underbrace" in e.value]
        assert r"\boxed{\underbrace{{\color{" in sums[0] and "}_{23}" in sums[0]


class TestEditor:
    def test_a_program_on_several_lines(self):
        at = open_app(expr="x")
        at.text_area(key="expr").input("u1 = x**3\nu2 = sin(u1)\ny = ln(u2**2)").run()
        assert not at.error
        assert any("Single-variable chain rule" in m.value for m in at.markdown)
        # no newline reaches the link: the statements are separated as the language also reads them
        assert at.query_params["expr"] == "u1 = x**3; u2 = sin(u1); y = ln(u2**2)"
        assert at.text_area(key="expr").value == "u1 = x**3\nu2 = sin(u1)\ny = ln(u2**2)"  # the editor keeps its lines
        again = open_app(expr=at.query_params["expr"])
        assert [m.value for m in again.markdown if "chain rule" in m.value] == [
            m.value for m in at.markdown if "chain rule" in m.value
        ]

    def test_it_says_how_to_apply(self):
        at = open_app()
        assert any("Enter" in c.value and "Shift+Enter" in c.value and "new line" in c.value for c in at.caption)


class TestBackAndForward:
    """Back and Forward change the address without touching a widget: the page loads it."""

    def test_the_previous_address_brings_the_previous_state_back(self):
        at = open_app(expr="x*x")
        at.number_input(key="at_x").set_value(2.0).run()
        before = dict(at.query_params)
        at.text_area(key="expr").input("z*x").run()
        at.query_params.clear()
        at.query_params.update(before)  # what Back does to the address
        at.run()
        assert at.text_area(key="expr").value == "x*x" and point(at) == {"x": 2.0}
        assert dict(at.query_params) == before  # and nothing is written back


class TestTheme:
    def test_the_graph_follows_the_page(self):
        at = open_app(expr="x*x")
        assert at.selectbox(key="graph_theme").value == state.FOLLOW_PAGE
        at.session_state["page_theme"] = {"type": "dark"}  # what the watcher reports after a switch to Dark
        at.run()
        analysis = explorer.analyze("x*x")
        assert shown_svg(at) == explorer.draw(analysis, Options(theme="dark"))

    def test_unless_the_visitor_chose_one(self):
        at = open_app(expr="x*x", graph_theme="transparent-dark")
        at.session_state["page_theme"] = {"type": "light"}
        at.run()
        assert shown_svg(at) == explorer.draw(explorer.analyze("x*x"), Options(theme="transparent-dark"))

    def test_every_theme_can_be_chosen(self):
        at = open_app(expr="x*x")
        assert at.selectbox(key="graph_theme").options[1:] == list(THEMES.values())


class TestAccessibility:
    def test_the_graph_has_alternative_text(self):
        at = open_app(expr="x*x**2", highlight="2")
        alt = viewer_data(at)["alt"]
        assert alt.startswith("Data-flow graph. Total-derivative chain rule: x reaches y through 2 paths.")
        assert "Path 1: x → u1 → y." in alt and "Path 2 (highlighted): x → y." in alt

    def test_an_exercise_keeps_the_rule_and_paths_out_of_the_alternative_text(self):
        at = open_app(expr="x*x**2", exercise="true")
        assert viewer_data(at)["alt"] == "Data-flow graph. Steps: u1 = x², y = x·u1."


class TestFunctions:
    @pytest.mark.parametrize("value", [0.5, 2.0, -0.0, 1e-7, 1 / 3, 123456789.125, -2.5e300])
    def test_point_values_read_back_exactly(self, value):
        assert float(state.number_text(value)) == value

    def test_read_is_lenient(self):
        link = state.read({"share": "maybe", "highlight": "0", "graph_theme": "neon"})
        assert (link.share, link.highlight, link.theme) == (True, None, state.FOLLOW_PAGE)
        assert len(link.problems) == 3

    def test_rules_and_dx_read_and_written(self):
        link = state.read({"rules": "true", "dx": "1"})
        assert (link.rules, link.dx, link.problems) == (True, 1.0, ())
        assert state.read({"dx": "nan"}).dx == state.DEFAULT_STEP
        params = state.address(
            "x", None, wrt=None, point={}, highlight=None, labels="both", theme="page", share=True, rules=True, dx=0.5
        )
        assert params == {"expr": "x", "rules": "true", "dx": "0.5"}

    def test_address_of_a_refused_expression(self):
        params = state.address("x*", None, wrt=None, point={}, highlight=None, labels="both", theme="page", share=False)
        assert params == {"expr": "x*", "share": "false"}

    def test_the_walkthrough_reads_leniently(self):
        link = state.read({"view": "movie", "mode": "sideways", "step": "-2"})
        assert (link.view, link.mode, link.step) == ("steps", "paths", 1)  # a step was asked for: the walkthrough
        assert len(link.problems) == 3
        assert state.read({"step": "2"}).view == "steps"  # step= alone opens the walkthrough
        assert state.read({"view": "gradients", "step": "2"}).view == "gradients"  # unless a view is named

    @pytest.mark.parametrize(
        ("view", "mode", "step", "written"),
        [
            ("paths", "reverse", 3, {}),  # the mode and step belong to the walkthrough
            ("gradients", "paths", 1, {"view": "gradients"}),
            ("steps", "paths", 1, {"view": "steps"}),
            ("steps", "forward", 2, {"view": "steps", "mode": "forward", "step": "2"}),
        ],
    )
    def test_the_walkthrough_in_the_address_reads_back(self, view, mode, step, written):
        common = {"wrt": None, "point": {}, "highlight": None, "labels": "both", "theme": "page", "share": True}
        params = state.address("x*x", None, **common, view=view, mode=mode, step=step)
        assert params == {"expr": "x*x", **written}
        link = state.read(params)
        assert (link.view, link.step) == (view, step if view == "steps" else 1)
        assert link.mode == (mode if view == "steps" else "paths") and not link.problems

    @pytest.mark.parametrize("text", ["²", "١", "0", "-1", "9" * 5000, "1e3", " 2"])
    def test_numbers_in_a_link_that_are_not_counting_numbers_are_problems(self, text):
        link = state.read({"highlight": text, "step": text})
        assert (link.highlight, link.step) == (None, 1) and len(link.problems) == 2
