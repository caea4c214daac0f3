"""The tokenizer: exact numbers, typing habits, and Python number syntax refused with a hint."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.errors import ExpressionError
from explorer.language.lexer import LIMITS, parse_number, tokenize


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(text)[:-1]]


class TestTokens:
    def test_typing_habits(self):
        assert kinds("2x² · y − z ÷ w") == [
            ("NUM", "2"),
            ("NAME", "x"),
            ("SUP", "²"),
            ("OP", "*"),
            ("NAME", "y"),
            ("OP", "-"),
            ("NAME", "z"),
            ("OP", "/"),
            ("NAME", "w"),
        ]

    def test_statement_breaks(self):
        assert [t.kind for t in tokenize("a = 1; b = 2\nc")].count("NEWLINE") == 2

    @pytest.mark.parametrize(
        ("literal", "value"),
        [
            ("0.5", Fraction(1, 2)),
            ("1e-3", Fraction(1, 1000)),
            (".25", Fraction(1, 4)),
            ("007", Fraction(7)),
            ("1.5E+3", Fraction(1500)),
        ],
    )
    def test_numbers_are_exact(self, literal, value):
        assert parse_number(literal) == value


class TestPythonNumberSyntax:
    """Juxtaposition would silently misread these (1_000 as 1·_000): they are refused with a hint."""

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("1_000*x", "'_' cannot separate digits; write 1000 at column 2"),
            ("0b101*x", "binary numbers such as 0b… are not supported; write the decimal value at column 1"),
            ("0x1F", "hexadecimal numbers such as 0x… are not supported; write the decimal value at column 1"),
            ("0o17 + x", "octal numbers such as 0o… are not supported; write the decimal value at column 1"),
            (
                "1j",
                "1j is Python's imaginary number; complex numbers are not supported "
                "(for a variable named j, write 1*j) at column 1",
            ),
        ],
    )
    def test_refused_with_a_hint(self, text, message):
        with pytest.raises(ExpressionError) as caught:
            tokenize(text)
        assert str(caught.value) == message

    @pytest.mark.parametrize("text", ["2x", "0x", "3jx", "2 j", "1e5x"])
    def test_juxtaposition_that_is_meant_still_works(self, text):
        assert tokenize(text)


class TestDigits:
    @pytest.mark.parametrize(
        ("literal", "message"),
        [
            ("1e1000", "number 1e1000 is too large: at most 1000 digits are allowed"),
            ("1e999999999", "number 1e999999999 is too large: at most 1000 digits are allowed"),
            ("1e-1000", "number 1e-1000 has too many digits: at most 1000 are allowed"),
            (
                "0." + "0" * 5000 + "1",
                "number 0.00000000…000001 (5003 characters) has too many digits: at most 1000 are allowed",
            ),
            (
                "0" * 4400 + "1",
                "number 0000000000…000001 (4401 characters) has too many digits: at most 1000 are allowed",
            ),
        ],
    )
    def test_size_is_checked_before_computing(self, literal, message):
        """Python's int() refuses more than 4,300 digits with a ValueError; the lexer says it in words."""
        with pytest.raises(ExpressionError) as caught:
            parse_number(literal)
        assert str(caught.value) == message

    def test_the_largest_allowed_number(self):
        assert parse_number("9" * LIMITS.max_digits) == 10**LIMITS.max_digits - 1


@given(st.text(max_size=80))
def test_random_text_gives_tokens_or_an_expression_error(text):
    try:
        tokens = tokenize(text)
    except ExpressionError as err:
        assert err.position is None or 0 <= err.position <= len(text)
    else:
        assert tokens[-1].kind == "END"
