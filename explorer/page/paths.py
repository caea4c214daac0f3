"""The path table: one row per path, with its colour, its nodes, its product of partials, its rules and its value."""

from __future__ import annotations

import re

import streamlit as st

from explorer.explain import rule_chain
from explorer.render import colour
from explorer.result import Analysis
from explorer.typeset import Formulas

from .text import code, plain

__all__ = ["paths_section", "swatch"]

WIDTHS = [0.5, 2.0, 4.2, 1.8, 1.2]


def swatch(color: str, number: int, faded: bool) -> str:
    """A coloured chip with the path's number (our own HTML; no user text)."""
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        color = "#888888"
    opacity = ".3" if faded else "1"
    return (
        f'<span data-testid="cre-swatch" data-color="{color}" style="display:inline-block;min-width:2.2em;'
        f"padding:.15em .5em;border-radius:.4em;background:{color};opacity:{opacity};color:#000;"
        f'font-weight:700;text-align:center">{number}</span>'
    )


def paths_section(
    analysis: Analysis, formulas: Formulas, highlight: int | None, highlights: tuple[int, ...] = ()
) -> None:
    """A table of paths: swatch, nodes, product of partials, rules along it, value at the point.

    ``highlight`` (one path) or ``highlights`` (a Jacobian entry's paths) leave the other swatches faded.
    """
    bold = {highlight} if highlight is not None else set(highlights)
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
    for column, title in zip(head, ["", "Path", "Product of local partials", "Rules", "Value"], strict=True):
        column.caption(title)
    for i, row in enumerate(shown):
        faded = bool(bold) and i not in bold
        cells = st.columns(WIDTHS, vertical_alignment="center")
        cells[0].html(swatch(colour(i), i + 1, faded))
        for cell, formula in zip(cells[1:3], (row.nodes, row.product), strict=True):
            if formula is None:
                cell.caption("too long to typeset here; the LaTeX download has it")
            else:
                cell.latex(formula)
        cells[3].caption(plain(rule_chain(analysis, analysis.paths[i])))
        cells[4].latex(row.value)
