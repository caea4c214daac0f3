"""Values at sampled points: every node and edge, each entry of the derivative and of a learner's answer.

The graph is evaluated with its own compiled local partials
(:func:`explorer.calculus.numeric.evaluate`) at the evaluation point and then at
random points (:data:`RANGES`),
keeping the points where every listed path's edges and every total have a
value, and where the totals do not hang on the last bits of the inputs
(:data:`SENSITIVITY`). The totals are per entry of the derivative
(:attr:`explorer.calculus.result.Analysis.entries`: per output, by each input
of a vector or matrix differentiated by). The answer is evaluated there too
(None becomes NaN). The random points are the same every run, so the same
answer gets the same diagnosis.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..calculus.numeric import accumulate_values, adjoint_values, evaluate
from ..calculus.result import Analysis
from ..language.floats import Undefined, value_of

__all__ = ["EXTRA_POINTS", "SEED", "Samples", "products_at", "sample"]

#: Points (beyond the number of paths) at which values are compared, and the most tries to find each.
EXTRA_POINTS = 12
MAX_TRIES_PER_POINT = 4

#: The seed of the random points.
SEED = 20180210


@dataclass(frozen=True)
class Samples:
    """Values at the sampled points, one row per point."""

    points: tuple[dict[str, float], ...]
    edges: np.ndarray  # point × edge; nan where undefined
    totals: np.ndarray  # point × entry of the derivative
    answers: np.ndarray  # point × entry; nan where the answer is undefined
    nodes: tuple[Mapping[str, float | None], ...] = ()  # per point, every node's value


#: Where random points are drawn, in turn: both signs near 1, a positive range for logarithms and roots,
#: and now and then a wider range, for domains such as ln(x − 3)'s.
RANGES = ((-2.0, 2.0), (0.1, 3.0), (-2.0, 2.0), (0.1, 3.0), (-12.0, 12.0), (0.5, 25.0))


def _candidates(analysis: Analysis, rng: random.Random) -> Iterator[dict[str, float]]:
    yield dict(analysis.point)
    while True:
        for low, high in RANGES:
            yield {name: rng.uniform(low, high) for name in analysis.inputs}


def _answer_values(answers: tuple[sp.Expr, ...], point: Mapping[str, float], nodes: Mapping) -> list[float]:
    """The answer at a point; its names are inputs or intermediate variables, whose values the graph has."""
    out = []
    for expr in answers:
        symbols = tuple(sorted(expr.free_symbols, key=lambda s: s.name))
        values = [point[s.name] if s.name in point else nodes.get(s.name) for s in symbols]
        try:
            if any(v is None for v in values):
                raise Undefined("undefined")
            out.append(value_of(expr, symbols, values))
        except Undefined:
            out.append(np.nan)
    return out


#: A point is kept only if moving every input by this relative amount moves each total by at most
#: :data:`SENSITIVITY` times as much, relatively: where a total's value hangs on the last bits of its
#: inputs (sin(exp(2x)) at x = 20), two equal formulas evaluated in different orders disagree.
NUDGE = 1e-9
SENSITIVITY = 1e5


def _totals(analysis: Analysis, ev) -> list[float] | None:
    """Each entry's total from the graph's values at a point, or None where one has no value.

    Forward by each input moved where there are no more of them than outputs, else one reverse pass per output.
    """
    flow, inputs = analysis.flow, analysis.wrt_inputs
    if not analysis.wrt or not inputs:
        return [0.0] * len(analysis.entries)
    if len(inputs) <= len(flow.outputs):
        by = {name: accumulate_values(flow, ev.edge_values, name, ev.kinks, ev.undefined) for name in inputs}
        totals = [by[name][out] for out, name in analysis.entries]
    else:
        back = {out: adjoint_values(flow, ev.edge_values, out, ev.kinks, ev.undefined) for out in flow.outputs}
        totals = [back[out][name] for out, name in analysis.entries]
    return None if any(t is None for t in totals) else totals


def _well_conditioned(analysis: Analysis, point: Mapping[str, float], totals: list[float]) -> bool:
    """Do the totals change smoothly around ``point``, so that values computed in other ways can be compared?"""
    if not analysis.wrt or not point:
        return True
    nudged = _totals(analysis, evaluate(analysis.flow, {k: v * (1 + NUDGE) + NUDGE for k, v in point.items()}))
    if nudged is None:
        return False
    limit = SENSITIVITY * NUDGE
    return all(abs(b - a) <= limit * max(abs(a), abs(b), 1.0) for a, b in zip(totals, nudged))


def sample(analysis: Analysis, answers: tuple[sp.Expr, ...], wanted: int) -> Samples:
    """Up to ``wanted`` points where every listed path's edges and every total have a value, and the answer there.

    Parameters
    ----------
    analysis : Analysis
    answers : tuple of sympy.Expr
        The answer per entry of the derivative, in the inputs and the graph's intermediate
        variables (evaluated with the graph's own values of those: an answer
        in ``u12`` of a nested program stays cheap).
    wanted : int
        How many points; at most :data:`MAX_TRIES_PER_POINT` times as many are tried.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> import sympy as sp
    >>> a = explained("ln(x)")
    >>> s = sample(a, (1 / a.flow.node("x").symbol,), 5)
    >>> s.points[0], s.totals[0], s.answers[0]  # the evaluation point comes first
    ({'x': 0.5}, array([2.]), array([2.]))
    >>> bool((s.edges[:, 0] > 0).all())  # ln has a derivative only where x > 0
    True
    """
    flow, rng = analysis.flow, random.Random(SEED)  # noqa: S311 - reproducible, not secret
    needed = sorted({e for p in analysis.paths for e in p.edges})
    wanted = wanted if analysis.inputs else 1
    rows: list[tuple] = []
    for tries, point in enumerate(_candidates(analysis, rng)):
        if len(rows) >= wanted or tries >= MAX_TRIES_PER_POINT * wanted + 8:
            break
        ev = evaluate(flow, point)
        if any(ev.edge_values[e] is None for e in needed):
            continue
        totals = _totals(analysis, ev)
        if totals is None or not _well_conditioned(analysis, point, totals):
            continue
        edges = [np.nan if v is None else v for v in ev.edge_values]
        rows.append((point, edges, totals, _answer_values(answers, point, ev.node_values), ev.node_values))

    def table(k: int, width: int) -> np.ndarray:
        return np.array([row[k] for row in rows], dtype=float).reshape(len(rows), width)

    entries = len(analysis.entries)
    points, nodes = tuple(row[0] for row in rows), tuple(dict(row[4]) for row in rows)
    return Samples(points, table(1, len(flow.edges)), table(2, entries), table(3, len(answers)), nodes)


def products_at(analysis: Analysis, samples: Samples) -> tuple[np.ndarray, list[dict[int, np.ndarray]]]:
    """Each path's product at the points, and for each of its edges the product without that edge.

    Products are of the edges' values, never divided by one, so a factor
    that is 0 at a point leaves the others' product intact.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("sin(x**2)", at={"x": 2})
    >>> products, without = products_at(a, sample(a, (a.totals[0],), 1))
    >>> round(float(products[0, 0]), 4), round(float(without[0][0][0]), 4)  # 2x·cos(x²), cos(x²) at x = 2
    (-2.6146, -0.6536)
    """
    products = np.empty((len(samples.points), len(analysis.paths)))
    without: list[dict[int, np.ndarray]] = []
    for i, path in enumerate(analysis.paths):
        factors = samples.edges[:, list(path.edges)]
        ones = np.ones((factors.shape[0], 1))
        before = np.cumprod(np.hstack([ones, factors[:, :-1]]), axis=1)  # products of earlier edges, no division
        after = np.cumprod(np.hstack([ones, factors[:, :0:-1]]), axis=1)[:, ::-1]
        products[:, i] = np.prod(factors, axis=1)
        without.append({e: before[:, j] * after[:, j] for j, e in enumerate(path.edges)})
    return products, without
