"""The graph section: highlight, edge labels, background and orientation, then the graph in its viewer.

The background follows the page's light or dark theme unless the visitor
chose one (:data:`explorer.page.state.FOLLOW_PAGE`); the viewer's
alternative text is the graph in words
(:func:`explorer.teach.report.graph_description`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from ...calculus.paths import step_positions
from ...calculus.result import Analysis
from ...drawing.dot import LABELS, ORIENTATIONS, THEMES
from ...exports.formats import Options
from ...language.printing import path_label
from .. import calls, messages, state
from ..sections.jacobian import chosen_paths
from ..theme import page_theme
from ..viewer import MAX_SVG_BYTES, graph_viewer

__all__ = ["CAPTIONS", "graph_options", "graph_section", "graph_theme"]

MAX_LABEL = 80  # characters of a path in the Highlight box

#: The caption under the graph, per view (:data:`explorer.drawing.views.VIEWS`).
CAPTIONS = {
    "paths": "The first seven paths each have a colour and a line style; later paths are grey. An edge on a few "
    "paths carries their colours side by side, an edge on many is thick and grey with its number of paths. "
    "Click an edge, or a path's Show button in the table, to highlight that path.",
    "gradients": "Each node: its value and its adjoint dy/du. Each edge: its local partial and what it adds to "
    "its source's adjoint.",
    "steps": "What is known after this step: the node it evaluates or accumulates and the edges it reads are "
    "drawn in vermillion; the paths added so far are in their colours, the one joining the sum bold.",
    "shapes": "One node per operation on whole vectors and matrices, with its shapes (2×3 · 3 → 2), its value and "
    "the gradient by it; each edge is its Jacobian in the paper's closed form, with its value at the point.",
}


def graph_theme(choice: str | None) -> str:
    """The theme to draw in: the visitor's choice, or the page's theme when following it."""
    return choice if choice in THEMES else page_theme()


def _shortened(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL // 2 - 1] + " … " + label[-MAX_LABEL // 2 + 2 :]


def graph_options(analysis: Analysis) -> Options:
    """The highlight, edge-label, background, orientation and rule-name controls; returns the drawing options.

    A Jacobian entry chosen further down (:mod:`explorer.page.sections.jacobian`) draws its paths bold too.
    """
    columns = st.columns([2.3, 2.3, 2.7, 1.7], vertical_alignment="bottom")
    with columns[0]:
        names = [path_label(p.nodes, step_positions(analysis.flow, p.edges)) for p in analysis.paths]
        st.selectbox(
            "Highlight",
            [state.ALL_PATHS, *range(len(analysis.paths))],
            format_func=lambda i: "All paths" if i < 0 else _shortened(f"Path {i + 1}: {names[i]}"),
            key="highlight",
            on_change=state.changed,
            disabled=len(analysis.paths) < 2,
        )
        highlight = state.highlighted()
    with columns[1]:
        labels = state.choice("Edge labels", LABELS, "labels", "both")
    with columns[2]:
        following = f"Like the page ({THEMES[page_theme()].lower()})"
        theme = st.selectbox(
            "Graph background",
            [state.FOLLOW_PAGE, *THEMES],
            format_func=lambda t: following if t == state.FOLLOW_PAGE else THEMES[t],
            key="graph_theme",
            on_change=state.changed,
            help="Transparent backgrounds are for slides: dark lines and text on light slides, light ones on "
            "dark slides. The Slides themes add large type and lines thick enough for a projector.",
        )
    with columns[3]:
        orientation = st.selectbox(
            "Orientation",
            list(ORIENTATIONS),
            format_func=ORIENTATIONS.get,
            key="orientation",
            on_change=state.changed,
            help="Auto: left to right for wide graphs, top to bottom for deep ones.",
        )
    with st.columns([1, 3])[0]:
        rules = st.toggle(
            "Rule names",
            key="rules",
            on_change=state.changed,
            help="Name under each edge the differentiation rule its partial comes from.",
        )
    entry = chosen_paths(analysis) if highlight is None else ()
    return Options(
        highlight=highlight,
        labels=labels or "both",
        theme=graph_theme(theme),
        orientation=orientation or "auto",
        rules=rules,
        highlights=entry,
    )


def graph_section(
    request: calls.Request,
    analysis: Analysis,
    marks: tuple[tuple[int, int], ...] | None = None,
    view: Callable[[Options], Options] | None = None,
    *,
    hidden: bool = False,
) -> Options:
    """The data-flow graph with its controls; returns the drawing options (the exports use them too).

    ``marks`` (from :func:`explorer.page.panels.answer.marks`) draws only those steps in colour; ``view`` adds the
    view's controls (:func:`explorer.page.panels.walkthrough.controls`) and returns the options it chose;
    ``hidden`` (an exercise) keeps the rule and the paths out of the words that describe the picture.
    """
    st.subheader("Data-flow graph", anchor=False)
    options = graph_options(analysis)
    if marks is not None:
        options = replace(options, marks=marks)
    if view is not None:
        options = view(options)
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
        size = f"{len(svg.encode()) / 1e6:.1f} MB"
        st.info(f"This drawing is too large to show here ({size}); the SVG and PNG downloads below have it.")
    else:
        clickable = marks is None and options.view == "paths"  # an exercise or a marked answer keeps its colours
        alt = calls.description(request, options.highlight, paths=not hidden, view=options.view)
        graph_viewer(svg, options.highlight, state.highlight_path if clickable else None, alt=alt)
        if marks:
            st.caption("The steps your answer got wrong are drawn in their path's colour; the rest are faded.")
        elif marks is None:
            st.caption(CAPTIONS.get(options.view, CAPTIONS["paths"]))
    return options
