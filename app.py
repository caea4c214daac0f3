"""Chain Rule Explorer: the Streamlit page (``streamlit run app.py``).

A thin shell that composes the page from its sections (:mod:`explorer.page`):
the input, the rule, the graph, the learner's answer, the paths, the sum
with its checks, the vector chain rule and the exports; in exercise mode the
solution stays hidden until the learner answers it. The math and the LaTeX live in the
library; every call into it is bounded and cached in
:mod:`explorer.page.calls`. Every widget is keyed, and the ones that make a
state are bound to the address bar, so the URL is a share link.
"""

from __future__ import annotations

import streamlit as st

from explorer.describe import rule_sentence
from explorer.errors import BusyError
from explorer.page import answer, calls, downloads, exercise, graph, inputs, messages, paths, sidebar, sums, vector
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


def solution(request: calls.Request, analysis: Analysis, options) -> None:
    """The rule, the paths, the sum with its checks and the Jacobians: what an exercise hides."""
    formulas = calls.formulas(request)
    if isinstance(formulas, calls.Refusal):
        messages.refusal(formulas, request.text)
        return
    if analysis.wrt is not None:
        paths.paths_section(analysis, formulas, options.highlight)
        sums.sums_section(analysis, formulas)
    if analysis.is_vector and analysis.inputs:
        vector.vector_section(formulas)


def results(text: str, share: bool, corner, exercising: bool) -> None:
    """Everything below the input: rule, graph, the answer box, paths, sum, checks, Jacobians, exports."""
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
    exercise.start(text, analysis.wrt)
    heading, picture = st.container(), st.container()  # filled once the answer below is checked
    checked = answer.answer_section(request, analysis, exercise.hidden(exercising))
    hide = exercise.hidden(exercising, checked)
    if exercising:
        exercise.controls(request, analysis, checked, hide)
    with picture:
        options = graph.graph_section(request, exercise.shown(analysis, hide), answer.marks(checked, analysis, hide))
    with heading:
        if hide:
            exercise.title(analysis)
        else:
            rule = rule_sentence(
                analysis.rule,
                analysis.wrt,
                analysis.outputs,
                analysis.path_count,
                name=code,
                title=lambda r: f"**{r}**",
            )
            st.markdown("### " + rule)
    if not hide:
        solution(request, analysis, options)
    for note in analysis.notes[:MAX_NOTES]:
        st.caption(plain(note))
    if len(analysis.notes) > MAX_NOTES:
        st.caption(f"… and {len(analysis.notes) - MAX_NOTES:,} more notes (the JSON download lists them all).")
    if hide:
        st.caption("The paths, the sum and the exports appear once the exercise is solved.")
    else:
        downloads.downloads(request, options)


def main() -> None:
    """Draw the whole page."""
    st.set_page_config(page_title="Chain Rule Explorer", page_icon="∂", layout="wide")
    share = sidebar.sidebar()
    with st.sidebar:
        exercising = exercise.switch()
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
        results(text, share, top[1], exercising)
    except BusyError as err:  # drawing and formulas use the same bounded pool as the analysis
        messages.busy(err)
    except Exception:  # a visitor never sees a traceback; the log keeps it
        messages.internal("drawing", text)


if __name__ == "__main__":
    main()
