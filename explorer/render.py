"""Draw an analysis as Graphviz DOT: the data-flow graph with every path in its own colour.

Inputs on the left, the output on the right (``rankdir=LR``); node labels
name the variable and its operation (``u1 = x³``), edge labels the local
partial (``∂u2/∂u1 = cos(u1)``) and its value at the point. The look is data:
one :data:`STYLE` table per theme and one colour-blind-safe :data:`PALETTE`.
DOT is built only through :class:`graphviz.Digraph`, with every label
escaped, so user text is never read as DOT, HTML-like labels or escapes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from itertools import pairwise
from types import MappingProxyType

import graphviz

from .printing import number, partial, unicode
from .result import Analysis

__all__ = ["FONT", "LABELS", "PALETTE", "STYLE", "THEMES", "colour", "escape", "to_dot"]

#: A font installed with Graphviz on Debian (``fonts-dejavu-core``); set everywhere so every renderer agrees.
FONT = "DejaVu Sans"

#: Okabe–Ito colours for paths, most distinct first; black is left out for edges on no path.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")

#: Hex alpha appended to a path colour to fade it when another path is highlighted.
FADE_ALPHA = "38"

#: What edge labels can show -> how the page and the CLI name the choice.
LABELS: Mapping[str, str] = MappingProxyType({"both": "Both", "symbolic": "Symbolic", "numeric": "Numeric"})


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
        "edge": {"color": neutral, "fontcolor": text, "penwidth": "1.2"},
        # a vector's entries (w = [w1, w2, w3]) sit in one box
        "cluster": {"style": "rounded,dashed", "color": border, "fontcolor": text, "labeljust": "l"},
        "path": {"penwidth": "2.2"},
        "highlighted": {"penwidth": "3.6"},
        "faded": {"color": faded, "fontcolor": faded},
    }


#: Graphviz attributes per theme and role (node kinds, the chosen input, edges on no path,
#: on a path, highlighted, faded).
STYLE: Mapping[str, Mapping[str, Mapping[str, str]]] = _frozen(
    {
        "light": _theme("white", "#1f1f1f", "#f4f4f6", "#8a8a94", "#a0a0a8", "#c8c8cc"),
        "dark": _theme("#0e1117", "#f0f0f2", "#262730", "#8b8d98", "#6b6d78", "#44464f"),
        # for slides: no background; node fills stay nearly opaque so labels read on any slide,
        # dark ink for light slides, light ink for dark ones
        "transparent": _theme("transparent", "#1f1f1f", "#ffffffd9", "#8a8a94", "#8f8f98", "#c0c0c6"),
        "transparent-dark": _theme("transparent", "#f4f4f6", "#1b1d24d9", "#a6a8b2", "#9a9ca6", "#5a5c66"),
    }
)

#: Graph themes -> how the page and the CLI name them.
THEMES: Mapping[str, str] = MappingProxyType(
    {
        "light": "Light",
        "dark": "Dark",
        "transparent": "Transparent, for light slides",
        "transparent-dark": "Transparent, for dark slides",
    }
)

_GRAPH = {"rankdir": "LR", "fontname": FONT, "nodesep": "0.35", "ranksep": "0.7", "pad": "0.2"}
_NODE = {"fontname": FONT, "fontsize": "14", "margin": "0.12,0.06"}
_EDGE = {"fontname": FONT, "fontsize": "11", "arrowsize": "0.8"}


def colour(k: int) -> str:
    """The colour of path ``k``; colours repeat after ``len(PALETTE)`` paths.

    Examples
    --------
    >>> colour(0), colour(len(PALETTE))
    ('#0072B2', '#0072B2')
    """
    return PALETTE[k % len(PALETTE)]


def escape(*lines: str) -> str:
    r"""One label from lines of user-visible text, every character literal.

    Backslashes are doubled (Graphviz would read ``\N`` or ``\l`` as
    escapes) and the result is marked as not HTML (the graphviz package
    would pass ``<...>`` through as an HTML-like label); quotes are escaped
    when the label is quoted. Lines are joined with Graphviz's ``\n``.

    Examples
    --------
    >>> graphviz.quoting.quote(escape('<b>"u1"</b>', r"\N"))
    '"<b>\\"u1\\"</b>\\n\\\\N"'
    """
    return graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))


def to_dot(
    analysis: Analysis,
    *,
    highlight: int | None = None,
    labels: str = "both",
    theme: str = "light",
    rules: bool = False,
    highlights: Sequence[int] = (),
    marks: Collection[tuple[int, int]] | None = None,
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
    theme : {'light', 'dark', 'transparent', 'transparent-dark'}
        Colours of the background, nodes and text (see :data:`STYLE`);
        the transparent themes are for slides, with dark ink (light slides)
        or light ink (dark slides).
    rules : bool, default False
        Also name, under each edge's partial, the differentiation rule it comes from.
    highlights : sequence of int, optional
        Several paths to draw bold (a Jacobian entry's paths), when ``highlight`` is None.
    marks : collection of (path index, edge index), optional
        Draw only these steps in their path's colour, bold, and fade every
        other edge: what a learner's answer missed (:func:`explorer.feedback.marks`).
        Empty: no path in colour, no fading (an exercise hides the paths).
        Overrides ``highlight`` and ``highlights``.

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
    Path ``k`` is drawn in ``colour(k)``. An edge shared by several paths
    gets all their colours (``color="c1:c2"``, drawn by Graphviz as parallel
    strokes); edges on no listed path are grey. When the paths were
    truncated only the listed ones are coloured. Parallel edges (``x*x``
    feeds ``x`` twice into one node) stay separate edges, each labelled with
    its operand. Nodes show their operation and, unless ``labels`` is
    ``'symbolic'``, their value. The entries of each named vector
    (``w = [w1, w2, w3]``) are drawn in a box of their own. Cost is linear in
    the number of nodes, edges and listed path steps.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> dot = to_dot(run("x*x**2", at={"x": 2}))
    >>> print(dot.splitlines()[0])
    digraph "chain rule" {
    >>> [line.strip() for line in dot.splitlines() if "->" in line][0]
    'x -> u1 [label="∂u1/∂x = 2·x\\\\n= 4" class="path-0" color="#0072B2" fontcolor="#1f1f1f" id="edge-0" penwidth=2.2]'
    """
    if theme not in STYLE:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    if labels not in LABELS:
        raise ValueError(f"labels must be one of {', '.join(LABELS)}, not {labels!r}")
    for k in [highlight] if highlight is not None else highlights:
        if not 0 <= k < len(analysis.paths):
            raise ValueError(f"there is no path {k!r}; paths are numbered 0 to {len(analysis.paths) - 1}")
    if marks is not None:
        marks = frozenset(marks)
        for k, e in marks:
            if not (0 <= k < len(analysis.paths) and e in analysis.paths[k].edges):
                raise ValueError(f"there is no edge {e!r} on a path {k!r} to mark")
    chosen = {highlight} if highlight is not None else set(highlights)
    return _draw(analysis, chosen, labels, STYLE[theme], rules, marks).source


