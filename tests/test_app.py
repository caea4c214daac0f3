"""The Streamlit page, driven headless by ``streamlit.testing.v1.AppTest``.

The page is checked against the engine, not against itself: the rule and
path count come from :func:`explorer.analyze`, the graph must be the bytes
:func:`explorer.draw` draws, and derivatives are compared with
``sympy.diff`` where the page states one.
"""

from __future__ import annotations

import functools
import html
import io
import json
import re
import urllib.parse
import zipfile

import pytest
from apptesting import clear_caches, click_edge, open_app, report_frame, shown_svg, viewer_data, viewers
from streamlit.testing.v1 import AppTest

import explorer
from explorer import bounded, checking
from explorer.answer import feedback
from explorer.calculus.walkthrough import steps
from explorer.drawing import layout
from explorer.drawing.fit import Frame
from explorer.drawing.views import focus
from explorer.errors import BusyError
from explorer.examples import EXAMPLES
from explorer.exports.formats import Options
from explorer.page import state
from explorer.page.panels import graph as graph_panel
from explorer.page.panels.downloads import file_names
from explorer.page.text import plain
from explorer.teach.walkthrough import step_formula


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with empty caches, so no test sees another's results."""
    clear_caches()
    yield
    clear_caches()


def rule_text(at: AppTest) -> str:
    """The rule sentence at the top of the results."""
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headings, "no rule heading on the page"
    return headings[0]


