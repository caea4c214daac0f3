"""The one colour rule of paths: lines in the graph, text in the sum, the greys, and the contrast they meet.

Every picture, formula, chart and swatch takes a path's colour from here:
the graph's lines (:mod:`explorer.drawing`), the coloured sum's text
(:mod:`explorer.teach`), the page's swatches and bars (:mod:`explorer.page`)
and the notebook's chips, so changing how a path's colour is chosen is a
change to this module alone.

Paths are told apart by the Okabe–Ito colours (safe for the common colour
vision deficiencies) and, so that colour is never the only cue, by a dash
pattern. Only the first :data:`COLOURED` paths get a colour; the rest are a
neutral grey unless highlighted, because an eighth colour would repeat one
of the first seven. Text needs more contrast than lines (WCAG AA asks 4.5:1
for text), so the sum's terms use :data:`TEXT` shades, one set per page
theme; a test checks every one against the page backgrounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "BACKGROUNDS",
    "COLOURED",
    "DASHES",
    "ESTIMATE",
    "NEUTRAL",
    "OTHERS",
    "PALETTE",
    "TEXT",
    "TOTAL",
    "colour",
    "contrast",
    "dash",
    "strong",
    "text_colour",
]

#: Okabe–Ito colours for lines, most distinct first; black is left out for edges on no path.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")

#: How many paths get a colour of their own.
COLOURED = len(PALETTE)

#: The line colour of paths past :data:`COLOURED`.
NEUTRAL = "#8F8F98"

#: The colour of what the paths left out of a list add to a derivative ("the other paths"), in charts.
OTHERS = "#9a9aa2"

#: The colour of a finite difference beside the paths' contributions, in charts.
ESTIMATE = "#6b6d78"

#: The colour of the sum of every path (the derivative) in charts, per page theme: the page's ink, nearly.
TOTAL: Mapping[str, str] = MappingProxyType({"light": "#2E3039", "dark": "#E3E4E8"})

#: Graphviz line styles, one per coloured path in turn, so neighbours in the list never look alike in grey.
DASHES: tuple[str, ...] = ("solid", "dashed", "dotted")

#: The page backgrounds text colours are checked against, per page theme.
BACKGROUNDS: Mapping[str, str] = MappingProxyType({"light": "#FFFFFF", "dark": "#0E1117"})

#: Text colours of paths per page theme: the line colours, darkened (light page) or lightened (dark
#: page) where they would read below 4.5:1; the last entry is for paths past :data:`COLOURED`.
TEXT: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "light": ("#0072B2", "#BE5400", "#008460", "#BB4D8A", "#9C6C00", "#177AB2", "#80770A", "#5F6368"),
        "dark": ("#0084CE", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#A0A0A8"),
    }
)


def colour(k: int) -> str:
    """The line colour of path ``k`` (0-based): a palette colour, or :data:`NEUTRAL` past the seventh.

    Examples
    --------
    >>> colour(0), colour(6), colour(7)
    ('#0072B2', '#F0E442', '#8F8F98')
    """
    return PALETTE[k] if 0 <= k < COLOURED else NEUTRAL


def strong(k: int, ink: str) -> str:
    """The colour of path ``k`` when it is highlighted: its own, or the page's ``ink`` past the coloured ones.

    A grey highlight would look faded; the ink (black on a light page) stands out.

    Examples
    --------
    >>> strong(0, "#1f1f1f"), strong(7, "#1f1f1f")
    ('#0072B2', '#1f1f1f')
    """
    return PALETTE[k] if 0 <= k < COLOURED else ink


def dash(k: int) -> str:
    """The Graphviz line style of path ``k``: solid, dashed, dotted in turn; solid past the coloured ones.

    Examples
    --------
    >>> [dash(k) for k in range(4)], dash(9)
    (['solid', 'dashed', 'dotted', 'solid'], 'solid')
    """
    return DASHES[k % len(DASHES)] if 0 <= k < COLOURED else "solid"


def text_colour(k: int, theme: str = "light") -> str:
    """The text colour of path ``k`` on a ``'light'`` or ``'dark'`` page (4.5:1 or more).

    Examples
    --------
    >>> text_colour(4), text_colour(4, "dark"), text_colour(12)
    ('#9C6C00', '#E69F00', '#5F6368')
    """
    shades = TEXT.get(theme, TEXT["light"])
    return shades[k] if 0 <= k < COLOURED else shades[-1]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two ``#RRGGBB`` colours, from 1 to 21.

    Examples
    --------
    >>> round(contrast("#000000", "#FFFFFF"), 1), round(contrast("#F0E442", "#FFFFFF"), 2)
    (21.0, 1.32)
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
