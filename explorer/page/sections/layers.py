"""The vector chain rule layer by layer: on whole vectors and matrices, then the graph cut into layers of entries."""

from __future__ import annotations

import streamlit as st

from ...calculus.result import Analysis
from ...teach.jacobians import layers_check
from ...teach.lessons import Lessons
from ..boxes import Context, section
from ..text import plain

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
        if analysis.shapes is not None:
            _whole_values(analysis, lessons)
        st.markdown(
            "Cut the graph into layers: each variable sits one layer past its deepest operand, and a variable a "
            "later layer still needs is carried across (an identity row). Each layer's Jacobian takes the layer "
            "before it, so by the vector chain rule ∂f/∂x = ∂f/∂g · ∂g/∂x their product is the whole Jacobian, "
            "for scalars too."
        )
        if analysis.layers is None:
            st.caption("This graph has too many layers or too wide ones to show here.")
            return
        _formulas(lessons.layers, "This layer's Jacobian is too large to typeset here.")
        if lessons.product is not None:
            st.latex(lessons.product)
        _verdict(*layers_check(lessons.product_values, analysis.jacobian_values))


def _whole_values(analysis: Analysis, lessons: Lessons) -> None:
    """The paper's layers: each operation on whole values, its Jacobian in closed form, and their product."""
    st.markdown(
        "On whole vectors and matrices, as the paper writes a layer: each operation (the **Shapes** view of the "
        "graph) has a Jacobian by each operand in closed form. Multiplied from the output back, they give the "
        "derivative; a matrix W is taken entry by entry, row by row."
    )
    _formulas(lessons.shapes, "This Jacobian is too large to typeset here.")
    if lessons.shapes_chain is not None:
        st.latex(lessons.shapes_chain)
    if lessons.shapes_outer is not None:
        st.markdown(plain(lessons.shapes_outer))
    if lessons.shapes_check is not None:
        _verdict(analysis.block_values.agrees if analysis.block_values else None, lessons.shapes_check)


def _formulas(formulas, too_large: str) -> None:
    """Each formula typeset, or ``too_large`` said in its place (None: too long to typeset)."""
    for formula in formulas:
        if formula is None:
            st.caption(too_large)
        else:
            st.latex(formula)


def _verdict(agree: bool | None, words: str) -> None:
    """A product of Jacobians against the whole: agreeing, disagreeing, or not compared (None)."""
    if agree:
        st.success(words, icon=":material/check_circle:")
    elif agree is None:
        st.caption(words)
    else:
        st.warning(words, icon=":material/warning:")
