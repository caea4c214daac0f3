"""A learner's answer, checked in a worker: :func:`check`, :func:`check_answer` and the exercise's :func:`hints`.

Bounded like every library call (:mod:`explorer.bounded`): the answer is
read, compared and diagnosed within the budget, and its difference from the
derivative simplified in what is left.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping

from . import workers
from .answer import diagnose, feedback
from .answer import hints as exercise_hints
from .bounded import MIN_STEP_BUDGET, analyze, seconds
from .calculus.result import Analysis
from .errors import ExhaustedError

__all__ = ["check", "check_answer", "hints"]


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
    budget = seconds(budget)
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
        The learner's d(output)/d(wrt), in the same input language, shaped as
        the derivative (:mod:`explorer.answer.shapes`: a vector ``[...]`` for a
        vector output or a gradient by a vector, rows for one by a matrix); it
        may use the expression's inputs, its named vectors and matrices of
        inputs, the names of its intermediate variables (``u1``...) and every
        name the explorer prints a derivative with (``H(…)``, ``Heaviside``,
        ``sign``, ``Max``, ``|x|``, ``√x``, ``σ``).
    budget : float, optional
        Seconds for the analysis, and again for the answer.

    Returns
    -------
    dict
        ``correct`` (True, False, or None when it could not be decided),
        ``method`` (``'symbolic'``, ``'numeric'``, ``'unchecked'`` or
        ``'shape'``: how the verdict was reached), ``shape`` and
        ``expected_shape`` (the answer's and the derivative's), ``matched_paths``,
        ``missing_paths`` and ``twice_paths`` (path numbers from 1, as on the
        page), ``edge_errors`` (each with its ``path``, ``edge`` index,
        ``source``, ``target``, ``partial``, ``rule``, ``error``: ``'dropped'``,
        ``'sign'`` or a mistake of :data:`explorer.answer.mistakes.MISTAKES`,
        ``wrong``, the partial used instead, and ``text``), ``difference``
        (answer − derivative, simplified when that finished in time, and the
        point where they differ most, per wrong entry; None when correct),
        ``verdict`` and ``diagnosis`` in words, ``explained``, ``search`` and
        ``interchangeable``. See :func:`explorer.answer.feedback.check_dict`.

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
    up to :data:`explorer.answer.subsets.EXHAUSTIVE` paths; beyond that by least
    squares at sampled points (exact when the paths' distinct products are
    linearly independent functions) backed by a meet-in-the-middle search up
    to :data:`explorer.answer.subsets.MEET_IN_THE_MIDDLE` paths. Only listed paths
    are searched (:data:`explorer.calculus.pipeline.MAX_PATHS`).

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
    return workers.run(exercise_hints.hints, result, path, timeout=seconds(budget), step="writing the hints")
