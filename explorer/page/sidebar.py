"""The sidebar: the gallery of examples and the graph-building switch."""

from __future__ import annotations

import streamlit as st

from explorer.examples import EXAMPLES, Example

from .text import plain

__all__ = ["POINT_KEY", "gallery_cards", "open_example", "sidebar"]

#: Number inputs are keyed at_<variable>, and so are their URL parameters.
POINT_KEY = "at_"


def open_example(example: Example) -> None:
    """Gallery callback: load an example with its input variable and the default point."""
    st.session_state["expr"] = example.text
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(POINT_KEY)]:
        del st.session_state[key]
    if example.wrt is None:
        st.session_state.pop("wrt", None)
    else:
        st.session_state["wrt"] = example.wrt
    st.session_state.pop("highlight", None)


def sidebar() -> bool:
    """The gallery and the options; returns whether identical subexpressions are merged."""
    with st.sidebar:
        st.header("Examples")
        for i, example in enumerate(EXAMPLES):
            st.button(
                example.title,
                key=f"gallery_{i}",
                help=example.note,
                on_click=open_example,
                args=(example,),
                width="stretch",
            )
        st.divider()
        share = st.toggle(
            "Merge identical subexpressions",
            value=True,
            key="share",
            bind="query-params",
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
            st.caption(plain(example.note))
            st.button("Open", key=f"card_{i}", on_click=open_example, args=(example,))
