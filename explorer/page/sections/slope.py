"""The slope picture: f near the point with its tangent, the line each path alone gives, and f′ beside it.

The chain rule computes a slope: of y against the input, at the point. The
left chart draws f along the input (the other inputs held at the point),
its tangent there, whose slope is the total derivative, and, where there
are several paths, the line through the same point whose slope is one
path's product alone: each misses the curve, their sum is the tangent. The
right chart draws f′ and marks the derivative and each path's slope at the
point. The samples are computed in a worker (:func:`explorer.page.calls.plot`);
where f is undefined the curves have gaps. Charts are Vega-Lite, themed by
Streamlit like the rest of the page; the colours are the paths' own.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ...calculus.plot import Curve, domain
from ...colours import ESTIMATE, TOTAL, colour, dash
from ...language.printing import derivative, number
from .. import calls, messages
from ..boxes import Context, section
from ..text import code
from ..theme import page_theme

__all__ = ["charts", "draw"]

#: Vega-Lite dash arrays of the paths' line styles (:data:`explorer.colours.DASHES`).
DASH_ARRAYS = {"solid": [1, 0], "dashed": [7, 4], "dotted": [2, 3]}

#: Paths drawn as lines of their own; the rest are left to the sum (the tangent).
LINE_PATHS = 7


def _segments(points: Sequence[tuple[float, float | None]], series: str) -> list[dict]:
    """Rows of a line, numbered by run, so that an undefined value is a gap and never a join."""
    rows, run = [], 0
    for x, y in points:
        if y is None:
            run += 1
            continue
        rows.append({"x": x, "y": y, "series": series, "run": f"{series} {run}"})
    return rows


def _line(x0: float, y0: float, slope: float, xs: Sequence[float]) -> list[tuple[float, float]]:
    return [(x, y0 + slope * (x - x0)) for x in (xs[0], xs[-1])]


def charts(curve: Curve, theme: str = "light") -> tuple[dict, dict]:
    """Two Vega-Lite specs: f with its tangent and each path's line through the point, and f′ with the slopes.

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> from explorer.calculus.plot import plot
    >>> left, right = charts(plot(run("x + x**2", at={"x": 1})).curves[0])
    >>> sorted({row["series"] for row in left["data"]["values"]})
    ['path 1 alone: slope 2', 'path 2 alone: slope 1', 'tangent: slope dy/dx = 3', 'y']
    """
    x0, y0 = curve.at
    xs = [x for x, _ in curve.f]
    name = derivative(curve.output, curve.wrt)
    rows = _segments(curve.f, curve.output)
    styles = [(curve.output, ESTIMATE, DASH_ARRAYS["solid"], 3.0)]
    if y0 is not None and curve.slope is not None:
        tangent = f"tangent: slope {name} = {number(curve.slope)}"
        rows += _segments(_line(x0, y0, curve.slope, xs), tangent)
        styles.append((tangent, TOTAL[theme], DASH_ARRAYS["solid"], 1.5))
        if len(curve.paths) > 1:  # one path alone: the line it would give
            for k, slope in curve.paths[:LINE_PATHS]:
                if slope is not None:
                    label = f"path {k + 1} alone: slope {number(slope)}"
                    rows += _segments(_line(x0, y0, slope, xs), label)
                    styles.append((label, colour(k), DASH_ARRAYS[dash(k)], 2.0))
    keep = [y0] if y0 is not None else []
    left = _spec(
        rows, styles, curve.wrt, curve.output, domain([r["y"] for r in rows if r["series"] == styles[0][0]], keep)
    )
    if y0 is not None:
        left["layer"].append(_point(x0, y0, TOTAL[theme]))
    slope_rows = _segments(curve.derivative, name)
    slope_styles = [(name, ESTIMATE, DASH_ARRAYS["solid"], 3.0)]
    marks = [curve.slope] if curve.slope is not None else []
    if len(curve.paths) > 1:
        for k, slope in curve.paths[:LINE_PATHS]:
            if slope is not None:
                label = f"path {k + 1} alone: {number(slope)}"
                slope_rows += _segments([(xs[0], slope), (xs[-1], slope)], label)
                slope_styles.append((label, colour(k), DASH_ARRAYS[dash(k)], 1.5))
                marks.append(slope)
    right = _spec(slope_rows, slope_styles, curve.wrt, name, domain([r["y"] for r in slope_rows], marks))
    if curve.slope is not None:
        right["layer"].append(_point(x0, curve.slope, TOTAL[theme]))
    return left, right


def _point(x: float, y: float, ink: str) -> dict:
    return {
        "data": {"values": [{"x": x, "y": y}]},
        "mark": {"type": "point", "filled": True, "size": 70, "color": ink},
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
    }


def _spec(rows: list[dict], styles: list[tuple], x: str, y: str, shown: list[float] | None) -> dict:
    names = [s[0] for s in styles]
    return {
        "data": {"values": rows},
        "layer": [
            {
                "mark": {"type": "line", "clip": True},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "title": x, "scale": {"zero": False, "nice": False}},
                    "y": {
                        "field": "y",
                        "type": "quantitative",
                        "title": y,
                        "scale": {"zero": False, **({"domain": shown} if shown else {})},
                    },
                    "detail": {"field": "run"},
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "sort": names,
                        "scale": {"domain": names, "range": [s[1] for s in styles]},
                        "legend": {"orient": "bottom", "columns": 1},
                    },
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "sort": names,
                        "scale": {"domain": names, "range": [s[2] for s in styles]},
                        "legend": None,
                    },
                    "strokeWidth": {
                        "field": "series",
                        "type": "nominal",
                        "sort": names,
                        "scale": {"domain": names, "range": [s[3] for s in styles]},
                        "legend": None,
                    },
                },
            }
        ],
    }


def draw(ctx: Context) -> None:
    """f near the point, its tangent and each path's line; f′ beside it; one pair per entry of the derivative."""
    analysis = ctx.analysis
    if analysis.wrt is None:
        return
    box = section("slope")
    if box is None:
        return
    with box:
        found = calls.plot(ctx.request)
        if isinstance(found, calls.Refusal):
            messages.refusal(found, ctx.request.text)
            return
        st.markdown(
            "The chain rule's answer is a slope: how fast the output moves with the input, at the point. "
            "The tangent's slope is the total derivative; "
            + (
                "each path alone gives a line of its own slope, and only their sum is the tangent."
                if analysis.path_count > 1
                else "here one path is the whole of it."
            )
        )
        curves = found.curves
        tabs = st.tabs([f"{c.output} along {c.wrt}" for c in curves]) if len(curves) > 1 else [st.container()]
        for tab, curve in zip(tabs, curves):
            with tab:
                _curve(curve, len(analysis.inputs) > 1)
        if found.entries > len(curves):
            st.caption(f"The first {len(curves)} of the {found.entries:,} entries of the derivative are drawn.")


def _curve(curve: Curve, several: bool) -> None:
    left, right = charts(curve, page_theme())
    first, second = st.columns(2)
    with first:
        st.vega_lite_chart(left, key=f"slope_f_{curve.output}_{curve.wrt}")
    with second:
        st.vega_lite_chart(right, key=f"slope_df_{curve.output}_{curve.wrt}")
    gaps = sum(1 for _, y in curve.f if y is None)
    st.caption(
        f"{code(curve.output)} against {code(curve.wrt)} from {number(curve.f[0][0])} to {number(curve.f[-1][0])}"
        + (", the other inputs at the point" if several else "")
        + (f"; {gaps} of {len(curve.f)} samples are undefined there, drawn as gaps" if gaps else "")
        + f". Left: {code(curve.output)}, its tangent at the point and each path's line through it; right: the "
        f"derivative {code(derivative(curve.output, curve.wrt))}, its value at the point and each path's slope alone."
    )