def shown(markdown: str) -> str:
    """Markdown as a visitor reads it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def all_latex(at: AppTest) -> str:
    return "\n".join(element.value for element in at.latex)


class TestLink:
    def test_bare_address_shows_the_seed_example(self):
        at = open_app()
        assert at.text_area(key="expr").value == "x + x**2"
        assert rule_text(at) == "### **Total-derivative chain rule**: `x` reaches `y` through 2 paths"

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("ln(sin(x**3)**2)", "**Single-variable chain rule**: `x` reaches `y` through 1 path"),
            ("x*x", "**Total-derivative chain rule**: `x` reaches `y` through 2 paths"),
            ("[ln(x**2), sin(3*x)]", "**Vector chain rule**: 2 outputs, `x` reaches them through 2 paths"),
        ],
    )
    def test_expr_in_the_link_is_analysed(self, text, words):
        at = open_app(expr=text)
        assert at.text_area(key="expr").value == text
        assert rule_text(at) == "### " + words

    def test_wrt_and_point_in_the_link(self):
        at = open_app(expr="x*z + sin(x)", wrt="z", at_x="2")
        assert at.selectbox(key="wrt").value == "z"
        assert at.number_input(key="at_x").value == 2.0
        # d/dz (x z + sin x) = x = 2 at x = 2
        assert r"\texttt{sympy.diff}:\quad \frac{dy}{dz} = x" in all_latex(at)
        assert r"&= 2 \quad \text{at } x = 2" in all_latex(at)

    def test_graph_is_the_server_rendered_svg(self):
        at = open_app(expr="sin(x + x**2)")
        analysis = explorer.analyze("sin(x + x**2)")
        assert shown_svg(at) == explorer.draw(analysis, Options(highlight=None, labels="both", theme="light"))


class TestTyping:
    def test_typing_an_expression_updates_the_page(self):
        at = open_app()
        at.text_area(key="expr").input("x * x**2").run()
        assert not at.exception
        assert "2 paths" in rule_text(at)
        assert "3 x^{2}" in all_latex(at)  # x² + 2x² = 3x², also what sympy.diff says

    def test_switching_wrt_changes_the_derivative(self):
        at = open_app(expr="x*z + sin(x)")
        assert "`x` reaches `y` through 2 paths" in rule_text(at)
        at.selectbox(key="wrt").select("z").run()
        assert not at.exception
        assert "`z` reaches `y` through 1 path" in rule_text(at)
        assert "Single-variable" in rule_text(at)

    def test_changing_the_point_changes_the_values_only(self):
        at = open_app(expr="x + x**2")
        at.number_input(key="at_x").set_value(2.0).run()
        assert not at.exception
        text = all_latex(at)
        assert r"\frac{dy}{dx} = 2 x + 1" in text
        assert r"&= 5 \quad \text{at } x = 2" in text  # 2·2 + 1

    def test_switching_labels_theme_and_highlight(self):
        at = open_app(expr="x + x**2")
        before = shown_svg(at)
        at.segmented_control(key="labels").set_value("numeric").run()
        at.selectbox(key="graph_theme").select("dark").run()
        at.selectbox(key="highlight").select(1).run()
        assert not at.exception
        analysis = explorer.analyze("x + x**2")
        assert shown_svg(at) == explorer.draw(analysis, Options(highlight=1, labels="numeric", theme="dark")) != before
        swatches = [h.value for h in at.html if "cre-swatch" in h.value]
        assert "opacity:.3" in swatches[0] and "opacity:1" in swatches[1] and "highlighted" in swatches[1]

    def test_stale_choices_reset_when_the_expression_changes(self):
        at = open_app(expr="x*x*x")
        at.selectbox(key="highlight").select(2).run()
        at.text_area(key="expr").input("x + x**2").run()  # two paths: there is no path 3 any more
        assert not at.exception
        highlight = at.selectbox(key="highlight")
        assert (highlight.index, highlight.options[0]) == (0, "All paths")  # never the blank "Choose an option"
        at.text_area(key="expr").input("x*z").run()
        at.selectbox(key="wrt").select("z").run()
        at.text_area(key="expr").input("x*w").run()  # no z any more
        assert not at.exception
        assert at.selectbox(key="wrt").value == "x"

    def test_without_graphviz_the_browser_draws_and_says_so(self, monkeypatch):
        monkeypatch.setattr(layout, "renderer", lambda: None)
        at = open_app(expr="x + x**2")
        assert not at.exception
        assert not viewers(at)
        assert at.get("graphviz_chart")
        assert any("Graphviz is not installed" in c.value for c in at.caption)
        disabled = {b.key for b in at.get("download_button") if b.proto.disabled}
        assert disabled == {"download_svg", "download_png2", "download_png4", "download_frames", "download_beamer"}


class TestPrintedAsTyped:
    """The page shows what the library prints (tests/test_graph.py, tests/test_describe.py): labels as typed."""

    @pytest.mark.parametrize(
        ("text", "label"),
        [("x-1", "y = x − 1"), ("x - sin(x)", "y = x − u1"), ("u3 = w*x; u4 = u3 - t; y = u4**2", "u4 = u3 − t")],
    )
    def test_node_labels_keep_the_order_and_signs_typed(self, text, label):
        assert f">{label}</text>" in shown_svg(open_app(expr=text))

    def test_the_sum_says_each_side_once(self):
        """x + x²: the sum of the products already is 2x + 1; the total is not written again."""
        (formula,) = [
            e.value
            for e in open_app(expr="x + x**2").latex
            if r"\frac{dy}{dx} &=" in e.value and r"\underbrace" in e.value
        ]
        assert formula.count("2 x + 1") + formula.count("2x + 1") <= 1
        assert formula.count("&=") == 4

    def test_negative_factors_are_in_parentheses(self):
        cells = [e.value for e in open_app(expr="cos(x)**2").latex]
        assert any(r"= 2 u_{1} \cdot \left(- \sin{\left(x \right)}\right) =" in cell for cell in cells)


class TestGallery:
    def test_vector_example(self):
        at = open_app()
        index = next(i for i, e in enumerate(EXAMPLES) if e.text.startswith("["))
        at.button(key=f"gallery_{index}").click().run()
        assert not at.exception
        assert at.text_area(key="expr").value == EXAMPLES[index].text
        assert rule_text(at).startswith("### **Vector chain rule**: 2 outputs")
        text = all_latex(at)
        assert r"\frac{dy_{1}}{dx}" in text and r"\frac{dy_{2}}{dx}" in text
        assert r"\frac{2}{x}" in text and r"3 \cos{\left(3 x \right)}" in text
        assert [h.value for h in at.subheader].count("The vector chain rule") == 1

    def test_example_sets_its_input_variable(self):
        at = open_app()
        index = next(i for i, e in enumerate(EXAMPLES) if e.wrt == "w")
        at.button(key=f"gallery_{index}").click().run()
        assert not at.exception
        assert at.selectbox(key="wrt").value == "w"
        assert "`w` reaches `y`" in rule_text(at)

    @pytest.mark.parametrize("example", EXAMPLES, ids=[e.title for e in EXAMPLES])
    def test_every_example_opens(self, example):
        at = open_app(expr=example.text, **({"wrt": example.wrt} if example.wrt else {}))
        analysis = explorer.analyze(example.text, example.wrt)
        assert str(analysis.path_count) in rule_text(at)
        assert not at.error
        assert len(viewers(at)) == 1

    def test_empty_input_shows_a_prompt_and_the_gallery(self):
        at = open_app(expr="")
        assert not at.error
        assert at.info and "Type an expression" in at.info[0].value
        assert len([b for b in at.button if str(b.key).startswith("card_")]) == len(EXAMPLES)
        at.button(key="card_0").click().run()
        assert at.text_area(key="expr").value == EXAMPLES[0].text
        assert len(viewers(at)) == 1


class TestErrors:
    def test_bad_input_shows_the_message_and_a_caret(self):
        at = open_app(expr="sin(x")
        assert not at.exception
        assert len(at.error) == 1
        assert "never closed" in at.error[0].value
        (caret,) = at.code
        line, marks = caret.value.split("\n")
        assert line == "sin(x" and marks == "   ^"
        assert not viewers(at)

    def test_caret_on_the_right_line_of_a_program(self):
        at = open_app(expr="u1 = x**3\nu2 = foo(u1)")
        (caret,) = at.code
        assert caret.value == "u2 = foo(u1)\n     ^"

    def test_user_text_is_never_markup(self):
        at = open_app(expr="a_b_c(x)")  # the message quotes the name; bare, Markdown would italicise _b_
        assert not at.exception
        assert "a\\_b\\_c" in at.error[0].value

    def test_busy_pool_asks_to_try_again(self, monkeypatch):
        def busy(*args, **kwargs):
            raise BusyError("the server is busy, try again in a moment")

        monkeypatch.setattr(explorer, "analyze", busy)
        at = open_app(expr="x + 1")
        assert not at.exception and not at.error
        assert "busy" in at.warning[0].value
        assert at.button(key="retry")

    def test_busy_pool_while_drawing_asks_to_try_again(self, monkeypatch):
        def busy(*args, **kwargs):
            raise BusyError("the explorer is busy, try again in a moment")

        monkeypatch.setattr(explorer, "export", busy)  # the page draws through explorer.export
        at = open_app(expr="x*x**2")
        assert not at.exception
        assert "busy" in at.warning[0].value
        assert at.button(key="retry")

    def test_internal_failure_is_a_message_not_a_traceback(self, monkeypatch):
        def broken(*args, **kwargs):
            raise RuntimeError("boom")

        monkeypatch.setattr(explorer, "analyze", broken)
        at = open_app(expr="x + 1")
        assert not at.exception
        assert "Something went wrong" in at.error[0].value
        assert "boom" not in at.error[0].value

    def test_no_variables(self):
        at = open_app(expr="2 + 3")
        assert not at.exception and not at.error
        assert "no variables" in rule_text(at)


class TestExport:
    def test_a_download_button_per_format_and_scale(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        labels = {b.key: b.label for b in at.get("download_button")}
        assert labels == {
            "download_svg": "SVG",
            "download_png2": "PNG 2×",
            "download_png4": "PNG 4×",
            "download_dot": "DOT",
            "download_latex": "LaTeX",
            "download_text": "Text",
            "download_json": "JSON",
            "download_frames": "Frames",
            "download_beamer": "Beamer",
        }
        assert not any(b.proto.disabled for b in at.get("download_button"))

    def test_the_text_and_json_downloads_use_the_pages_step(self, monkeypatch):
        """The paper's check on the page (x = 1, Δx = 1) is the check in the downloaded JSON and text."""
        from explorer.page import calls
        from explorer.page.panels import downloads

        made = {}

        def recording(func, request, name, options):
            made[name] = (request, options)
            return functools.partial(func, request, name, options)

        monkeypatch.setattr(downloads, "partial", recording)
        open_app(expr="x + x**2", at_x="1", dx="1", open="naive")
        assert made["json"][1].dx == 1.0 and made["text"][1].dx == 1.0
        assert made["svg"][1].dx is None  # a picture does not depend on Δx: one drawing for every step
        written = json.loads(calls.download(*made["json"][0:1], "json", made["json"][1]))
        assert (written["finite_difference"]["step"], written["finite_difference"]["delta_y"]) == (1.0, 4.0)
        assert "Δy = 4" in calls.download(made["text"][0], "text", made["text"][1])

    def test_every_download_says_what_the_page_says_about_the_check(self, monkeypatch):
        """After the page shows the check against sympy.diff, no download says "not checked"."""
        from explorer.page import calls
        from explorer.page.panels import downloads

        made = {}

        def recording(func, request, name, options):
            made[name] = (request, options)
            return functools.partial(func, request, name, options)

        monkeypatch.setattr(downloads, "partial", recording)
        at = open_app(expr="x*x**2")
        assert any("the sum equals sympy.diff" in box.value for box in at.success)  # what the page says
        text = calls.download(made["text"][0], "text", made["text"][1])
        assert "check: equals sympy.diff (symbolically)" in text and "not checked" not in text
        assert json.loads(calls.download(made["json"][0], "json", made["json"][1]))["verification"] == "symbolic"
        assert "not checked" not in calls.download(made["latex"][0], "latex", made["latex"][1])

    @pytest.mark.parametrize("text", ["ln(sin(x**3)**2)", "../../etc/passwd", "u1 = x³; y = CON(u1)", ""])
    def test_file_names_are_safe(self, text):
        names = file_names(text)
        assert set(names) == {"svg", "png2", "png4", "dot", "latex", "text", "json", "frames", "beamer"}
        assert len(set(names.values())) == len(names)
        for name in names.values():
            assert re.fullmatch(r"[A-Za-z0-9_-]+\.[a-z0-9]+", name), name
        assert names["png4"].endswith("_4x.png") and names["latex"].endswith(".tex")
        assert names["beamer"].startswith("chain-rule-slides") and names["frames"].endswith(".zip")


