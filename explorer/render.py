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
from collections.abc import Collection, Mapping
from types import MappingProxyType

import graphviz

from .printing import number, partial, unicode
from .result import Analysis

__all__ = ["FONT", "LABELS", "PALETTE", "STYLE", "THEMES", "colour", "edge_lines", "escape", "node_lines", "to_dot"]

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
        "path": {"penwidth": "2.2"},
        "highlighted": {"penwidth": "3.6"},
        "faded": {"color": faded, "fontcolor": faded},
        # a walkthrough's current step (explorer.views): the Okabe–Ito vermillion
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
    theme["highlighted"]["penwidth"] = "7"
    theme["current"]["penwidth"] = "5.5"
    theme["node"] = {"fontsize": "24", "margin": "0.18,0.1"}
    theme["edges"] = {"fontsize": "19", "arrowsize": "1.2"}
    theme["graph"].update({"nodesep": "0.45", "ranksep": "0.75"})
    return theme


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
        # the presentation theme: large type and projector-proof lines, on white or on nothing
        "slides": _slides("white"),
        "slides-transparent": _slides("transparent"),
    }
)

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
    overrides: Mapping[str, Mapping[str, str]] | None = None,
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
    theme : str
        A key of :data:`THEMES`: colours of the background, nodes and text,
        type size and line widths (see :data:`STYLE`); the transparent themes
        are for slides, with dark ink (light slides) or light ink (dark
        slides), the ``slides`` themes add large type and thick lines.
    overrides : Mapping, optional
        Graphviz attributes by element id (``node-3``, ``edge-0``) that
        replace the drawn ones: how a view or a walkthrough step
        (:mod:`explorer.views`) relabels, recolours and pins the graph.
        Labels given here must be made with :func:`escape`.
    marks : collection of (path index, edge index), optional
        Draw only these steps in their path's colour, bold, and fade every
        other edge: what a learner's answer missed (:func:`explorer.feedback.marks`).
        Empty: no path in colour, no fading (an exercise hides the paths).
        Overrides ``highlight``.

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
    ``'symbolic'``, their value. Cost is linear in the number of nodes, edges and listed
    path steps.

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
    if highlight is not None and not 0 <= highlight < len(analysis.paths):
        raise ValueError(f"there is no path {highlight!r}; paths are numbered 0 to {len(analysis.paths) - 1}")
    if marks is not None:
        marks = frozenset(marks)
        for k, e in marks:
            if not (0 <= k < len(analysis.paths) and e in analysis.paths[k].edges):
                raise ValueError(f"there is no edge {e!r} on a path {k!r} to mark")
    return _draw(analysis, highlight, labels, STYLE[theme], overrides or {}, marks).source


def _draw(
    analysis: Analysis,
    highlight: int | None,
    labels: str,
    style: Mapping,
    overrides: Mapping,
    marks: frozenset | None = None,
) -> graphviz.Digraph:
    graph = graphviz.Digraph(
        "chain rule",
        graph_attr={**_GRAPH, **style["graph"]},
        node_attr={**_NODE, **style.get("node", {})},
        edge_attr={**_EDGE, **style.get("edges", {})},
    )
    flow = analysis.flow
    for rank, kind in (("source", "input"), ("same", "intermediate"), ("sink", "output")):
        nodes = [(i, n) for i, n in enumerate(flow.nodes) if n.kind == kind]
        if kind == "intermediate":
            # no rank constraint: let Graphviz lay the intermediates out by dependency
            _add_nodes(graph, analysis, nodes, labels, style, overrides)
            continue
        with graph.subgraph() as group:
            group.attr(rank=rank)
            _add_nodes(group, analysis, nodes, labels, style, overrides)

    on_paths: dict[int, list[int]] = {}
    for k, path in enumerate(analysis.paths):
        for edge_index in path.edges:
            on_paths.setdefault(edge_index, []).append(k)
    parallel = Counter((e.source, e.target) for e in flow.edges)
    for i, edge in enumerate(flow.edges):
        attrs = {
            "label": escape(*edge_lines(analysis, i, labels, parallel[edge.source, edge.target] > 1)),
            "id": f"edge-{i}",
            "class": " ".join(f"path-{k}" for k in on_paths.get(i, [])) or "off-path",
            **(
                _edge_style(on_paths.get(i, []), highlight, style)
                if marks is None
                else _marked_style(on_paths.get(i, []), i, marks, style)
            ),
        }
        graph.edge(escape(edge.source), escape(edge.target), **{**attrs, **overrides.get(f"edge-{i}", {})})
    return graph


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
        if node.id == analysis.wrt:
            attrs.update(style["wrt"])
        graph.node(escape(node.id), **{**attrs, **overrides.get(f"node-{i}", {})})


