"""The page's own CSS: a visible keyboard focus, wide content that shows it scrolls, and a phone layout.

Streamlit's defaults leave three gaps this fills, as data (:data:`COLOURS`
per page theme) and one style sheet:

- **Focus**: text fields and menus show focus only by a faint border, and
  buttons by a half-transparent ring (about 2:1 against the page), and a
  switch's input is hidden; every control (a switch: its label) gets a
  solid outline in the theme's primary colour instead
  (at least 3:1 against the page, WCAG 2.4.7 and 2.4.11).
- **Scrolling**: a formula wider than its column scrolls, but nothing says
  so; wide formulas and the path table get a visible scroll bar and a
  shadow on the side where more is hidden. (The graph has its own viewer,
  with pan and zoom: :mod:`explorer.page.viewer`.)
- **Phone width**: the path table keeps its columns and scrolls sideways
  as one piece instead of stacking its headings.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["COLOURS", "TABLE_KEY", "TABLE_MIN_WIDTH", "apply", "css"]

#: Key of the container the style sheet addresses (``.st-key-<key>``).
TABLE_KEY = "paths_table"

#: Narrower than this, the path table scrolls sideways rather than squeezing its formulas.
TABLE_MIN_WIDTH = 620

#: Per page theme: the focus outline (.streamlit/config.toml's primary colour), the page
#: background (for scroll shadows) and the shadow.
COLOURS = {
    "light": {"focus": "#0072B2", "background": "#FFFFFF", "shadow": "rgba(27, 36, 48, 0.28)"},
    "dark": {"focus": "#56B4E9", "background": "#10141B", "shadow": "rgba(0, 0, 0, 0.75)"},
}

_CSS = """
.stApp :is(button, a, summary, [role="radio"], [role="switch"], [role="option"], [tabindex="0"]):focus-visible,
.stApp :is(.katex-display, .st-key-TABLE):focus-visible,
.stApp :is([data-baseweb="input"], [data-baseweb="textarea"], [data-baseweb="select"] > div):focus-within,
.stApp label:has(input:is([role="switch"], [type="checkbox"]):focus-visible) {
  outline: 3px solid FOCUS !important;
  outline-offset: 2px;
}
.stApp :is(input, textarea):focus-visible { outline: none; }
.stApp .katex-display, .stApp .st-key-TABLE {
  overflow-x: auto;
  overflow-y: hidden;
  scrollbar-width: thin;
  scrollbar-color: SHADOW transparent;
  background:
    linear-gradient(to right, BACKGROUND 35%, transparent) left / 2.5rem 100% no-repeat local,
    linear-gradient(to left, BACKGROUND 35%, transparent) right / 2.5rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, SHADOW, transparent) left / 0.9rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, SHADOW, transparent) right / 0.9rem 100% no-repeat scroll;
}
.stApp .katex-display { padding: 0.2rem 0 0.4rem; }
.stApp .st-key-TABLE [data-testid="stHorizontalBlock"] { min-width: MINWIDTHpx; overflow: visible; }
"""


def css(theme: str) -> str:
    """The style sheet for a page theme ('light' or 'dark').

    Examples
    --------
    >>> "outline: 3px solid #56B4E9" in css("dark")
    True
    """
    colours = COLOURS["dark" if theme == "dark" else "light"]
    sheet = _CSS.replace("TABLE", TABLE_KEY).replace("MINWIDTH", str(TABLE_MIN_WIDTH))
    for name, value in colours.items():
        sheet = sheet.replace(name.upper(), value)
    return sheet


def apply(theme: str) -> None:
    """Add the style sheet to the page (a ``<style>`` element takes no room)."""
    st.html(f"<style>{css(theme)}</style>")
