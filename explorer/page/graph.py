"""The graph section: highlight, edge labels, background and orientation, then the graph in its viewer."""

from __future__ import annotations

import streamlit as st

from explorer.chain import step_positions
from explorer.formats import Options
from explorer.printing import path_label
from explorer.render import LABELS, ORIENTATIONS, THEMES
from explorer.result import Analysis

from . import calls, messages
from .viewer import MAX_SVG_BYTES, graph_viewer, highlight_path

__all__ = ["CAPTION", "graph_options", "graph_section", "page_theme"]

#: What the colours mean, under the graph.
CAPTION = (
    "The first seven paths each have a colour and a line style; later paths are grey. An edge on a few "
    "paths carries their colours side by side, an edge on many is thick and grey with its number of paths. "
    "Click an edge, or a path's number in the table, to highlight that path."
)


def page_theme() -> str:
    """'dark' when the visitor's page is dark, else 'light': the graph's default background."""
    return "dark" if st.context.theme.type == "dark" else "light"


def _highlight_box(analysis: Analysis) -> int | None:
    choices = [None, *range(len(analysis.paths))]
    names = [path_label(p.nodes, step_positions(analysis.flow, p.edges)) for p in analysis.paths]
    if st.session_state.get("highlight") not in choices:  # a stale choice from another expression
        st.session_state["highlight"] = None
    return st.selectbox(
        "Highlight",
        choices,
        format_func=lambda i: "All paths" if i is None else f"Path {i + 1}: {names[i]}",
        key="highlight",
        disabled=len(analysis.paths) < 2,
    )


def graph_options(analysis: Analysis) -> Options:
    """The highlight, edge-label, background and orientation controls; returns the drawing options."""
    columns = st.columns([2.3, 2.3, 2.7, 1.7], vertical_alignment="bottom")
    with columns[0]:
        highlight = _highlight_box(analysis)
    with columns[1]:
        labels = st.segmented_control(
            "Edge labels",
            list(LABELS),
            format_func=LABELS.get,
            default="both",
            required=True,
            key="labels",
            bind="query-params",
        )
    with columns[2]:
        theme = st.segmented_control(
            "Graph background",
            list(THEMES),
            format_func=THEMES.get,
            default=page_theme(),
            required=True,
            key="graph_theme",
            bind="query-params",
        )
    with columns[3]:
        orientation = st.selectbox(
            "Orientation",
            list(ORIENTATIONS),
            format_func=ORIENTATIONS.get,
            key="orientation",
            bind="query-params",
            help="Auto: left to right for wide graphs, top to bottom for deep ones.",
        )
    return Options(
        highlight=highlight,
        labels=labels or "both",
        theme=theme or page_theme(),
        orientation=orientation or "auto",
    )


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
    elif len(svg.encode()) > MAX_SVG_BYTES:
        st.warning("This graph is too large to show here; the SVG and PNG downloads below have it.")
    else:
        graph_viewer(svg, options.highlight, highlight_path)
        st.caption(CAPTION)
    return options
