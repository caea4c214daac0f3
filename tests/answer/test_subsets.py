"""The subset search on numbers alone: every method finds the subset that was summed, and says when it is not unique."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.answer import subsets
from explorer.answer.subsets import EXHAUSTIVE, MEET_IN_THE_MIDDLE, find_subset, groups


def columns(n: int, points: int, seed: int = 1) -> np.ndarray:
    """Random columns: linearly independent, as generic path products are."""
    return np.random.default_rng(seed).uniform(-3, 3, size=(points, n))


class TestExhaustive:
    @given(st.integers(1, EXHAUSTIVE).flatmap(lambda n: st.tuples(st.just(n), st.sets(st.integers(0, n - 1)))))
    def test_the_summed_subset_is_found(self, case):
        n, chosen = case
        values = columns(n, n + 4)
        target = values[:, sorted(chosen)].sum(axis=1)
        found = find_subset(values, target)
        if len(chosen) == n:  # the whole set is the correct answer, not a diagnosis
            assert found.subset is None
        else:
            assert found == subsets.Found(tuple(sorted(chosen)), "exhaustive", True)

    def test_equal_columns_are_not_unique_and_the_earliest_is_kept(self):
        values = columns(3, 6)
        values[:, 2] = values[:, 0]
        target = values[:, 0] + values[:, 1]
        found = find_subset(values, target)
        assert found == subsets.Found((0, 1), "exhaustive", False)

    def test_the_most_columns_win_a_tie(self):
        values = columns(3, 6)
        values[:, 2] = values[:, 0] + values[:, 1]  # {2} and {0, 1} both sum to the target
        target = values[:, 2]
        assert find_subset(values, target).subset == (0, 1)

    def test_no_subset(self):
        values = columns(4, 8)
        target = values[:, 0] * 2.5
        assert find_subset(values, target).subset is None

    def test_the_empty_subset_is_a_subset(self):
        values = columns(3, 6)
        assert find_subset(values, np.zeros(6)).subset == ()


class TestBeyondExhaustive:
    @pytest.mark.parametrize("n", [EXHAUSTIVE + 1, 30, 60])
    def test_least_squares_finds_the_subset(self, n):
        values = columns(n, 2 * n + 12)
        chosen = tuple(range(0, n, 3))
        target = values[:, list(chosen)].sum(axis=1)
        assert find_subset(values, target) == subsets.Found(chosen, "least squares")

    def test_repeated_columns_are_counted_by_least_squares(self):
        values = columns(20, 40)
        values[:, 10:] = values[:, :10]  # every product twice (x*x has two paths of product x)
        target = values[:, :10].sum(axis=1) + values[:, 3]
        found = find_subset(values, target)
        assert found.method == "least squares" and not found.unique
        assert found.subset == (*range(10), 13)
        assert np.allclose(values[:, list(found.subset)].sum(axis=1), target)

    def test_dependent_columns_fall_back_to_meet_in_the_middle(self):
        n = 24
        values = columns(n, 2 * n + 12)
        values[:, 5] = values[:, 1] + values[:, 2]  # dependent, not equal: least squares cannot decide
        chosen = (0, 1, 2, 7, 20)
        target = values[:, list(chosen)].sum(axis=1)
        found = find_subset(values, target)
        assert found.method == "meet in the middle" and not found.unique
        assert found.subset == chosen  # {0, 5, 7, 20} sums alike; the one with more columns is kept

    def test_meet_in_the_middle_has_a_limit(self):
        n = MEET_IN_THE_MIDDLE + 1
        values = columns(n, 2 * n)
        values[:, 5] = values[:, 1] + values[:, 2]
        target = values[:, [1, 2, 9]].sum(axis=1)
        assert find_subset(values, target) == subsets.Found(None, "least squares")

    def test_points_of_very_different_sizes_weigh_alike(self):
        x = np.linspace(0.2, 3.0, 60)
        values = np.stack([k * x ** (k - 1) for k in range(1, 25)], axis=1)  # d/dx of x + x² + … + x²⁴
        chosen = tuple(k for k in range(24) if k not in (2, 4))
        target = values[:, list(chosen)].sum(axis=1)
        assert find_subset(values, target).subset == chosen


def test_groups_of_equal_columns():
    values = columns(5, 4)
    values[:, 3] = values[:, 1]
    assert groups(values) == [[0], [1, 3], [2], [4]]


def test_a_huge_column_does_not_hide_a_small_one():
    values = np.array([[1.0, 5e11], [2.0, 5e11], [0.5, 5e11]])  # x and x + e²⁷, as in x·(x + e²⁷)
    assert find_subset(values, np.zeros(3)).subset == ()
    assert find_subset(values, values[:, 1]).subset == (1,)


def test_exhaustive_agrees_with_brute_force():
    values = np.round(columns(6, 5), 0)  # small integers: many coincidences
    target = values[:, [0, 3]].sum(axis=1)
    every = [s for r in range(7) for s in itertools.combinations(range(6), r) if r < 6]
    matching = [s for s in every if np.allclose(values[:, list(s)].sum(axis=1), target)]
    found = find_subset(values, target)
    assert found.subset == min(matching, key=lambda s: (-len(s), s))
    assert found.unique == (len(matching) == 1)
