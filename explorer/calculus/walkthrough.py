"""The step-by-step walkthrough: the computation revealed one step at a time, for a lecture.

First the forward evaluation, node by node in evaluation order; then, by the
chosen mode, one path at a time (its product joins the sum), one node at a
time of forward accumulation (d(node)/dx from its in-edges) or of reverse
accumulation (the adjoint d(y)/d(node) from its out-edges, from the output
back); last, the result. Steps are plain data: :mod:`explorer.drawing.views` draws
each, :mod:`explorer.teach.modes` writes its formula.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ExpressionError
from ..language.printing import derivative, number, partial, path_label, size, unicode
from .factoring import MODES, downstream, upstream
from .result import Analysis

__all__ = ["KINDS", "MAX_PATH_STEPS", "MAX_STEPS", "WalkStep", "check_step", "shown", "steps"]

#: Paths shown one at a time; the rest join the sum in the last step.
MAX_PATH_STEPS = 20

#: The longest walkthrough: a lecture shows a small graph, and every step is a frame.
MAX_STEPS = 150

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
    """

    kind: str
    mode: str
    title: str
    node: str | None = None
    path: int | None = None
    output: int = 0
    equation: str = ""

    @property
    def note(self) -> str:
        """What the step teaches, in one sentence."""
        return KINDS[self.kind]


def _evaluation(analysis: Analysis, mode: str) -> list[WalkStep]:
    point = ", ".join(f"{name} = {number(v)}" for name, v in analysis.point.items())
    found = [WalkStep("inputs", mode, f"Set the inputs: {point}")] if analysis.inputs else []
    for node in analysis.nodes:
        if node.kind != "input":
            value = number(analysis.node_values.get(node.id))
            found.append(
                WalkStep("evaluate", mode, f"Evaluate {node.id} = {shown(node.local, typed=True)} = {value}", node.id)
            )
    return found


def _paths(analysis: Analysis) -> list[WalkStep]:
    found = []
    for k, path in enumerate(analysis.paths[:MAX_PATH_STEPS]):
        output = analysis.outputs.index(path.output)
        product = f"{shown(path.product)} = {number(path.value)}"
        found.append(
            WalkStep(
                "path", "paths", f"Path {k + 1}: {path_label(path.nodes)}, product {product}", path=k, output=output
            )
        )
    return found


def _forward(analysis: Analysis) -> list[WalkStep]:
    wrt = analysis.wrt
    live = downstream(analysis.flow, [wrt])
    seed = f"{derivative(wrt, wrt)} = 1"
    found = [WalkStep("seed", "forward", f"Forward mode: start with {seed}", wrt, equation=seed)]
    incoming = analysis.flow.incoming()
    for i, node in enumerate(analysis.nodes):
        if node.id == wrt or node.id not in live:
            continue
        terms = [
            f"{partial(node.id, analysis.edges[e].source)}·{derivative(analysis.edges[e].source, wrt)}"
            for e in incoming[node.id]
            if analysis.edges[e].source in live
        ]
        value = number(analysis.forward_values[i]) if analysis.forward_values else "undefined"
        equation = f"{derivative(node.id, wrt)} = {' + '.join(terms)} = {value}"
        found.append(WalkStep("forward", "forward", equation, node.id, equation=equation))
    return found


def _reverse(analysis: Analysis) -> list[WalkStep]:
    found = []
    leaving = analysis.flow.outgoing()
    for k, out in enumerate(analysis.outputs):
        live = upstream(analysis.flow, [out])
        seed = f"{derivative(out, out)} = 1"
        found.append(WalkStep("seed", "reverse", f"Reverse mode: start with {seed}", out, output=k, equation=seed))
        for i in reversed(range(len(analysis.nodes))):
            node = analysis.nodes[i]
            if node.id == out or node.id not in live:
                continue
            terms = [
                f"{derivative(out, analysis.edges[e].target)}·{partial(analysis.edges[e].target, node.id)}"
                for e in leaving[node.id]
                if analysis.edges[e].target in live
            ]
            value = number(analysis.adjoint_values[k][i]) if analysis.adjoint_values else "undefined"
            equation = f"{derivative(out, node.id)} = {' + '.join(terms)} = {value}"
            found.append(WalkStep("reverse", "reverse", equation, node.id, output=k, equation=equation))
    return found


def _final(analysis: Analysis, mode: str) -> WalkStep:
    wrt = analysis.wrt
    if wrt is None:
        return WalkStep("final", mode, "No inputs: the derivative is 0")
    totals = "; ".join(
        f"{derivative(out, wrt)} = {shown(total)} = {number(value)}"
        for out, total, value in zip(analysis.outputs, analysis.totals, analysis.total_values)
    )
    if mode == "paths":
        count = f"{analysis.path_count:,} path" + ("" if analysis.path_count == 1 else "s")
        return WalkStep("final", mode, f"The sum over {count}: {totals}")
    if mode == "forward":
        return WalkStep("final", mode, f"One forward pass from {wrt}: {totals}")
    gradient = ", ".join(
        f"{derivative(out, name)} = {number(value)}"
        for out, values in zip(analysis.outputs, analysis.gradient_values)
        for name, value in values.items()
    )
    passes = "one reverse pass" if len(analysis.outputs) == 1 else f"{len(analysis.outputs)} reverse passes"
    return WalkStep("final", mode, f"Every input's derivative from {passes}: {gradient}")


def steps(analysis: Analysis, mode: str = "paths") -> tuple[WalkStep, ...]:
    """The walkthrough of ``analysis`` in ``mode``: evaluation, then the mode's steps, then the result.

    Parameters
    ----------
    analysis : Analysis
    mode : {'paths', 'forward', 'reverse'}
        One path at a time, forward accumulation node by node, or reverse
        accumulation from the output back (one pass per output).

    Returns
    -------
    tuple of WalkStep
        The last step is the result (the sum, the derivative, the gradient).

    Raises
    ------
    ValueError
        For an unknown mode.
    ExpressionError
        When the walkthrough would have more than :data:`MAX_STEPS` steps.

    Notes
    -----
    At most :data:`MAX_PATH_STEPS` paths get a step of their own; the sum in
    the last step counts every path.

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
    found = _evaluation(analysis, mode)
    if analysis.wrt is not None:
        found += {"paths": _paths, "forward": _forward, "reverse": _reverse}[mode](analysis)
    found.append(_final(analysis, mode))
    if len(found) > MAX_STEPS:
        raise ExpressionError(
            f"the walkthrough shows at most {MAX_STEPS} steps and this expression needs {len(found):,} in "
            f"{MODES[mode].lower()}: try a smaller expression"
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
