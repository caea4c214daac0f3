"""The words of forward and reverse mode: the text report of a mode, and what each way costs, in sentences.

The command line's ``--mode forward`` and ``--mode reverse`` print
:func:`mode_report`: the intermediate variables, then the walkthrough's
accumulation steps (:mod:`explorer.walkthrough`) and the operation counts
(:mod:`explorer.cost`). ``--mode paths`` is :func:`explorer.describe.text_report`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .cost import Cost, Operations
from .describe import check_sentence, text_report
from .lesson import Difference
from .modes import MODES
from .printing import number
from .result import Analysis
from .walkthrough import shown, steps

__all__ = ["cost_lines", "mode_report", "operations", "why"]


def operations(ops: Operations) -> str:
    """A count of operations in words.

    Examples
    --------
    >>> operations(Operations(1, 2_048, 1))
    '2,048 multiplications and 1 addition'
    """
    mults = f"{ops.multiplications:,} multiplication" + ("" if ops.multiplications == 1 else "s")
    adds = f"{ops.additions:,} addition" + ("" if ops.additions == 1 else "s")
    return f"{mults} and {adds}"


def _passes(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else ("es" if what.endswith("s") else "s"))


def cost_lines(cost: Cost) -> list[str]:
    """A small table: the operations of the sum of paths, forward and reverse mode, for one input and for all.

    ``×`` counts multiplications, ``+`` additions.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> for line in cost_lines(run("sigmoid(w*x + b)", wrt="w").cost):
    ...     print(line)
    operations    sum of paths     forward mode      reverse mode
    d/dw          1 path: 2×, 0+   1 pass: 2×, 0+    1 pass: 4×, 0+
    all 3 inputs  3 paths: 5×, 0+  3 passes: 5×, 0+  1 pass: 4×, 0+
    """
    rows = [(f"d/d{cost.wrt}", cost.paths, cost.forward, cost.reverse)] if cost.wrt else []
    every = "the one input" if cost.inputs == 1 else f"all {cost.inputs:,} inputs"
    rows.append((every, cost.all_paths, cost.all_forward, cost.all_reverse))
    table = [["operations", "sum of paths", "forward mode", "reverse mode"]]
    for what, paths, forward, reverse in rows:
        cells = [_passes(paths.passes, "path"), _passes(forward.passes, "pass"), _passes(reverse.passes, "pass")]
        ops = [f"{o.multiplications:,}×, {o.additions:,}+" for o in (paths, forward, reverse)]
        table.append([what, *(f"{c}: {o}" for c, o in zip(cells, ops))])
    widths = [max(len(row[c]) for row in table) + 2 for c in range(3)]
    return ["".join(cell.ljust(w) for cell, w in zip(row, widths)) + row[3] for row in table]


def why(cost: Cost) -> str:
    """Why one mode wins here, in a sentence.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> why(run("sigmoid(w*x + b)").cost)  # doctest: +ELLIPSIS
    'With 3 inputs and 1 output, reverse mode gets every derivative in 1 pass from the output back, ...'
    """
    n, m = cost.inputs, cost.outputs
    if n == 0:
        return "There is no input: nothing to differentiate."
    shape = f"With {n:,} input{'s' if n != 1 else ''} and {m:,} output{'s' if m != 1 else ''}"
    if n > m:
        return (
            f"{shape}, reverse mode gets every derivative in {_passes(m, 'pass')} from the output back, where "
            f"forward mode needs one pass per input: this is why backpropagation runs in reverse."
        )
    if m > n:
        passes = _passes(n, "pass")
        return f"{shape}, forward mode gets every derivative in {passes}, where reverse mode needs one per output."
    return f"{shape}, forward and reverse mode need as many passes; the graph's shape decides which does less."


def mode_report(analysis: Analysis, mode: str, differences: Sequence[Difference] | None = None) -> str:
    """The text report of ``mode``: the sum of paths, or forward or reverse accumulation step by step.

    ``differences`` replace the analysis's finite differences in the sum of paths' report
    (:func:`explorer.describe.text_report`). A derivative by a vector of inputs is reported as a sum
    of paths: forward mode would need one pass per entry.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> print(mode_report(run("x*x**2"), "forward"))  # doctest: +ELLIPSIS
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
    walk = steps(a, mode)
    lines += [f"    {step.equation}" for step in walk if step.equation]
    if mode == "reverse":
        lines.append(f"  {walk[-1].title}")
    for out, total, value in zip(a.outputs, a.totals, a.total_values):
        lines.append(f"  d{out}/d{a.wrt} = {shown(total)} = {number(value)}")
    if a.cost is not None:
        lines += [f"  {line}" for line in cost_lines(a.cost)]
    lines.append(f"  check: {check_sentence(a)}")
    lines += [f"  note: {note}" for note in a.notes]
    return "\n".join(lines)
