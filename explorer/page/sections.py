"""The page's long teaching sections: each one a collapsible box whose content is drawn only while it is open.

A closed section costs its title and nothing else: no worker call, no
formula typeset by the server or by the browser, no chart. Opening one
reruns the page (from the caches) and draws it; which ones are open is part
of the address (``open=steps,modes``, :mod:`explorer.page.address`).
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from . import state
from .address import OPEN_KEY, SECTIONS, SHOWN_SECTIONS

__all__ = ["section"]


def section(name: str) -> DeltaGenerator | None:
    """Draw section ``name``'s box (a key of :data:`~explorer.page.address.SECTIONS`); return it if it is open.

    The caller draws the content into the returned box; None means the box
    is closed and there is nothing more to draw.
    """
    key = OPEN_KEY + name
    st.session_state.setdefault(key, name in SHOWN_SECTIONS)
    box = st.expander(SECTIONS[name], key=key, on_change=state.changed)
    return box if box.open else None
