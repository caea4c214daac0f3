"""Timing helpers: medians of repeated calls, each from cold caches, and a least-squares growth exponent."""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable, Sequence

import sympy as sp

from explorer.language import floats

__all__ = ["cold", "exponent", "median_time"]


def cold() -> None:
    """Forget what earlier calls computed: sympy's cache and the compiled float functions.

    Both sides of a ratio start from the same state, as a fresh worker would for a new expression.
    """
    sp.core.cache.clear_cache()
    floats.compile_expr.cache_clear()
    gc.collect()


def median_time(call: Callable[[], object], repeat: int = 3, *, warm: bool = False) -> float:
    """Median CPU seconds of ``call()`` over ``repeat`` runs, each from cold caches unless ``warm``.

    CPU time of this process, not wall-clock time: the work is single-threaded, and other
    programs on a shared machine then change the figures less.
    """
    times = []
    if warm:
        call()
    for _ in range(repeat):
        if not warm:
            cold()
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return statistics.median(times)


def exponent(sizes: Sequence[float], seconds: Sequence[float]) -> float:
    """The slope of log(time) against log(size): time grows as size**exponent.

    >>> round(exponent([10, 100, 1000], [1e-3, 1e-2, 1e-1]), 3)
    1.0
    """
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
