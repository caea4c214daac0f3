"""The evaluation point: read once at the boundary, every shape refused with the variable named."""

from __future__ import annotations

import math

import pytest

from explorer.calculus.point import DEFAULT_POINT, complete, constant_value, read_point
from explorer.errors import ExpressionError


class TestRead:
    @pytest.mark.parametrize(
        ("at", "expected"),
        [
            (None, {}),
            ({}, {}),
            ("", {}),
            ({"x": 2}, {"x": 2.0}),
            ({"x": "pi/4"}, {"x": math.pi / 4}),
            ("x=0.5, w=2", {"x": 0.5, "w": 2.0}),
            (" x = -1 ,", {"x": -1.0}),
        ],
    )
    def test_shapes(self, at, expected):
        assert read_point(at) == expected

    @pytest.mark.parametrize(
        ("at", "message"),
        [
            ([("x", 1)], "the point must be a mapping such as {'x': 0.5} or text such as 'x=0.5', not list"),
            (5, "the point must be a mapping such as {'x': 0.5} or text such as 'x=0.5', not int"),
            ({1: 2.0}, "the point's names must be text, not int"),
            ({"x": float("nan")}, "the value of x must be a finite number"),
            ({"x": float("inf")}, "the value of x must be a finite number"),
            ({"x": 10**400}, "the value of x is too large"),
            ({"x": 1j}, "the value of x must be a number, not complex"),
            ({"x": True}, "the value of x must be a number, not True"),
            ({"x": None}, "the value of x must be a number, not NoneType"),
            ("x=1e999", "x is infinite (overflow or a pole)"),
            ("x", "cannot read 'x' as name=value (for example x=0.5)"),
            ("x=1, x=2", "x is given twice in the point"),
            ({"x": "y + 1"}, "x must be a number, got 'y + 1'"),
            ({"x": "__import__('os')"}, "x: names may not start with '__' ('__import__') at column 1"),
            ({"x": "ln(-1)"}, "x: the constant ln(−1) is complex at column 1"),
            (
                "x=" + "0." + "0" * 5000 + "1",
                "x: number 0.00000000…000001 (5003 characters) has too many digits: "
                "at most 1000 are allowed at column 1",
            ),
        ],
    )
    def test_refusals_name_the_variable(self, at, message):
        with pytest.raises(ExpressionError) as caught:
            read_point(at)
        assert str(caught.value) == message


def test_defaults_follow_the_order_of_appearance():
    point, notes = complete(("x", "w", "b"), {})
    assert point == dict(zip("xwb", DEFAULT_POINT)) and notes == ()


def test_given_values_win_and_strangers_are_noted():
    point, notes = complete(("z", "x"), {"x": 2.0, "q": 1.0})
    assert point == {"z": DEFAULT_POINT[0], "x": 2.0}
    assert notes == ("q is not an input of this expression; its value is ignored",)


def test_constant_value_uses_the_allowlist_parser():
    assert constant_value("sqrt(2)**2") == pytest.approx(2.0)
