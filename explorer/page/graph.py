"""The graph section: highlight, edge labels and background, then the graph drawn on the server."""

from __future__ import annotations

import re

import streamlit as st

from explorer.formats import Options
from explorer.printing import path_label
from explorer.render import LABELS, THEMES
from explorer.result import Analysis

from . import calls, messages
from .jacobian import chosen_paths

__all__ = ["graph_options", "graph_section", "page_theme"]

PT_TO_PX = 96 / 72  # Graphviz sizes SVGs in points
GRAPH_ZOOM = 1.5  # drawn larger than natural size, for a projector
MAX_FIXED_WIDTH = 760  # wider graphs stretch to the page (a fixed width larger than the page overflows)


def page_theme() -> str:
    """'dark' when the visitor's page is dark, else 'light': the graph's default background."""
    return "dark" if st.context.theme.type == "dark" else "light"


def graph_options(analysis: Analysis) -> Options:
    """The highlight, edge-label, background and rule-name controls; returns the drawing options.

    A Jacobian entry chosen further down (:mod:`explorer.page.jacobian`) draws its paths bold too.
    """
    options = st.columns([2.4, 2.3, 2.4, 1.3], vertical_alignment="bottom")
    with options[0]:
        highlight = st.selectbox(
            "Highlight",
            [None, *range(len(analysis.paths))],
            format_func=lambda i: "All paths" if i is None else f"Path {i + 1}: {path_label(analysis.paths[i].nodes)}",
            key="highlight",
            disabled=len(analysis.paths) < 2,
        )
    with options[1]:
        labels = st.segmented_control(
            "Edge labels",
            list(LABELS),
            format_func=LABELS.get,
            default="both",
            required=True,
            key="labels",
            bind="query-params",
        )
    with options[2]:
        theme = st.segmented_control(
            "Graph background",
            list(THEMES),
            format_func=THEMES.get,
            default=page_theme(),
            required=True,
            key="graph_theme",
            bind="query-params",
        )
    with options[3]:
        rules = st.toggle(
            "Rule names",
            key="rules",
            bind="query-params",
            help="Name under each edge the differentiation rule its partial comes from.",
        )
    entry = chosen_paths(analysis) if highlight is None else ()
    return Options(
        highlight=highlight, labels=labels or "both", theme=theme or page_theme(), rules=rules, highlights=entry
    )


def _image(svg: str) -> None:
    """Show the server-rendered SVG as an image: the same bytes as the SVG download.

    An ``<img>`` runs no script and needs no HTML sanitiser (``st.html`` strips
    SVG); it is drawn a little larger than Graphviz's natural size so that it
    reads well on a projector, and never wider than the page.
    """
    match = re.search(r'<svg[^>]*\swidth="([0-9.]+)pt"', svg)
    width: int | str = "stretch"
    if match and float(match.group(1)) * PT_TO_PX * GRAPH_ZOOM <= MAX_FIXED_WIDTH:
        width = int(float(match.group(1)) * PT_TO_PX * GRAPH_ZOOM)
    st.image(svg, width=width, caption="Each colour is one path; an edge on several paths carries all their colours.")


def graph_section(request: calls.Request, analysis: Analysis) -> Options:
    """The data-flow graph with its controls; returns the drawing options (the exports use them too)."""
    st.subheader("Data-flow graph")
    options = graph_options(analysis)
    if calls.renderer() is None:
        dot = calls.drawing(request, "dot", options)
        if isinstance(dot, calls.Refusal):
            messages.refusal(dot, request.text)
            return options
        st.graphviz_chart(dot)
        st.caption("Graphviz is not installed on this server, so the browser draws the graph; no SVG or PNG export.")
        return options
    svg = calls.drawing(request, "svg", options)
    if isinstance(svg, calls.Refusal):
        messages.refusal(svg, request.text)
    else:
        _image(svg)
    return options
