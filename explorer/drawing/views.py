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
from ..calculus.walkthrough import WalkStep, check_step, shown, steps
from ..language.printing import derivative, number
from .dot import STYLE, THEMES, colour, edge_lines, escape, node_lines

__all__ = ["VIEWS", "gradients", "overrides", "step_overrides"]

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
        found[f"edge-{e}"] = {"label": escape(*edge_lines(analysis, e, labels, parallel[e]), *lines)}
    return found


class _State:
    """What is known after some steps: nodes evaluated, paths added, derivatives accumulated."""

    def __init__(self, analysis: Analysis, done: Sequence[WalkStep]):
        self.evaluated: set[str] = set()
        self.paths: list[int] = []
        self.tangents: set[str] = set()
        self.adjoints: dict[int, set[str]] = {}
        for step in done:
            if step.kind == "inputs":
                self.evaluated.update(analysis.inputs)
            elif step.kind == "evaluate":
                self.evaluated.add(step.node)
            elif step.kind == "path":
                self.paths.append(step.path)
            elif step.mode == "forward" and step.kind in ("seed", "forward"):
                self.tangents.add(step.node)
            elif step.mode == "reverse" and step.kind in ("seed", "reverse"):
                self.adjoints.setdefault(step.output, set()).add(step.node)
        self.accumulating = any(s.kind not in ("inputs", "evaluate") for s in done)


def _node_overrides(analysis: Analysis, state: _State, current: WalkStep, labels: str, style: Mapping) -> Overrides:
    found: Overrides = {}
    wrt = analysis.wrt
    live = downstream(analysis.flow, [wrt]) if wrt else set()
    reaching = {k: upstream(analysis.flow, [analysis.outputs[k]]) for k in state.adjoints}
    for i, node in enumerate(analysis.nodes):
        known = state.accumulating or node.id in state.evaluated
        if known:
            lines = list(node_lines(analysis, node, labels))
        elif node.kind == "input":
            lines = [f"{node.id} = ?"]
        else:
            lines = [f"{node.id} = {shown(node.local, typed=True)}"] + ([] if labels == "symbolic" else ["= ?"])
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
    return found


def _edge_overrides(analysis: Analysis, state: _State, current: WalkStep, labels: str, style: Mapping) -> Overrides:
    found: Overrides = {}
    parallel = _parallel(analysis)
    index = {node.id: i for i, node in enumerate(analysis.nodes)}
    neutral = dict(style["edge"])
    done = {"color": style["edge"]["fontcolor"], **style["path"]}
    now = {**style["current"], "fontcolor": style["edge"]["fontcolor"]}
    wrt = analysis.wrt
    live_forward = downstream(analysis.flow, [wrt]) if wrt else set()
    on_path = {k: set(analysis.paths[k].edges) for k in state.paths}
    for e, edge in enumerate(analysis.edges):
        lines = list(edge_lines(analysis, e, labels if state.accumulating else "symbolic", parallel[e]))
        attrs = dict(neutral)
        if not state.accumulating and current.kind == "evaluate" and edge.target == current.node:
            attrs.update(now)
        elif current.mode == "paths":
            earlier = [k for k in state.paths if e in on_path[k]]
            if current.kind == "path" and e in on_path[current.path]:
                attrs = {"color": colour(current.path), "fontcolor": neutral["fontcolor"], **style["highlighted"]}
            elif earlier:
                attrs = {
                    "color": ":".join(colour(k) for k in earlier),
                    "fontcolor": neutral["fontcolor"],
                    **style["path"],
                }
        elif current.mode == "forward" and edge.source in live_forward and edge.target in state.tangents:
            tangent = analysis.forward_values[index[edge.source]]
            lines.append(f"{derivative(edge.target, wrt)} += {number(_times(analysis.edge_values[e], tangent))}")
            attrs = now if edge.target == current.node else done
        elif current.mode == "reverse":
            for k, names in sorted(state.adjoints.items()):
                if edge.source in names and edge.target in names:
                    adjoint = analysis.adjoint_values[k][index[edge.target]]
                    contribution = number(_times(adjoint, analysis.edge_values[e]))
                    lines.append(f"{derivative(analysis.outputs[k], edge.source)} += {contribution}")
                    is_now = current.kind == "reverse" and current.output == k and edge.source == current.node
                    attrs = now if is_now else done
        found[f"edge-{e}"] = {"label": escape(*lines), **attrs}
    return found


def step_overrides(
    analysis: Analysis, walk: Sequence[WalkStep], k: int, labels: str = "both", theme: str = "light"
) -> Overrides:
    """The drawing of step ``k`` of a walkthrough (:func:`explorer.calculus.walkthrough.steps`).

    Nodes not yet evaluated are faded, with ``?`` for their value; the
    step's node is drawn in the theme's "current" colour, and so are the
    edges it reads. Path steps colour the paths added so far, the current
    one bold; accumulation steps add each node's derivative (forward) or
    adjoint (reverse) as it is computed, and each edge's contribution. The
    last step of the sum of paths is the paths view; of reverse mode, the
    gradients view.

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
    return {
        **_node_overrides(analysis, state, current, labels, style),
        **_edge_overrides(analysis, state, current, labels, style),
    }


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
        return step_overrides(analysis, steps(analysis, mode), step, labels, theme)
    return {}
