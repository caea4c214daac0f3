r"""A drawing laid out by Graphviz as a TikZ picture: the same shapes, colours and text, in LaTeX.

Graphviz's JSON output (``-Tjson``) carries every drawing operation in the
xdot format: pen and fill colours, line styles, ellipses, polygons, Bézier
splines and text. :func:`picture` writes them as TikZ commands, with
coordinates in points, so a graph can go into a LaTeX document (a Beamer
deck, :mod:`explorer.exports.beamer`) and compile with nothing but TeX Live: no
image files. Colours are named by their hex value (:func:`colour_name`);
text is escaped for LaTeX (:func:`explorer.exports.texfile.escape`), and its Unicode
characters (∂, ², σ) are left for the document's ``\DeclareUnicodeCharacter``
lines to define (:func:`explorer.exports.texfile.standalone`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .texfile import escape

__all__ = ["colour_name", "colours", "picture"]

#: Graphviz colour names our styles use, as hex.
NAMED = {"black": "000000", "white": "FFFFFF", "grey": "C0C0C0", "gray": "C0C0C0"}

_HEX = re.compile(r"#?([0-9A-Fa-f]{6})([0-9A-Fa-f]{2})?")


def _parse_colour(colour: str) -> tuple[str, float] | None:
    """(RRGGBB, opacity) of a Graphviz colour; None when it draws nothing."""
    colour = colour.strip()
    if colour.lower() in ("transparent", "none", "invis"):
        return None
    match = _HEX.fullmatch(colour)
    if match is None:
        return NAMED.get(colour.lower(), "000000"), 1.0
    alpha = int(match.group(2), 16) / 255 if match.group(2) else 1.0
    return None if alpha == 0 else (match.group(1).upper(), alpha)


def colour_name(hex6: str) -> str:
    """The name :func:`picture` uses for a colour (define it with :func:`colours`).

    Examples
    --------
    >>> colour_name("0072b2")
    'gv0072B2'
    """
    return "gv" + hex6.upper()


def colours(names: Iterable[str]) -> str:
    r"""``\definecolor`` lines for colour names made by :func:`colour_name`.

    Examples
    --------
    >>> colours(["gv0072B2"])
    '\\definecolor{gv0072B2}{HTML}{0072B2}'
    """
    return "\n".join(rf"\definecolor{{{n}}}{{HTML}}{{{n[2:]}}}" for n in sorted(set(names)))


def _xy(point) -> str:
    return f"({point[0]:.2f},{point[1]:.2f})"


def _bezier(points: list) -> str:
    path = _xy(points[0])
    for i in range(1, len(points) - 2, 3):
        path += f" .. controls {_xy(points[i])} and {_xy(points[i + 1])} .. {_xy(points[i + 2])}"
    return path


def _ellipse(rect: list) -> str:
    x, y, rx, ry = rect
    return f"({x:.2f},{y:.2f}) ellipse [x radius={rx:.2f}, y radius={ry:.2f}]"


class _Pen:
    """The drawing state within one list of xdot operations."""

    def __init__(self, used: set[str]):
        self.used = used
        self.pen: tuple[str, float] | None = ("000000", 1.0)
        self.fill: tuple[str, float] | None = ("000000", 1.0)
        self.width = 1.0
        self.dash = ""
        self.size = 14.0

    def _colour(self, key: str, colour: tuple[str, float] | None) -> list[str]:
        if colour is None:
            return []
        name = colour_name(colour[0])
        self.used.add(name)
        options = [f"{key}={name}"]
        if colour[1] < 1:
            options.append(f"{key} opacity={colour[1]:.2f}")
        return options

    def stroke(self, filled: bool) -> str | None:
        """TikZ options to draw (and fill) a shape; None when it would draw nothing."""
        options = self._colour("draw", self.pen) if self.pen else []
        if filled and self.fill:
            options += self._colour("fill", self.fill)
        if not options:
            return None
        options += [f"line width={self.width:.2f}pt"] + ([self.dash] if self.dash else [])
        return ", ".join(options)

    def style(self, style: str) -> None:
        width = re.fullmatch(r"setlinewidth\(([0-9.]+)\)", style)
        if width:
            self.width = float(width.group(1))
        elif style in ("dashed", "dotted"):
            self.dash = style
        elif style == "solid":
            self.dash = ""
        elif style == "bold":
            self.width = 2.0


def _operations(ops: Iterable[Mapping], used: set[str]) -> list[str]:
    pen = _Pen(used)
    lines = []
    for op in ops:
        kind = op["op"]
        if kind == "c":
            pen.pen = _parse_colour(op["color"])
        elif kind == "C":
            pen.fill = _parse_colour(op["color"])
        elif kind == "S":
            pen.style(op["style"])
        elif kind == "F":
            pen.size = float(op["size"])
        elif kind in "EePpLBb":
            filled = kind in "EPB"
            if kind in "Ee":
                shape = _ellipse(op["rect"])
            elif kind in "Bb":
                shape = _bezier(op["points"])
            else:
                shape = " -- ".join(_xy(p) for p in op["points"]) + (" -- cycle" if kind in "Pp" else "")
            options = pen.stroke(filled)
            if options:
                lines.append(rf"\path[{options}] {shape};")
        elif kind == "T" and pen.pen is not None:
            anchor = {"l": "base west", "r": "base east"}.get(op.get("align", "c"), "base")
            colour = pen._colour("text", pen.pen)
            size = f"\\fontsize{{{pen.size:.1f}}}{{{pen.size * 1.2:.1f}}}\\selectfont"
            options = ", ".join([f"anchor={anchor}", "inner sep=0", f"font={size}", *colour])
            lines.append(rf"\node[{options}] at {_xy(op['pt'])} {{{escape(op['text'])}}};")
    return lines


def picture(drawing: Mapping) -> tuple[str, set[str]]:
    r"""A Graphviz JSON drawing as a ``tikzpicture``, and the colour names it uses.

    Parameters
    ----------
    drawing : Mapping
        Graphviz's ``-Tjson`` output, parsed (:func:`explorer.drawing.layout.to_json`);
        one unit is a point. Scale the picture as a whole (``\scalebox``)
        so that text and lines keep their proportions.

    Returns
    -------
    (str, set of str)
        The picture, and the colour names to define with :func:`colours`.

    Examples
    --------
    >>> from explorer.drawing.layout import to_json
    >>> tex, used = picture(to_json('digraph { x -> y [color="#0072B2"] }'))
    >>> tex.splitlines()[0], sorted(used)
    ('\\begin{tikzpicture}[x=1pt, y=1pt]', ['gv000000', 'gv0072B2', 'gvFFFFFF'])
    """
    used: set[str] = set()
    lines = _operations(drawing.get("_draw_", []), used)
    for obj in drawing.get("objects", []):
        for key in ("_draw_", "_ldraw_"):
            lines += _operations(obj.get(key, []), used)
    for edge in drawing.get("edges", []):
        for key in ("_draw_", "_tdraw_", "_hdraw_", "_ldraw_"):
            lines += _operations(edge.get(key, []), used)
    body = "\n".join(lines)
    return f"\\begin{{tikzpicture}}[x=1pt, y=1pt]\n{body}\n\\end{{tikzpicture}}", used
