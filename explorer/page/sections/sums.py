"""The sum over paths, coloured like the paths, and its two checks: ``sympy.diff`` and a finite difference.

The sum and the finite difference come with the graph; the check against
``sympy.diff`` and the simplified total are filled in by :func:`finish` at
the end of the page, so they never hold up the first picture.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ...calculus.result import Analysis
from ...language.printing import derivative, number
from ...teach.paths import Formulas
from ...teach.rules import check_sentence
from .. import calls
from ..boxes import Context
from ..text import code, plain

__all__ = ["Pending", "finish", "draw"]


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
    if analysis.simplified:
        st.caption("The total is simplified by sympy (cancel, factor_terms, trigsimp, then simplify where it helps).")
    else:
        st.caption("The total is shown as accumulated: simplifying it was skipped (too large) or ran out of time.")


def _sum(slot, entry: tuple[str, str | None], formula: str | None) -> None:
    if formula is None:
        output, wrt = entry
        name = code(derivative(output, wrt) if wrt else output)
        slot.caption(f"The sum for {name} is too long to typeset here; the LaTeX download has all of it.")
    else:
        slot.latex(formula)


@dataclass(frozen=True)
class Pending:
    """Places on the page that :func:`finish` fills in once the check and the simplification are done."""

    sums: tuple
    checks: object


def draw(ctx: Context) -> Pending | None:
    """The total-derivative formula, each term coloured like its path, equal to the total, and the checks.

    When ``ctx.checked``, the analysis and formulas already hold the check and the simplification (shown at
    once); otherwise the checks are left to :func:`finish`, and the places it fills are returned.
    """
    analysis, formulas, checked = ctx.analysis, ctx.formulas, ctx.checked
    if analysis.wrt is None:
        return None
    st.subheader("The sum over paths", anchor=False)
    slots = []
    for entry, formula in zip(analysis.entries, formulas.sums):
        slots.append(st.empty())
        _sum(slots[-1], entry, formula)
    checks = st.empty()
    with checks.container(border=True):
        if checked:
            _checks(analysis, formulas)
            return None
        st.info("Checking against sympy.diff and simplifying…", icon=":material/hourglass_top:")
        _finite_difference(analysis)
    return Pending(tuple(slots), checks)


def finish(pending: Pending, request: calls.Request, highlight: int | None, theme: str) -> None:
    """Fill in the check against ``sympy.diff`` and the simplified total, after the rest of the page is drawn."""
    done = calls.finished(request)
    formulas = done if isinstance(done, calls.Refusal) else calls.formulas(request, highlight, theme, checked=True)
    if isinstance(formulas, calls.Refusal):
        with pending.checks.container(border=True):
            st.warning(plain(formulas.message), icon=":material/hourglass_disabled:")
        return
    calls.remember_finished(request)
    for slot, entry, formula in zip(pending.sums, done.entries, formulas.sums):
        _sum(slot, entry, formula)
    with pending.checks.container(border=True):
        _checks(done, formulas)
