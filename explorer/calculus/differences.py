"""Finite differences: how much an output moves when one input does, from the node functions alone.

They use none of the derivatives, so they check them independently: a tiny
central step for the check, or the paper's own step (x + x² at x = 1 with
Δx = 1: y goes from 2 to 6).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..graph.flow import DataFlow
from .numeric import node_values

__all__ = ["FiniteDifference", "differences", "finite_differences"]


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class FiniteDifference:
    """A finite difference of one output by one input: the input goes from ``start`` to ``start + step``.

    Attributes
    ----------
    output, wrt : str
        The output node and the input that moves.
    start, step : float
        Where the input starts and how far it moves (Δx).
    before, after : float or None
        The output's value at both ends (None where undefined).

    Examples
    --------
    >>> d = FiniteDifference("y", "x", 1.0, 1.0, 2.0, 6.0)
    >>> d.delta, d.estimate, d.end
    (4.0, 4.0, 2.0)
    """

    output: str
    wrt: str
    start: float
    step: float
    before: float | None
    after: float | None

    @property
    def end(self) -> float:
        """Where the input ends: ``start + step``."""
        return self.start + self.step

    @property
    def delta(self) -> float | None:
        """Δy, the change of the output (None where either end is undefined)."""
        if self.before is None or self.after is None:
            return None
        return _finite(self.after - self.before)

    @property
    def estimate(self) -> float | None:
        """Δy/Δx, the slope of the secant: an estimate of the derivative."""
        delta = self.delta
        return None if delta is None else _finite(delta / self.step)

    def to_dict(self) -> dict:
        """The JSON form: the step, both ends, Δy and the estimate Δy/Δx."""
        return {
            "output": self.output,
            "wrt": self.wrt,
            "from": self.start,
            "to": self.end,
            "step": self.step,
            "before": self.before,
            "after": self.after,
            "delta_y": self.delta,
            "estimate": self.estimate,
        }


def differences(
    flow: DataFlow, point: Mapping[str, float], inputs: Sequence[str], step: float | None = None
) -> tuple[FiniteDifference, ...]:
    """Finite differences of every output by each of ``inputs``, output by output.

    Uses only the node functions, none of the derivatives, so it checks them
    independently. Without ``step``, a central difference from x − h to
    x + h, where ``h`` is the cube root of the float epsilon scaled by
    ``|x|`` (which balances truncation and rounding error); with ``step``
    (Δx), the forward difference from x to x + Δx, as the paper checks
    ``x + x²`` at x = 1 with Δx = 1.

    Parameters
    ----------
    flow : DataFlow
    point : Mapping[str, float]
        A value for every input.
    inputs : sequence of str
        The inputs to move, one at a time.
    step : float, optional
        Δx for a forward difference; a non-zero finite number.

    Returns
    -------
    tuple of FiniteDifference
        For each output, for each input: ``len(outputs) * len(inputs)``.

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> (d,) = differences(build(parse("x + x**2")), {"x": 1.0}, ["x"], step=1.0)
    >>> d.before, d.after, d.delta, d.estimate
    (2.0, 6.0, 4.0, 4.0)
    """
    found: dict[str, list[FiniteDifference]] = {out: [] for out in flow.outputs}
    for name in inputs:
        x = point[name]
        start, width = (x, step) if step is not None else (x - 6e-6 * max(1.0, abs(x)), 12e-6 * max(1.0, abs(x)))
        before, _ = node_values(flow, {**point, name: start})  # the node functions only, no partials
        after, _ = node_values(flow, {**point, name: x + step if step is not None else x + width / 2})
        for out in flow.outputs:
            found[out].append(FiniteDifference(out, name, start, width, before[out], after[out]))
    return tuple(d for out in flow.outputs for d in found[out])


def finite_differences(flow: DataFlow, point: Mapping[str, float], wrt: str | None) -> tuple[float | None, ...]:
    """Central differences (f(x + h) − f(x − h)) / 2h of every output by ``wrt`` (see :func:`differences`).

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> [round(v, 6) for v in finite_differences(build(parse("x**3")), {"x": 2.0}, "x")]
    [12.0]
    """
    if wrt is None:
        return tuple(0.0 for _ in flow.outputs)
    return tuple(d.estimate for d in differences(flow, point, [wrt]))
