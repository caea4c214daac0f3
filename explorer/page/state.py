"""The page's state and its address: every state is a link, Back goes to the state before.

The address carries the whole state: ``?expr=…&answer=…&wrt=…&at_x=…&highlight=…&
labels=…&graph_theme=…&orientation=…&rules=…&dx=…&share=…&view=…&mode=…&step=…&open=…``; a link with
``step=`` alone opens the walkthrough at that step, and one with ``answer=`` opens with that answer in
the box, checked. Every value of the point is written, so a
link means the same wherever it is opened; other settings are left out when
they are at their default. The defaults are one rule, the library's
(:data:`explorer.calculus.point.DEFAULT_POINT` by order of appearance, ``wrt`` = x or
the first input), so a link without ``at_x`` still means x's default.

The widgets are not bound to the address by Streamlit. This module:

- loads the address into the widgets when it changed outside the page (a
  link opened, browser Back or Forward): :func:`begin`, then
  :func:`prepare_inputs` and :func:`prepare_highlight` once the analysis
  says which inputs and paths exist;
- checks a linked walkthrough step against the walkthrough's length once
  it is known: :func:`prepare_step`;
- resets what belonged to the old expression when a new one is applied (the
  point to the new expression's defaults, the highlight to all paths; the
  input differentiated by stays when it still exists): :func:`new_expression`;
- after a change made on the page, writes the whole address once
  (:func:`end`). Streamlit pushes a browser-history entry for an address
  written from Python, so each change is one step of Back and Forward.

The reading and writing of addresses are plain functions (:func:`read`,
:func:`address`), tested without a page.
"""

from __future__ import annotations

import streamlit as st

from ..calculus.result import Analysis
from ..errors import ExpressionError
from .address import (
    ALL_PATHS,
    ANSWER_KEY,
    DEFAULT_STEP,
    DEFAULT_TEXT,
    FOLLOW_PAGE,
    OPEN_KEY,
    POINT_KEY,
    SECTIONS,
    STEP_KEY,
    Link,
    _step,
    _value,
    address,
    number_text,
    read,
    shown,
)

__all__ = [
    "ALL_PATHS",
    "ANSWER_KEY",
    "DEFAULT_STEP",
    "DEFAULT_TEXT",
    "FOLLOW_PAGE",
    "POINT_KEY",
    "STEP_KEY",
    "Link",
    "address",
    "begin",
    "changed",
    "choice",
    "dx",
    "end",
    "highlight_path",
    "highlighted",
    "link",
    "linked_answer",
    "new_expression",
    "number_text",
    "open_sections",
    "paths_changed",
    "prepare_highlight",
    "prepare_inputs",
    "prepare_step",
    "problems",
    "read",
    "wrt_choices",
]

_SEEN = "_address"  # the address as last read or written
_PENDING = "_pending"  # what prepare_* should load into the widgets: a Link, or _FRESH
_DIRTY = "_dirty"  # something was changed on the page this run
_FRESH = "fresh"  # a new expression: the point's and the highlight's defaults
_PROBLEMS = "_link_problems"  # what the address asked for that could not be used, until the page changes
_LINKED_STEP = "_linked_step"  # the walkthrough step a link asked for, until prepare_step checks it
_LINKED_ANSWER = "_linked_answer"  # the answer a link asked for, until the answer box is drawn


# -- on the page -----------------------------------------------------------------------------------


#: Settings kept while their widgets are not drawn (Streamlit forgets a widget's value when it is not drawn,
#: as happens to the graph's controls while the expression is refused).
_KEPT = (
    "labels",
    "graph_theme",
    "orientation",
    "rules",
    STEP_KEY,
    "view",
    "mode",
    "step",
    *(OPEN_KEY + name for name in SECTIONS),
)


