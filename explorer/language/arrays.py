"""The parser's bracketed literals: ``[a, b]``, ``[[a, b], [c, d]]`` as a list of rows, and the bars ``|x|``.

A mixin of the parser (:mod:`explorer.language.parse`): it reads the tokens
with the parser's own cursor, counts nesting through its ``expr`` and refuses
ragged rows naming the row, arrays of more than two dimensions, and matrices
past :attr:`~explorer.language.lexer.Limits.max_side` rows or columns.
``|x − 1|`` is ``abs(x − 1)``, as the printers write it: a bar opens where an
operand is expected and closes after one; within bars a bar never starts a
product by juxtaposition, so ``|x|·|y|`` and ``|x·|y||`` read back.
"""

from __future__ import annotations

from .lexer import BAR, Token
from .syntax import Syntax

__all__ = ["Literals"]


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


class Literals:
    """The methods that read ``[...]`` and ``|...|`` for :class:`explorer.language.parse._Parser`."""

    @property
    def within_bars(self) -> bool:
        """Is the innermost open bracket an absolute value's bar (so that a bar now closes it)?"""
        return bool(self.open) and self.open[-1].text == BAR

    def bars_of(self, opening: Token) -> Syntax:
        """``|expr|``: the absolute value, as the printers write it."""
        self.advance()
        self.count_operation(opening.pos)
        self.open.append(opening)
        self.enter(opening.pos)
        if self.at_op(BAR):
            raise self.error("empty bars: write |x| for an absolute value")
        inner = self.expr()
        self.leave()
        self.close(opening, BAR)
        self.open.pop()
        return Syntax("call", "abs", (inner,), opening.pos)

    def vector(self, opening, row: bool = False) -> Syntax:
        """``[a, b, ...]``: a vector of scalar entries (a trailing comma is allowed), or a matrix of rows."""
        self.advance()
        self.open.append(opening)  # nesting is counted by expr()
        if self.at_op("[") and not row:
            return self.matrix(opening)
        entries: list[Syntax] = []
        while not self.at_op("]"):
            if self.at_op("["):
                if row:
                    raise self.error(
                        "a matrix's entries are numbers or expressions: arrays of more than two "
                        "dimensions are not supported"
                    )
                raise self.error(
                    "a vector's entries are numbers or expressions, not vectors; a matrix is a list "
                    "of rows, every one in brackets: [[a, b], [c, d]]"
                )
            entries.append(self.expr())
            if not self.at_op(","):
                break
            self.advance()
        if not entries:
            raise self.error("a vector needs at least one entry, as in [a, b]", opening.pos)
        self.close(opening, "]")
        self.open.pop()
        return Syntax("vector", "[", tuple(entries), opening.pos)

    def matrix(self, opening) -> Syntax:
        """``[[a, b], [c, d]]``: rows of the same length, at most ``max_side`` of them and of their entries."""
        rows: list[Syntax] = []
        side = self.limits.max_side
        while True:
            if not self.at_op("["):
                raise self.error("a matrix is a list of rows, every one in brackets: [[a, b], [c, d]]")
            row = self.vector(self.tok, row=True)
            number = len(rows) + 1
            if rows and len(row.args) != len(rows[0].args):
                raise self.error(
                    f"row {number} of the matrix has {_entries(len(row.args))} but row 1 has "
                    f"{_entries(len(rows[0].args))}: every row needs the same number",
                    row.pos,
                )
            if len(row.args) > side:
                raise self.error(f"a matrix may have at most {side} columns; row {number} has {len(row.args)}", row.pos)
            rows.append(row)
            if len(rows) > side:
                raise self.error(f"a matrix may have at most {side} rows; this one has more", row.pos)
            if not self.at_op(","):
                break
            self.advance()
            if self.at_op("]"):
                break
        self.close(opening, "]")
        self.open.pop()
        return Syntax("matrix", "[", tuple(rows), opening.pos)
