"""The page's own CSS: a visible keyboard focus, wide content that shows it scrolls, and a phone layout.

Streamlit's defaults leave three gaps this fills, as data (:data:`COLOURS`
per page theme) and one style sheet:

- **Focus**: text fields and menus show focus only by a faint border, and
  buttons by a half-transparent ring (about 2:1 against the page), and a
  switch's input is hidden; every control (a switch: its label) gets a
  solid outline in the theme's primary colour instead
  (at least 3:1 against the page, WCAG 2.4.7 and 2.4.11).
- **Scrolling**: a formula wider than its column scrolls, but nothing says
  so; wide formulas get a visible scroll bar and a shadow on the side where
  more is hidden. (The graph has its own viewer, with pan and zoom:
  :mod:`explorer.page.viewer`.)
- **The first screen**: less padding above and beside the page and a
  smaller title, so that the graph is in view after an expression is
  applied (at 1440 × 900 and on a phone); the zero-height scripts of the
  page (the theme watcher, the editor's Enter) take no gap.
- **The path table**: a row per path on a wide screen, its product given
  most of the width; on a phone one card per path (number and Show, then
  the nodes, the product, the rules and the value), headings hidden.
- **The presenter**: a walkthrough's block, scrolled to below the page's
  header, and in full screen on the page's background.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["COLOURS", "TABLE_KEY", "TABLE_MIN_WIDTH", "apply", "css"]

#: Key of the container the style sheet addresses (``.st-key-<key>``).
TABLE_KEY = "paths_table"

#: Narrower than this (CSS px of the window), the path table shows one card per path.
TABLE_MIN_WIDTH = 640

#: Per page theme: the focus outline (.streamlit/config.toml's primary colour), the page
#: background (for scroll shadows) and the shadow.
COLOURS = {
    "light": {"focus": "#0072B2", "background": "#FFFFFF", "shadow": "rgba(27, 36, 48, 0.28)"},
    "dark": {"focus": "#56B4E9", "background": "#10141B", "shadow": "rgba(0, 0, 0, 0.75)"},
}

_CSS = """
.stApp :is(button, a, summary, [role="radio"], [role="switch"], [role="option"], [tabindex="0"]):focus-visible,
.stApp .katex-display:focus-visible,
.stApp :is([data-baseweb="input"], [data-baseweb="textarea"], [data-baseweb="select"] > div):focus-within,
.stApp label:has(input:is([role="switch"], [type="checkbox"]):focus-visible) {
  outline: 3px solid FOCUS !important;
  outline-offset: 2px;
}
.stApp :is(input, textarea):focus-visible { outline: none; }
.stApp .katex-display {
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
.stApp [data-testid="stMainBlockContainer"] { padding-top: 4.25rem; padding-bottom: 6rem; }
@media (min-width: 736px) {
  .stApp [data-testid="stMainBlockContainer"] { padding-left: 2.5rem; padding-right: 2.5rem; }
}
.stApp h1 { font-size: 2.1rem; padding: 0 0 0.25rem; }
.stApp .st-key-page_theme, .stApp .st-key-editor_enter { display: none; }
.stApp .st-key-expr [data-testid="InputInstructions"] { display: none; }
.stApp .st-key-expr textarea { field-sizing: content; min-height: 2.75rem; max-height: 8.5rem; }
.stApp .st-key-presenter { scroll-margin-top: 4.5rem; }
.stApp .st-key-presenter:fullscreen { background: BACKGROUND; padding: 1rem 1.5rem; overflow: auto; }
.stApp .st-key-TABLE { overflow-x: visible; background: none; }
.stApp .st-key-TABLE [data-testid="stHorizontalBlock"] { overflow: visible; }
@media (max-width: MINWIDTHpx) {
  .stApp .st-key-TABLE .st-key-path_head { display: none; }
  .stApp .st-key-TABLE [data-testid="stHorizontalBlock"] {
    flex-wrap: wrap; gap: 0.2rem 0.75rem; padding: 0.6rem 0.75rem; margin-bottom: 0.5rem;
    border: 1px solid SHADOW; border-radius: 0.5rem;
  }
  .stApp .st-key-TABLE [data-testid="stColumn"] { width: auto !important; flex: 1 1 100% !important; min-width: 0; }
  .stApp .st-key-TABLE [data-testid="stColumn"] [data-testid="stHorizontalBlock"] {
    border: none; padding: 0; margin: 0; flex-wrap: nowrap;
  }

}
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
