"""Lay out an analysis's graph within a time bound: when Graphviz is too slow, draw less, never nothing.

A graph of an accepted expression is always drawn. :data:`LEVELS` lists
what to try in turn, each with its own time limit: the graph as
:mod:`explorer.drawing.condense` chooses (whole, or condensed past its size
limits), then condensed harder, then only the highlighted path among
summary boxes. The picture says when it is condensed, and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

from ..calculus.result import Analysis
from ..errors import RenderError
from . import dot, layout
from .condense import FULL_PATHS, MAX_EDGES, MAX_NODES, view

__all__ = ["LEVELS", "Level", "draw"]


class Level(NamedTuple):
    """One try: the size limits of :func:`explorer.drawing.condense.view` and the seconds Graphviz gets."""

    max_nodes: int
    max_edges: int
    full_paths: int
    seconds: float


#: What to try, in order; the seconds add up to less than :data:`explorer.bounded.DRAW_BUDGET`.
LEVELS: tuple[Level, ...] = (
    Level(MAX_NODES, MAX_EDGES, FULL_PATHS, 9.0),
    Level(24, 48, 1, 5.0),
    Level(8, 16, 0, 3.0),
)

_SLOW = "The whole graph took too long to lay out, so it is drawn condensed. "


def draw(
    analysis: Analysis,
    fmt: str = "svg",
    *,
    highlight: int | None = None,
    labels: str = "both",
    theme: str = "light",
    orientation: str = "auto",
    scale: float = 2,
    marks: tuple[tuple[int, int], ...] | None = None,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    rules: bool = False,
    highlights: Sequence[int] = (),
    levels: tuple[Level, ...] = LEVELS,
) -> str | bytes:
    """The graph as SVG text or PNG bytes, condensed further each time a layout runs out of time.

    Parameters
    ----------
    analysis : Analysis
    fmt : {'svg', 'png'}
    highlight, labels, theme, orientation, marks, overrides, rules, highlights
        As for :func:`explorer.drawing.dot.to_dot`.
    scale : float
        PNG only: times Graphviz's 96 dpi.
    levels : tuple of Level
        What to try, in order.

    Raises
    ------
    RenderError
        When no renderer is installed, or even the last level fails.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> draw(explained("x*x")).lstrip().startswith("<?xml")
    True
    """
    if layout.renderer() is None:
        raise RenderError(
            "no Graphviz renderer found: install Graphviz (apt-get install graphviz) or the pip package graphviz-pure"
        )
    failure: RenderError | None = None
    kept = highlight if highlight is not None else min(highlights, default=None)  # drawn in full when condensed
    for number, level in enumerate(levels):
        shown = view(analysis, kept, max_nodes=level.max_nodes, max_edges=level.max_edges, full_paths=level.full_paths)
        if number and not shown.condensed:
            continue  # nothing left to condense: a smaller try would draw the same graph
        if number:
            shown = replace(shown, note=_SLOW + (shown.note or ""))
        source = dot.to_dot(
            analysis,
            highlight=highlight,
            labels=labels,
            theme=theme,
            orientation=orientation,
            shown=shown,
            marks=marks,
            overrides=overrides,
            rules=rules,
            highlights=highlights,
        )
        try:
            if fmt == "png":
                return layout.to_png(source, scale, timeout=level.seconds)
            return layout.to_svg(source, timeout=level.seconds)
        except RenderError as err:
            failure = err
    assert failure is not None
    raise failure