def begin() -> None:
    """At the top of a run: if the address changed outside the page, load it into the widgets.

    What the link asked for that could not be used stays said until the page is changed or another
    address is loaded: the reruns that follow a link's first run (the viewer reporting its room) keep it.
    """
    for key in _KEPT:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    params = st.query_params.to_dict()
    if st.session_state.get(_SEEN) == params:
        return
    st.session_state[_SEEN] = params
    st.session_state[_PROBLEMS] = ()
    link = read(params)
    st.session_state["expr"] = link.text
    st.session_state["labels"] = link.labels
    st.session_state["graph_theme"] = link.theme
    st.session_state["orientation"] = link.orientation
    st.session_state["rules"] = link.rules
    st.session_state[STEP_KEY] = link.dx
    st.session_state["share"] = link.share
    st.session_state["exercise"] = link.exercise
    st.session_state["view"] = link.view
    st.session_state["mode"] = link.mode
    st.session_state["step"] = link.step
    st.session_state[_LINKED_STEP] = link.step
    st.session_state[_LINKED_ANSWER] = link.answer
    for name in SECTIONS:
        st.session_state[OPEN_KEY + name] = name in link.sections
    st.session_state[_PENDING] = link  # the input, the point and the highlight wait for the analysis
    st.session_state[_DIRTY] = False
    _said(link.problems)


def _said(problems) -> None:
    st.session_state[_PROBLEMS] = (*st.session_state.get(_PROBLEMS, ()), *problems)


def problems() -> tuple[str, ...]:
    """What the address asked for, this run, that could not be used (the defaults were)."""
    return st.session_state.get(_PROBLEMS, ())


def choice(label: str, table: dict[str, str], key: str, default: str, help: str | None = None) -> str | None:
    """One key of ``table``, shown by its name on a row of buttons; choosing one is written to the address."""
    return st.segmented_control(
        label,
        list(table),
        format_func=table.get,
        default=default,
        required=True,
        key=key,
        on_change=changed,
        help=help,
    )


def changed() -> None:
    """Widget callback: a change made on the page, to be written to the address at the end of the run."""
    st.session_state[_DIRTY] = True


def paths_changed() -> None:
    """Callback of the input and the merging switch: the paths are others, so no path stays highlighted."""
    st.session_state["highlight"] = ALL_PATHS
    changed()


def new_expression(text: str | None = None, wrt: str | None = None) -> None:
    """Callback of the expression box and the gallery: a new expression resets what belonged to the old one."""
    if text is not None:
        st.session_state["expr"] = text
    if wrt is not None:
        st.session_state["wrt"] = wrt
    st.session_state["step"] = 1  # the walkthrough starts again (its view and mode stay)
    st.session_state[_PENDING] = _FRESH
    st.session_state[_DIRTY] = True


def wrt_choices(base: Analysis) -> list[str]:
    """What the page can differentiate by: each vector of inputs (a gradient), then each input."""
    return [*base.flow.input_vectors(), *base.inputs]


def prepare_inputs(base: Analysis) -> None:
    """Before the input and point widgets: load the address's or the new expression's values into them."""
    pending = st.session_state.get(_PENDING)
    unusable: list[str] = []
    if pending is None:
        # a rerun: keep the widgets' values, but never a stale input (the expression changed under it)
        if st.session_state.get("wrt") not in wrt_choices(base):
            st.session_state["wrt"] = base.wrt
        for name, default in base.point.items():
            st.session_state.setdefault(POINT_KEY + name, default)
        return
    wanted = pending.wrt if isinstance(pending, Link) else st.session_state.get("wrt")
    choices = wrt_choices(base)
    if isinstance(pending, Link) and wanted is not None and wanted not in choices:
        unusable.append(f"wrt={shown(wanted)} in the link is not an input of this expression")
    st.session_state["wrt"] = wanted if wanted in choices else base.wrt
    given = pending.point if isinstance(pending, Link) else {}
    for name, default in base.point.items():
        value = default
        if name in given:
            try:
                value = _value(name, given[name])
            except ExpressionError as err:
                unusable.append(f"{err.message}; {name} = {default:g} is used")
        st.session_state[POINT_KEY + name] = value
    unusable += [f"{shown(name)} is not an input of this expression" for name in given if name not in base.point]
    _said(unusable)


