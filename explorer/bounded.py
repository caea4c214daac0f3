"""The library's calls, each bounded in time and memory: analyze, reevaluate, simplify, draw, latex, export, check.

Every call runs its in-process counterpart (:mod:`explorer.analysis`,
:mod:`explorer.verify`, :mod:`explorer.formats`, :mod:`explorer.typeset`) in
a worker process (:mod:`explorer.workers`), so no input can hang the caller:
a call that runs out of time or memory raises a
:class:`~explorer.errors.CapacityError` that names the step, and a full pool
raises :class:`~explorer.errors.BusyError`. A refused input raises
:class:`~explorer.errors.ExpressionError`. The two slow, optional steps,
checking against ``sympy.diff`` and simplifying, get what is left of the
budget; when they do not finish, the answer is kept, unchecked or
unsimplified, and never refused. A learner's answer to an expression is
checked the same way (:func:`check`): read, compared and diagnosed within
the budget, its difference simplified in what is left.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Mapping

from . import analysis, diagnose, feedback, formats, numeric, typeset, verify, workers
from . import lessons as lessons_
from .errors import ExhaustedError
from .formats import Options
from .lesson import Difference
from .result import Analysis
from .workers.settings import MAX_SECONDS

# fmt: off
__all__ = [
    "analyze", "check", "check_answer", "difference", "draw", "export", "formulas", "hints", "latex", "lessons",
    "reevaluate", "simplify",
]
# fmt: on

#: Seconds of budget below which an optional step is not even started: a step that is stopped
#: costs a worker restart (a fresh process importing sympy).
MIN_STEP_BUDGET = 0.5

#: Seconds a drawing or an export may take (Graphviz lays out large graphs slowly).
DRAW_BUDGET = 20.0


def _budget(budget: float | None) -> float:
    if budget is None:
        return workers.settings().timeout
    if isinstance(budget, bool) or not isinstance(budget, (int, float)):
        raise TypeError(f"budget must be a number of seconds, not {type(budget).__name__}")
    if not (math.isfinite(budget) and 0 < budget <= MAX_SECONDS):
        raise ValueError(f"budget must be a number of seconds from more than 0 to {MAX_SECONDS:g}, not {budget!r}")
    return float(budget)


def _analyze_task(text, wrt, at, share, max_paths) -> Analysis:
    return analysis.run(text, wrt, at, share=share, max_paths=max_paths, progress=workers.report)


def _verify_task(result: Analysis) -> Analysis:
    return verify.verify(result, progress=workers.report)


def _simplify_task(result: Analysis) -> Analysis:
    return analysis.simplified(result, progress=workers.report)


def analyze(
    text: str,
    wrt: str | None = None,
    at: Mapping[str, object] | str | None = None,
    *,
    share: bool = True,
    max_paths: int = analysis.MAX_PATHS,
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
        :data:`explorer.point.DEFAULT_POINT`.
    share : bool, default True
        One node for identical subexpressions.
    max_paths : int
        How many paths to list; all are counted.
    budget : float, optional
        Wall-clock seconds for the whole call (default
        :attr:`explorer.workers.Settings.timeout`, 5 s, or ``EXPLORER_TIMEOUT``).
    check : bool, default True
        Compare the totals with ``sympy.diff`` in what is left of the budget.
    simplify : bool, default True
        Simplify the totals in what is left after that.

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
        For a budget that is not a number of seconds, or ``max_paths`` that
        is not a whole number.

    Notes
    -----
    The graph, paths, totals and values come first, with the whole budget.
    The check and the simplification then get what is left; if either is
    stopped, the answer is kept (``verification='unchecked'``,
    ``simplified=False``).

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
    budget = _budget(budget)
    if isinstance(max_paths, bool) or not isinstance(max_paths, int) or max_paths < 0:
        raise TypeError(f"max_paths must be a whole number of at least 0, not {max_paths!r}")
    at = dict(at) if isinstance(at, Mapping) else at
    with workers.slot() as worker:
        worker.ready()
        start = time.monotonic()  # waiting for a free worker, or for it to start, is not the expression's fault
        result = worker.run(_analyze_task, text, wrt, at, share, max_paths, timeout=budget)
        for wanted, task, step in ((check, _verify_task, "checking"), (simplify, _simplify_task, "simplifying")):
            remaining = budget - (time.monotonic() - start)
            if wanted and remaining > MIN_STEP_BUDGET:
                with contextlib.suppress(ExhaustedError):  # keep the answer, unchecked or unsimplified
                    result = worker.run(task, result, timeout=remaining, step=step)
    return result


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
        analysis.revalue, result, at, timeout=_budget(budget), step="evaluating at the point", hint="try another point"
    )


def simplify(result: Analysis, *, budget: float | None = None) -> Analysis:
    """The analysis with its totals simplified by ``sympy.simplify`` (in a worker).

    Raises
    ------
    TimedOutError
        Simplification did not finish in time; the unsimplified totals stand.

    Examples
    --------
    >>> simplify(analyze("ln(sin(x**3)**2)", simplify=False)).total
    6*x**2/tan(x**3)
    """
    return workers.run(_simplify_task, result, timeout=_budget(budget), step="simplifying the total")


def export(result: Analysis, fmt: str, options: Options | None = None, *, budget: float | None = None) -> str | bytes:
    """Write an analysis in one of :data:`explorer.formats.FORMATS` (in a worker).

    Examples
    --------
    >>> export(analyze("x*x"), "dot").startswith('digraph "chain rule"')
    True
    """
    budget = DRAW_BUDGET if budget is None else _budget(budget)
    step = "drawing the graph" if formats.FORMATS.get(fmt, formats.FORMATS["svg"]).needs_renderer else f"writing {fmt}"
    return workers.run(formats.export, result, fmt, options, timeout=budget, step=step, hint="try a smaller expression")


def draw(result: Analysis, options: Options | None = None, *, budget: float | None = None) -> str:
    """The graph as SVG, laid out by Graphviz (in a worker).

    Examples
    --------
    >>> "<svg" in draw(analyze("sin(x**2)"))
    True
    """
    return export(result, "svg", options, budget=budget)


def latex(result: Analysis, *, budget: float | None = None) -> str:
    r"""The derivation as a standalone LaTeX document (in a worker): see :func:`explorer.texdoc.document`.

    Examples
    --------
    >>> latex(analyze("x*x**2")).splitlines()[2]
    '\\documentclass[11pt]{article}'
    """
    return export(result, "latex", budget=budget)


def formulas(result: Analysis, highlight: int | None = None, *, budget: float | None = None) -> typeset.Formulas:
    """What the page typesets for an analysis (one path highlighted), each formula capped in size (in a worker)."""
    budget = DRAW_BUDGET if budget is None else _budget(budget)
    return workers.run(typeset.formulas, result, highlight, timeout=budget, step="writing the formulas")


def lessons(result: Analysis, *, budget: float | None = None) -> lessons_.Lessons:
    """What the page's teaching sections typeset for an analysis (in a worker): see :func:`explorer.lessons.lessons`.

    Examples
    --------
    >>> lessons(analyze("x + x**2")).naive[0] is not None
    True
    """
    budget = DRAW_BUDGET if budget is None else _budget(budget)
    return workers.run(lessons_.lessons, result, timeout=budget, step="writing the lessons")


def _difference_task(result: Analysis, step: float) -> tuple[Difference, ...]:
    point = dict(result.point)
    return numeric.differences(result.flow, point, result.wrt_inputs, step)


def difference(result: Analysis, step: float, *, budget: float | None = None) -> tuple[Difference, ...]:
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
    return workers.run(_difference_task, result, float(step), timeout=_budget(budget), step="evaluating the difference")


# -- a learner's answer ------------------------------------------------------------------------------------


def _diagnose_task(result: Analysis, answer: str) -> tuple[diagnose.Check, dict]:
    checked = diagnose.diagnose(result, answer, progress=workers.report)
    return checked, feedback.check_dict(checked, result)


def _simplify_check_task(checked: diagnose.Check, result: Analysis) -> dict:
    return feedback.check_dict(diagnose.simplify(checked, progress=workers.report), result)


def check_answer(result: Analysis, answer: str, *, budget: float | None = None) -> dict:
    """Check a learner's answer against an analysis (in a worker): the ``check`` dict of :func:`check`.

    The answer is read, compared and diagnosed within the budget; the
    difference is then simplified in what is left, and shown unsimplified
    if that does not finish.

    Examples
    --------
    >>> check_answer(analyze("sin(x**2)"), "cos(x**2)")["edge_errors"][0]["partial"]
    '2*x'
    """
    budget = _budget(budget)
    with workers.slot() as worker:
        worker.ready()
        start = time.monotonic()
        checked, described = worker.run(_diagnose_task, result, answer, timeout=budget, step="checking your answer")
        remaining = budget - (time.monotonic() - start)
        if checked.differences and remaining > MIN_STEP_BUDGET:
            with contextlib.suppress(ExhaustedError):  # keep the difference unsimplified
                described = worker.run(_simplify_check_task, checked, result, timeout=remaining, step="simplifying")
    return described


def check(
    text: str,
    answer: str,
    wrt: str | None = None,
    at: Mapping[str, object] | str | None = None,
    *,
    share: bool = True,
    budget: float | None = None,
) -> dict:
    """Is ``answer`` the derivative of ``text``, and if not, which paths and edges does it get wrong?

    Parameters
    ----------
    text, wrt, at, share
        The expression, as for :func:`analyze`.
    answer : str
        The learner's d(output)/d(wrt), in the same input language (a vector
        ``[...]`` for a vector output); it may use the expression's inputs
        and the names of its intermediate variables (``u1``...).
    budget : float, optional
        Seconds for the analysis, and again for the answer.

    Returns
    -------
    dict
        ``correct`` (True, False, or None when it could not be decided),
        ``method`` (``'symbolic'``, ``'numeric'`` or ``'unchecked'``: how the
        verdict was reached), ``matched_paths``, ``missing_paths`` and
        ``twice_paths`` (path numbers from 1, as on the page), ``edge_errors``
        (each with its ``path``, ``edge`` index, ``source``, ``target``,
        ``partial``, ``rule``, ``error``: ``'dropped'`` or ``'sign'``, and
        ``text``), ``difference`` (answer − derivative, simplified when that
        finished in time, and the point where they differ most; None when
        correct), ``verdict`` and ``diagnosis`` in words, ``explained``,
        ``search`` and ``interchangeable``. See
        :func:`explorer.feedback.check_dict`.

    Raises
    ------
    ExpressionError
        The expression or the answer was refused (the message says which,
        with the column).
    TimedOutError, OutOfMemoryError, BusyError
        As for :func:`analyze`.

    Notes
    -----
    Which paths the answer has is found exactly, by trying every subset, for
    up to :data:`explorer.subsets.EXHAUSTIVE` paths; beyond that by least
    squares at sampled points (exact when the paths' distinct products are
    linearly independent functions) backed by a meet-in-the-middle search up
    to :data:`explorer.subsets.MEET_IN_THE_MIDDLE` paths. Only listed paths
    are searched (:data:`explorer.analysis.MAX_PATHS`).

    Examples
    --------
    >>> c = check("x + x**2", "2*x")
    >>> c["correct"], c["missing_paths"], c["diagnosis"][1]
    (False, [2], 'Missing: path 2 (x → y: ∂y/∂x = 1).')
    >>> check("sin(x**2)", "cos(x**2)")["edge_errors"][0]["text"]
    'The factor ∂u1/∂x = 2·x (power rule) is missing from path 1 (x → u1 → y): the inner derivative.'
    >>> check("x*x**2", "3x²")["correct"], check("x*x**2", "3x²")["method"]
    (True, 'symbolic')
    """
    result = analyze(text, wrt, at, share=share, budget=budget, check=False, simplify=False)
    return check_answer(result, answer, budget=budget)


def hints(result: Analysis, path: int = 0, *, budget: float | None = None) -> tuple[str, ...]:
    """An exercise's hints, one at a time: the rule, the number of paths, one path's product (in a worker).

    Examples
    --------
    >>> hints(analyze("x + x**2"))[1]
    'Paths: x reaches y through 2 paths.'
    """
    return workers.run(feedback.hints, result, path, timeout=_budget(budget), step="writing the hints")
