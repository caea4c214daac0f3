"""Matrix values while a graph is built: shapes checked and named, products and softmax written out entry by entry.

The graph stays scalar, as for vectors (:mod:`explorer.graph.vectors`): a
matrix is a tuple of rows of scalar operands, ``("matrix", rows)``, and an
operation on matrices is scalar operations on their entries. ``A @ B`` (and
``matmul``) is one ``dot`` node per entry of the result, for matrix·matrix,
matrix·vector, vector·matrix and vector·vector (a scalar, as in numpy);
``transpose`` moves entries and makes no node; ``softmax(v)`` is
``exp(v) / sum(exp(v))`` and ``logsumexp(v)`` is ``ln(sum(exp(v)))``, written
with the language's own operations. Operations entry by entry need operands
of the same shape (a scalar goes to every entry); a mismatch is refused with
both shapes, named as typed (``W is 2×2 but x has 3 entries``), and the
column of the operation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..errors import ExpressionError
from ..language.syntax import Syntax
from .vectors import VECTOR, entrywise, is_vector, reduced

__all__ = [
    "MATRIX",
    "describe",
    "elementwise",
    "entry_name",
    "flat",
    "make",
    "matmul",
    "reduction",
    "shape",
    "shape_text",
    "softmax",
    "transpose",
]

#: The kind of a matrix operand while building: ``("matrix", (row, row, ...))``, each row a tuple of scalars.
MATRIX = "matrix"

#: ``scalar(op, operands, inverted, pos)``: the builder's one scalar operation (folded, shared, counted).
Scalar = Callable[[str, list, tuple, "int | None"], tuple]

_VERBS = {"+": "add", "*": "multiply", "**": "raise to a power"}


def shape(operand: tuple) -> tuple[int, ...]:
    """``()`` for a scalar, ``(n,)`` for a vector, ``(rows, columns)`` for a matrix.

    Examples
    --------
    >>> shape(("input", "b")), shape(("vector", (("input", "a"),) * 3)), shape(("matrix", ((1, 2), (3, 4))))
    ((), (3,), (2, 2))
    """
    if operand[0] == MATRIX:
        return (len(operand[1]), len(operand[1][0]))
    if is_vector(operand):
        return (len(operand[1]),)
    return ()


def flat(operand: tuple) -> tuple:
    """The scalar entries, row by row (a scalar is its own one entry).

    Examples
    --------
    >>> flat(("matrix", (("a", "b"), ("c", "d"))))
    ('a', 'b', 'c', 'd')
    """
    if operand[0] == MATRIX:
        return tuple(entry for row in operand[1] for entry in row)
    if is_vector(operand):
        return tuple(operand[1])
    return (operand,)


def make(dims: tuple[int, ...], entries: Sequence[tuple]) -> tuple:
    """The operand of this shape from its entries, row by row.

    Examples
    --------
    >>> make((2, 2), ["a", "b", "c", "d"])
    ('matrix', (('a', 'b'), ('c', 'd')))
    >>> make((), [("input", "x")])
    ('input', 'x')
    """
    if len(dims) == 2:
        rows, columns = dims
        return (MATRIX, tuple(tuple(entries[r * columns : (r + 1) * columns]) for r in range(rows)))
    if len(dims) == 1:
        return (VECTOR, tuple(entries))
    (only,) = entries
    return only


def shape_text(dims: tuple[int, ...]) -> str:
    """A shape as the paper writes it: ``2×3``, ``3`` or ``1`` (a scalar).

    Examples
    --------
    >>> shape_text((2, 3)), shape_text((3,)), shape_text(())
    ('2×3', '3', '1')
    """
    return "×".join(str(n) for n in dims) or "1"


def describe(operand: tuple, syntax: Syntax | None, side: str) -> str:
    """An operand and its shape, by its name when it was typed as one: ``W is 2×3``, ``x has 3 entries``.

    Examples
    --------
    >>> from explorer.language.syntax import Syntax
    >>> describe(("vector", ("a", "b", "c")), Syntax("name", "x"), "the right side")
    'x has 3 entries'
    >>> describe(("matrix", (("a", "b"),)), None, "the left side")
    'the left side is 1×2'
    """
    name = syntax.op if syntax is not None and syntax.kind == "name" else side
    dims = shape(operand)
    if len(dims) == 2:
        return f"{name} is {dims[0]}×{dims[1]}"
    if len(dims) == 1:
        return f"{name} has {dims[0]} entr{'y' if dims[0] == 1 else 'ies'}"
    return f"{name} is a scalar"


def _count(n: int, noun: str) -> str:
    """``3 columns``, ``1 row``, ``2 entries``."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"


