"""The page's calls into the library: bounded, cached at the UI boundary, on plain values only.

Each call takes a :class:`Request` (the expression, the input, the point and
the sharing switch: the same for every visitor who asks the same thing) and
returns the library's answer or a :class:`Refusal`. Refusals are cached like
answers, so an input that was refused or ran out of time is not run again on
every rerun; only "busy" is raised, uncached, for the visitor to try again.
Caches are bounded by size in bytes.
"""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

import explorer
from explorer import bounded, formats, layout
from explorer.errors import BusyError, CapacityError, ExplorerError, ExpressionError
from explorer.formats import Options
from explorer.lesson import Difference
from explorer.lessons import Lessons
from explorer.result import Analysis
from explorer.typeset import Formulas

__all__ = [
    "Refusal",
    "Request",
    "analysed",
    "analysis",
    "checked",
    "difference",
    "download",
    "drawing",
    "formulas",
    "hints",
    "lessons",
    "renderer",
]


class Request(NamedTuple):
    """What to analyse (the cache key).

    Examples
    --------
    >>> Request("x*x", None, (("x", 2.0),), True).point
    (('x', 2.0),)
    """

    text: str
    wrt: str | None
    point: tuple[tuple[str, float], ...]
    share: bool


class Refusal(NamedTuple):
    """Why the library gave no answer: what the page needs to say so.

    ``capacity`` is True when the work was stopped (out of time or memory):
    not the visitor's mistake, and said as such.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> try:
    ...     parse("x +* 2")
    ... except ExpressionError as err:
    ...     Refusal.of(err)
    Refusal(message="'*' needs something on its left", line=1, column=4, source_line='x +* 2', capacity=False)
    """

    message: str
    line: int | None
    column: int | None
    source_line: str | None
    capacity: bool

    @classmethod
    def of(cls, err: ExplorerError) -> Refusal:
        """The parts of an error a page shows."""
        if isinstance(err, ExpressionError):
            return cls(err.message, err.line, err.column, err.source_line, False)
        return cls(err.message, None, None, None, isinstance(err, CapacityError))


def _answer(call, *args, **kwargs):
    """``call(*args, **kwargs)``, or a Refusal for anything but a busy pool (which is raised, uncached)."""
    try:
        return call(*args, **kwargs)
    except BusyError:
        raise
    except ExplorerError as err:
        return Refusal.of(err)


@st.cache_data(max_size="256MB", show_spinner=False)
def analysis(request: Request) -> Analysis | Refusal:
    """The analysis of one request, or why there is none.

    A request with a point reuses the cached analysis without one and
    recomputes only the numbers.
    """
    if request.point:
        base = analysis(request._replace(point=()))
        if isinstance(base, Refusal):
            return base
        return _answer(explorer.reevaluate, base, dict(request.point))
    return _answer(explorer.analyze, request.text, request.wrt, share=request.share)


def analysed(request: Request) -> Analysis:
    """The cached analysis of a request that is known to succeed."""
    result = analysis(request)
    if isinstance(result, Refusal):
        raise ExpressionError(result.message)
    return result


@st.cache_data(max_size="128MB", show_spinner=False)
def formulas(request: Request, highlight: int | None = None) -> Formulas | Refusal:
    """The LaTeX the page typesets (with one path highlighted), each formula capped in size."""
    return _answer(bounded.formulas, analysed(request), highlight)


@st.cache_data(max_size="64MB", show_spinner=False)
def lessons(request: Request) -> Lessons | Refusal:
    """The LaTeX of the teaching sections: one path against all, the formula, layers, gradient."""
    return _answer(bounded.lessons, analysed(request))


@st.cache_data(max_size="16MB", show_spinner=False)
def difference(request: Request, step: float) -> tuple[Difference, ...] | Refusal:
    """The finite difference of every entry with the step Δx, from the request's point."""
    return _answer(bounded.difference, analysed(request), step)


@st.cache_data(max_size="128MB", show_spinner=False)
def drawing(request: Request, fmt: str, options: Options) -> str | bytes | Refusal:
    """The graph (or any export) of a request: drawn once, shown and downloaded as the same bytes."""
    return _answer(explorer.export, analysed(request), fmt, options)


def download(request: Request, fmt: str, options: Options) -> str | bytes:
    """The bytes of a download, made when the button is clicked (in Streamlit's download thread).

    A failure becomes a short text file that says what happened: a download
    button has nowhere else to show it.
    """
    try:
        data = drawing(request, fmt, options)
    except BusyError as err:
        return f"{err.message}\n"
    if isinstance(data, Refusal):
        return f"This {formats.FORMATS[fmt].label} could not be made: {data.message}\n"
    return data


@st.cache_data(max_size="64MB", show_spinner=False)
def checked(request: Request, answer: str) -> dict | Refusal:
    """A learner's answer to a request, checked and diagnosed (the JSON form of :func:`explorer.check`)."""
    return _answer(bounded.check_answer, analysed(request), answer)


@st.cache_data(max_size="16MB", show_spinner=False)
def hints(request: Request, path: int) -> tuple[str, ...] | Refusal:
    """An exercise's hints for a request, the last one about ``path``."""
    return _answer(bounded.hints, analysed(request), path)


@st.cache_data(show_spinner=False, ttl=60)
def renderer() -> str | None:
    """Which Graphviz is available: 'dot', 'graphviz-pure' or None."""
    return layout.renderer()
