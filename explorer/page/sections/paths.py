"""The path table: one row per path, with its colour and number, its nodes and rules, its product of partials
and its value.

The product has most of the width, so that it reads without a sideways
scroll on a desktop; on a phone each path is a card of its own (see
:mod:`explorer.page.style`). A path highlighted beyond the listed rows gets
a row of its own after a gap.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import streamlit as st

from ...colours import NEUTRAL, colour, contrast
from ...teach.rules import rule_chain
from .. import state
from ..boxes import Context
from ..style import TABLE_KEY
from ..text import code, plain

__all__ = ["draw", "swatch"]

#: Column widths: number and Show, nodes and rules, product, value.
WIDTHS = [1.0, 2.4, 5.6, 1.0]

#: Key of the headings' row (hidden on a phone, where every card says what it holds by its look).
HEAD_KEY = "path_head"


def swatch(color: str, number: int, highlight: int | None = None, highlights: Collection[int] = ()) -> str:
    """A chip in the path's colour with its number (our own HTML; no user text).

    With a path highlighted (or a Jacobian entry's ``highlights``), the
    others fade and the highlighted ones get a thick outline and say so to
    screen readers: not by colour alone.
    """
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        color = NEUTRAL
    chosen = {highlight} if highlight is not None else set(highlights)
    highlighted = number - 1 in chosen
    opacity = ".3" if chosen and not highlighted else "1"
    outline = "outline:3px solid currentColor;outline-offset:2px;" if highlighted else ""
    label = f"Path {number}" + (", highlighted" if highlighted else "")
    ink = "#000" if contrast(color, "#000000") >= contrast(color, "#FFFFFF") else "#fff"
    return (
        f'<span data-testid="cre-swatch" data-color="{color}" role="img" aria-label="{label}" '
        f'style="display:inline-block;min-width:2.2em;padding:.15em .5em;border-radius:.4em;background:{color};'
        f'opacity:{opacity};{outline}color:{ink};font-weight:700;text-align:center">{number}</span>'
    )


def draw(ctx: Context) -> None:
    """A table of paths: swatch, nodes and the rules along them, product of partials, value at the point.

    A highlighted path (or a Jacobian entry's paths) leaves the other swatches faded.
    """
    analysis, formulas, highlight, highlights = ctx.analysis, ctx.formulas, ctx.highlight, ctx.highlights
    if analysis.wrt is None:
        return
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
        with st.container(key=HEAD_KEY):
            head = st.columns(WIDTHS, wrap=False)
        titles = ["Path", "Nodes and rules", "Product of local partials", "Value"]
        for column, title in zip(head, titles, strict=True):
            column.caption(title)
        previous = -1
        for row in rows:
            if row.index != previous + 1:
                st.latex(r"\vdots")
            previous = row.index
            cells = st.columns(WIDTHS, vertical_alignment="center", wrap=False)
            with cells[0].container(horizontal=True, vertical_alignment="center", gap="small"):
                st.html(swatch(colour(row.index), row.index + 1, highlight, highlights), width="content")
                st.button(
                    "Show",
                    key=f"show_path_{row.index}",
                    on_click=state.highlight_path,
                    args=(row.index,),
                    type="primary" if highlight == row.index else "secondary",
                    help=f"Highlight path {row.index + 1} in the graph (again: show all paths)",
                )
            for cell, formula in zip(cells[1:3], (row.nodes, row.product), strict=True):
                if formula is None:
                    cell.caption("too long to typeset here; the LaTeX download has it")
                else:
                    cell.latex(formula)
            cells[1].caption(plain(rule_chain(analysis, analysis.paths[row.index])))
            cells[3].latex(row.value)
