"""Where a wrong answer went wrong on one edge: a partial dropped or of the wrong sign, a path twice, a known mistake.

Every path of the entry is in the answer but one thing is wrong. First the
general findings: one local partial left out (the forgotten inner
derivative) or its sign changed, on every path through its edge or on one
of them, or one path counted twice. Then, edge by edge, the catalogue of
:mod:`explorer.answer.mistakes` (the power rule without the base, the
quotient rule's terms swapped, ...), on every path through the edge or on
one. A finding is first seen in the values at the sampled points and then
confirmed exactly (:func:`explorer.answer.exact.differs`), so that a term of
3 beside one of 9·10⁶ is not lost in the floats' tolerance. A general
finding that a catalogue row writes in the same way on that edge is named
by the row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from ..calculus.result import Analysis
from ..language.floats import Undefined, value_of
from .exact import differs
from .mistakes import MISTAKES, Site, wrong_partials

__all__ = ["ATOL", "RTOL", "EdgeError", "Entry", "edge_errors"]

#: A sum matches an answer at a point within RTOL times the size of its terms, plus ATOL.
RTOL, ATOL = 1e-7, 1e-9


@dataclass(frozen=True)
class EdgeError:
    """One local partial that the answer got wrong on one path.

    Attributes
    ----------
    path : int
        Index into :attr:`Analysis.paths`.
    edge : int
        Index into :attr:`Analysis.edges`.
    error : str
        ``'dropped'`` (the factor is missing from the path's product),
        ``'sign'`` (its sign is changed), or the name of a row of
        :data:`explorer.answer.mistakes.MISTAKES` (``'power base'``, ...).
    wrong : sympy.Expr or None
        The partial the answer used instead, in the operation's operand
        symbols (1 for a dropped one); not part of equality.
    """

    path: int
    edge: int
    error: str
    wrong: sp.Expr | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Entry:
    """One entry of the derivative, with everything the search compares, at the sampled points.

    Attributes
    ----------
    analysis : Analysis
    paths : list of int
        The entry's paths (indexes into :attr:`Analysis.paths`).
    products : ndarray
        Point × path: every path's product.
    without : list of dict
        Per path, per edge: its product without that edge.
    answer, total : ndarray
        The answer's and the derivative's values (this entry).
    edges : ndarray
        Point × edge: the local partials.
    nodes : sequence of mappings
        Per point, every node's value.
    answer_expr, total_expr : sympy.Expr
        Both in the inputs, for the exact confirmation.
    points : sequence of mappings
        The points (input → value).
    """

    analysis: Analysis
    paths: list[int]
    products: np.ndarray
    without: list[dict[int, np.ndarray]]
    answer: np.ndarray
    total: np.ndarray
    edges: np.ndarray
    nodes: Sequence[Mapping[str, float | None]]
    answer_expr: sp.Expr
    total_expr: sp.Expr
    points: Sequence[Mapping[str, float]]

    def close(self, change: np.ndarray) -> bool:
        """Is the answer the derivative plus ``change`` at every point, within the floats' reach?"""
        gap, size = self.answer - self.total, np.abs(self.answer) + np.abs(self.total)
        return bool(np.all(np.abs(gap - change) <= RTOL * (size + np.abs(change)) + ATOL))

    def confirmed(self, changes: Sequence[tuple[int, int | None, sp.Expr | None]]) -> bool:
        """Is the answer, exactly, the derivative with these changes: (path, edge, partial used) or (path, None, None)
        for a path counted twice? True unless they provably differ."""
        analysis = self.analysis
        symbols = {node.symbol: node.expr for node in analysis.nodes}
        expr = self.total_expr
        for i, e, wrong in changes:
            path = analysis.paths[i]
            if e is None:
                expr += path.product_expr
                continue
            rest = sp.Mul(*(analysis.edges[f].partial_expr for f in path.edges if f != e))
            expr += rest * (wrong.xreplace(symbols) - analysis.edges[e].partial_expr)
        return not differs(expr, self.answer_expr, self.points)

    def through(self) -> dict[int, list[int]]:
        """Each edge on the entry's paths, and the paths through it."""
        found: dict[int, list[int]] = {}
        for i in self.paths:
            for e in self.analysis.paths[i].edges:
                found.setdefault(e, []).append(i)
        return found

    def values(self, expr: sp.Expr) -> np.ndarray:
        """A partial in operand symbols at every point, from the nodes' values (NaN where it has none)."""
        names = {node.symbol: node.id for node in self.analysis.nodes}
        symbols = tuple(sorted(expr.free_symbols, key=lambda s: s.name))
        out = []
        for nodes in self.nodes:
            given = [nodes.get(names.get(s, s.name)) for s in symbols]
            try:
                out.append(np.nan if any(v is None for v in given) else value_of(expr, symbols, given))
            except Undefined:
                out.append(np.nan)
        return np.array(out, dtype=float)


def _site(analysis: Analysis, e: int) -> Site:
    edge = analysis.edges[e]
    return Site(edge, analysis.flow.node(edge.target), analysis.flow.node(edge.source).symbol)


def _culprit(analysis: Analysis, e: int) -> tuple[bool, bool, int]:
    """How likely a changed sign is this edge's (smaller first): a partial with a minus sign, then one whose sign
    a catalogued mistake changes (a trigonometric derivative), then the others, in order."""
    partial = analysis.edges[e].partial
    catalogued = any(-partial in wrong_partials(m, _site(analysis, e)) for m in MISTAKES if m.scope == "edge")
    return (not analysis.edges[e].partial_expr.could_extract_minus_sign(), not catalogued, e)


def _named(analysis: Analysis, errors: list[EdgeError]) -> list[EdgeError]:
    """General findings named by the catalogue row that writes the same wrong partial on that edge, if any."""
    named = []
    for error in errors:
        site = _site(analysis, error.edge)
        row = next((m for m in MISTAKES if m.scope == "edge" and error.wrong in wrong_partials(m, site)), None)
        named.append(EdgeError(error.path, error.edge, row.name, error.wrong) if row else error)
    return named


def _general(entry: Entry) -> Iterator[tuple[list[EdgeError], tuple[int, ...]]]:
    """Candidates, likeliest first: a factor dropped from every path through its edge or from one, a sign, a twice."""
    analysis, products, without = entry.analysis, entry.products, entry.without
    through = entry.through()
    partial = {e: analysis.edges[e].partial for e in through}
    # dropping a factor of ±1 changes nothing or only the sign, which the sign search below names better
    droppable = sorted(e for e in through if analysis.edges[e].partial_expr not in (1, -1))
    for e in droppable:  # the same factor left out of every path through its edge (the outer cos)
        if entry.close(sum(without[i][e] - products[:, i] for i in through[e])):
            yield [EdgeError(i, e, "dropped", sp.S.One) for i in through[e]], ()
    for e in droppable:  # ... or from one of them only
        for i in through[e] if len(through[e]) > 1 else ():
            if entry.close(without[i][e] - products[:, i]):
                yield [EdgeError(i, e, "dropped", sp.S.One)], ()
    edges = sorted(through, key=lambda e: _culprit(analysis, e))
    for e in edges:  # a sign changed: a factor with a minus sign, or a trigonometric one, is the likelier culprit
        if entry.close(-2 * sum(products[:, i] for i in through[e])):
            yield [EdgeError(i, e, "sign", -partial[e]) for i in through[e]], ()
    for i in entry.paths:
        if entry.close(-2 * products[:, i]):
            e = min(analysis.paths[i].edges, key=lambda f: _culprit(analysis, f))
            yield [EdgeError(i, e, "sign", -analysis.edges[e].partial)], ()
    for i in entry.paths:
        if entry.close(products[:, i]):
            yield [], (i,)


def _catalogued(entry: Entry) -> Iterator[list[EdgeError]]:
    """Candidates from the catalogue, edge by edge: on every path through the edge, then on one of them."""
    analysis, without = entry.analysis, entry.without
    through = entry.through()
    for e in sorted(through):
        site = _site(analysis, e)
        for mistake in MISTAKES:
            if mistake.scope != "edge":
                continue
            for wrong in wrong_partials(mistake, site):
                change = entry.values(wrong) - entry.edges[:, e]
                if entry.close(sum(without[i][e] * change for i in through[e])):
                    yield [EdgeError(i, e, mistake.name, wrong) for i in through[e]]
                for i in through[e] if len(through[e]) > 1 else ():
                    if entry.close(without[i][e] * change):
                        yield [EdgeError(i, e, mistake.name, wrong)]
    yield from _whole_operations(entry, through)


def _whole_operations(entry: Entry, through: dict[int, list[int]]) -> Iterator[list[EdgeError]]:
    """The mistakes of a whole operation (``scope='node'``): every variable operand's partial at once."""
    analysis = entry.analysis
    into: dict[str, list[int]] = {}
    for e in sorted(through):
        into.setdefault(analysis.edges[e].target, []).append(e)
    for mistake in (m for m in MISTAKES if m.scope == "node"):
        for edges in into.values():
            wrongs = {e: wrong_partials(mistake, _site(analysis, e)) for e in edges}
            if len(edges) < 2 or not all(len(w) == 1 for w in wrongs.values()):
                continue
            change = sum(
                entry.without[i][e] * (entry.values(wrongs[e][0]) - entry.edges[:, e])
                for e in edges
                for i in through[e]
            )
            if entry.close(change):
                yield [EdgeError(i, e, mistake.name, wrongs[e][0]) for e in edges for i in through[e]]


def _changes(errors: list[EdgeError], twice: tuple[int, ...]) -> list[tuple[int, int | None, sp.Expr | None]]:
    return [(error.path, error.edge, error.wrong) for error in errors] + [(i, None, None) for i in twice]


def edge_errors(entry: Entry) -> tuple[list[EdgeError], tuple[int, ...]] | None:
    """The one thing wrong with an answer that has every path: edge errors and paths counted twice; None if none.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> from explorer.answer.diagnose import diagnose
    >>> [(e.error, e.edge) for e in diagnose(explained("x*sin(x)**2"), "sin(x)**2 + 2*x*cos(x)").edge_errors]
    [('power base', 1)]
    """
    for errors, twice in _general(entry):
        if entry.confirmed(_changes(errors, twice)):
            return _named(entry.analysis, errors), twice
    for errors in _catalogued(entry):
        if entry.confirmed(_changes(errors, ())):
            return errors, ()
    return None
