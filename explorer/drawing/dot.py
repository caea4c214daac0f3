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
from ..language.printing import number, partial, superscript, unicode
from .condense import View, orient, view
from .styles import EDGE, FONT, GRAPH, NODE, STYLE, THEMES

__all__ = [
    "FONT",
    "LABELS",
    "MAX_STRIPES",
    "ORIENTATIONS",
    "PALETTE",
    "STYLE",
    "THEMES",
    "colour",
    "edge_lines",
    "escape",
    "node_lines",
    "orient",
    "to_dot",
]

#: Hex alpha appended to a path colour to fade it when another path is highlighted.
FADE_ALPHA = "38"

#: An edge on at most this many paths carries their colours side by side; on more, it is thick, grey and counted.
MAX_STRIPES = 3

#: What edge labels can show -> how the page and the CLI name the choice.
LABELS: Mapping[str, str] = MappingProxyType({"both": "Both", "symbolic": "Symbolic", "numeric": "Numeric"})

#: Graph orientations -> how the page and the CLI name them; 'auto' chooses by the graph's shape.
ORIENTATIONS: Mapping[str, str] = MappingProxyType({"auto": "Auto", "LR": "Left to right", "TB": "Top to bottom"})

#: Characters of an operation shown in a node; a longer one (a sum of a hundred terms) keeps both ends.
MAX_LABEL = 56


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
    orientation: str = "auto",
    shown: View | None = None,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    marks: Collection[tuple[int, int]] | None = None,
    rules: bool = False,
    highlights: Sequence[int] = (),
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
        (:mod:`explorer.drawing.views`) relabels, recolours and pins the graph.
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
    (``w = [w1, w2, w3]``) are drawn in a box of their own.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> dot = to_dot(explained("x*x**2", at={"x": 2}))
    >>> print(dot.splitlines()[0])
    digraph "chain rule" {
    >>> print([line.strip() for line in dot.splitlines() if "->" in line][0])  # doctest: +NORMALIZE_WHITESPACE
    x -> u1 [label="∂u1/∂x = 2·x\\n= 4" class="path-0" color="#0072B2" fontcolor="#1f1f1f"
             id="edge-0" penwidth=2.2 style=solid]
    """
    if theme not in STYLE:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    if labels not in LABELS:
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
    options = _Drawing(chosen, labels, STYLE[theme], rankdir, overrides or {}, marks, rules)
    return _draw(analysis, shown, options).source


class _Drawing(NamedTuple):
    chosen: set[int]  # highlighted paths (one, or a Jacobian entry's)
    labels: str
    style: Mapping
    rankdir: str
    overrides: Mapping
    marks: frozenset | None
    rules: bool


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
    if shown.note:
        graph_attr["label"] = escape(shown.note)
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
    for k, (name, members) in enumerate(boxes.items()):
        with graph.subgraph(name=f"cluster_{k}") as box:
            box.attr(label=escape(name), id=f"vector-{k}", **style["cluster"])
            _add_nodes(box, analysis, [(order[m], flow.node(m)) for m in members], labels, style, overrides)
            kinds = {flow.node(m).kind for m in members}
            if len(kinds) == 1 and kinds != {"intermediate"}:
                # inputs (or outputs) share a column: hidden edges keep the entries in order, first on top
                box.attr(rank="same")
                for upper, lower in pairwise(members):
                    box.edge(escape(lower), escape(upper), style="invis")
    for rank, kind in (("source", "input"), ("same", "intermediate"), ("sink", "output")):
        nodes = [(i, n) for i, n in enumerate(flow.nodes) if n.kind == kind and i in drawn and n.id not in boxed]
        if kind == "intermediate":
            # no rank constraint: let Graphviz lay the intermediates out by dependency
            _add_nodes(graph, analysis, nodes, labels, style, overrides)
            continue
        with graph.subgraph() as group:
            group.attr(rank=rank)
            _add_nodes(group, analysis, nodes, labels, style, overrides)
            for node in _members_of(boxed, flow, kind):  # boxed inputs and outputs keep their rank too (newrank)
                group.node(escape(node))
    for k, summary in enumerate(shown.summaries):
        attrs = {"class": "summary", **style["summary"]}
        graph.node(summary.id, label=escape(*summary.lines), id=f"summary-{k}", **attrs)

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
        cls = " ".join(f"path-{p}" for p in listed) or "off-path"
        graph.edge(source, target, label=escape(*lines), id=f"link-{k}", **{"class": cls}, **attrs)
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


def node_lines(analysis: Analysis, node, labels: str = "both") -> tuple[str, ...]:
    """The lines of a node's label: its operation and, unless ``labels`` is ``'symbolic'``, its value.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("x*x**2")
    >>> node_lines(a, a.nodes[0]), node_lines(a, a.nodes[1])
    (('x = 0.5',), ('u1 = x²', '= 0.25'))
    """
    value = analysis.node_values.get(node.id) if labels != "symbolic" else None
    if node.kind == "input":
        return (node.id if value is None else f"{node.id} = {number(value)}",)
    symbolic = _shortened(unicode(node.local, typed=True))
    numeric = number(value) if value is not None or node.id in analysis.node_values else symbolic
    if labels == "symbolic" or numeric == symbolic:
        return (f"{node.id} = {symbolic}",)
    return (f"{node.id} = {symbolic}", f"= {numeric}")


def _shortened(text: str) -> str:
    """A label cut to :data:`MAX_LABEL` characters in the middle, at spaces where it can be.

    The operator at a cut is written once on each side of the ellipsis, never twice on one.

    Examples
    --------
    >>> _shortened(" + ".join(f"sin({k}·x)" for k in range(1, 101)))
    'sin(1·x) + sin(2·x) + … + sin(99·x) + sin(100·x)'
    """
    if len(text) <= MAX_LABEL:
        return text
    half = MAX_LABEL // 2 - 2
    head, tail = text[:half], text[-half:]
    head = head[: head.rfind(" ")] if " " in head else head
    tail = tail[tail.find(" ") + 1 :] if " " in tail else tail
    operator = ""
    if head[-1:] in "+−·/":
        operator, head = head[-1], head[:-1].rstrip()
    if tail[:1] in "+−·/":
        operator, tail = operator or tail[0], tail[1:].lstrip()
    return f"{head} {operator} … {operator} {tail}" if operator else f"{head} … {tail}"


def edge_lines(
    analysis: Analysis, index: int, labels: str = "both", parallel: bool = False, rules: bool = False
) -> tuple[str, ...]:
    """The lines of an edge's label: its local partial, as an expression, a value or both.

    ``parallel`` says which operand it is, for edges that share their ends (``x*x``); ``rules``
    adds the differentiation rule the partial comes from.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> edge_lines(explained("x*x**2"), 0)
    ('∂u1/∂x = 2·x', '= 1')
    """
    edge = analysis.flow.edges[index]
    name = partial(edge.target, edge.source)
    if parallel:
        name += f" (operand {edge.position + 1})"
    symbolic = unicode(edge.partial)
    numeric = number(analysis.edge_values[index]) if index < len(analysis.edge_values) else None
    rule = (f"{edge.rule} rule",) if rules else ()
    if labels == "symbolic" or numeric is None:
        return (f"{name} = {symbolic}", *rule)
    if labels == "numeric" or numeric == symbolic:
        return (f"{name} = {numeric}", *rule)
    return (f"{name} = {symbolic}", f"= {numeric}", *rule)


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
