"""What every section draws from, and the collapsible box a long teaching section is drawn in while open.

A closed section costs its title and nothing else: no worker call, no
formula typeset by the server or by the browser, no chart. Opening one
reruns the page (from the caches) and draws it; which ones are open is part
of the address (``open=steps,modes``, :mod:`explorer.page.address`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ..calculus.result import Analysis
from ..teach.lessons import Lessons
from ..teach.paths import Formulas
from . import calls, messages, state
from .address import OPEN_KEY, SECTIONS, SHOWN_SECTIONS

__all__ = ["Context", "section"]


@dataclass
class Context:
    """One request's analysis and formulas, and what the page's sections need of them.

    Attributes
    ----------
    request : calls.Request
    analysis : Analysis
        Checked and simplified when this visitor has seen that before.
    formulas : Formulas
        The page's typeset paths and sums.
    highlight : int or None
        The highlighted path.
    highlights : tuple of int
        The paths of the chosen Jacobian entry.
    checked : bool
        Whether ``analysis`` is already checked against the oracle (else the sums section says so later).
    """

    request: calls.Request
    analysis: Analysis
    formulas: Formulas
    highlight: int | None = None
    highlights: tuple[int, ...] = ()
    checked: bool = False
    _lessons: Lessons | bool | None = field(default=False, repr=False)

    def lessons(self) -> Lessons | None:
        """The teaching formulas (one worker call, cached), or None after saying why there are none."""
        if self._lessons is False:
            found = calls.lessons(self.request)
            if isinstance(found, calls.Refusal):
                messages.refusal(found, self.request.text)
                found = None
            self._lessons = found
        return self._lessons  # type: ignore[return-value]


def section(name: str) -> DeltaGenerator | None:
    """Draw section ``name``'s box (a key of :data:`~explorer.page.address.SECTIONS`); return it if it is open.

    The caller draws the content into the returned box; None means the box
    is closed and there is nothing more to draw.
    """
    key = OPEN_KEY + name
    st.session_state.setdefault(key, name in SHOWN_SECTIONS)
    box = st.expander(SECTIONS[name], key=key, on_change=state.changed)
    return box if box.open else None
