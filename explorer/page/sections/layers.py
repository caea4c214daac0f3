"""The vector chain rule layer by layer: the graph cut into layers, each layer's Jacobian, their product."""

from __future__ import annotations

import streamlit as st

from ...teach.jacobians import layers_check
from ..boxes import Context, section

__all__ = ["draw"]


def draw(ctx: Context) -> None:
    """Every layer's Jacobian by the layer before it, and their product equal to the whole Jacobian."""
    analysis = ctx.analysis
    if not analysis.inputs or not analysis.edges:
        return
    box = section("layers")
    if box is None or (lessons := ctx.lessons()) is None:
        return
    with box:
        st.markdown(
            "Cut the graph into layers: each variable sits one layer past its deepest operand, and a variable a "
            "later layer still needs is carried across (an identity row). Each layer's Jacobian takes the layer "
            "before it, so by the vector chain rule ∂f/∂x = ∂f/∂g · ∂g/∂x their product is the whole Jacobian, "
            "for scalars too."
        )
        if analysis.layers is None:
            st.caption("This graph has too many layers or too wide ones to show here.")
            return
        for formula in lessons.layers:
            if formula is None:
                st.caption("This layer's Jacobian is too large to typeset here.")
            else:
                st.latex(formula)
        if lessons.product is not None:
            st.latex(lessons.product)
        agree, words = layers_check(lessons.product_values, analysis.jacobian_values)
        if agree:
            st.success(words, icon=":material/check_circle:")
        elif agree is None:
            st.caption(words)
        else:
            st.warning(words, icon=":material/warning:")
