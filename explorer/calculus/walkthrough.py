"""The step-by-step walkthrough: the computation revealed one step at a time, for a lecture.

First the forward evaluation, node by node in evaluation order; then, by the
chosen mode, one path at a time (its product joins the sum), one node at a
time of forward accumulation (d(node)/dx from its in-edges) or of reverse
accumulation (the adjoint d(y)/d(node) from its out-edges, from the output
back); last, the result. Steps are plain data: :mod:`explorer.drawing.views` draws
each, :mod:`explorer.teach.modes` writes its formula. A graph too large to draw
whole is drawn condensed, its other nodes in grey boxes: given the boxes, the
nodes of one box that come one after another are one step, so the walkthrough
of any graph is as long as its drawing is large.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import ExpressionError, TooLargeError
from ..language.printing import derivative, number, partial, path_label, size, unicode
from .factoring import MODES, downstream, upstream
from .result import Analysis

# fmt: off
__all__ = [
    "KINDS", "MAX_INPUTS_SHOWN", "MAX_PATH_STEPS", "MAX_STEPS", "TITLE_CHARS", "WalkStep", "check_step", "clipped",
    "gradient_sentence", "shown", "steps",
]
# fmt: on

#: Paths shown one at a time; the rest join the sum in the last step.
MAX_PATH_STEPS = 20

#: The longest walkthrough that is drawn (a step a frame); the text prints any number of steps.
MAX_STEPS = 150

#: Inputs the first step's title names; past them it names the first few and the last.
MAX_INPUTS_SHOWN = 8

#: Characters of a step's title, a line of a slide; a longer one keeps both ends, "…" between.
TITLE_CHARS = 110

#: Expression nodes (as printed) a step's title writes out; longer ones are said to be too long.
MAX_NODES = 2_000

#: What a step does -> what it teaches, in one sentence.
KINDS = {
    "inputs": "The walkthrough starts from the values of the inputs.",
    "evaluate": "Evaluate the nodes in order: each needs only its operands, which are already known.",
    "path": "Each path contributes the product of the local partials along it; the derivative is their sum.",
    "seed": "Accumulation starts from the derivative of a variable with respect to itself: 1.",
    "forward": "Forward mode: a node's derivative is the sum, over its in-edges, of the local partial "
    "times the derivative already known at the edge's source.",
    "reverse": "Reverse mode: a node's adjoint is the sum, over its out-edges, of the adjoint already "
    "known at the edge's target times the local partial.",
    "final": "The result.",
}


def shown(expr, *, typed: bool = False) -> str:
    """The expression in Unicode, or a phrase when it would print too long (nested programs).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> shown(x**2)
    'x²'
    """
    return unicode(expr, typed=typed) if size(expr, MAX_NODES) <= MAX_NODES else "(too long to write out)"


@dataclass(frozen=True)
class WalkStep:
    """One step of the walkthrough.

    Attributes
    ----------
    kind : str
        A key of :data:`KINDS`.
    mode : str
        A key of :data:`explorer.calculus.factoring.MODES`: which walkthrough the step belongs to.
    title : str
        What the step computes, on one line of Unicode (``Evaluate u1 = x² = 0.25``).
    node : str or None
        The node the step computes (evaluate, seed, forward, reverse).
    path : int or None
        Index into :attr:`Analysis.paths` (path steps).
    output : int
        Index of the output: the sum of paths or the reverse pass the step belongs to.
    equation : str
        The step's computation alone, in Unicode (``du1/dx = ∂u1/∂x·dx/dx = 1``);
        empty for steps that are not one equation.
    members : tuple of str
        A step through a grey box of the condensed graph: the nodes it computes, in
        the order it computes them (``node`` is then the box); empty otherwise.
    """

    kind: str
    mode: str
    title: str
    node: str | None = None
    path: int | None = None
    output: int = 0
    equation: str = ""
    members: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """What the step teaches, in one sentence."""
        return KINDS[self.kind]


#: A step not made yet: the node it computes, and how to make it (titles print expressions: only the
#: steps of drawn nodes are made, a grey box of a thousand nodes is one step).
_Pending = tuple[str, Callable[[], WalkStep]]


def clipped(text: str, limit: int = TITLE_CHARS) -> str:
    """``text`` cut in the middle to at most about ``limit`` characters, at spaces where it can be.

    Examples
    --------
    >>> clipped(" + ".join(f"x{k}" for k in range(1, 71)), 40)
    'x1 + x2 + x3 + x4 + … + x68 + x69 + x70'
    >>> clipped("Every input's derivative: dy/dw = 0.2949, dy/dx = 0.09831, dy/db = 0.1966", 60)
    "Every input's derivative: dy/dw = 0.2949, …, dy/db = 0.1966"
    """
    if len(text) <= limit:
        return text
    half = limit // 2 - 1
    items = text.split(", ")
    if len(items) > 2:  # a list (the gradient, the inputs): whole items from either end, never half of one
        kept_head, kept_tail = [items[0]], [items[-1]]
        for item in items[1:-1]:
            if len(", ".join([*kept_head, item])) > half:
                break
            kept_head.append(item)
        for item in reversed(items[len(kept_head) : -1]):
            if len(", ".join([item, *kept_tail])) > half:
                break
            kept_tail.insert(0, item)
        if len(", ".join([*kept_head, "…", *kept_tail])) <= limit + 2:
            return ", ".join([*kept_head, "…", *kept_tail])
    head, tail = text[:half], text[-half:]
    head = head[: head.rfind(" ")] if " " in head else head
    tail = tail[tail.find(" ") + 1 :] if " " in tail else tail
    operators = ("+", "−", "·", "/", "→", ";", ",")
    first, last = (head.split() or [""])[-1], (tail.split() or [""])[0]
    operator = first if first in operators else last if last in operators else ""
    if operator:  # the elision stands for terms of a sum or steps of a path: keep the operator on both sides
        head, tail = head.removesuffix(operator).rstrip(), tail.removeprefix(operator).lstrip()
        return f"{head} {operator} … {operator} {tail}"
    return f"{head} … {tail}"


def _elided(names: Sequence[str], keep: int = 2) -> str:
    return ", ".join(names) if len(names) <= keep + 2 else ", ".join(names[:keep]) + ", …, " + names[-1]


def _box_title(kind: str, members: Sequence[str], mode: str, wrt: str | None, output: str) -> str:
    """What a step through a grey box computes: which nodes, and how many."""
    count = f"the {len(members):,} nodes in a grey box" if len(members) > 1 else "the node in a grey box"
    if kind == "evaluate":
        return f"Evaluate {_elided(list(members))}: {count}"
    name = (lambda n: derivative(n, wrt)) if kind == "forward" else (lambda n: derivative(output, n))
    return f"{_elided([name(n) for n in members])}: {count}"


def _grouped(pending: Sequence[_Pending], boxes: Mapping[str, str] | None, make_box) -> list[WalkStep]:
    """The steps, with the nodes of one box that come one after another made into one step."""
    if not boxes:
        return [make() for _, make in pending]
    found: list[WalkStep] = []
    run: list[str] = []
    for k, (node, make) in enumerate(pending):
        box = boxes.get(node)
        if box is None:
            found.append(make())
            continue
        run.append(node)
        following = pending[k + 1][0] if k + 1 < len(pending) else None
        if boxes.get(following) != box:  # the run ends here
            found.append(make_box(box, tuple(run)))
            run = []
    return found


def _point_title(analysis: Analysis) -> str:
    values = [f"{name} = {number(v)}" for name, v in analysis.point.items()]
    if len(values) > MAX_INPUTS_SHOWN:
        values = [*values[:3], "…", values[-1] + f" ({len(values):,} inputs)"]
    return "Set the inputs: " + ", ".join(values)


def _evaluation(analysis: Analysis, mode: str, boxes: Mapping[str, str] | None) -> list[WalkStep]:
    found = [WalkStep("inputs", mode, _point_title(analysis))] if analysis.inputs else []

    def make(node):
        value = number(analysis.node_values.get(node.id))
        title = f"Evaluate {node.id} = {clipped(shown(node.local, typed=True))} = {value}"
        return WalkStep("evaluate", mode, title, node.id)

    def box(name, members):
        return WalkStep("evaluate", mode, _box_title("evaluate", members, mode, None, ""), name, members=members)

    pending = [(node.id, lambda node=node: make(node)) for node in analysis.nodes if node.kind != "input"]
    return found + _grouped(pending, boxes, box)


def _paths(analysis: Analysis) -> list[WalkStep]:
    found = []
    for k, path in enumerate(analysis.paths[:MAX_PATH_STEPS]):
        output = analysis.outputs.index(path.output)
        product = f"{clipped(shown(path.product), TITLE_CHARS // 2)} = {number(path.value)}"
        title = f"Path {k + 1}: {clipped(path_label(path.nodes), TITLE_CHARS // 2)}, product {product}"
        found.append(WalkStep("path", "paths", title, path=k, output=output))
    return found


def _forward(analysis: Analysis, boxes: Mapping[str, str] | None) -> list[WalkStep]:
    wrt = analysis.wrt
    if analysis.by_vector:
        entries = ", ".join(analysis.wrt_inputs)
        raise ExpressionError(
            f"forward mode follows one input at a time, and {wrt} is a vector: walk through one of its entries "
            f"({entries}), or use the sum of paths or reverse mode"
        )
    live = downstream(analysis.flow, [wrt])
    seed = f"{derivative(wrt, wrt)} = 1"
    found = [WalkStep("seed", "forward", f"Forward mode: start with {seed}", wrt, equation=seed)]
    incoming = analysis.flow.incoming()

    def make(i, node):
        terms = [
            f"{partial(node.id, analysis.edges[e].source)}·{derivative(analysis.edges[e].source, wrt)}"
            for e in incoming[node.id]
            if analysis.edges[e].source in live
        ]
        value = number(analysis.forward_values[i]) if analysis.forward_values else "undefined"
        equation = f"{derivative(node.id, wrt)} = {' + '.join(terms)} = {value}"
        return WalkStep("forward", "forward", clipped(equation), node.id, equation=equation)

    def box(name, members):
        return WalkStep("forward", "forward", _box_title("forward", members, "forward", wrt, ""), name, members=members)

    pending = [
        (node.id, lambda i=i, node=node: make(i, node))
        for i, node in enumerate(analysis.nodes)
        if node.id != wrt and node.id in live
    ]
    return found + _grouped(pending, boxes, box)


def _reverse(analysis: Analysis, boxes: Mapping[str, str] | None) -> list[WalkStep]:
    found = []
    leaving = analysis.flow.outgoing()
    for k, out in enumerate(analysis.outputs):
        live = upstream(analysis.flow, [out])
        seed = f"{derivative(out, out)} = 1"
        found.append(WalkStep("seed", "reverse", f"Reverse mode: start with {seed}", out, output=k, equation=seed))

        def make(i, node, k=k, out=out, live=live):
            terms = [
                f"{derivative(out, analysis.edges[e].target)}·{partial(analysis.edges[e].target, node.id)}"
                for e in leaving[node.id]
                if analysis.edges[e].target in live
            ]
            value = number(analysis.adjoint_values[k][i]) if analysis.adjoint_values else "undefined"
            equation = f"{derivative(out, node.id)} = {' + '.join(terms)} = {value}"
            return WalkStep("reverse", "reverse", clipped(equation), node.id, output=k, equation=equation)

        def box(name, members, k=k, out=out):
            title = _box_title("reverse", members, "reverse", None, out)
            return WalkStep("reverse", "reverse", title, name, output=k, members=members)

        pending = [
            (analysis.nodes[i].id, lambda i=i: make(i, analysis.nodes[i]))
            for i in reversed(range(len(analysis.nodes)))
            if analysis.nodes[i].id != out and analysis.nodes[i].id in live
        ]
        found += _grouped(pending, boxes, box)
    return found


def _final(analysis: Analysis, mode: str) -> WalkStep:
    wrt = analysis.wrt
    if wrt is None:
        return WalkStep("final", mode, "No inputs: the derivative is 0")
    entries = list(zip(analysis.entries, analysis.totals, analysis.total_values))
    totals = "; ".join(
        f"{derivative(out, name)} = {shown(total)} = {number(value)}" for (out, name), total, value in entries
    )
    if len(totals) > TITLE_CHARS // 2 and len(entries) > 1:  # a line: every entry's value rather than one formula
        totals = "; ".join(f"{derivative(out, name)} = {number(value)}" for (out, name), _, value in entries)
    if mode == "paths":
        count = f"{analysis.path_count:,} path" + ("" if analysis.path_count == 1 else "s")
        return WalkStep("final", mode, clipped(f"The sum over {count}: {totals}"))
    if mode == "forward":
        return WalkStep("final", mode, clipped(f"One forward pass from {wrt}: {totals}"))
    return WalkStep("final", mode, gradient_sentence(analysis, TITLE_CHARS))


def gradient_sentence(analysis: Analysis, limit: int | None = None) -> str:
    """Every input's derivative from the reverse passes, in one line; past ``limit`` characters, the first and the last.

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> gradient_sentence(run("sigmoid(w*x + b)", at={"w": 1, "x": 2, "b": -2}))
    "Every input's derivative from one reverse pass: dy/dw = 0.5, dy/dx = 0.25, dy/db = 0.25"
    """
    entries = [
        f"{derivative(out, name)} = {number(value)}"
        for out, values in zip(analysis.outputs, analysis.gradient_values)
        for name, value in values.items()
    ]
    passes = "one reverse pass" if len(analysis.outputs) == 1 else f"{len(analysis.outputs)} reverse passes"
    head = f"Every input's derivative from {passes}: "
    shown = list(entries)
    while limit is not None and len(shown) > 2 and len(head + ", ".join(shown)) > limit:
        kept = len([e for e in shown if e != "…"]) - 1  # one entry fewer: the first ones and the last
        shown = [*entries[: kept - 1], "…", entries[-1]]
    return head + ", ".join(shown)


def steps(
    analysis: Analysis,
    mode: str = "paths",
    *,
    boxes: Mapping[str, str] | None = None,
    limit: int | None = MAX_STEPS,
) -> tuple[WalkStep, ...]:
    """The walkthrough of ``analysis`` in ``mode``: evaluation, then the mode's steps, then the result.

    Parameters
    ----------
    analysis : Analysis
    mode : {'paths', 'forward', 'reverse'}
        One path at a time, forward accumulation node by node, or reverse
        accumulation from the output back (one pass per output).
    boxes : Mapping[str, str], optional
        The grey boxes of a condensed drawing: node id -> the box it is drawn in
        (:func:`explorer.drawing.views.walk`). The nodes of one box that come one
        after another make one step (its ``members``).
    limit : int or None
        The most steps to make (a walkthrough that is drawn, a frame a step);
        None for any number (the text report).

    Returns
    -------
    tuple of WalkStep
        The last step is the result (the sum, the derivative, the gradient).

    Raises
    ------
    ValueError
        For an unknown mode.
    ExpressionError
        For forward mode by a vector of inputs (it moves one input at a time).
    TooLargeError
        When the walkthrough would have more than ``limit`` steps.

    Notes
    -----
    At most :data:`MAX_PATH_STEPS` paths get a step of their own; the sum in
    the last step counts every path. Linear in the size of the graph.

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> for step in steps(run("x*x**2"), "reverse"):
    ...     print(step.title)
    Set the inputs: x = 0.5
    Evaluate u1 = x² = 0.25
    Evaluate y = x·u1 = 0.125
    Reverse mode: start with dy/dy = 1
    dy/du1 = dy/dy·∂y/∂u1 = 0.5
    dy/dx = dy/du1·∂u1/∂x + dy/dy·∂y/∂x = 0.75
    Every input's derivative from one reverse pass: dy/dx = 0.75
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    found = _evaluation(analysis, mode, boxes)
    if analysis.wrt is not None:
        if mode == "paths":
            found += _paths(analysis)
        else:
            found += (_forward if mode == "forward" else _reverse)(analysis, boxes)
    found.append(_final(analysis, mode))
    if limit is not None and len(found) > limit:
        raise TooLargeError(
            f"a walkthrough is drawn in at most {limit} steps, and this one ({MODES[mode].lower()}) needs "
            f"{len(found):,}: the command line's --mode {mode} writes every step as text"
            if mode != "paths"
            else f"a walkthrough is drawn in at most {limit} steps, and this one (sum of paths) needs {len(found):,}"
        )
    return tuple(found)


def check_step(walk: tuple[WalkStep, ...], k: int) -> WalkStep:
    """Step ``k`` (from 0) of ``walk``, or a refusal that names the steps there are (counted from 1).

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> check_step(steps(run("x*x")), 99)
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: there is no step 100: this walkthrough (sum of paths) has steps 1 to 5
    """
    if not 0 <= k < len(walk):
        mode = MODES[walk[0].mode].lower() if walk else "empty"
        raise ExpressionError(f"there is no step {k + 1}: this walkthrough ({mode}) has steps 1 to {len(walk)}")
    return walk[k]
