"""The exact comparison: a difference that is not 0 is found however small, and one that is 0 is never taken
for one that is not, however it is written."""

from __future__ import annotations

import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import SYMBOLS, expressions

from explorer.answer.diagnose import diagnose
from explorer.answer.exact import differs
from explorer.teach import explained

X = SYMBOLS["x"]
POINTS = ({"x": 0.5, "y": 1.5, "w": 0.25}, {"x": -1.25, "y": 0.75, "w": 2.0})


def test_the_issues_examples():
    assert diagnose(explained("x**2"), "2*x + 1e-20").correct is False
    assert diagnose(explained("x**2"), "2*x*(1 + 1e-15)").correct is False
    assert diagnose(explained("x**2"), "2*x*(1 + 1e-999)").method == "symbolic"
    assert diagnose(explained("x**2"), "2*x").correct is True


def test_zero_written_otherwise_is_not_told_apart():
    assert not differs(sp.sin(X) ** 2 + sp.cos(X) ** 2, sp.S.One, POINTS)
    assert not differs(X * sp.Heaviside(X), sp.Max(0, X), POINTS)
    assert not differs(sp.tanh(X), (sp.exp(2 * X) - 1) / (sp.exp(2 * X) + 1), POINTS)


@given(expressions, st.integers(1, 900), st.sampled_from([1, -1, 3]))
def test_a_tiny_difference_is_seen(case, digits, sign):
    """expr + 10⁻ᵏ·x against expr, for k up to 900: seen wherever expr has a real value at the first point."""
    _, expr = case
    try:
        value = complex(expr.evalf(subs={s: sp.Rational(POINTS[0][s.name]) for s in expr.free_symbols}))
    except TypeError:  # complex infinity: a pole at the point
        value = complex("nan")
    assume(abs(value) < 1e300 and value.imag == 0)
    assert differs(expr + sign * sp.Rational(1, 10**digits) * X, expr, POINTS)


@given(expressions)
def test_the_same_value_written_otherwise_is_not_a_difference(case):
    _, expr = case
    assume(expr.free_symbols)
    for other in (sp.expand(expr), sp.together(expr), expr.rewrite(sp.exp)):
        if not other.has(sp.I):
            assert not differs(other, expr, POINTS), other
