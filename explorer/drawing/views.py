"""What the graph shows: every path in colour, the gradients (micrograd style), one walkthrough step, or the shapes.

A view is a set of overrides of the drawing (:func:`explorer.drawing.dot.to_dot`,
``overrides=``): labels, colours and line widths by element id. The paths
view needs none. The gradients view labels each node with its value and its
adjoint d(y)/d(node), and each edge with its local partial and what it
contributes to its source's adjoint. A walkthrough step
(:mod:`explorer.calculus.walkthrough`) shows what is known so far: values of the nodes
evaluated, the paths added up, the derivatives accumulated, with the step's
own node and edges in the theme's "current" colour. The shapes view is
another graph, one node per operation on whole vectors and matrices
(:mod:`explorer.drawing.shapes`): it has no overrides of this one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from ..calculus.factoring import downstream, upstream
from ..calculus.result import Analysis
from ..calculus.walkthrough import MAX_STEPS, WalkStep, check_step, shown, steps
from ..language.printing import derivative, number
from .condense import View, view
from .dot import STYLE, THEMES, colour
from .labels import BARE, VALUES, edge_lines, escape, node_lines, shortened

__all__ = ["VIEWS", "focus", "gradients", "overrides", "step_overrides", "walk"]

#: What the graph can show -> how the page and the CLI name it.
VIEWS: Mapping[str, str] = MappingProxyType(
    {"paths": "Paths", "gradients": "Gradients", "steps": "Step by step", "shapes": "Shapes"}
)

Overrides = dict[str, dict[str, str]]


def _times(a: float | None, b: float | None) -> float | None:
    """a·b, where an exact zero wins over an undefined factor (as the accumulation skips it)."""
    if a == 0.0 or b == 0.0:
        return 0.0
    return None if a is None or b is None else a * b


def _parallel(analysis: Analysis) -> list[bool]:
    return [(e.source, e.target) in analysis.flow.parallel for e in analysis.edges]


def _adjoint_line(analysis: Analysis, k: int, i: int, labels: str) -> str:
    name = derivative(analysis.outputs[k], analysis.nodes[i].id)
    if labels == "symbolic":
        return f"{name} = {shown(analysis.adjoints[k][i])}"
    return f"{name} = {number(analysis.adjoint_values[k][i])}"


def gradients(analysis: Analysis, labels: str = "both") -> Overrides:
    """The gradients view: node value and adjoint d(y)/d(node); edge partial and its contribution.

    The contribution of an edge u → t is d(y)/d(t) · ∂t/∂u: what it adds to
    u's adjoint in reverse mode (micrograd's ``u.grad += t.grad * local``).
    A vector output gets a line per output.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> view = gradients(explained("x*x**2"))
    >>> print(view["node-1"]["label"])
    u1 = x²\\n= 0.25\\ndy/du1 = 0.5
    >>> print(view["edge-0"]["label"])
    ∂u1/∂x = 2·x\\n= 1\\ndy/dx += 0.5
    """
    if not analysis.adjoint_values:
        return {}
    index = {node.id: i for i, node in enumerate(analysis.nodes)}
    parallel = _parallel(analysis)
    found: Overrides = {}
    for i, node in enumerate(analysis.nodes):
        lines = [_adjoint_line(analysis, k, i, labels) for k in range(len(analysis.outputs))]
        found[f"node-{i}"] = {"label": escape(*node_lines(analysis, node, labels), *lines)}
    for e, edge in enumerate(analysis.edges):
        lines = []
        for k, out in enumerate(analysis.outputs):
            upstream_adjoint = analysis.adjoint_values[k][index[edge.target]]
            contribution = _times(upstream_adjoint, analysis.edge_values[e])
            lines.append(f"{derivative(out, edge.source)} += {number(contribution)}")
        found[f"edge-{e}"] = {
            "label": escape(*edge_lines(analysis, e, labels, parallel[e]), *lines) if labels != BARE else ""
        }
    return found


class _State:
    """What is known after some steps: nodes evaluated, paths added, derivatives accumulated."""

    def __init__(self, analysis: Analysis, done: Sequence[WalkStep]):
        self.evaluated: set[str] = set()
        self.paths: list[int] = []
        self.tangents: set[str] = set()
        self.adjoints: dict[int, set[str]] = {}
        for step in done:
            nodes = step.members or (step.node,)  # a step through a grey box computes all its nodes
            if step.kind == "inputs":
                self.evaluated.update(analysis.inputs)
            elif step.kind == "evaluate":
                self.evaluated.update(nodes)
            elif step.kind == "path":
                self.paths.append(step.path)
            elif step.mode == "forward" and step.kind in ("seed", "forward"):
                self.tangents.update(nodes)
            elif step.mode == "reverse" and step.kind in ("seed", "reverse"):
                self.adjoints.setdefault(step.output, set()).update(nodes)
        self.accumulating = any(s.kind not in ("inputs", "evaluate") for s in done)


def _node_overrides(
    analysis: Analysis, state: _State, current: WalkStep, labels: str, style: Mapping, drawn: View
) -> Overrides:
    found: Overrides = {}
    wrt = analysis.wrt
    live = downstream(analysis.flow, [wrt]) if wrt else set()
    reaching = {k: upstream(analysis.flow, [analysis.outputs[k]]) for k in state.adjoints}
    for i in drawn.nodes:
        node = analysis.nodes[i]
        known = state.accumulating or node.id in state.evaluated
        if known:
            lines = list(node_lines(analysis, node, labels))
        elif node.kind == "input":
            lines = [f"{node.id} = ?"]
        else:
            local = shortened(shown(node.local, typed=True))
            lines = [f"{node.id} = ?"] if labels in (VALUES, BARE) else [f"{node.id} = {local}", "= ?"]
            lines = lines[:1] if labels == "symbolic" else lines
        if current.mode == "forward" and state.accumulating and node.id in live:
            value = number(analysis.forward_values[i]) if node.id in state.tangents else "?"
            lines.append(f"{derivative(node.id, wrt)} = {value}")
        for k, names in sorted(state.adjoints.items()):
            if node.id in reaching[k]:
                lines.append(
                    _adjoint_line(analysis, k, i, labels)
                    if node.id in names
                    else f"{derivative(analysis.outputs[k], node.id)} = ?"
                )
        attrs = {"label": escape(*lines)}
        if not known:
            attrs.update(style["faded"])
        if node.id == current.node:
            attrs.update(style["current"])
        found[f"node-{i}"] = attrs
    for k, summary in enumerate(drawn.summaries):  # a grey box: faded until one of its nodes is known
        attrs = {}
        if not state.accumulating and not state.evaluated.intersection(summary.members):
            attrs.update(style["faded"])
        if current.node == summary.id:
            attrs.update(style["current"])
        if attrs:
            found[f"summary-{k}"] = attrs
    return found


class _EdgeStyles:
    """How each edge is drawn at one step (colours and widths, no labels): shared by edges and the links
    that stand for hidden edges."""

    def __init__(self, analysis: Analysis, state: _State, current: WalkStep, style: Mapping):
        self.analysis, self.state, self.current = analysis, state, current
        self.neutral = dict(style["edge"])
        self.done = {"color": style["edge"]["fontcolor"], **style["path"]}
        self.now = {**style["current"], "fontcolor": style["edge"]["fontcolor"]}
        self.path, self.highlighted = style["path"], style["highlighted"]
        self.live_forward = downstream(analysis.flow, [analysis.wrt]) if analysis.wrt else set()
        self.on_path = {k: set(analysis.paths[k].edges) for k in state.paths}

    def attrs(self, e: int) -> dict[str, str]:
        edge, state, current = self.analysis.edges[e], self.state, self.current
        computed = current.members or (current.node,)  # the node the step computes, or a grey box's nodes
        if not state.accumulating and current.kind == "evaluate" and edge.target in computed:
            return self.now
        if current.mode == "paths":
            earlier = [k for k in state.paths if e in self.on_path[k]]
            if current.kind == "path" and e in self.on_path[current.path]:
                return {"color": colour(current.path), "fontcolor": self.neutral["fontcolor"], **self.highlighted}
            if earlier:
                colours = ":".join(colour(k) for k in earlier)
                return {"color": colours, "fontcolor": self.neutral["fontcolor"], **self.path}
        elif current.mode == "forward" and edge.source in self.live_forward and edge.target in state.tangents:
            return self.now if edge.target in computed else self.done
        elif current.mode == "reverse":
            for k, names in sorted(state.adjoints.items()):
                if edge.source in names and edge.target in names:
                    is_now = current.kind == "reverse" and current.output == k and edge.source in computed
                    return self.now if is_now else self.done
        return self.neutral


def _edge_overrides(
    analysis: Analysis, state: _State, current: WalkStep, labels: str, style: Mapping, drawn: View
) -> Overrides:
    found: Overrides = {}
    parallel = _parallel(analysis)
    index = {node.id: i for i, node in enumerate(analysis.nodes)}
    styles = _EdgeStyles(analysis, state, current, style)
    wrt = analysis.wrt
    for e in drawn.edges:
        edge = analysis.edges[e]
        before = "symbolic" if labels != VALUES else VALUES  # before accumulating: the partials, not their values
        lines = list(edge_lines(analysis, e, labels if state.accumulating else before, parallel[e]))
        if not state.accumulating and labels == VALUES:
            lines = [lines[0].split(" = ")[0]]
        attrs = dict(styles.attrs(e))
        if current.mode == "forward" and edge.source in styles.live_forward and edge.target in state.tangents:
            tangent = analysis.forward_values[index[edge.source]]
            lines.append(f"{derivative(edge.target, wrt)} += {number(_times(analysis.edge_values[e], tangent))}")
        elif current.mode == "reverse":
            for k, names in sorted(state.adjoints.items()):
                if edge.source in names and edge.target in names:
                    adjoint = analysis.adjoint_values[k][index[edge.target]]
                    contribution = number(_times(adjoint, analysis.edge_values[e]))
                    lines.append(f"{derivative(analysis.outputs[k], edge.source)} += {contribution}")
        found[f"edge-{e}"] = {"label": escape(*lines) if labels != BARE else "", **attrs}
    for k, link in enumerate(drawn.links):  # a link into or out of a grey box: drawn as its busiest edge
        chosen = [styles.attrs(e) for e in link.edges]
        now = next((a for a in chosen if a is styles.now), None)
        marked = now or next((a for a in chosen if a is not styles.neutral), None)
        if marked is not None:
            found[f"link-{k}"] = {key: value for key, value in marked.items() if key != "fontcolor"}
    return found


def walk(
    analysis: Analysis, mode: str = "paths", *, shown: View | None = None, limit: int | None = MAX_STEPS
) -> tuple[WalkStep, ...]:
    """The walkthrough as it is drawn: one step per drawn node, one per run of a grey box's nodes.

    A graph small enough is drawn whole, and its walkthrough is
    :func:`explorer.calculus.walkthrough.steps`; a larger one is drawn condensed
    (:func:`explorer.drawing.condense.view`), and the nodes of a grey box
    that come one after another are computed in one step, so that the
    drawing and the walkthrough stay as small as each other. ``shown`` is
    what is drawn, when it is not the graph's own view (slides condense harder).

    Raises
    ------
    TooLargeError
        When even so the walkthrough has more than ``limit`` steps.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> chain = explained("sin(" * 70 + "x" + ")" * 70)
    >>> len(walk(chain, "reverse")), len(steps(chain, "reverse", limit=None))
    (19, 143)
    >>> [s.title for s in walk(chain, "reverse") if s.members]
    ['Evaluate u4, u5, …, u66: the 63 nodes in a grey box', 'dy/du66, dy/du65, …, dy/du4: the 63 nodes in a grey box']
    """
    shown = shown or view(analysis)
    boxes = {member: s.id for s in shown.summaries for member in s.members}
    return steps(analysis, mode, boxes=boxes, limit=limit)


def step_overrides(
    analysis: Analysis,
    walk: Sequence[WalkStep],
    k: int,
    labels: str = "both",
    theme: str = "light",
    *,
    shown: View | None = None,
) -> Overrides:
    """The drawing of step ``k`` of a walkthrough (:func:`walk`).

    Nodes not yet evaluated are faded, with ``?`` for their value; the
    step's node is drawn in the theme's "current" colour, and so are the
    edges it reads. Path steps colour the paths added so far, the current
    one bold; accumulation steps add each node's derivative (forward) or
    adjoint (reverse) as it is computed, and each edge's contribution. The
    last step of the sum of paths is the paths view; of reverse mode, the
    gradients view. In a condensed drawing, a grey box is faded until its
    nodes are evaluated and drawn as current in the step that computes them,
    and a link to it is drawn as the edges it stands for. ``shown`` is what is
    drawn, as for :func:`walk`.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("x*x**2")
    >>> walk = steps(a, "forward")
    >>> [s.kind for s in walk]
    ['inputs', 'evaluate', 'evaluate', 'seed', 'forward', 'forward', 'final']
    >>> print(step_overrides(a, walk, 1)["node-2"]["label"])
    y = x·u1\\n= ?
    >>> print(step_overrides(a, walk, 4)["node-1"]["label"])
    u1 = x²\\n= 0.25\\ndu1/dx = 1
    """
    current = check_step(walk, k)
    if current.kind == "final" and current.mode == "paths":
        return {}
    if current.kind == "final" and current.mode == "reverse":
        return gradients(analysis, labels)
    state = _State(analysis, walk[: k + 1])
    style = STYLE[theme]
    drawn = shown or view(analysis)
    return {
        **_node_overrides(analysis, state, current, labels, style, drawn),
        **_edge_overrides(analysis, state, current, labels, style, drawn),
    }


def focus(analysis: Analysis, step: WalkStep) -> tuple[str, ...]:
    """The ids of what a walkthrough step is about (its node, the edges it reads): a viewer keeps them in view.

    The inputs for the first step, a path's nodes and edges for a path step,
    nothing for the final one (the whole graph).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("x*x**2")
    >>> walk = steps(a, "reverse")
    >>> [focus(a, s) for s in walk[:2]], focus(a, walk[-2])
    ([('node-0',), ('node-1', 'edge-0')], ('node-0', 'edge-0', 'edge-1'))
    """
    index = {node.id: i for i, node in enumerate(analysis.nodes)}
    if step.kind == "inputs":
        return tuple(f"node-{index[name]}" for name in analysis.inputs)
    if step.kind == "path" and step.path is not None:
        path = analysis.paths[step.path]
        return (*(f"node-{index[n]}" for n in path.nodes), *(f"edge-{e}" for e in path.edges))
    if step.node is None or step.node not in index:
        return ()
    if step.kind == "reverse":
        edges = [e for e, edge in enumerate(analysis.edges) if edge.source == step.node]
    elif step.kind in ("evaluate", "forward"):
        edges = [e for e, edge in enumerate(analysis.edges) if edge.target == step.node]
    else:
        edges = []
    return (f"node-{index[step.node]}", *(f"edge-{e}" for e in edges))


def overrides(
    analysis: Analysis,
    view: str = "paths",
    mode: str = "paths",
    step: int = 0,
    labels: str = "both",
    theme: str = "light",
) -> Overrides:
    """The overrides that draw ``view``: none for the paths or the shapes, :func:`gradients`, or step ``step``.

    Raises
    ------
    ValueError
        For an unknown view, mode or theme.
    ExpressionError
        For a step the walkthrough does not have.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> overrides(explained("x*x"), "paths")
    {}
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}")
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    if view == "gradients":
        return gradients(analysis, labels)
    if view == "steps":
        return step_overrides(analysis, walk(analysis, mode), step, labels, theme)
    return {}
