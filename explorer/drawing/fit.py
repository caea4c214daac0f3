"""Fit a drawing to the room it is shown in: whole, with its smallest label at a readable size.

A page shows the graph in a frame of so many CSS pixels across and down
(:class:`Frame`). At the zoom where the drawing's smallest label is the
frame's label size, the drawing is *whole* when it fits the frame. Which
direction fits best depends on the frame as much as on the graph: a wide
frame takes a left-to-right drawing, a narrow one (a phone) a top-to-bottom
one. :func:`orientations` says which to try first, :func:`styles` in which
looks (the theme's compact variant after the theme itself),
:func:`measure` reads a Graphviz SVG's size and smallest type, and
:func:`room` says how many times the readable size the drawing can be shown
whole (1 or more: whole and readable). :func:`explorer.drawing.fallback.draw`
condenses the graph when nothing fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .styles import compact

__all__ = ["PHONE", "Frame", "Size", "measure", "orientations", "room", "styles"]

#: Frames narrower than this (CSS px) are a phone's: labels of 11 px rather than 12 are readable there.
PHONE = 500

#: Frame sizes are rounded down to a multiple of this (CSS px), so that a few pixels of difference
#: between two screens give the same drawing (and the same cache entry).
STEP = 10


@dataclass(frozen=True)
class Frame:
    """The room a drawing is shown in, in CSS pixels, and the smallest label it should have there.

    Examples
    --------
    >>> Frame.of(1058, 754), Frame.of(356, 705)
    (Frame(width=1050, height=750, label=12.0), Frame(width=350, height=700, label=11.0))
    """

    width: int
    height: int
    label: float = 12.0

    @classmethod
    def of(cls, width: float, height: float) -> Frame:
        """The frame of a viewer ``width`` × ``height`` CSS px: sizes rounded down, the label by the width."""
        label = 11.0 if width < PHONE else 12.0
        return cls(max(STEP, int(width) // STEP * STEP), max(STEP, int(height) // STEP * STEP), label)

    @property
    def wide(self) -> bool:
        """Wider than tall: left to right is tried first."""
        return self.width >= self.height


@dataclass(frozen=True)
class Size:
    """A drawing's width and height and its smallest font size, in its own units (Graphviz's points)."""

    width: float
    height: float
    font: float


_VIEWBOX = re.compile(r'<svg[^>]*\bviewBox="([-\d.]+)[ ,]+([-\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)"')
_FONT = re.compile(r'\bfont-size="([\d.]+)"')


def measure(svg: str) -> Size:
    """The size and smallest type of a Graphviz SVG.

    Examples
    --------
    >>> measure('<svg width="80pt" viewBox="0.00 0.00 80.00 40.00"><text font-size="11.00">a</text></svg>')
    Size(width=80.0, height=40.0, font=11.0)
    """
    box = _VIEWBOX.search(svg)
    if box is None:
        raise ValueError("not an SVG with a viewBox")
    fonts = [float(f) for f in _FONT.findall(svg) if float(f) > 0]
    return Size(float(box.group(3)), float(box.group(4)), min(fonts, default=14.0))


def room(size: Size, frame: Frame) -> float:
    """How many times the readable size a drawing can be shown whole in ``frame``.

    The viewer draws one unit of the SVG as one CSS pixel at zoom 1, so the
    smallest label is ``frame.label`` pixels at zoom ``frame.label / size.font``;
    the drawing is whole up to zoom ``min(width, height)`` of the frame over the
    drawing's. At 1 or more the drawing is whole and readable.

    Examples
    --------
    >>> room(Size(500, 100, 11), Frame(1000, 700, 12))  # whole at 2 px per unit, readable from 1.09
    1.8333333333333333
    >>> room(Size(1000, 80, 11), Frame(340, 700, 11)) < 1
    True
    """
    whole = min(frame.width / size.width, frame.height / size.height)
    return whole * size.font / frame.label


def orientations(frame: Frame, orientation: str = "auto") -> tuple[str, ...]:
    """The directions to try, best first: the chosen one, or left to right first in a wide frame.

    Examples
    --------
    >>> orientations(Frame(1000, 700)), orientations(Frame(340, 700)), orientations(Frame(340, 700), "LR")
    (('LR', 'TB'), ('TB', 'LR'), ('LR',))
    """
    if orientation != "auto":
        return (orientation,)
    return ("LR", "TB") if frame.wide else ("TB", "LR")


def styles(theme: str) -> tuple[str, ...]:
    """The looks to try, best first: ``theme``, then its compact variant.

    The compact variant (:func:`explorer.drawing.styles.compact`: one type size, square inputs,
    tight spacing) holds a graph in about two thirds of the width, so a graph that a frame shows
    whole only with small labels in the page's look (the neuron on a phone, a 2×3 layer on a
    desktop) is shown whole and readable in it before it is condensed further.

    Examples
    --------
    >>> styles("dark"), styles("dark:compact")
    (('dark', 'dark:compact'), ('dark:compact',))
    """
    return (theme,) if theme == compact(theme) else (theme, compact(theme))