class TestFrames:
    def test_the_frames_download_is_the_walkthrough_zipped(self):
        """The page's Frames button: one PNG per step of the chosen mode and their titles, as the CLI writes them."""
        from explorer.page import calls

        request = calls.Request("x*x**2", None, (), True)
        options = Options(mode="reverse", scale=1)
        data = calls.download(request, "frames", options)
        analysis = explorer.analyze("x*x**2")
        assert data == explorer.export(analysis, "frames", options)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
        count = len(steps(analysis, "reverse"))
        assert names == [f"step-{k}.png" for k in range(1, count + 1)] + ["steps.txt"]
        assert names == [name for name, _ in bounded.frame_files(analysis, options)]


class TestPlain:
    @pytest.mark.parametrize("text", ["<b>x</b>", "**x**", "$x$", ":red[x]", "a_b_c", "[x](http://e)", "`x`", "# x"])
    def test_markdown_characters_are_escaped(self, text):
        escaped = plain(text)
        assert re.sub(r"\\(.)", r"\1", escaped) == text  # unescaping gives the text back
        assert not re.search(r"(?<!\\)[<*$\[`_#:]", escaped)  # and no markup character is left bare


class TestViewer:
    def test_clicking_an_edge_highlights_its_path_and_again_clears_it(self):
        at = open_app(expr="x*x**2")
        assert viewer_data(at)["highlight"] == -1
        click_edge(at, 1)
        assert not at.exception
        assert at.selectbox(key="highlight").value == 1
        analysis = explorer.analyze("x*x**2")
        assert viewer_data(at)["highlight"] == 1
        assert shown_svg(at) == explorer.draw(analysis, Options(highlight=1))
        click_edge(at, 1)
        assert at.selectbox(key="highlight").value == state.ALL_PATHS

    def test_a_row_of_the_path_table_highlights_its_path(self):
        at = open_app(expr="x + x**2")
        at.button(key="show_path_1").click().run()
        assert at.selectbox(key="highlight").value == 1
        assert at.button(key="show_path_1").proto.type == "primary"
        at.button(key="show_path_1").click().run()
        assert at.selectbox(key="highlight").value == state.ALL_PATHS

    def test_orientation_in_the_link(self):
        at = open_app(expr="x*x**2", orientation="TB")
        assert at.selectbox(key="orientation").value == "TB"
        assert shown_svg(at) == explorer.draw(explorer.analyze("x*x**2"), Options(orientation="TB"))
        at.selectbox(key="orientation").select("LR").run()
        assert at.query_params["orientation"] == "LR"
        assert shown_svg(at) == explorer.draw(explorer.analyze("x*x**2"), Options(orientation="LR"))

    def test_a_hundred_term_sum_is_drawn_condensed(self):
        text = " + ".join(f"sin({k}*x)" for k in range(1, 101))
        at = open_app(expr=text)
        assert not at.error and not at.exception
        svg = shown_svg(at)
        assert "Condensed to stay readable" in svg and "97 more branches" in svg