def prepare_highlight(analysis: Analysis, exercise: bool = False) -> None:
    """Before the highlight widget: the address's path, none for a new expression, never a stale one.

    In an exercise a linked highlight is not used (it would show a path), and the warning says so without
    a word about the expression's paths: "(it has 2)" would be a hint.
    """
    pending = st.session_state.pop(_PENDING, None)
    current = st.session_state.get("highlight", ALL_PATHS)
    if pending == _FRESH:
        current = ALL_PATHS
    elif isinstance(pending, Link) and exercise and pending.highlight is not None:
        _said([f"highlight={pending.highlight + 1} in the link is not used: an exercise shows no path until solved"])
        current = ALL_PATHS
    elif isinstance(pending, Link):
        current = ALL_PATHS if pending.highlight is None else pending.highlight
    if current != ALL_PATHS and not (isinstance(current, int) and 0 <= current < len(analysis.paths)):
        st.session_state["highlight"] = ALL_PATHS
        if isinstance(pending, Link):
            paths = len(analysis.paths)
            _said([f"highlight={current + 1} in the link is not a path of this expression (it has {paths})"])
        return
    st.session_state["highlight"] = current


def highlight_path(k: int | None) -> None:
    """Callback of a click on the graph or a path's row: highlight path ``k`` (again: all paths).

    Runs before the script, so the "Highlight" box shows the new choice; the address follows.
    """
    current = st.session_state.get("highlight", ALL_PATHS)
    st.session_state["highlight"] = ALL_PATHS if k is None or current == k else k
    changed()


def prepare_step(count: int) -> None:
    """Before the step widget: keep the step within the walkthrough's ``count`` steps (a link's, said if not)."""
    linked = st.session_state.pop(_LINKED_STEP, None)
    current = st.session_state.get("step", 1)
    if isinstance(current, int) and 1 <= current <= count:
        return
    st.session_state["step"] = min(max(current, 1), count) if isinstance(current, int) else 1
    if linked is not None and linked == current:
        last = f"step {count} is shown"
        _said([f"step={current} in the link is past the last step of this walkthrough ({count}); {last}"])


def highlighted() -> int | None:
    """The highlighted path's index, or None for all paths."""
    value = st.session_state.get("highlight", ALL_PATHS)
    return None if value == ALL_PATHS or not isinstance(value, int) else value


def dx() -> float:
    """Δx of "why one path is not enough", as the page has it (its default when the box was never drawn)."""
    return _step(st.session_state.get(STEP_KEY))


def open_sections() -> frozenset[str]:
    """The teaching sections open now."""
    return frozenset(name for name in SECTIONS if st.session_state.get(OPEN_KEY + name))


def linked_answer() -> str | None:
    """The answer an address asked for, once (None when no address was loaded since)."""
    return st.session_state.pop(_LINKED_ANSWER, None)


def link(text: str, base: Analysis | None) -> dict[str, str]:
    """The address of the page's state now: the parameters a link to it carries."""
    point = {n: float(st.session_state.get(POINT_KEY + n, v)) for n, v in base.point.items()} if base else {}
    return address(
        text,
        base,
        wrt=st.session_state.get("wrt"),
        point=point,
        highlight=highlighted(),
        labels=st.session_state.get("labels") or "both",
        theme=st.session_state.get("graph_theme") or FOLLOW_PAGE,
        orientation=st.session_state.get("orientation") or "auto",
        share=bool(st.session_state.get("share", True)),
        exercise=bool(st.session_state.get("exercise", False)),
        view=st.session_state.get("view") or "paths",
        mode=st.session_state.get("mode") or "paths",
        step=int(st.session_state.get("step") or 1),
        rules=bool(st.session_state.get("rules", False)),
        dx=dx(),
        sections=open_sections(),
        answer=st.session_state.get(ANSWER_KEY) or "",
    )


def end(text: str, base: Analysis | None) -> None:
    """At the end of a run: after a change made on the page, write the state's address (one history entry)."""
    st.session_state.pop(_PENDING, None)  # nothing left to load (the expression may have been refused)
    st.session_state.pop(_LINKED_STEP, None)  # checked, or not in the walkthrough's view
    st.session_state.pop(_LINKED_ANSWER, None)  # used, or there was no answer box
    if not st.session_state.get(_DIRTY):
        return
    st.session_state[_DIRTY] = False
    st.session_state[_PROBLEMS] = ()  # said about the link this page no longer shows
    params = link(text, base)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
    st.session_state[_SEEN] = params
