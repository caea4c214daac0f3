"""The slope picture's numbers: f near the point, its tangent, and the line each path alone would give.

The chain rule's answer is a slope: of y against the input, at the point.
:func:`plot` samples each entry of the derivative along its input, the other
inputs held at the point: the output's values (f), the derivative's (f′, by
forward accumulation at every sample), the tangent at the point (its slope is
the total derivative) and, for each path, the line through the same point
whose slope is that path's product alone. A value that is undefined at a
sample (a pole, a logarithm of a negative number, a kink) is None there: a
gap in the picture, never an error.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from .numeric import accumulate_values, evaluate
from .result import Analysis

__all__ = ["MAX_CURVES", "SAMPLES", "Curve", "Plot", "domain", "plot", "window"]

#: Samples of f (and f′) across the window, the point in the middle.
SAMPLES = 61

#: Entries of the derivative drawn (a gradient of sixty weights draws the first ones).
MAX_CURVES = 6


def window(x0: float) -> tuple[float, float]:
    """The stretch of the input drawn around the point ``x0``: ±max(1, |x0|/2).

    Examples
    --------
    >>> window(0.5), window(100.0), window(1e308)[1] < float("inf")
    ((-0.5, 1.5), (50.0, 150.0), True)
    """
    half = max(1.0, abs(x0) / 2)
    if not math.isfinite(abs(x0) + half):  # near the largest float: as far as floats go
        half = (sys.float_info.max - abs(x0)) / 2
    return x0 - half, x0 + half


def domain(values: Sequence[float], keep: Sequence[float] = ()) -> list[float] | None:
    """The y range to show: the middle 80% of the samples, widened a fifth, and the values in ``keep``.

    A pole does not flatten the rest of the curve; what lies outside is cut off (the marks clip).

    Examples
    --------
    >>> [round(v, 6) for v in domain([float(v) for v in range(20)] + [1000.0])]  # a pole at the end
    [-1.2, 21.2]
    """
    finite = sorted(v for v in values if math.isfinite(v))
    if not finite:
        return None
    low, high = finite[int(0.1 * (len(finite) - 1))], finite[math.ceil(0.9 * (len(finite) - 1))]
    low, high = min([low, *keep]), max([high, *keep])
    pad = (high - low) / 5 or max(abs(high), 1.0) / 5
    shown = [low - pad, high + pad]
    return shown if all(math.isfinite(v) for v in [*shown, shown[1] - shown[0]]) else None


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class Curve:
    """One entry of the derivative, drawn: the output along one input.

    Attributes
    ----------
    output, wrt : str
        The output and the input it is drawn along.
    at : (float, float or None)
        The point: the input's value and the output's there.
    f : tuple of (float, float or None)
        The output at :data:`SAMPLES` values of the input (None: undefined there, a gap).
    derivative : tuple of (float, float or None)
        d(output)/d(input) at the same values.
    slope : float or None
        The tangent's slope at the point: the total derivative.
    paths : tuple of (int, float or None)
        Each listed path of the entry (index into ``Analysis.paths``) and its
        product at the point: the slope of the line that path alone would give.
    """

    output: str
    wrt: str
    at: tuple[float, float | None]
    f: tuple[tuple[float, float | None], ...]
    derivative: tuple[tuple[float, float | None], ...]
    slope: float | None
    paths: tuple[tuple[int, float | None], ...]

    def to_dict(self) -> dict:
        """The JSON form: ``f`` and ``derivative`` as [x, y] pairs, the tangent, and each path's slope."""
        return {
            "output": self.output,
            "wrt": self.wrt,
            "at": list(self.at),
            "f": [list(p) for p in self.f],
            "derivative": [list(p) for p in self.derivative],
            "tangent": {"at": list(self.at), "slope": self.slope},
            "paths": [{"path": k + 1, "slope": slope} for k, slope in self.paths],
        }


@dataclass(frozen=True)
class Plot:
    """The slope picture of an analysis: a :class:`Curve` per entry of the derivative (the first few)."""

    curves: tuple[Curve, ...]
    entries: int

    def to_dict(self) -> dict | None:
        """The JSON form: the first curve's keys, and ``entries``, every curve drawn; None without a curve.

        Examples
        --------
        >>> from explorer.calculus.pipeline import run
        >>> d = plot(run("x*x**2")).to_dict()
        >>> len(d["f"]), d["tangent"]["slope"], [p["slope"] for p in d["paths"]]
        (61, 0.75, [0.5, 0.25])
        """
        if not self.curves:
            return None
        return {**self.curves[0].to_dict(), "entries": [curve.to_dict() for curve in self.curves]}


def _samples(x0: float, count: int) -> list[float]:
    low, high = window(x0)
    middle = count // 2
    # the fraction first: (x0 - low) times a count of steps would overflow near the largest floats
    return [
        x0 + (x0 - low) * ((k - middle) / middle) if k < middle else x0 + (high - x0) * ((k - middle) / middle)
        for k in range(count)
    ]


def _along(analysis: Analysis, wrt: str, xs: Sequence[float]) -> dict[float, tuple[dict, dict]]:
    """At each value of ``wrt`` (the rest at the point): the node values and the derivatives by ``wrt``."""
    found = {}
    for x in xs:
        point = {**analysis.point, wrt: x}
        ev = evaluate(analysis.flow, point)
        found[x] = (ev.node_values, accumulate_values(analysis.flow, ev.edge_values, wrt, ev.kinks))
    return found


def plot(analysis: Analysis, *, samples: int = SAMPLES, curves: int = MAX_CURVES) -> Plot:
    """The slope picture of each entry of the derivative (the first ``curves``), along its input.

    Parameters
    ----------
    analysis : Analysis
    samples : int
        Values of the input across :func:`window`; the point is the middle one.
    curves : int
        Entries drawn at most.

    Notes
    -----
    One evaluation of the graph (nodes, edges and a forward accumulation)
    per sample and input: linear in the size of the graph times ``samples``.

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> curve = plot(run("1/x", at={"x": 0.5})).curves[0]
    >>> curve.f[len(curve.f) // 2], [x for x, y in curve.f if y is None]  # the pole at 0 is a gap
    ((0.5, 2.0), [0.0])
    """
    if analysis.wrt is None:
        return Plot((), 0)
    entries = list(enumerate(analysis.entries))
    inputs = list(dict.fromkeys(name for _, (_, name) in entries[:curves]))
    along = {}
    for name in inputs:
        xs = _samples(analysis.point[name], samples)
        along[name] = (xs, _along(analysis, name, xs))
    found = []
    for k, (output, name) in entries[:curves]:
        xs, values = along[name]
        f = tuple((x, _finite(values[x][0].get(output))) for x in xs)
        slopes = tuple((x, _finite(values[x][1].get(output))) for x in xs)
        x0 = analysis.point[name]
        paths = tuple((i, analysis.paths[i].value) for i in analysis.entry_paths()[k])
        at = (x0, _finite(analysis.node_values.get(output)))
        found.append(Curve(output, name, at, f, slopes, analysis.total_values[k], paths))
    return Plot(tuple(found), len(entries))
