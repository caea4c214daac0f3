"""The Jacobian entry by entry: each ∂yᵢ/∂xⱼ is the sum over its own paths; choosing one highlights them."""

from __future__ import annotations

import streamlit as st

from ...calculus.result import Analysis
from ...language.printing import derivative
from .. import state
from ..boxes import Context

__all__ = ["ENTRY_KEY", "chosen_entry", "chosen_paths", "draw"]

#: The key of the entry whose paths are highlighted.
ENTRY_KEY = "entry"


def chosen_entry(analysis: Analysis) -> int | None:
    """The index in ``analysis.entries`` of the chosen Jacobian entry, if it is one of them."""
    entry = st.session_state.get(ENTRY_KEY)
    return analysis.entries.index(entry) if entry in analysis.entries else None


def chosen_paths(analysis: Analysis) -> tuple[int, ...]:
    """The listed paths of the chosen entry (none when no entry is chosen): the graph draws them bold."""
    k = chosen_entry(analysis)
    return () if k is None else tuple(analysis.entry_paths()[k])


def _follow(moved: tuple[str, ...]) -> None:
    """Entry callback: an entry by another input switches the derivative to that input, so its paths exist."""
    entry = st.session_state.get(ENTRY_KEY)
    if entry is not None and entry[1] not in moved:
        st.session_state["wrt"] = entry[1]
        state.paths_changed()


def draw(ctx: Context) -> None:
    """The derivative's entries as a matrix, a chooser that highlights one entry's paths, and that entry's sum."""
    analysis, formulas = ctx.analysis, ctx.formulas
    everything = [(out, x) for out in analysis.outputs for x in analysis.inputs]
    if analysis.wrt is None or len(everything) < 2 or (lessons := ctx.lessons()) is None:
        return
    st.subheader("The Jacobian, entry by entry", anchor=False)
    st.markdown(
        "Each entry ∂yᵢ/∂xⱼ of the Jacobian is a derivative of its own: the sum over its own paths, from that "
        "input to that output. Choose one to draw its paths in bold."
    )
    if lessons.jacobian is not None and len(analysis.entries) > 1 and analysis.is_vector:
        st.latex(lessons.jacobian)  # a gradient (one output) has its own section above
    st.selectbox(
        "Highlight the paths of",
        [None, *everything],
        format_func=lambda e: "no entry" if e is None else derivative(*e),
        key=ENTRY_KEY,
        on_change=_follow,
        args=(analysis.wrt_inputs,),
    )
    k = chosen_entry(analysis)
    if k is not None and k < len(formulas.sums):
        if formulas.sums[k] is None:
            st.caption("This entry's sum is too long to typeset here; the LaTeX download has it.")
        else:
            st.latex(formulas.sums[k])
