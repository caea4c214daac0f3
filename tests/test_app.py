"""The Streamlit page, driven headless by ``streamlit.testing.v1.AppTest``.

The page is checked against the engine, not against itself: the rule and
path count come from :func:`explorer.analyze`, the graph must be the bytes
:func:`explorer.draw` draws, and derivatives are compared with
``sympy.diff`` where the page states one.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import explorer
from explorer import layout
from explorer.errors import BusyError
from explorer.examples import EXAMPLES
from explorer.formats import Options
from explorer.page.downloads import file_names
from explorer.page.text import plain

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")

TIMEOUT = 60


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with empty caches, so no test sees another's results."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def open_app(**query: str) -> AppTest:
    """Run the page once, as if opened with ``?key=value...``."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def rule_text(at: AppTest) -> str:
    """The rule sentence at the top of the results."""
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headings, "no rule heading on the page"
    return headings[0]


def all_latex(at: AppTest) -> str:
    return "\n".join(element.value for element in at.latex)


def shown_svg(at: AppTest) -> str:
    """The SVG the page displays, decoded from the image's data URL."""
    (image,) = at.image
    (url,) = image.value
    prefix = "data:image/svg+xml;base64,"
    assert url.startswith(prefix), url[:40]
    return base64.b64decode(url[len(prefix) :]).decode()


class TestLink:
    def test_bare_address_shows_the_seed_example(self):
        at = open_app()
        assert at.text_input(key="expr").value == "x + x**2"
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
        assert at.text_input(key="expr").value == text
        assert rule_text(at) == "### " + words

    def test_wrt_and_point_in_the_link(self):
        at = open_app(expr="x*z + sin(x)", wrt="z", at_x="2")
        assert at.selectbox(key="wrt").value == "z"
        assert at.number_input(key="at_x").value == 2.0
        # d/dz (x z + sin x) = x = 2 at x = 2
        assert r"\texttt{sympy.diff}:\quad \frac{dy}{dz} = x" in all_latex(at)
        assert r"\text{2} \quad \text{at } x = 2" in all_latex(at)

    def test_graph_is_the_server_rendered_svg(self):
        at = open_app(expr="sin(x + x**2)")
        analysis = explorer.analyze("sin(x + x**2)")
        assert shown_svg(at) == explorer.draw(analysis, Options(highlight=None, labels="both", theme="light"))


class TestTyping:
    def test_typing_an_expression_updates_the_page(self):
        at = open_app()
        at.text_input(key="expr").input("x * x**2").run()
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
        assert r"\text{5} \quad \text{at } x = 2" in text  # 2·2 + 1

    def test_switching_labels_theme_and_highlight(self):
        at = open_app(expr="x + x**2")
        before = shown_svg(at)
        at.segmented_control(key="labels").set_value("numeric").run()
        at.segmented_control(key="graph_theme").set_value("dark").run()
        at.selectbox(key="highlight").select(1).run()
        assert not at.exception
        analysis = explorer.analyze("x + x**2")
        assert shown_svg(at) == explorer.draw(analysis, Options(highlight=1, labels="numeric", theme="dark")) != before
        swatches = [h.value for h in at.html if "cre-swatch" in h.value]
        assert "opacity:.3" in swatches[0] and "opacity:1" in swatches[1]

    def test_stale_choices_reset_when_the_expression_changes(self):
        at = open_app(expr="x*x*x")
        at.selectbox(key="highlight").select(2).run()
        at.text_input(key="expr").input("x + x**2").run()  # two paths: there is no path 3 any more
        assert not at.exception
        assert at.selectbox(key="highlight").value is None
        at.text_input(key="expr").input("x*z").run()
        at.selectbox(key="wrt").select("z").run()
        at.text_input(key="expr").input("x*w").run()  # no z any more
        assert not at.exception
        assert at.selectbox(key="wrt").value == "x"

    def test_without_graphviz_the_browser_draws_and_says_so(self, monkeypatch):
        monkeypatch.setattr(layout, "renderer", lambda: None)
        at = open_app(expr="x + x**2")
        assert not at.exception
        assert not at.image
        assert at.get("graphviz_chart")
        assert any("Graphviz is not installed" in c.value for c in at.caption)
        disabled = {b.key for b in at.get("download_button") if b.proto.disabled}
        assert disabled == {"download_svg", "download_png2", "download_png4"}


class TestGallery:
    def test_vector_example(self):
        at = open_app()
        index = next(i for i, e in enumerate(EXAMPLES) if e.text.startswith("["))
        at.button(key=f"gallery_{index}").click().run()
        assert not at.exception
        assert at.text_input(key="expr").value == EXAMPLES[index].text
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
        assert len(at.image) == 1

    def test_empty_input_shows_a_prompt_and_the_gallery(self):
        at = open_app(expr="")
        assert not at.error
        assert at.info and "Type an expression" in at.info[0].value
        assert len([b for b in at.button if str(b.key).startswith("card_")]) == len(EXAMPLES)
        at.button(key="card_0").click().run()
        assert at.text_input(key="expr").value == EXAMPLES[0].text
        assert len(at.image) == 1


