"""The work the library's bounded calls send to a worker: module-level functions, imported there by name.

:mod:`explorer.bounded` runs them with a budget. The analysis task does the
check against ``sympy.diff`` and the cheap simplification in the same call,
each stopping itself before the budget ends, after keeping the analysis
(:func:`explorer.workers.keep`) so that a stopped check still answers; the
others are one step each.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import fields

from . import workers
from .calculus import pipeline, walkthrough
from .calculus import verify as oracle
from .calculus.differences import FiniteDifference, differences
from .calculus.result import Analysis
from .drawing import views
from .teach import lessons as teaching
from .teach import walkthrough as narration

__all__ = [
    "MIN_STEP_BUDGET",
    "SOFT_MARGIN",
    "analyze_task",
    "difference_task",
    "simplify_task",
    "verify_task",
    "walk_task",
]

#: Seconds of budget below which an optional step is not even started: a step that is stopped
#: costs a worker restart (a fresh process importing sympy).
MIN_STEP_BUDGET = 0.5

#: Seconds before its budget ends at which a simplification gives up by itself (a worker it runs in
#: is then not stopped and restarted, which costs a fresh process importing sympy).
SOFT_MARGIN = 0.3


def analyze_task(text, wrt, at, share, max_paths, check=False, simplify=False, seconds=math.inf):
    """The analysis; with a check or a simplification, it is kept (sent) first, then those run within ``seconds``
    of the start, each stopping itself, and only the fields they changed are returned: one round trip, the
    analysis pickled once, and still there if the worker is stopped during its check."""
    deadline = time.monotonic() + seconds
    result = pipeline.run(text, wrt, at, share=share, max_paths=max_paths, progress=workers.report)
    workers.report("writing the steps", None)
    first = result = teaching.annotate(result)
    if not (check or simplify):
        return result
    workers.keep(first)
    if check and deadline - time.monotonic() > MIN_STEP_BUDGET - SOFT_MARGIN:
        result = oracle.verify(result, progress=workers.report, seconds=deadline - time.monotonic())
    if simplify and deadline - time.monotonic() > MIN_STEP_BUDGET - SOFT_MARGIN:
        result = teaching.simplified(result, workers.report, seconds=deadline - time.monotonic(), full=False)
    return changes(first, result)


def changes(before: Analysis, after: Analysis) -> dict:
    """The fields of ``after`` that are not those of ``before`` (mappings, copied by every replace, by value)."""
    changed = {}
    for name in (f.name for f in fields(Analysis)):
        old, new = getattr(before, name), getattr(after, name)
        if new is not old and not (isinstance(new, Mapping) and new == old):
            changed[name] = dict(new) if isinstance(new, Mapping) else new
    return changed


def verify_task(result: Analysis, seconds: float | None = None, full: bool = False) -> Analysis:
    """The check against ``sympy.diff``, stopping itself after ``seconds`` (``full`` is the simplification's)."""
    return oracle.verify(result, progress=workers.report, seconds=seconds)


def simplify_task(result: Analysis, seconds: float | None = None, full: bool = True) -> Analysis:
    """The simplification (``sympy.simplify`` too if ``full``), stopping itself after ``seconds``."""
    return teaching.simplified(result, progress=workers.report, seconds=seconds, full=full)


def difference_task(result: Analysis, step: float) -> tuple[FiniteDifference, ...]:
    point = dict(result.point)
    return differences(result.flow, point, result.wrt_inputs, step)


def walk_task(
    result: Analysis, mode: str, theme: str = "light"
) -> tuple[tuple[walkthrough.WalkStep, ...], tuple[str | None, ...]]:
    steps = views.walk(result, mode)  # the walkthrough as drawn: a condensed graph's boxes are steps of their own
    return steps, narration.walkthrough_formulas(result, steps, theme)
