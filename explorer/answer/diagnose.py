"""Check a learner's derivative against the sum over paths, and say where it went wrong, path by path and edge by edge.

The answer is read with the expression's own parser
(:func:`explorer.answer.read.read_answer`) and compared with the total derivative
symbolically where that is cheap, else at several points
(:func:`explorer.calculus.verify.agree`). A wrong answer is then explained in terms of
the graph, from values of every edge's local partial at sampled points:

1. the sum of some of the paths (:func:`explorer.answer.subsets.find_subset`): the
   single-variable rule followed along one path, a path left out;
2. every path present but one local partial dropped (the forgotten inner
   derivative) or its sign changed, on one path or on every path through
   that edge; or one path counted twice;
3. otherwise only the difference, and the point where it is largest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import sympy as sp

from ..calculus.result import Analysis
from ..calculus.verify import SYMBOLIC_MAX_OPS, agree
from ..language.printing import size
from .read import read_answer
from .samples import EXTRA_POINTS, SEED, Samples, products_at, sample
from .subsets import EXHAUSTIVE, find_subset, groups

__all__ = ["Check", "AnswerDifference", "EdgeError", "diagnose", "simplify"]

#: A sum matches an answer at a point within RTOL times the size of its terms, plus ATOL.
RTOL, ATOL = 1e-7, 1e-9

#: Points with every value within ±NEAR are at the scale of the evaluation point (see :func:`_difference`).
NEAR = 3.0

#: Expression nodes (as printed) past which sympy is not asked to compare or simplify; the values decide.
SYMBOLIC_NODES = 2_000

#: Differences larger than this (``sympy.count_ops``) are shown as they are: sympy.simplify takes seconds on
#: a 100-operation trigonometric difference, and a difference that long teaches little once simplified.
DIFFERENCE_MAX_OPS = 60


@dataclass(frozen=True)
class EdgeError:
    """One local partial that the answer got wrong on one path.

    Attributes
    ----------
    path : int
        Index into :attr:`Analysis.paths`.
    edge : int
        Index into :attr:`Analysis.edges`.
    error : {'dropped', 'sign'}
        The factor is missing from the path's product, or its sign is changed.
    """

    path: int
    edge: int
    error: str


@dataclass(frozen=True)
class AnswerDifference:
    """How one output's answer differs from the total derivative.

    Attributes
    ----------
    output : str
    expr : sympy.Expr
        Answer − total, in the inputs; simplified when :attr:`simplified`.
    simplified : bool
        ``sympy.simplify`` was applied (not for differences over :data:`DIFFERENCE_MAX_OPS`).
    at : Mapping[str, float] or None
        The point, among those compared, where they differ most (or where only
        the derivative has a value); points near the evaluation point's scale first.
    answer_value, total_value : float or None
        Both there.
    """

    output: str
    expr: sp.Expr
    simplified: bool
    at: Mapping[str, float] | None
    answer_value: float | None
    total_value: float | None


@dataclass(frozen=True)
class Check:
    """A learner's answer compared with the total derivative, and what it is missing.

    Attributes
    ----------
    answer : str
        As typed.
    answers : tuple of sympy.Expr
        The answer per output, in the inputs.
    correct : bool or None
        None when neither could be evaluated anywhere and sympy could not decide.
    method : {'symbolic', 'numeric', 'unchecked'}
        How the verdict was reached: by sympy (the two expand to the same, or
        their difference is a rational function that is not 0), or by values
        at several points (a point where they differ shows a wrong answer).
    points : int
        Points compared at.
    explained : bool
        A wrong answer's difference is fully explained by the paths and edges below.
    searched : str or None
        How the paths were searched (:class:`explorer.answer.subsets.Found.method`);
        None when they were not (correct, or too many paths to list).
    matched_paths, missing_paths, twice_paths : tuple of int
        Indexes into :attr:`Analysis.paths`: in the answer; left out; counted twice.
    edge_errors : tuple of EdgeError
    interchangeable : tuple of tuple of int
        Paths with the same product, among which the diagnosis could have chosen either.
    differences : tuple of AnswerDifference
        For each output the answer gets wrong.
    """

    answer: str
    answers: tuple[sp.Expr, ...]
    correct: bool | None
    method: str
    points: int
    explained: bool = False
    searched: str | None = None
    matched_paths: tuple[int, ...] = ()
    missing_paths: tuple[int, ...] = ()
    twice_paths: tuple[int, ...] = ()
    edge_errors: tuple[EdgeError, ...] = ()
    interchangeable: tuple[tuple[int, ...], ...] = ()
    differences: tuple[AnswerDifference, ...] = ()


def _small(*exprs: sp.Expr) -> bool:
    """Small enough for sympy to compare: nested programs make totals that print exponentially long."""
    return sum(size(e, SYMBOLIC_NODES) for e in exprs) <= SYMBOLIC_NODES


def _rational_difference(answer: sp.Expr, total: sp.Expr, symbols: list) -> bool:
    """The difference is a rational function that is not 0: unequal for sure, however close the floats come."""
    small = _small(answer, total) and sp.count_ops(answer) + sp.count_ops(total) <= SYMBOLIC_MAX_OPS
    if not small or not (answer.is_rational_function(*symbols) and total.is_rational_function(*symbols)):
        return False
    return sp.cancel(answer - total) != 0


def _verdict(analysis: Analysis, answers: tuple[sp.Expr, ...], samples: Samples) -> tuple[list, str]:
    """Per output True/False/None, and the weakest method over the outputs."""
    symbols = [n.symbol for n in analysis.nodes if n.kind == "input"]
    verdicts, methods = [], []
    for k, (answer, total) in enumerate(zip(answers, analysis.totals)):
        how = agree(answer, total, symbols, analysis.point) if _small(answer, total) else "unchecked"
        if how in ("symbolic", "numeric"):
            verdicts.append(True)
            methods.append(how)
            continue
        a, t = samples.answers[:, k], samples.totals[:, k]
        differs = np.isnan(a) | (np.abs(a - t) > RTOL * (np.abs(a) + np.abs(t)) + ATOL)
        if _rational_difference(answer, total, symbols):
            verdicts.append(False)
            methods.append("symbolic")
        elif how == "failed" or differs.any():
            verdicts.append(False)
            methods.append("numeric")
        elif (~np.isnan(a)).sum() >= 3:
            verdicts.append(True)
            methods.append("numeric")
        else:
            verdicts.append(None)
            methods.append("unchecked")
    order = ("symbolic", "numeric", "unchecked")
    return verdicts, max(methods, key=order.index, default="symbolic")


# -- where a wrong answer went wrong ---------------------------------------------------------------------


def _minus(partial: sp.Expr) -> bool:
    return partial.could_extract_minus_sign()


def _single_errors(analysis, mine, products, without, answer, total):
    """Every path present but one thing wrong: an edge's factor dropped or its sign changed, a path twice."""
    through: dict[int, list[int]] = {}
    for i in mine:
        for e in analysis.paths[i].edges:
            through.setdefault(e, []).append(i)
    gap, size = answer - total, np.abs(answer) + np.abs(total)

    def close(v):  # answer = total + v, within the floats' reach
        return bool(np.all(np.abs(gap - v) <= RTOL * (size + np.abs(v)) + ATOL))

    # dropping a factor of ±1 changes nothing or only the sign, which the sign search below names better
    droppable = sorted(e for e in through if analysis.edges[e].partial_expr not in (1, -1))
    for e in droppable:  # the same factor left out of every path through its edge (the outer cos)
        if close(sum(without[i][e] - products[:, i] for i in through[e])):
            return [EdgeError(i, e, "dropped") for i in through[e]], ()
    for e in droppable:  # ... or from one of them only
        for i in through[e] if len(through[e]) > 1 else ():
            if close(without[i][e] - products[:, i]):
                return [EdgeError(i, e, "dropped")], ()
    edges = sorted(through, key=lambda e: (not _minus(analysis.edges[e].partial_expr), e))
    for e in edges:  # a sign changed: a factor with a minus sign is the likelier culprit
        if close(-2 * sum(products[:, i] for i in through[e])):
            return [EdgeError(i, e, "sign") for i in through[e]], ()
    for i in mine:
        if close(-2 * products[:, i]):
            edge = min(analysis.paths[i].edges, key=lambda e: (not _minus(analysis.edges[e].partial_expr), e))
            return [EdgeError(i, edge, "sign")], ()
    for i in mine:
        if close(products[:, i]):
            return [], (i,)
    return None


