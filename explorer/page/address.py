"""The page's address as data: what a link asks for (:func:`read`) and the link of a state (:func:`address`).

Plain functions of strings and numbers, tested without a page; the page's
session (:mod:`explorer.page.state`) loads an address into the widgets and
writes it back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..calculus.factoring import MODES
from ..calculus.point import constant_value
from ..calculus.result import Analysis
from ..drawing.dot import ORIENTATIONS, THEMES
from ..drawing.labels import LABELS
from ..drawing.views import VIEWS
from ..errors import ExpressionError
from ..examples import EXAMPLES
from .registry import COLLAPSIBLE, SHOWN

__all__ = [
    "ALL_PATHS",
    "ANSWER_KEY",
    "DEFAULT_STEP",
    "DEFAULT_TEXT",
    "FOLLOW_PAGE",
    "MAX_VALUE_TEXT",
    "POINT_KEY",
    "OPEN_KEY",
    "SECTIONS",
    "SHOWN_SECTIONS",
    "STEP_KEY",
    "Link",
    "address",
    "number_text",
    "one_line",
    "read",
]

#: The expression of a bare address.
DEFAULT_TEXT = EXAMPLES[0].text

#: Number inputs are keyed at_<variable>, and so are their address parameters.
POINT_KEY = "at_"

#: The graph theme that follows the page's light or dark theme (the default).
FOLLOW_PAGE = "page"

#: The key (and address parameter) of Δx, the step of the finite difference beside one path against all.
STEP_KEY = "dx"

#: Δx when none is chosen: small, so the finite difference is close to the derivative.
DEFAULT_STEP = 0.001

#: The highlight box's value for "all paths" (a selectbox shows None as an empty choice).
ALL_PATHS = -1

#: The answer box's key, and its address parameter: a link carries the learner's answer (never the solution).
ANSWER_KEY = "answer"

#: The page's long teaching sections, by their address names: collapsible, drawn only while open.
SECTIONS = COLLAPSIBLE

#: The sections open when the address does not say (``open=`` lists them otherwise; ``open=`` alone: none).
SHOWN_SECTIONS = SHOWN

#: A section's expander is keyed open_<name>.
OPEN_KEY = "open_"

#: Longest point value read from an address (``pi/4``, ``-1.5e-3``): constant expressions are parsed.
MAX_VALUE_TEXT = 40


@dataclass(frozen=True)
class Link:
    """What an address asks for; values it could not read are left out and said in ``problems``."""

    text: str = DEFAULT_TEXT
    wrt: str | None = None
    point: Mapping[str, str] = field(default_factory=dict)
    highlight: int | None = None
    labels: str = "both"
    theme: str = FOLLOW_PAGE
    orientation: str = "auto"
    rules: bool = False
    dx: float = DEFAULT_STEP
    share: bool = True
    exercise: bool = False
    view: str = "paths"
    mode: str = "paths"
    step: int = 1
    sections: frozenset[str] = SHOWN_SECTIONS
    answer: str = ""
    problems: tuple[str, ...] = ()


def _counting(text: str) -> bool:
    """Is ``text`` a counting number of at most 12 ASCII digits (not ``0``, ``-1``, ``²``, ``١`` or 5,000 nines)?"""
    return len(text) <= 12 and text.isascii() and text.isdigit() and int(text) >= 1


#: Unknown names of one parameter a warning lists; the rest are counted.
MAX_NAMED = 5

#: Characters of a value a link asked for that a warning repeats; the rest is cut, with "…".
SHOWN_VALUE = 32


def shown(value: str) -> str:
    """A value from a link as a warning repeats it: cut to :data:`SHOWN_VALUE` characters.

    Examples
    --------
    >>> shown("loud"), shown("z" * 100)[-3:], len(shown("z" * 100))
    ('loud', 'zz…', 33)
    """
    return value if len(value) <= SHOWN_VALUE else value[:SHOWN_VALUE] + "…"


def read(params: Mapping[str, str]) -> Link:
    """Read an address's parameters (lenient: a value it cannot use is a problem, not an error).

    Examples
    --------
    >>> link = read({"expr": "x*z", "at_x": "2", "highlight": "2", "labels": "loud"})
    >>> link.text, dict(link.point), link.highlight, link.labels
    ('x*z', {'x': '2'}, 1, 'both')
    >>> link.problems
    ('labels=loud in the link is not one of both, symbolic, numeric',)
    >>> link = read({"expr": "x*x**2", "step": "3"})
    >>> link.view, link.mode, link.step
    ('steps', 'paths', 3)
    >>> sorted(read({"open": "modes,naive"}).sections), sorted(read({"open": ""}).sections)
    (['modes', 'naive'], [])
    >>> read({"expr": "x*x**2", "answer": "x**2"}).answer
    'x**2'
    """
    problems = []

    def choice(key: str, options, default: str) -> str:
        value = params.get(key, default)
        if value in options:
            return value
        problems.append(f"{key}={shown(value)} in the link is not one of {', '.join(options)}")
        return default

    highlight = None
    if "highlight" in params:
        text = params["highlight"]
        if _counting(text):
            highlight = int(text) - 1
        else:
            problems.append(f"highlight={shown(text)} in the link is not a path number")
    step = 1
    if "step" in params:
        if _counting(params["step"]):
            step = int(params["step"])
        else:
            problems.append(f"step={shown(params['step'])} in the link is not a step number")
    view = choice("view", list(VIEWS), "steps" if "step" in params else "paths")
    share = params.get("share", "true").lower()
    if share not in ("true", "false"):
        problems.append(f"share={shown(params['share'])} in the link is not true or false")
    dx = DEFAULT_STEP
    if "dx" in params:
        try:
            dx = float(params["dx"][:MAX_VALUE_TEXT])
        except ValueError:
            dx = math.nan
        if not math.isfinite(dx) or dx == 0:
            problems.append(f"dx={shown(params['dx'])} in the link is not a number other than 0")
            dx = DEFAULT_STEP
    sections = SHOWN_SECTIONS
    if "open" in params:
        names = list(dict.fromkeys(name for name in params["open"].split(",") if name))  # each name once
        sections = frozenset(name for name in names if name in SECTIONS)
        unknown = [name for name in names if name not in SECTIONS]
        if len(unknown) > MAX_NAMED:
            unknown = [*unknown[:MAX_NAMED], f"… ({len(unknown) - MAX_NAMED:,} more)"]
        for name in unknown:
            if name not in SECTIONS:
                problems.append(f"open={shown(name)} in the link is not one of {', '.join(SECTIONS)}")
    return Link(
        text=params.get("expr", DEFAULT_TEXT),
        wrt=params.get("wrt") or None,
        point={k.removeprefix(POINT_KEY): v for k, v in params.items() if k.startswith(POINT_KEY)},
        highlight=highlight,
        labels=choice("labels", list(LABELS), "both"),
        theme=choice("graph_theme", [FOLLOW_PAGE, *THEMES], FOLLOW_PAGE),
        orientation=choice("orientation", list(ORIENTATIONS), "auto"),
        rules=params.get("rules", "false").lower() == "true",
        dx=dx,
        share=share != "false",
        exercise=params.get("exercise", "false").lower() == "true",
        view=view,
        mode=choice("mode", list(MODES), "paths"),
        step=step,
        sections=sections,
        answer=one_line(params.get(ANSWER_KEY, "")),
        problems=tuple(dict.fromkeys(problems)),
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


def one_line(text: str) -> str:
    """A program's line breaks as ``; ``, which the language reads alike: a link carries no ``%0A``.

    Examples
    --------
    >>> one_line("u1 = x**3\\r\\nu2 = sin(u1)\\ny = ln(u2**2)")
    'u1 = x**3; u2 = sin(u1); y = ln(u2**2)'
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "; ".join(lines).rstrip()


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
    orientation: str = "auto",
    exercise: bool = False,
    view: str = "paths",
    mode: str = "paths",
    step: int = 1,
    rules: bool = False,
    dx: float = DEFAULT_STEP,
    sections: frozenset[str] = SHOWN_SECTIONS,
    answer: str = "",
) -> dict[str, str]:
    """The address of a state: every point value, other settings only when not at their default.

    ``base`` is the analysis at the default input and point (None when the
    expression was refused: then only the expression and the settings). The
    walkthrough's mode and step (from 1) are written only in its view; the
    open sections, in the order of :data:`SECTIONS`, only when they are not
    the default ones. The learner's answer is written after the expression,
    when there is one and the expression was read.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> address("z*x", explained("z*x"), wrt="x", point={"z": 0.5, "x": 2.0}, highlight=None,
    ...         labels="both", theme="page", share=True)
    {'expr': 'z*x', 'at_z': '0.5', 'at_x': '2'}
    >>> address("z*x", None, wrt=None, point={}, highlight=None, labels="both", theme="page", share=True,
    ...         view="steps", mode="reverse", step=4)
    {'expr': 'z*x', 'view': 'steps', 'mode': 'reverse', 'step': '4'}
    >>> address("x", None, wrt=None, point={}, highlight=None, labels="both", theme="page", share=True,
    ...         sections=frozenset({"modes", "steps"}))
    {'expr': 'x', 'open': 'steps,modes'}
    >>> address("u1 = x**3\\nu2 = sin(u1)\\n", None, wrt=None, point={}, highlight=None, labels="both",
    ...         theme="page", share=True)
    {'expr': 'u1 = x**3; u2 = sin(u1);'}
    >>> address("x*x**2", explained("x*x**2"), wrt="x", point={"x": 0.5}, highlight=None, labels="both",
    ...         theme="page", share=True, answer="x**2")
    {'expr': 'x*x**2', 'answer': 'x**2', 'at_x': '0.5'}
    """
    params = {"expr": one_line(text)}
    if base is not None and answer.strip():
        params[ANSWER_KEY] = one_line(answer)
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
    if orientation != "auto":
        params["orientation"] = orientation
    if rules:
        params["rules"] = "true"
    if dx != DEFAULT_STEP:
        params["dx"] = number_text(dx)
    if not share:
        params["share"] = "false"
    if exercise:
        params["exercise"] = "true"
    if view != "paths":
        params["view"] = view
    if view == "steps":
        if mode != "paths":
            params["mode"] = mode
        if step != 1:
            params["step"] = str(step)
    if sections != SHOWN_SECTIONS:
        params["open"] = ",".join(name for name in SECTIONS if name in sections)
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
