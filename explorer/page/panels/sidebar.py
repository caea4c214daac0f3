"""The sidebar: the gallery of examples and the graph-building switch."""

from __future__ import annotations

import streamlit as st

from ...examples import EXAMPLES, Example
from .. import state
from ..text import plain

__all__ = ["gallery_cards", "open_example", "sidebar"]


def open_example(example: Example) -> None:
    """Gallery callback: load an example with its input variable and the default point."""
    state.new_expression(example.text, example.wrt or "")


def _note(example: Example) -> str:
    """What a gallery entry says about itself: its note, or in an exercise only its task (the note is a hint)."""
    return example.task if st.session_state.get("exercise") else example.note


def sidebar() -> bool:
    """The gallery and the options; returns whether identical subexpressions are merged."""
    with st.sidebar:
        st.header("Examples")
        for i, example in enumerate(EXAMPLES):
            st.button(
                example.title,
                key=f"gallery_{i}",
                help=_note(example),
                on_click=open_example,
                args=(example,),
                width="stretch",
            )
        st.divider()
        st.session_state.setdefault("share", True)
        share = st.toggle(
            "Merge identical subexpressions",
            key="share",
            on_change=state.paths_changed,
            help="On: x**2 typed twice is one node. Off: the graph mirrors every operation as typed.",
        )
        st.caption(
            "After Parr & Howard, *The Matrix Calculus You Need For Deep Learning*: the single-variable, "
            "total-derivative and vector chain rules."
        )
    return share


def gallery_cards() -> None:
    """A friendly start for an empty box: what to type, and the gallery as cards."""
    st.info(
        "Type an expression above, or open one of the examples below. "
        "Try `x + x**2`: x reaches the output along two paths.",
        icon=":material/edit:",
    )
    columns = st.columns(3)
    for i, example in enumerate(EXAMPLES):
        with columns[i % 3].container(border=True):
            st.markdown(f"**{plain(example.title)}**")
            st.code(example.text, language=None)
            st.caption(plain(_note(example)))
            st.button("Open", key=f"card_{i}", on_click=open_example, args=(example,))
