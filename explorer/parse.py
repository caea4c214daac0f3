"""Turn user text into a syntax tree with a hand-written allowlist grammar.

User text never reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``: a
small tokenizer and a precedence-climbing parser accept exactly the input
language documented in the README and reject everything else with an
:class:`ExpressionError` that names what is wrong and the column where it is.

The grammar (``stmt`` separated by newlines or ``;``)::

    program := stmt ((NEWLINE | ';') stmt)*
    stmt    := NAME '=' value | value
    value   := '[' expr (',' expr)* ']' | expr
    expr    := term (('+' | '-') term)*
    term    := unary (('*' | '/') unary | <juxtaposition> unary)*
    unary   := ('-' | '+') unary | power
    power   := atom SUPERSCRIPT* (('**' | '^') unary)?
    atom    := NUMBER | NAME | FUNC SUPERSCRIPT? '(' expr (',' expr)* ')'
             | '(' expr ')'

Typing habits are accepted: ``2x`` and ``3 sin(x)`` multiply, ``x²`` is a
power, ``·``/``×`` multiply, ``−`` subtracts, ``^`` is a power and ``sin²(x)``
is ``sin(x)**2``.
"""

from __future__ import annotations

import keyword
import sys
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "ExpressionError",
    "FUNCTIONS",
    "CONSTANTS",
    "LIMITS",
    "Limits",
    "Syntax",
    "Statement",
    "Program",
    "parse",
    "parse_number",
]


class ExpressionError(ValueError):
    """Raised for any input the explorer refuses, with a message for people.

    Parameters
    ----------
    message : str
        What is wrong, in words, without the location.
    position : int, optional
        0-based offset into the whole text, when the problem has a place.
    text : str, optional
        The text the position refers to, to compute line and column.

    Attributes
    ----------
    message : str
        The bare message.
    position : int or None
        0-based offset into the text.
    line, column : int or None
        1-based line and column of the offending character.

    Examples
    --------
    >>> try:
    ...     parse("x + ")
    ... except ExpressionError as err:
    ...     print(err)
    expression ends too early: expected a number, a name or '(' at column 5
    """

    def __init__(self, message: str, position: int | None = None, text: str | None = None):
        self.message = message
        self.position = position
        self.line: int | None = None
        self.column: int | None = None
        self.text = text
        where = ""
        if position is not None and text is not None:
            before = text[:position]
            self.line = before.count("\n") + 1
            self.column = position - (before.rfind("\n") + 1) + 1
            multiline = "\n" in text.strip() or ";" in text
            if multiline and self.line > 1:
                where = f" at line {self.line}, column {self.column}"
            else:
                where = f" at column {self.column}"
        super().__init__(message + where)

    @property
    def source_line(self) -> str | None:
        """The line of the text that holds the error, or None."""
        if self.text is None or self.line is None:
            return None
        return self.text.split("\n")[self.line - 1]


@dataclass(frozen=True)
class Limits:
    """Static limits applied before any symbolic work.

    Attributes
    ----------
    max_chars : int
        Longest accepted text.
    max_operations : int
        Most operators and function applications in one text.
    max_depth : int
        Deepest nesting of parentheses, calls and unary signs.
    max_digits : int
        Most decimal digits an exact number (a literal or a folded constant,
        such as ``2**3000``) may have.
    """

    max_chars: int = 8000
    max_operations: int = 2000
    max_depth: int = 200
    max_digits: int = 1000


LIMITS = Limits()

