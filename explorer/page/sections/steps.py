"""The paper's four steps of the chain rule for the current expression, one tab each, in a section drawn while open."""

from __future__ import annotations

import streamlit as st

from ..boxes import Context, section
from ..text import plain

__all__ = ["draw"]

#: Explanation lines listed under the second step; the rest are in the downloads.
SHOWN_LINES = 40

#: The tabs' short names for the paper's steps (each tab opens with the step's full title).
TABS = ("Introduce", "Differentiate", "Combine", "Substitute")


def draw(ctx: Context) -> None:
    """Introduce the variables, differentiate each, combine along the paths, substitute back: as formulas and words."""
    analysis = ctx.analysis
    if not analysis.steps:
        return
    box = section("steps")
    if box is None:
        return
    with box:
        tabs = st.tabs([f"{k}. {name}" for k, name in enumerate(TABS, 1)], key="steps")
        for k, (tab, step) in enumerate(zip(tabs, analysis.steps, strict=True)):
            with tab:
                st.markdown(f"**{plain(step.title)}**")
                if step.latex is None:
                    st.caption("Too long to typeset here; the words below and the LaTeX download have all of it.")
                else:
                    st.latex(step.latex)
                if k == 1:  # the explain line of every edge, with its rule
                    lines = list(analysis.explanations[:SHOWN_LINES])
                    more = len(analysis.explanations) - len(lines)
                    text = "\n".join(f"- {plain(line)}" for line in lines)
                    st.markdown(text + (f"\n- … and {more:,} more (the JSON download has every edge)" if more else ""))
                elif step.latex is None:
                    st.text(step.text)
