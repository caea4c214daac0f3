"""The page's state and its address: every state is a link, Back goes to the state before.

The address carries the whole state: ``?expr=…&wrt=…&at_x=…&highlight=…&
labels=…&graph_theme=…&rules=…&step=…&share=…``. Every value of the point is written, so a
link means the same wherever it is opened; other settings are left out when
they are at their default. The defaults are one rule, the library's
(:data:`explorer.point.DEFAULT_POINT` by order of appearance, ``wrt`` = x or
the first input), so a link without ``at_x`` still means x's default.

The widgets are not bound to the address by Streamlit. This module:

- loads the address into the widgets when it changed outside the page (a
  link opened, browser Back or Forward): :func:`begin`, then
  :func:`prepare_inputs` and :func:`prepare_highlight` once the analysis
  says which inputs and paths exist;
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

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import streamlit as st

from explorer.errors import ExpressionError
from explorer.examples import EXAMPLES
from explorer.point import constant_value
from explorer.render import LABELS, THEMES
from explorer.result import Analysis

__all__ = [
    "ALL_PATHS",
    "DEFAULT_STEP",
    "DEFAULT_TEXT",
    "FOLLOW_PAGE",
    "POINT_KEY",
    "STEP_KEY",
    "Link",
    "address",
    "begin",
    "changed",
    "end",
    "highlighted",
    "new_expression",
    "number_text",
    "paths_changed",
    "prepare_highlight",
    "prepare_inputs",
    "problems",
    "read",
    "wrt_choices",
]

#: The expression of a bare address.
DEFAULT_TEXT = EXAMPLES[0].text

#: Number inputs are keyed at_<variable>, and so are their address parameters.
POINT_KEY = "at_"

#: The graph theme that follows the page's light or dark theme (the default).
FOLLOW_PAGE = "page"

#: The key (and address parameter) of Δx, the step of the finite difference beside one path against all.
STEP_KEY = "step"

#: Δx when none is chosen: small, so the finite difference is close to the derivative.
DEFAULT_STEP = 0.001

#: The highlight box's value for "all paths" (a selectbox shows None as an empty choice).
ALL_PATHS = -1

#: Longest point value read from an address (``pi/4``, ``-1.5e-3``): constant expressions are parsed.
MAX_VALUE_TEXT = 40

_SEEN = "_address"  # the address as last read or written
_PENDING = "_pending"  # what prepare_* should load into the widgets: a Link, or _FRESH
_DIRTY = "_dirty"  # something was changed on the page this run
_FRESH = "fresh"  # a new expression: the point's and the highlight's defaults
_PROBLEMS = "_link_problems"  # what the address asked for that could not be used, this run


@dataclass(frozen=True)
class Link:
    """What an address asks for; values it could not read are left out and said in ``problems``."""

    text: str = DEFAULT_TEXT
    wrt: str | None = None
    point: Mapping[str, str] = field(default_factory=dict)
    highlight: int | None = None
    labels: str = "both"
    theme: str = FOLLOW_PAGE
    rules: bool = False
    step: float = DEFAULT_STEP
    share: bool = True
    exercise: bool = False
    problems: tuple[str, ...] = ()


def read(params: Mapping[str, str]) -> Link:
    """Read an address's parameters (lenient: a value it cannot use is a problem, not an error).

    Examples
    --------
    >>> link = read({"expr": "x*z", "at_x": "2", "highlight": "2", "labels": "loud"})
    >>> link.text, dict(link.point), link.highlight, link.labels
    ('x*z', {'x': '2'}, 1, 'both')
    >>> link.problems
    ('labels=loud in the link is not one of both, symbolic, numeric',)
    """
    problems = []

    def choice(key: str, options, default: str) -> str:
        value = params.get(key, default)
        if value in options:
            return value
        problems.append(f"{key}={value} in the link is not one of {', '.join(options)}")
        return default

    highlight = None
    if "highlight" in params:
        text = params["highlight"]
        if text.isdigit() and int(text) >= 1:
            highlight = int(text) - 1
        else:
            problems.append(f"highlight={text} in the link is not a path number")
    share = params.get("share", "true").lower()
    if share not in ("true", "false"):
        problems.append(f"share={params['share']} in the link is not true or false")
    step = DEFAULT_STEP
    if "step" in params:
        try:
            step = float(params["step"][:MAX_VALUE_TEXT])
        except ValueError:
            step = math.nan
        if not math.isfinite(step) or step == 0:
            problems.append(f"step={params['step'][:MAX_VALUE_TEXT]} in the link is not a number other than 0")
            step = DEFAULT_STEP
    return Link(
        text=params.get("expr", DEFAULT_TEXT),
        wrt=params.get("wrt") or None,
        point={k.removeprefix(POINT_KEY): v for k, v in params.items() if k.startswith(POINT_KEY)},
        highlight=highlight,
        labels=choice("labels", list(LABELS), "both"),
        theme=choice("graph_theme", [FOLLOW_PAGE, *THEMES], FOLLOW_PAGE),
        rules=params.get("rules", "false").lower() == "true",
        step=step,
        share=share != "false",
        exercise=params.get("exercise", "false").lower() == "true",
        problems=tuple(problems),
    )


def number_text(value: float) -> str:
    """A point value as an address writes it: the shortest text that reads back as the same float.

    Examples
    --------
    >>> number_text(2.0), number_text(0.1), number_text(-0.0), number_text(1e-7)
    ('2', '0.1', '0', '1e-07')
    """
    text = repr(float(value) + 0.0)  # + 0.0 turns -0.0 into 0.0
    return text.removesuffix(".0")


def address(
    text: str,
    base: Analysis | None,
    *,
    wrt: str | None,
    point: Mapping[str, float],
    highlight: int | None,
    labels: str,
    theme: str,
    share: bool,
    exercise: bool = False,
    rules: bool = False,
    step: float = DEFAULT_STEP,
) -> dict[str, str]:
    """The address of a state: every point value, other settings only when not at their default.

    ``base`` is the analysis at the default input and point (None when the
    expression was refused: then only the expression and the settings).

    Examples
    --------
    >>> from explorer.analysis import run
    >>> address("z*x", run("z*x"), wrt="x", point={"z": 0.5, "x": 2.0}, highlight=None,
    ...         labels="both", theme="page", share=True)
    {'expr': 'z*x', 'at_z': '0.5', 'at_x': '2'}
    """
    params = {"expr": text}
    if base is not None:
        if wrt is not None and wrt != base.wrt:
            params["wrt"] = wrt
        params.update({POINT_KEY + n: number_text(point.get(n, base.point[n])) for n in base.inputs})
        if highlight is not None:
            params["highlight"] = str(highlight + 1)
    if labels != "both":
        params["labels"] = labels
    if theme != FOLLOW_PAGE:
        params["graph_theme"] = theme
    if rules:
        params["rules"] = "true"
    if step != DEFAULT_STEP:
        params["step"] = number_text(step)
    if not share:
        params["share"] = "false"
    if exercise:
        params["exercise"] = "true"
    return params


def _step(value: object) -> float:
    """Δx as the address writes it: the default for none, 0 or a value that is not a finite number."""
    try:
        step = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_STEP
    return step if math.isfinite(step) and step != 0 else DEFAULT_STEP


def _value(name: str, text: str) -> float:
    if len(text) > MAX_VALUE_TEXT:
        raise ExpressionError(f"at_{name} in the link is longer than {MAX_VALUE_TEXT} characters")
    try:
        return float(text) if math.isfinite(float(text)) else constant_value(text, name)
    except ValueError:
        return constant_value(text, f"at_{name} in the link")


# -- on the page -----------------------------------------------------------------------------------


#: Settings kept while their widgets are not drawn (Streamlit forgets a widget's value when it is not drawn,
#: as happens to the graph's controls while the expression is refused).
_KEPT = ("labels", "graph_theme", "rules", STEP_KEY)


def begin() -> None:
    """At the top of a run: if the address changed outside the page, load it into the widgets."""
    st.session_state[_PROBLEMS] = ()
    for key in _KEPT:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    params = st.query_params.to_dict()
    if st.session_state.get(_SEEN) == params:
        return
    st.session_state[_SEEN] = params
    link = read(params)
    st.session_state["expr"] = link.text
    st.session_state["labels"] = link.labels
    st.session_state["graph_theme"] = link.theme
    st.session_state["rules"] = link.rules
    st.session_state[STEP_KEY] = link.step
    st.session_state["share"] = link.share
    st.session_state["exercise"] = link.exercise
    st.session_state[_PENDING] = link  # the input, the point and the highlight wait for the analysis
    st.session_state[_DIRTY] = False
    _said(link.problems)


def _said(problems) -> None:
    st.session_state[_PROBLEMS] = (*st.session_state.get(_PROBLEMS, ()), *problems)


def problems() -> tuple[str, ...]:
    """What the address asked for, this run, that could not be used (the defaults were)."""
    return st.session_state.get(_PROBLEMS, ())


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
        unusable.append(f"wrt={wanted} in the link is not an input of this expression")
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
    unusable += [f"{name} is not an input of this expression" for name in given if name not in base.point]
    _said(unusable)


def prepare_highlight(analysis: Analysis) -> None:
    """Before the highlight widget: the address's path, none for a new expression, never a stale one."""
    pending = st.session_state.pop(_PENDING, None)
    current = st.session_state.get("highlight", ALL_PATHS)
    if pending == _FRESH:
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


def highlighted() -> int | None:
    """The highlighted path's index, or None for all paths."""
    value = st.session_state.get("highlight", ALL_PATHS)
    return None if value == ALL_PATHS or not isinstance(value, int) else value


def end(text: str, base: Analysis | None) -> None:
    """At the end of a run: after a change made on the page, write the state's address (one history entry)."""
    st.session_state.pop(_PENDING, None)  # nothing left to load (the expression may have been refused)
    if not st.session_state.get(_DIRTY):
        return
    st.session_state[_DIRTY] = False
    point = {n: float(st.session_state.get(POINT_KEY + n, v)) for n, v in base.point.items()} if base else {}
    params = address(
        text,
        base,
        wrt=st.session_state.get("wrt"),
        point=point,
        highlight=highlighted(),
        labels=st.session_state.get("labels") or "both",
        theme=st.session_state.get("graph_theme") or FOLLOW_PAGE,
        share=bool(st.session_state.get("share", True)),
        exercise=bool(st.session_state.get("exercise", False)),
        rules=bool(st.session_state.get("rules", False)),
        step=_step(st.session_state.get(STEP_KEY)),
    )
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
    st.session_state[_SEEN] = params
