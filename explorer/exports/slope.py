r"""The slope picture in TikZ, for the LaTeX handout: f near the point with its tangent and each path's line, and f′.

The numbers come from :func:`explorer.calculus.plot.plot` (the page draws the
same in Vega-Lite). Each chart is a ``tikzpicture`` in points: a frame with
the window's ends and the point marked on the input's axis, the y range of
:func:`explorer.calculus.plot.domain` on the other, the curves clipped to the
frame and broken where they are undefined, the paths in their colours and
dash patterns (:mod:`explorer.colours`), and a legend in words under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from ..calculus.plot import Curve, domain
from ..colours import ESTIMATE, TOTAL, colour, dash
from ..teach.notation import tex_name, tex_number
from .tikz import colour_name

__all__ = ["HEIGHT", "WIDTH", "pictures"]

#: The size of one chart's frame, in points (two side by side fill the handout's width).
WIDTH, HEIGHT = 175.0, 115.0

#: Paths drawn as a line of their own; the rest are in the tangent.
LINE_PATHS = 7

_DASHES = {"solid": "solid", "dashed": "dashed", "dotted": "dotted"}

Series = tuple[str, Sequence[tuple[float, float | None]], str, str, float]  # legend, points, colour, dash, width


def _runs(points: Sequence[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """The points in unbroken runs (an undefined value ends one)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if y is None:
            runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if len(run) > 1]


