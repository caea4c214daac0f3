"""Check the totals against ``sympy.diff``, and simplify them: the two slow steps, kept apart from the rest.

The sum over paths is compared with ``sympy.diff`` of the whole expression,
which never sees the graph. Symbolically where that is cheap (an
``expand`` of a small difference), else numerically at the point and at
several random points, in placeholders, so compiled code never holds a
user's name. The caller bounds both steps in time; a stop leaves the
answer as it was, unchecked or unsimplified, never refused. Both also stop
themselves at a soft deadline (an alarm in the worker's main thread), so a
slow ``sympy.diff`` or ``sympy.simplify`` costs its time, not a worker restart.
Simplification is cheap first (``factor_terms``, ``cancel``, ``trigsimp``)
and ``sympy.simplify`` only when asked for.
"""

from __future__ import annotations

import contextlib
import gc
import math
import random
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import sympy as sp

from ..language.floats import Undefined, value_of
from ..language.printing import size
from .result import Analysis

__all__ = [
    "CANCEL_MAX_OPS",
    "REWRITE_MAX_POWER",
    "SHORT_OPS",
    "TRIG_MAX_OPS",
    "SIMPLIFY_MAX_OPS",
    "SYMBOLIC_MAX_OPS",
    "agree",
    "simplify",
    "verify",
]

#: Differences up to this size (``sympy.count_ops``) are expanded to decide equality symbolically...
SYMBOLIC_MAX_OPS = 120

#: ... unless their expansion would have more terms than this (``(p + q*x)**6`` has 7, its square 13).
SYMBOLIC_MAX_TERMS = 400

#: Totals larger than this are not handed to ``sympy.simplify`` (its time grows steeply and
#: unpredictably with size; a stopped simplification costs a worker restart)...
SIMPLIFY_MAX_OPS = 150

#: ... nor sums of more terms than this, unless they are polynomials (``Σ k·cos(k·x)`` has no
#: simpler form, and ``sympy.simplify`` searches for one for many seconds).
SIMPLIFY_MAX_TERMS = 12

#: Agreeing points needed for a numeric verdict.
MIN_POINTS = 3

#: Nodes of an expression written out as a tree (a shared part counted each time it occurs) that
#: ``sympy.diff`` gets through in a second, at the least: it takes about 15 µs a node, so a check
#: with a deadline is not started on outputs it could not finish in time (a twelve-line nested
#: program's output is 620,000 nodes as a tree, though its graph has 49).
TREE_NODES_PER_SECOND = 50_000


def _silent(stage: str, hint: str | None = None) -> None:
    return None


def _numerically(a: sp.Expr, b: sp.Expr, symbols: Sequence[sp.Symbol], point: Mapping[str, float]) -> bool | None:
    """True when a and b agree wherever both are defined (at the point and random points), False when
    they differ somewhere, None when there were too few points where both have a value."""
    rng = random.Random(20180210)  # noqa: S311 - a fixed seed: the same verdict every run
    trials = [[point.get(s.name, 0.5) for s in symbols]]
    trials += [[rng.uniform(-2.0, 2.0) for _ in symbols] for _ in range(6)]
    trials += [[rng.uniform(0.1, 3.0) for _ in symbols] for _ in range(6)]
    agreed = 0
    for values in trials:
        try:
            va = value_of(a, tuple(symbols), values)
            vb = value_of(b, tuple(symbols), values)
        except Undefined:
            continue
        if not math.isclose(va, vb, rel_tol=1e-7, abs_tol=1e-9):
            return False
        agreed += 1
    return True if agreed >= MIN_POINTS else None


def _terms(expr: sp.Basic, limit: int) -> int:
    """About how many terms ``sympy.expand`` would make of ``expr`` (stops counting past ``limit``)."""
    if expr.is_Atom:
        return 1
    if expr.is_Add:
        return min(limit + 1, sum(_terms(a, limit) for a in expr.args))
    if expr.is_Mul:
        total = 1
        for a in expr.args:
            total *= _terms(a, limit)
            if total > limit:
                return limit + 1
        return total
    if expr.is_Pow and expr.exp.is_Integer:
        base, n = _terms(expr.base, limit), abs(int(expr.exp))
        if base == 1:
            return 1
        return limit + 1 if n > 64 else min(limit + 1, math.comb(base + n - 1, n))
    return max(1, max((_terms(a, limit) for a in expr.args), default=1))  # inside a function: expanded apart


