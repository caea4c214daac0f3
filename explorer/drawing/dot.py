"""Draw an analysis as Graphviz DOT: the data-flow graph with its paths told apart.

Node labels name the variable and its operation (``u1 = x³``), edge labels
the local partial (``∂u2/∂u1 = cos(u1)``) and its value at the point. The
first seven paths each have an Okabe–Ito colour and a dash pattern
(:mod:`explorer.colours`); an edge on a few of them carries their colours
side by side, an edge on many is drawn thick and grey with a count. Graphs
too large to read are condensed first (:mod:`explorer.drawing.condense`), and the
orientation follows the graph's shape: left to right for wide graphs, top to
bottom for deep ones. The look is data, per theme (:mod:`explorer.drawing.styles`).
DOT is built only through :class:`graphviz.Digraph`, with every label
escaped, so user text is never read as DOT, HTML-like labels or escapes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from itertools import pairwise
from types import MappingProxyType
from typing import NamedTuple

import graphviz

from ..calculus.result import Analysis
from ..colours import PALETTE, colour, dash, strong
from ..language.printing import superscript
from .condense import View, orient, view
from .labels import BARE, CAPTION_LINE, LABELS, VALUES, edge_lines, escape, node_lines, wrapped
from .styles import EDGE, FONT, GRAPH, NODE, STYLE, THEMES

__all__ = [
    "FONT",
    "MAX_STRIPES",
    "ORIENTATIONS",
    "PALETTE",
    "STYLE",
    "THEMES",
    "colour",
    "orient",
    "to_dot",
]

#: Hex alpha appended to a path colour to fade it when another path is highlighted.
FADE_ALPHA = "38"

#: An edge on at most this many paths carries their colours side by side; on more, it is thick, grey and counted.
MAX_STRIPES = 3


#: Graph orientations -> how the page and the CLI name them; 'auto' chooses by the graph's shape.
ORIENTATIONS: Mapping[str, str] = MappingProxyType({"auto": "Auto", "LR": "Left to right", "TB": "Top to bottom"})


#: Graphviz's weight of an edge on a path (others have 1): the paths are drawn as straight as it can.
PATH_WEIGHT = "4"


def to_dot(
    analysis: Analysis,
    *,
    highlight: int | None = None,
    labels: str = "both",
    theme: str = "light",
    orientation: str = "auto",
    shown: View | None = None,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    marks: Collection[tuple[int, int]] | None = None,
    rules: bool = False,
    highlights: Sequence[int] = (),
    caption: bool = True,
) -> str:
    """Draw the data-flow graph and its paths as DOT source.

    Parameters
    ----------
    analysis : Analysis
        From :func:`explorer.analyze`.
    highlight : int, optional
        Index into ``analysis.paths`` of a path to draw bold; the others fade.
    labels : {'both', 'symbolic', 'numeric'}
        Edge labels: the local partial as an expression, its value at the
        point, or both.
    theme : str
        A key of :data:`THEMES`: colours of the background, nodes and text,
        type size and line widths (see :data:`STYLE`); the transparent themes
        are for slides, with dark ink (light slides) or light ink (dark
        slides), the ``slides`` themes add large type and thick lines.
    orientation : {'auto', 'LR', 'TB'}
        Left to right, top to bottom, or chosen by :func:`orient`.
    shown : View, optional
        What to draw (:func:`explorer.drawing.condense.view`); by default the whole
        graph, or a condensed one past :data:`explorer.drawing.condense.MAX_NODES`.
    overrides : Mapping, optional
        Graphviz attributes by element id (``node-3``, ``edge-0``) that
        replace the drawn ones: how a view or a walkthrough step
        (:mod:`explorer.drawing.views`) relabels, recolours and pins the graph
        (the grey boxes and their links too: ``summary-0``, ``link-0``).
        Labels given here must be made with :func:`escape`.
    marks : collection of (path index, edge index), optional
        Draw only these steps in their path's colour, bold, and fade every
        other edge: what a learner's answer missed (:func:`explorer.answer.feedback.marks`).
        Empty: no path in colour, no fading (an exercise hides the paths).
        Overrides ``highlight``.
    rules : bool, default False
        Also name, under each edge's partial, the differentiation rule it comes from.
    highlights : sequence of int, optional
        Several paths to draw bold (a Jacobian entry's paths), when ``highlight`` is None.
    caption : bool, default True
        Say under the picture what a condensed drawing leaves out (slides say it beside the picture).

    Returns
    -------
    str
        DOT source; the same analysis and options give byte-identical text.

    Raises
    ------
    ValueError
        For an unknown option or a path index out of range.

    Notes
    -----
    Path ``k`` is drawn in ``colour(k)`` with line style ``dash(k)``
    (:mod:`explorer.colours`): the first seven in colour, the rest grey. An
    edge on at most :data:`MAX_STRIPES` paths, all of them listed, gets their
    colours as parallel strokes; an edge on more is thick and grey, labelled
    with its exact number of paths. Edges on no path are thin and grey.
    Parallel edges (``x*x`` feeds ``x`` twice into one node) stay separate,
    each labelled with its operand. Nodes show their operation and, unless
    ``labels`` is ``'symbolic'``, their value. Cost is linear in the number of
    nodes, edges and listed path steps. The entries of each named vector
    (``w = [w1, w2, w3]``) are drawn in a box of their own, as a column in
    either direction. The chosen input comes first and the outputs last;
    other inputs sit beside the step that uses them, and edges on a path are
    weighted so that the paths run straight. Long operations, partials and
    captions wrap (:data:`LINE`, :data:`EDGE_LINE`, :data:`CAPTION_LINE`),
    so that one long label does not make the drawing wide.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> dot = to_dot(explained("x*x**2", at={"x": 2}))
    >>> print(dot.splitlines()[0])
    digraph "chain rule" {
    >>> print([line.strip() for line in dot.splitlines() if "->" in line][0])  # doctest: +NORMALIZE_WHITESPACE
    x -> u1 [label="∂u1/∂x = 2·x\\n= 4" class="path-0" color="#0072B2" fontcolor="#1f1f1f"
             id="edge-0" penwidth=2.2 style=solid weight=4]
    """
    if theme not in STYLE:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    if labels not in LABELS and labels not in (VALUES, BARE):
        raise ValueError(f"labels must be one of {', '.join(LABELS)}, not {labels!r}")
    if orientation not in ORIENTATIONS:
        raise ValueError(f"orientation must be one of {', '.join(ORIENTATIONS)}, not {orientation!r}")
    for k in [highlight] if highlight is not None else highlights:
        if not 0 <= k < len(analysis.paths):
            raise ValueError(f"there is no path {k!r}; paths are numbered 0 to {len(analysis.paths) - 1}")
    if marks is not None:
        marks = frozenset(marks)
        for k, e in marks:
            if not (0 <= k < len(analysis.paths) and e in analysis.paths[k].edges):
                raise ValueError(f"there is no edge {e!r} on a path {k!r} to mark")
    chosen = {highlight} if highlight is not None else set(highlights)
    shown = shown or view(analysis, highlight if highlight is not None else min(chosen, default=None))
    rankdir = orientation if orientation != "auto" else orient(analysis, shown)
    options = _Drawing(chosen, labels, STYLE[theme], rankdir, overrides or {}, marks, rules, caption)
    return _draw(analysis, shown, options).source


class _Drawing(NamedTuple):
    chosen: set[int]  # highlighted paths (one, or a Jacobian entry's)
    labels: str
    style: Mapping
    rankdir: str
    overrides: Mapping
    marks: frozenset | None
    rules: bool
    caption: bool


def _clusters(analysis: Analysis, drawn: set[str]) -> dict[str, list[str]]:
    """Vector name -> the drawn nodes in its box; a node already in an earlier vector stays there."""
    placed: set[str] = set()
    boxes: dict[str, list[str]] = {}
    for name, entries in analysis.flow.vectors:
        members = [e for e in dict.fromkeys(entries) if e is not None and e in drawn and e not in placed]
        if members:
            boxes[name] = members
            placed.update(members)
    return boxes


def _draw(analysis: Analysis, shown: View, options: _Drawing) -> graphviz.Digraph:
    chosen, labels, style, overrides = options.chosen, options.labels, options.style, options.overrides
    graph_attr = {"rankdir": options.rankdir, **GRAPH, **style["graph"]}
    if shown.note and options.caption:
        graph_attr["label"] = escape(*wrapped(shown.note, CAPTION_LINE))
    node_attr = {**NODE, **style.get("node", {})}
    edge_attr = {**EDGE, **style.get("edges", {})}
    graph = graphviz.Digraph("chain rule", graph_attr=graph_attr, node_attr=node_attr, edge_attr=edge_attr)
    flow = analysis.flow
    drawn = set(shown.nodes)
    boxes = _clusters(analysis, {flow.nodes[i].id for i in drawn})
    boxed = {node for members in boxes.values() for node in members}
    if boxes:
        graph.attr(newrank="true")  # rank constraints hold across the vectors' boxes
    order = {n.id: i for i, n in enumerate(flow.nodes)}
    columns: set[str] = set()  # entries below the first of a vector drawn as a column (top to bottom)
    for k, (name, members) in enumerate(boxes.items()):
        with graph.subgraph(name=f"cluster_{k}") as box:
            box.attr(label=escape(name), id=f"vector-{k}", **{**style["cluster"], **overrides.get(f"vector-{k}", {})})
            _add_nodes(box, analysis, [(order[m], flow.node(m)) for m in members], labels, style, overrides)
            kinds = {flow.node(m).kind for m in members}
            if len(kinds) == 1 and kinds != {"intermediate"}:
                # inputs (or outputs) share a column: hidden edges keep the entries in order, first on top
                if options.rankdir == "LR":
                    box.attr(rank="same")
                    for upper, lower in pairwise(members):
                        box.edge(escape(lower), escape(upper), style="invis")
                else:  # top to bottom, a column is a rank each
                    for upper, lower in pairwise(members):
                        box.edge(escape(upper), escape(lower), style="invis")
                    columns.update(members[1:])
    # the chosen input(s) first and the outputs last; every other node where its operands put it, so an
    # input used late (a bias, a target) sits beside its use instead of widening the first rank
    first = set(analysis.wrt_inputs)
    for rank, kind in (("source", "input"), (None, "input"), (None, "intermediate"), ("sink", "output")):
        pinned = kind == "output" or (rank == "source")
        nodes = [
            (i, n)
            for i, n in enumerate(flow.nodes)
            if n.kind == kind and i in drawn and n.id not in boxed and (kind != "input" or (n.id in first) == pinned)
        ]
        if rank is None:
            _add_nodes(graph, analysis, nodes, labels, style, overrides)
            continue
        with graph.subgraph() as group:
            group.attr(rank=rank)
            _add_nodes(group, analysis, nodes, labels, style, overrides)
            for node in _members_of(boxed, flow, kind):  # boxed inputs and outputs keep their rank too (newrank)
                if (kind == "output" or node in first) and node not in columns:
                    group.node(escape(node))
    for k, summary in enumerate(shown.summaries):
        attrs = {"label": escape(*summary.lines), "id": f"summary-{k}", "class": "summary", **style["summary"]}
        graph.node(summary.id, **{**attrs, **overrides.get(f"summary-{k}", {})})

    on_paths: dict[int, list[int]] = {}
    for k, path in enumerate(analysis.paths):
        for edge_index in path.edges:
            on_paths.setdefault(edge_index, []).append(k)
    for i in shown.edges:
        edge = flow.edges[i]
        listed, count = on_paths.get(i, []), shown.paths[i]
        if options.marks is None:
            attrs = _edge_style(listed, count, chosen, style)
        else:
            attrs = _marked_style(listed, i, options.marks, style)
        lines = list(edge_lines(analysis, i, labels, (edge.source, edge.target) in flow.parallel, options.rules))
        if attrs.pop("counted", None):
            lines.append(_paths_label(count))
        attrs = {
            "label": escape(*lines),
            "id": f"edge-{i}",
            "class": " ".join(f"path-{k}" for k in listed) or "off-path",
            **attrs,
        }
        if count:  # Graphviz keeps heavier edges short and straight: the paths run straight, side inputs bend
            attrs["weight"] = PATH_WEIGHT
        graph.edge(escape(edge.source), escape(edge.target), **{**attrs, **overrides.get(f"edge-{i}", {})})
    for k, link in enumerate(shown.links):
        listed = sorted({p for i in link.edges for p in on_paths.get(i, [])})
        source, target = (escape(n) if not n.startswith("hidden-") else n for n in (link.source, link.target))
        attrs = dict(style["link"])
        bold = [p for p in listed if p in chosen]
        if bold:
            attrs.update(color=strong(bold[0], style["graph"]["fontcolor"]), **style["highlighted"])
        elif chosen:
            attrs.update(style["faded"])
        edges = f"{len(link.edges):,} edges" if len(link.edges) > 1 else "1 edge"
        lines = [edges, _paths_label(link.paths)] if link.paths > 1 else [edges]
        lines = lines if labels != BARE else []  # bare: no edge says anything, the links neither
        cls = " ".join(f"path-{p}" for p in listed) or "off-path"
        attrs = {"label": escape(*lines), "id": f"link-{k}", "class": cls, **attrs, **overrides.get(f"link-{k}", {})}
        graph.edge(source, target, **attrs)
    return graph


def _members_of(boxed: set[str], flow, kind: str) -> list[str]:
    """The boxed nodes of one kind, in evaluation order."""
    return [node.id for node in flow.nodes if node.kind == kind and node.id in boxed]


def _paths_label(count: int) -> str:
    """×12 paths, ×1.607·10⁶⁰ paths: the exact count when short, else four digits and a power of ten."""
    digits = str(count)
    if len(digits) <= 7:
        return f"×{count:,} paths"
    return f"×{digits[0]}.{digits[1:4]}·10{superscript(len(digits) - 1)} paths"


def _add_nodes(
    graph: graphviz.Digraph, analysis: Analysis, nodes: list, labels: str, style: Mapping, overrides: Mapping
) -> None:
    for i, node in nodes:
        attrs = {
            "label": escape(*node_lines(analysis, node, labels)),
            "id": f"node-{i}",
            "class": node.kind,
            **style[node.kind],
        }
        if node.id in analysis.wrt_inputs:
            attrs.update(style["wrt"])
        graph.node(escape(node.id), **{**attrs, **overrides.get(f"node-{i}", {})})


def _edge_style(listed: list[int], count: int, chosen: set[int], style: Mapping) -> dict[str, str]:
    """Attributes of an edge on the listed paths ``listed`` and on ``count`` paths in all.

    ``chosen`` paths are drawn bold (at most :data:`MAX_STRIPES` colours side by side), the rest
    faded. A ``counted`` key asks for the path count in the label (and is not a Graphviz attribute).
    """
    text = style["edge"]["fontcolor"]
    striped = 0 < count <= MAX_STRIPES and len(listed) == count
    if chosen:
        bold = [k for k in listed if k in chosen][:MAX_STRIPES]
        if bold:
            colours = ":".join(strong(k, style["graph"]["fontcolor"]) for k in bold)
            return {"color": colours, "fontcolor": text, "style": "solid", **style["highlighted"]}
        if not listed:
            return {**style["edge"], **style["faded"]}
        faded = ":".join(colour(k) + FADE_ALPHA for k in listed) if striped else style["faded"]["color"]
        return {"color": faded, "fontcolor": style["faded"]["fontcolor"], **style["path"]}
    if striped:
        line = dash(listed[0]) if len(listed) == 1 else "solid"
        return {"color": ":".join(colour(k) for k in listed), "fontcolor": text, "style": line, **style["path"]}
    if count > 1:
        return {**style["shared"], "counted": "yes"}
    return dict(style["edge"])


def _marked_style(paths: list[int], index: int, marks: frozenset, style: Mapping) -> dict[str, str]:
    """Marked steps bold in their paths' colours; the rest as edges on no path, faded when anything is marked."""
    marked = [k for k in paths if (k, index) in marks]
    if marked:
        colours = ":".join(strong(k, style["graph"]["fontcolor"]) for k in marked[:MAX_STRIPES])
        return {"color": colours, "fontcolor": style["edge"]["fontcolor"], "style": "solid", **style["highlighted"]}
    return {**style["edge"], **style["faded"]} if marks else dict(style["edge"])