def _interchangeable(mine: list[int], columns: np.ndarray, matched: list[int]) -> list[tuple]:
    """Groups of paths with equal products that straddle the matched and the missing ones."""
    together = [tuple(mine[j] for j in group) for group in groups(columns, rtol=RTOL, atol=ATOL)]
    return [g for g in together if len(g) > 1 and set(g) & set(matched) and set(g) - set(matched)]


def _explain(analysis: Analysis, k: int, samples: Samples, products, without) -> dict | None:
    """Output ``k``'s wrong answer in terms of its paths, or None when no simple mistake explains it."""
    output = analysis.outputs[k]
    mine = [i for i, p in enumerate(analysis.paths) if p.output == output]
    target = samples.answers[:, k]
    if np.isnan(target).any():  # undefined where every path has a value: no sum of paths is that
        return None
    columns = products[:, mine]
    found = find_subset(columns, target, rtol=RTOL, atol=ATOL, seed=SEED)
    result = {"searched": found.method}
    if found.subset is not None:
        matched = [mine[j] for j in found.subset]
        missing = [i for i in mine if i not in matched]
        same = [] if found.unique else _interchangeable(mine, columns, matched)
        return {**result, "matched": matched, "missing": missing, "interchangeable": same}
    single = _single_errors(analysis, mine, products, without, target, samples.totals[:, k])
    if single is None:
        return {**result, "unexplained": True}
    errors, twice = single
    wrong = {error.path for error in errors}
    return {**result, "matched": [i for i in mine if i not in wrong], "errors": errors, "twice": list(twice)}


