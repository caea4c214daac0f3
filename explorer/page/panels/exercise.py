"""Exercise mode: the derivative hidden until the learner answers it or gives up, and hints one at a time.

The switch is bound to the address bar (``?exercise=true``), so a link
carries the exercise, and so is the answer (``?answer=…``: a learner can send
a wrong attempt to a teacher); the hints shown and "gave up" live only in
the visitor's session. All three start afresh with every new expression or
input. With the switch on, every gallery example opens as an exercise, and
nothing on the page gives the solution away before it is asked for: no
path, sum or rule, no hint in a tooltip (the gallery's notes are replaced by
the task) or in a warning about the link.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ...calculus.result import Analysis
from ...examples import EXAMPLES
from ...language.printing import derivative
from .. import calls, messages, state
from ..state import ANSWER_KEY
from ..text import plain
from .sidebar import open_example

__all__ = ["ANSWER_KEY", "controls", "hidden", "shown", "start", "switch", "title"]

_FOR, _HINTS, _REVEALED = "exercise_for", "exercise_hints", "exercise_revealed"


def switch() -> bool:
    """The exercise switch (in the address as ?exercise=true, see :mod:`explorer.page.state`)."""
    return st.toggle(
        "Exercise mode",
        key="exercise",
        on_change=state.changed,
        help="Hide the paths, the sum and the derivative until you type the derivative yourself below the "
        "graph (or give up). Every gallery example opens as an exercise; hints come one at a time.",
    )


def start(text: str, wrt: str | None) -> None:
    """A new expression or input starts afresh: an empty answer (or the link's), no hints, the solution hidden.

    A link opened (or Back and Forward) puts its answer in the box, for the same expression too.
    """
    linked = state.linked_answer()
    if st.session_state.get(_FOR) != [text, wrt]:
        st.session_state[_FOR] = [text, wrt]
        st.session_state[ANSWER_KEY] = linked or ""
        st.session_state[_HINTS] = 0
        st.session_state[_REVEALED] = False
    elif linked is not None:
        st.session_state[ANSWER_KEY] = linked


def hidden(exercise: bool, checked: dict | None = None) -> bool:
    """Whether the solution is still hidden; a correct answer reveals it for good."""
    if checked is not None and checked["correct"]:
        st.session_state[_REVEALED] = True
    return exercise and not st.session_state.get(_REVEALED, False)


def shown(analysis: Analysis, hide: bool) -> Analysis:
    """What the graph's controls may list: no paths while the exercise is hidden (they would give it away)."""
    return replace(analysis, paths=()) if hide else analysis


def title(analysis: Analysis) -> None:
    """The heading while the solution is hidden: what to find."""
    names = [derivative(out, analysis.wrt) for out in analysis.outputs] if analysis.wrt else ["the derivative"]
    st.markdown(f"### Exercise: find {plain(', '.join(names))} with the chain rule")


def _reveal() -> None:
    st.session_state[_REVEALED] = True


def _more() -> None:
    st.session_state[_HINTS] = st.session_state.get(_HINTS, 0) + 1


def _next(text: str) -> None:
    """Open the gallery example after this one (the first one from anywhere else) as an exercise."""
    texts = [example.text for example in EXAMPLES]
    following = (texts.index(text) + 1) % len(texts) if text in texts else 0
    open_example(EXAMPLES[following])


def _hint_path(checked: dict | None) -> int:
    """The path the last hint spells out: one the answer missed or got wrong, else the first."""
    if checked:
        missed = checked["missing_paths"] + [e["path"] for e in checked["edge_errors"]] + checked["twice_paths"]
        if missed:
            return missed[0] - 1
    return 0


def controls(request: calls.Request, analysis: Analysis, checked: dict | None, hide: bool) -> None:
    """Hints one at a time, "show the solution" while hidden; "next exercise" once solved."""
    if not hide:
        st.button(
            "Next exercise", key="next_exercise", on_click=_next, args=(request.text,), icon=":material/skip_next:"
        )
        return
    hints = calls.hints(request, _hint_path(checked))
    if isinstance(hints, calls.Refusal):
        messages.refusal(hints, request.text)
        return
    count = min(st.session_state.get(_HINTS, 0), len(hints))
    for number, hint in enumerate(hints[:count], 1):
        st.info(f"Hint {number}: {plain(hint)}", icon=":material/lightbulb:")
    row = st.columns([1, 1, 3])
    row[0].button(
        "Hint" if count == 0 else "Another hint",
        key="hint",
        on_click=_more,
        disabled=count >= len(hints),
        icon=":material/lightbulb:",
        width="stretch",
    )
    row[1].button("Show the solution", key="give_up", on_click=_reveal, icon=":material/visibility:", width="stretch")