def agree(
    a: sp.Expr, b: sp.Expr, symbols: Sequence[sp.Symbol], point: Mapping[str, float], *, max_ops: int = SYMBOLIC_MAX_OPS
) -> str:
    """Are two expressions equal? ``'symbolic'``, ``'numeric'``, ``'failed'`` or ``'unchecked'``.

    Examples
    --------
    >>> x = sp.Symbol("x", real=True)
    >>> agree(2 * x + 2, 2 * (x + 1), [x], {"x": 0.5})
    'symbolic'
    >>> agree(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.S.One, [x], {"x": 0.5}, max_ops=0)
    'numeric'
    >>> agree(x, x + 1, [x], {"x": 0.5})
    'failed'
    """
    if a == b:
        return "symbolic"
    small = size(a, 4 * max_ops) + size(b, 4 * max_ops) <= 4 * max_ops  # first, cheaply: count_ops walks it all
    small = small and sp.count_ops(a) + sp.count_ops(b) <= max_ops
    small = small and _terms(a, SYMBOLIC_MAX_TERMS) + _terms(b, SYMBOLIC_MAX_TERMS) <= SYMBOLIC_MAX_TERMS
    if small and sp.expand(a - b) == 0:
        return "symbolic"
    verdict = _numerically(a, b, symbols, point)
    if verdict is None:
        return "unchecked"
    return "numeric" if verdict else "failed"


def verify(
    analysis: Analysis, progress: Callable[[str, str | None], None] | None = None, *, seconds: float | None = None
) -> Analysis:
    """Compare the totals with ``sympy.diff`` of every output; a copy with the verdict.

    For a derivative by a vector of inputs (a gradient or a Jacobian) the
    oracle is ``sympy.Matrix.jacobian`` of the outputs by its entries.
    ``oracle`` gets the oracle's answers, one per entry; ``verified`` is True when every
    total agrees, symbolically or numerically; ``verification`` says how
    (the weakest over the outputs). After ``seconds`` (when given, and when
    called in the main thread) it gives up and returns the analysis as it was,
    unchecked: ``sympy.diff`` of a twelve-line nested program takes many
    seconds, and a check that stops itself costs its time, not a worker restart;
    with ``seconds``, outputs too large for ``sympy.diff`` to finish in them
    (:data:`TREE_NODES_PER_SECOND`) are not even started on.

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> checked = verify(run("ln(sin(x**3)**2)"))
    >>> checked.verified, checked.verification
    (True, 'symbolic')
    """
    report = progress or _silent
    try:
        with _deadline(seconds):
            return _verified(analysis, report, seconds)
    except _OutOfTime:
        return analysis


def tree_size(exprs: Sequence[sp.Basic], limit: int) -> int:
    """Nodes of ``exprs`` written out as trees, shared parts counted each time; stops counting past ``limit``.

    Linear in the number of distinct subexpressions, however large the tree.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> u = sp.sin(x) + x
    >>> tree_size([u * sp.cos(u)], 10**6)
    10
    """
    counted: dict[int, int] = {}

    def count(expr: sp.Basic) -> int:
        known = counted.get(id(expr))
        if known is None:
            known = counted[id(expr)] = min(limit + 1, 1 + sum(count(a) for a in expr.args))
        return known

    total = 0
    for expr in exprs:
        total = min(limit + 1, total + count(expr))
    return total


