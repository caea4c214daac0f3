"""Chain Rule Explorer: the Streamlit page (``streamlit run app.py``).

A thin shell that composes the page from its sections (:mod:`explorer.page`):
the input, the rule, the graph, the paths, the sum with its checks, the
vector chain rule and the exports. The math and the LaTeX live in the
library; every call into it is bounded and cached in
:mod:`explorer.page.calls`. Every widget is keyed, and the ones that make a
state are bound to the address bar, so the URL is a share link.
"""

from __future__ import annotations

import streamlit as st

from explorer.describe import rule_sentence
from explorer.errors import BusyError
from explorer.page import calls, downloads, graph, inputs, messages, modes, paths, sidebar, sums, vector, walkthrough
from explorer.page.text import code, plain
from explorer.result import Analysis

MAX_NOTES = 12  # notes shown under the results; the rest are counted


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
        )
    )
    options = graph.graph_section(request, analysis, lambda chosen: walkthrough.controls(request, analysis, chosen))
    walkthrough.step_details(request, options)
    formulas = calls.formulas(request)
    if isinstance(formulas, calls.Refusal):
        messages.refusal(formulas, text)
    else:
        if analysis.wrt is not None:
            paths.paths_section(analysis, formulas, options.highlight)
            sums.sums_section(analysis, formulas)
            modes.modes_section(request, analysis)
        if analysis.is_vector and analysis.inputs:
            vector.vector_section(formulas)
    for note in analysis.notes[:MAX_NOTES]:
        st.caption(plain(note))
    if len(analysis.notes) > MAX_NOTES:
        st.caption(f"… and {len(analysis.notes) - MAX_NOTES:,} more notes (the JSON download lists them all).")
    downloads.downloads(request, options)


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
