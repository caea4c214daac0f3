"""The walkthrough drawn frame by frame: laid out once, every step drawn in the same place.

Labels grow as a walkthrough goes on (values, derivatives, contributions),
and Graphviz would move every node to make room, so the frames would jump.
Instead the graph is laid out once with, for every node and edge, the
largest label it will ever have (:func:`pins`); each step is then drawn with
nodes and edges pinned where that layout put them (``neato -n2``):
:func:`laid_out` is that one layout, for the page's step view and for the
16:9 frames and slides (:mod:`explorer.exports.slides`, :mod:`explorer.exports.beamer`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import graphviz

from ..calculus.result import Analysis
from ..calculus.walkthrough import WalkStep
from . import dot, layout, views
from .condense import View, view
from .fit import Frame, measure, orientations, room, styles
from .labels import edge_lines, escape, node_lines
from .views import Overrides, step_overrides

__all__ = ["PACKINGS", "Laid", "frame_names", "laid_out", "packed", "pins", "step_dot", "step_png", "step_svg"]


def _widest(labels: Sequence[str]) -> str:
    """A label as wide as the widest and as tall as the tallest of ``labels`` (lines joined by ``\\n``)."""
    lines = [label.split("\\n") for label in labels]
    longest = max((line for split in lines for line in split), key=len)
    return "\\n".join([longest] + ["·"] * (max(len(split) for split in lines) - 1))


#: How a label's lines are set: as drawn, each value after its formula (``u1 = x² = 0.25``), or all on one.
PACKINGS = ("lines", "equalities", "line")


def packed(label: str, packing: str = "lines") -> str:
    """A label (lines joined by Graphviz's ``\\n``) with its lines set as ``packing`` says.

    A top-to-bottom drawing stacks its labels: fewer, wider lines make it
    shorter, which is what a slide lacks.

    Examples
    --------
    >>> label = escape("u1 = x²", "= 0.25", "dy/du1 = 0.5")
    >>> print(packed(label, "equalities"))
    u1 = x² = 0.25\\ndy/du1 = 0.5
    >>> print(packed(label, "line"))
    u1 = x² = 0.25; dy/du1 = 0.5
    """
    if packing not in PACKINGS:
        raise ValueError(f"packing must be one of {', '.join(PACKINGS)}, not {packing!r}")
    lines = str(label).split("\\n")
    if packing != "lines":
        joined: list[str] = []
        for line in lines:
            if joined and line.startswith("= "):
                joined[-1] += " " + line
            else:
                joined.append(line)
        lines = joined if packing == "equalities" else ["; ".join(joined)]
    return graphviz.nohtml("\\n".join(lines))


def _labels(analysis: Analysis, drawn: View, labels: str, packing: str = "lines") -> dict[str, str]:
    """The label of every drawn element as the paths view draws it; packed, a grey box says only what it holds."""
    found = {f"node-{i}": escape(*node_lines(analysis, analysis.nodes[i], labels)) for i in drawn.nodes}
    parallel = analysis.flow.parallel
    for e in drawn.edges:
        edge = analysis.edges[e]
        found[f"edge-{e}"] = escape(*edge_lines(analysis, e, labels, (edge.source, edge.target) in parallel))
    for k, box in enumerate(drawn.summaries):
        count = f"{len(box.members):,} nodes" if len(box.members) > 1 else "1 node"
        found[f"summary-{k}"] = escape(*box.lines) if packing == "lines" else escape(f"{box.lines[1]} ({count})")
    return found


def pins(
    analysis: Analysis,
    walk: Sequence[WalkStep],
    *,
    labels: str = "both",
    theme: str = "light",
    shown: View | None = None,
    orientation: str = "auto",
    caption: bool = True,
) -> Overrides:
    """Where every node and edge goes in every step of ``walk``: one Graphviz layout, as overrides.

    Nodes (and the grey boxes of a condensed graph) get their position and a
    fixed size (``pos``, ``width``, ``height``, ``fixedsize``), edges (and the
    links to the boxes) their spline and label position (``pos``, ``lp``),
    from a layout in which each carries the largest label of any step; ``bb``
    is the drawing's bounding box.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("x*x**2")
    >>> sorted(pins(a, views.walk(a))["node-0"])
    ['fixedsize', 'height', 'pos', 'width']
    """
    return _placed(analysis, walk, labels, theme, shown or view(analysis), orientation, caption, "lines")[0]


def _placed(
    analysis: Analysis,
    walk: Sequence[WalkStep],
    labels: str,
    theme: str,
    drawn: View,
    orientation: str,
    caption: bool,
    packing: str,
) -> tuple[Overrides, tuple[float, float]]:
    """:func:`pins`, and the drawing's size in points."""
    candidates = {element: [label] for element, label in _labels(analysis, drawn, labels, packing).items()}
    for k in range(len(walk)):
        for element, attrs in step_overrides(analysis, walk, k, labels, theme, shown=drawn).items():
            if "label" in attrs and element in candidates:  # the gradients view labels hidden nodes too
                candidates[element].append(str(attrs["label"]))
    widest = {
        element: {"label": graphviz.nohtml(_widest([packed(label, packing) for label in found]))}
        for element, found in candidates.items()
    }
    source = dot.to_dot(
        analysis, labels=labels, theme=theme, overrides=widest, shown=drawn, orientation=orientation, caption=caption
    )
    placed = layout.to_json(source)
    found: Overrides = {}
    for obj in placed.get("objects", []):
        if str(obj.get("id", "")).startswith(("node-", "summary-")):  # the grey boxes of a condensed graph too
            found[obj["id"]] = {"pos": obj["pos"], "width": obj["width"], "height": obj["height"], "fixedsize": "true"}
        elif str(obj.get("id", "")).startswith("vector-") and "bb" in obj:  # a vector's box, with its name
            found[obj["id"]] = {"bb": obj["bb"], **({"lp": obj["lp"]} if "lp" in obj else {})}
    for edge in placed.get("edges", []):
        if str(edge.get("id", "")).startswith(("edge-", "link-")):
            found[edge["id"]] = {"pos": edge["pos"], **({"lp": edge["lp"]} if "lp" in edge else {})}
    x0, y0, x1, y1 = (float(v) for v in placed.get("bb", "0,0,0,0").split(","))
    return found, (x1 - x0, y1 - y0)


def step_dot(
    analysis: Analysis,
    walk: Sequence[WalkStep],
    k: int,
    pinned: Overrides,
    *,
    labels: str = "both",
    theme: str = "light",
    shown: View | None = None,
    orientation: str = "auto",
    caption: bool = True,
) -> str:
    """DOT of step ``k``, every node and edge where :func:`pins` put it (draw it with ``pinned=True``).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("x*x")
    >>> walk = views.walk(a)
    >>> 'pos="' in step_dot(a, walk, 0, pins(a, walk))
    True
    """
    drawn = step_overrides(analysis, walk, k, labels, theme, shown=shown)
    merged = {
        element: {**drawn.get(element, {}), **pinned.get(element, {})} for element in drawn.keys() | pinned.keys()
    }
    return dot.to_dot(
        analysis, labels=labels, theme=theme, overrides=merged, shown=shown, orientation=orientation, caption=caption
    )


@dataclass(frozen=True)
class Laid:
    """A walkthrough laid out once: its steps, what is drawn of the graph, and where everything goes.

    Attributes
    ----------
    analysis : Analysis
    walk : tuple of WalkStep
        The steps, as :func:`explorer.drawing.views.walk` makes them for ``shown``.
    shown : View
        What is drawn of the graph (:func:`explorer.drawing.condense.view`).
    pinned : Overrides
        Where every element goes (:func:`pins`).
    labels, theme, orientation : str
        How it is drawn (an orientation of 'auto' is the graph's own, :func:`explorer.drawing.dot.orient`).
    caption : bool
        Whether the picture says what a condensed drawing leaves out.
    size : (float, float)
        Width and height of the drawing, in points, at Graphviz's own scale.
    packing : str
        How the labels' lines are set (:data:`PACKINGS`).
    """

    analysis: Analysis
    walk: tuple[WalkStep, ...]
    shown: View
    pinned: Overrides
    labels: str
    theme: str
    orientation: str
    caption: bool
    size: tuple[float, float]
    packing: str = "lines"

    def dot(self, k: int) -> str:
        """DOT of step ``k``, in the one layout (draw it with ``pinned=True``)."""
        pinned = self.pinned
        if self.packing != "lines":  # every label set as packed, the ones the step leaves as they are too
            drawn = step_overrides(self.analysis, self.walk, k, self.labels, self.theme, shown=self.shown)
            base = _labels(self.analysis, self.shown, self.labels, self.packing)
            pinned = {
                element: {
                    **attrs,
                    "label": packed(drawn.get(element, {}).get("label", base.get(element, "")), self.packing),
                }
                if element in base
                else attrs
                for element, attrs in self.pinned.items()
            }
        return step_dot(
            self.analysis,
            self.walk,
            k,
            pinned,
            labels=self.labels,
            theme=self.theme,
            shown=self.shown,
            orientation=self.orientation,
            caption=self.caption,
        )


def laid_out(
    analysis: Analysis,
    mode: str = "paths",
    *,
    labels: str = "both",
    theme: str = "light",
    shown: View | None = None,
    orientation: str = "auto",
    caption: bool = True,
    packing: str = "lines",
) -> Laid:
    """The walkthrough of ``analysis`` in ``mode``, laid out once for every step (one Graphviz run).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> laid = laid_out(explained("x*x**2"), "reverse")
    >>> len(laid.walk), laid.size[0] > laid.size[1] > 0
    (7, True)
    """
    drawn = shown or view(analysis)
    walk = views.walk(analysis, mode, shown=drawn)
    pinned, size = _placed(analysis, walk, labels, theme, drawn, orientation, caption, packing)
    return Laid(analysis, walk, drawn, pinned, labels, theme, orientation, caption, size, packing)


def _laid_for(
    analysis: Analysis, mode: str, labels: str, theme: str, orientation: str, frame: Frame | None, k: int
) -> tuple[Laid, str | None]:
    """The walkthrough laid out in ``orientation``, or for ``frame`` in the first look and direction whole and
    readable there (:func:`explorer.drawing.fit.styles`; and step ``k``'s SVG, drawn to measure it). Every step
    makes the same choice: the layout holds every step's largest labels."""
    if frame is None:
        return laid_out(analysis, mode, labels=labels, theme=theme, orientation=orientation), None
    best: tuple[float, Laid, str] | None = None
    tries = [(look, direction) for look in styles(theme) for direction in orientations(frame, orientation)]
    for look, direction in tries:
        laid = laid_out(analysis, mode, labels=labels, theme=look, orientation=direction)
        svg = layout.to_svg(laid.dot(k), pinned=True)
        found = room(measure(svg), frame)
        if best is None or found > best[0]:
            best = (found, laid, svg)
        if found >= 1:
            break
    assert best is not None
    return best[1], best[2]


def step_svg(
    analysis: Analysis,
    mode: str,
    k: int,
    *,
    labels: str = "both",
    theme: str = "light",
    orientation: str = "auto",
    frame: Frame | None = None,
) -> str:
    """Step ``k`` of the walkthrough in ``mode`` as SVG, in the walkthrough's one layout.

    ``frame`` (a page's viewer): the direction in which the steps are whole
    and readable there, as :func:`explorer.drawing.fallback.draw` chooses it.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> "dy/dx = 1" in step_svg(explained("x*x"), "forward", 3)
    True
    """
    laid, svg = _laid_for(analysis, mode, labels, theme, orientation, frame, k)
    return svg if svg is not None else layout.to_svg(laid.dot(k), pinned=True)


def step_png(
    analysis: Analysis,
    mode: str,
    k: int,
    *,
    labels: str = "both",
    theme: str = "light",
    scale: int = 2,
    orientation: str = "auto",
    frame: Frame | None = None,
) -> bytes:
    """Step ``k`` of the walkthrough in ``mode`` as PNG, in the walkthrough's one layout (as :func:`step_svg`).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> step_png(explained("x*x"), "reverse", 0, scale=1)[:4]
    b'\\x89PNG'
    """
    laid, _ = _laid_for(analysis, mode, labels, theme, orientation, frame, k)
    return layout.to_png(laid.dot(k), scale, pinned=True)


def frame_names(count: int) -> list[str]:
    """File names of ``count`` frames, sorting in order: ``step-01.png`` ...

    Examples
    --------
    >>> frame_names(3), frame_names(12)[-1]
    (['step-1.png', 'step-2.png', 'step-3.png'], 'step-12.png')
    """
    width = len(str(count))
    return [f"step-{k:0{width}d}.png" for k in range(1, count + 1)]
