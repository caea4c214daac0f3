"""Helpers for the tests of a learner's answer: sympy's values as the oracle, answers written as a learner
would, and what an answer would be if a diagnosis were exactly right."""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
from hypothesis import assume
from strategies import SYMBOLS, build_or_skip, typed

from explorer.answer.diagnose import ATOL, RTOL, Check
from explorer.answer.read import read_answer
from explorer.errors import ExpressionError
from explorer.teach import explained

ORACLE_POINTS = ([0.3, 0.7, 1.1], [1.3, 0.4, 0.9], [0.8, 1.7, 0.2], [2.1, 0.6, 1.4], [0.55, 1.2, 0.45])


def oracle(exprs: list[sp.Expr]) -> np.ndarray:
    """sympy's values of the expressions (columns) at the points (rows) where every one is a finite real."""
    rows = []
    for values in ORACLE_POINTS:
        subs = dict(zip(SYMBOLS.values(), values))
        row = [complex(sp.sympify(e).evalf(subs=subs)) for e in exprs]
        if all(math.isfinite(abs(v)) and abs(v.imag) < 1e-12 for v in row):
            rows.append([v.real for v in row])
    assume(len(rows) >= 3)
    return np.array(rows)


def same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal within the tolerance the diagnosis itself uses (x + 16777216 and x + 16777217 are alike)."""
    return bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def several_paths(case, low=2, high=8):
    """The analysis of a drawn expression in which x reaches the output along ``low`` to ``high`` paths."""
    text, _ = case
    build_or_skip(text)
    analysis = explained(text)
    assume(analysis.wrt == "x" and low <= analysis.path_count <= high)
    return analysis


def answer_text(exprs: list[sp.Expr]) -> str:
    """Terms as a learner would type their sum."""
    return " + ".join(f"({typed(e)})" for e in exprs) if exprs else "0"


def readable(analysis, text: str) -> None:
    """Skip answers our printer cannot spell in the language."""
    try:
        read_answer(text, analysis)
    except ExpressionError:
        assume(False)


def in_inputs(analysis, expr: sp.Expr) -> sp.Expr:
    """A partial in the graph's operand symbols, in the inputs."""
    return sp.sympify(expr).xreplace({node.symbol: node.expr for node in analysis.nodes})


def replaced(analysis, partials: dict[int, sp.Expr]) -> list[sp.Expr]:
    """Every path's product with the partial of each given edge replaced (in operand symbols), in the inputs."""

    def factor(f: int) -> sp.Expr:
        return in_inputs(analysis, partials[f]) if f in partials else analysis.edges[f].partial_expr

    return [sp.Mul(*(factor(f) for f in p.edges)) for p in analysis.paths]


def reproduced(analysis, check: Check) -> sp.Expr:
    """What the answer would be if the diagnosis were exactly right, in the inputs: each wrong edge's partial
    replaced by the one the diagnosis says was used, missing paths left out, twice paths added again."""
    terms = [p.product_expr for p in analysis.paths]
    for error in check.edge_errors:
        rest = [analysis.edges[f].partial_expr for f in analysis.paths[error.path].edges if f != error.edge]
        terms[error.path] = sp.Mul(*rest, in_inputs(analysis, error.wrong))
    for i in check.missing_paths:
        terms[i] = sp.S.Zero
    return sp.Add(*terms, *(analysis.paths[i].product_expr for i in check.twice_paths))
