"""Check a learner's derivative against the sum over paths, and say where it went wrong, path by path and edge by edge.

The answer is read with the expression's own parser
(:func:`explorer.answer.read.read_answer`). An answer shaped otherwise than
the derivative (one expression for a gradient of two entries) is wrong, and
said so (:mod:`explorer.answer.shapes`). Otherwise each entry is compared
with its total: equal when sympy shows it (an ``expand`` of the difference),
unequal when the difference is a rational function that is not 0, when the
values differ at a sampled point, or when the difference, evaluated exactly,
is not 0 at one (:func:`explorer.answer.exact.differs`: ``2x + 10⁻²⁰`` is not
``2x``); equal by the values alone only when none of that tells them apart.
A wrong entry is then explained in terms of the graph, from values of every
edge's local partial at sampled points, each finding confirmed exactly:

1. the sum of some of the paths (:func:`explorer.answer.subsets.find_subset`): the
   single-variable rule followed along one path, a path left out;
2. every path present but one thing wrong on one edge
   (:func:`explorer.answer.edges.edge_errors`): a local partial dropped (the
   forgotten inner derivative) or its sign changed, on one path or on every
   path through that edge, one path counted twice, or a common mistake of
   the edge's rule from the catalogue (:mod:`explorer.answer.mistakes`);
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
from .edges import ATOL, RTOL, EdgeError, Entry, edge_errors
from .exact import differs
from .read import read_answer
from .samples import EXTRA_POINTS, SEED, Samples, products_at, sample
from .shapes import expected, mismatch
from .subsets import EXHAUSTIVE, find_subset, groups

__all__ = ["ATOL", "RTOL", "AnswerDifference", "Check", "EdgeError", "diagnose", "simplify"]

#: Points with every value within ±NEAR are at the scale of the evaluation point (see :func:`_difference`).
NEAR = 3.0

#: Expression nodes (as printed) past which sympy is not asked to compare or simplify; the values decide.
SYMBOLIC_NODES = 2_000

#: Differences larger than this (``sympy.count_ops``) are shown as they are: sympy.simplify takes seconds on
#: a 100-operation trigonometric difference, and a difference that long teaches little once simplified.
DIFFERENCE_MAX_OPS = 60


@dataclass(frozen=True)
class AnswerDifference:
    """How one entry of the answer differs from the total derivative.

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
    input : str or None
        The input the entry is the derivative by (``w1`` of a gradient by
        ``w``; the input differentiated by otherwise); None without inputs.
    """

    output: str
    expr: sp.Expr
    simplified: bool
    at: Mapping[str, float] | None
    answer_value: float | None
    total_value: float | None
    input: str | None = None


@dataclass(frozen=True)
class Check:
    """A learner's answer compared with the total derivative, and what it is missing.

    Attributes
    ----------
    answer : str
        As typed.
    answers : tuple of sympy.Expr
        The answer's entries, row by row, in the inputs.
    correct : bool or None
        None when neither could be evaluated anywhere and sympy could not decide.
    method : {'symbolic', 'numeric', 'unchecked', 'shape'}
        How the verdict was reached: by sympy (the two expand to the same;
        or their difference is a rational function that is not 0, or is not
        0 evaluated exactly at a point), by values at several points (a
        point where they differ shows a wrong answer), or by the answer's
        shape alone (it has another number of entries, or rows and columns).
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
        For each entry the answer gets wrong.
    shape : tuple of int
        The answer's shape: ``()`` for one expression, ``(n,)`` for a vector, ``(rows, columns)``.
    expected : tuple of int
        The derivative's (:func:`explorer.answer.shapes.expected`).
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
    shape: tuple[int, ...] = ()
    expected: tuple[int, ...] = ()


def _small(*exprs: sp.Expr) -> bool:
    """Small enough for sympy to compare: nested programs make totals that print exponentially long."""
    return sum(size(e, SYMBOLIC_NODES) for e in exprs) <= SYMBOLIC_NODES


def _rational_difference(answer: sp.Expr, total: sp.Expr, symbols: list, points) -> bool:
    """The difference is a rational function that is not 0: unequal for sure, however close the floats come.

    ``cancel`` decides it when every coefficient is a rational number; with constants such as sigmoid(1) or
    √2 it may not see that two coefficients are equal, so there the exact values at the points decide.
    """
    small = _small(answer, total) and sp.count_ops(answer) + sp.count_ops(total) <= SYMBOLIC_MAX_OPS
    if not small or not (answer.is_rational_function(*symbols) and total.is_rational_function(*symbols)):
        return False
    difference = sp.cancel(answer - total)
    if difference == 0:
        return False
    rational = not difference.atoms(sp.Function, sp.NumberSymbol) and all(
        p.exp.is_Integer for p in difference.atoms(sp.Pow)
    )
    return rational or differs(answer, total, points)


def _verdict(analysis: Analysis, answers: tuple[sp.Expr, ...], samples: Samples) -> tuple[list, str]:
    """Per entry True/False/None, and the weakest method over the entries.

    The exact rules come before the floats' agreement: a difference that is
    not 0 is never "correct", however small.
    """
    symbols = [n.symbol for n in analysis.nodes if n.kind == "input"]
    points = samples.points or (dict(analysis.point),)
    verdicts, methods = [], []
    for k, (answer, total) in enumerate(zip(answers, analysis.totals)):
        how = agree(answer, total, symbols, analysis.point) if _small(answer, total) else "unchecked"
        a, t = samples.answers[:, k], samples.totals[:, k]
        apart = np.isnan(a) | (np.abs(a - t) > RTOL * (np.abs(a) + np.abs(t)) + ATOL)
        if how == "symbolic":
            verdict, method = True, "symbolic"
        elif _rational_difference(answer, total, symbols, points):
            verdict, method = False, "symbolic"
        elif how == "failed" or apart.any():
            verdict, method = False, "numeric"
        elif differs(answer, total, points):  # the floats agree, the exact values do not
            verdict, method = False, "symbolic"
        elif how == "numeric" or (~np.isnan(a)).sum() >= 3:
            verdict, method = True, "numeric"
        else:
            verdict, method = None, "unchecked"
        verdicts.append(verdict)
        methods.append(method)
    order = ("symbolic", "numeric", "unchecked")
    return verdicts, max(methods, key=order.index, default="symbolic")