#: Function names of the input language: name -> (canonical name, min args, max args).
FUNCTIONS: dict[str, tuple[str, int, int | None]] = {
    "exp": ("exp", 1, 1),
    "ln": ("log", 1, 1),
    "log": ("log", 1, 2),
    "sqrt": ("sqrt", 1, 1),
    "abs": ("abs", 1, 1),
    "sin": ("sin", 1, 1),
    "cos": ("cos", 1, 1),
    "tan": ("tan", 1, 1),
    "cot": ("cot", 1, 1),
    "sec": ("sec", 1, 1),
    "csc": ("csc", 1, 1),
    "asin": ("asin", 1, 1),
    "arcsin": ("asin", 1, 1),
    "acos": ("acos", 1, 1),
    "arccos": ("acos", 1, 1),
    "atan": ("atan", 1, 1),
    "arctan": ("atan", 1, 1),
    "acot": ("acot", 1, 1),
    "arccot": ("acot", 1, 1),
    "asec": ("asec", 1, 1),
    "arcsec": ("asec", 1, 1),
    "acsc": ("acsc", 1, 1),
    "arccsc": ("acsc", 1, 1),
    "sinh": ("sinh", 1, 1),
    "cosh": ("cosh", 1, 1),
    "tanh": ("tanh", 1, 1),
    "coth": ("coth", 1, 1),
    "sech": ("sech", 1, 1),
    "csch": ("csch", 1, 1),
    "asinh": ("asinh", 1, 1),
    "arsinh": ("asinh", 1, 1),
    "arcsinh": ("asinh", 1, 1),
    "acosh": ("acosh", 1, 1),
    "arcosh": ("acosh", 1, 1),
    "arccosh": ("acosh", 1, 1),
    "atanh": ("atanh", 1, 1),
    "artanh": ("atanh", 1, 1),
    "arctanh": ("atanh", 1, 1),
    "acoth": ("acoth", 1, 1),
    "arcoth": ("acoth", 1, 1),
    "arccoth": ("acoth", 1, 1),
    "sigmoid": ("sigmoid", 1, 1),
    "relu": ("relu", 1, 1),
    "softplus": ("softplus", 1, 1),
    "max": ("max", 2, None),
    "min": ("min", 2, None),
}

#: Named constants: name -> canonical name.
CONSTANTS: dict[str, str] = {"pi": "pi", "π": "pi", "e": "e"}

_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4",
    "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-",
}  # fmt: skip
_TIMES = "·×⋅∙•*"
_MINUS = "−–-"
_DIVIDE = "÷/"
_HINTS = {
    "%": "'%' (remainder) is not supported",
    "!": "'!' (factorial) is not supported",
    "&": "'&' is not an arithmetic operator",
    "|": "'|' is not supported; write abs(...) for an absolute value",
    "<": "comparisons are not supported",
    ">": "comparisons are not supported",
    "{": "use parentheses ( ) for grouping, not braces",
    "}": "use parentheses ( ) for grouping, not braces",
    ".": "a '.' must be part of a number such as 0.5; attribute access is not allowed",
    "'": "quotes are not allowed; names are written without quotes",
    '"': "quotes are not allowed; names are written without quotes",
    "\\": "backslashes are not allowed; write sin(x), not \\sin x",
    "@": "'@' is not supported",
    ":": "':' is not supported; write a statement as name = expression",
    "#": "comments are not supported",
    "~": "'~' is not supported",
    "$": "'$' is not supported",
}


@dataclass(frozen=True)
class Token:
    kind: str  # NUM NAME OP SUP NEWLINE END
    text: str
    pos: int
    value: Fraction | int | None = None


@dataclass(frozen=True)
class Syntax:
    """One node of the syntax tree, exactly as typed.

    Attributes
    ----------
    kind : {'num', 'const', 'name', 'op', 'call'}
        What the node is.
    op : str
        For ``op``: one of ``+ - * / ** neg``; for ``call``: the canonical
        function name; for ``name``: the identifier; for ``const``: ``pi`` or
        ``e``; for ``num``: the literal as typed.
    args : tuple of Syntax
        Operands in the order typed.
    pos : int
        0-based offset of the node's first character (of the operator for
        binary operators).
    value : fractions.Fraction or None
        The exact value of a ``num``.
    """

    kind: str
    op: str
    args: tuple[Syntax, ...] = ()
    pos: int = 0
    value: Fraction | None = None


