"""The path table: one row per path, with its colour, its nodes, its product of partials and its value."""

from __future__ import annotations

import re

import streamlit as st

from explorer.colours import colour, contrast
from explorer.result import Analysis
from explorer.typeset import Formulas

from .text import code
from .viewer import highlight_path

__all__ = ["paths_section", "swatch"]

WIDTHS = [0.5, 0.7, 2.2, 4.5, 1.3]


def swatch(color: str, number: int, faded: bool) -> str:
    """A coloured chip with the path's number (our own HTML; no user text)."""
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        color = "#888888"
    opacity = ".3" if faded else "1"
    ink = "#000" if contrast(color, "#000000") >= contrast(color, "#FFFFFF") else "#fff"
    return (
        f'<span data-testid="cre-swatch" data-color="{color}" style="display:inline-block;min-width:2.2em;'
        f"padding:.15em .5em;border-radius:.4em;background:{color};opacity:{opacity};color:{ink};"
        f'font-weight:700;text-align:center">{number}</span>'
    )


def paths_section(analysis: Analysis, formulas: Formulas, highlight: int | None) -> None:
    """A table of paths: swatch, nodes, product of partials, value at the point."""
    st.subheader("Paths")
    if not analysis.paths:
        st.markdown(f"No path leads from {code(analysis.wrt)} to the output: the derivative is 0.")
        return
    shown = formulas.paths
    if len(shown) < analysis.path_count:
        st.info(
            f"There are {analysis.path_count:,} paths in all; the first {len(shown):,} are shown. "
            "The total below is still exact: it is accumulated along the graph, edge by edge.",
            icon=":material/info:",
        )
    head = st.columns(WIDTHS)
    for column, title in zip(head, ["", "", "Path", "Product of local partials", "Value"], strict=True):
        column.caption(title)
    for i, row in enumerate(shown):
        faded = highlight is not None and highlight != i
        cells = st.columns(WIDTHS, vertical_alignment="center")
        cells[0].html(swatch(colour(i), i + 1, faded))
        cells[1].button(
            "Show",
            key=f"show_path_{i}",
            on_click=highlight_path,
            args=(i,),
            type="primary" if highlight == i else "secondary",
            help=f"Highlight path {i + 1} in the graph (again: show all paths)",
        )
        for cell, formula in zip(cells[2:], (row.nodes, row.product, row.value), strict=True):
            if formula is None:
                cell.caption("too long to typeset here; the LaTeX download has it")
            else:
                cell.latex(formula)
