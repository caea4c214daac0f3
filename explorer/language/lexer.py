"""Turn user text into tokens: numbers, names, operators, superscripts and statement breaks.

An allowlist: every character is either part of a token of the input
language or refused with an :class:`~explorer.errors.ExpressionError` that
names it, its column and, for common slips (``%``, ``0x1F``, ``1_000``),
what to write instead. Typing habits are accepted here: ``·``, ``×`` and
``−`` are operators, ``^`` is ``**``, ``x²`` is a superscript, and the
explorer's own printed forms read back: ``|x|`` (bars) and ``√x`` (a root sign).
"""

from __future__ import annotations

import keyword
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from ..errors import ExpressionError

__all__ = ["BAR", "LIMITS", "ROOT", "TRANSPOSE", "Limits", "Token", "describe", "parse_number", "tokenize"]


@dataclass(frozen=True)
class Limits:
    """Static limits applied before any symbolic work.

    Attributes
    ----------
    max_chars : int
        Longest accepted text.
    max_operations : int
        Most operators and function applications in one text (an n-ary sum
        of k terms counts k − 1, as if typed with binary operators).
    max_depth : int
        Deepest nesting of parentheses, calls and unary signs.
    max_digits : int
        Most decimal digits an exact number (a literal or a folded constant,
        such as ``2**3000``) may have.
    max_factors : int
        Most different factors one product multiplies (``x*x*x`` is one):
        each factor's partial is the product of all the others, so a product
        of n writes n·(n − 1) factors.
    max_extremes : int
        Most arguments of one max or min: each argument's partial compares it
        with all the others.
    max_outputs : int
        Most entries of a vector output (a 16 × 16 matrix has 256): each has
        its own paths, totals and adjoint of every node.
    max_side : int
        Most rows, and most columns, of a matrix: 16×16 entries at most, so
        that the graph of its entries stays one a person can read.

    Notes
    -----
    ``max_operations`` also bounds the scalar operations a program works
    out to entry by entry (``W @ x`` with W 2×3 is two dot products of
    three terms: 10), counted by the graph builder.
    """

    max_chars: int = 8000
    max_operations: int = 2000
    max_depth: int = 200
    max_digits: int = 1000
    max_factors: int = 100
    max_extremes: int = 8
    max_outputs: int = 256
    max_side: int = 16


LIMITS = Limits()


@dataclass(frozen=True)
class Token:
    """One token: ``kind`` is NUM, NAME, OP, SUP, NEWLINE or END; ``pos`` its 0-based offset.

    ``ᵀ`` (a transpose, as in ``Wᵀ``) is an OP.
    """

    kind: str
    text: str
    pos: int
    value: Fraction | int | None = None


def describe(token: Token) -> str:
    """A token as a message names it: quoted, or "the end of the expression"."""
    if token.kind == "END":
        return "the end of the expression"
    if token.kind == "NEWLINE":
        return "the end of the statement"
    return repr(token.text)


SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4",
    "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-",
}  # fmt: skip
#: The superscript T of a transpose (``Wᵀ``): an operator, never part of a name.
TRANSPOSE = "ᵀ"
#: The bars of an absolute value (``|x − 1|``) and the root sign (``√x``, ``√(x + 1)``), as the printers write them.
BAR = "|"
ROOT = "√"
_TIMES = "·×⋅∙•*"
_MINUS = "−–-"
_DIVIDE = "÷/"
_SPACE = " \t\r\u00a0\u2009\u202f"
_HINTS = {
    "%": "'%' (remainder) is not supported",
    "!": "'!' (factorial) is not supported",
    "&": "'&' is not an arithmetic operator",
    "<": "comparisons are not supported",
    ">": "comparisons are not supported",
    "{": "use parentheses ( ) for grouping, not braces",
    "}": "use parentheses ( ) for grouping, not braces",
    ".": "a '.' must be part of a number such as 0.5; attribute access is not allowed",
    "'": "quotes are not allowed; names are written without quotes",
    '"': "quotes are not allowed; names are written without quotes",
    "\\": "backslashes are not allowed; write sin(x), not \\sin x",
    ":": "':' is not supported; write a statement as name = expression",
    "#": "comments are not supported",
    "~": "'~' is not supported",
    "$": "'$' is not supported",
}
_PREFIXES = {"x": ("hexadecimal", "0123456789abcdefABCDEF"), "b": ("binary", "01"), "o": ("octal", "01234567")}


def _digit(ch: str) -> bool:
    return "0" <= ch <= "9"  # str.isdigit() is also true of '²' and other scripts' digits


def _is_name_start(ch: str) -> bool:
    return ch == "_" or (ch not in SUPERSCRIPTS and ch != TRANSPOSE and unicodedata.category(ch).startswith("L"))


def _is_name_char(ch: str) -> bool:
    return _is_name_start(ch) or _digit(ch)


def _shown(literal: str) -> str:
    return literal if len(literal) <= 24 else f"{literal[:10]}…{literal[-6:]} ({len(literal)} characters)"


