"""Vector values while a graph is built: entry by entry, scalars broadcast, lengths checked, entries named.

The graph itself stays scalar, as in the paper's figures: a vector is a
tuple of scalar operands (its entries), and an operation on vectors is one
scalar operation per entry. ``w + x`` adds entry by entry, ``2*w`` and
``w + b`` broadcast the scalar to every entry, ``sin(w)`` applies the sine
to each entry, ``dot(w, x)`` and ``sum(v)`` reduce vectors to one scalar
node whose operands are the entries. Vectors of different lengths are
refused with both lengths and the column of the operation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..errors import ExpressionError

__all__ = ["VECTOR", "component_name", "entrywise", "is_vector", "reduced"]

#: The kind of a vector operand while building: ``("vector", (entry, entry, ...))``.
VECTOR = "vector"

#: What an operation does, for a message about lengths that do not match.
_VERBS = {"+": "add", "*": "multiply", "**": "raise to a power"}


def is_vector(operand: tuple) -> bool:
    """Is this operand a vector?

    Examples
    --------
    >>> is_vector(("vector", (("input", "w1"), ("input", "w2")))), is_vector(("input", "x"))
    (True, False)
    """
    return operand[0] == VECTOR


def _verb(op: str) -> str:
    return _VERBS.get(op, f"apply {op} to")


def entrywise(op: str, operands: Sequence[tuple], pos: int | None, text: str) -> list[list[tuple]] | None:
    """The scalar operands of ``op`` for each entry, or None when no operand is a vector.

    Scalars are broadcast to every entry.

    Raises
    ------
    ExpressionError
        When vectors of different lengths meet, naming both lengths, at ``pos``.

    Examples
    --------
    >>> w = ("vector", (("input", "w1"), ("input", "w2")))
    >>> entrywise("+", [w, ("input", "b")], 2, "w + b")
    [[('input', 'w1'), ('input', 'b')], [('input', 'w2'), ('input', 'b')]]
    >>> entrywise("+", [w, ("vector", (("input", "x1"),))], 2, "w + x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: cannot add vectors of lengths 2 and 1 entry by entry: ... at column 3
    """
    lengths = [len(o[1]) for o in operands if is_vector(o)]
    if not lengths:
        return None
    if len(set(lengths)) > 1:
        first = lengths[0]
        other = next(n for n in lengths if n != first)
        raise ExpressionError(
            f"cannot {_verb(op)} vectors of lengths {first} and {other} entry by entry: give them the same length",
            pos,
            text,
        )
    return [[o[1][k] if is_vector(o) else o for o in operands] for k in range(lengths[0])]


def reduced(name: str, operands: Sequence[tuple], pos: int | None, text: str) -> list[tuple]:
    """The operands of ``dot`` (all of the first vector's entries, then the second's) or ``sum``.

    Raises
    ------
    ExpressionError
        When an argument is not a vector, or the two vectors of ``dot`` differ in length.

    Examples
    --------
    >>> w = ("vector", (("input", "w1"), ("input", "w2")))
    >>> x = ("vector", (("input", "x1"), ("input", "x2")))
    >>> reduced("dot", [w, x], 0, "dot(w, x)")
    [('input', 'w1'), ('input', 'w2'), ('input', 'x1'), ('input', 'x2')]
    >>> reduced("sum", [("input", "b")], 0, "sum(b)")
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: sum() takes a vector, such as sum([a, b]) or sum(w) for w = [w1, w2] at column 1
    """
    if not all(is_vector(o) for o in operands):
        example = "dot([a, b], [c, d]) or dot(w, x)" if name == "dot" else f"{name}([a, b]) or {name}(w)"
        what = "two vectors" if name == "dot" else "a vector"
        raise ExpressionError(f"{name}() takes {what}, such as {example} for w = [w1, w2]", pos, text)
    lengths = [len(o[1]) for o in operands]
    if len(set(lengths)) > 1:
        raise ExpressionError(
            f"{name}() needs vectors of the same length, got lengths {lengths[0]} and {lengths[1]}", pos, text
        )
    return [entry for o in operands for entry in o[1]]


def component_name(vector: str, k: int, taken: Iterable[str] | set[str]) -> str:
    """The name of entry ``k`` (0-based) of the vector ``vector``: ``h1``, or ``h_1`` when ``h1`` is taken.

    Examples
    --------
    >>> component_name("h", 0, set()), component_name("h", 0, {"h1"}), component_name("h", 1, {"h2", "h_2"})
    ('h1', 'h_1', 'h__2')
    """
    taken = set(taken)
    name = f"{vector}{k + 1}"
    separator = "_"
    while name in taken:
        name = f"{vector}{separator}{k + 1}"
        separator += "_"
    return name
