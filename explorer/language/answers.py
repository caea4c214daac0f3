"""What a learner's answer may write besides the expression language: every name the printers use.

The explorer prints derivatives with names the expression language does not
have (the step ``H(…)`` and ``Heaviside``, ``sign``, sympy's ``Max``, ``Min``
and ``Abs``, ``σ`` for the sigmoid, ``E`` for e). An answer is parsed with
these tables (:func:`explorer.language.parse.parse`'s ``functions`` and
``constants``), so that any derivative the explorer prints reads back as an
answer; a name the expression uses as a variable stays one (the answer's
reader leaves it out of the tables).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .operations import CONSTANTS, FUNCTIONS, OPERATIONS, Operation

__all__ = ["ANSWER_CONSTANTS", "ANSWER_FUNCTIONS"]

#: What a learner's answer may call besides the language's functions: every name the explorer's printed
#: derivatives use, in the Unicode printer's form (H, σ) and in sympy's (Heaviside, Max, Abs, sign), so
#: that any derivative it prints reads back as an answer. A name the expression uses as a variable stays one.
ANSWER_FUNCTIONS: Mapping[str, Operation] = MappingProxyType(
    {
        **FUNCTIONS,
        "Heaviside": OPERATIONS["heaviside"],
        "H": OPERATIONS["heaviside"],
        "sign": OPERATIONS["sign"],
        "sgn": OPERATIONS["sign"],
        "Max": OPERATIONS["max"],
        "Min": OPERATIONS["min"],
        "Abs": OPERATIONS["abs"],
        "σ": OPERATIONS["sigmoid"],
    }
)

#: Constants a learner's answer may also write -> the language's spelling: sympy writes e as E.
ANSWER_CONSTANTS: Mapping[str, str] = MappingProxyType({**{name: name for name in CONSTANTS}, "E": "e"})
