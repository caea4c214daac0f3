"""The page's calls into the library: bounded, cached at the UI boundary, on plain values only.

Each call takes a :class:`Request` (the expression, the input, the point and
the sharing switch: the same for every visitor who asks the same thing) and
returns the library's answer or a :class:`Refusal`. The analysis the graph
needs comes first (:func:`analysis`: no check, no simplification); the check
against ``sympy.diff`` and the simplification come after the page is drawn
(:func:`finished`), and a new point reuses both. Refusals are cached like
answers, so an input that was refused or ran out of time is not run again on
every rerun; only "busy" is raised, uncached, for the visitor to try again.
Caches are bounded by size in bytes (analyses, shared immutable objects, by count).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

import explorer

from .. import bounded, checking, workers
from ..calculus.differences import FiniteDifference
from ..calculus.pipeline import renumbered
from ..calculus.plot import Plot
from ..calculus.result import Analysis
from ..calculus.walkthrough import WalkStep
from ..drawing import layout
from ..errors import BusyError, CapacityError, ExplorerError, ExpressionError
from ..exports import formats
from ..exports.formats import Options
from ..teach.lessons import Lessons
from ..teach.modes import ModeFormulas
from ..teach.paths import Formulas

__all__ = [
    "CHECK_BUDGET",
    "visiting",
    "SIMPLIFY_SECONDS",
    "Refusal",
    "Request",
    "analysed",
    "analysis",
    "checked",
    "description",
    "difference",
    "download",
    "drawing",
    "finished",
    "formulas",
    "hints",
    "known_finished",
    "remember_finished",
    "mode_formulas",
    "lessons",
    "plot",
    "renderer",
    "walkthrough",
]


#: Seconds the check and the simplification get after the page is drawn: a check takes well under
#: a second, and a simplification that needs longer rarely finds anything worth the wait (it gives
#: up by itself, so the worker is not restarted; every second spent is a second other visitors wait).
CHECK_BUDGET = 2.0

#: Seconds of it ``sympy.simplify`` may take: most totals simplify in well under this, and the ones
#: that do not rarely get simpler (on two cores, 50 visitors each typing a new expression every few
#: seconds leave about this much CPU per change).
SIMPLIFY_SECONDS = 0.5


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
    >>> from explorer.language.parse import parse
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


def _moved_on(requests) -> bool:
    """Whether this session has a rerun pending that will stop its current run (Streamlit's own test, read-only:
    ``ScriptRequests.on_scriptrunner_yield``; a rerun of a fragment alone does not stop the run)."""
    try:
        state = requests._state.name
        if state == "STOP":
            return True
        data = requests._rerun_data
        return state == "RERUN" and not (data.fragment_id_queue and not data.is_fragment_scoped_rerun)
    except AttributeError:  # another Streamlit: nothing is given up, everything is still bounded
        return False


@contextmanager
def visiting() -> Iterator[None]:
    """Run the block's calls for this session: the pool gives up its heavy work once the visitor moves on.

    A new expression typed while the previous one's heavy analysis runs
    starts at once instead of waiting for it: Streamlit starts the next run of
    a session only when its current run has ended.
    """
    context = get_script_run_ctx(suppress_warning=True)
    if context is None or context.script_requests is None:
        yield
        return
    requests = context.script_requests
    with workers.visitor(context.session_id, lambda: _moved_on(requests)):
        yield


def _answer(call, *args, **kwargs):
    """``call(*args, **kwargs)``, or a Refusal for anything but a busy pool (which is raised, uncached)."""
    try:
        return call(*args, **kwargs)
    except BusyError:
        raise
    except ExplorerError as err:
        return Refusal.of(err)


#: Analyses are kept as shared objects, not copies: they are immutable, and a copy (an unpickling)
#: of a 100-term sum costs 25-40 ms on every rerun. Bounded by count; the largest accepted
#: expression's analysis pickles to a few MB.
_ANALYSES = st.cache_resource(max_entries=256, show_spinner=False)


@_ANALYSES
def analysis(request: Request) -> Analysis | Refusal:
    """The analysis of one request, unchecked and unsimplified (what the graph needs), or why there is none.

    A request with a point reuses the cached analysis without one and
    recomputes only the numbers.
    """
    if request.point:
        base = analysis(request._replace(point=()))
        if isinstance(base, Refusal):
            return base
        return _answer(explorer.reevaluate, base, dict(request.point))
    return _answer(explorer.analyze, request.text, request.wrt, share=request.share, check=False, simplify=False)


@_ANALYSES
def finished(request: Request) -> Analysis | Refusal:
    """The analysis checked against ``sympy.diff`` and simplified, as far as the budget allowed.

    Only the request without a point does symbolic work; a point re-evaluates its numbers.
    """
    if request.point:
        base = finished(request._replace(point=()))
        if isinstance(base, Refusal):
            return base
        return renumbered(base, analysed(request))  # the numbers at the point are already computed
    return _answer(bounded.verify, analysed(request), full=True, budget=CHECK_BUDGET, simplifying=SIMPLIFY_SECONDS)


def analysed(request: Request) -> Analysis:
    """The cached analysis of a request that is known to succeed."""
    result = analysis(request)
    if isinstance(result, Refusal):
        raise ExpressionError(result.message)
    return result


_DONE = "finished_requests"  # session state: requests whose check this visitor has already seen


def remember_finished(request: Request) -> None:
    """Note that :func:`finished` has an answer for ``request`` (its base, without the point)."""
    st.session_state.setdefault(_DONE, set()).add(request._replace(point=()))


def known_finished(request: Request) -> bool:
    """Whether :func:`finished` is known to answer at once: the page need not wait for it at the end."""
    return request._replace(point=()) in st.session_state.get(_DONE, set())


def _finished(request: Request) -> Analysis:
    result = finished(request)
    if isinstance(result, Refusal):
        raise ExpressionError(result.message)
    return result


@st.cache_data(max_size="128MB", show_spinner=False)
def formulas(
    request: Request, highlight: int | None = None, theme: str = "light", checked: bool = False
) -> Formulas | Refusal:
    """The LaTeX the page typesets (one path highlighted), each formula capped in size, coloured for a ``theme`` page.

    ``checked``: of the :func:`finished` analysis (with ``sympy.diff``'s answer and the simplified total).
    """
    source = _finished(request) if checked else analysed(request)
    return _answer(bounded.formulas, source, highlight, theme=theme)


@st.cache_data(max_size="16MB", show_spinner=False)
def description(request: Request, highlight: int | None = None, paths: bool = True, view: str = "paths") -> str:
    """The graph in words (its picture's alternative text), written in a worker; plain words if that fails."""
    answer = _answer(bounded.describe, analysed(request), highlight, paths=paths, view=view)
    return "Data-flow graph." if isinstance(answer, Refusal) else answer


@st.cache_data(max_size="64MB", show_spinner=False)
def mode_formulas(request: Request, theme: str = "light") -> ModeFormulas | Refusal:
    """The LaTeX of forward and reverse mode, the factoring and the gradient, coloured for a ``theme`` page."""
    return _answer(bounded.mode_formulas, analysed(request), theme=theme)


@st.cache_data(max_size="64MB", show_spinner=False)
def walkthrough(
    request: Request, mode: str, theme: str = "light"
) -> tuple[tuple[WalkStep, ...], tuple[str | None, ...]] | Refusal:
    """The walkthrough's steps in ``mode`` and each step's formula, coloured for a ``theme`` page."""
    return _answer(bounded.walk, analysed(request), mode, theme=theme)


@st.cache_data(max_size="64MB", show_spinner=False)
def lessons(request: Request) -> Lessons | Refusal:
    """The LaTeX of the teaching sections: one path against all, the formula, layers, gradient."""
    return _answer(bounded.lessons, analysed(request))


@st.cache_data(max_size="32MB", show_spinner=False)
def plot(request: Request) -> Plot | Refusal:
    """The slope picture's numbers for a request at its point: sampled in a worker, never in the server."""
    return _answer(bounded.plot, analysed(request))


@st.cache_data(max_size="16MB", show_spinner=False)
def difference(request: Request, step: float) -> tuple[FiniteDifference, ...] | Refusal:
    """The finite difference of every entry with the step Δx, from the request's point."""
    return _answer(bounded.difference, analysed(request), step)


@st.cache_data(max_size="128MB", show_spinner=False)
def drawing(request: Request, fmt: str, options: Options) -> str | bytes | Refusal:
    """The graph (or any export) of a request: drawn once, shown and downloaded as the same bytes.

    The exports that say whether the total was checked, or write the simplified total
    (:attr:`explorer.exports.formats.Format.checked`: the LaTeX, the text, the JSON, the slides),
    use the finished analysis, so that every download says what the page says.
    """
    source = _finished(request) if formats.FORMATS[fmt].checked else analysed(request)
    return _answer(explorer.export, source, fmt, options)


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
    return _answer(checking.check_answer, analysed(request), answer)


@st.cache_data(max_size="16MB", show_spinner=False)
def hints(request: Request, path: int) -> tuple[str, ...] | Refusal:
    """An exercise's hints for a request, the last one about ``path``."""
    return _answer(checking.hints, analysed(request), path)


@st.cache_data(show_spinner=False, ttl=60)
def renderer() -> str | None:
    """Which Graphviz is available: 'dot', 'graphviz-pure' or None."""
    return layout.renderer()
