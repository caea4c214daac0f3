"""The teaching sections (explorer/page/sections.py): collapsible, drawn only while open, and part of the link."""

from __future__ import annotations

import re

import pytest
from apptesting import clear_caches, open_app

from explorer import bounded
from explorer.page.address import SECTIONS
from explorer.page.sections import modes


def labels(at) -> list[str]:
    """The teaching sections' boxes (the graph's settings fold into an expander of their own)."""
    return [e.label for e in at.expander if not e.label.startswith("Graph settings")]


def latex(at) -> str:
    return "\n".join(e.value for e in at.latex)


@pytest.fixture
def worker_calls(monkeypatch):
    """Count the worker calls that only the closed-by-default sections make (and clear the caches that hide them)."""
    counts = {"mode_formulas": 0, "difference": 0, "plot": 0}
    for name in counts:
        original = getattr(bounded, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(bounded, name, counted)
    clear_caches()
    yield counts
    clear_caches()


class TestSections:
    def test_every_section_is_listed_and_only_the_four_steps_are_open(self):
        at = open_app(expr="x + x**2")
        assert labels(at) == [SECTIONS[name] for name in ("steps", "naive", "slope", "formula", "layers", "modes")]
        assert [t.label for t in at.tabs][:4] == ["1. Introduce", "2. Differentiate", "3. Combine", "4. Substitute"]
        assert not at.get("vega_lite_chart")  # why one path is not enough: closed
        assert r"\text{path 1 alone gives}" not in latex(at)
        assert modes.INTRO not in [m.value for m in at.markdown]  # forward and reverse mode: closed

    def test_a_closed_section_asks_the_workers_nothing(self, worker_calls):
        open_app(expr="x*x**2")
        assert worker_calls == {"mode_formulas": 0, "difference": 0, "plot": 0}  # sampling f too
        at = open_app(expr="x*x**2", open="naive,modes,slope")
        assert worker_calls["mode_formulas"] == 1 and worker_calls["difference"] >= 1 and worker_calls["plot"] == 1
        assert at.get("vega_lite_chart") and modes.INTRO in [m.value for m in at.markdown]

    def test_opening_a_section_draws_it(self):
        at = open_app(expr="sigmoid(w*x + b)")
        assert modes.INTRO not in [m.value for m in at.markdown]
        at.session_state["open_modes"] = True
        at.run()
        assert modes.INTRO in [m.value for m in at.markdown]
        assert r"\frac{dy}{db}" in latex(at)  # the gradient from one reverse pass

    def test_the_open_sections_are_in_the_link(self):
        at = open_app(expr="x*x**2", open="modes")
        assert at.session_state["open_modes"] and not at.session_state["open_steps"]
        assert "1. Introduce" not in [t.label for t in at.tabs]  # the four steps are closed in this link
        at.selectbox(key="highlight").select(1).run()  # any change writes the address
        assert at.query_params["open"] == "modes"
        again = open_app(**at.query_params)
        assert again.session_state["open_modes"] and modes.INTRO in [m.value for m in again.markdown]

    def test_a_link_can_close_every_section(self):
        at = open_app(expr="x*x**2", open="")
        assert "1. Introduce" not in [t.label for t in at.tabs] and not at.get("vega_lite_chart")
        at.selectbox(key="highlight").select(1).run()
        assert at.query_params["open"] == ""

    def test_the_default_sections_are_left_out_of_the_link(self):
        at = open_app(expr="x*x**2")
        at.selectbox(key="highlight").select(1).run()
        assert "open" not in at.query_params

    def test_an_unknown_section_in_a_link_is_said(self):
        at = open_app(expr="x*x**2", open="modes,proofs")
        (warning,) = at.warning
        words = re.sub(r"\\(.)", r"\1", warning.value)  # as shown: without Markdown's escapes
        assert "open=proofs in the link is not one of steps, naive, slope, formula, layers, modes" in words
        assert at.session_state["open_modes"]

    def test_an_open_section_stays_open_while_the_expression_is_refused(self):
        at = open_app(expr="x*x**2", open="modes")
        at.text_area(key="expr").input("sin(").run()
        assert not at.expander  # nothing below a refusal
        at.text_area(key="expr").input("x*x**2").run()
        assert at.session_state["open_modes"] and modes.INTRO in [m.value for m in at.markdown]
