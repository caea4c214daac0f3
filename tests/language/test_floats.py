"""Floats of sympy expressions: a finite real value or the reason there is none; no user names in code."""

from __future__ import annotations

import inspect
import math

import pytest
import sympy as sp

from explorer.language.floats import Undefined, compile_expr, value_of

x = sp.Symbol("x", real=True)


@pytest.mark.parametrize(
    ("expr", "value", "reason"),
    [
        (sp.log(x), -1.0, "complex"),
        (sp.sqrt(x), -4.0, "complex"),
        (sp.asin(x), 2.0, "complex"),
        (1 / x, 0.0, "undefined (division by zero)"),
        (sp.log(x), 0.0, "undefined"),
        (sp.exp(x), 1000.0, "too large (overflow)"),
        (sp.exp(sp.exp(sp.exp(x))), 100.0, "too large (overflow)"),
    ],
)
def test_undefined_values_say_why(expr, value, reason):
    with pytest.raises(Undefined) as info:
        value_of(expr, (x,), [value])
    assert str(info.value) == reason


@pytest.mark.parametrize(
    ("expr", "value", "expected"),
    [(sp.sech(x), 1e308, 0.0), (sp.tanh(x), 1e308, 1.0), (sp.exp(-sp.exp(x)), 800.0, 0.0)],
)
def test_an_overflow_on_the_way_is_not_an_overflow_of_the_value(expr, value, expected):
    """math.cosh(1e308) overflows, but sech(1e308) = 1/cosh(1e308) is a float: about 0."""
    assert value_of(expr, (x,), [value]) == expected


class TestNoUserNamesInCode:
    """lambdify writes Python source; Python reads identifiers NFKC-normalised, so ｘ would be x."""

    @pytest.mark.parametrize("names", [("x", "ｘ"), ("abs",), ("math",), ("lambda_", "_")])
    def test_names_that_python_would_misread(self, names):
        symbols = tuple(sp.Symbol(n, real=True) for n in names)
        expr = sp.Add(*(sp.sqrt(s**2) for s in symbols))
        assert value_of(expr, symbols, [-2.0] * len(symbols)) == pytest.approx(2.0 * len(symbols))

    def test_the_generated_source_holds_placeholders_only(self):
        fullwidth = sp.Symbol("ｘ", real=True)
        source = inspect.getsource(compile_expr(sp.sin(fullwidth) + x, (x, fullwidth)))
        assert "ｘ" not in source and "(x," not in source and "__a0" in source

    def test_a_constant_needs_no_code(self):
        assert value_of(sp.pi, (), ()) == math.pi
