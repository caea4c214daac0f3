"""The page's inputs: the expression box, the input to differentiate by, and the point."""

from __future__ import annotations

import streamlit as st

from explorer.examples import EXAMPLES
from explorer.result import Analysis

from .calls import Request
from .sidebar import POINT_KEY
from .text import plain

__all__ = ["expression", "point_inputs", "request_for", "wrt_input"]

DEFAULT_TEXT = EXAMPLES[0].text
PLACEHOLDER = "x + x**2   ·   sin(x + x^2)   ·   [ln(x^2), sin(3x)]   ·   u1 = x**3; y = sin(u1)"
POINT_COLUMNS = 6
MAX_POINT_INPUTS = 24  # more inputs than this are listed in an expander


def expression() -> str:
    """The expression box (bound to ?expr=)."""
    return st.text_input(
        "Expression",
        value=DEFAULT_TEXT,
        key="expr",
        bind="query-params",
        placeholder=PLACEHOLDER,
        help="Python-style arithmetic: + − * / ** (or ^), functions such as sin, ln, exp, sigmoid, "
        "relu; [f1, f2] for a vector; `name = expression` lines (or ; between them) for a program.",
    )


def _vector_label(name: str, entries: tuple[str, ...]) -> str:
    shown = list(entries) if len(entries) <= 4 else [*entries[:2], "…", entries[-1]]
    return f"{name} = [{', '.join(shown)}]"


def wrt_input(base: Analysis) -> str | None:
    """The input variable, or vector of inputs (a gradient), to differentiate by (bound to ?wrt=)."""
    if not base.inputs:
        st.selectbox("Differentiate by", ["—"], key="wrt_none", disabled=True)
        return None
    vectors = base.flow.input_vectors()
    options = [*vectors, *base.inputs]
    return st.selectbox(
        "Differentiate by",
        options,
        index=options.index(base.wrt) if base.wrt in options else 0,
        format_func=lambda name: _vector_label(name, vectors[name]) if name in vectors else name,
        key="wrt",
        bind="query-params",
    )


def point_inputs(base: Analysis) -> dict[str, float]:
    """One number input per variable (bound to ?at_x=...); defaults from the library."""
    if not base.inputs:
        return {}
    names = list(base.inputs)
    box = st.expander("Evaluate at", expanded=True) if len(names) > MAX_POINT_INPUTS else st.container()
    point: dict[str, float] = {}
    with box:
        columns = st.columns(POINT_COLUMNS)
        for i, name in enumerate(names):
            with columns[i % len(columns)]:
                point[name] = st.number_input(
                    f"{plain(name)} =",  # labels are Markdown
                    value=float(base.point[name]),
                    step=0.1,
                    format="%g",
                    key=POINT_KEY + name,
                    bind="query-params",
                )
    return point


def request_for(base: Analysis, text: str, wrt: str | None, point: dict[str, float], share: bool) -> Request:
    """The request for the chosen wrt and point; defaults map to the base request (one cache entry)."""
    chosen = tuple((name, float(point[name])) for name in base.inputs if name in point)
    if chosen == tuple(base.point.items()):
        chosen = ()
    return Request(text, None if wrt == base.wrt else wrt, chosen, share)
