"""What a result teaches, as plain values: the paper's four steps, finite differences, the layers of a graph.

Immutable data that pickles, made by the pipeline (:mod:`explorer.analysis`,
:mod:`explorer.chain`, :mod:`explorer.numeric`) and read by the result's JSON
form, the page and the command line. Nothing here computes derivatives.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

__all__ = ["STEP_PATHS", "STEP_ROWS", "STEP_TITLES", "Difference", "Layer", "Step", "multiply"]

#: The paper's four steps, as the results title them (the third depends on the number of paths).
STEP_TITLES = (
    "Introduce intermediate variables",
    "Differentiate each one with respect to its own parameters",
    ("Combine: multiply the partials along the path", "Combine: multiply along each path, add the paths"),
    "Substitute back and simplify",
)

#: Rows of variables and of partials a step lists; the rest are counted.
STEP_ROWS = 40

#: Paths a step combines per entry; the rest are counted.
STEP_PATHS = 20


@dataclass(frozen=True)
class Step:
    """One of the paper's four steps of the chain rule, for one expression.

    Attributes
    ----------
    title : str
        ``'Introduce intermediate variables'``, ...
    latex : str or None
        The step's formulas; None when they are too long to typeset.
    text : str
        The same in words and one-line formulas (``u1 = x³``).
    """

    title: str
    latex: str | None
    text: str

    def to_dict(self) -> dict:
        """The JSON form: ``{title, latex, text}``."""
        return {"title": self.title, "latex": self.latex, "text": self.text}


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class Difference:
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
    >>> d = Difference("y", "x", 1.0, 1.0, 2.0, 6.0)
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


@dataclass(frozen=True)
class Layer:
    """One layer of the graph cut for the vector chain rule ∂f/∂x = ∂f/∂g · ∂g/∂x.

    Attributes
    ----------
    nodes : tuple of str
        The variables after this layer, in order (the rows of its Jacobian).
    carried : tuple of str
        Those among ``nodes`` that were already there before it: carried
        across unchanged, each an identity row.
    jacobian : sympy.ImmutableMatrix
        ∂(nodes)/∂(the previous layer's nodes), in the intermediate
        variables: each entry the sum of the local partials of the edges
        between them, 1 for a carried variable and itself.
    cells : tuple of (int, int, tuple of int)
        The non-zero entries: row, column and the edges (indexes into the
        graph's edges) whose partials add up to it; no edges for an identity.
    """

    nodes: tuple[str, ...]
    carried: tuple[str, ...]
    jacobian: sp.ImmutableMatrix
    cells: tuple[tuple[int, int, tuple[int, ...]], ...]

    def values(self, edge_values: Sequence[float | None]) -> tuple[tuple[float | None, ...], ...]:
        """The Jacobian at a point, from the edges' values there (None where an edge is undefined).

        Examples
        --------
        >>> layer = Layer(("y",), (), sp.ImmutableMatrix([[1, 1]]), ((0, 0, (1,)), (0, 1, (2,))))
        >>> layer.values([2.0, 1.0, 1.0])
        ((1.0, 1.0),)
        """
        rows, columns = self.jacobian.shape
        table: list[list[float | None]] = [[0.0] * columns for _ in range(rows)]
        for row, column, edges in self.cells:
            if not edges:
                table[row][column] = 1.0
                continue
            parts = [edge_values[i] for i in edges]
            table[row][column] = None if any(p is None for p in parts) else math.fsum(parts)  # type: ignore[arg-type]
        return tuple(tuple(row) for row in table)


def multiply(
    layers: Sequence[Layer], edge_values: Sequence[float | None], width: int
) -> tuple[tuple[float | None, ...], ...] | None:
    """The product of the layers' Jacobians at a point, last layer first: J_D ··· J_1 (``width`` inputs).

    None where a value is undefined. By the vector chain rule it is the whole Jacobian at the point.

    Examples
    --------
    >>> first = Layer(("x", "u1"), ("x",), sp.ImmutableMatrix([[1], [2]]), ((0, 0, ()), (1, 0, (0,))))
    >>> second = Layer(("y",), (), sp.ImmutableMatrix([[1, 1]]), ((0, 0, (1,)), (0, 1, (2,))))
    >>> multiply([first, second], [2.0, 1.0, 1.0], 1)
    ((3.0,),)
    """
    product: list[list[float]] = [[1.0 if i == j else 0.0 for j in range(width)] for i in range(width)]
    for layer in layers:
        values = layer.values(edge_values)
        if any(v is None for row in values for v in row):
            return None
        product = [[math.fsum(r[m] * product[m][j] for m in range(len(r))) for j in range(width)] for r in values]  # type: ignore[operator]
    return tuple(tuple(row) for row in product)