def node_lines(analysis: Analysis, node, labels: str = "both") -> tuple[str, ...]:
    """The lines of a node's label: its operation and, unless ``labels`` is ``'symbolic'``, its value.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> a = run("x*x**2")
    >>> node_lines(a, a.nodes[0]), node_lines(a, a.nodes[1])
    (('x = 0.5',), ('u1 = x²', '= 0.25'))
    """
    value = analysis.node_values.get(node.id) if labels != "symbolic" else None
    if node.kind == "input":
        return (node.id if value is None else f"{node.id} = {number(value)}",)
    symbolic = unicode(node.local, typed=True)
    numeric = number(value) if value is not None or node.id in analysis.node_values else symbolic
    if labels == "symbolic" or numeric == symbolic:
        return (f"{node.id} = {symbolic}",)
    return (f"{node.id} = {symbolic}", f"= {numeric}")


def edge_lines(analysis: Analysis, index: int, labels: str = "both", parallel: bool = False) -> tuple[str, ...]:
    """The lines of an edge's label: its local partial, as an expression, a value or both.

    ``parallel`` says which operand it is, for edges that share their ends (``x*x``).

    Examples
    --------
    >>> from explorer.analysis import run
    >>> edge_lines(run("x*x**2"), 0)
    ('∂u1/∂x = 2·x', '= 1')
    """
    edge = analysis.flow.edges[index]
    name = partial(edge.target, edge.source)
    if parallel:
        name += f" (operand {edge.position + 1})"
    symbolic = unicode(edge.partial)
    numeric = number(analysis.edge_values[index]) if index < len(analysis.edge_values) else None
    if labels == "symbolic" or numeric is None:
        return (f"{name} = {symbolic}",)
    if labels == "numeric" or numeric == symbolic:
        return (f"{name} = {numeric}",)
    return (f"{name} = {symbolic}", f"= {numeric}")


def _edge_style(paths: list[int], highlight: int | None, style: Mapping) -> dict[str, str]:
    if not paths:
        return dict(style["edge"]) if highlight is None else {**style["edge"], **style["faded"]}
    text = style["edge"]["fontcolor"]
    if highlight is None:
        return {"color": ":".join(colour(k) for k in paths), "fontcolor": text, **style["path"]}
    if highlight in paths:
        return {"color": colour(highlight), "fontcolor": text, **style["highlighted"]}
    faded = ":".join(colour(k) + FADE_ALPHA for k in paths)
    return {"color": faded, "fontcolor": style["faded"]["fontcolor"], **style["path"]}


def _marked_style(paths: list[int], index: int, marks: frozenset, style: Mapping) -> dict[str, str]:
    """Marked steps bold in their paths' colours; the rest as edges on no path, faded when anything is marked."""
    marked = [k for k in paths if (k, index) in marks]
    if marked:
        colours = ":".join(colour(k) for k in marked)
        return {"color": colours, "fontcolor": style["edge"]["fontcolor"], **style["highlighted"]}
    return {**style["edge"], **style["faded"]} if marks else dict(style["edge"])
