"""The graph's view (paths, gradients, step by step, shapes) and the walkthrough's controls: ← → and the step.

The view, the walkthrough's mode and its step are part of the page's address
(``?view=steps&mode=…&step=3``, written by :mod:`explorer.page.state`), so a
link opens at a step, a link with only ``step=`` opens the walkthrough too,
and every step is one entry of the browser's history. Previous and Next are buttons with the
keyboard shortcuts ← and → (Streamlit's own ``shortcut=``: no script of
ours listens to the keyboard). Under the graph, the current step says what
it computes, in words and as a formula.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ...calculus.factoring import MODES
from ...calculus.result import Analysis
from ...drawing.views import VIEWS
from ...exports.formats import Options
from .. import calls, messages, state
from ..text import plain
from ..theme import page_theme

__all__ = ["STEP_KEY", "controls", "step_details"]

#: The step's widget key, and its URL parameter.
STEP_KEY = "step"

#: The walkthrough's buttons: label, how far they go, keyboard shortcut, icon.
BUTTONS = (("Previous", -1, "Left", "back"), ("Next", 1, "Right", "forward"))


def _move(by: int, count: int) -> None:
    """Button callback: go ``by`` steps, staying within 1..count (the new step is pushed to the history)."""
    current = int(st.session_state.get(STEP_KEY, 1))
    st.session_state[STEP_KEY] = min(max(current + by, 1), count)
    state.changed()


def _step_controls(request: calls.Request, mode: str) -> int | None:
    """Previous, the step, Next; returns the step (from 0), or None when there is no walkthrough."""
    walk = calls.walkthrough(request, mode, page_theme())
    if isinstance(walk, calls.Refusal):
        messages.refusal(walk, request.text)
        return None
    count = len(walk[0])
    state.prepare_step(count)
    step = st.select_slider(
        f"Step (of {count})",
        options=list(range(1, count + 1)),  # starts at the first; no default, as the buttons set the state
        key=STEP_KEY,
        on_change=state.changed,
    )
    # a row of their own that never stacks, so that Previous and Next sit side by side on a phone too
    row = st.container(horizontal=True, horizontal_alignment="distribute", wrap=False, key="step_buttons")
    for name, by, key, arrow in BUTTONS:
        row.button(
            name,
            key=f"step_{name.lower()}",
            icon=f":material/arrow_{arrow}:",
            shortcut=key,
            on_click=_move,
            args=(by, count),
            disabled=step == (1 if by < 0 else count),
            help=f"{name} step ({'←' if by < 0 else '→'})",
        )
    return int(step) - 1


def controls(request: calls.Request, analysis: Analysis, options: Options) -> Options:
    """The view control, and for the walkthrough its mode and step; returns the drawing options."""
    columns = st.columns([3, 4], vertical_alignment="bottom")
    with columns[0]:
        view = state.choice(
            "View",
            VIEWS,
            "view",
            "paths",
            help="Paths: each path in its colour. Gradients: every node's value and adjoint dy/du, every edge's "
            "contribution. Step by step: the computation revealed one step at a time (← →). Shapes: one node per "
            "operation on whole vectors and matrices, each edge its Jacobian in closed form.",
        )
    if view == "shapes":
        if analysis.shapes is None:
            st.caption("The Shapes view draws operations on vectors and matrices; here every value is a scalar.")
            return replace(options, view="paths")
        return replace(options, view="shapes")
    if view != "steps" or analysis.wrt is None or analysis.by_vector:  # a walkthrough moves one input
        return replace(options, view=view if view == "gradients" and analysis.inputs else "paths")
    with columns[1]:
        mode = state.choice("Walk through", MODES, "mode", "paths")
    step = _step_controls(request, mode or "paths")
    if step is None:
        return replace(options, view="paths")
    return replace(options, view="steps", mode=mode or "paths", step=step)


def step_details(request: calls.Request, options: Options) -> None:
    """Under the graph: what the current step computes, its formula, and what it teaches."""
    if options.view != "steps":
        return
    walk = calls.walkthrough(request, options.mode, page_theme())
    if isinstance(walk, calls.Refusal):
        return
    steps, formulas = walk
    step = steps[options.step]
    with st.container(border=True, key="step_details"):
        st.markdown(f"**Step {options.step + 1} of {len(steps)}:** {plain(step.title)}")
        formula = formulas[options.step]
        if formula is None:
            st.caption("This step's formula is too long to typeset here; its line above says what it computes.")
        else:
            st.latex(formula)
        st.caption(plain(step.note))