@dataclass(frozen=True)
class Statement:
    """``name = value`` (``name`` is None for a bare expression).

    ``values`` holds one expression, or several for a vector ``[f1, f2]``.
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


def _digit(ch: str) -> bool:
    return "0" <= ch <= "9"  # str.isdigit() is also true of '²' and other scripts' digits


def _is_name_start(ch: str) -> bool:
    return ch == "_" or (ch not in _SUPERSCRIPTS and unicodedata.category(ch).startswith("L"))


def _is_name_char(ch: str) -> bool:
    return _is_name_start(ch) or ("0" <= ch <= "9")


def parse_number(literal: str, pos: int = 0, text: str | None = None, limits: Limits = LIMITS) -> Fraction:
    """Convert a decimal literal (``3``, ``0.25``, ``1e-3``) to an exact fraction.

    Parameters
    ----------
    literal : str
        Digits with an optional decimal point and exponent.
    pos, text : int, str, optional
        Where the literal stands, for the error message.
    limits : Limits
        ``limits.max_digits`` bounds the size of the number.

    Returns
    -------
    fractions.Fraction

    Examples
    --------
    >>> parse_number("0.25")
    Fraction(1, 4)
    >>> parse_number("1e999999999")
    Traceback (most recent call last):
    ...
    explorer.parse.ExpressionError: number 1e999999999 is too large: at most 1000 digits are allowed
    """
    mantissa, _, exponent = literal.lower().partition("e")
    shift = int(exponent) if exponent else 0
    digits = len(mantissa.replace(".", "").lstrip("0")) or 1
    if abs(shift) + digits > limits.max_digits or digits > limits.max_digits:
        shown = literal if len(literal) <= 24 else f"{literal[:10]}…{literal[-6:]} ({len(literal)} characters)"
        raise ExpressionError(f"number {shown} is too large: at most {limits.max_digits} digits are allowed", pos, text)
    return Fraction(mantissa) * Fraction(10) ** shift


def _tokenize(text: str, limits: Limits) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r\u00a0\u2009\u202f":
            i += 1
        elif ch in "\n;":
            tokens.append(Token("NEWLINE", ch, i))
            i += 1
        elif ch in _SUPERSCRIPTS:
            j = i
            while j < n and text[j] in _SUPERSCRIPTS:
                j += 1
            raw = "".join(_SUPERSCRIPTS[c] for c in text[i:j])
            if raw.count("-") > 1 or raw.rstrip("-") != raw or ("-" in raw and not raw.startswith("-")):
                raise ExpressionError(f"malformed superscript exponent {text[i:j]!r}", i, text)
            if len(raw.lstrip("-")) > 6:
                raise ExpressionError("superscript exponent is too large", i, text)
            tokens.append(Token("SUP", text[i:j], i, int(raw)))
            i = j
        elif _digit(ch) or (ch == "." and i + 1 < n and _digit(text[i + 1])):
            j = i
            while j < n and text[j].isascii() and text[j].isdigit():
                j += 1
            if j < n and text[j] == ".":
                j += 1
                while j < n and text[j].isascii() and text[j].isdigit():
                    j += 1
            if j < n and text[j] in "eE":
                k = j + 1
                if k < n and text[k] in "+-":
                    k += 1
                if k < n and text[k].isascii() and text[k].isdigit():
                    while k < n and text[k].isascii() and text[k].isdigit():
                        k += 1
                    j = k
            literal = text[i:j]
            if j < n and text[j] == "." and j + 1 < n and _digit(text[j + 1]):
                raise ExpressionError(f"malformed number {text[i : j + 2]!r}", i, text)
            tokens.append(Token("NUM", literal, i, parse_number(literal, i, text, limits)))
            i = j
        elif ch.isdigit():
            raise ExpressionError(f"unexpected digit {ch!r}; use the digits 0-9", i, text)
        elif _is_name_start(ch):
            j = i + 1
            while j < n and _is_name_char(text[j]):
                j += 1
            name = text[i:j]
            if keyword.iskeyword(name):
                raise ExpressionError(f"{name!r} is a Python keyword; choose another name", i, text)
            if name.startswith("__"):
                raise ExpressionError(f"names may not start with '__' ({name!r})", i, text)
            tokens.append(Token("NAME", name, i))
            i = j
        elif text.startswith("**", i):
            tokens.append(Token("OP", "**", i))
            i += 2
        elif text.startswith("//", i):
            raise ExpressionError("'//' (floor division) is not supported; use '/'", i, text)
        elif text.startswith("==", i):
            raise ExpressionError("comparisons are not supported; use '=' only to name a step", i, text)
        elif ch == "^":
            tokens.append(Token("OP", "**", i))
            i += 1
        elif ch in _TIMES:
            tokens.append(Token("OP", "*", i))
            i += 1
        elif ch in _MINUS:
            tokens.append(Token("OP", "-", i))
            i += 1
        elif ch in _DIVIDE:
            tokens.append(Token("OP", "/", i))
            i += 1
        elif ch in "+()[],=":
            tokens.append(Token("OP", ch, i))
            i += 1
        else:
            hint = _HINTS.get(ch)
            shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
            raise ExpressionError(hint or f"unexpected character {shown!r}", i, text)
    tokens.append(Token("END", "", n))
    return tokens


def _describe(tok: Token) -> str:
    if tok.kind == "END":
        return "the end of the expression"
    if tok.kind == "NEWLINE":
        return "the end of the statement"
    return repr(tok.text)


class _Parser:
    def __init__(self, text: str, limits: Limits):
        self.text = text
        self.limits = limits
        self.tokens = _tokenize(text, limits)
        self.i = 0
        self.depth = 0
        self.operations = 0

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

    def expect(self, op: str, context: str) -> Token:
        if not self.at_op(op):
            raise self.error(f"expected {op!r} {context}, found {_describe(self.tok)}")
        return self.advance()

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
                raise ExpressionError(
                    "only the last statement may be a bare expression; name the others (u1 = ...)",
                    stmt.pos,
                    self.text,
                )
            if stmt.is_vector:
                raise ExpressionError("only the last statement may be a vector [...]", stmt.pos, self.text)
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
        if self.at_op("["):
            open_tok = self.advance()
            values = [self.expr()]
            while self.at_op(","):
                self.advance()
                if self.at_op("]"):
                    break
                values.append(self.expr())
            if not self.at_op("]"):
                if self.tok.kind in ("END", "NEWLINE"):
                    raise self.error("'[' is never closed: add ']'", open_tok.pos)
                raise self.unexpected()
            self.advance()
            return Statement(name, tuple(values), True, start)
        if self.at_op("="):
            raise self.error("'=' must follow a name, as in u1 = x**2")
        return Statement(name, (self.expr(),), False, start)

    def unexpected(self) -> ExpressionError:
        tok = self.tok
        if tok.kind == "OP" and tok.text == ")":
            return self.error("unmatched ')'")
        if tok.kind == "OP" and tok.text == "]":
            return self.error("unmatched ']'")
        if tok.kind == "OP" and tok.text == "=":
            return self.error("'=' may appear once per statement, after a name (u1 = x**2)")
        if tok.kind == "OP" and tok.text == "[":
            return self.error("'[...]' may only hold the whole output, as in [f1, f2]")
        if tok.kind == "OP" and tok.text == ",":
            return self.error("unexpected ','; write a vector as [f1, f2]")
        return self.error(f"unexpected {_describe(tok)}; is an operator missing?")

    def expr(self) -> Syntax:
        self.enter(self.tok.pos)
        left = self.term()
        while self.at_op("+", "-"):
            op = self.advance()
            self.count_operation(op.pos)
            right = self.term()
            left = Syntax("op", op.text, (left, right), op.pos)
        self.leave()
        return left

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
        left = self.unary()
        while True:
            if self.at_op("*", "/"):
                op = self.advance()
                self.count_operation(op.pos)
                right = self.unary()
                left = Syntax("op", op.text, (left, right), op.pos)
            elif self._starts_implicit_factor(left):
                pos = self.tok.pos
                self.count_operation(pos)
                right = self.power()
                left = Syntax("op", "*", (left, right), pos)
            else:
                return left

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
                return Syntax("const", CONSTANTS[tok.text], (), tok.pos)
            if self.at_op("("):
                raise self.error(f"unknown function {tok.text!r} (to multiply, write {tok.text}*(...))", tok.pos)
            return Syntax("name", tok.text, (), tok.pos)
        if tok.kind == "OP" and tok.text == "(":
            self.advance()
            if self.at_op(")"):
                raise self.error("empty parentheses")
            inner = self.expr()
            if not self.at_op(")"):
                if self.tok.kind in ("END", "NEWLINE"):
                    raise self.error("'(' is never closed: add ')'", tok.pos)
                raise self.unexpected()
            self.advance()
            return inner
        if tok.kind in ("END", "NEWLINE"):
            raise self.error("expression ends too early: expected a number, a name or '('")
        if tok.kind == "SUP":
            raise self.error("a superscript must follow a number, a name or ')'")
        if tok.kind == "OP" and tok.text in ("*", "/", "**"):
            raise self.error(f"{tok.text!r} needs something on its left")
        raise self.unexpected() if tok.text != "(" else self.error("unexpected '('")

    def call(self, name: Token) -> Syntax:
        canonical, least, most = FUNCTIONS[name.text]
        power = None
        if self.tok.kind == "SUP":
            power = self.advance()
        if not self.at_op("("):
            raise self.error(f"{name.text} is a function: write {name.text}(...) with parentheses", name.pos)
        self.count_operation(name.pos)
        open_tok = self.advance()
        self.enter(name.pos)
        args: list[Syntax] = []
        if not self.at_op(")"):
            args.append(self.expr())
            while self.at_op(","):
                self.advance()
                args.append(self.expr())
        if not self.at_op(")"):
            if self.tok.kind in ("END", "NEWLINE"):
                raise self.error("'(' is never closed: add ')'", open_tok.pos)
            raise self.unexpected()
        self.advance()
        self.leave()
        if len(args) < least or (most is not None and len(args) > most):
            if most is None:
                wanted = f"at least {least} arguments"
            elif least == most:
                wanted = f"{least} argument" + ("s" if least != 1 else "")
            else:
                wanted = f"{least} to {most} arguments"
            raise self.error(f"{name.text}() takes {wanted}, got {len(args)}", name.pos)
        node = Syntax("call", canonical, tuple(args), name.pos)
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
    >>> prog = parse("2x + sin(x)²")
    >>> prog.statements[0].values[0].op
    '+'
    >>> parse("x.__class__")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    explorer.parse.ExpressionError: a '.' must be part of a number such as 0.5; attribute access ... at column 2
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expected text, got {type(text).__name__}")
    if len(text) > limits.max_chars:
        raise ExpressionError(f"the input is too long: {len(text)} characters, at most {limits.max_chars} are allowed")
    if not text.strip():
        raise ExpressionError("the expression is empty")
    # each level of nesting costs a few Python frames; make room for the deepest allowed input
    # (pure-Python recursion does not use the C stack on 3.11+, so a higher limit is safe)
    # left-associative chains (x + x + ... or Horner forms) make trees as deep as they are long
    needed = 8 * limits.max_depth + 3 * limits.max_operations + 500
    if sys.getrecursionlimit() < needed:
        sys.setrecursionlimit(needed)
    return _Parser(text, limits).program()
