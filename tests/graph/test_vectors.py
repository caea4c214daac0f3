"""Vector values while a graph is built: entry by entry, scalars broadcast, lengths checked, entries named."""

from __future__ import annotations

import pytest

from explorer.errors import ExpressionError
from explorer.graph.vectors import component_name, entrywise, is_vector, reduced

W = ("vector", (("input", "w1"), ("input", "w2"), ("input", "w3")))
X = ("vector", (("input", "x1"), ("input", "x2"), ("input", "x3")))
SHORT = ("vector", (("input", "a"), ("input", "b")))
B = ("input", "b")


class TestEntrywise:
    def test_scalars_only_are_not_entrywise(self):
        assert entrywise("+", [B, ("const", 1)], 0, "b + 1") is None

    def test_vectors_pair_their_entries(self):
        assert entrywise("*", [W, X], 1, "w*x") == [
            [("input", "w1"), ("input", "x1")],
            [("input", "w2"), ("input", "x2")],
            [("input", "w3"), ("input", "x3")],
        ]

    def test_a_scalar_goes_to_every_entry(self):
        per_entry = entrywise("+", [W, B], 2, "w + b")
        assert [entry[1] for entry in per_entry] == [B, B, B]

    @pytest.mark.parametrize(("op", "verb"), [("+", "add"), ("*", "multiply"), ("**", "raise to a power")])
    def test_lengths_that_differ_are_refused_with_both_and_the_column(self, op, verb):
        with pytest.raises(ExpressionError) as info:
            entrywise(op, [W, SHORT], 4, "....?")
        assert (
            str(info.value.message)
            == f"cannot {verb} vectors of lengths 3 and 2 entry by entry: give them the same length"
        )
        assert info.value.column == 5

    def test_functions_say_their_name(self):
        with pytest.raises(ExpressionError, match="cannot apply max to vectors of lengths 2 and 3"):
            entrywise("max", [SHORT, W], 0, "max(...)")


class TestReduced:
    def test_dot_takes_the_first_vector_then_the_second(self):
        assert reduced("dot", [W, X], 0, "dot(w, x)") == [*W[1], *X[1]]

    def test_sum_takes_the_entries(self):
        assert reduced("sum", [W], 0, "sum(w)") == list(W[1])

    def test_dot_of_different_lengths(self):
        with pytest.raises(ExpressionError, match="dot\\(\\) needs vectors of the same length, got lengths 3 and 2"):
            reduced("dot", [W, SHORT], 0, "dot(w, v)")

    @pytest.mark.parametrize(("name", "operands"), [("dot", [W, B]), ("sum", [B])])
    def test_scalars_are_refused(self, name, operands):
        with pytest.raises(ExpressionError, match=f"{name}\\(\\) takes"):
            reduced(name, operands, 0, "...")


def test_is_vector():
    assert is_vector(W) and not is_vector(B)


@pytest.mark.parametrize(
    ("k", "taken", "name"), [(0, set(), "h1"), (2, set(), "h3"), (0, {"h1"}, "h_1"), (0, {"h1", "h_1"}, "h__1")]
)
def test_entries_are_named_after_their_vector(k, taken, name):
    assert component_name("h", k, taken) == name