def _name(syntax: Syntax | None, side: str) -> str:
    return syntax.op if syntax is not None and syntax.kind == "name" else side


def elementwise(
    op: str, operands: Sequence[tuple], syntaxes: Sequence[Syntax | None], pos: int | None, text: str
) -> tuple[tuple[int, ...], list[list[tuple]]] | None:
    """The result's shape and the scalar operands of ``op`` for each entry; None when every operand is a scalar.

    A scalar goes to every entry; the others must have the same shape.

    Raises
    ------
    ExpressionError
        When shapes differ, naming both operands and their shapes (and ``@`` when a matrix product
        was probably meant), at ``pos``.

    Examples
    --------
    >>> W = ("matrix", ((("input", "a"), ("input", "b")),))
    >>> elementwise("+", [W, ("input", "c")], [None, None], 2, "W + c")
    ((1, 2), [[('input', 'a'), ('input', 'c')], [('input', 'b'), ('input', 'c')]])
    """
    shapes = [shape(o) for o in operands]
    if not any(shapes):
        return None
    if all(len(s) < 2 for s in shapes):  # vectors only: their own messages
        per_entry = entrywise(op, operands, pos, text)
        assert per_entry is not None
        return (len(per_entry),), per_entry
    first = next(k for k, s in enumerate(shapes) if s)
    other = next((k for k, s in enumerate(shapes) if s and s != shapes[first]), None)
    if other is not None:
        a, b = (first, other) if first < other else (other, first)
        names = ("the left side", "the right side") if len(operands) == 2 else ("one operand", "another")
        verb = _VERBS.get(op, f"apply {op} to")
        message = (
            f"cannot {verb} {_name(syntaxes[a], names[0])} and {_name(syntaxes[b], names[1])} entry by entry: "
            f"{describe(operands[a], syntaxes[a], names[0])} but {describe(operands[b], syntaxes[b], names[1])}"
        )
        if op == "*" and len(operands) == 2:
            message += "; '*' works entry by entry on equal shapes: for the matrix product write A @ B"
        raise ExpressionError(message, pos, text)
    dims = shapes[first]
    entries = [flat(o) if shape(o) else None for o in operands]
    count = len(flat(operands[first]))
    return dims, [[e[k] if e is not None else o for o, e in zip(operands, entries)] for k in range(count)]


def matmul(
    left: tuple, right: tuple, syntaxes: Sequence[Syntax | None], pos: int | None, text: str, scalar: Scalar
) -> tuple:
    """``left @ right``: one ``dot`` of a row and a column per entry of the result.

    A vector on the left is a row, on the right a column; two vectors give their dot product.

    Raises
    ------
    ExpressionError
        For a scalar operand (multiply it with ``*``), or inner sizes that differ, naming both shapes.
    """
    names = ("the left side", "the right side")
    sides = (describe(left, syntaxes[0], names[0]), describe(right, syntaxes[1], names[1]))
    dims = (shape(left), shape(right))
    for dim, side in zip(dims, sides):
        if not dim:
            raise ExpressionError(
                f"'@' multiplies matrices and vectors, but {side}: multiply by a scalar with '*'", pos, text
            )
    inner = (dims[0][-1], dims[1][0])
    if inner[0] != inner[1]:
        a, b = _name(syntaxes[0], names[0]), _name(syntaxes[1], names[1])
        left_count = _count(inner[0], "column" if len(dims[0]) == 2 else "entry")
        right_count = _count(inner[1], "row" if len(dims[1]) == 2 else "entry")
        what = f"{a}'s {left_count} must match {b}'s {right_count}"
        raise ExpressionError(f"cannot multiply {a} @ {b}: {sides[0]} but {sides[1]}; {what}", pos, text)
    rows = left[1] if len(dims[0]) == 2 else (left[1],)
    columns = tuple(zip(*right[1])) if len(dims[1]) == 2 else (right[1],)
    entries = [scalar("dot", [*row, *column], (False,) * (2 * len(row)), pos) for row in rows for column in columns]
    result = dims[0][:-1] + dims[1][1:]  # (r, c) @ (c, d) -> (r, d); a vector loses its one side
    return make(result, entries)


