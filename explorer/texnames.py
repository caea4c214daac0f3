r"""LaTeX for names and numbers: a node id (``u_{1}``), a partial, a derivative, a value at the point.

The smallest pieces every LaTeX writer here shares (:mod:`explorer.typeset`
and its siblings); names are printed by :func:`sympy.latex`, numbers as
:func:`explorer.printing.number` rounds them, in plain ASCII that pdfLaTeX
and KaTeX both read.
"""

from __future__ import annotations

import re

import sympy as sp

from .printing import number as plain_number
from .printing import tex

__all__ = ["derivative", "name", "number", "partial"]


def name(node_id: str) -> str:
    """LaTeX for a node id such as ``u1`` (printed by sympy as ``u_{1}``).

    Examples
    --------
    >>> name("u1"), name("w_2"), name("_")
    ('u_{1}', 'w_{2}', '\\\\_')
    """
    return tex(sp.Symbol(node_id))


_SUPERSCRIPT = re.compile("·10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def number(v: float | None, digits: int = 4) -> str:
    r"""A number in LaTeX math, rounded as everywhere else (:func:`explorer.printing.number`).

    Plain ASCII, so pdfLaTeX reads it as well as KaTeX.

    Examples
    --------
    >>> number(0.25), number(-1.5), number(1.5e-20), number(float("inf")), number(None)
    ('0.25', '-1.5', '1.5 \\cdot 10^{-20}', '\\infty', '\\text{undefined}')
    """
    text = plain_number(v, digits)
    if text == "undefined":
        return r"\text{undefined}"
    text = _SUPERSCRIPT.sub(lambda m: r" \cdot 10^{" + m.group(1).translate(_DIGITS) + "}", text)
    return text.replace("−", "-").replace("∞", r"\infty")


def partial(target: str, source: str) -> str:
    r"""∂target/∂source as a LaTeX fraction.

    Examples
    --------
    >>> partial("y", "u1")
    '\\frac{\\partial y}{\\partial u_{1}}'
    """
    return r"\frac{\partial " + name(target) + r"}{\partial " + name(source) + "}"


def derivative(output: str, wrt: str) -> str:
    r"""d(output)/d(wrt) as a LaTeX fraction.

    Examples
    --------
    >>> derivative("y", "x")
    '\\frac{dy}{dx}'
    """
    return r"\frac{d" + name(output) + r"}{d" + name(wrt) + "}"
