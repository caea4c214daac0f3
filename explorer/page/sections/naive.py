"""Why following one path is wrong: each path alone against the total, stacked as bars, and a finite step."""

from __future__ import annotations

import streamlit as st

from ...calculus.result import Analysis
from ...colours import ESTIMATE
from ...language.printing import derivative, number
from ...teach.lessons import Lessons
from ...teach.naive import SECANT, difference_sentence, midpoint_sentence
from .. import calls, messages, state
from ..boxes import Context, section
from ..state import DEFAULT_STEP, POINT_KEY, STEP_KEY
from ..text import code, plain
from .jacobian import chosen_entry

__all__ = ["chart", "draw"]


def chart(parts: tuple[tuple[str, float, str], ...], estimate: float | None, estimate_label: str, title: str) -> dict:
    """A Vega-Lite spec: the paths' contributions stacked into one bar, a finite difference beside it.

    Examples
    --------
    >>> spec = chart((("path 1", 1.0, "#0072B2"), ("path 2", 1.0, "#D55E00")), 2.0, "Δy/Δx", "dy/dx")
    >>> [row["value"] for row in spec["data"]["values"]]
    [1.0, 1.0, 2.0]
    """
    every = "every path, stacked"
    rows = [{"bar": every, "part": label, "value": value, "order": k} for k, (label, value, _) in enumerate(parts)]
    colours = [c for _, _, c in parts]
    if estimate is not None:
        rows.append({"bar": estimate_label, "part": estimate_label, "value": estimate, "order": len(rows)})
        colours.append(ESTIMATE)
    return {
        "data": {"values": rows},
        "mark": {"type": "bar", "width": {"band": 0.6}},
        "encoding": {
            "x": {"field": "bar", "type": "nominal", "sort": None, "title": None, "axis": {"labelAngle": 0}},
            "y": {"field": "value", "type": "quantitative", "title": title, "stack": "zero"},
            "color": {
                "field": "part",
                "type": "nominal",
                "scale": {"domain": [row["part"] for row in rows], "range": colours},
                "legend": {"title": None, "orient": "bottom"},
            },
            "order": {"field": "order"},
            "tooltip": [{"field": "part", "title": "part"}, {"field": "value", "title": "value", "format": ".4g"}],
        },
    }


def _papers_check(wrt: str) -> None:
    """Button callback: the paper's check of x + x², at x = 1 with Δx = 1."""
    st.session_state[POINT_KEY + wrt] = 1.0
    st.session_state[STEP_KEY] = 1.0
    state.changed()


def draw(ctx: Context) -> None:
    """Each path alone (the single-variable rule) against every path (the total), with bars and a finite step."""
    request, analysis = ctx.request, ctx.analysis
    several = [k for k, count in enumerate(analysis.path_counts) if count >= 2]
    if analysis.wrt is None or not several:
        return
    entry = chosen_entry(analysis)
    box = section("naive")
    if box is None or (lessons := ctx.lessons()) is None:
        return
    with box:
        _one_against_all(request, analysis, lessons, entry if entry in several else several[0])


def _one_against_all(request: calls.Request, analysis: Analysis, lessons: Lessons, k: int) -> None:
    """Entry ``k``'s paths, each alone against their sum, and the finite step beside them."""
    output, wrt = analysis.entries[k]
    name = derivative(output, wrt)
    st.markdown(
        f"The single-variable chain rule follows one path from {code(wrt)} to {code(output)}. Here there are "
        f"{analysis.path_counts[k]:,}: each alone gives only its own part of {code(name)}; only their sum is right."
    )
    if lessons.naive[k] is not None:
        st.latex(lessons.naive[k])
    left, right = st.columns([3, 2])
    with right:
        st.session_state.setdefault(STEP_KEY, DEFAULT_STEP)
        step = st.number_input("Δ" + plain(wrt), format="%g", key=STEP_KEY, on_change=state.changed)
        paper = f"The paper's check: {plain(wrt)} = 1, Δ{plain(wrt)} = 1"
        st.button(paper, key="papers_check", on_click=_papers_check, args=(wrt,))
    estimate = None
    with right:
        if not step:
            st.caption("Δ" + plain(wrt) + " must not be 0.")
        else:
            moved = calls.difference(request, float(step))
            if isinstance(moved, calls.Refusal):
                messages.refusal(moved, request.text)
            else:
                estimate = moved[k].estimate
                st.markdown(plain(difference_sentence(moved[k])) + ".")
                _middle(request, analysis, k, float(step))
    with left:
        parts = lessons.parts[k] if k < len(lessons.parts) else ()
        if parts:
            label = f"Δ{output}/Δ{wrt}, Δ{wrt} = {number(step)}"
            st.vega_lite_chart(chart(parts, estimate, label, name), key="naive_chart")
            st.caption(f"Each path's product at the point, stacked: together they make {name}.")
        else:
            st.caption("Some path has no value at this point, so there is nothing to stack.")


def _middle(request: calls.Request, analysis: Analysis, k: int, step: float) -> None:
    """The derivatives at the middle of the step, beside the step's slope."""
    wrt = analysis.entries[k][1]
    point = {**analysis.point, wrt: analysis.point[wrt] + step / 2}
    middle = calls.analysis(request._replace(point=tuple(point.items())))
    if isinstance(middle, calls.Refusal):
        return
    sentence = midpoint_sentence(middle, k)
    st.markdown(plain(sentence[0].upper() + sentence[1:]) + ".")
    st.caption(SECANT)
