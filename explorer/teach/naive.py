"""One path against all of them: what following one path alone gives, their sum, and the finite differences."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..calculus.differences import FiniteDifference
from ..calculus.result import Analysis
from ..colours import OTHERS, TOTAL, colour
from ..language.printing import number
from ..language.printsize import short, shown
from .notation import aligned, capped, clip, coloured, equalities, tex_derivative, tex_number
from .steps import STEP_PATHS, entry_name


def naive_sentence(analysis: Analysis, k: int) -> str | None:
    """What following one path alone gives for entry ``k``, against the total; None with fewer than 2 paths.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> naive_sentence(explained("x + x**2", at={"x": 1}), 0)
    'one path alone gives 2·x = 2 (path 1) or 1 = 1 (path 2), not dy/dx = 2·x + 1 = 3: every path counts'
    """
    a = analysis
    paths = a.entry_paths()[k]
    if a.path_counts[k] < 2 or not paths:
        return None
    alone = [f"{shown(a.paths[i].product_expr)} = {number(a.paths[i].value)} (path {i + 1})" for i in paths[:3]]
    if len(paths) > 3 or a.path_counts[k] > len(paths):
        alone.append("…")
    total = equalities(shown(a.totals[k]), number(a.total_values[k]))
    return clip(f"one path alone gives {' or '.join(alone)}, not {entry_name(a, k)} = {total}: every path counts")


def difference_sentence(difference: FiniteDifference, brief: bool = False) -> str:
    """A finite difference in words: where the input goes, where the output goes, and Δy/Δx.

    ``brief`` says only the estimate and the step (the tiny central step of the check).

    Examples
    --------
    >>> difference_sentence(FiniteDifference("y", "x", 1.0, 1.0, 2.0, 6.0))
    'x from 1 to 2 (Δx = 1): y from 2 to 6 (Δy = 4), so Δy/Δx = 4'
    >>> difference_sentence(FiniteDifference("y", "x", 0.99, 0.02, 1.97, 2.03), brief=True)
    'Δy/Δx = 3 with Δx = 0.02 across x = 1'
    """
    d = difference
    x, y = d.wrt, d.output
    if brief:
        middle = number(d.start + d.step / 2, 6)
        return f"Δ{y}/Δ{x} = {number(d.estimate, 6)} with Δ{x} = {number(d.step)} across {x} = {middle}"
    return (
        f"{x} from {number(d.start, 6)} to {number(d.end, 6)} (Δ{x} = {number(d.step)}): "
        f"{y} from {number(d.before, 6)} to {number(d.after, 6)} (Δ{y} = {number(d.delta)}), "
        f"so Δ{y}/Δ{x} = {number(d.estimate, 6)}"
    )


#: Why the slope of a step is compared with the derivatives in the middle of the step.
SECANT = (
    "The slope Δy/Δx of a step is the derivative at some point inside the step (for a quadratic such as "
    "x + x², exactly at its middle): the sum over every path matches it, one path alone does not."
)


def midpoint_sentence(middle: Analysis, k: int) -> str:
    """Entry ``k`` of an analysis at the middle of a step: every path together, and each path alone.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> midpoint_sentence(explained("x + x**2", at={"x": 1.5}), 0)
    'at the middle of the step, x = 1.5: every path together gives dy/dx = 4; path 1 alone 3, path 2 alone 1'
    """
    x = middle.entries[k][1]
    paths = middle.entry_paths()[k]
    alone = ", ".join(f"path {i + 1} alone {number(middle.paths[i].value)}" for i in paths[:STEP_PATHS])
    head = f"at the middle of the step, {x} = {number(middle.point[x] if x else None, 6)}: every path together gives "
    return f"{head}{entry_name(middle, k)} = {number(middle.total_values[k])}" + (f"; {alone}" if alone else "")


def naive_table(analysis: Analysis, k: int) -> str | None:
    r"""What each path alone would give for entry ``k`` (the single-variable rule), against the total.

    None when the entry has fewer than two paths: then one path is the whole answer.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> print(naive_table(explained("x + x**2", at={"x": 1}), 0))  # doctest: +ELLIPSIS
    \begin{aligned}\text{path 1 alone gives}\quad & {\color{#0072B2}2 x} = 2 \\ ...
    """
    paths = analysis.entry_paths()[k]
    if analysis.path_counts[k] < 2 or not paths:
        return None
    output, wrt = analysis.entries[k]
    lhs = tex_derivative(output, wrt)
    rows = [
        rf"\text{{path {i + 1} alone gives}}\quad & "
        + coloured(i, short(analysis.paths[i].product_expr))
        + " = "
        + tex_number(analysis.paths[i].value)
        for i in paths[:STEP_PATHS]
    ]
    every = rf"\text{{every path gives}}\quad & {lhs} = {short(analysis.totals[k])} = "
    rows.append(every + tex_number(analysis.total_values[k]))
    return capped(aligned(rows))


#: Paths a chart of one path against all shows by name: the largest; the others are one bar.
CHART_PATHS = 7


@dataclass(frozen=True)
class Bar:
    """One bar of the chart of one path against all.

    Attributes
    ----------
    label : str
        ``path 3``, ``the other 93 paths`` or ``all paths: dy/dx``.
    value : float
        Its signed value at the point.
    colour : str
        The path's line colour, :data:`explorer.colours.OTHERS`, or the page's
        ink for the sum (:data:`explorer.colours.TOTAL`).
    kind : str
        ``'path'``, ``'others'`` or ``'sum'``.
    """

    label: str
    value: float
    colour: str
    kind: str


def contributions(analysis: Analysis, k: int, *, largest: int = CHART_PATHS, theme: str = "light") -> tuple[Bar, ...]:
    """Entry ``k``'s paths each alone, as signed bars, then their sum: what the chart of one path against all draws.

    The ``largest`` paths by size are a bar each, in their order, the rest
    one bar (what they add up to, the paths not listed too); the last bar is
    the sum of them all, the derivative. Empty when a value is undefined.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> [(b.label, b.value) for b in contributions(explained("x - x**2"), 0)]
    [('path 1', -1.0), ('path 2', 1.0), ('all paths: dy/dx', 0.0)]
    """
    paths = analysis.entry_paths()[k]
    values = [analysis.paths[i].value for i in paths]
    total = analysis.total_values[k]
    if total is None or any(v is None for v in values) or not paths:
        return ()
    biggest = sorted(range(len(paths)), key=lambda n: -abs(values[n]))[:largest]
    kept = sorted(biggest)
    found = [Bar(f"path {paths[n] + 1}", float(values[n]), colour(paths[n]), "path") for n in kept]  # type: ignore[arg-type]
    others = analysis.path_counts[k] - len(kept)
    if others:
        rest = total - math.fsum(bar.value for bar in found)
        found.append(Bar(f"the other {others:,} path" + ("s" if others > 1 else ""), rest, OTHERS, "others"))
    found.append(Bar(f"all paths: {entry_name(analysis, k)}", float(total), TOTAL[theme], "sum"))
    return tuple(found)
