"""The graph section: the picture first, then its controls (highlight, view, and the drawing's settings folded away).

The picture follows the input directly: the rule sentence above it is its
title, and the controls sit under it in one row (a phone wraps it): the
highlighted path and the view (and a walkthrough's mode); under them
*Graph settings*, folded, holds the edge labels, the background, the
orientation and the rule names. The controls are drawn first (their values choose the drawing)
into a container placed under the picture's. The drawing is made for the
room the viewer reported (:func:`explorer.page.viewer.frame`). The
background follows the page's light or dark theme unless the visitor chose
one (:data:`explorer.page.state.FOLLOW_PAGE`); the viewer's alternative text
is the graph in words (:func:`explorer.teach.report.graph_description`).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import streamlit as st

from ...calculus.paths import step_positions
from ...calculus.result import Analysis
from ...drawing.dot import ORIENTATIONS, THEMES
from ...drawing.labels import LABELS
from ...drawing.views import focus
from ...exports.formats import Options
from ...language.printing import path_label
from .. import calls, messages, state, viewer
from ..sections.jacobian import chosen_paths
from ..theme import page_theme
from . import walkthrough

__all__ = ["CAPTIONS", "CONTROLS_KEY", "graph_options", "graph_section", "graph_theme"]

MAX_LABEL = 80  # characters of a path in the Highlight box

#: Key of the row of controls under the picture.
CONTROLS_KEY = "graph_controls"

#: The caption under the graph, per view (:data:`explorer.drawing.views.VIEWS`).
CAPTIONS = {
    "paths": "The first seven paths each have a colour and a line style; later paths are grey. An edge on a few "
    "paths carries their colours side by side, an edge on many is thick and grey with its number of paths. "
    "Click an edge, or a path's Show button in the table, to highlight that path.",
    "gradients": "Each node: its value and its adjoint dy/du. Each edge: its local partial and what it adds to "
    "its source's adjoint.",
    "shapes": "One node per operation on whole vectors and matrices, with its shapes (2×3 · 3 → 2), its value and "
    "the gradient by it; each edge is its Jacobian in the paper's closed form, with its value at the point.",
}


def graph_theme(choice: str | None) -> str:
    """The theme to draw in: the visitor's choice, or the page's theme when following it."""
    return choice if choice in THEMES else page_theme()


def _shortened(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL // 2 - 1] + " … " + label[-MAX_LABEL // 2 + 2 :]


def _settings() -> tuple[str, str, str, bool]:
    """Edge labels, background, orientation, rule names: folded in an expander (in the keyboard's reading order)."""
    folded = st.expander("Graph settings: labels, background, orientation, rule names", key="graph_settings")
    with folded, st.container(horizontal=True, wrap=True, vertical_alignment="bottom"):
        labels = state.choice("Edge labels", LABELS, "labels", "both")
        following = f"Like the page ({THEMES[page_theme()].lower()})"
        theme = st.selectbox(
            "Graph background",
            [state.FOLLOW_PAGE, *THEMES],
            format_func=lambda t: following if t == state.FOLLOW_PAGE else THEMES[t],
            key="graph_theme",
            on_change=state.changed,
            width=280,
            help="Transparent backgrounds are for slides: dark lines and text on light slides, light ones on "
            "dark slides. The Slides themes add large type and lines thick enough for a projector.",
        )
        orientation = st.selectbox(
            "Orientation",
            list(ORIENTATIONS),
            format_func=ORIENTATIONS.get,
            key="orientation",
            on_change=state.changed,
            width=200,
            help="Auto: the direction in which the whole graph fits this screen with readable labels "
            "(left to right on a wide screen, top to bottom on a phone).",
        )
        rules = st.toggle(
            "Rule names",
            key="rules",
            on_change=state.changed,
            help="Name under each edge the differentiation rule its partial comes from.",
        )
    return labels or "both", theme, orientation or "auto", rules


def graph_options(request: calls.Request, analysis: Analysis, views: bool = True) -> Options:
    """The row of controls (highlight, view, walkthrough mode), then the settings; returns the drawing options.

    A Jacobian entry chosen further down (:mod:`explorer.page.sections.jacobian`) draws its paths bold too.
    ``views`` False (an exercise) leaves out the view: only the paths, uncoloured.
    """
    with st.container(horizontal=True, wrap=True, vertical_alignment="bottom", key="graph_row"):
        names = [path_label(p.nodes, step_positions(analysis.flow, p.edges)) for p in analysis.paths]
        st.selectbox(
            "Highlight",
            [state.ALL_PATHS, *range(len(analysis.paths))],
            format_func=lambda i: "All paths" if i < 0 else _shortened(f"Path {i + 1}: {names[i]}"),
            key="highlight",
            on_change=state.changed,
            disabled=len(analysis.paths) < 2,
            width=300,
        )
        highlight = state.highlighted()
        view = walkthrough.view_choice(analysis) if views else "paths"
        mode = walkthrough.modes() if view == "steps" else "paths"
    labels, theme, orientation, rules = _settings()
    entry = chosen_paths(analysis) if highlight is None else ()
    options = Options(
        highlight=highlight,
        labels=labels,
        theme=graph_theme(theme),
        orientation=orientation,
        rules=rules,
        highlights=entry,
        view=view,
        mode=mode,
        frame=viewer.frame(),
    )
    if view == "steps":
        options = walkthrough.step_of(request, options)
        if options.view == "steps":
            walkthrough.slider(request, options)
    return options


def _identity(request: calls.Request, options: Options) -> str:
    """What the viewer keeps a reader's zoom for: the same expression, input and view (a short digest)."""
    key = repr((request.text, request.wrt, request.share, options.view, options.mode))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def graph_section(
    request: calls.Request,
    analysis: Analysis,
    marks: tuple[tuple[int, int], ...] | None = None,
    *,
    views: bool = True,
    hidden: bool = False,
) -> Options:
    """The data-flow graph with its controls under it; returns the drawing options (the exports use them too).

    ``marks`` (from :func:`explorer.page.panels.answer.marks`) draws only those steps in colour; ``views`` offers
    the gradients and the walkthrough; ``hidden`` (an exercise) keeps the rule and the paths out of the words that
    describe the picture.
    """
    picture = st.container(key="graph_picture")
    with st.container(key=CONTROLS_KEY):
        options = graph_options(request, analysis, views)
    if marks is not None:
        options = replace(options, marks=marks)
    with picture:
        if calls.renderer() is None:
            dot = calls.drawing(request, "dot", options)
            if isinstance(dot, calls.Refusal):
                messages.refusal(dot, request.text)
                return options
            st.graphviz_chart(dot)
            st.caption(
                "Graphviz is not installed on this server, so the browser draws the graph; no SVG or PNG export."
            )
            return options
        if options.view == "steps":
            walkthrough.presenter(request, options, lambda presenter: _show(request, analysis, options, presenter))
        elif _show(request, analysis, options, None, marks, hidden):
            if marks:
                st.caption("The steps your answer got wrong are drawn in their path's colour; the rest are faded.")
            elif marks is None:
                st.caption(CAPTIONS.get(options.view, CAPTIONS["paths"]))
    return options


def _show(
    request: calls.Request,
    analysis: Analysis,
    options: Options,
    presenter: tuple[int, int] | None,
    marks: tuple[tuple[int, int], ...] | None = None,
    hidden: bool = False,
) -> bool:
    """The drawing in the viewer (True), or why it cannot be shown."""
    svg = calls.drawing(request, "svg", options)
    if isinstance(svg, calls.Refusal):
        messages.refusal(svg, request.text)
        return False
    if len(svg.encode()) > viewer.MAX_SVG_BYTES:
        size = f"{len(svg.encode()) / 1e6:.1f} MB"
        st.info(f"This drawing is too large to show here ({size}); the SVG and PNG downloads below have it.")
        return False
    clickable = marks is None and options.view == "paths"  # an exercise or a marked answer keeps its colours
    alt = calls.description(request, options.highlight, paths=not hidden, view=options.view)
    walk = calls.walkthrough(request, options.mode, page_theme()) if presenter is not None else None
    ids = focus(analysis, walk[0][options.step]) if walk and not isinstance(walk, calls.Refusal) else ()
    viewer.graph_viewer(
        svg,
        options.highlight,
        state.highlight_path if clickable else None,
        alt=alt,
        graph=_identity(request, options),
        focus=ids,
        presenter=presenter,
    )
    return True