def _clusters(analysis: Analysis) -> dict[str, list[str]]:
    """Vector name -> the nodes drawn in its box; a node already in an earlier vector stays there."""
    placed: set[str] = set()
    boxes: dict[str, list[str]] = {}
    for name, entries in analysis.flow.vectors:
        members = [e for e in dict.fromkeys(entries) if e is not None and e not in placed]
        if members:
            boxes[name] = members
            placed.update(members)
    return boxes


def _draw(
    analysis: Analysis,
    chosen: set[int],
    labels: str,
    style: Mapping,
    rules: bool = False,
    marks: frozenset | None = None,
) -> graphviz.Digraph:
    graph = graphviz.Digraph(
        "chain rule",
        graph_attr={**_GRAPH, **style["graph"]},
        node_attr=dict(_NODE),
        edge_attr=dict(_EDGE),
    )
    flow = analysis.flow
    boxes = _clusters(analysis)
    boxed = {node for members in boxes.values() for node in members}
    if boxes:
        graph.attr(newrank="true")  # rank constraints hold across the vectors' boxes
    order = {n.id: i for i, n in enumerate(flow.nodes)}
    for k, (name, members) in enumerate(boxes.items()):
        with graph.subgraph(name=f"cluster_{k}") as box:
            box.attr(label=escape(name), id=f"vector-{k}", **style["cluster"])
            _add_nodes(box, analysis, [(order[m], flow.node(m)) for m in members], labels, style)
            kinds = {flow.node(m).kind for m in members}
            if len(kinds) == 1 and kinds != {"intermediate"}:
                # inputs (or outputs) share a column: hidden edges keep the entries in order, first on top
                box.attr(rank="same")
                for upper, lower in pairwise(members):
                    box.edge(escape(lower), escape(upper), style="invis")
    for rank, kind in (("source", "input"), ("same", "intermediate"), ("sink", "output")):
        nodes = [(i, n) for i, n in enumerate(flow.nodes) if n.kind == kind and n.id not in boxed]
        if kind == "intermediate":
            # no rank constraint: let Graphviz lay the intermediates out by dependency
            _add_nodes(graph, analysis, nodes, labels, style)
            continue
        with graph.subgraph() as group:
            group.attr(rank=rank)
            _add_nodes(group, analysis, nodes, labels, style)
            for node in flow.nodes:  # boxed inputs and outputs keep their rank too (newrank allows it)
                if node.kind == kind and node.id in boxed:
                    group.node(escape(node.id))

    on_paths: dict[int, list[int]] = {}
    for k, path in enumerate(analysis.paths):
        for edge_index in path.edges:
            on_paths.setdefault(edge_index, []).append(k)
    parallel = Counter((e.source, e.target) for e in flow.edges)
    for i, edge in enumerate(flow.edges):
        graph.edge(
            escape(edge.source),
            escape(edge.target),
            label=_edge_label(analysis, i, labels, parallel[edge.source, edge.target] > 1, rules),
            id=f"edge-{i}",
            **{"class": " ".join(f"path-{k}" for k in on_paths.get(i, [])) or "off-path"},
            **(
                _edge_style(on_paths.get(i, []), chosen, style)
                if marks is None
                else _marked_style(on_paths.get(i, []), i, marks, style)
            ),
        )
    return graph


