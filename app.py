"""Chain Rule Explorer: the Streamlit page (``streamlit run app.py``).

A thin shell that composes the page from its sections (:mod:`explorer.page`):
the input, the rule, the graph, the paths, the paper's four steps, the sum
with its checks, why one path is not enough, the total-derivative formula,
the gradient, the Jacobian entry by entry, the vector chain rule and its
layers, and the exports. The math and the LaTeX live in the
library; every call into it is bounded and cached in
:mod:`explorer.page.calls`. Every widget is keyed, and the ones that make a
state are bound to the address bar, so the URL is a share link.
"""

from __future__ import annotations

import streamlit as st

from explorer.describe import rule_sentence
from explorer.errors import BusyError
from explorer.page import (
    calls,
    downloads,
    formula,
    gradient,
    graph,
    inputs,
    jacobian,
    layers,
    messages,
    naive,
    paths,
    sidebar,
    steps,
    sums,
    vector,
)
from explorer.page.text import code, plain
from explorer.result import Analysis
from explorer.typeset import Formulas


def run(request: calls.Request) -> Analysis | None:
    """The analysis of a request, or None after saying why there is none."""
    try:
        with st.spinner("Analysing…"):
            result = calls.analysis(request)
    except BusyError as err:
        messages.busy(err)
        return None
    except Exception:  # a visitor never sees a traceback; the log keeps it
        messages.internal("analysing", request)
        return None
    if isinstance(result, calls.Refusal):
        messages.refusal(result, request.text)
        return None
    return result


def results(text: str, share: bool, corner) -> None:
    """Everything below the input: rule, graph, paths, sum, checks, Jacobians, exports."""
    base = run(calls.Request(text, None, (), share))
    if base is None:
        return
    with corner:
        wrt = inputs.wrt_input(base)
    point = inputs.point_inputs(base)
    request = inputs.request_for(base, text, wrt, point, share)
    analysis = run(request)
    if analysis is None:
        return
    st.markdown(
        "### "
        + rule_sentence(
            analysis.rule,
            analysis.wrt,
            analysis.outputs,
            analysis.path_count,
            name=code,
            title=lambda rule: f"**{rule}**",
            components=analysis.wrt_inputs if analysis.by_vector else (),
        )
    )
    options = graph.graph_section(request, analysis)
    formulas = calls.formulas(request)
    if isinstance(formulas, calls.Refusal):
        messages.refusal(formulas, text)
    else:
        if analysis.wrt is not None:
            paths.paths_section(analysis, formulas, options.highlight, options.highlights)
        steps.steps_section(analysis)
        if analysis.wrt is not None:
            sums.sums_section(analysis, formulas)
        teach(request, analysis, formulas)
    for note in analysis.notes:
        st.caption(plain(note))
    downloads.downloads(request, options)


def teach(request: calls.Request, analysis: Analysis, formulas: Formulas) -> None:
    """What the paper teaches beyond the sum: one path against all, the formula, the Jacobian, the layers."""
    lessons = calls.lessons(request)
    if isinstance(lessons, calls.Refusal):
        messages.refusal(lessons, request.text)
        return
    naive.naive_section(request, analysis, lessons)
    formula.formula_section(analysis, lessons)
    gradient.gradient_section(analysis, lessons)
    jacobian.jacobian_section(analysis, formulas, lessons)
    if analysis.is_vector and analysis.inputs:
        vector.vector_section(formulas)
    layers.layers_section(analysis, lessons)


def main() -> None:
    """Draw the whole page."""
    st.set_page_config(page_title="Chain Rule Explorer", page_icon="∂", layout="wide")
    share = sidebar.sidebar()
    st.title("Chain Rule Explorer")
    st.caption(
        "Type an expression; see every path from the input to the output, the product of local "
        "derivatives along each path, and how they add up to the derivative."
    )
    top = st.columns([5, 1.2], vertical_alignment="bottom")
    with top[0]:
        text = inputs.expression()
    if not (text or "").strip():
        sidebar.gallery_cards()
        return
    try:
        results(text, share, top[1])
    except BusyError as err:  # drawing and formulas use the same bounded pool as the analysis
        messages.busy(err)
    except Exception:  # a visitor never sees a traceback; the log keeps it
        messages.internal("drawing", text)


if __name__ == "__main__":
    main()
