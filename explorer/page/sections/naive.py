"""Why following one path is wrong: each path alone as its own bar, their sum, and finite differences against it.

The chart draws each path's contribution at the point as a signed bar (the
seven largest; the others as one), the sum of them all, and the slope of a
finite step, Δy/Δx, for the paper's Δx = 1 and for a small Δx, with the
derivative as a line across: one path alone falls short of it, the sum meets
it, and Δy/Δx comes near it as Δx shrinks. When the bars dwarf the
derivative the scale is symmetric-logarithmic, and every bar carries its
value, so the derivative stays visible.
"""

from __future__ import annotations

import streamlit as st

from ...calculus.result import Analysis
from ...colours import ESTIMATE, TOTAL
from ...language.printing import derivative, number
from ...teach.lessons import Lessons
from ...teach.naive import SECANT, Bar, difference_sentence, midpoint_sentence
from .. import calls, messages, state
from ..boxes import Context, section
from ..state import DEFAULT_STEP, POINT_KEY, STEP_KEY
from ..text import code, plain
from ..theme import page_theme
from .jacobian import chosen_entry

__all__ = ["LOGARITHMIC", "chart", "draw"]

#: A bar this many times the derivative, or more, puts the chart on a symmetric-logarithmic scale.
LOGARITHMIC = 20.0

#: The paper's step, beside the page's own.
PAPERS_STEP = 1.0


def chart(bars: tuple[Bar, ...], estimates: list[tuple[float, float]], title: str, theme: str = "light") -> dict:
    """A Vega-Lite spec: each path alone and their sum as signed bars, Δy/Δx per step Δx, the derivative across.

    ``estimates`` are (Δx, Δy/Δx) pairs. The scale turns symmetric-logarithmic
    when some bar is :data:`LOGARITHMIC` times the derivative or more.

    Examples
    --------
    >>> bars = (Bar("path 1", 2.0, "#0072B2", "path"), Bar("path 2", 1.0, "#D55E00", "path"),
    ...         Bar("all paths: dy/dx", 3.0, "#2E3039", "sum"))
    >>> spec = chart(bars, [(1.0, 4.0), (0.001, 3.001)], "dy/dx")
    >>> [(row["bar"], row["value"]) for row in spec["data"]["values"]][-2:]
    [('Δy/Δx at Δx = 1', 4.0), ('Δy/Δx at Δx = 0.001', 3.001)]
    >>> spec["layer"][0]["encoding"]["y"]["scale"]["type"], spec["layer"][-1]["encoding"]["y"]["datum"]
    ('linear', 3.0)
    """
    total = next((bar.value for bar in bars if bar.kind == "sum"), None)
    rows = [
        {
            "bar": bar.label,
            "value": bar.value,
            "colour": TOTAL[theme] if bar.kind == "sum" else bar.colour,
            "group": "every path" if bar.kind == "sum" else "one path alone",
        }
        for bar in bars
    ]
    rows += [
        {"bar": f"Δy/Δx at Δx = {number(step)}", "value": value, "colour": ESTIMATE, "group": "a finite step"}
        for step, value in estimates
    ]
    largest = max((abs(row["value"]) for row in rows), default=0.0)
    logarithmic = total is not None and largest >= LOGARITHMIC * max(abs(total), 1e-12) and largest > 0
    x = {"field": "bar", "type": "nominal", "sort": None, "title": None, "axis": {"labelAngle": -30}}
    y = {
        "field": "value",
        "type": "quantitative",
        "title": title + (" (symmetric log scale)" if logarithmic else ""),
        "scale": {"type": "symlog" if logarithmic else "linear"},
    }
    layers = [
        {
            "mark": {"type": "bar", "width": {"band": 0.7}},
            "encoding": {
                "x": x,
                "y": y,
                "color": {"field": "colour", "type": "nominal", "scale": None, "legend": None},
                "tooltip": [{"field": "bar", "title": "bar"}, {"field": "value", "title": "value", "format": ".4~g"}],
            },
        },
        {  # every bar's value on it: the scale alone may not tell a small one from none
            "mark": {"type": "text", "dy": {"expr": "datum.value < 0 ? 10 : -6"}, "fontSize": 12},
            "encoding": {"x": x, "y": y, "text": {"field": "value", "type": "quantitative", "format": ".4~g"}},
        },
        {"mark": {"type": "rule", "color": ESTIMATE}, "encoding": {"y": {"datum": 0, "type": "quantitative"}}},
    ]
    if total is not None:  # the derivative, across: what each bar is measured against
        layers.append(
            {
                "mark": {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 2, "color": TOTAL[theme]},
                "encoding": {"y": {"datum": total, "type": "quantitative"}},
            }
        )
    return {"data": {"values": rows}, "layer": layers}


def _papers_check(wrt: str) -> None:
    """Button callback: the paper's check of x + x², at x = 1 with Δx = 1."""
    st.session_state[POINT_KEY + wrt] = 1.0
    st.session_state[STEP_KEY] = 1.0
    state.changed()


def draw(ctx: Context) -> None:
    """Each path alone (the single-variable rule) against every path (the total), with bars and finite steps."""
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


def _estimates(request: calls.Request, k: int, steps: list[float]) -> list[tuple[float, float]]:
    """(Δx, Δy/Δx) of entry ``k`` for each step, where it has a value."""
    found = []
    for step in dict.fromkeys(steps):
        moved = calls.difference(request, step)
        if not isinstance(moved, calls.Refusal) and moved[k].estimate is not None:
            found.append((step, moved[k].estimate))
    return found


def _one_against_all(request: calls.Request, analysis: Analysis, lessons: Lessons, k: int) -> None:
    """Entry ``k``'s paths, each alone against their sum, and the finite steps beside them."""
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
        if not step:
            st.caption("Δ" + plain(wrt) + " must not be 0.")
        else:
            moved = calls.difference(request, float(step))
            if isinstance(moved, calls.Refusal):
                messages.refusal(moved, request.text)
            else:
                st.markdown(plain(difference_sentence(moved[k])) + ".")
                _middle(request, analysis, k, float(step))
    with left:
        bars = lessons.parts[k] if k < len(lessons.parts) else ()
        if not bars:
            st.caption("Some path has no value at this point, so there is nothing to draw.")
            return
        steps = [PAPERS_STEP, float(step) if step else DEFAULT_STEP, DEFAULT_STEP]
        estimates = _estimates(request, k, steps)
        spec = chart(bars, estimates, name, page_theme())
        st.vega_lite_chart(spec, key="naive_chart")
        total = number(analysis.total_values[k])
        slopes = "; ".join(f"Δ{plain(wrt)} = {number(s)}: {number(v)}" for s, v in estimates)
        others = next((b for b in bars if b.kind == "others"), None)
        st.caption(
            f"Each path's product at the point, its own bar, and their sum, {plain(name)} = {total} (the dashed "
            f"line)" + (f"; {others.label} are one bar" if others else "") + ". Δy/Δx is the slope of a step from "
            f"{plain(wrt)} to {plain(wrt)} + Δ{plain(wrt)}: an approximation of {plain(name)} that tends to it as "
            f"Δ{plain(wrt)} shrinks ({slopes})."
            + (
                " The scale is symmetric-logarithmic, so that the derivative shows beside bars far larger."
                if spec["layer"][0]["encoding"]["y"]["scale"]["type"] == "symlog"
                else ""
            )
        )


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
