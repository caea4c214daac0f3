"""Every derivative the explorer prints reads back as a right answer: its Unicode form (x², |x|, √x, H(…), σ(…))
and its JSON form (sympy's: Heaviside, Max, Abs, sign), for random expressions, random vector programs by
their weights, and every gallery example."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import assume, example, given
from hypothesis import strategies as st
from strategies import build_or_skip, expressions, joined, typed, vector_programs

from explorer.answer.diagnose import diagnose
from explorer.examples import EXAMPLES
from explorer.language.operations import elementary
from explorer.language.printing import exact, size, unicode
from explorer.teach import explained


def printed(analysis, write) -> str:
    """The derivative as the explorer shapes it (one, a list, rows), each entry written by ``write``."""

    def text(value) -> str:
        return "[" + ", ".join(text(v) for v in value) + "]" if isinstance(value, list) else value

    return text(analysis.shaped([write(t) for t in analysis.totals]))


def json_form(expr) -> str:
    return exact(elementary(expr))


def right(analysis, answer: str) -> None:
    check = diagnose(analysis, answer)
    assert check.correct is True, (analysis.text, answer, check)


@given(expressions)
def test_random_derivatives_read_back(case):
    text, _ = case
    build_or_skip(text)
    analysis = explained(text)
    shown = printed(analysis, unicode)
    assume("…" not in shown)  # a 61-digit integer is printed shortened, not exactly
    right(analysis, shown)
    right(analysis, printed(analysis, json_form))


@given(joined)
def test_random_derivatives_with_several_paths_read_back(case):
    text, _ = case
    build_or_skip(text)
    analysis = explained(text)
    shown = printed(analysis, unicode)
    assume("…" not in shown)
    right(analysis, shown)


@given(expressions, st.sampled_from(["exp", "expand", "together", "cancel"]))
def test_a_right_answer_written_otherwise_is_right(case, how):
    """Equal, but not as sympy's expand sees it (tanh as exponentials): the exact values must not tell them apart."""
    text, _ = case
    build_or_skip(text)
    analysis = explained(text)
    (total,) = analysis.totals
    written = {"exp": lambda e: e.rewrite(sp.exp), "expand": sp.expand, "together": sp.together, "cancel": sp.cancel}
    other = written[how](elementary(total))
    assume(size(other, 400) <= 400 and not other.has(sp.I))  # sin as exponentials is complex: not the language
    right(analysis, typed(other))


@given(vector_programs())
@example(program=("w = [w1]; x = [x1]; y = dot((w * (sigmoid(1))), x)", None, None))  # sigmoid(1) = 1/(1 + e⁻¹)
def test_random_gradients_read_back(program):
    text = program[0]
    build_or_skip(text)
    analysis = explained(text, wrt="w")
    assume(analysis.by_vector)
    right(analysis, printed(analysis, unicode))
    right(analysis, printed(analysis, json_form))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.title)
def test_every_gallery_derivative_reads_back(example):
    analysis = explained(example.text, wrt=example.wrt)
    right(analysis, printed(analysis, unicode))
    right(analysis, printed(analysis, json_form))


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("relu(x)**2", "2·relu(x)·H(x)"),
        ("abs(x)**3", "3·x²·sign(x)"),
        ("max(x, x**2)", "2·x·H(x² − x) + H(−x² + x)"),
        ("sigmoid(x)", "(1 − σ(x))·σ(x)"),
        ("sqrt(x)*abs(x)", "√x·sign(x) + |x|/(2·√x)"),
        ("x*sin(x)**2", "sin^2(x) + 2x sin(x) cos(x)"),
        ("x*sin(x)**2", "sin²(x) + 2x·sin(x)·cos(x)"),
        ("w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)", "H(b + w1·x1 + w2·x2 + w3·x3)·xᵀ"),
        ("w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)", "x*Heaviside(dot(w, x) + b)"),
    ],
)
def test_the_forms_the_pages_and_the_command_line_print(text, answer):
    analysis = explained(text, wrt="w" if text.startswith("w =") else None)
    right(analysis, answer)