def _verified(analysis: Analysis, report: Callable[[str, str | None], None], seconds: float | None) -> Analysis:
    flow = analysis.flow
    outputs = [flow.node(out).expr for out in flow.outputs]
    if seconds is not None:
        limit = int(seconds * TREE_NODES_PER_SECOND)
        if tree_size(outputs, limit) > limit:  # sympy.diff could not finish in time: not started
            return analysis
    if analysis.by_vector:  # a gradient or a Jacobian: the oracle is sympy's own Jacobian, row by row
        report("differentiating with sympy.Matrix.jacobian", None)
        jacobian = sp.Matrix(outputs).jacobian([flow.node(name).symbol for name in analysis.wrt_inputs])
        oracle = tuple(jacobian)
    else:
        report("differentiating with sympy.diff", None)
        wrt = flow.node(analysis.wrt).symbol if analysis.wrt else sp.Symbol("_none")
        oracle = tuple(sp.diff(expr, wrt) for expr in outputs)
    report("checking against sympy.diff", None)
    symbols = [n.symbol for n in flow.nodes if n.kind == "input"]
    order = ("symbolic", "numeric", "unchecked", "failed")
    verdicts = [agree(t, o, symbols, analysis.point) for t, o in zip(analysis.totals, oracle)]
    how = max(verdicts, key=order.index) if verdicts else "symbolic"
    return replace(analysis, oracle=oracle, verified=how in ("symbolic", "numeric"), verification=how)


class _OutOfTime(BaseException):
    """The soft deadline passed (a BaseException, so sympy's own ``except Exception`` cannot swallow it)."""


_AGAIN = 0.01  # seconds before the alarm rings again, if its exception was not seen


def _swallowed(frame) -> bool:
    """Whether an exception raised in ``frame`` would be swallowed by a gc callback or a ``__del__`` on the stack."""
    callbacks = {getattr(c, "__code__", None) for c in gc.callbacks}
    while frame is not None:
        if frame.f_code in callbacks or frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


@contextlib.contextmanager
def _deadline(seconds: float | None):
    """Raise :class:`_OutOfTime` in the block after ``seconds`` (in the main thread only; elsewhere, no limit)."""
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        # Python swallows an exception raised in a gc callback or a __del__
        # ("Exception ignored in ..."): wait until such a frame has returned.
        # Should one still be lost somewhere else, the alarm rings again.
        signal.setitimer(signal.ITIMER_REAL, _AGAIN)
        if not _swallowed(frame):
            raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


#: The functions whose presence makes ``trigsimp`` worth trying (in the cheap rewritings, before any
#: ``sympy.simplify``: ``factor_terms`` always, ``cancel`` and ``trigsimp`` on small totals).
TRIGONOMETRIC = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)

#: Totals up to this size (``sympy.count_ops``) get ``cancel`` (on larger ones it takes tens of
#: milliseconds and can multiply a product of powers out into a thousand terms)...
CANCEL_MAX_OPS = 30

#: ... unless it holds a power of a sum beyond this, which ``cancel`` multiplies out (and never comes out
#: shorter): the derivative of (x + y)**100·(x − y)**100 takes it 1.2 s, from 13 operations to 496, that
#: of (x + 1)**999999 longer than any budget. Nor is ``trigsimp`` tried on a power of a trigonometric
#: function beyond it: on 60·x·(tan(u)² + 1)·tan(u)**n (u = x² + 1) it takes 0.11 s for n = 2, 0.24 s for
#: n = 8 and 1.5 s for n = 29, and shortens none of them.
REWRITE_MAX_POWER = 8

#: ... and ``trigsimp`` (``ln(sin(x**3)**2)``'s total, 8 operations, takes 9 ms; a 50-operation
#: total of tangents of ``x**2 + 1`` takes a second, a 79-operation one more than three).
TRIG_MAX_OPS = 20

#: ... and a total this short after the cheap rewritings is not handed to ``sympy.simplify`` at all.
SHORT_OPS = 6


def _ops(expr: sp.Expr) -> int:
    return sp.count_ops(expr)


def _too_large(expr: sp.Expr) -> bool:
    return size(expr, 4 * SIMPLIFY_MAX_OPS) > 4 * SIMPLIFY_MAX_OPS or _ops(expr) > SIMPLIFY_MAX_OPS


