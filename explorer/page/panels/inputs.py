"""The page's inputs: the expression editor (Enter applies it), the input to differentiate by, and the point.

Their values come from the address or from the defaults by the rules of
:mod:`explorer.page.state`, which every callback here reports to.
"""

from __future__ import annotations

import streamlit as st

from ...calculus.result import Analysis
from .. import state
from ..calls import Request
from ..text import plain

__all__ = ["APPLY_HINT", "POINT_WIDTH", "expression", "request_for", "wrt_and_point", "wrt_input"]

PLACEHOLDER = "x + x**2   ·   sin(x + x^2)   ·   [ln(x^2), sin(3x)]   ·   u1 = x**3; y = sin(u1)"

#: Said under the editor: how to apply a change and how to start a new line.
APPLY_HINT = "**Enter** applies the expression; **Shift+Enter** starts a new line (or write `;` between statements)."

#: Pixels per number input; they wrap to as many per row as fit (two on a phone).
POINT_WIDTH = 140

#: Pixels of the input menu, on the first row of the point's numbers.
WRT_WIDTH = 200

#: A script in the page (a Streamlit v2 component of no height) that makes a plain Enter in the editor apply it,
#: as Ctrl+Enter does (Streamlit's text area applies on Ctrl+Enter only); Shift+Enter still starts a new line.
_ENTER_JS = """
export default function ({ data, parentElement }) {
  const doc = (parentElement.host || parentElement).ownerDocument || document;
  const win = doc.defaultView;
  if (win.__creEnter) return;
  win.__creEnter = true;
  doc.addEventListener('keydown', (e) => {
    const box = e.target;
    if (!(box instanceof win.HTMLTextAreaElement) || !box.closest('.st-key-' + data.key)) return;
    if (e.key !== 'Enter' || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || !e.isTrusted) return;
    e.preventDefault();  // no new line: apply, as Streamlit does on Ctrl+Enter
    box.dispatchEvent(new KeyboardEvent('keydown', {
      key: 'Enter', code: 'Enter', keyCode: 13, which: 13, ctrlKey: true, bubbles: true, cancelable: true }));
  }, true);
}
"""

_enter = st.components.v2.component("explorer_editor_enter", html="<span hidden></span>", js=_ENTER_JS)
MAX_POINT_INPUTS = 24  # more inputs than this are listed in an expander


def expression() -> str:
    """The expression editor: applied with Enter (or Ctrl+Enter, or by leaving it); Shift+Enter starts a new line."""
    st.session_state.setdefault("expr", state.DEFAULT_TEXT)
    text = st.text_area(
        "Expression",
        key="expr",
        height="content",
        placeholder=PLACEHOLDER,
        on_change=state.new_expression,
        help="Python-style arithmetic: + − * / ** (or ^), functions such as sin, ln, exp, sigmoid, "
        "relu; [f1, f2] for a vector, [[a, b], [c, d]] for a matrix and W @ x for its product; "
        "`name = expression` statements, one per line (or ; between them), for a program.",
    )
    _enter(key="editor_enter", data={"key": "expr"}, height=0)
    st.caption(APPLY_HINT)
    return text or ""


def _vector_label(name: str, entries: tuple[str, ...], dims: tuple[int, ...] = ()) -> str:
    if len(dims) == 2:  # a matrix: its shape and its corners
        return f"{name} = [[{entries[0]}, …], …, [… {entries[-1]}]] ({dims[0]}×{dims[1]})"
    shown = list(entries) if len(entries) <= 4 else [*entries[:2], "…", entries[-1]]
    return f"{name} = [{', '.join(shown)}]"


def wrt_input(base: Analysis) -> str | None:
    """The input variable, or vector or matrix of inputs (a gradient), to differentiate by."""
    if not base.inputs:
        st.selectbox("Differentiate by", ["—"], key="wrt_none", disabled=True, width=WRT_WIDTH)
        return None
    vectors = base.flow.input_vectors()
    return st.selectbox(
        "Differentiate by",
        state.wrt_choices(base),
        format_func=lambda name: _vector_label(name, vectors[name], base.flow.shape(name)) if name in vectors else name,
        key="wrt",
        on_change=state.paths_changed,
        width=WRT_WIDTH,
    )


def wrt_and_point(base: Analysis) -> tuple[str | None, dict[str, float]]:
    """The input to differentiate by and the point, on rows that wrap (many inputs: the numbers in an expander)."""
    many = len(base.inputs) > MAX_POINT_INPUTS
    with st.container(horizontal=True, wrap=True, vertical_alignment="bottom", key="point_inputs"):
        wrt = wrt_input(base)
        point = {} if many else _numbers(base)
    if many:
        with st.expander("Evaluate at", expanded=True), st.container(horizontal=True, wrap=True):
            point = _numbers(base)
    return wrt, point


def _numbers(base: Analysis) -> dict[str, float]:
    """One number input per variable, as many to a row as fit; defaults from the library."""
    point: dict[str, float] = {}
    for name in base.inputs:
        point[name] = st.number_input(
            f"{plain(name)} =",  # labels are Markdown
            value=float(base.point[name]),
            step=0.1,
            format="%g",
            key=state.POINT_KEY + name,
            on_change=state.changed,
            width=POINT_WIDTH,
        )
    return point


def request_for(base: Analysis, text: str, wrt: str | None, point: dict[str, float], share: bool) -> Request:
    """The request for the chosen wrt and point; defaults map to the base request (one cache entry)."""
    chosen = tuple((name, float(point[name])) for name in base.inputs if name in point)
    if chosen == tuple(base.point.items()):
        chosen = ()
    return Request(text, None if wrt == base.wrt else wrt, chosen, share)
