"""The path table: one row per path, with its colour and number, its nodes, its product of partials and its value.

The table keeps its columns at any width: on a phone it scrolls sideways
as one piece (see :mod:`explorer.page.style`). A path highlighted beyond
the listed rows gets a row of its own after a gap.
"""

from __future__ import annotations

import re

import streamlit as st

from explorer.render import colour
from explorer.result import Analysis
from explorer.typeset import Formulas

from .style import TABLE_KEY
from .text import code

__all__ = ["paths_section", "swatch"]

WIDTHS = [0.6, 2.2, 4.5, 1.3]


def swatch(color: str, number: int, highlight: int | None = None) -> str:
    """A chip in the path's colour with its number (our own HTML; no user text).

    With a path highlighted, the others fade and the highlighted one gets a
    thick outline and says so to screen readers: not by colour alone.
    """
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        color = "#888888"
    highlighted = highlight == number - 1
    opacity = ".3" if highlight is not None and not highlighted else "1"
    outline = "outline:3px solid currentColor;outline-offset:2px;" if highlighted else ""
    label = f"Path {number}" + (", highlighted" if highlighted else "")
    return (
        f'<span data-testid="cre-swatch" data-color="{color}" role="img" aria-label="{label}" '
        f'style="display:inline-block;min-width:2.2em;padding:.15em .5em;border-radius:.4em;background:{color};'
        f'opacity:{opacity};{outline}color:#000;font-weight:700;text-align:center">{number}</span>'
    )


def paths_section(analysis: Analysis, formulas: Formulas, highlight: int | None) -> None:
    """A table of paths: swatch, nodes, product of partials, value at the point."""
    st.subheader("Paths", anchor=False)
    if not analysis.paths:
        st.markdown(f"No path leads from {code(analysis.wrt)} to the output: the derivative is 0.")
        return
    rows = formulas.paths
    listed = next((n for n, row in enumerate(rows) if row.index != n), len(rows))  # the first paths, in order
    if listed < analysis.path_count:
        also = f", and path {rows[-1].index + 1}, highlighted" if len(rows) > listed else ""
        st.info(
            f"There are {analysis.path_count:,} paths in all; the first {listed:,} are listed{also}. "
            "The total below is still exact: it is accumulated along the graph, edge by edge.",
            icon=":material/info:",
        )
    with st.container(key=TABLE_KEY):
        head = st.columns(WIDTHS, wrap=False)
        for column, title in zip(head, ["Path", "Nodes", "Product of local partials", "Value"], strict=True):
            column.caption(title)
        previous = -1
        for row in rows:
            if row.index != previous + 1:
                st.columns(WIDTHS, wrap=False)[1].latex(r"\vdots")
            previous = row.index
            cells = st.columns(WIDTHS, vertical_alignment="center", wrap=False)
            cells[0].html(swatch(colour(row.index), row.index + 1, highlight))
            for cell, formula in zip(cells[1:], (row.nodes, row.product, row.value), strict=True):
                if formula is None:
                    cell.caption("too long to typeset here; the LaTeX download has it")
                else:
                    cell.latex(formula)