class TestChecks:
    def test_the_check_and_simplification_come_last(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        assert any(m.value.startswith("Checked against sympy.diff") for m in at.success)
        assert any("simplified by sympy (cancel, factor_terms, trigsimp" in c.value for c in at.caption)
        assert r"\frac{6 x^{2}}{\tan{\left(x^{3} \right)}}" in all_latex(at)  # the simplified total

    def test_a_new_point_does_no_symbolic_work(self, monkeypatch):
        from explorer import bounded

        checks = []
        real = bounded.verify
        monkeypatch.setattr(bounded, "verify", lambda a, **kw: checks.append(a.text) or real(a, **kw))
        at = open_app(expr="x + x**2")
        at.number_input(key="at_x").set_value(2.0).run()
        at.selectbox(key="highlight").select(1).run()
        assert not at.exception
        assert checks == ["x + x**2"]

    def test_finite_difference_check_is_shown(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        assert any(shown(m.value).startswith("Numeric check: dy/dx = 11.937435") for m in at.success)

    def test_no_numeric_check_where_undefined(self):
        at = open_app(expr="abs(x)")
        at.number_input(key="at_x").set_value(0.0).run()
        assert any("No numeric check here" in m.value for m in at.info)


class TestUserNamesInMessages:
    def test_names_with_underscores_are_not_markdown(self):
        at = open_app(expr="_a*b_ + b_**2")
        assert not at.exception
        checks = [m.value for m in at.success if m.value.startswith("Numeric check")]
        assert checks and "\\_a" in checks[0]  # escaped: shown as _a, not as the start of emphasis


class TestCache:
    def test_every_page_cache_is_bounded(self):
        from explorer.page import calls

        cached = [calls.formulas, calls.mode_formulas, calls.drawing, calls.walkthrough, calls.checked, calls.hints]
        cached += [calls.description, calls.lessons, calls.difference]
        assert all(0 < f._info.max_size_bytes <= 256 * 2**20 for f in cached)  # copies, bounded by bytes
        shared = [calls.analysis, calls.finished]  # immutable analyses, shared rather than copied: by count
        assert all(0 < f._info.max_entries <= 256 for f in shared)

    def test_point_and_highlight_reuse_the_analysis(self, monkeypatch):
        calls = []
        real = explorer.analyze

        def counting(text, wrt=None, at=None, **kwargs):
            calls.append((text, wrt, at))
            return real(text, wrt, at, **kwargs)

        monkeypatch.setattr(explorer, "analyze", counting)
        at = open_app(expr="x + x**2")
        assert len(calls) == 1
        at.selectbox(key="highlight").select(0).run()
        at.segmented_control(key="labels").set_value("symbolic").run()
        assert len(calls) == 1
        at.number_input(key="at_x").set_value(1.5).run()
        assert len(calls) == 1  # a new point re-evaluates numbers only (Analysis.at)
        assert any("dy/dx = 4, finite difference 4 at x = 1.5" in shown(m.value) for m in at.success)


def step_heading(at: AppTest) -> str:
    """The bold line under the graph that says which step this is."""
    (line,) = [m.value for m in at.markdown if m.value.startswith("**Step ")]
    return line


class TestWalkthrough:
    def test_steps_through_x_times_x_squared(self):
        at = open_app(expr="x*x**2", view="steps")
        analysis = explorer.analyze("x*x**2")
        walk = steps(analysis, "paths")
        for k, step in enumerate(walk):
            assert at.select_slider(key="step").value == k + 1
            assert step_heading(at) == f"**Step {k + 1} of {len(walk)}:** {plain(step.title)}"
            assert step_formula(analysis, walk, k) in all_latex(at)
            assert shown_svg(at) == explorer.export(analysis, "svg", Options(view="steps", mode="paths", step=k))
            assert at.button(key="step_previous").disabled == (k == 0)
            assert at.button(key="step_next").disabled == (k == len(walk) - 1)  # Next stops at the last step
            if k < len(walk) - 1:
                at.button(key="step_next").click().run()
                assert not at.exception
                assert at.query_params["step"] == str(k + 2)  # each step is in the address: its own history entry
        at.button(key="step_previous").click().run()
        assert at.select_slider(key="step").value == len(walk) - 1

    def test_the_neuron_in_reverse_mode_ends_on_its_gradient(self):
        at = open_app(expr="sigmoid(w*x + b)", view="steps", mode="reverse", at_w="1", at_x="2", at_b="-2")
        analysis = explorer.analyze("sigmoid(w*x + b)", at={"w": 1, "x": 2, "b": -2})
        walk = steps(analysis, "reverse")
        for k, step in enumerate(walk):  # the values, the seed, an adjoint per node from the output back
            assert step_heading(at) == f"**Step {k + 1} of {len(walk)}:** {plain(step.title)}"
            assert step_formula(analysis, walk, k) in all_latex(at)
            if k < len(walk) - 1:
                at.button(key="step_next").click().run()
                assert not at.exception
        assert plain("dy/dw = 0.5, dy/dx = 0.25, dy/db = 0.25") in step_heading(at)
        shown = all_latex(at)
        assert r"\frac{dy}{dw} &= " in shown and "= 0.5" in shown
        assert shown_svg(at) == explorer.export(
            analysis, "svg", Options(view="steps", mode="reverse", step=len(walk) - 1)
        )

    def test_a_link_with_step_opens_at_that_step(self):
        at = open_app(expr="x*x**2", step="4")
        assert at.segmented_control(key="view").value == "steps"
        assert at.select_slider(key="step").value == 4
        assert step_heading(at).startswith("**Step 4 of 6:** Path 1")

    def test_a_link_past_the_last_step_says_so_and_opens_at_the_last(self):
        at = open_app(expr="x*x**2", view="steps", step="99")
        assert at.select_slider(key="step").value == 6
        assert any(
            "step=99 in the link is past the last step of this walkthrough (6)" in shown(w.value) for w in at.warning
        )

    def test_a_new_expression_starts_the_walkthrough_again(self):
        at = open_app(expr="x*x**2", view="steps", mode="forward", step="5")
        at.text_area(key="expr").input("sin(x**2)").run()
        assert not at.exception
        assert at.select_slider(key="step").value == 1 and at.segmented_control(key="mode").value == "forward"
        assert at.query_params["expr"] == "sin(x**2)" and "step" not in at.query_params
        assert (at.query_params["view"], at.query_params["mode"]) == ("steps", "forward")

    def test_an_exercise_hides_the_views(self):
        """The gradients view and the walkthrough would give the answer away."""
        at = open_app(expr="x*x**2", exercise="true", view="steps", step="3")
        assert not at.get("select_slider") and not [c for c in at.get("segmented_control") if c.key == "view"]
        assert shown_svg(at) == explorer.draw(explorer.analyze("x*x**2"), Options(marks=()))

    def test_the_gradients_view(self):
        at = open_app(expr="x*x**2", view="gradients")
        analysis = explorer.analyze("x*x**2")
        assert shown_svg(at) == explorer.export(analysis, "svg", Options(view="gradients"))
        assert "dy/du1 = 0.5" in shown_svg(at)

    def test_the_shapes_view_of_a_dense_layer_by_its_matrix(self):
        at = open_app(expr=DENSE, wrt="W", view="shapes")
        assert at.segmented_control(key="view").value == "shapes"
        assert at.selectbox(key="wrt").value == "W"
        assert "(2×3)" in at.selectbox(key="wrt").format_func("W")
        analysis = explorer.analyze(DENSE, wrt="W")
        assert shown_svg(at) == explorer.export(analysis, "svg", Options(view="shapes"))
        svg = plain_svg(at)
        assert "I ⊗ xᵀ" in svg and "2×3 · 3 → 2" in svg and "equal at this point" in svg
        assert viewer_data(at)["alt"].startswith("Graph of shapes. W: 2×3 matrix.")
        assert any(c.value == graph_panel.CAPTIONS["shapes"] for c in at.caption)

    def test_a_scalar_expression_has_no_shapes_to_draw(self):
        at = open_app(expr="x*x**2", view="shapes")
        assert shown_svg(at) == explorer.draw(explorer.analyze("x*x**2"))
        assert any("here every value is a scalar" in c.value for c in at.caption)

    def test_the_layers_section_multiplies_the_closed_forms(self):
        at = open_app(expr=DENSE, wrt="W", open="layers")
        text = all_latex(at)
        assert r"\frac{\partial g_{1}}{\partial W} = I \otimes x^{T}" in text
        assert r"\frac{\partial y}{\partial W} &= \frac{\partial y}{\partial g_{3}}" in text
        assert "the outer product of δ" in shown(markdown_text(at))


class TestTheViewersRoom:
    """The viewer reports the room it has; the graph is drawn for it (whole and readable there) and kept so."""

    def test_the_graph_is_drawn_for_the_room_the_viewer_reported(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        analysis = explorer.analyze("ln(sin(x**3)**2)")
        assert viewer_data(at)["frame"] is None  # nothing measured yet: drawn by the graph's shape
        report_frame(at, 356, 705)  # a phone
        assert not at.exception
        phone = explorer.draw(analysis, Options(frame=Frame.of(356, 705)))
        assert shown_svg(at) == phone and viewer_data(at)["frame"] == [356, 705] and viewer_data(at)["label"] == 11
        report_frame(at, 1058, 770)  # a desktop: another direction
        desktop = explorer.draw(analysis, Options(frame=Frame.of(1058, 770)))
        assert shown_svg(at) == desktop != phone and viewer_data(at)["label"] == 12
        at.text_area(key="expr").input("x*x**2").run()  # the room stays known for the next graph
        assert shown_svg(at) == explorer.draw(explorer.analyze("x*x**2"), Options(frame=Frame.of(1058, 770)))

    def test_the_svg_download_is_the_drawing_as_shown(self, monkeypatch):
        from explorer.page import calls
        from explorer.page.panels import downloads

        made = {}

        def recording(func, request, name, options):
            made[name] = (request, options)
            return functools.partial(func, request, name, options)

        monkeypatch.setattr(downloads, "partial", recording)
        at = open_app(expr="ln(sin(x**3)**2)")
        report_frame(at, 356, 705)
        assert made["svg"][1].frame == Frame.of(356, 705)
        assert calls.download(made["svg"][0], "svg", made["svg"][1]) == shown_svg(at)

    def test_a_readers_zoom_is_kept_for_the_same_graph_only(self):
        at = open_app(expr="x*x**2")
        same = viewer_data(at)["graph"]
        at.selectbox(key="highlight").select(1).run()
        at.toggle(key="rules").set_value(True).run()
        assert viewer_data(at)["graph"] == same  # a highlight or rule names: the same graph, the zoom stays
        at.segmented_control(key="view").set_value("gradients").run()
        assert viewer_data(at)["graph"] != same  # another view starts whole
        at.text_area(key="expr").input("x + x**2").run()
        assert len({same, viewer_data(at)["graph"]}) == 2

    def test_a_walkthrough_step_names_what_the_viewer_keeps_in_view(self):
        at = open_app(expr="ln(sin(x**3)**2)", view="steps", mode="reverse", step="8")
        analysis = explorer.analyze("ln(sin(x**3)**2)")
        walk = steps(analysis, "reverse")
        data = viewer_data(at)
        assert data["presenter"] == "presenter" and data["step"] == 7
        assert data["focus"] == list(focus(analysis, walk[7])) and data["focus"]
        assert not viewer_data(open_app(expr="x*x**2"))["presenter"]


class TestModes:
    def test_forward_reverse_factoring_and_cost(self):
        at = open_app(expr="sigmoid(w*x + b)", wrt="w", open="modes")
        assert "Forward and reverse mode" in [e.label for e in at.expander]
        shown = all_latex(at)
        assert r"\frac{du_{1}}{dw} = \frac{\partial u_{1}}{\partial w} = x = 1.5" in shown
        assert r"\frac{dy}{db}" in shown and "reverse: grouped by the first edge" in shown
        table = next(m.value for m in at.markdown if m.value.startswith("| derivative"))
        assert "| every input (3) | 3 paths: 5 × and 0 + | 3 passes: 5 × and 0 + | 1 pass: 4 × and 0 + |" in table
        assert any("this is why backpropagation runs in reverse" in c.value for c in at.caption)


NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"
DENSE = "W = [[w11, w12, w13], [w21, w22, w23]]; x = [x1, x2, x3]; y = sum(tanh(W @ x + b))"


def plain_svg(at: AppTest) -> str:
    """The viewer's SVG with its entities read (Graphviz writes ⊗ and × as they are, quotes as entities)."""
    return html.unescape(shown_svg(at))


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


class TestTeaching:
    """What the paper teaches, section by section."""

    def test_the_four_steps_of_the_papers_example(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        assert [t.label for t in at.tabs][:4] == ["1. Introduce", "2. Differentiate", "3. Combine", "4. Substitute"]
        titles = [shown(m.value) for m in at.markdown if m.value.startswith("**")][:4]  # then forward and reverse mode
        assert titles == [
            "**Introduce intermediate variables**",
            "**Differentiate each one with respect to its own parameters**",
            "**Combine: multiply the partials along the path**",
            "**Substitute back and simplify**",
        ]
        text = all_latex(at)
        assert r"u_{2} &= \sin{\left(u_{1} \right)}" in text and r"\text{trigonometric rule}" in text
        explained = shown(markdown_text(at))
        assert "u2 = sin(u1), so ∂u2/∂u1 = cos(u1) (trigonometric rule)" in explained

    def test_the_path_table_names_the_rules_along_each_path(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        assert any(shown(c.value) == "power → trigonometric → power → logarithm" for c in at.caption)

    def test_rule_names_on_the_graph_are_a_toggle(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        assert "trigonometric rule" not in shown_svg(at)
        at.toggle(key="rules").set_value(True).run()
        analysis = explorer.analyze("ln(sin(x**3)**2)")
        assert shown_svg(at) == explorer.draw(analysis, Options(theme="light", rules=True))
        assert "trigonometric rule" in shown_svg(at)

    def test_one_path_alone_and_the_papers_finite_check(self):
        at = open_app(expr="x + x**2", open="naive")
        assert "Why one path is not enough" in [e.label for e in at.expander]
        assert at.get("vega_lite_chart")
        assert r"\text{path 1 alone gives}" in all_latex(at)
        at.button(key="papers_check").click().run()
        assert not at.exception
        assert at.number_input(key="at_x").value == 1.0 and at.number_input(key=state.STEP_KEY).value == 1.0
        words = shown(markdown_text(at))
        assert "x from 1 to 2 (Δx = 1): y from 2 to 6 (Δy = 4), so Δy/Δx = 4" in words
        assert "At the middle of the step, x = 1.5: every path together gives dy/dx = 4; path 1 alone 3" in words

    def test_a_single_path_needs_no_such_section(self):
        at = open_app(expr="sin(x**2)", open="naive")
        assert "Why one path is not enough" not in [e.label for e in at.expander]

    def test_the_total_derivative_formula_written_out(self):
        at = open_app(expr="x + x**2", open="formula")
        assert "The total-derivative formula, written out" in [e.label for e in at.expander]
        assert r"\frac{\partial y}{\partial u_{1}}\,\frac{du_{1}}{dx}" in all_latex(at)

    def test_choosing_a_jacobian_entry_highlights_its_paths(self):
        at = open_app(expr="[x*w, x + x**2]")
        assert "The Jacobian, entry by entry" in [h.value for h in at.subheader]
        at.selectbox(key="entry").select(("y2", "x")).run()
        assert not at.exception
        analysis = explorer.analyze("[x*w, x + x**2]")
        assert shown_svg(at) == explorer.draw(analysis, Options(theme="light", highlights=(1, 2)))
        swatches = [h.value for h in at.html if "cre-swatch" in h.value]
        assert ["opacity:.3" in s for s in swatches] == [True, False, False]

    def test_an_entry_by_another_input_switches_to_it(self):
        at = open_app(expr="[x*w, x + x**2]")
        at.selectbox(key="entry").select(("y1", "w")).run()
        assert not at.exception
        assert at.selectbox(key="wrt").value == "w"
        assert "`w` reaches them through 1 path" in rule_text(at)

    def test_the_vector_chain_rule_layer_by_layer(self):
        at = open_app(expr="[ln(x**2), sin(3*x)]", open="layers")
        text = all_latex(at)
        assert r"J_{2} = \frac{\partial \left(y_{1}, y_{2}\right)}{\partial \left(u_{1}, u_{2}\right)}" in text
        assert any(m.value.endswith(": equal.") for m in at.success)

    def test_the_neurons_gradient(self):
        at = open_app(expr=NEURON, wrt="w")
        assert rule_text(at) == "### **Vector chain rule**: `w` = [`w1`, `w2`, `w3`] reaches `y` through 3 paths"
        assert "The gradient" in [h.value for h in at.subheader]
        assert "active, so dy/dw = xᵀ" in shown(at.info[0].value)
        assert r"\texttt{sympy.Matrix.jacobian}" in all_latex(at)
        at.number_input(key="at_b").set_value(-10.0).run()
        assert "inactive, so dy/dw = 0" in shown(at.info[0].value)

    def test_x_times_x_squared_one_path_against_all_and_the_papers_check(self):
        at = open_app(expr="x*x**2", open="naive")
        text = all_latex(at)
        assert r"\text{path 1 alone gives}" in text and r"\text{path 2 alone gives}" in text
        at.button(key="papers_check").click().run()
        cube = lambda v: v * v**2  # noqa: E731 - the expression itself, the oracle
        words = shown(markdown_text(at))
        assert (
            f"y from {cube(1):g} to {cube(2):g} (Δy = {cube(2) - cube(1):g}), so Δy/Δx = {cube(2) - cube(1):g}" in words
        )

    def test_the_gallery_opens_the_neuron_by_its_weights(self):
        at = open_app()
        index = next(i for i, e in enumerate(EXAMPLES) if e.title.startswith("Neuron: max"))
        at.button(key=f"gallery_{index}").click().run()
        assert not at.exception and at.selectbox(key="wrt").value == "w"
        assert "The gradient" in [h.value for h in at.subheader]
        assert "active, so dy/dw = xᵀ" in shown(at.info[0].value)

    def test_the_gallery_opens_the_vector_sum_with_a_gradient_of_ones(self):
        at = open_app()
        index = next(i for i, e in enumerate(EXAMPLES) if e.text.endswith("sum(w + x)"))
        at.button(key=f"gallery_{index}").click().run()
        assert not at.exception and at.selectbox(key="wrt").value == "w"
        assert shown(at.info[0].value) == "dy/dw = 1ᵀ (a vector of ones)"
        assert r"\mathbf{1}^{T}" in all_latex(at) and r"\left[1,\ 1,\ 1\right]" in all_latex(at)

    def test_the_input_selector_offers_vectors_of_inputs(self):
        at = open_app(expr=NEURON)
        assert at.selectbox(key="wrt").options[:2] == ["w = [w1, w2, w3]", "x = [x1, x2, x3]"]
        assert at.selectbox(key="wrt").value == "w"


def copy_buttons(at: AppTest) -> list:
    """The copy-link buttons on the page (a v2 component, read from its data)."""
    return [e for e in at.get("bidi_component") if e.proto.component_name.endswith("copy_link")]


def answer(at: AppTest, text: str) -> AppTest:
    at.text_input(key="answer").input(text).run()
    assert not at.exception, at.exception
    return at


class TestYourAnswer:
    def test_a_wrong_answer_is_diagnosed_and_highlighted(self):
        at = answer(open_app(expr="x + x**2"), "2*x")
        checked = explorer.check("x + x**2", "2*x")
        assert [e.value for e in at.error] == [plain(checked["verdict"])]
        said = "\n".join(m.value for m in at.markdown)
        assert plain("Missing: path 2 (x → y: ∂y/∂x = 1).") in said
        (chips,) = [h.value for h in at.html if "cre-missed" in h.value]
        assert 'data-color="#D55E00"' in chips and ">2</span>" in chips  # path 2's colour and number
        analysis = explorer.analyze("x + x**2")
        marks = feedback.marks(checked, analysis)
        assert marks == ((1, 1),)
        assert shown_svg(at) == explorer.draw(analysis, Options(marks=marks))

    def test_the_forgotten_inner_derivative(self):
        at = answer(open_app(expr="sin(x**2)"), "cos(x**2)")
        said = "\n".join(m.value for m in at.markdown)
        assert plain("∂u1/∂x = 2·x (power rule) is missing from path 1 (x → u1 → y): the inner derivative.") in said
        assert plain("your answer − dy/dx = ") in said  # the difference, outside an exercise

    def test_a_right_answer(self):
        at = answer(open_app(expr="x*x**2"), "3x²")
        assert at.success[0].value == plain("Correct: your answer equals dy/dx (shown symbolically).")
        assert not at.error
        assert shown_svg(at) == explorer.draw(explorer.analyze("x*x**2"))  # nothing to highlight

    def test_an_unreadable_answer_shows_the_caret_under_it(self):
        at = answer(open_app(expr="x + x**2"), "2*x +* 1")
        assert "your answer" in at.error[0].value and "needs something on its left" in at.error[0].value
        (caret,) = at.code
        assert caret.value == "2*x +* 1\n     ^"

    def test_the_answer_is_in_the_link_and_a_new_expression_starts_afresh(self):
        at = answer(open_app(expr="x + x**2"), "2*x")
        assert at.query_params["answer"] == ["2*x"] or at.query_params["answer"] == "2*x"
        at.text_area(key="expr").input("x*x").run()
        assert at.text_input(key="answer").value == "" and not at.error
        assert "answer" not in at.query_params

    def test_an_answer_link_opens_with_the_answer_and_its_diagnosis(self):
        """?expr=x*x**2&answer=x**2: the answer in the box, the verdict, the diagnosis, the missed path marked."""
        at = open_app(expr="x*x**2", answer="x**2")
        assert not at.exception and at.text_input(key="answer").value == "x**2"
        checked = explorer.check("x*x**2", "x**2")
        assert [e.value for e in at.error] == [plain(checked["verdict"])]
        said = "\n".join(m.value for m in at.markdown)
        assert all(plain(line) in said for line in checked["diagnosis"])
        marks = feedback.marks(checked, explorer.analyze("x*x**2"))
        assert marks and shown_svg(at) == explorer.draw(explorer.analyze("x*x**2"), Options(marks=marks))

    def test_a_linked_answer_stays_when_the_point_changes(self):
        at = open_app(expr="x*x**2", answer="x**2")
        at.number_input(key="at_x").set_value(2.0).run()
        assert at.text_input(key="answer").value == "x**2" and at.error
        assert dict(at.query_params)["answer"] in ("x**2", ["x**2"])

    def test_an_unreadable_answer_in_a_link_is_said_under_the_box(self):
        at = open_app(expr="x + x**2", answer="2*x +* 1")
        assert "needs something on its left" in at.error[0].value and not at.exception

    def test_the_copy_link_button_carries_the_answer(self):
        at = answer(open_app(expr="x*x**2"), "x**2")
        (button,) = copy_buttons(at)
        data = json.loads(button.proto.json)
        assert data["link"] == "?expr=x%2Ax%2A%2A2&answer=x%2A%2A2&at_x=0.5"
        assert "with your answer" in data["title"]
        link = dict(urllib.parse.parse_qsl(data["link"][1:]))
        assert link == {"expr": "x*x**2", "answer": "x**2", "at_x": "0.5"}
        again = open_app(**link)  # the copied link opens the same page: the answer checked
        assert again.text_input(key="answer").value == "x**2" and [e.value for e in again.error] == [
            e.value for e in at.error
        ]

    def test_the_copy_link_button_is_there_without_an_answer(self):
        (button,) = copy_buttons(open_app(expr="x*x**2"))
        assert json.loads(button.proto.json)["link"] == "?expr=x%2Ax%2A%2A2&at_x=0.5"

    def test_vector_answers_are_labelled(self):
        at = answer(open_app(expr="[ln(x**2), sin(3*x)]"), "[2/x, cos(3x)]")
        assert at.text_input(key="answer").label == plain("[dy1/dx, dy2/dx]") + " ="
        said = "\n".join(m.value for m in at.markdown)
        assert plain("∂u2/∂x = 3 (constant multiple rule) is missing from path 2 (x → u2 → y2)") in said


def headings(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("### ")]


class TestExercise:
    def test_a_link_opens_the_exercise_with_the_solution_hidden(self):
        at = open_app(expr="x*x**2", exercise="true")
        assert at.toggle(key="exercise").value is True
        assert headings(at) == ["### Exercise: find dy/dx with the chain rule"]
        assert not at.latex and not [h for h in at.html if "cre-swatch" in h.value]
        assert not at.get("download_button")
        assert at.selectbox(key="highlight").options == ["All paths"]  # the path list would give it away
        analysis = explorer.analyze("x*x**2")
        assert shown_svg(at) == explorer.draw(analysis, Options(marks=()))  # no path in colour

    def test_hints_come_one_at_a_time(self):
        at = open_app(expr="x*x**2", exercise="true")
        expected = checking.hints(explorer.analyze("x*x**2"))
        for count in range(1, 4):
            at.button(key="hint").click().run()
            assert [i.value for i in at.info if i.value.startswith("Hint")] == [
                f"Hint {n}: {plain(h)}" for n, h in enumerate(expected[:count], 1)
            ]
        assert at.button(key="hint").disabled

    def test_the_last_hint_is_about_a_missed_path(self):
        at = answer(open_app(expr="x + x**2", exercise="true"), "2*x")
        for _ in range(3):
            at.button(key="hint").click().run()
        assert at.info[-1].value.startswith("Hint 3: " + plain("Path 2, x → y"))

    def test_a_wrong_answer_is_diagnosed_and_the_solution_stays_hidden(self):
        at = answer(open_app(expr="x + x**2", exercise="true"), "2*x")
        assert headings(at)[0].startswith("### Exercise")
        assert not at.latex
        said = "\n".join(m.value for m in at.markdown)
        assert plain("Missing: path 2") in said and plain("your answer − dy/dx") not in said
        assert shown_svg(at) == explorer.draw(explorer.analyze("x + x**2"), Options(marks=((1, 1),)))

    def test_a_right_answer_reveals_the_solution(self):
        at = answer(open_app(expr="x + x**2", exercise="true"), "2x + 1")
        assert headings(at) == ["### **Total-derivative chain rule**: `x` reaches `y` through 2 paths"]
        assert r"\frac{dy}{dx} = 2 x + 1" in all_latex(at)
        assert at.get("download_button") and at.button(key="next_exercise")

    def test_giving_up_reveals_the_solution(self):
        at = open_app(expr="sin(x**2)", exercise="true")
        at.button(key="give_up").click().run()
        assert headings(at)[0].startswith("### **Single-variable chain rule**")
        assert shown_svg(at) == explorer.draw(explorer.analyze("sin(x**2)"))

    def test_next_exercise_opens_the_next_gallery_example_hidden(self):
        at = open_app(expr=EXAMPLES[0].text, exercise="true")
        at.button(key="give_up").click().run()
        at.button(key="next_exercise").click().run()
        assert not at.exception
        assert at.text_area(key="expr").value == EXAMPLES[1].text
        assert headings(at)[0].startswith("### Exercise") and at.text_input(key="answer").value == ""

    def test_a_wrong_answer_in_an_exercise_link_keeps_the_solution_hidden(self):
        at = open_app(expr="x*x**2", exercise="true", answer="x**2")
        assert headings(at) == ["### Exercise: find dy/dx with the chain rule"]
        said = "\n".join(m.value for m in at.markdown)
        assert plain("Missing: path 1") in said and plain("your answer − dy/dx") not in said
        assert not at.latex and not at.get("download_button")

    def test_a_linked_highlight_tells_nothing_about_the_paths(self):
        """highlight=99 said "(it has 2)", which is hint 2; in an exercise no linked highlight is used."""
        for highlight in ("1", "2", "99"):
            at = open_app(expr="x + x**2", exercise="true", highlight=highlight)
            warned = shown(" ".join(w.value for w in at.warning))
            assert f"highlight={highlight} in the link is not used" in warned
            assert "it has" not in warned and "2 paths" not in warned
            assert shown_svg(at) == explorer.draw(explorer.analyze("x + x**2"), Options(marks=()))
        at = open_app(expr="x + x**2", highlight="99")  # outside an exercise the count helps
        assert "(it has 2)" in shown(" ".join(w.value for w in at.warning))

    def test_the_gallery_states_no_hint_in_an_exercise(self):
        at = open_app(exercise="true")
        helps = [b.help for b in at.button if str(b.key).startswith("gallery_")]
        assert helps == [example.task for example in EXAMPLES]
        assert not any(example.note in " ".join(helps) for example in EXAMPLES)
        at = open_app()
        assert [b.help for b in at.button if str(b.key).startswith("gallery_")] == [e.note for e in EXAMPLES]

    @pytest.mark.parametrize("example", [e for e in EXAMPLES if e.wrt], ids=lambda e: e.title)
    def test_examples_of_a_weight_open_differentiated_by_it(self, example):
        at = open_app()
        at.button(key=f"gallery_{EXAMPLES.index(example)}").click().run()
        assert not at.exception and at.selectbox(key="wrt").value == example.wrt
        linked = open_app(**{k: v if isinstance(v, str) else v[0] for k, v in dict(at.query_params).items()})
        assert linked.selectbox(key="wrt").value == example.wrt  # its link opens by the weight too

    def test_gallery_examples_open_as_exercises(self):
        at = open_app(exercise="true")
        index = next(i for i, e in enumerate(EXAMPLES) if e.wrt == "w")
        at.button(key=f"gallery_{index}").click().run()
        assert headings(at) == ["### Exercise: find dy/dw with the chain rule"]
        assert not at.latex
