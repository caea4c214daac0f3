"""The graph's view (paths, gradients, step by step, shapes) and the walkthrough as a presenter sees it.

The view, the walkthrough's mode and its step are part of the page's address
(``?view=steps&mode=…&step=3``, written by :mod:`explorer.page.state`), so a
link opens at a step, a link with only ``step=`` opens the walkthrough too,
and every step is one entry of the browser's history. A step is shown as one
block (:func:`presenter`): the graph beside its line (*Step 3 of 12: …*),
Previous and Next and its formula (under the graph on a phone), sized to fit
the window together, so that stepping never needs a scroll; the viewer pans
to the step's node and edges, and full screen takes the whole block.
Previous and Next are buttons with the keyboard shortcuts ← and →
(Streamlit's own ``shortcut=``); the graph's viewer passes the arrow keys on
to them. A slider under the graph's controls jumps to any step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from ...calculus.factoring import MODES
from ...calculus.result import Analysis
from ...calculus.walkthrough import WalkStep
from ...drawing.views import VIEWS
from ...exports.formats import Options
from .. import calls, messages, state
from ..text import plain
from ..theme import page_theme
from ..viewer import PRESENTER_KEY

__all__ = ["BUTTONS", "RESERVE", "STEP_KEY", "modes", "presenter", "slider", "view_choice"]

#: The step's widget key, and its URL parameter.
STEP_KEY = "step"

#: The walkthrough's buttons: label, how far they go, keyboard shortcut, icon.
BUTTONS = (("Previous", -1, "Left", "back"), ("Next", 1, "Right", "forward"))

#: CSS pixels of the window the step's line, buttons and formula keep beside the graph.
RESERVE = 250


def _move(by: int, count: int) -> None:
    """Button callback: go ``by`` steps, staying within 1..count (the new step is pushed to the history)."""
    current = int(st.session_state.get(STEP_KEY, 1))
    st.session_state[STEP_KEY] = min(max(current + by, 1), count)
    state.changed()


def view_choice(analysis: Analysis) -> str:
    """The view control; returns the view that can be drawn (a walkthrough moves one input)."""
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
            return "paths"
        return "shapes"
    if view == "steps" and (analysis.wrt is None or analysis.by_vector):
        return "paths"
    return view if view == "steps" or (view == "gradients" and analysis.inputs) else "paths"


def modes() -> str:
    """The walkthrough's mode: the sum of paths, forward or reverse accumulation."""
    return state.choice("Walk through", MODES, "mode", "paths") or "paths"


def _walk(request: calls.Request, mode: str) -> tuple[tuple[WalkStep, ...], tuple[str | None, ...]] | None:
    walk = calls.walkthrough(request, mode, page_theme())
    if isinstance(walk, calls.Refusal):
        messages.refusal(walk, request.text)
        return None
    return walk


def step_of(request: calls.Request, options: Options) -> Options:
    """The options with the current step (from 0), kept within the walkthrough; the paths view without one."""
    walk = _walk(request, options.mode)
    if walk is None:
        return replace(options, view="paths")
    state.prepare_step(len(walk[0]))
    return replace(options, step=int(st.session_state.get(STEP_KEY, 1)) - 1)


def slider(request: calls.Request, options: Options) -> None:
    """A slider to jump to any step (under the graph's controls)."""
    walk = calls.walkthrough(request, options.mode, page_theme())
    if isinstance(walk, calls.Refusal):
        return
    count = len(walk[0])
    st.select_slider(
        f"Step (of {count})",
        options=list(range(1, count + 1)),  # starts at the first; no default, as the buttons set the state
        key=STEP_KEY,
        on_change=state.changed,
    )


def presenter(request: calls.Request, options: Options, graph: Callable[[tuple[int, int]], None]) -> None:
    """One block: the graph (``graph(presenter)``) beside the step's line, Previous and Next and its formula.

    On a phone the words go under the graph; the viewer leaves them :data:`RESERVE` pixels of the window.
    """
    walk = calls.walkthrough(request, options.mode, page_theme())
    if isinstance(walk, calls.Refusal):
        return
    steps, formulas = walk
    step, count = steps[options.step], len(steps)
    with st.container(key=PRESENTER_KEY, border=True):
        picture, words = st.columns([3, 2], vertical_alignment="top")
        with picture:
            graph((options.step, RESERVE))
        with words:
            st.markdown(f"**Step {options.step + 1} of {count}:** {plain(step.title)}")
            # a row of its own that never stacks, so that Previous and Next sit side by side on a phone too
            with st.container(horizontal=True, wrap=False, key="step_buttons"):
                for name, by, key, arrow in BUTTONS:
                    st.button(
                        name,
                        key=f"step_{name.lower()}",
                        icon=f":material/arrow_{arrow}:",
                        shortcut=key,
                        on_click=_move,
                        args=(by, count),
                        disabled=options.step + 1 == (1 if by < 0 else count),
                        help=f"{name} step ({'←' if by < 0 else '→'})",
                    )
            formula = formulas[options.step]
            if formula is None:
                st.caption("This step's formula is too long to typeset here; its line above says what it computes.")
            else:
                st.latex(formula)
            st.caption(plain(step.note))
            st.caption("The ← and → keys step too, also in full screen.")
