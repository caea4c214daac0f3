"""Drawing time against graph size: the bounded layout (condensed past its limits), wall-clock seconds."""

from __future__ import annotations

import statistics
import time

from benchmarks.corpus import doubling, sized
from explorer.drawing import fallback
from explorer.drawing.condense import view
from explorer.teach import explained

__all__ = ["drawing_times"]


def drawing_times(sizes: tuple[int, ...], repeat: int = 3) -> list[tuple[str, int, int, bool, float]]:
    """(graph, nodes in the graph, nodes drawn, condensed, median seconds to SVG) per graph.

    Graphviz runs as a subprocess, so this is wall-clock time, not CPU time.
    """
    rows = []
    graphs = [(f"sum, {n} operations", sized(n)) for n in sizes]
    graphs += [(f"doubling, {n} levels", doubling(n)) for n in (5, 20, 60)]
    for name, text in graphs:
        analysis = explained(text)
        shown = view(analysis)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fallback.draw(analysis)
            times.append(time.perf_counter() - start)
        drawn = len(shown.nodes) + len(shown.summaries)
        rows.append((name, len(analysis.nodes), drawn, shown.condensed, statistics.median(times)))
    return rows
