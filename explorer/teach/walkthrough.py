"""The walkthrough's words and formulas: each step's formula, and the report of a mode step by step."""

from __future__ import annotations

from collections.abc import Sequence

from ..calculus.factoring import MODES
from ..calculus.numeric import FiniteDifference
from ..calculus.result import Analysis
from ..calculus.walkthrough import WalkStep, gradient_sentence, shown, steps
from ..language.printing import number
from ..language.printsize import budget, short
from .modes import ROW_NODES, adjoint_gradient, cost_lines, forward_row, node_index, reverse_row, sides
from .notation import capped, coloured, tex_derivative, tex_name, tex_number, wrap
from .paths import path_nodes, product_cell, sum_over_paths
from .report import text_report
from .rules import check_sentence


def step_formula(
    analysis: Analysis, walk: Sequence[WalkStep], k: int, *, theme: str = "light", document: bool = False
) -> str:
    r"""The formula of step ``k`` of a walkthrough (:func:`explorer.calculus.walkthrough.steps`).

    Colours are the text shades for a ``theme`` page, or for a LaTeX file with ``document``
    (:func:`explorer.teach.notation.coloured`).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> from explorer.calculus.walkthrough import steps
    >>> a = explained("x*x**2")
    >>> step_formula(a, steps(a), 1)
    'u_{1} = x^{2} = 0.25'
    """
    with budget(ROW_NODES):
        return _step_formula(analysis, walk, k, theme, document)


def _row(analysis: Analysis, step: WalkStep, node_id: str) -> str:
    """The formula of one node of a step: its value (evaluate), derivative (forward) or adjoint (reverse)."""
    if step.kind == "forward":
        return forward_row(analysis, node_id)
    if step.kind == "reverse":
        return reverse_row(analysis, step.output, node_id)
    node = analysis.nodes[node_index(analysis)[node_id]]
    return sides(tex_name(node.id), short(node.local, typed=True), tex_number(analysis.node_values.get(node.id)))


def _box_formula(analysis: Analysis, step: WalkStep) -> str:
    """A step through a grey box: its first and last node's formulas, and how many come between."""
    first, *middle, last = step.members if len(step.members) > 1 else (*step.members, None)
    rows = [_row(analysis, step, first)]
    if middle:
        rows.append(rf"dots\ 	ext{{{len(middle):,} more}}")
    if last is not None:
        rows.append(_row(analysis, step, last))
    return r"egin{gathered}" + r" \ ".join(rows) + r"\end{gathered}"


def _step_formula(analysis: Analysis, walk: Sequence[WalkStep], k: int, theme: str, document: bool) -> str:
    step = walk[k]
    if step.members:
        return _box_formula(analysis, step)
    index = node_index(analysis)
    if step.kind == "inputs":
        return r",\quad ".join(f"{tex_name(n)} = {tex_number(v)}" for n, v in analysis.point.items())
    if step.kind == "evaluate":
        node = analysis.nodes[index[step.node]]
        return sides(tex_name(node.id), short(node.local, typed=True), tex_number(analysis.node_values.get(node.id)))
    if step.kind == "path":
        path = analysis.paths[step.path]
        done = [s.path for s in walk[: k + 1] if s.kind == "path" and s.output == step.output]
        terms = [coloured(j, wrap(analysis.paths[j].product_expr), theme=theme, document=document) for j in done]
        values = [analysis.paths[j].value for j in done]
        total = None if any(v is None for v in values) else sum(values)
        lines = [path_nodes(path) + r": &\quad " + product_cell(analysis, path) + " = " + tex_number(path.value)]
        if len(done) > 1:
            lines.append(r"\text{sum so far}: &\quad " + " + ".join(terms) + " = " + tex_number(total))
        return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"
    if step.kind == "seed":
        return tex_derivative(step.node, step.node) + " = 1"
    if step.kind == "forward":
        return forward_row(analysis, step.node)
    if step.kind == "reverse":
        return reverse_row(analysis, step.output, step.node)
    return _final(analysis, step.mode, theme, document)


def _final(analysis: Analysis, mode: str, theme: str, document: bool) -> str:
    if analysis.wrt is None:
        return r"\text{no inputs: the derivative is } 0"
    if mode == "reverse":
        return adjoint_gradient(analysis)
    if mode == "paths":
        sums = (sum_over_paths(analysis, k, theme=theme, document=document) for k in range(len(analysis.entries)))
        return r" \qquad ".join(sums)
    rows = [
        f"{tex_derivative(out, name)} &= {short(t)} = {tex_number(v)}"
        for (out, name), t, v in zip(analysis.entries, analysis.totals, analysis.total_values)
    ]
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def walkthrough_formulas(analysis: Analysis, walk: Sequence[WalkStep], theme: str = "light") -> tuple[str | None, ...]:
    r"""Every step's formula, each capped in size (None when too long to typeset on the page).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> from explorer.calculus.walkthrough import steps
    >>> a = explained("x*x")
    >>> print(walkthrough_formulas(a, steps(a, "forward"))[-2])
    \frac{dy}{dx} = \frac{\partial y}{\partial x}^{(1)} + \frac{\partial y}{\partial x}^{(2)} = x + x = 2 x = 1
    """
    return tuple(capped(step_formula(analysis, walk, k, theme=theme)) for k in range(len(walk)))


def mode_report(analysis: Analysis, mode: str, differences: Sequence[FiniteDifference] | None = None) -> str:
    """The text report of ``mode``: the sum of paths, or forward or reverse accumulation step by step.

    ``differences`` replace the analysis's finite differences in the sum of paths' report
    (:func:`explorer.teach.report.text_report`). A derivative by a vector of inputs is reported as a sum
    of paths: forward mode would need one pass per entry.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> print(mode_report(explained("x*x**2"), "forward"))  # doctest: +ELLIPSIS
    x*x**2
      Total-derivative chain rule: x reaches y through 2 paths
      variables:
        u1 = x²
        y = x·u1
      forward mode at x = 0.5:
        dx/dx = 1
        du1/dx = ∂u1/∂x·dx/dx = 1
        dy/dx = ∂y/∂x·dx/dx + ∂y/∂u1·du1/dx = 0.75
      dy/dx = 3·x² = 0.75
      operations     sum of paths     forward mode    reverse mode
      d/dx           2 paths: 1×, 1+  1 pass: 1×, 1+  1 pass: 1×, 1+
      the one input  2 paths: 1×, 1+  1 pass: 1×, 1+  1 pass: 1×, 1+
      check: not checked against sympy.diff
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "paths" or analysis.wrt is None or analysis.by_vector:
        return text_report(analysis, differences)
    a = analysis
    lines = [a.text, f"  {a.summary}", "  variables:"]
    lines += [f"    {n.id} = {shown(n.local, typed=True)}" for n in a.nodes if n.kind != "input"]
    point = ", ".join(f"{k} = {number(v)}" for k, v in a.point.items())
    lines.append(f"  {MODES[mode].lower()} at {point}:")
    walk = steps(a, mode, limit=None)  # text: every step, however many
    lines += [f"    {step.equation}" for step in walk if step.equation]
    if mode == "reverse":
        lines.append(f"  {gradient_sentence(a)}")  # every input, however many (the step's title is cut)
    for out, total, value in zip(a.outputs, a.totals, a.total_values):
        lines.append(f"  d{out}/d{a.wrt} = {shown(total)} = {number(value)}")
    if a.cost is not None:
        lines += [f"  {line}" for line in cost_lines(a.cost)]
    lines.append(f"  check: {check_sentence(a)}")
    lines += [f"  note: {note}" for note in a.notes]
    return "\n".join(lines)
