"""The graph section: highlight, edge labels and background, then the graph drawn on the server.

The background follows the page's light or dark theme unless the visitor
chose one (:data:`explorer.page.state.FOLLOW_PAGE`); the image's alternative
text is the graph in words (:func:`explorer.describe.graph_description`).
"""

from __future__ import annotations

import re
from dataclasses import replace

import streamlit as st

from explorer.describe import graph_description
from explorer.formats import Options
from explorer.printing import path_label
from explorer.render import LABELS, THEMES
from explorer.result import Analysis

from . import calls, messages, state
from .jacobian import chosen_paths
from .style import GRAPH_KEY
from .theme import page_theme

__all__ = ["graph_options", "graph_section", "graph_theme"]

PT_TO_PX = 96 / 72  # Graphviz sizes SVGs in points
GRAPH_ZOOM = 1.5  # drawn larger than natural size, for a projector
MAX_FIXED_WIDTH = 760  # wider graphs stretch to the page (a fixed width larger than the page overflows)
MAX_SVG_BYTES = 2_000_000  # a larger drawing is not sent to the browser; the download has it
MAX_LABEL = 80  # characters of a path in the Highlight box


def graph_theme(choice: str | None) -> str:
    """The theme to draw in: the visitor's choice, or the page's theme when following it."""
    return choice if choice in THEMES else page_theme()


def _shortened(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL // 2 - 1] + " … " + label[-MAX_LABEL // 2 + 2 :]


def graph_options(analysis: Analysis) -> Options:
    """The highlight, edge-label, background and rule-name controls; returns the drawing options.

    A Jacobian entry chosen further down (:mod:`explorer.page.jacobian`) draws its paths bold too.
    """
    options = st.columns([2.4, 2.3, 2.4, 1.3], vertical_alignment="bottom")
    with options[0]:
        st.selectbox(
            "Highlight",
            [state.ALL_PATHS, *range(len(analysis.paths))],
            format_func=lambda i: (
                "All paths" if i < 0 else _shortened(f"Path {i + 1}: {path_label(analysis.paths[i].nodes)}")
            ),
            key="highlight",
            on_change=state.changed,
            disabled=len(analysis.paths) < 2,
        )
        highlight = state.highlighted()
    with options[1]:
        labels = st.segmented_control(
            "Edge labels",
            list(LABELS),
            format_func=LABELS.get,
            default="both",
            required=True,
            key="labels",
            on_change=state.changed,
        )
    with options[2]:
        following = f"Like the page ({THEMES[page_theme()].lower()})"
        theme = st.selectbox(
            "Graph background",
            [state.FOLLOW_PAGE, *THEMES],
            format_func=lambda t: following if t == state.FOLLOW_PAGE else THEMES[t],
            key="graph_theme",
            on_change=state.changed,
            help="Transparent backgrounds are for slides: dark lines and text on light slides, light ones on "
            "dark slides.",
        )
    with options[3]:
        rules = st.toggle(
            "Rule names",
            key="rules",
            on_change=state.changed,
            help="Name under each edge the differentiation rule its partial comes from.",
        )
    entry = chosen_paths(analysis) if highlight is None else ()
    return Options(
        highlight=highlight, labels=labels or "both", theme=graph_theme(theme), rules=rules, highlights=entry
    )


def _image(svg: str, alt: str) -> None:
    """Show the server-rendered SVG as an image: the same bytes as the SVG download.

    An ``<img>`` runs no script and needs no HTML sanitiser (``st.html`` strips
    SVG); it is drawn a little larger than Graphviz's natural size so that it
    reads well on a projector, and never wider than the page.
    """
    if len(svg) > MAX_SVG_BYTES:
        size = f"{len(svg) / 1e6:.1f} MB"
        st.info(f"This drawing is too large to show here ({size}); the SVG and PNG downloads below have it.")
        return
    match = re.search(r'<svg[^>]*\swidth="([0-9.]+)pt"', svg)
    width: int | str = "stretch"
    if match and float(match.group(1)) * PT_TO_PX * GRAPH_ZOOM <= MAX_FIXED_WIDTH:
        width = int(float(match.group(1)) * PT_TO_PX * GRAPH_ZOOM)
    with st.container(key=GRAPH_KEY):
        st.image(
            svg,
            width=width,
            alt=alt,
            caption="Each colour is one path, numbered as in the table below; an edge on several paths carries "
            "all their colours, and a highlighted path is drawn thicker.",
        )


def graph_section(
    request: calls.Request, analysis: Analysis, marks: tuple[tuple[int, int], ...] | None = None
) -> Options:
    """The data-flow graph with its controls; returns the drawing options (the exports use them too).

    ``marks`` (from :func:`explorer.page.answer.marks`) draws only those steps in colour.
    """
    st.subheader("Data-flow graph", anchor=False)
    options = graph_options(analysis)
    if marks is not None:
        options = replace(options, marks=marks)
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
        _image(svg, graph_description(analysis, highlight=options.highlight))
    return options
