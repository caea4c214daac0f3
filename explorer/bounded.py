"""The library's calls, each bounded in time and memory: analyse, verify, simplify, draw, export, walk through.

Every call composes the stages in a worker process (:mod:`explorer.workers`):
the numbers of :mod:`explorer.calculus`, the words and LaTeX of
:mod:`explorer.teach`, the pictures of :mod:`explorer.drawing` and the files of
:mod:`explorer.exports`, so no input can hang the caller:
a call that runs out of time or memory raises a
:class:`~explorer.errors.CapacityError` that names the step, and a full pool
raises :class:`~explorer.errors.BusyError`. A refused input raises
:class:`~explorer.errors.ExpressionError`. The two slow, optional steps,
checking against ``sympy.diff`` and simplifying, get what is left of the
budget; when they do not finish, the answer is kept, unchecked or
unsimplified, and never refused. A learner's answer to an expression is
checked the same way (:mod:`explorer.checking`): read, compared and diagnosed within
the budget, its difference simplified in what is left.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Mapping
from dataclasses import replace

from . import tasks, workers
from .calculus import pipeline, walkthrough
from .calculus import plot as slope
from .calculus.differences import FiniteDifference
from .calculus.result import Analysis
from .calculus.weight import heavy_analysis, heavy_text
from .errors import ExhaustedError
from .exports import formats, slides
from .exports.formats import Options
from .tasks import MIN_STEP_BUDGET, SOFT_MARGIN
from .teach import lessons as teaching
from .teach import modes, paths, report
from .workers.settings import MAX_SECONDS

# fmt: off
__all__ = [
    "analyze", "describe", "difference", "draw", "export", "formulas", "frame_files", "latex", "lessons",
    "mode_formulas", "plot", "reevaluate", "simplify", "verify", "walk",
]
# fmt: on

#: Seconds a drawing or an export may take (Graphviz lays out large graphs slowly).
DRAW_BUDGET = 20.0

#: Seconds for the exports that draw every step of a walkthrough (frames, slides).
SLIDES_BUDGET = 60.0


def seconds(budget: float | None) -> float:
    """A call's budget in seconds: ``budget``, checked, or the pool's default (``EXPLORER_TIMEOUT``).

    Raises
    ------
    TypeError, ValueError
        For a budget that is not a number of seconds from more than 0 to :data:`MAX_SECONDS`.

    Examples
    --------
    >>> seconds(2)
    2.0
    """
    if budget is None:
        return workers.settings().timeout
    if isinstance(budget, bool) or not isinstance(budget, (int, float)):
        raise TypeError(f"budget must be a number of seconds, not {type(budget).__name__}")
    if not (math.isfinite(budget) and 0 < budget <= MAX_SECONDS):
        raise ValueError(f"budget must be a number of seconds from more than 0 to {MAX_SECONDS:g}, not {budget!r}")
    return float(budget)


def analyze(
    text: str,
    wrt: str | None = None,
    at: Mapping[str, object] | str | None = None,
    *,
    share: bool = True,
    max_paths: int = pipeline.MAX_PATHS,
    budget: float | None = None,
    check: bool = True,
    simplify: bool = True,
) -> Analysis:
    """Analyse an expression: its data-flow graph, paths, totals and their check.

    Parameters
    ----------
    text : str
        An expression (``x + x**2``), a vector (``[ln(x**2), sin(3x)]``) or a
        program of intermediate variables (``u1 = x**3; y = sin(u1)``).
    wrt : str, optional
        The input to differentiate by: ``x`` when present, else the first.
    at : Mapping[str, float or str] or str, optional
        Values of the inputs (``{"x": 0.5}`` or ``"x=0.5, w=2"``); numbers
        or constant expressions (``pi/4``). Unset inputs take
        :data:`explorer.calculus.point.DEFAULT_POINT`.
    share : bool, default True
        One node for identical subexpressions.
    max_paths : int
        How many paths to list; all are counted.
    budget : float, optional
        Wall-clock seconds for the whole call (default
        :attr:`explorer.workers.Settings.timeout`, 5 s, or ``EXPLORER_TIMEOUT``).
    check : bool, default True
        Compare the totals with ``sympy.diff`` in what is left of the budget:
        symbolically where that is small, else at the point and at random
        points (``verification`` says which).
    simplify : bool, default True
        Simplify the totals cheaply in what is left after that
        (``factor_terms``, ``cancel``, ``trigsimp``; :func:`simplify` adds
        ``sympy.simplify``).

    Returns
    -------
    Analysis

    Raises
    ------
    ExpressionError
        Input outside the language, with the column where it goes wrong, or
        a point that is not a number, naming the variable.
    TimedOutError, OutOfMemoryError
        The analysis needed more than the budget or the memory limit; the
        message says which step and what to try.
    BusyError
        Every worker stayed busy.
    ValueError, TypeError
        For a budget that is not a number of seconds, ``max_paths`` that
        is not a whole number, ``wrt`` that is not a name or ``share`` that is not a bool.

    Notes
    -----
    The graph, paths, totals and values come first, with the whole budget.
    The check and the simplification then get what is left, in the same
    worker call, and stop themselves before it ends; if either does, the
    answer is kept (``verification='unchecked'``, ``simplified=False``).

    Examples
    --------
    >>> a = analyze("x*x**2")
    >>> a.rule, a.path_count, a.total, a.verified
    ('total-derivative', 2, 3*x**2, True)
    >>> [str(p.product) for p in a.paths]
    ['2*x**2', 'u1']
    >>> analyze("[ln(x**2), sin(3*x)]").total
    [2/x, 3*cos(3*x)]
    """
    budget = seconds(budget)
    if isinstance(max_paths, bool) or not isinstance(max_paths, int) or max_paths < 0:
        raise TypeError(f"max_paths must be a whole number of at least 0, not {max_paths!r}")
    if wrt is not None and not isinstance(wrt, str):
        raise TypeError(f"wrt must be the name of an input (a string) or None, not {type(wrt).__name__}")
    if not isinstance(share, bool):
        raise TypeError(f"share must be True or False, not {type(share).__name__}")
    at = dict(at) if isinstance(at, Mapping) else at
    with workers.slot(heavy=heavy_text(text)) as worker:
        worker.ready()  # waiting for a free worker, or for it to start, is not the expression's fault
        soft = budget - SOFT_MARGIN
        try:
            found = worker.run(
                tasks.analyze_task, text, wrt, at, share, max_paths, check, simplify, soft, timeout=budget
            )
        except ExhaustedError:
            if worker.partial is None:  # the analysis itself was stopped
                raise
            return worker.partial  # the check or the simplification was: the answer stays, unchecked
        return found if isinstance(found, Analysis) else replace(worker.partial, **found)


def _finish(
    worker,
    result: Analysis,
    check: bool,
    simplify: bool,
    deadline: float,
    simplifying: float | None = None,
    full: bool = False,
) -> Analysis:
    """Check, then simplify (``sympy.simplify`` too if ``full``, for at most ``simplifying`` seconds), in what is
    left until ``deadline``; a step that is stopped, or stops itself, leaves the answer as it was."""
    for wanted, task, step in ((check, tasks.verify_task, "checking"), (simplify, tasks.simplify_task, "simplifying")):
        remaining = deadline - time.monotonic()
        if wanted and remaining > MIN_STEP_BUDGET:
            soft = remaining - SOFT_MARGIN  # it stops itself before the worker would be stopped (and restarted)
            if task is tasks.simplify_task:
                soft = min(soft, simplifying or math.inf)
            with contextlib.suppress(ExhaustedError):  # keep the answer, unchecked or unsimplified
                result = worker.run(task, result, soft, full, timeout=remaining, step=step)
    return result


def verify(
    result: Analysis,
    *,
    simplify: bool = True,
    full: bool = False,
    budget: float | None = None,
    simplifying: float | None = None,
) -> Analysis:
    """Compare an analysis with ``sympy.diff``, then simplify its totals, in one worker and one budget.

    The simplification is cheap rewriting (:func:`explorer.calculus.verify.simplify`); ``full`` adds
    ``sympy.simplify``. ``simplifying`` caps the seconds the simplification may take (it then gives up
    by itself); the page keeps it short, since every second it spends is a second other visitors wait.

    The slow, optional steps of :func:`analyze` on their own, for a caller
    that showed the unchecked answer first. Never refuses: a step that runs
    out of time leaves the analysis unchecked or unsimplified.

    Examples
    --------
    >>> a = analyze("ln(sin(x**3)**2)", check=False, simplify=False)
    >>> a.verification, verify(a).verification, verify(a).total
    ('unchecked', 'symbolic', 6*x**2/tan(x**3))
    """
    budget = seconds(budget)
    with workers.slot(heavy=heavy_analysis(result)) as worker:
        worker.ready()
        return _finish(worker, result, True, simplify, time.monotonic() + budget, simplifying, full)


def reevaluate(result: Analysis, at: Mapping[str, object] | str | None, *, budget: float | None = None) -> Analysis:
    """The same analysis at another point: only the numbers are recomputed (in a worker).

    Examples
    --------
    >>> a = analyze("x*x**2")
    >>> a.total_values, reevaluate(a, {"x": 2}).total_values
    ((0.75,), (12.0,))
    """
    at = dict(at) if isinstance(at, Mapping) else at
    return workers.run(
        pipeline.revalue, result, at, timeout=seconds(budget), step="evaluating at the point", hint="try another point"
    )


def simplify(result: Analysis, *, budget: float | None = None) -> Analysis:
    """The analysis with its totals simplified: cheap rewriting, then ``sympy.simplify`` (in a worker).

    Raises
    ------
    TimedOutError
        Simplification did not finish in time; the unsimplified totals stand.

    Examples
    --------
    >>> simplify(analyze("ln(sin(x**3)**2)", simplify=False)).total
    6*x**2/tan(x**3)
    """
    heavy = heavy_analysis(result)
    return workers.run(tasks.simplify_task, result, timeout=seconds(budget), step="simplifying the total", heavy=heavy)


def export(result: Analysis, fmt: str, options: Options | None = None, *, budget: float | None = None) -> str | bytes:
    """Write an analysis in one of :data:`explorer.exports.formats.FORMATS` (in a worker).

    Examples
    --------
    >>> export(analyze("x*x"), "dot").startswith('digraph "chain rule"')
    True
    """
    kind = formats.FORMATS.get(fmt, formats.FORMATS["svg"])
    if budget is None:
        budget = SLIDES_BUDGET if kind.every_step else DRAW_BUDGET
    budget = seconds(budget)
    step = "drawing the graph" if kind.needs_renderer else f"writing {fmt}"
    if kind.every_step:
        step = "drawing every step of the walkthrough"
    hint, heavy = "try a smaller expression", kind.every_step or heavy_analysis(result)
    return workers.run(formats.export, result, fmt, options, timeout=budget, step=step, hint=hint, heavy=heavy)


def draw(result: Analysis, options: Options | None = None, *, budget: float | None = None) -> str:
    """The graph as SVG, laid out by Graphviz (in a worker).

    Examples
    --------
    >>> "<svg" in draw(analyze("sin(x**2)"))
    True
    """
    return export(result, "svg", options, budget=budget)


def latex(result: Analysis, *, budget: float | None = None) -> str:
    r"""The derivation as a standalone LaTeX document (in a worker): see :func:`explorer.exports.document.document`.

    Examples
    --------
    >>> latex(analyze("x*x**2")).splitlines()[2]
    '\\documentclass[11pt]{article}'
    """
    return export(result, "latex", budget=budget)


def lessons(result: Analysis, *, budget: float | None = None) -> teaching.Lessons:
    """What the page's teaching sections typeset for an analysis (in a worker): :func:`explorer.teach.lessons.lessons`.

    Examples
    --------
    >>> lessons(analyze("x + x**2")).naive[0] is not None
    True
    """
    budget = DRAW_BUDGET if budget is None else seconds(budget)
    heavy = heavy_analysis(result)
    return workers.run(teaching.lessons, result, timeout=budget, step="writing the lessons", heavy=heavy)


def difference(result: Analysis, step: float, *, budget: float | None = None) -> tuple[FiniteDifference, ...]:
    """The finite difference of every entry of the derivative with the step Δx, from the point (in a worker).

    As the paper checks x + x² at x = 1 with Δx = 1: y goes from 2 to 6.

    Raises
    ------
    ValueError
        For a step that is zero or not a finite number.

    Examples
    --------
    >>> (d,) = difference(analyze("x + x**2", at={"x": 1}), 1.0)
    >>> d.before, d.after, d.estimate
    (2.0, 6.0, 4.0)
    """
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not math.isfinite(step) or step == 0:
        raise ValueError(f"the step must be a finite number other than 0, not {step!r}")
    return workers.run(
        tasks.difference_task, result, float(step), timeout=seconds(budget), step="evaluating the difference"
    )


def plot(result: Analysis, *, budget: float | None = None) -> slope.Plot:
    """The slope picture's numbers (in a worker): f near the point, its tangent, each path's line, f′.

    Sampling evaluates the whole graph at every sample: :func:`explorer.calculus.plot.plot`.

    Examples
    --------
    >>> curve = plot(analyze("x + x**2", at={"x": 1})).curves[0]
    >>> curve.slope, [slope for _, slope in curve.paths], len(curve.f)
    (3.0, [2.0, 1.0], 61)
    """
    budget = DRAW_BUDGET if budget is None else seconds(budget)
    step, heavy = "sampling f near the point", heavy_analysis(result)
    return workers.run(slope.plot, result, timeout=budget, step=step, hint="try another point", heavy=heavy)


def describe(
    result: Analysis,
    highlight: int | None = None,
    *,
    paths: bool = True,
    view: str = "paths",
    budget: float | None = None,
) -> str:
    """The graph in words, the alternative text of its picture (in a worker): see
    :func:`explorer.teach.report.graph_description`.

    Examples
    --------
    >>> describe(analyze("x + x**2")).startswith("Data-flow graph. Total-derivative chain rule")
    True
    """
    return workers.run(
        report.graph_description,
        result,
        highlight=highlight,
        paths=paths,
        view=view,
        timeout=DRAW_BUDGET if budget is None else seconds(budget),
        step="describing the graph",
        heavy=heavy_analysis(result),
    )


def formulas(
    result: Analysis, highlight: int | None = None, *, theme: str = "light", budget: float | None = None
) -> paths.Formulas:
    """What the page typesets (in a worker): one path highlighted, each formula capped in size, coloured for a
    ``theme`` page."""
    budget = DRAW_BUDGET if budget is None else seconds(budget)
    step, heavy = "writing the formulas", heavy_analysis(result)
    return workers.run(paths.formulas, result, highlight, theme, timeout=budget, step=step, heavy=heavy)


def mode_formulas(result: Analysis, *, theme: str = "light", budget: float | None = None) -> modes.ModeFormulas:
    """What the page typesets for forward and reverse mode (in a worker): :func:`explorer.teach.modes.mode_formulas`.

    Examples
    --------
    >>> len(mode_formulas(analyze("x*x**2")).forward)
    3
    """
    budget = DRAW_BUDGET if budget is None else seconds(budget)
    step, heavy = "writing the accumulation", heavy_analysis(result)
    return workers.run(modes.mode_formulas, result, theme, timeout=budget, step=step, heavy=heavy)


def walk(
    result: Analysis, mode: str = "paths", *, theme: str = "light", budget: float | None = None
) -> tuple[tuple[walkthrough.WalkStep, ...], tuple[str | None, ...]]:
    """The walkthrough's steps in ``mode`` and each step's formula, coloured for a ``theme`` page (in a worker).

    Raises
    ------
    TooLargeError
        When the walkthrough would be longer than :data:`explorer.calculus.walkthrough.MAX_STEPS`.
    ExpressionError
        For forward mode by a vector of inputs.

    Examples
    --------
    >>> steps, formulas = walk(analyze("x*x**2"), "forward")
    >>> len(steps) == len(formulas) == 7
    True
    """
    budget = DRAW_BUDGET if budget is None else seconds(budget)
    step, heavy = "writing the walkthrough", heavy_analysis(result)
    return workers.run(tasks.walk_task, result, mode, theme, timeout=budget, step=step, heavy=heavy)


def frame_files(
    result: Analysis, options: Options | None = None, *, budget: float | None = None
) -> tuple[tuple[str, bytes], ...]:
    """Every step of the walkthrough in ``options.mode`` as a 16:9 PNG file, and ``steps.txt`` (in a worker).

    The same files as the ``frames`` export's ZIP: :func:`explorer.exports.slides.frame_files`.

    Examples
    --------
    >>> [name for name, _ in frame_files(analyze("x*x"), Options(scale=1))][-2:]
    ['step-5.png', 'steps.txt']
    """
    options = options or Options()
    budget = SLIDES_BUDGET if budget is None else seconds(budget)
    return workers.run(
        slides.frame_files,
        result,
        options.mode,
        labels=options.labels,
        theme=options.theme,
        scale=options.scale,
        timeout=budget,
        step="drawing every step of the walkthrough",
        hint="try a smaller expression",
        heavy=True,
    )
