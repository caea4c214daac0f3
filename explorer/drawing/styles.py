"""The look of the graph as data: one table of Graphviz attributes per theme and role.

Each theme (:data:`THEMES`) gives colours and line widths to every role a
drawing uses: the node kinds, the chosen input, summary boxes, edges on no
path, on a path, on many paths, into a summary, highlighted, faded, and a
walkthrough's current step. The page, the CLI and the downloads choose a
theme by name; :mod:`explorer.drawing.dot` only looks roles up.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["COMPACT_FONT", "EDGE", "FONT", "GRAPH", "NODE", "STYLE", "THEMES", "compact"]

#: A font installed with Graphviz on Debian (``fonts-dejavu-core``); set everywhere so every renderer agrees.
FONT = "DejaVu Sans"


def _frozen(table: dict) -> Mapping:
    return MappingProxyType({k: _frozen(v) if isinstance(v, dict) else v for k, v in table.items()})


def _theme(background: str, text: str, fill: str, border: str, neutral: str, faded: str) -> dict:
    return {
        "graph": {"bgcolor": background, "fontcolor": text},
        "input": {"shape": "ellipse", "style": "filled", "fillcolor": fill, "color": border, "fontcolor": text},
        "wrt": {"penwidth": "2.5", "color": text},
        "intermediate": {
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": fill,
            "color": border,
            "fontcolor": text,
        },
        "output": {
            "shape": "box",
            "style": "rounded,filled,bold",
            "peripheries": "2",
            "fillcolor": fill,
            "color": text,
            "fontcolor": text,
        },
        "summary": {
            "shape": "box",
            "style": "rounded,dashed,filled",
            "fillcolor": fill,
            "color": border,
            "fontcolor": text,
            "fontsize": "12",
        },
        "edge": {"color": neutral, "fontcolor": text, "penwidth": "1.2"},
        # a vector's entries (w = [w1, w2, w3]) sit in one box
        "cluster": {"style": "rounded,dashed", "color": border, "fontcolor": text, "labeljust": "l"},
        "path": {"penwidth": "2.2"},
        "shared": {"color": border, "fontcolor": text, "penwidth": "4"},
        "link": {"color": border, "fontcolor": text, "style": "dashed", "penwidth": "2"},
        "highlighted": {"penwidth": "3.6"},
        "faded": {"color": faded, "fontcolor": faded},
        # a walkthrough's current step (explorer.drawing.views): the Okabe–Ito vermillion
        "current": {"color": "#D55E00", "penwidth": "3.2"},
    }


def _slides(background: str) -> dict:
    """The presentation theme: large type, dark lines thick enough for a projector, on white or nothing."""
    theme = _theme(
        background, "#000000", "#ffffff" if background == "white" else "#ffffffe6", "#4d4d4d", "#5c5c5c", "#b8b8b8"
    )
    theme["input"]["penwidth"] = theme["intermediate"]["penwidth"] = theme["output"]["penwidth"] = "2"
    theme["wrt"]["penwidth"] = "4"
    theme["edge"]["penwidth"] = "2.4"
    theme["path"]["penwidth"] = "4.5"
    theme["shared"]["penwidth"] = "6"
    theme["link"]["penwidth"] = "3"
    theme["highlighted"]["penwidth"] = "7"
    theme["current"]["penwidth"] = "5.5"
    theme["summary"]["fontsize"] = "19"
    theme["node"] = {"fontsize": "24", "margin": "0.18,0.1"}
    theme["edges"] = {"fontsize": "19", "arrowsize": "1.2"}
    theme["graph"].update({"nodesep": "0.45", "ranksep": "0.75", "fontsize": "19"})
    return theme


#: Type size of a compact drawing (every label alike) and its spacing: what a slide frame scales.
COMPACT_FONT = 10


def _compact(theme: dict) -> dict:
    """A theme's colours with the line widths of the page themes, one type size and tight spacing.

    On a 16:9 slide (:mod:`explorer.drawing.slide`) the drawing is scaled so that this type is legible;
    spacing and lines are set in proportion to it, so the picture holds as much as the frame allows.
    """
    widths = _theme("white", "#000000", "#ffffff", "#000000", "#000000", "#000000")
    compact = {role: dict(attrs) for role, attrs in theme.items()}
    for role, attrs in widths.items():
        if "penwidth" in attrs:
            compact[role]["penwidth"] = attrs["penwidth"]
    for role in ("input", "intermediate", "output"):
        compact[role].pop("penwidth", None)
    compact["input"].update(shape="box", style="filled")  # square corners: an ellipse takes half as much room again
    size = str(COMPACT_FONT)
    compact["summary"]["fontsize"] = size
    compact["node"] = {"fontsize": size, "margin": "0.08,0.03", "height": "0.3", "width": "0.4"}
    compact["edges"] = {"fontsize": size, "arrowsize": "0.6"}
    compact["graph"] = {**theme["graph"], "nodesep": "0.14", "ranksep": "0.14", "fontsize": size, "pad": "0.03"}
    compact["cluster"] = {**theme["cluster"], "margin": "4"}
    return compact


def compact(theme: str) -> str:
    """The name of ``theme``'s compact variant (:data:`STYLE` has one per theme; :data:`THEMES` offers none).

    Examples
    --------
    >>> compact("slides"), STYLE[compact("slides")]["node"]["fontsize"]
    ('slides:compact', '10')
    """
    return theme if theme.endswith(":compact") else f"{theme}:compact"


def _themes() -> dict:
    themes = {
        "light": _theme("white", "#1f1f1f", "#f4f4f6", "#8a8a94", "#a0a0a8", "#c8c8cc"),
        "dark": _theme("#0e1117", "#f0f0f2", "#262730", "#8b8d98", "#6b6d78", "#44464f"),
        # for slides: no background; node fills stay nearly opaque so labels read on any slide,
        # dark ink for light slides, light ink for dark ones
        "transparent": _theme("transparent", "#1f1f1f", "#ffffffd9", "#8a8a94", "#8f8f98", "#c0c0c6"),
        "transparent-dark": _theme("transparent", "#f4f4f6", "#1b1d24d9", "#a6a8b2", "#9a9ca6", "#5a5c66"),
        # the presentation theme: large type and projector-proof lines, on white or on nothing
        "slides": _slides("white"),
        "slides-transparent": _slides("transparent"),
    }
    return {**themes, **{compact(name): _compact(theme) for name, theme in themes.items()}}


#: Graphviz attributes per theme and role (node kinds, the chosen input, summary boxes, edges on no
#: path, on a path, on many paths, into a summary, highlighted, faded, a walkthrough's current step),
#: and per theme a compact variant for slide frames (:func:`compact`).
STYLE: Mapping[str, Mapping[str, Mapping[str, str]]] = _frozen(_themes())

#: Graph themes -> how the page and the CLI name them.
THEMES: Mapping[str, str] = MappingProxyType(
    {
        "light": "Light",
        "dark": "Dark",
        "transparent": "Transparent, for light slides",
        "transparent-dark": "Transparent, for dark slides",
        "slides": "Slides: large, white",
        "slides-transparent": "Slides: large, transparent",
    }
)

#: Graph, node and edge attributes of every theme (a theme may add to them).
#:
#: Ranks and nodes sit close (inches): an edge's label keeps its own room, so more space only makes the
#: drawing larger, and smaller on a screen.
GRAPH = {"fontname": FONT, "nodesep": "0.3", "ranksep": "0.4", "pad": "0.2", "fontsize": "12", "labelloc": "b"}
NODE = {"fontname": FONT, "fontsize": "14", "margin": "0.12,0.06"}
EDGE = {"fontname": FONT, "fontsize": "11", "arrowsize": "0.8"}
