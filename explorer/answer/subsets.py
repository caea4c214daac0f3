"""Which columns add up to a target: the subset-sum search behind "your answer is the sum of paths 1 and 3".

Each column holds one path's product at the same sampled points and the
target holds the learner's answer there. A sum matches the target at a point
when they differ by at most ``rtol`` times the size of the terms involved
(the target's and the summed columns' magnitudes) plus ``atol``: a huge path
product does not hide a small one left out. :func:`find_subset` looks for a
set of columns whose sum matches the target at every point: by trying every subset up to :data:`EXHAUSTIVE` columns, and
beyond that by least squares over the distinct columns, then by a
meet-in-the-middle search up to :data:`MEET_IN_THE_MIDDLE` columns. Plain
numpy; no sympy, so it can be tested on numbers alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["EXHAUSTIVE", "MEET_IN_THE_MIDDLE", "Found", "find_subset", "groups"]

#: Up to this many columns every subset is tried (2**16 sums at each point): the search is exact.
EXHAUSTIVE = 16

#: Up to this many columns a meet-in-the-middle search backs up least squares (2**16 sums per half).
MEET_IN_THE_MIDDLE = 32

#: Candidates the meet-in-the-middle search checks at every point, at most.
MAX_CANDIDATES = 10_000


@dataclass(frozen=True)
class Found:
    """The result of a search.

    Attributes
    ----------
    subset : tuple of int or None
        Column indexes, ascending; None when no subset matches.
    method : str
        ``'exhaustive'``, ``'least squares'`` or ``'meet in the middle'``:
        the search that decided.
    unique : bool
        No other subset matches (False when columns coincide, as ``x*x``'s two paths do).
    """

    subset: tuple[int, ...] | None
    method: str
    unique: bool = True


class _Tolerance:
    """How close a sum must come to the target at each point (rows scaled so that every point weighs alike)."""

    def __init__(self, columns: np.ndarray, target: np.ndarray, rtol: float, atol: float):
        self.rtol = rtol
        # every point weighs alike: x**9 at x = 3 must not drown what x does at x = 0.2
        self.size = np.abs(target) + np.abs(columns).sum(axis=1) + 1.0
        self.columns, self.target = columns / self.size[:, None], target / self.size
        self.floor = atol / self.size

    def of(self, magnitudes: np.ndarray) -> np.ndarray:
        """The tolerance for sums whose terms have these (scaled) magnitudes."""
        return self.rtol * (np.abs(self.target) + magnitudes) + self.floor

    def matches(self, subset: tuple[int, ...]) -> bool:
        chosen = self.columns[:, list(subset)]
        gap = np.abs(chosen.sum(axis=1) - self.target)
        return bool(np.all(gap <= self.of(np.abs(chosen).sum(axis=1))))


def _bits(mask: int, n: int) -> tuple[int, ...]:
    return tuple(j for j in range(n) if mask >> j & 1)


#: Other matching subsets an ``accept`` test is asked about, at most, to tell whether the first one is unique.
MAX_RIVALS = 8

Accept = Callable[[tuple[int, ...]], bool]


def _everything(subset: tuple[int, ...]) -> bool:
    return True


def _chosen(subsets: list[tuple[int, ...]], accept: Accept, method: str) -> Found:
    """The best subset ``accept`` keeps (the most columns, the earliest first), and whether another would do."""
    ordered = sorted(subsets, key=lambda s: (-len(s), s))
    for k, subset in enumerate(ordered):
        if accept(subset):
            rivals = ordered[k + 1 : k + 1 + MAX_RIVALS]
            return Found(subset, method, unique=not any(accept(other) for other in rivals))
    return Found(None, method)


def _exhaustive(tol: _Tolerance, proper: bool, accept: Accept) -> Found:
    columns = tol.columns
    n = columns.shape[1]
    sums = sizes = np.zeros((1, columns.shape[0]))
    for j in range(n):  # row r of sums includes column j exactly when bit j of r is set
        sums = np.concatenate([sums, sums + columns[:, j]])
        sizes = np.concatenate([sizes, sizes + np.abs(columns[:, j])])
    hits = np.flatnonzero(np.all(np.abs(sums - tol.target) <= tol.of(sizes), axis=1))
    subsets = [_bits(int(r), n) for r in hits if not (proper and int(r) == (1 << n) - 1)]
    return _chosen(subsets, accept, "exhaustive")


def groups(columns: np.ndarray, *, rtol: float = 1e-7, atol: float = 1e-9) -> list[list[int]]:
    """Indexes of columns that are equal at every point, grouped, in order of first appearance.

    Examples
    --------
    >>> groups(np.array([[1.0, 2.0, 1.0], [3.0, 4.0, 3.0]]))
    [[0, 2], [1]]
    """
    found: list[list[int]] = []
    for j in range(columns.shape[1]):
        for group in found:
            a, b = columns[:, j], columns[:, group[0]]
            if np.all(np.abs(a - b) <= rtol * (np.abs(a) + np.abs(b)) + atol):
                group.append(j)
                break
        else:
            found.append([j])
    return found


def _least_squares(tol: _Tolerance, proper: bool, accept: Accept) -> Found:
    """Exact when the distinct columns are linearly independent: then the coefficients are unique."""
    columns, target = tol.columns, tol.target
    n = columns.shape[1]
    together = groups(columns, rtol=tol.rtol, atol=float(tol.floor.min()))
    basis = columns[:, [g[0] for g in together]]
    norms = np.linalg.norm(basis, axis=0)
    if basis.shape[0] < basis.shape[1] or not norms.all():
        return Found(None, "least squares")
    if np.linalg.matrix_rank(basis / norms) < basis.shape[1]:  # unit columns: the rank is about shape, not size
        return Found(None, "least squares")
    coefficients = np.linalg.lstsq(basis / norms, target, rcond=None)[0] / norms
    counts = np.rint(coefficients).astype(int)
    if (counts < 0).any() or any(c > len(g) for c, g in zip(counts, together)):
        return Found(None, "least squares")
    subset = tuple(sorted(i for g, c in zip(together, counts) for i in g[:c]))
    if (proper and len(subset) == n) or not tol.matches(subset) or not accept(subset):
        return Found(None, "least squares")
    unique = all(c in (0, len(g)) for c, g in zip(counts, together))
    return Found(subset, "least squares", unique)


def _scalar_sums(values: np.ndarray) -> np.ndarray:
    sums = np.zeros(1)
    for v in values:
        sums = np.concatenate([sums, sums + v])
    return sums


def _meet_in_the_middle(tol: _Tolerance, proper: bool, seed: int, accept: Accept) -> Found:
    """Sums of each half's subsets at one random combination of the points, sorted and matched, then checked."""
    columns = tol.columns
    n = columns.shape[1]
    half = n // 2
    weights = np.random.default_rng(seed).standard_normal(columns.shape[0])
    scalars = weights @ columns
    # the most any subset's sum may miss by, in the combination: a loose first filter
    goal, slack = weights @ tol.target, np.abs(weights) @ tol.of(np.abs(columns).sum(axis=1))
    left, right = _scalar_sums(scalars[:half]), _scalar_sums(scalars[half:])
    order = np.argsort(right, kind="stable")
    ordered = right[order]
    low = np.searchsorted(ordered, goal - left - slack, side="left")
    high = np.searchsorted(ordered, goal - left + slack, side="right")
    found: list[tuple[int, ...]] = []
    checked = 0
    for a in np.flatnonzero(high > low):
        for b in order[low[a] : high[a]]:
            checked += 1
            subset = _bits(int(a) | (int(b) << half), n)
            if not (proper and len(subset) == n) and tol.matches(subset):
                found.append(subset)
        if checked > MAX_CANDIDATES:
            break
    return _chosen(found, accept, "meet in the middle")


def find_subset(
    columns: np.ndarray,
    target: np.ndarray,
    *,
    rtol: float = 1e-7,
    atol: float = 1e-9,
    proper: bool = True,
    seed: int = 0,
    accept: Accept = _everything,
) -> Found:
    """A set of columns whose sum equals ``target`` at every point (within ``tol``).

    Parameters
    ----------
    columns : ndarray, shape (points, n)
        One column per path: its product at each sampled point.
    target : ndarray, shape (points,)
        The answer at the same points.
    rtol, atol : float
        A sum matches at a point within ``rtol`` times the magnitudes of the
        target and of the summed columns there, plus ``atol``.
    proper : bool, default True
        Leave out the set of all columns (that one is the correct answer).
    seed : int
        For the random combination the meet-in-the-middle search uses.
    accept : callable, optional
        A last test of a subset the values match (``accept(subset)``): the
        diagnosis confirms it exactly, so that a term the tolerance hides
        beside a huge one is not taken for left out.

    Returns
    -------
    Found
        The subset with the most columns (fewest left out), the earliest
        columns first among equals.

    Notes
    -----
    Up to :data:`EXHAUSTIVE` columns every subset is tried: 2**n sums at each
    point, so the answer is exact and ties are seen. Beyond, columns that are
    equal at every point are grouped and the answer is written by least
    squares as a combination of the distinct columns: when they are linearly
    independent (the usual case: no path's product is a sum of others') the
    coefficients are unique, and a subset exists exactly when they are whole
    numbers between 0 and the group's size. When the distinct columns are
    dependent, a meet-in-the-middle search (sums of each half's subsets at one
    random combination of the points, sorted, matched within the tolerance,
    then checked at every point) covers up to :data:`MEET_IN_THE_MIDDLE`
    columns; past that the search gives up. Cost: O(2**n · points) exhaustive,
    O(n² · points) least squares, O(2**(n/2) · n) meet in the middle.

    Examples
    --------
    >>> points = np.array([[1.0, 2.0, 3.0], [2.0, 5.0, 7.0], [0.5, 1.0, 4.0]])
    >>> found = find_subset(points, points[:, 0] + points[:, 2])
    >>> found.subset, found.method, found.unique
    ((0, 2), 'exhaustive', True)
    """
    tol = _Tolerance(np.asarray(columns, dtype=float), np.asarray(target, dtype=float), rtol, atol)
    n = tol.columns.shape[1]
    if n <= EXHAUSTIVE:
        return _exhaustive(tol, proper, accept)
    found = _least_squares(tol, proper, accept)
    if found.subset is None and n <= MEET_IN_THE_MIDDLE:
        return _meet_in_the_middle(tol, proper, seed, accept)
    return found
