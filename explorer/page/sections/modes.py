"""Forward and reverse mode beside the sum of paths: the factoring, every node's derivative and adjoint, the cost."""

from __future__ import annotations

import streamlit as st

from ...calculus.cost import Operations
from ...calculus.result import Analysis
from ...teach.modes import why
from .. import calls, messages
from ..boxes import Context, section
from ..text import code, plain
from ..theme import page_theme

__all__ = ["cost_table", "draw"]

INTRO = (
    "Backpropagation does not list paths. Grouping the paths by their last edge gives **forward mode**: "
    "every node's derivative with respect to the input, from the input forward. Grouping them by their first "
    "edge gives **reverse mode**: every node's *adjoint*, the output's derivative with respect to that node, "
    "from the output back, and with it the derivative by every input at once. Both equal the sum of paths."
)


def _cell(ops: Operations, what: str) -> str:
    plural = "" if ops.passes == 1 else ("es" if what == "pass" else "s")
    return f"{ops.passes:,} {what}{plural}: {ops.multiplications:,} × and {ops.additions:,} +"


def cost_table(analysis: Analysis) -> str:
    """The operation counts as a Markdown table (numbers and our own words only)."""
    cost = analysis.cost
    rows = []
    if cost.wrt is not None:
        rows.append(
            (
                f"d{analysis.outputs[0] if cost.outputs == 1 else 'y'}/d{cost.wrt}",
                cost.paths,
                cost.forward,
                cost.reverse,
            )
        )
    every = "every input" if cost.inputs != 1 else "the input"
    rows.append((f"{every} ({cost.inputs:,})", cost.all_paths, cost.all_forward, cost.all_reverse))
    lines = ["| derivative | sum of paths | forward mode | reverse mode |", "|---|---|---|---|"]
    for what, paths, forward, reverse in rows:
        lines.append(f"| {what} | {_cell(paths, 'path')} | {_cell(forward, 'pass')} | {_cell(reverse, 'pass')} |")
    return "\n".join(lines)


def _rows(rows) -> None:
    for row in rows:
        if row is None:
            st.caption("(too long to typeset here)")
        else:
            st.latex(row)


def draw(ctx: Context) -> None:
    """The sum of paths regrouped, forward and reverse mode node by node, the gradient, and what each costs."""
    if ctx.analysis.wrt is None or ctx.analysis.by_vector:  # forward mode moves one input
        return
    box = section("modes")
    if box is None:
        return
    with box:
        _modes(ctx.request, ctx.analysis)


def _modes(request: calls.Request, analysis: Analysis) -> None:
    st.markdown(INTRO)
    formulas = calls.mode_formulas(request, page_theme())
    if isinstance(formulas, calls.Refusal):
        messages.refusal(formulas, request.text)
        return
    st.markdown("**The sum of paths, regrouped**")
    for output, formula in zip(analysis.outputs, formulas.factoring):
        if formula is None:
            st.caption(f"The factoring for {code(output)} is too long to typeset here.")
        else:
            st.latex(formula)
    forward, reverse = st.tabs(["Forward mode", "Reverse mode"])
    with forward:
        wrt = plain(analysis.wrt)
        st.caption(f"d(node)/d{wrt} for every node that {wrt} reaches, in evaluation order.")
        _rows(formulas.forward)
    with reverse:
        st.caption("The adjoint d(output)/d(node) of every node that reaches the output, from the output back.")
        for output, rows in zip(analysis.outputs, formulas.reverse):
            if len(analysis.outputs) > 1:
                st.caption(f"Reverse pass for {code(output)}")
            _rows(rows)
    if formulas.more:
        st.caption(
            f"{formulas.more:,} more nodes are not listed here; the command line's --mode forward and --mode "
            "reverse print every one, as does the Text download in the walkthrough of either mode."
        )
    with st.container(border=True, key="gradient"):
        st.markdown("**Every input's derivative, from one reverse pass per output**")
        if formulas.gradient:
            st.latex(formulas.gradient)
    st.markdown("**What each way costs** (multiplications and additions that combine the local partials)")
    st.markdown(cost_table(analysis))
    st.caption(why(analysis.cost))
