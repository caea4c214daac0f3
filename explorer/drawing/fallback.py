"""Lay out an analysis's graph within a time bound and, for a page, to fit its frame: draw less, never nothing.

A graph of an accepted expression is always drawn. :data:`LEVELS` lists
what to try in turn, each with its own time limit: the graph as
:mod:`explorer.drawing.condense` chooses (whole, or condensed past its size
limits), then condensed harder, then only the highlighted path among
summary boxes. Drawn for a frame (:class:`explorer.drawing.fit.Frame`, the
page's viewer), the direction is the one in which the drawing is whole with
readable labels, and when neither is, the graph is condensed further
(:data:`FITS`) until one is. The picture says when it is condensed, and why.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

from ..calculus.result import Analysis
from ..errors import RenderError
from . import dot, fit, layout
from .condense import FULL_PATHS, MAX_EDGES, MAX_NODES, View, view

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

#: Condensed further, in turn, when a drawing is not whole and readable in its frame:
#: (max_nodes, max_edges, full_paths) of :func:`explorer.drawing.condense.view`. Every node
#: off the first paths goes into a box, then off the first path.
FITS: tuple[tuple[int, int, int], ...] = ((0, 0, FULL_PATHS), (0, 0, 1))

#: Seconds a layout for a frame gets at least, when the level's time is nearly spent on other tries.
MIN_SECONDS = 0.5

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
    frame: fit.Frame | None = None,
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
    frame : Frame, optional
        The room the drawing is shown in (a page's viewer). The direction
        (unless ``orientation`` names one) is the first of
        :func:`explorer.drawing.fit.orientations` in which the drawing is whole
        with readable labels; when none is, the graph is condensed further
        (:data:`FITS`), and failing that the drawing is the one that is most
        readable whole. Without a frame the direction follows the graph's shape.
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

        def source(shown: View, direction: str, theme: str = theme) -> str:
            return dot.to_dot(
                analysis,
                highlight=highlight,
                labels=labels,
                theme=theme,
                orientation=direction,
                shown=shown,
                marks=marks,
                overrides=overrides,
                rules=rules,
                highlights=highlights,
            )

        try:
            if frame is None:
                chosen = source(shown, orientation)
            else:
                tries = [shown, *_condensed(analysis, kept, shown, level, _SLOW if number else "")]
                directions = fit.orientations(frame, orientation)
                chosen, svg = fitted(tries, source, directions, frame, level.seconds, fit.styles(theme))
                if fmt != "png":
                    return svg
            if fmt == "png":
                return layout.to_png(chosen, scale, timeout=level.seconds)
            return layout.to_svg(chosen, timeout=level.seconds)
        except RenderError as err:
            failure = err
    assert failure is not None
    raise failure


def _condensed(analysis: Analysis, kept: int | None, shown: View, level: Level, prefix: str) -> list[View]:
    """The views of :data:`FITS` that hide more than ``shown`` and than each other; notes after ``prefix``."""
    found: list[View] = []
    for max_nodes, max_edges, full_paths in FITS:
        if full_paths > level.full_paths:
            continue
        condensed = view(analysis, kept, max_nodes=max_nodes, max_edges=max_edges, full_paths=full_paths)
        last = found[-1] if found else shown
        if condensed.condensed and len(condensed.nodes) < len(last.nodes):
            found.append(replace(condensed, note=prefix + (condensed.note or "")))
    return found


def fitted(
    views: Sequence[View],
    source: Callable[..., str],
    directions: Sequence[str],
    frame: fit.Frame,
    seconds: float,
    themes: Sequence[str] = (),
) -> tuple[str, str]:
    """(DOT, SVG) of the first view, look and direction, in order, that is whole and readable in ``frame``.

    ``source(view, direction)`` or, for each of ``themes`` (the looks of
    :func:`explorer.drawing.fit.styles`), ``source(view, direction, theme)``
    gives the DOT: a view is tried in every look before the next, more
    condensed one. When nothing is whole and readable, the one that is most
    readable whole (the largest :func:`explorer.drawing.fit.room`). The
    first layout may take ``seconds`` and its failure is raised; the others
    share what is left, at least :data:`MIN_SECONDS` each, and one that
    fails is skipped.
    """
    deadline = time.monotonic() + seconds
    best: tuple[float, str, str] | None = None
    looks = [(theme,) for theme in themes] or [()]
    for shown in views:
        for look, direction in ((look, direction) for look in looks for direction in directions):
            chosen = source(shown, direction, *look)
            if best is None:
                svg = layout.to_svg(chosen, timeout=seconds)
            else:
                try:
                    svg = layout.to_svg(chosen, timeout=max(MIN_SECONDS, deadline - time.monotonic()))
                except RenderError:
                    continue
            found = fit.room(fit.measure(svg), frame)
            if best is None or found > best[0]:
                best = (found, chosen, svg)
            if found >= 1:
                return chosen, svg
    assert best is not None
    return best[1], best[2]
