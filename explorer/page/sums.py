"""The sum over paths, coloured like the paths, and its two checks: ``sympy.diff`` and a finite difference."""

from __future__ import annotations

import streamlit as st

from explorer.describe import check_sentence
from explorer.printing import derivative, number
from explorer.result import Analysis
from explorer.typeset import Formulas

from .text import code, plain

__all__ = ["sums_section"]


def _finite_difference(analysis: Analysis) -> None:
    """The value at the point against a central finite difference of the output itself."""
    at = ", ".join(f"{name} = {number(value)}" for name, value in analysis.point.items())
    for (output, wrt), value, fd, agrees in zip(
        analysis.entries, analysis.total_values, analysis.finite_differences, analysis.finite_difference_agrees
    ):
        d = derivative(output, wrt)
        numbers = plain(f"{d} = {number(value, 8)}, finite difference {number(fd, 8)} at {at}")  # names: _a, b_
        if agrees:
            st.success(f"Numeric check: {numbers}.", icon=":material/check_circle:")
        elif agrees is None:
            st.info(f"No numeric check here: {numbers}.", icon=":material/info:")
        else:
            st.warning(f"Numeric check disagrees (ill-conditioned point?): {numbers}.", icon=":material/warning:")


def _checks(analysis: Analysis, formulas: Formulas) -> None:
    """The sum checked against ``sympy.diff`` of the whole expression, which never sees the graph."""
    with st.container(border=True):
        oracle = "sympy.Matrix.jacobian of the outputs" if analysis.by_vector else "sympy.diff of the whole expression"
        sentence = f"Checked against {oracle}: the sum {check_sentence(analysis)}."
        if analysis.verification == "unchecked":  # the check did not finish in time, or had no point to compare at
            sentence = f"The sum was not checked against {oracle}."
        if analysis.verified:
            st.success(sentence, icon=":material/check_circle:")
        elif analysis.verification == "unchecked":
            st.info(sentence, icon=":material/info:")
        else:
            st.error(sentence, icon=":material/error:")
        _finite_difference(analysis)
        for formula in formulas.oracle:
            if formula is not None:
                st.latex(formula)


def sums_section(analysis: Analysis, formulas: Formulas) -> None:
    """The total-derivative formula, each term coloured like its path, equal to the total; the checks."""
    st.subheader("The sum over paths", anchor=False)
    for (output, wrt), formula in zip(analysis.entries, formulas.sums):
        if formula is None:
            name = code(derivative(output, wrt))
            st.caption(f"The sum for {name} is too long to typeset here; the LaTeX download has all of it.")
        else:
            st.latex(formula)
    _checks(analysis, formulas)