def parse_number(literal: str, pos: int = 0, text: str | None = None, limits: Limits = LIMITS) -> Fraction:
    """Convert a decimal literal (``3``, ``0.25``, ``1e-3``) to an exact fraction.

    The size is checked on the digits and the exponent before anything is
    computed, so ``1e999999999`` and a 5,000-digit literal are refused at once.

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

    Raises
    ------
    ExpressionError
        For a number with more than ``limits.max_digits`` significant or
        leading digits, or a larger exponent.

    Examples
    --------
    >>> parse_number("0.25")
    Fraction(1, 4)
    >>> parse_number("1e999999999")
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: number 1e999999999 is too large: at most 1000 digits are allowed
    """
    mantissa, _, exponent = literal.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    exponent_digits = exponent.lstrip("+-").lstrip("0")
    shift = 0 if not exponent else int(exponent) if len(exponent_digits) <= 12 else None
    integer_digits = len(whole.lstrip("0")) + (shift or 0)
    if shift is None and exponent.startswith("-"):
        shift = -(10**13)  # 1e-99999999999999: far past the limit, whatever its digits
    if shift is None or integer_digits > limits.max_digits:
        raise ExpressionError(
            f"number {_shown(literal)} is too large: at most {limits.max_digits} digits are allowed", pos, text
        )
    significant = len((whole + fraction).strip("0")) or 1
    if len(whole) + len(fraction) > limits.max_digits or abs(shift) + significant > limits.max_digits:
        raise ExpressionError(
            f"number {_shown(literal)} has too many digits: at most {limits.max_digits} are allowed", pos, text
        )
    # Fraction(str) goes through int(str), which Python limits to 4,300 digits: build it from parts
    digits = (whole + fraction).lstrip("0") or "0"
    return Fraction(int(digits)) * Fraction(10) ** (shift - len(fraction))


def _number_end(text: str, i: int) -> int:
    n = len(text)
    j = i
    while j < n and _digit(text[j]):
        j += 1
    if j < n and text[j] == ".":
        j += 1
        while j < n and _digit(text[j]):
            j += 1
    if j < n and text[j] in "eE":
        k = j + 1
        if k < n and text[k] in "+-":
            k += 1
        if k < n and _digit(text[k]):
            while k < n and _digit(text[k]):
                k += 1
            j = k
    return j


def _python_number(text: str, i: int, j: int) -> ExpressionError | None:
    """Python number syntax that juxtaposition would silently misread (``1_000`` as 1·_000)."""
    n = len(text)
    literal = text[i:j]
    if j + 1 < n and text[j] == "_" and _digit(text[j + 1]):
        end = j
        while end < n and (_digit(text[end]) or text[end] == "_"):
            end += 1
        return ExpressionError(f"'_' cannot separate digits; write {text[i:end].replace('_', '')}", j, text)
    if literal == "0" and j + 1 < n and text[j] in "xXbBoO" and text[j + 1] in _PREFIXES[text[j].lower()][1]:
        kind = _PREFIXES[text[j].lower()][0]
        return ExpressionError(
            f"{kind} numbers such as 0{text[j]}… are not supported; write the decimal value", i, text
        )
    if j < n and text[j] in "jJ" and (j + 1 == n or not _is_name_char(text[j + 1])):
        return ExpressionError(
            f"{literal}{text[j]} is Python's imaginary number; complex numbers are not supported "
            f"(for a variable named {text[j]}, write {literal}*{text[j]})",
            i,
            text,
        )
    return None


def tokenize(text: str, limits: Limits = LIMITS) -> list[Token]:
    """Split text into tokens, refusing any character outside the input language.

    Examples
    --------
    >>> [t.text for t in tokenize("2x² − sin(x)")]
    ['2', 'x', '²', '-', 'sin', '(', 'x', ')', '']
    >>> tokenize("1_000*x")
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: '_' cannot separate digits; write 1000 at column 2
    """
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _SPACE:
            i += 1
        elif ch in "\n;":
            tokens.append(Token("NEWLINE", ch, i))
            i += 1
        elif ch == TRANSPOSE:
            tokens.append(Token("OP", ch, i))
            i += 1
        elif ch in SUPERSCRIPTS:
            j = i
            while j < n and text[j] in SUPERSCRIPTS:
                j += 1
            raw = "".join(SUPERSCRIPTS[c] for c in text[i:j])
            if raw.count("-") > 1 or raw.rstrip("-") != raw or ("-" in raw and not raw.startswith("-")):
                raise ExpressionError(f"malformed superscript exponent {text[i:j]!r}", i, text)
            if len(raw.lstrip("-")) > 6:
                raise ExpressionError("superscript exponent is too large", i, text)
            tokens.append(Token("SUP", text[i:j], i, int(raw)))
            i = j
        elif _digit(ch) or (ch == "." and i + 1 < n and _digit(text[i + 1])):
            j = _number_end(text, i)
            if j < n and text[j] == "." and j + 1 < n and _digit(text[j + 1]):
                raise ExpressionError(f"malformed number {text[i : j + 2]!r}", i, text)
            problem = _python_number(text, i, j)
            if problem is not None:
                raise problem
            literal = text[i:j]
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
        elif ch in "+()[],=@" or ch in (BAR, ROOT):
            tokens.append(Token("OP", ch, i))
            i += 1
        else:
            hint = _HINTS.get(ch)
            shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
            raise ExpressionError(hint or f"unexpected character {shown!r}", i, text)
    tokens.append(Token("END", "", n))
    return tokens