def _add_nodes(graph: graphviz.Digraph, analysis: Analysis, nodes: list, labels: str, style: Mapping) -> None:
    for i, node in nodes:
        attrs = dict(style[node.kind])
        if node.id in analysis.wrt_inputs:
            attrs.update(style["wrt"])
        graph.node(
            escape(node.id),
            label=_node_label(analysis, node, labels),
            id=f"node-{i}",
            **{"class": node.kind},
            **attrs,
        )


def _node_label(analysis: Analysis, node, labels: str) -> str:
    value = analysis.node_values.get(node.id) if labels != "symbolic" else None
    if node.kind == "input":
        return escape(node.id if value is None else f"{node.id} = {number(value)}")
    symbolic = unicode(node.local, typed=True)
    numeric = number(value) if value is not None or node.id in analysis.node_values else symbolic
    if labels == "symbolic" or numeric == symbolic:
        return escape(f"{node.id} = {symbolic}")
    return escape(f"{node.id} = {symbolic}", f"= {numeric}")


def _edge_label(analysis: Analysis, index: int, labels: str, parallel: bool, rules: bool = False) -> str:
    edge = analysis.flow.edges[index]
    name = partial(edge.target, edge.source)
    if parallel:
        name += f" (operand {edge.position + 1})"
    symbolic = unicode(edge.partial)
    numeric = number(analysis.edge_values[index]) if index < len(analysis.edge_values) else None
    rule = [f"{edge.rule} rule"] if rules else []
    if labels == "symbolic" or numeric is None:
        return escape(f"{name} = {symbolic}", *rule)
    if labels == "numeric" or numeric == symbolic:
        return escape(f"{name} = {numeric}", *rule)
    return escape(f"{name} = {symbolic}", f"= {numeric}", *rule)


def _edge_style(paths: list[int], chosen: set[int], style: Mapping) -> dict[str, str]:
    if not paths:
        return dict(style["edge"]) if not chosen else {**style["edge"], **style["faded"]}
    text = style["edge"]["fontcolor"]
    if not chosen:
        return {"color": ":".join(colour(k) for k in paths), "fontcolor": text, **style["path"]}
    bold = [k for k in paths if k in chosen]
    if bold:
        return {"color": ":".join(colour(k) for k in bold), "fontcolor": text, **style["highlighted"]}
    faded = ":".join(colour(k) + FADE_ALPHA for k in paths)
    return {"color": faded, "fontcolor": style["faded"]["fontcolor"], **style["path"]}


def _marked_style(paths: list[int], index: int, marks: frozenset, style: Mapping) -> dict[str, str]:
    """Marked steps bold in their paths' colours; the rest as edges on no path, faded when anything is marked."""
    marked = [k for k in paths if (k, index) in marks]
    if marked:
        colours = ":".join(colour(k) for k in marked)
        return {"color": colours, "fontcolor": style["edge"]["fontcolor"], **style["highlighted"]}
    return {**style["edge"], **style["faded"]} if marks else dict(style["edge"])
