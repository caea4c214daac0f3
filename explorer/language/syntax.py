"""The syntax tree as data: nodes exactly as typed, statements, and the parsed program.

:mod:`explorer.language.parse` makes them; :mod:`explorer.graph.build` turns
them into the data-flow graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Program", "Statement", "Syntax"]


@dataclass(frozen=True)
class Syntax:
    """One node of the syntax tree, exactly as typed.

    Attributes
    ----------
    kind : {'num', 'const', 'name', 'op', 'call', 'vector', 'matrix'}
        What the node is; a ``vector`` is ``[a, b, ...]``, its entries in
        ``args``; a ``matrix`` is ``[[a, b], [c, d]]``, its rows (vectors) in ``args``.
    op : str
        For ``op``: ``+`` (an n-ary sum), ``*`` (an n-ary product), ``**``,
        ``neg`` or ``@`` (a matrix product); for ``call``: the canonical
        function name; for ``name``: the identifier; for ``const``: the
        constant as typed (``pi``, ``π``, ``e``); for ``num``: the literal as
        typed; ``[`` for a vector or a matrix.
    args : tuple of Syntax
        Operands in the order typed.
    pos : int
        0-based offset of the node's first character (of the first operator
        for sums and products).
    value : fractions.Fraction or None
        The exact value of a ``num``.
    inverted : tuple of bool
        For a sum: which terms are subtracted; for a product: which factors
        divide. Empty for other nodes.
    """

    kind: str
    op: str
    args: tuple[Syntax, ...] = ()
    pos: int = 0
    value: Fraction | None = None
    inverted: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Statement:
    """``name = value`` (``name`` is None for a bare expression).

    ``values`` holds one expression, or the entries of a value written as
    ``[f1, f2]`` (then ``is_vector``; the graph builder finds other vectors
    and the matrices).
    """

    name: str | None
    values: tuple[Syntax, ...]
    is_vector: bool
    pos: int


@dataclass(frozen=True)
class Program:
    """A parsed text: its statements, the last one being the output."""

    text: str
    statements: tuple[Statement, ...]
    operations: int
