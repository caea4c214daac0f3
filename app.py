"""Chain Rule Explorer: the Streamlit page (``streamlit run app.py``).

A thin shell that composes the page from its sections (:mod:`explorer.page`):
the input, the rule, the graph (its paths, its gradients, or the walkthrough
step by step), the learner's answer, the paths, the paper's four steps, the
sum with its checks, why one path is not enough, the total-derivative
formula, the gradient, the Jacobian entry by entry, the vector chain rule
and its layers, forward and reverse mode and the exports; in exercise mode the
solution stays hidden until the learner answers it. The math and the LaTeX live in the
library; every call into it is bounded and cached in
:mod:`explorer.page.calls`. Every widget is keyed, and every state is a
link: :mod:`explorer.page.state` loads the address into the widgets and
writes it back after a change, so Back returns to the state before.
"""

from __future__ import annotations

import streamlit as st

from explorer.calculus.result import Analysis
from explorer.errors import BusyError
from explorer.page import calls, messages, state, style, theme
from explorer.page.boxes import Context
from explorer.page.panels import answer, downloads, exercise, graph, inputs, sidebar
from explorer.page.registry import SECTIONS
from explorer.page.sections import DRAW, sums
from explorer.page.text import code, plain
from explorer.teach.rules import rule_sentence

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


def solution(request: calls.Request, analysis: Analysis, options) -> sums.Pending | None:
    """Every section of :data:`explorer.page.registry.SECTIONS`, in order: what an exercise hides.

    The check against the oracle and the simplification are shown at once
    when this visitor has seen them before; otherwise their places are
    returned, to be filled in last (:func:`explorer.page.sections.sums.finish`).
    """
    checked = calls.known_finished(request)
    if checked:
        done = calls.finished(request)
        checked = not isinstance(done, calls.Refusal)
        analysis = done if checked else analysis
    formulas = calls.formulas(request, options.highlight, theme.page_theme(), checked)
    if isinstance(formulas, calls.Refusal):
        messages.refusal(formulas, request.text)
        return None
    ctx = Context(request, analysis, formulas, options.highlight, options.highlights, checked)
    pending = None
    for section in SECTIONS:
        drawn = DRAW[section.name](ctx)
        pending = drawn if isinstance(drawn, sums.Pending) else pending
    return pending


def results(text: str, share: bool, corner, exercising: bool) -> Analysis | None:
    """The input and point beside the editor (``corner``), then the rule, graph, answer box, paths, sum, exports.

    Returns the base analysis (the address is written from it).
    """
    base = run(calls.Request(text, None, (), share))
    if base is None:
        return None
    state.prepare_inputs(base)
    with corner:
        wrt, point = inputs.wrt_and_point(base)
    request = inputs.request_for(base, text, wrt, point, share)
    analysis = run(request)
    if analysis is None:
        return base
    state.prepare_highlight(analysis, exercise=exercising)
    exercise.start(text, analysis.wrt)
    heading, picture = st.container(), st.container()  # filled once the answer below is checked
    checked = answer.answer_section(request, analysis, exercise.hidden(exercising), base)
    hide = exercise.hidden(exercising, checked)
    if exercising:
        exercise.controls(request, analysis, checked, hide)
    with picture:
        shown, marks = exercise.shown(analysis, hide), answer.marks(checked, analysis, hide)
        options = graph.graph_section(request, shown, marks, views=not hide, hidden=hide)
    with heading:
        if hide:
            exercise.title(analysis)
        else:
            sentence = rule_sentence(
                analysis.rule,
                analysis.wrt,
                analysis.outputs,
                analysis.path_count,
                name=code,
                title=lambda r: f"**{r}**",
                components=analysis.wrt_inputs if analysis.by_vector else (),
                shape=analysis.flow.shape(analysis.wrt or ""),
            )
            st.markdown("### " + sentence, anchors=False)
    pending = None if hide else solution(request, analysis, options)
    for note in analysis.notes[:MAX_NOTES]:
        st.caption(plain(note))
    if len(analysis.notes) > MAX_NOTES:
        st.caption(f"… and {len(analysis.notes) - MAX_NOTES:,} more notes (the JSON download lists them all).")
    if hide:
        st.caption("The paths, the sum and the exports appear once the exercise is solved.")
    else:
        downloads.downloads(request, options)
    if pending is not None:  # the slow steps last, once everything above is on the page
        sums.finish(pending, request, options.highlight, theme.page_theme())
    return base


def main() -> None:
    """Draw the whole page, as this session's visitor: their heavy work is given up when they move on."""
    with calls.visiting():
        page()


def page() -> None:
    """Draw the whole page."""
    st.set_page_config(page_title="Chain Rule Explorer", page_icon="∂", layout="wide")
    theme.watch()
    style.apply(theme.page_theme())
    state.begin()
    share = sidebar.sidebar()
    with st.sidebar:
        exercising = exercise.switch()
    st.title("Chain Rule Explorer", anchor=False)
    st.caption(
        "Type an expression; see every path from the input to the output, the product of local "
        "derivatives along each path, and how they add up to the derivative."
    )
    # the expression beside the input and the point (stacked on a phone), so that the graph follows at once
    top = st.columns([5, 4], vertical_alignment="top")
    with top[0]:
        text = inputs.expression()
    link_problems = st.empty()  # filled at the end: the analysis says which inputs and paths exist
    base = None
    if not text.strip():
        sidebar.gallery_cards()
    else:
        try:
            base = results(text, share, top[1], exercising)
        except BusyError as err:  # drawing and formulas use the same bounded pool as the analysis
            messages.busy(err)
        except Exception:  # a visitor never sees a traceback; the log keeps it
            messages.internal("drawing", text)
    messages.link_problems(state.problems(), link_problems)
    state.end(text, base)


if __name__ == "__main__":
    main()
