"""How the page says that something could not be shown: a refusal with its caret, "busy", a stopped step."""

from __future__ import annotations

import logging

import streamlit as st

from ..errors import BusyError
from .calls import Refusal
from .text import plain

__all__ = ["busy", "internal", "link_problems", "refusal"]

LOG = logging.getLogger("explorer.page")


def busy(err: BusyError) -> None:
    """Every worker is busy: say so, and offer to try again (nothing was cached)."""
    st.warning(plain(err.message), icon=":material/hourglass_top:")
    st.button("Try again", key="retry", icon=":material/refresh:")


def refusal(refused: Refusal, text: str) -> None:
    """A refused input: the message and, when it has a place, the line with a caret under the column.

    Work that was stopped (out of time or memory) is not the visitor's mistake and is said as a warning.
    """
    if refused.capacity:
        st.warning(plain(refused.message), icon=":material/hourglass_disabled:")
        return
    st.error(plain(refused.message), icon=":material/error:")
    if refused.source_line is not None and refused.column is not None:
        shown = refused.source_line.replace("\t", " ")
        st.code(f"{shown}\n{' ' * (refused.column - 1)}^", language=None)
        if refused.line and "\n" in text.strip():
            st.caption(f"Line {refused.line}, column {refused.column}.")


def internal(what: str, detail: object) -> None:
    """An unexpected failure: a message in words for the visitor, the traceback in the server log."""
    LOG.exception("%s failed for %r", what, detail)
    st.error(f"Something went wrong while {what} this expression. Please try another form of it.")


#: Problems of one link a warning names; the rest are counted, so a huge link never makes a huge warning.
MAX_PROBLEMS = 8

#: Characters of one problem a warning shows.
MAX_PROBLEM_TEXT = 200


def link_problems(problems: tuple[str, ...], where=st) -> None:
    """What a link asked for that could not be used (the page shows its defaults instead): each once, capped."""
    said = [p if len(p) <= MAX_PROBLEM_TEXT else p[:MAX_PROBLEM_TEXT] + "…" for p in dict.fromkeys(problems)]
    if len(said) > MAX_PROBLEMS:
        said = [*said[:MAX_PROBLEMS], f"and {len(said) - MAX_PROBLEMS:,} more things the link asked for"]
    if said:
        where.warning(plain("; ".join(said)) + ".", icon=":material/link_off:")