def _high_power(expr: sp.Expr, *kinds) -> bool:
    """Whether ``expr`` holds a whole power beyond :data:`REWRITE_MAX_POWER` of something with one of ``kinds``.

    >>> x, y = sp.symbols("x y")
    >>> _high_power(3*(x + 1)**999998, sp.Add), _high_power((x + y)**8 / x**100, sp.Add)
    (True, False)
    >>> _high_power(sp.tan(x)**29, *TRIGONOMETRIC), _high_power(sp.sin(x)**2 + sp.cos(x)**2, *TRIGONOMETRIC)
    (True, False)
    """
    return any(p.exp.is_Integer and abs(p.exp) > REWRITE_MAX_POWER and p.base.has(*kinds) for p in expr.atoms(sp.Pow))


def _cheaply(expr: sp.Expr) -> sp.Expr:
    """The shortest of ``expr``, ``factor_terms``, ``cancel`` (if small) and ``trigsimp`` (if it has trig)."""
    if expr.is_Atom or _too_large(expr):
        return expr
    candidates = [expr, sp.factor_terms(expr)]
    if _ops(expr) <= CANCEL_MAX_OPS and not _high_power(expr, sp.Add):
        candidates.append(sp.cancel(expr))
    best = min(candidates, key=_ops)  # the first of the shortest: the least rewritten
    if best.has(*TRIGONOMETRIC) and _ops(best) <= TRIG_MAX_OPS and not _high_power(best, *TRIGONOMETRIC):
        best = min((best, sp.trigsimp(best)), key=_ops)
    return best


def _fully(expr: sp.Expr) -> sp.Expr:
    """``sympy.simplify`` of an expression already rewritten cheaply, if it is neither short nor too large."""
    if expr.is_Atom or _ops(expr) <= SHORT_OPS or _too_large(expr):
        return expr
    if len(sp.Add.make_args(expr)) > SIMPLIFY_MAX_TERMS and not expr.is_polynomial():
        return expr
    simpler = sp.simplify(expr)
    return simpler if _ops(simpler) <= _ops(expr) else expr


def simplify(
    analysis: Analysis,
    progress: Callable[[str, str | None], None] | None = None,
    *,
    seconds: float | None = None,
    full: bool = True,
) -> Analysis:
    """Simplify the totals: cheap rewritings first, then (``full``) ``sympy.simplify``, bounded by the caller.

    The cheap rewritings are ``factor_terms``, ``cancel`` for totals of up to
    :data:`CANCEL_MAX_OPS` operations without a power of a sum beyond
    :data:`REWRITE_MAX_POWER`, and ``trigsimp`` where a trigonometric
    function is, up to :data:`TRIG_MAX_OPS` and without a power of one
    beyond :data:`REWRITE_MAX_POWER`; the shortest result
    (``sympy.count_ops``) is kept. With
    ``full``, ``sympy.simplify`` then works on that, unless it is already short
    (:data:`SHORT_OPS`) or too large. Every rewriting gives an equal
    expression; the simplified totals are checked against the old ones all
    the same, and kept only if they agree. After ``seconds`` (when given, and
    when called in the main thread) it gives up: with the cheap rewritings
    done, only ``sympy.simplify``'s work is lost; before, the analysis is
    returned unsimplified.

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> simplify(run("ln(sin(x**3)**2)"), full=False).totals
    (6*x**2/tan(x**3),)
    >>> simplify(run("ln(x + sqrt(x**2 + 1))"), full=False).totals
    ((x/sqrt(x**2 + 1) + 1)/(x + sqrt(x**2 + 1)),)
    >>> simplify(run("ln(x + sqrt(x**2 + 1))")).totals
    (1/sqrt(x**2 + 1),)
    """
    (progress or _silent)("simplifying the total", "the unsimplified total is shown")
    totals: tuple[sp.Expr, ...] | None = None
    try:
        with _deadline(seconds):
            totals = tuple(_cheaply(t) for t in analysis.totals)
            if full:
                totals = tuple(_fully(t) for t in totals)
    except _OutOfTime:
        if totals is None:
            return analysis
    symbols = [n.symbol for n in analysis.nodes if n.kind == "input"]
    same = all(
        agree(new, old, symbols, analysis.point) in ("symbolic", "numeric") for new, old in zip(totals, analysis.totals)
    )
    if not same:  # never trade a checked total for an unchecked one
        return analysis
    return replace(analysis, totals=totals, simplified=True)