def _clipped(
    a: tuple[float, float], b: tuple[float, float], size: tuple[float, float]
) -> tuple[tuple[float, float], ...] | None:
    """The part of the segment a–b inside the frame (Liang–Barsky), or None: TeX never sees a coordinate far out."""
    (x0, y0), (x1, y1) = a, b
    width, height = size
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0), (dx, width - x0), (-dy, y0), (dy, height - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return (x0 + low * dx, y0 + low * dy), (x0 + high * dx, y0 + high * dy)


def _pieces(run: list[tuple[float, float]], size: tuple[float, float]) -> list[list[tuple[float, float]]]:
    """A run (in frame coordinates) cut to what the frame shows, as polylines."""
    found: list[list[tuple[float, float]]] = []
    for a, b in pairwise(run):
        seen = _clipped(a, b, size)
        if seen is None:
            continue
        if found and found[-1][-1] == seen[0]:
            found[-1].append(seen[1])
        else:
            found.append(list(seen))
    return found


def _chart(
    series: list[Series],
    xs: tuple[float, float],
    ys: list[float] | None,
    names: tuple[str, str],
    used: set[str],
    size: tuple[float, float],
) -> str:
    if ys is None or not xs[0] < xs[1]:
        return ""
    (x_low, x_high), (y_low, y_high) = xs, ys
    (frame_width, frame_height), (x_name, y_name) = size, names

    def frame(x: float, y: float) -> tuple[float, float]:
        return (x - x_low) / (x_high - x_low) * frame_width, (y - y_low) / (y_high - y_low) * frame_height

    def at(x: float, y: float) -> str:
        return "({:.2f},{:.2f})".format(*frame(x, y))

    lines = [r"\begin{tikzpicture}[x=1pt, y=1pt, font=\footnotesize]"]
    lines.append(rf"\draw[gray!60] (0,0) rectangle ({frame_width:.0f},{frame_height:.0f});")
    if y_low < 0 < y_high:
        lines.append(rf"\draw[gray!40] {at(x_low, 0)} -- {at(x_high, 0)};")
    for _, points, hex_colour, style, width in series:
        name = colour_name(hex_colour.lstrip("#"))
        used.add(name)
        for run in _runs(points):
            for piece in _pieces([frame(x, y) for x, y in run], size):
                coordinates = " ".join(f"({x:.2f},{y:.2f})" for x, y in piece)
                lines.append(
                    rf"\draw[{name}, line width={width}pt, {_DASHES[style]}] plot coordinates {{{coordinates}}};"
                )
    for value in (x_low, x_high):
        lines.append(rf"\node[below] at {at(value, y_low)} {{${tex_number(value)}$}};")
    for value in (y_low, y_high):
        lines.append(rf"\node[left] at {at(x_low, value)} {{${tex_number(value, 3)}$}};")
    lines.append(rf"\node[below=8pt] at ({frame_width / 2:.0f},0) {{${x_name}$}};")
    lines.append(rf"\node[rotate=90, above=14pt] at (0,{frame_height / 2:.0f}) {{${y_name}$}};")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def _legend(series: list[Series], used: set[str]) -> str:
    said = []
    for label, _, hex_colour, style, _ in series:
        name = colour_name(hex_colour.lstrip("#"))
        used.add(name)
        mark = rf"\tikz[baseline=-0.6ex]\draw[{name}, line width=1.4pt, {_DASHES[style]}] (0,0) -- (14pt,0);"
        said.append(mark + " " + label)
    return r"; \ ".join(said)


def pictures(curve: Curve, used: set[str], size: tuple[float, float] = (WIDTH, HEIGHT)) -> list[str]:
    """LaTeX of the two charts of ``curve`` side by side, each ``size`` points, and their legend.

    ``used`` gathers the colour names to define (:func:`explorer.exports.tikz.colours`).

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> from explorer.calculus.plot import plot
    >>> used = set()
    >>> tex = "\\n".join(pictures(plot(run("x*x**2")).curves[0], used))
    >>> tex.count(r"\\begin{tikzpicture}"), sorted(used)[:2]
    (2, ['gv0072B2', 'gv2E3039'])
    """
    x0, y0 = curve.at
    xs = (curve.f[0][0], curve.f[-1][0])
    ends = list(xs)
    ink = TOTAL["light"]
    slope_name = f"d{tex_name(curve.output)}/d{tex_name(curve.wrt)}"  # on one line: a label, a legend
    left: list[Series] = [
        (f"${tex_name(curve.output)}$ (left) and ${slope_name}$ (right)", curve.f, ESTIMATE, "solid", 1.6)
    ]
    right: list[Series] = [("", curve.derivative, ESTIMATE, "solid", 1.6)]
    keep_left = [y0] if y0 is not None else []
    keep_right = [curve.slope] if curve.slope is not None else []
    if y0 is not None and curve.slope is not None:
        tangent = [(x, y0 + curve.slope * (x - x0)) for x in ends]
        left.append((f"the tangent, slope ${tex_number(curve.slope)}$", tangent, ink, "solid", 1.0))
        if len(curve.paths) > 1:
            for k, slope in curve.paths[:LINE_PATHS]:
                if slope is not None:
                    line = [(x, y0 + slope * (x - x0)) for x in ends]
                    said = f"path {k + 1} alone, slope ${tex_number(slope)}$"
                    left.append((said, line, colour(k), dash(k), 1.0))
                    right.append((said, [(x, slope) for x in ends], colour(k), dash(k), 1.0))
                    keep_right.append(slope)
    f_range = domain([y for _, y in curve.f if y is not None], keep_left)
    df_range = domain([y for _, y in curve.derivative if y is not None], keep_right)
    out_name, wrt_name = tex_name(curve.output), tex_name(curve.wrt)
    charts = [
        _chart(left, xs, f_range, (wrt_name, out_name), used, size),
        _chart(right, xs, df_range, (wrt_name, slope_name), used, size),
    ]
    if y0 is not None and f_range is not None and charts[0]:
        charts[0] = charts[0].replace(
            r"\end{tikzpicture}", _dot(x0, y0, xs, f_range, size) + "\n" + r"\end{tikzpicture}"
        )
    return [
        r"\begin{center}",
        charts[0] + r"\qquad" + charts[1],
        r"\end{center}",
        r"{\small " + _legend(left, used) + ".\\par}",
    ]


def _dot(x0: float, y0: float, xs: tuple[float, float], ys: list[float], size: tuple[float, float]) -> str:
    x = (x0 - xs[0]) / (xs[1] - xs[0]) * size[0]
    y = (y0 - ys[0]) / (ys[1] - ys[0]) * size[1]
    return rf"\fill ({x:.2f},{y:.2f}) circle (2pt);"