# -- where a wrong answer went wrong ---------------------------------------------------------------------


def _interchangeable(mine: list[int], columns: np.ndarray, matched: list[int]) -> list[tuple]:
    """Groups of paths with equal products that straddle the matched and the missing ones."""
    together = [tuple(mine[j] for j in group) for group in groups(columns, rtol=RTOL, atol=ATOL)]
    return [g for g in together if len(g) > 1 and set(g) & set(matched) and set(g) - set(matched)]


def _explain(entry: Entry) -> dict | None:
    """One entry's wrong answer in terms of its paths, or None when no simple mistake explains it."""
    analysis, mine = entry.analysis, entry.paths
    if np.isnan(entry.answer).any():  # undefined where every path has a value: no sum of paths is that
        return None
    columns = entry.products[:, mine]

    def exactly(subset: tuple[int, ...]) -> bool:  # the floats' match, confirmed: nothing small left out
        chosen = sp.Add(*(analysis.paths[mine[j]].product_expr for j in subset))
        return not differs(chosen, entry.answer_expr, entry.points)

    found = find_subset(columns, entry.answer, rtol=RTOL, atol=ATOL, seed=SEED, accept=exactly)
    result = {"searched": found.method}
    if found.subset is not None:
        matched = [mine[j] for j in found.subset]
        missing = [i for i in mine if i not in matched]
        same = [] if found.unique else _interchangeable(mine, columns, matched)
        return {**result, "matched": matched, "missing": missing, "interchangeable": same}
    single = edge_errors(entry)
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
    output, name = analysis.entries[k]
    expr = answer - analysis.totals[k]
    if j is None:
        return AnswerDifference(output, expr, False, None, None, None, name)
    shown = None if np.isnan(a[j]) else float(a[j])
    return AnswerDifference(output, expr, False, samples.points[j], shown, float(t[j]), name)


def diagnose(analysis: Analysis, text: str, progress: Callable[[str, str | None], None] | None = None) -> Check:
    """Compare an answer with the total derivative and, if it is wrong, find what it is missing.

    Parameters
    ----------
    analysis : Analysis
        The expression's analysis (its paths, totals and point).
    text : str
        The answer as typed: d(output)/d(wrt); a vector for a vector output
        or a gradient, rows for a matrix (:mod:`explorer.answer.shapes`).
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
    every path (and per catalogued mistake of its rule).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> check = diagnose(explained("x + x**2"), "2*x")
    >>> check.correct, check.method, check.missing_paths
    (False, 'symbolic', (1,))
    >>> diagnose(explained("sin(x**2)"), "cos(x**2)").edge_errors
    (EdgeError(path=0, edge=0, error='dropped', wrong=1),)
    >>> diagnose(explained("x*x**2"), "3x²").method
    'symbolic'
    >>> diagnose(explained("x**2"), "2*x + 1e-20").correct
    False
    >>> g = explained("w = [w1, w2]; y = dot(w, w)", wrt="w")
    >>> diagnose(g, "[2*w1, 2*w2]").correct, diagnose(g, "2*w1").method
    (True, 'shape')
    """
    report = progress or (lambda stage, hint=None: None)
    report("reading your answer", None)
    read = read_answer(text, analysis)
    answers = read.expressions
    wanted = expected(analysis)
    if mismatch(analysis, read.shape) is not None:
        return Check(text, answers, False, "shape", 0, explained=True, shape=read.shape, expected=wanted)
    report("comparing your answer with the derivative", "try a shorter answer")
    # enough points to tell every path apart: many oscillating products need about twice their number
    paths = 0 if analysis.paths_truncated else len(analysis.paths)
    samples = sample(analysis, read.own, EXTRA_POINTS + (paths if paths <= EXHAUSTIVE else 2 * paths))
    verdicts, method = _verdict(analysis, answers, samples)
    check = Check(
        text,
        answers,
        None if None in verdicts else all(verdicts),
        method,
        len(samples.points),
        shape=read.shape,
        expected=wanted,
    )
    if check.correct is not False:
        return replace(check, matched_paths=tuple(range(len(analysis.paths))) if check.correct else ())
    report("searching the paths your answer has", None)
    products, without = products_at(analysis, samples)
    found: dict = {"matched": [], "missing": [], "twice": [], "errors": [], "interchangeable": []}
    explained, searched, differences = True, None, []
    for k, (right, mine) in enumerate(zip(verdicts, analysis.entry_paths())):
        if right:
            found["matched"] += mine
            continue
        differences.append(_difference(analysis, k, answers[k], samples))
        entry = Entry(
            analysis,
            mine,
            products,
            without,
            samples.answers[:, k],
            samples.totals[:, k],
            samples.edges,
            samples.nodes,
            answers[k],
            analysis.totals[k],
            samples.points,
        )
        part = None if analysis.paths_truncated or not len(samples.points) else _explain(entry)
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
