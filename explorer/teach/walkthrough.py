"""The walkthrough's words and formulas: each step's formula, and the report of a mode step by step."""

from __future__ import annotations

from collections.abc import Sequence

from ..calculus.differences import FiniteDifference
from ..calculus.factoring import MODES
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
        rows.append(rf"\vdots\ \text{{{len(middle):,} more}}")
    if last is not None:
        rows.append(_row(analysis, step, last))
    return r"\begin{gathered}" + r" \\ ".join(rows) + r"\end{gathered}"


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


def _sides(formula: str) -> list[str]:
    """A one-line formula's sides: split at each ``=`` outside braces (none inside an environment)."""
    if r"\begin" in formula:
        return [formula]
    sides, depth, start = [], 0, 0
    for k, c in enumerate(formula):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth == 0 and formula.startswith(" = ", k):
            sides.append(formula[start:k])
            start = k + 3
    return [*sides, formula[start:]]


def _stacked(formulas: Sequence[str]) -> str:
    return r"\begin{aligned}" + r" \\ ".join(formulas) + r"\end{aligned}"


def _rows(formula: str) -> str | None:
    """A one-line formula with a row per side, aligned at ``=``; None when it has two sides or fewer."""
    sides = _sides(formula)
    if len(sides) < 3:
        return None
    return _stacked([f"{sides[0]} &= {sides[1]}", *(f"&= {side}" for side in sides[2:])])


def _ends(formula: str) -> str:
    """The first and the last side of a one-line formula: what it computes, and the value."""
    sides = _sides(formula)
    return formula if len(sides) < 3 else f"{sides[0]} = {sides[-1]}"


#: Rows a short form lists (the inputs, the gradient); past them the first few, ⋮ and the last.
SHORT_ROWS = 4

#: Values a line of the shortest form holds (``dy/dw_1 = 2,  dy/dw_2 = 0.75, …``).
PER_LINE = 4


def _few(rows: Sequence[str]) -> list[str]:
    return list(rows) if len(rows) <= SHORT_ROWS else [*rows[: SHORT_ROWS - 1], r"&\ \vdots", rows[-1]]


def _slashed(output: str, wrt: str) -> str:
    """d(output)/d(wrt) on one line, as the shortest forms write it."""
    return f"d{tex_name(output)}/d{tex_name(wrt)}"


def _lines(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """``name = value`` pairs a few to a line, on two lines at most: all of them, then the first few and the last."""
    cells = [f"{name} = {value}" for name, value in pairs]
    if not cells:
        return []
    grid = [r",\quad ".join(cells[i : i + PER_LINE]) for i in range(0, len(cells), PER_LINE)]
    found = [r"\begin{gathered}" + r" \\ ".join(grid) + r"\end{gathered}"] if len(grid) <= 2 else []
    if len(cells) > PER_LINE:
        found.append(r",\quad ".join([*cells[: PER_LINE - 2], r"\ldots", cells[-1]]))
    return found


def _short(analysis: Analysis, walk: Sequence[WalkStep], k: int, theme: str, document: bool) -> list[str]:
    """Shorter forms of step ``k``'s formula, from longer to shortest: what a small slide can hold."""
    step = walk[k]
    point = [(tex_name(n), tex_number(v)) for n, v in analysis.point.items()]
    if step.kind == "inputs":
        rows = [f"{name} &= {value}" for name, value in point]
        return [_stacked(rows), _stacked(_few(rows)), *_lines(point)]
    if step.members:
        rows = [_ends(_row(analysis, step, node)) for node in (step.members[0], step.members[-1])]
        values = [tuple(_sides(_ends(_row(analysis, step, node)))) for node in step.members]
        return [
            r"\begin{gathered}" + r" \\ \vdots \\ ".join(dict.fromkeys(rows)) + r"\end{gathered}",
            *_lines([(side[0], side[-1]) for side in values]),
        ]
    if step.kind in ("evaluate", "forward", "reverse"):
        one = _step_formula(analysis, walk, k, theme, document)
        return [r for r in (_rows(one), _ends(one)) if r]
    if step.kind == "path":
        path = analysis.paths[step.path]
        product = coloured(step.path, wrap(path.product_expr), theme=theme, document=document)
        mine = rf"\text{{path {step.path + 1}}} &= {product} = {tex_number(path.value)}"
        done = [s.path for s in walk[: k + 1] if s.kind == "path" and s.output == step.output]
        values = [analysis.paths[j].value for j in done]
        total = None if any(v is None for v in values) else sum(values)
        so_far = [rf"\text{{sum so far}} &= {tex_number(total)}"] if len(done) > 1 else []
        return [_stacked([mine, *so_far]), _stacked([rf"\text{{path {step.path + 1}}} &= {tex_number(path.value)}"])]
    if step.kind == "final" and analysis.wrt is not None:
        if step.mode == "reverse":
            index = node_index(analysis)
            pairs = [
                (_slashed(out, x), tex_number(values[index[x]]))
                for out, values in zip(analysis.outputs, analysis.adjoint_values)
                for x in analysis.inputs
            ]
            rows = [
                f"{tex_derivative(out, x)} &= {tex_number(values[index[x]])}"
                for out, values in zip(analysis.outputs, analysis.adjoint_values)
                for x in analysis.inputs
            ]
        else:
            entries = list(zip(analysis.entries, analysis.totals, analysis.total_values))
            pairs = [(_slashed(out, name), tex_number(v)) for (out, name), _, v in entries]
            rows = [f"{tex_derivative(out, name)} &= {short(t)} = {tex_number(v)}" for (out, name), t, v in entries]
            rows = [
                _stacked(rows),
                _stacked(_few([f"{tex_derivative(o, n)} &= {tex_number(v)}" for (o, n), _, v in entries])),
            ]
            return [*rows, *_lines(pairs)]
        return [_stacked(rows), _stacked(_few(rows)), *_lines(pairs)]
    return []


def step_formulas(
    analysis: Analysis, walk: Sequence[WalkStep], k: int, *, theme: str = "light", document: bool = False
) -> tuple[str, ...]:
    r"""Step ``k``'s formula, then shorter forms of it: a slide shows the first that fits (the last is short).

    The whole formula (:func:`step_formula`), the same with a row per side,
    then what it computes and the value alone; the inputs and the gradient
    with their first and last rows.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> from explorer.calculus.walkthrough import steps
    >>> a = explained("x*x**2")
    >>> for formula in step_formulas(a, steps(a, "reverse"), 4):
    ...     print(formula)
    \frac{dy}{du_{1}} = \frac{\partial y}{\partial u_{1}} = x = 0.5
    \begin{aligned}\frac{dy}{du_{1}} &= \frac{\partial y}{\partial u_{1}} \\ &= x \\ &= 0.5\end{aligned}
    \frac{dy}{du_{1}} = 0.5
    """
    with budget(ROW_NODES):
        found = [_step_formula(analysis, walk, k, theme, document), *_short(analysis, walk, k, theme, document)]
    return tuple(dict.fromkeys(f for f in found if f))


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
