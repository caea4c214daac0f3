"""The vector chain rule: ∂y/∂x = ∂y/∂g · ∂g/∂x for a vector output."""

from __future__ import annotations

import streamlit as st

from ..boxes import Context

__all__ = ["draw"]


def draw(ctx: Context) -> None:
    """The Jacobian as the product of the outer and inner Jacobians, for a vector output."""
    if not ctx.analysis.is_vector or not ctx.analysis.inputs:
        return
    formulas = ctx.formulas
    st.subheader("The vector chain rule", anchor=False)
    if formulas.vector_chain is None:
        st.caption("The Jacobians are too large to typeset here; the LaTeX download has them.")
        return
    st.latex(formulas.vector_chain)
    if formulas.columns:
        st.latex(formulas.columns)
