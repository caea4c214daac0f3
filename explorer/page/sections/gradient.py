"""The gradient by a vector or matrix of inputs, as the paper writes it (∂y/∂w = xᵀ where the unit is active)."""

from __future__ import annotations

import streamlit as st

from ..boxes import Context
from ..text import code, plain

__all__ = ["draw"]


def draw(ctx: Context) -> None:
    """The gradient as a row vector, in the paper's form where it has one, its values and the paper's reading."""
    analysis = ctx.analysis
    if not analysis.by_vector or analysis.is_vector or (lessons := ctx.lessons()) is None:
        return
    st.subheader("The gradient", anchor=False)
    entries = ", ".join(code(x) for x in analysis.wrt_inputs)
    dims = analysis.flow.shape(analysis.wrt or "")
    what = f"a {dims[0]}×{dims[1]} matrix" if len(dims) == 2 else "a vector"
    st.markdown(
        f"{code(analysis.wrt)} is {what} of inputs ({entries}): the derivative of {code(analysis.outputs[0])} by it "
        "is the gradient, one entry per input (in its shape), each the sum over its own paths. It is checked "
        "against `sympy.Matrix.jacobian` below."
    )
    if lessons.gradient is None:
        st.caption("The gradient is too long to typeset here; the LaTeX download has it.")
    else:
        st.latex(lessons.gradient)
    if lessons.gradient_words:
        st.info(plain(lessons.gradient_words), icon=":material/lightbulb:")