def _difference(analysis: Analysis, k: int, answer: sp.Expr, samples: Samples) -> AnswerDifference:
    """The difference, and the point where the values differ most (or where only the derivative has one).

    Points at the scale of the evaluation point come first (it, and points within ±:data:`NEAR`): a
    difference at x = 24 in a class about x = 0.5 says little.
    """
    a, t = samples.answers[:, k], samples.totals[:, k]
    gaps = np.where(np.isnan(a), 0.0, np.abs(a - t))
    significant = gaps > RTOL * (np.abs(a) + np.abs(t)) + ATOL
    near = np.array([j == 0 or all(abs(v) <= NEAR for v in p.values()) for j, p in enumerate(samples.points)])
    j = None
    for chosen in (significant & near, significant):
        if j is None and chosen.any():
            j = int(np.argmax(np.where(chosen, gaps, -1.0)))
    if j is None and np.isnan(a).any():
        j = int(np.argmax(np.isnan(a)))
    expr = answer - analysis.totals[k]
    if j is None:
        return AnswerDifference(analysis.outputs[k], expr, False, None, None, None)
    shown = None if np.isnan(a[j]) else float(a[j])
    return AnswerDifference(analysis.outputs[k], expr, False, samples.points[j], shown, float(t[j]))


def diagnose(analysis: Analysis, text: str, progress: Callable[[str, str | None], None] | None = None) -> Check:
    """Compare an answer with the total derivative and, if it is wrong, find what it is missing.

    Parameters
    ----------
    analysis : Analysis
        The expression's analysis (its paths, totals and point).
    text : str
        The answer as typed: d(output)/d(wrt), a vector for a vector output.
    progress : callable, optional
        Told each step as it starts (see :func:`explorer.calculus.pipeline.run`).

    Returns
    -------
    Check

    Raises
    ------
    ExpressionError
        For an answer that cannot be read (see :func:`explorer.answer.read.read_answer`).

    Notes
    -----
    Values come from the graph's own compiled local partials at sampled
    points (the evaluation point first), as many as the output has paths
    plus :data:`EXTRA_POINTS`. The path search needs every path listed: with
    more paths than :data:`explorer.calculus.pipeline.MAX_PATHS` only the verdict and
    the difference are given. Cost: one evaluation of the graph per point,
    then :func:`explorer.answer.subsets.find_subset` and one comparison per edge of
    every path.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> check = diagnose(explained("x + x**2"), "2*x")
    >>> check.correct, check.method, check.missing_paths
    (False, 'symbolic', (1,))
    >>> diagnose(explained("sin(x**2)"), "cos(x**2)").edge_errors
    (EdgeError(path=0, edge=0, error='dropped'),)
    >>> diagnose(explained("x*x**2"), "3x²").method
    'symbolic'
    """
    report = progress or (lambda stage, hint=None: None)
    report("reading your answer", None)
    read = read_answer(text, analysis)
    answers = read.expressions
    report("comparing your answer with the derivative", "try a shorter answer")
    # enough points to tell every path apart: many oscillating products need about twice their number
    paths = 0 if analysis.paths_truncated else len(analysis.paths)
    samples = sample(analysis, read.own, EXTRA_POINTS + (paths if paths <= EXHAUSTIVE else 2 * paths))
    verdicts, method = _verdict(analysis, answers, samples)
    check = Check(text, answers, None if None in verdicts else all(verdicts), method, len(samples.points))
    if check.correct is not False:
        return replace(check, matched_paths=tuple(range(len(analysis.paths))) if check.correct else ())
    report("searching the paths your answer has", None)
    products, without = products_at(analysis, samples)
    found: dict = {"matched": [], "missing": [], "twice": [], "errors": [], "interchangeable": []}
    explained, searched, differences = True, None, []
    for k, right in enumerate(verdicts):
        mine = [i for i, p in enumerate(analysis.paths) if p.output == analysis.outputs[k]]
        if right:
            found["matched"] += mine
            continue
        differences.append(_difference(analysis, k, answers[k], samples))
        part = (
            None
            if analysis.paths_truncated or not len(samples.points)
            else _explain(analysis, k, samples, products, without)
        )
        searched = (part or {}).get("searched", searched)
        if part is None or part.get("unexplained"):
            explained = False
            continue
        for key in found:
            found[key] += part.get(key, [])
    return replace(
        check,
        explained=explained,
        searched=searched,
        matched_paths=tuple(sorted(found["matched"])),
        missing_paths=tuple(sorted(found["missing"])),
        twice_paths=tuple(found["twice"]),
        edge_errors=tuple(found["errors"]),
        interchangeable=tuple(found["interchangeable"]),
        differences=tuple(differences),
    )


def simplify(check: Check, progress: Callable[[str, str | None], None] | None = None) -> Check:
    """The check with each difference simplified by ``sympy.simplify`` (the slow step, bounded by the caller).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> simplify(diagnose(explained("sin(x)**2"), "2*sin(x)*cos(x) + 1")).differences[0].expr
    1
    """
    (progress or (lambda stage, hint=None: None))("simplifying the difference", "the difference is shown unsimplified")
    simpler = []
    for d in check.differences:
        expr = d.expr
        if expr.is_Atom:
            simpler.append(replace(d, simplified=True))
        elif _small(expr) and sp.count_ops(expr) <= DIFFERENCE_MAX_OPS:
            candidate = sp.simplify(expr)
            expr = candidate if sp.count_ops(candidate) <= sp.count_ops(expr) else expr
            simpler.append(replace(d, expr=expr, simplified=True))
        else:  # too long to be worth it: shown as it is
            simpler.append(d)
    return replace(check, differences=tuple(simpler))
