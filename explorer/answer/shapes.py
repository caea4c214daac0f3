"""The shape a derivative has and the shapes an answer may have: a gradient is shaped as what it is taken by.

The derivative of a scalar by an input is one expression; by a vector ``w``
of n inputs it is a vector of n (the gradient); by a matrix ``W`` it has W's
rows and columns; a vector output gives one row per output (the Jacobian).
An answer is compared entry by entry, row by row, so it may take any of the
shapes that list the entries in that order: the derivative's own shape, the
shape the explorer prints it in (a matrix output's derivative by one input
is printed as a list), the Jacobian's rows and columns where the derivative
would need three indexes, and a vector written as one row or one column
(``[[2*w1, 2*w2]]``, the paper's row gradient). Any other shape is a wrong
answer, said in words by :func:`mismatch`.
"""

from __future__ import annotations

import math

from ..calculus.result import Analysis
from ..language.printing import derivative
from .read import shape_of

__all__ = ["accepted", "expected", "mismatch", "described"]


def expected(analysis: Analysis) -> tuple[int, ...]:
    """The derivative's shape: the output's, then what it is taken by; as a Jacobian past two indexes.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> expected(explained("W = [[a, b, c], [p, q, r]]; x = [1, 2, 3]; y = sum(W @ x)", wrt="W"))
    (2, 3)
    >>> expected(explained("[x, x**2]")), expected(explained("x**2"))
    ((2,), ())
    """
    by = analysis.flow.shape(analysis.wrt) if analysis.by_vector and analysis.wrt else ()
    natural = shape_of(analysis.flow) + by
    if len(natural) <= 2:
        return natural
    return (len(analysis.outputs), len(analysis.wrt_inputs))


def _printed(analysis: Analysis) -> tuple[int, ...]:
    """The shape of :attr:`Analysis.total` as the explorer prints it (one list per output, ...)."""
    outputs = (len(analysis.outputs),) if analysis.is_vector else ()
    return outputs + (analysis.flow.shape(analysis.wrt or "") if analysis.by_vector else ())


def accepted(analysis: Analysis) -> tuple[tuple[int, ...], ...]:
    """Every shape an answer may take, the derivative's own first.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> accepted(explained("w = [w1, w2]; y = dot(w, w)", wrt="w"))
    ((2,), (1, 2), (2, 1))
    """
    shapes = [expected(analysis)]
    printed = _printed(analysis)
    if len(printed) <= 2:
        shapes.append(printed)
    for shape in list(shapes):
        if len(shape) == 1:
            shapes += [(1, shape[0]), (shape[0], 1)]
    return tuple(dict.fromkeys(shapes))


def described(shape: tuple[int, ...]) -> str:
    """A shape in words: one expression, a vector of 3, a 2×3 matrix.

    Examples
    --------
    >>> described(()), described((1,)), described((3,)), described((2, 3))
    ('one expression', 'a vector of 1', 'a vector of 3', 'a 2×3 matrix')
    """
    if not shape:
        return "one expression"
    if len(shape) == 1:
        return f"a vector of {shape[0]}"
    return "a " + "×".join(str(n) for n in shape) + " matrix" if len(shape) == 2 else f"{len(shape)} indexes"


def _entries(n: int) -> str:
    return f"{n} entry" if n == 1 else f"{n:,} entries"


def _name(analysis: Analysis) -> str:
    names = [derivative(out, analysis.wrt) if analysis.wrt else f"d{out}" for out in analysis.outputs]
    return "[" + ", ".join(names) + "]" if analysis.is_vector else names[0]


def mismatch(analysis: Analysis, shape: tuple[int, ...]) -> str | None:
    """What is wrong with an answer of this shape, in words; None when the shape is one of :func:`accepted`.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("w = [w1, w2]; y = dot(w, w)", wrt="w")
    >>> mismatch(a, ()), mismatch(a, (2,))
    ('dy/dw has 2 entries, your answer has 1', None)
    >>> mismatch(explained("W = [[a, b], [c, d]]; y = sum(W @ [1, 2])", wrt="W"), (4,))
    'dy/dW is a 2×2 matrix, as W is, and your answer is a vector of 4'
    """
    if shape in accepted(analysis):
        return None
    wanted = expected(analysis)
    name = _name(analysis)
    size, given = math.prod(wanted), math.prod(shape)
    if not wanted:
        return f"{name} is one expression, your answer has {_entries(given)}"
    if size != given:
        return f"{name} has {_entries(size)}, your answer has {given:,}"
    as_is = f", as {analysis.wrt} is," if analysis.by_vector and not analysis.is_vector else ""
    return f"{name} is {described(wanted)}{as_is} and your answer is {described(shape)}"
