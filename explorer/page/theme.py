"""The page's light or dark theme, as the visitor sees it now: also after a switch in the ⋮ menu.

Switching the theme in Streamlit's menu restyles the page without running
the script, and ``st.context.theme`` keeps the old answer until the next
run. A tiny invisible component (Streamlit's components v2: a script in the
page, called again whenever the theme changes) reads the page's background
colour and, when it disagrees with what the server assumed, reports the
theme it sees; that reruns the page, and everything that follows the page
theme (the graph's colours, the focus and scroll styling) is drawn again.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["page_theme", "watch"]

KEY = "page_theme"

_JS = """
export default function ({ data, parentElement, setStateValue }) {
  const host = parentElement.host || parentElement;
  const probe = document.createElement('span');
  probe.style.color = getComputedStyle(host).getPropertyValue('--st-background-color').trim() || 'white';
  parentElement.appendChild(probe);
  const [r, g, b] = getComputedStyle(probe).color.match(/[0-9.]+/g).map(Number);
  probe.remove();
  const seen = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5 ? 'dark' : 'light';
  if (seen !== data.assumed) setStateValue('type', seen);
}
"""

_watcher = st.components.v2.component("explorer_page_theme", html="<span hidden></span>", js=_JS)


def page_theme() -> str:
    """'dark' when the visitor's page is dark, else 'light'.

    What the watcher last reported, else what Streamlit knew at the start
    of the run.
    """
    seen = (st.session_state.get(KEY) or {}).get("type")
    if seen in ("light", "dark"):
        return seen
    return "dark" if st.context.theme.type == "dark" else "light"


def watch() -> None:
    """Place the watcher (zero height); call once per run, before anything that depends on the theme."""
    _watcher(key=KEY, data={"assumed": page_theme()}, on_type_change=lambda: None, height=0)