def transpose(operand: tuple) -> tuple:
    """A matrix's rows as columns; a vector or a scalar is its own transpose (it is a row or a column as ``@`` needs).

    Examples
    --------
    >>> transpose(("matrix", (("a", "b"), ("c", "d"))))
    ('matrix', (('a', 'c'), ('b', 'd')))
    """
    if operand[0] != MATRIX:
        return operand
    return (MATRIX, tuple(zip(*operand[1])))


def reduction(
    name: str, operands: Sequence[tuple], syntaxes: Sequence[Syntax | None], pos: int | None, text: str
) -> list[tuple]:
    """The operands of ``dot``, ``sum`` or ``mean``: the entries (a matrix's row by row).

    Raises
    ------
    ExpressionError
        For ``dot`` of a matrix (write ``@``), or what :func:`explorer.graph.vectors.reduced` refuses.
    """
    if any(o[0] == MATRIX for o in operands):
        if name == "dot":
            k = next(k for k, o in enumerate(operands) if o[0] == MATRIX)
            side = describe(operands[k], syntaxes[k], "one argument")
            raise ExpressionError(
                f"dot() takes two vectors, but {side}: for a matrix times a vector write A @ x", pos, text
            )
        return [entry for o in operands for entry in flat(o)]
    return reduced(name, operands, pos, text)


def softmax(name: str, operand: tuple, syntax: Syntax | None, pos: int | None, text: str, scalar: Scalar) -> tuple:
    """``softmax(v) = exp(v) / sum(exp(v))`` or ``logsumexp(v) = ln(sum(exp(v)))``, in the language's operations.

    Raises
    ------
    ExpressionError
        For anything but a vector.
    """
    dims = shape(operand)
    if len(dims) != 1:
        side = describe(operand, syntax, "its argument")
        per_row = "; apply it to one row at a time" if len(dims) == 2 else ""
        raise ExpressionError(
            f"{name}() takes a vector, such as {name}([a, b]) or {name}(z) for z = [z1, z2], but {side}{per_row}",
            pos,
            text,
        )
    powers = [scalar("exp", [entry], (False,), pos) for entry in operand[1]]
    total = powers[0] if len(powers) == 1 else scalar("+", powers, (False,) * len(powers), pos)
    if name == "logsumexp":
        return scalar("log", [total], (False,), pos)
    return (VECTOR, tuple(scalar("*", [p, total], (False, True), pos) for p in powers))


def entry_name(matrix: str, row: int, column: int, taken: Iterable[str]) -> str:
    """The name of an entry (0-based) of a computed matrix: ``H12``, ``H1_12`` past 9, ``H_12`` when taken.

    Examples
    --------
    >>> entry_name("H", 0, 1, set()), entry_name("H", 0, 11, set()), entry_name("H", 0, 1, {"H12"})
    ('H12', 'H1_12', 'H_12')
    """
    taken = set(taken)
    index = f"{row + 1}{column + 1}" if row < 9 and column < 9 else f"{row + 1}_{column + 1}"
    name = f"{matrix}{index}"
    separator = "_"
    while name in taken:
        name = f"{matrix}{separator}{index}"
        separator += "_"
    return name
