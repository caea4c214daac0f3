"""The pipeline against ``sympy.diff``: ratios over the corpus, growth with size, and the doubling program."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import sympy as sp

from benchmarks.corpus import Case, corpus, doubling, sized
from benchmarks.timing import cold, exponent, median_time
from explorer.calculus.accumulate import forward
from explorer.calculus.paths import count_paths
from explorer.calculus.pipeline import choose_wrt
from explorer.calculus.verify import verify
from explorer.graph.build import build
from explorer.language.parse import parse
from explorer.teach import explained

__all__ = ["Ratio", "doubling_times", "ratios", "size_times"]


@dataclass(frozen=True)
class Ratio:
    """One corpus expression: CPU seconds of ``sympy.diff``, of the analysis, and of its check."""

    case: Case
    diff: float
    analysis: float
    check: float

    @property
    def ratio(self) -> float:
        """Analysis (graph, partials, paths, totals, values) ÷ ``sympy.diff``."""
        return self.analysis / self.diff

    @property
    def checked_ratio(self) -> float:
        """Analysis and the check against ``sympy.diff`` ÷ ``sympy.diff``."""
        return (self.analysis + self.check) / self.diff


def _oracle(text: str, wrt: str | None):
    """``sympy.diff`` of every output of ``text`` by the input the explorer differentiates by."""
    flow = build(parse(text))
    symbol = flow.node(choose_wrt(flow.inputs, wrt)).symbol
    exprs = [flow.node(out).expr for out in flow.outputs]
    return lambda: [sp.diff(e, symbol) for e in exprs]


def ratios(cases: list[Case] | None = None, repeat: int = 3) -> list[Ratio]:
    """Time every case both ways, each from cold caches (see :func:`benchmarks.timing.cold`)."""
    rows = []
    for case in cases if cases is not None else corpus():
        diff = median_time(_oracle(case.text, case.wrt), repeat)
        analysis = median_time(lambda case=case: explained(case.text, case.wrt), repeat)
        cold()
        result = explained(case.text, case.wrt)
        check = median_time(lambda result=result: verify(result), 1)
        rows.append(Ratio(case, diff, analysis, check))
    return rows


def summary(rows: list[Ratio]) -> dict[str, float | str]:
    """Median, 90th percentile and worst of both ratios, and the worst expression."""
    plain = sorted(r.ratio for r in rows)
    checked = sorted(r.checked_ratio for r in rows)
    worst = max(rows, key=lambda r: r.ratio)
    return {
        "count": len(rows),
        "median": statistics.median(plain),
        "p90": plain[int(0.9 * (len(plain) - 1))],
        "worst": plain[-1],
        "worst_case": worst.case.name,
        "checked_median": statistics.median(checked),
        "checked_worst": checked[-1],
    }


def size_times(sizes: tuple[int, ...], repeat: int = 3) -> list[tuple[int, float, float]]:
    """(operations, analysis seconds, ``sympy.diff`` seconds) for :func:`benchmarks.corpus.sized` expressions."""
    rows = []
    for n in sizes:
        text = sized(n)
        rows.append(
            (n, median_time(lambda text=text: explained(text), repeat), median_time(_oracle(text, None), repeat))
        )
    return rows


def growth(rows: list[tuple[int, float, float]]) -> float:
    """The fitted exponent of analysis time against size."""
    return exponent([r[0] for r in rows], [r[1] for r in rows])


def doubling_times(levels: tuple[int, ...], repeat: int = 5) -> list[tuple[int, float, float, int]]:
    """(levels, count and total seconds warm, whole analysis seconds warm, digits of the path count)."""
    rows = []
    for n in levels:
        text = doubling(n)
        flow = build(parse(text))

        def count_and_total(flow=flow, n=n):
            return count_paths(flow, "x")[f"u{n}"], forward(flow, "x")[f"u{n}"]

        exact = median_time(count_and_total, repeat, warm=True)
        whole = median_time(lambda text=text: explained(text), repeat, warm=True)
        rows.append((n, exact, whole, len(str(count_and_total()[0]))))
    return rows
