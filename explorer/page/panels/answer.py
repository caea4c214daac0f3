"""The "Your answer" box: the learner's derivative, checked against the total, and where it went wrong.

The answer is typed in the expression's own language and checked in a
worker (:func:`explorer.checking.check_answer`, cached per expression and
answer). A wrong answer is explained in paths and edges, with the missed
ones shown as their coloured chips here and highlighted in the graph while
the rest fades (:func:`marks`). Every sentence is the library's, escaped.
The answer is part of the page's address (``?answer=…``): a link opens with
it in the box and its diagnosis shown, and the copy-link button beside the
box puts that link on the clipboard.
"""

from __future__ import annotations

import math

import streamlit as st

from ...answer.feedback import marks as marked_steps
from ...answer.shapes import described, expected
from ...calculus.result import Analysis
from ...drawing.dot import colour
from ...language.printing import derivative
from .. import calls, messages, state
from ..copylink import copy_link
from ..sections.paths import swatch
from ..text import plain
from .exercise import ANSWER_KEY

__all__ = ["answer_section", "marks", "placeholder"]

EXAMPLE_ANSWER = "e.g. 3x² + cos(x)"  # not the derivative of any gallery example: it must not give one away

#: Entries a placeholder spells out as dots, at most; larger derivatives are named by their shape alone.
PLACEHOLDER_ENTRIES = 12


def placeholder(analysis: Analysis) -> str:
    """What the empty box shows: an example answer, or for a vector or a matrix its shape in dots (no answer).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> placeholder(explained("w = [w1, w2]; y = dot(w, w)", wrt="w")), placeholder(explained("x**2"))
    ('a vector of 2: [·, ·]', 'e.g. 3x² + cos(x)')
    """
    shape = expected(analysis)
    if not shape:
        return EXAMPLE_ANSWER
    said = described(shape)
    if math.prod(shape) > PLACEHOLDER_ENTRIES:
        return said
    if len(shape) == 1:
        return f"{said}: [" + ", ".join("·" * shape[0]) + "]"
    row = "[" + ", ".join("·" * shape[1]) + "]"
    return f"{said}: [" + ", ".join([row] * shape[0]) + "]"


def _label(analysis: Analysis) -> str:
    names = [derivative(out, analysis.wrt) if analysis.wrt else f"d{out}" for out in analysis.outputs]
    return plain(names[0] if len(names) == 1 else "[" + ", ".join(names) + "]") + " ="


def marks(checked: dict | None, analysis: Analysis, hide: bool) -> tuple[tuple[int, int], ...] | None:
    """What the graph highlights: the steps a wrong answer missed; nothing in colour while an exercise is hidden."""
    steps = marked_steps(checked, analysis) if checked and checked["correct"] is False else ()
    if steps:
        return steps
    return () if hide else None


def _chips(checked: dict) -> str:
    """The coloured numbers of the paths the answer missed or got wrong, as in the path table (our own HTML)."""
    numbers = dict.fromkeys(checked["missing_paths"] + [e["path"] for e in checked["edge_errors"]])
    numbers.update(dict.fromkeys(checked["twice_paths"]))
    return " ".join(swatch(colour(k - 1), k) for k in numbers)


def _diagnosis(checked: dict, hide: bool) -> None:
    if checked["correct"]:
        st.success(plain(checked["verdict"]), icon=":material/check_circle:")
        return
    if checked["correct"] is None:
        st.info(plain(checked["verdict"]), icon=":material/help:")
        return
    st.error(plain(checked["verdict"]), icon=":material/close:")
    chips = _chips(checked)
    if chips:
        st.html(f'<div data-testid="cre-missed">Highlighted in the graph: {chips}</div>')
    differences = checked["difference"]
    differences = [differences] if isinstance(differences, dict) else differences or []
    lines = checked["diagnosis"] + ([] if hide else [d["text"] for d in differences])  # hidden: it gives it away
    if lines:
        st.markdown("\n".join(f"- {plain(line)}" for line in lines))
    for d in differences:
        if d["where"]:
            st.caption(plain(d["where"]))


def answer_section(request: calls.Request, analysis: Analysis, hide: bool, base: Analysis | None = None) -> dict | None:
    """The answer box, the copy-link button and the verdict; returns the check (the JSON form), or None without
    an answer. ``base`` is the analysis the address is written from (see :func:`explorer.page.state.link`)."""
    st.subheader("Your answer")
    box, button = st.columns([5, 1], vertical_alignment="bottom")
    text = box.text_input(
        _label(analysis),
        key=ANSWER_KEY,
        placeholder=placeholder(analysis),
        on_change=state.changed,
        help="Your derivative, in the same language as the expression (2x, x², sin(x)·cos(x), …), shaped as it "
        "(a vector [·, ·] for a gradient by a vector, rows for one by a matrix); the names of the graph's "
        "intermediate variables (u1, …) and of its vectors may be used too. Press Enter to check it.",
    )
    with button:
        has = bool((text or "").strip())
        copy_link(
            state.link(request.text, base or analysis),
            "Copy the link to this page with your answer: it opens with your answer checked"
            if has
            else "Copy the link to this page",
        )
    if not (text or "").strip():
        st.caption(
            "Type your derivative and press Enter: the explorer says whether it is right and, if not, "
            "which paths or edges it misses."
        )
        return None
    checked = calls.checked(request, text)
    if isinstance(checked, calls.Refusal):
        messages.refusal(checked, text)
        return None
    _diagnosis(checked, hide)
    return checked
