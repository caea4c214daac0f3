"""Fit a walkthrough's drawing to a 16:9 slide, so that its smallest type comes out at least a given size.

A slide is small: a Beamer frame is 160 mm × 90 mm (453.5 pt × 255.1 pt), and a
PNG frame for PowerPoint has the same shape. A drawing laid out by Graphviz is
scaled into the room the slide leaves it, beside the step's formula or above
it, and what decides whether it can be read is the size its type comes out at.
:func:`fit` lays the walkthrough out in a compact style (one type size, tight
spacing: :func:`explorer.drawing.styles.compact`) and tries, in turn: the graph
as the page draws it, its labels with fewer lines (values without the symbolic
partials), then condensed harder (one path in full, short chains, the rest in
grey boxes); each left to right and top to bottom, the formula under or beside.
It keeps the first whose type comes out at least ``smallest`` points, and says
None when nothing does: such a graph is too large for a slide at any legible
size, and the slide says so instead of shrinking it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..calculus.result import Analysis
from ..errors import TooLargeError
from .condense import View, view
from .frames import Laid, laid_out
from .labels import BARE, VALUES
from .styles import COMPACT_FONT, compact

__all__ = ["SLIDE_NODES", "Fitted", "Room", "fit", "hard_view"]

#: Nodes of the harder condensed drawing: one path in full and its neighbours in boxes.
SLIDE_NODES = 8


@dataclass(frozen=True)
class Room:
    """Where the drawing may go on a slide, in points.

    Attributes
    ----------
    under : (float, float)
        Width and height for a drawing with the formula under it.
    beside : (float, float)
        Width and height for a drawing with the formula beside it.
    largest : float
        The most a small drawing is enlarged.
    """

    under: tuple[float, float]
    beside: tuple[float, float]
    largest: float = 1.3


@dataclass(frozen=True)
class Fitted:
    """A walkthrough laid out for a slide.

    Attributes
    ----------
    laid : Laid
        The layout, its steps and what it draws (:func:`explorer.drawing.frames.laid_out`).
    scale : float
        How much the drawing is scaled to fit its room.
    beside : bool
        Whether the formula goes beside the drawing (else under it).
    """

    laid: Laid
    scale: float
    beside: bool

    @property
    def type_size(self) -> float:
        """The size, in points, that the drawing's type comes out at."""
        return COMPACT_FONT * self.scale


def hard_view(analysis: Analysis) -> View:
    """The graph condensed for a slide: the chosen input, the outputs and one path, chains cut short.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> len(hard_view(explained("sin(" * 12 + "x" + ")" * 12)).nodes)
    4
    """
    return view(analysis, max_nodes=SLIDE_NODES, max_edges=2 * SLIDE_NODES, full_paths=1, chain_keep=1)


def _candidates(analysis: Analysis, labels: str) -> Iterator[tuple[View, str, str]]:
    """What to try, in order: the page's drawing, its labels on fewer lines, then names and values
    alone (the step's formula beside says the rest), condensed harder, then no labels on the edges."""
    own, hard = view(analysis), hard_view(analysis)
    views = (own, hard) if hard != own else (own,)
    yield own, labels, "lines"
    yield own, labels, "equalities"
    yield own, labels, "line"
    for shown in views:
        yield shown, VALUES, "lines"
        yield shown, VALUES, "line"
    for shown in views:
        yield shown, BARE, "lines"
        yield shown, BARE, "line"


def fit(
    analysis: Analysis,
    mode: str,
    room: Room,
    *,
    labels: str = "both",
    theme: str = "slides",
    smallest: float = 8.2,
) -> Fitted | None:
    """The walkthrough in ``mode`` laid out for a slide, its type at least ``smallest`` points; None if it cannot be.

    Parameters
    ----------
    analysis : Analysis
    mode : {'paths', 'forward', 'reverse'}
    room : Room
        Where the drawing may go.
    labels : {'both', 'symbolic', 'numeric'}
        The labels asked for; 'both' may become 'numeric' to fit.
    theme : str
        A key of :data:`explorer.drawing.dot.THEMES`: the colours (the compact variant is drawn).
    smallest : float
        The smallest type size, in points, a slide may show.

    Raises
    ------
    TooLargeError
        When even the harder condensed walkthrough has too many steps to draw.

    Notes
    -----
    One Graphviz layout per try, at most eight; each is linear in the number
    of steps times the size of what is drawn.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> fitted = fit(explained("ln(sin(x**3)**2)"), "reverse", Room((419, 128), (260, 210)))
    >>> fitted.laid.orientation, fitted.beside, fitted.type_size >= 8.5
    ('TB', True, True)
    """
    best: Fitted | None = None
    refused: TooLargeError | None = None
    for shown, chosen, packing in _candidates(analysis, labels):
        for orientation in ("LR", "TB"):
            try:
                laid = laid_out(
                    analysis,
                    mode,
                    labels=chosen,
                    theme=compact(theme),
                    shown=shown,
                    orientation=orientation,
                    caption=False,
                    packing=packing,
                )
            except TooLargeError as error:  # too many steps: a harder condensed drawing has fewer
                refused = error
                break
            width, height = (max(side, 1.0) for side in laid.size)
            for beside, (room_width, room_height) in ((False, room.under), (True, room.beside)):
                scale = min(room_width / width, room_height / height, room.largest)
                if best is None or scale > best.scale:
                    best = Fitted(laid, scale, beside)
        if best is not None and best.type_size >= smallest:
            return best
    if best is None and refused is not None:
        raise refused
    return None
