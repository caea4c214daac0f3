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
    term    := product ('@' unary product-rest)*             matrix products, left to right
    product := unary (('*' | '/') unary | <juxtaposition> power)*   one n-ary product
    unary   := ('-' | '+') unary | power
    power   := atom (SUPERSCRIPT | 'ᵀ')* (('**' | '^') unary)?
    atom    := NUMBER | NAME | FUNC fpower? '(' expr (',' expr)* ')'
             | '(' expr ')' | '[' expr (',' expr)* ','? ']'
             | '[' row (',' row)* ','? ']'                  a matrix: rows of the same length
             | '|' expr '|' | '√' power                     abs(expr), sqrt(power): as the printers write them
    fpower  := SUPERSCRIPT | ('**' | '^') '-'? INTEGER      sin²(x), sin^2(x); sin^-1(x) is asin(x)

Sums and products are n-ary as typed: ``a + b - c`` is one sum of three
terms, the last subtracted; parentheses start a new node, so ``(a + b) + c``
is a sum inside a sum. ``@`` binds as ``*`` does, left to right, as in
Python: ``2*W @ x*3`` is ``((2*W) @ x)*3``. ``[a, b, c]`` is a vector and
``[[a, b], [c, d]]`` a matrix (a list of rows), which a statement may name
(``w = [w1, w2, w3]``); :mod:`explorer.graph.matrices` applies operations to
them. ``Wᵀ`` is ``transpose(W)``. A function raised to a power is the
textbook's ``sin^2(x) = sin(x)**2``, and ``sin^-1(x)`` (or ``sin⁻¹(x)``) is
its inverse function ``asin(x)``. The printers' ``|x|·|y|`` and ``√x`` read back
(:mod:`explorer.language.arrays`; ``√x²`` is ``√(x²)``). A caller may pass its own
tables of functions and constants (:mod:`explorer.language.answers`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from fractions import Fraction

from ..errors import ExpressionError
from .arrays import Literals
from .lexer import BAR, LIMITS, ROOT, TRANSPOSE, Limits, Token, describe, tokenize
from .operations import CONSTANTS, FUNCTIONS, Operation, operation, unknown_function
from .syntax import Program, Statement, Syntax

__all__ = ["Program", "Statement", "Syntax", "parse"]

# Each level of nesting costs a few Python frames here, in the graph builder and in sympy. Make room for
# the deepest input the limits allow, once, on import (pure-Python recursion does not use the C stack on
# Python 3.11+, so a higher limit is safe).
_FRAMES = 16 * LIMITS.max_depth + 2000
if sys.getrecursionlimit() < _FRAMES:
    sys.setrecursionlimit(_FRAMES)


#: What closes each kind of bracket.
_CLOSING = {"(": ")", "[": "]", BAR: BAR}

#: The constants as the language spells them, each its own canonical spelling.
_CONSTANT_NAMES = {name: name for name in CONSTANTS}


class _Parser(Literals):
    def __init__(self, text: str, limits: Limits, functions: Mapping[str, Operation], constants: Mapping[str, str]):
        self.text = text
        self.limits = limits
        self.functions = functions
        self.constants = constants
        self.tokens = tokenize(text, limits)
        self.i = 0
        self.depth = 0
        self.operations = 0
        self.open: list[Token] = []  # the brackets not yet closed
        # names written as variables somewhere (assigned, or not followed by '('): "x(y + 1)" then meant a product
        self.variables = {
            tok.text
            for tok, after in zip(self.tokens, self.tokens[1:])
            if tok.kind == "NAME" and not (after.kind == "OP" and after.text == "(")
        }

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
            if name in self.functions:
                raise self.error(f"{name!r} is a function and cannot be assigned", name_tok.pos)
            if name in self.constants:
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
        if tok.kind == "OP" and (tok.text in ("(", ROOT) or (tok.text == BAR and not self.within_bars)):
            return True  # within bars, a bar closes them: |x|·|y| and |x·|y||, never |x|y||
        if tok.kind == "NUM":
            kind = "number" if left.kind == "num" else "expression"
            raise self.error(f"missing operator between the {kind} and the number {tok.text!r}; write '*' to multiply")
        return False

    def term(self) -> Syntax:
        left = self.product()
        depth = 0
        while self.at_op("@"):  # as in Python, '@' binds as '*' does, left to right: (a*W) @ x, (W @ x)*c
            op = self.advance()
            self.count_operation(op.pos)
            self.enter(op.pos)  # a chain of products nests to the left
            depth += 1
            left = self.product(Syntax("op", "@", (left, self.unary()), op.pos))
        for _ in range(depth):
            self.leave()
        return left

    def product(self, first: Syntax | None = None) -> Syntax:
        factors = [self.unary() if first is None else first]
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
        while self.tok.kind == "SUP" or self.at_op(TRANSPOSE):
            sup = self.advance()
            self.count_operation(sup.pos)
            if sup.kind == "OP":  # Wᵀ
                base = Syntax("call", "transpose", (base,), sup.pos)
                continue
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
            if tok.text in self.functions:
                return self.call(tok)
            if tok.text in self.constants:
                return Syntax("const", self.constants[tok.text], (), tok.pos)
            if self.at_op("("):
                variable = tok.text in self.variables or _VARIABLE.fullmatch(tok.text) is not None
                raise self.error(unknown_function(tok.text, variable), tok.pos)
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
        if tok.kind == "OP" and tok.text == BAR:
            return self.bars_of(tok)
        if tok.kind == "OP" and tok.text == ROOT:
            self.advance()
            self.count_operation(tok.pos)
            self.enter(tok.pos)
            radicand = self.power()
            self.leave()
            return Syntax("call", "sqrt", (radicand,), tok.pos)
        if tok.kind in ("END", "NEWLINE"):
            if self.open:
                bracket = self.open[-1]
                closing = _CLOSING[bracket.text]
                raise self.error(f"{bracket.text!r} is never closed: add an expression and {closing!r}", bracket.pos)
            raise self.error("expression ends too early: expected a number, a name or '('")
        if tok.kind == "SUP":
            raise self.error("a superscript must follow a number, a name or ')'")
        if tok.kind == "OP" and tok.text in ("*", "/", "**", "@"):
            raise self.error(f"{tok.text!r} needs something on its left")
        if tok.kind == "OP" and tok.text == TRANSPOSE:
            raise self.error("'ᵀ' (transpose) must follow a name, ')' or ']', as in Wᵀ")
        raise self.unexpected()

    def function_power(self, name: Token) -> Token | None:
        """The power after a function's name: ``sin²(x)``, ``sin^2(x)``, ``sin^-1(x)`` (as a SUP token), or None."""
        if self.tok.kind == "SUP":
            return self.advance()
        if not self.at_op("**"):
            return None
        at = self.i + 1
        sign = self.tokens[at].kind == "OP" and self.tokens[at].text == "-"
        number, after = self.tokens[at + sign], self.tokens[at + sign + 1]
        whole = number.kind == "NUM" and isinstance(number.value, Fraction) and number.value.denominator == 1
        if not (whole and after.kind == "OP" and after.text == "(" and len(number.text) <= 6):
            raise self.error(
                f"to raise {name.text} to a power, write {name.text}^2(...) (a whole number, then the "
                f"parentheses) or {name.text}(...)^y",
                self.tok.pos,
            )
        exponent = -int(number.value) if sign else int(number.value)  # type: ignore[arg-type]
        caret = self.tok.pos
        self.i = at + sign + 1
        return Token("SUP", f"^{exponent}", caret, exponent)

    def call(self, name: Token) -> Syntax:
        row = self.functions[name.text]
        least, most = row.arity
        power = self.function_power(name)
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
        if power is not None and power.value == -1:  # the textbook's sin⁻¹(x): the inverse function, asin(x)
            inverse = "a" + row.name
            if inverse not in FUNCTIONS or len(args) != 1:
                raise self.error(
                    f"{name.text}{power.text}(...) would be the inverse function of {name.text}, which the "
                    f"language does not have; for 1/{name.text}(...) write {name.text}(...)**-1",
                    power.pos,
                )
            self.count_operation(power.pos)
            return Syntax("call", operation(inverse).name, tuple(args), name.pos)
        node = Syntax("call", row.name, tuple(args), name.pos)
        if power is not None:
            self.count_operation(power.pos)
            exponent = Syntax("num", str(power.value), (), power.pos, Fraction(power.value))
            node = Syntax("op", "**", (node, exponent), power.pos)
        return node


#: A name as variables are written: one letter, with an index (x, w1, w_2, θ).
_VARIABLE = re.compile(r"[^\W\d_](_?\d+)?")


def parse(
    text: str,
    *,
    limits: Limits = LIMITS,
    functions: Mapping[str, Operation] = FUNCTIONS,
    constants: Mapping[str, str] = _CONSTANT_NAMES,
) -> Program:
    """Parse an expression or a program of intermediate variables.

    Parameters
    ----------
    text : str
        ``x + x**2``, ``[ln(x**2), sin(3x)]`` or ``u1 = x**3; y = sin(u1)``.
    limits : Limits, optional
        Static limits on size, nesting and numbers.
    functions : Mapping[str, Operation], optional
        The function names it reads (the language's, by default).
    constants : Mapping[str, str], optional
        The constant names it reads, each to a name of
        :data:`~explorer.language.operations.CONSTANTS` (``pi``, ``π``, ``e``).

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
    explorer.errors.ExpressionError: unknown function 'sigmoud'; did you mean sigmoid? at column 1
    >>> parse("W = [[a, b], [c]]")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: row 2 of the matrix has 1 entry but row 1 has 2 entries: every row ... at column 14
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expected text, got {type(text).__name__}")
    if len(text) > limits.max_chars:
        raise ExpressionError(f"the input is too long: {len(text)} characters, at most {limits.max_chars} are allowed")
    if not text.strip():
        raise ExpressionError("the expression is empty")
    return _Parser(text, limits, functions, constants).program()