class TestErrors:
    def test_bad_input_shows_the_message_and_a_caret(self):
        at = open_app(expr="sin(x")
        assert not at.exception
        assert len(at.error) == 1
        assert "never closed" in at.error[0].value
        (caret,) = at.code
        line, marks = caret.value.split("\n")
        assert line == "sin(x" and marks == "   ^"
        assert not at.image

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
    def test_six_download_buttons(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        labels = {b.key: b.label for b in at.get("download_button")}
        assert labels == {
            "download_svg": "SVG",
            "download_png2": "PNG 2×",
            "download_png4": "PNG 4×",
            "download_dot": "DOT",
            "download_latex": "LaTeX",
            "download_json": "JSON",
        }
        assert not any(b.proto.disabled for b in at.get("download_button"))

    @pytest.mark.parametrize("text", ["ln(sin(x**3)**2)", "../../etc/passwd", "u1 = x³; y = CON(u1)", ""])
    def test_file_names_are_safe(self, text):
        names = file_names(text)
        assert set(names) == {"svg", "png2", "png4", "dot", "latex", "json"}
        assert len(set(names.values())) == len(names)
        for name in names.values():
            assert re.fullmatch(r"[A-Za-z0-9_-]+\.[a-z0-9]+", name), name
        assert names["png4"].endswith("_4x.png") and names["latex"].endswith(".tex")


class TestPlain:
    @pytest.mark.parametrize("text", ["<b>x</b>", "**x**", "$x$", ":red[x]", "a_b_c", "[x](http://e)", "`x`", "# x"])
    def test_markdown_characters_are_escaped(self, text):
        escaped = plain(text)
        assert re.sub(r"\\(.)", r"\1", escaped) == text  # unescaping gives the text back
        assert not re.search(r"(?<!\\)[<*$\[`_#:]", escaped)  # and no markup character is left bare


class TestChecks:
    def test_finite_difference_check_is_shown(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        assert any(m.value.startswith("Numeric check: dy/dx = 11.937435") for m in at.success)

    def test_no_numeric_check_where_undefined(self):
        at = open_app(expr="abs(x)")
        at.number_input(key="at_x").set_value(0.0).run()
        assert any("No numeric check here" in m.value for m in at.info)


class TestCache:
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
        assert any("dy/dx = 4, finite difference 4 at x = 1.5" in m.value for m in at.success)


NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


class TestTeaching:
    """What the paper teaches, section by section."""

    def test_the_four_steps_of_the_papers_example(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        assert [t.label for t in at.tabs] == ["1. Introduce", "2. Differentiate", "3. Combine", "4. Substitute"]
        titles = [unescaped(m.value) for m in at.markdown if m.value.startswith("**")]
        assert titles == [
            "**Introduce intermediate variables**",
            "**Differentiate each one with respect to its own parameters**",
            "**Combine: multiply the partials along the path**",
            "**Substitute back and simplify**",
        ]
        text = all_latex(at)
        assert r"u_{2} &= \sin{\left(u_{1} \right)}" in text and r"\text{trigonometric rule}" in text
        explained = unescaped(markdown_text(at))
        assert "u2 = sin(u1), so ∂u2/∂u1 = cos(u1) (trigonometric rule)" in explained

    def test_the_path_table_names_the_rules_along_each_path(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        assert any(unescaped(c.value) == "power → trigonometric → power → logarithm" for c in at.caption)

    def test_rule_names_on_the_graph_are_a_toggle(self):
        at = open_app(expr="ln(sin(x**3)**2)")
        assert "trigonometric rule" not in shown_svg(at)
        at.toggle(key="rules").set_value(True).run()
        analysis = explorer.analyze("ln(sin(x**3)**2)")
        assert shown_svg(at) == explorer.draw(analysis, Options(theme="light", rules=True))
        assert "trigonometric rule" in shown_svg(at)

    def test_one_path_alone_and_the_papers_finite_check(self):
        at = open_app(expr="x + x**2")
        assert "Why one path is not enough" in [h.value for h in at.subheader]
        assert at.get("vega_lite_chart")
        assert r"\text{path 1 alone gives}" in all_latex(at)
        at.button(key="papers_check").click().run()
        assert not at.exception
        assert at.number_input(key="at_x").value == 1.0 and at.number_input(key="step").value == 1.0
        words = unescaped(markdown_text(at))
        assert "x from 1 to 2 (Δx = 1): y from 2 to 6 (Δy = 4), so Δy/Δx = 4" in words
        assert "At the middle of the step, x = 1.5: every path together gives dy/dx = 4; path 1 alone 3" in words

    def test_a_single_path_needs_no_such_section(self):
        at = open_app(expr="sin(x**2)")
        assert "Why one path is not enough" not in [h.value for h in at.subheader]

    def test_the_total_derivative_formula_written_out(self):
        at = open_app(expr="x + x**2")
        assert at.expander[0].label == "The total-derivative formula, written out"
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
        at = open_app(expr="[ln(x**2), sin(3*x)]")
        text = all_latex(at)
        assert r"J_{2} = \frac{\partial \left(y_{1}, y_{2}\right)}{\partial \left(u_{1}, u_{2}\right)}" in text
        assert any(m.value.endswith(": equal.") for m in at.success)

    def test_the_neurons_gradient(self):
        at = open_app(expr=NEURON, wrt="w")
        assert rule_text(at) == "### **Vector chain rule**: `w` = [`w1`, `w2`, `w3`] reaches `y` through 3 paths"
        assert "The gradient" in [h.value for h in at.subheader]
        assert "active, so dy/dw = xᵀ" in unescaped(at.info[0].value)
        assert r"\texttt{sympy.Matrix.jacobian}" in all_latex(at)
        at.number_input(key="at_b").set_value(-10.0).run()
        assert "inactive, so dy/dw = 0" in unescaped(at.info[0].value)

    def test_the_input_selector_offers_vectors_of_inputs(self):
        at = open_app(expr=NEURON)
        assert at.selectbox(key="wrt").options[:2] == ["w = [w1, w2, w3]", "x = [x1, x2, x3]"]
        assert at.selectbox(key="wrt").value == "w"
