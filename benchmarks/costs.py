"""What a new expression costs: each stage's CPU in a worker and the server's share, and the public ``analyze()``
against ``sympy.diff`` through the worker pool."""

from __future__ import annotations

import pickle
import resource
import statistics
import time
from collections.abc import Callable

import sympy as sp

import explorer
from benchmarks.corpus import doubling, large_textbook, sum_of_sines
from benchmarks.pipeline import _oracle
from benchmarks.timing import cold
from explorer.calculus import pipeline
from explorer.calculus import verify as oracle
from explorer.drawing import fallback
from explorer.drawing.fit import Frame
from explorer.examples import EXAMPLES
from explorer.teach import lessons, paths, report

__all__ = ["STAGES", "public_times", "stage_costs"]

#: The worker calls of a new expression on the page, in order (the check and simplification come last).
STAGES = ("analysis", "drawing", "description", "formulas", "check", "simplification")

#: The room of the page's viewer at 1440 × 900, as it reports it.
FRAME = Frame(1100, 640)


def _cpu(call: Callable[[], object]) -> tuple[float, object]:
    """CPU seconds of ``call()`` in this process and in the programs it ran (Graphviz), and its result."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.process_time()
    result = call()
    spent = time.process_time() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return spent + (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime), result


def stage_costs() -> list[dict[str, float]]:
    """CPU seconds of every stage for each gallery expression, from cold caches, as a worker spends them for a new
    expression on the page; ``server`` is what the web server spends unpickling the replies."""
    rows = []
    fallback.draw(explorer.teach.explained("x*x"), frame=FRAME)  # the renderer found, the library loaded
    for example in EXAMPLES:
        cold()
        row: dict[str, float] = {}
        row["analysis"], analysis = _cpu(
            lambda example=example: lessons.annotate(pipeline.run(example.text, example.wrt))
        )
        row["drawing"], svg = _cpu(lambda a=analysis: fallback.draw(a, frame=FRAME))
        row["description"], _ = _cpu(lambda a=analysis: report.graph_description(a))
        row["formulas"], formulas = _cpu(lambda a=analysis: paths.formulas(a, None, "light"))
        row["check"], checked = _cpu(lambda a=analysis: oracle.verify(a, seconds=1.7))
        row["simplification"], done = _cpu(lambda a=checked: lessons.simplified(a, seconds=0.5, full=True))
        replies = [pickle.dumps(x) for x in (analysis, svg, formulas, done)]
        row["server"], _ = _cpu(lambda replies=replies: [pickle.loads(r) for r in replies])  # noqa: S301 - our own bytes
        rows.append(row)
    return rows


def _wall(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def public_times(quick: bool = False) -> dict[str, object]:
    """Wall-clock seconds of the public ``explorer.analyze()`` with its defaults (through a warm worker pool) against
    ``sympy.diff`` of the same expression in this process from a cold cache; each expression new to the pool."""
    for example in EXAMPLES:  # the pool started, and warm as a server's is: it has seen the gallery
        explorer.analyze(example.text, example.wrt)
    texts = large_textbook(10 if quick else 40)
    ratios = []
    for text in texts:
        diff = _oracle(text, None)
        cold()
        theirs = _wall(diff)
        mine = _wall(lambda text=text: explorer.analyze(text))
        ratios.append((mine / theirs, text))
    ratios.sort()
    sines, longest = sum_of_sines(100), doubling(490)
    result: dict[str, object] = {
        "count": len(ratios),
        "median": statistics.median(r for r, _ in ratios),
        "worst": ratios[-1][0],
        "worst_case": ratios[-1][1],
        "sines_new": _wall(lambda: explorer.analyze(sines)),
        "sines_warm": statistics.median(_wall(lambda: explorer.analyze(sines)) for _ in range(3)),
        "doubling_new": _wall(lambda: explorer.analyze(longest)),
        "doubling_warm": statistics.median(_wall(lambda: explorer.analyze(longest)) for _ in range(3)),
    }
    sp.core.cache.clear_cache()
    return result
