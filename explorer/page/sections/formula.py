"""The paper's total-derivative formula written out with this expression's own variables, coloured like the paths."""

from __future__ import annotations

import streamlit as st

from ..boxes import Context, section
from .jacobian import chosen_entry

__all__ = ["SHOWN_ENTRIES", "draw"]

#: Entries whose formula is written out when none is chosen.
SHOWN_ENTRIES = 3


def draw(ctx: Context) -> None:
    """dy/dx = ∂y/∂x + Σᵢ ∂y/∂uᵢ · duᵢ/dx, with this expression's uᵢ, their partials and each path in its colour."""
    analysis = ctx.analysis
    if analysis.wrt is None or not analysis.paths:
        return
    box = section("formula")
    if box is None or (lessons := ctx.lessons()) is None:
        return
    with box:
        st.markdown(
            "The total-derivative rule adds the direct dependence of the output on the input and, for every "
            "intermediate variable the output uses, how the output changes with it times how it changes with the "
            "input. Here it is with this expression's own variables; each term has the colour of its path."
        )
        chosen = chosen_entry(analysis)
        indexes = [chosen] if chosen is not None else list(range(min(SHOWN_ENTRIES, len(lessons.formulas))))
        for k in indexes:
            if lessons.formulas[k] is None:
                st.caption("Too long to typeset here; the LaTeX download has the sum over paths.")
            else:
                st.latex(lessons.formulas[k])
        if chosen is None and len(lessons.formulas) > SHOWN_ENTRIES:
            st.caption(f"{len(lessons.formulas) - SHOWN_ENTRIES:,} more entries: choose one in the Jacobian below.")
