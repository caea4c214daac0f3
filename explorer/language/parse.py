"""Turn tokens into a syntax tree with a hand-written allowlist grammar.

User text never reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``: the
tokenizer (:mod:`explorer.language.lexer`) and this precedence-climbing parser accept
exactly the input language documented in the README and refuse everything
else with an :class:`~explorer.errors.ExpressionError` that names what is
wrong and the column where it is. Function names come from the language
table (:mod:`explorer.language.operations`).

The grammar (``stmt`` separated by newlines or ``;``)::

    program := stmt ((NEWLINE | ';') stmt)*
    stmt    := NAME '=' expr | expr
    expr    := term (('+' | '-') term)*                      one n-ary sum
    term    := unary (('*' | '/') unary | <juxtaposition> power)*   one n-ary product
    unary   := ('-' | '+') unary | power
    power   := atom SUPERSCRIPT* (('**' | '^') unary)?
    atom    := NUMBER | NAME | FUNC SUPERSCRIPT? '(' expr (',' expr)* ')'
             | '(' expr ')' | '[' expr (',' expr)* ','? ']'

Sums and products are n-ary as typed: ``a + b - c`` is one sum of three
terms, the last subtracted; parentheses start a new node, so ``(a + b) + c``
is a sum inside a sum. ``[a, b, c]`` is a vector, which a statement may name
(``w = [w1, w2, w3]``); :mod:`explorer.graph.vectors` applies operations to it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from fractions import Fraction

from ..errors import ExpressionError
from .lexer import LIMITS, Limits, Token, describe, tokenize
from .operations import CONSTANTS, FUNCTIONS, suggestion

__all__ = ["Program", "Statement", "Syntax", "parse"]

# Each level of nesting costs a few Python frames here, in the graph builder and in sympy. Make room for
# the deepest input the limits allow, once, on import (pure-Python recursion does not use the C stack on
# Python 3.11+, so a higher limit is safe).
_FRAMES = 16 * LIMITS.max_depth + 2000
if sys.getrecursionlimit() < _FRAMES:
    sys.setrecursionlimit(_FRAMES)


@dataclass(frozen=True)
class Syntax:
    """One node of the syntax tree, exactly as typed.

    Attributes
    ----------
    kind : {'num', 'const', 'name', 'op', 'call', 'vector'}
        What the node is; a ``vector`` is ``[a, b, ...]``, its entries in ``args``.
    op : str
        For ``op``: ``+`` (an n-ary sum), ``*`` (an n-ary product), ``**`` or
        ``neg``; for ``call``: the canonical function name; for ``name``: the
        identifier; for ``const``: the constant as typed (``pi``, ``π``,
        ``e``); for ``num``: the literal as typed; ``[`` for a vector.
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
    ``[f1, f2]`` (then ``is_vector``; the graph builder finds other vectors).
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


class _Parser:
    def __init__(self, text: str, limits: Limits):
        self.text = text
        self.limits = limits
        self.tokens = tokenize(text, limits)
        self.i = 0
        self.depth = 0
        self.operations = 0
        self.open: list[Token] = []  # the brackets not yet closed

    # -- helpers -------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def error(self, message: str, pos: int | None = None) -> ExpressionError:
        return ExpressionError(message, self.tok.pos if pos is None else pos, self.text)

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at_op(self, *ops: str) -> bool:
        return self.tok.kind == "OP" and self.tok.text in ops

    def count_operation(self, pos: int) -> None:
        self.operations += 1
        if self.operations > self.limits.max_operations:
            raise self.error(f"too many operations: at most {self.limits.max_operations} are allowed", pos)

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise self.error(f"nesting is too deep: at most {self.limits.max_depth} levels are allowed", pos)

    def leave(self) -> None:
        self.depth -= 1

    def close(self, opening: Token, closing: str) -> None:
        """Expect the bracket that closes ``opening``."""
        if not self.at_op(closing):
            if self.tok.kind in ("END", "NEWLINE"):
                raise self.error(f"{opening.text!r} is never closed: add {closing!r}", opening.pos)
            raise self.unexpected()
        self.advance()

    # -- grammar -------------------------------------------------------------
    def program(self) -> Program:
        statements: list[Statement] = []
        while True:
            while self.tok.kind == "NEWLINE":
                self.advance()
            if self.tok.kind == "END":
                break
            statements.append(self.statement())
            if self.tok.kind not in ("NEWLINE", "END"):
                raise self.unexpected()
        if not statements:
            raise ExpressionError("the expression is empty", None, self.text)
        for stmt in statements[:-1]:
            if stmt.name is None:
                raise self.error(
                    "only the last statement may be a bare expression; name the others (u1 = ...)", stmt.pos
                )
        return Program(self.text, tuple(statements), self.operations)

    def statement(self) -> Statement:
        start = self.tok.pos
        name = None
        if self.tok.kind == "NAME" and self.tokens[self.i + 1].kind == "OP" and self.tokens[self.i + 1].text == "=":
            name_tok = self.advance()
            name = name_tok.text
            if name in FUNCTIONS:
                raise self.error(f"{name!r} is a function and cannot be assigned", name_tok.pos)
            if name in CONSTANTS:
                raise self.error(f"{name!r} is a constant and cannot be assigned", name_tok.pos)
            self.advance()
        if self.at_op("="):
            raise self.error("'=' must follow a name, as in u1 = x**2")
        value = self.expr()
        vector = value.kind == "vector"
        return Statement(name, value.args if vector else (value,), vector, start)

    def unexpected(self) -> ExpressionError:
        tok = self.tok
        if tok.kind == "OP" and tok.text == ")":
            return self.error("unmatched ')'")
        if tok.kind == "OP" and tok.text == "]":
            return self.error("unmatched ']'")
        if tok.kind == "OP" and tok.text == "=":
            return self.error(
                "'=' may appear once per statement, after a name (u1 = x**2); "
                "if a line break was lost, separate the statements with ';'"
            )
        if tok.kind == "OP" and tok.text == "[":
            return self.error("subscripts are not supported: name the entries (w = [w1, w2]) and write w1")
        if tok.kind == "OP" and tok.text == ",":
            return self.error("unexpected ','; write a vector as [f1, f2]")
        return self.error(f"unexpected {describe(tok)}; is an operator missing?")

    def expr(self) -> Syntax:
        self.enter(self.tok.pos)
        start = self.tok.pos
        terms = [self.term()]
        inverted = [False]
        pos = None
        while self.at_op("+", "-"):
            op = self.advance()
            pos = op.pos if pos is None else pos
            self.count_operation(op.pos)
            terms.append(self.term())
            inverted.append(op.text == "-")
        self.leave()
        if len(terms) == 1:
            return terms[0]
        first = terms[0]
        if first.kind == "op" and first.op == "neg":  # −x + y: one sum whose first term is subtracted
            terms[0], inverted[0] = first.args[0], True
            pos = start
        return Syntax("op", "+", tuple(terms), pos, inverted=tuple(inverted))

    def _starts_implicit_factor(self, left: Syntax) -> bool:
        tok = self.tok
        if tok.kind == "NAME":
            return True
        if tok.kind == "OP" and tok.text == "(":
            return True
        if tok.kind == "NUM":
            kind = "number" if left.kind == "num" else "expression"
            raise self.error(f"missing operator between the {kind} and the number {tok.text!r}; write '*' to multiply")
        return False

    def term(self) -> Syntax:
        factors = [self.unary()]
        inverted = [False]
        pos = None
        while True:
            if self.at_op("*", "/"):
                op = self.advance()
                self.count_operation(op.pos)
                factors.append(self.unary())
                inverted.append(op.text == "/")
            elif self._starts_implicit_factor(factors[-1]):
                op = self.tok
                self.count_operation(op.pos)
                factors.append(self.power())
                inverted.append(False)
            else:
                break
            pos = op.pos if pos is None else pos
        if len(factors) == 1:
            return factors[0]
        return Syntax("op", "*", tuple(factors), pos, inverted=tuple(inverted))

    def unary(self) -> Syntax:
        if self.at_op("-", "+"):
            op = self.advance()
            self.enter(op.pos)
            operand = self.unary()
            self.leave()
            if op.text == "+":
                return operand
            self.count_operation(op.pos)
            return Syntax("op", "neg", (operand,), op.pos)
        return self.power()

    def power(self) -> Syntax:
        base = self.atom()
        while self.tok.kind == "SUP":
            sup = self.advance()
            self.count_operation(sup.pos)
            base = Syntax("op", "**", (base, Syntax("num", str(sup.value), (), sup.pos, Fraction(sup.value))), sup.pos)
        if self.at_op("**"):
            op = self.advance()
            self.count_operation(op.pos)
            self.enter(op.pos)
            exponent = self.unary()
            self.leave()
            return Syntax("op", "**", (base, exponent), op.pos)
        return base

    def atom(self) -> Syntax:
        tok = self.tok
        if tok.kind == "NUM":
            self.advance()
            return Syntax("num", tok.text, (), tok.pos, tok.value)
        if tok.kind == "NAME":
            self.advance()
            if tok.text in FUNCTIONS:
                return self.call(tok)
            if tok.text in CONSTANTS:
                return Syntax("const", tok.text, (), tok.pos)
            if self.at_op("("):
                raise self.error(
                    f"unknown function {tok.text!r}{suggestion(tok.text)} (to multiply, write {tok.text}*(...))",
                    tok.pos,
                )
            return Syntax("name", tok.text, (), tok.pos)
        if tok.kind == "OP" and tok.text == "(":
            self.advance()
            self.open.append(tok)
            if self.at_op(")"):
                raise self.error("empty parentheses")
            inner = self.expr()
            self.close(tok, ")")
            self.open.pop()
            return inner
        if tok.kind == "OP" and tok.text == "[":
            return self.vector(tok)
        if tok.kind in ("END", "NEWLINE"):
            if self.open:
                bracket, closing = self.open[-1], ")" if self.open[-1].text == "(" else "]"
                raise self.error(f"{bracket.text!r} is never closed: add an expression and {closing!r}", bracket.pos)
            raise self.error("expression ends too early: expected a number, a name or '('")
        if tok.kind == "SUP":
            raise self.error("a superscript must follow a number, a name or ')'")
        if tok.kind == "OP" and tok.text in ("*", "/", "**"):
            raise self.error(f"{tok.text!r} needs something on its left")
        raise self.unexpected()

    def vector(self, opening: Token) -> Syntax:
        """``[a, b, ...]``: a vector of scalar entries (a trailing comma is allowed)."""
        self.advance()
        self.open.append(opening)  # nesting is counted by expr()
        entries: list[Syntax] = []
        while not self.at_op("]"):
            if self.at_op("["):
                raise self.error("a vector's entries are numbers or expressions, not vectors")
            entries.append(self.expr())
            if not self.at_op(","):
                break
            self.advance()
        if not entries:
            raise self.error("a vector needs at least one entry, as in [a, b]", opening.pos)
        self.close(opening, "]")
        self.open.pop()
        return Syntax("vector", "[", tuple(entries), opening.pos)

    def call(self, name: Token) -> Syntax:
        row = FUNCTIONS[name.text]
        least, most = row.arity
        power = None
        if self.tok.kind == "SUP":
            power = self.advance()
        if not self.at_op("("):
            raise self.error(f"{name.text} is a function: write {name.text}(...) with parentheses", name.pos)
        self.count_operation(name.pos)
        open_tok = self.advance()
        self.open.append(open_tok)
        self.enter(name.pos)
        args: list[Syntax] = []
        if not self.at_op(")"):
            args.append(self.expr())
            while self.at_op(","):
                self.advance()
                args.append(self.expr())
        self.close(open_tok, ")")
        self.open.pop()
        self.leave()
        if len(args) < least or (most is not None and len(args) > most):
            if most is None:
                wanted = f"at least {least} arguments"
            elif least == most:
                wanted = f"{least} argument" + ("s" if least != 1 else "")
            else:
                wanted = f"{least} to {most} arguments"
            raise self.error(f"{name.text}() takes {wanted}, got {len(args)}", name.pos)
        node = Syntax("call", row.name, tuple(args), name.pos)
        if power is not None:
            self.count_operation(power.pos)
            exponent = Syntax("num", str(power.value), (), power.pos, Fraction(power.value))
            node = Syntax("op", "**", (node, exponent), power.pos)
        return node


def parse(text: str, *, limits: Limits = LIMITS) -> Program:
    """Parse an expression or a program of intermediate variables.

    Parameters
    ----------
    text : str
        ``x + x**2``, ``[ln(x**2), sin(3x)]`` or ``u1 = x**3; y = sin(u1)``.
    limits : Limits, optional
        Static limits on size, nesting and numbers.

    Returns
    -------
    Program
        The statements; the last one is the output.

    Raises
    ------
    ExpressionError
        For anything outside the input language, with the column.

    Examples
    --------
    >>> prog = parse("2x + sin(x)² - 1")
    >>> total = prog.statements[0].values[0]
    >>> total.op, len(total.args), total.inverted
    ('+', 3, (False, False, True))
    >>> parse("x.__class__")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: a '.' must be part of a number such as 0.5; attribute access ... at column 2
    >>> parse("sigmoud(x)")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: unknown function 'sigmoud'; did you mean sigmoid? ... at column 1
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expected text, got {type(text).__name__}")
    if len(text) > limits.max_chars:
        raise ExpressionError(f"the input is too long: {len(text)} characters, at most {limits.max_chars} are allowed")
    if not text.strip():
        raise ExpressionError("the expression is empty")
    return _Parser(text, limits).program()
