"""The words of what the paper teaches: each edge's rule, the four steps, one path against all, the checks."""

from __future__ import annotations

import sympy as sp

from explorer.analysis import run
from explorer.explain import (
    LOCAL_CHARS,
    SECANT,
    difference_sentence,
    explanations,
    gradient_sentence,
    layers_check,
    midpoint_sentence,
    naive_sentence,
    rule_chain,
    step_texts,
)
from explorer.graph import build
from explorer.lesson import STEP_ROWS, Difference
from explorer.parse import parse

NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"


class TestExplanations:
    def test_the_papers_nesting_edge_by_edge(self):
        assert explanations(build(parse("ln(sin(x**3)**2)"))) == (
            "u1 = x³, so ∂u1/∂x = 3·x² (power rule)",
            "u2 = sin(u1), so ∂u2/∂u1 = cos(u1) (trigonometric rule)",
            "u3 = u2², so ∂u3/∂u2 = 2·u2 (power rule)",
            "y = ln(u3), so ∂y/∂u3 = 1/u3 (logarithm rule)",
        )

    def test_parallel_edges_name_their_operand(self):
        assert explanations(build(parse("x**x"))) == (
            "y = x^x, so ∂y/∂x (operand 1) = x^x (power rule)",
            "y = x^x, so ∂y/∂x (operand 2) = x^x·ln(x) (exponential rule)",
        )

    def test_long_operations_are_cut(self):
        texts = explanations(build(parse("*".join(["x"] * 200))))
        assert len(texts) == 200 and all(len(t.split(", so")[0]) <= LOCAL_CHARS + 4 for t in texts)


def test_rule_chain_reads_from_the_input():
    a = run("ln(sin(x**3)**2)")
    assert rule_chain(a, a.paths[0]) == "power → trigonometric → power → logarithm"
    long = run("sin(sin(sin(sin(sin(sin(sin(sin(x))))))))")
    assert rule_chain(long, long.paths[0]) == "trigonometric → trigonometric → trigonometric → … → " + " → ".join(
        ["trigonometric"] * 3
    )


class TestSteps:
    def test_the_papers_example(self):
        (first, second, third, fourth) = step_texts(run("ln(sin(x**3)**2)"))
        assert first == ("Introduce intermediate variables", "u1 = x³\nu2 = sin(u1)\nu3 = u2²\ny = ln(u3)")
        assert second[1].splitlines()[0] == "u1 = x³, so ∂u1/∂x = 3·x² (power rule)"
        assert third == (
            "Combine: multiply the partials along the path",
            "dy/dx = ∂y/∂u3·∂u3/∂u2·∂u2/∂u1·∂u1/∂x = 1/u3·2·u2·cos(u1)·3·x²",
        )
        assert fourth[0] == "Substitute back and simplify"
        assert fourth[1].startswith("dy/dx = 6·x²·cos(x³)/sin(x³)")

    def test_x_plus_x_squared_adds_two_paths(self):
        third, fourth = step_texts(run("x + x**2"), start=2)
        assert third[1] == "dy/dx = ∂y/∂u1·∂u1/∂x + ∂y/∂x = 1·2·x + 1"
        assert fourth[1] == "dy/dx = 2·x + 1"

    def test_a_gradient_has_a_line_per_entry(self):
        texts = step_texts(run(NEURON, "w"))
        assert [line.split(" = ")[0] for line in texts[3][1].splitlines()] == ["dy/dw1", "dy/dw2", "dy/dw3"]

    def test_long_programs_are_counted_not_listed(self):
        program = (
            "; ".join(f"u{k} = x + {k}" for k in range(1, 61)) + "; y = " + " + ".join(f"u{k}" for k in range(1, 61))
        )
        first = step_texts(run(program))[0][1].splitlines()
        assert len(first) == STEP_ROWS + 1 and first[-1] == "… and 21 more variables"


class TestOnePathAlone:
    def test_naive_sentence(self):
        a = run("x + x**2", at={"x": 1})
        assert naive_sentence(a, 0) == (
            "one path alone gives 2·x = 2 (path 1) or 1 = 1 (path 2), not dy/dx = 2·x + 1 = 3: every path counts"
        )
        assert naive_sentence(run("sin(x**2)"), 0) is None  # one path is the whole answer

    def test_the_papers_finite_check(self):
        d = Difference("y", "x", 1.0, 1.0, 2.0, 6.0)
        assert difference_sentence(d) == "x from 1 to 2 (Δx = 1): y from 2 to 6 (Δy = 4), so Δy/Δx = 4"

    def test_at_the_middle_of_the_step_the_total_predicts_the_slope(self):
        sentence = midpoint_sentence(run("x + x**2", at={"x": 1.5}), 0)
        assert (
            sentence
            == "at the middle of the step, x = 1.5: every path together gives dy/dx = 4; path 1 alone 3, path 2 alone 1"
        )
        assert "x + x²" in SECANT


class TestGradient:
    def test_active_and_inactive(self):
        a = run(NEURON, "w")
        z = sp.Symbol("z")
        active = gradient_sentence(a, sp.Heaviside(z), "x", 1.5)
        assert active.endswith("here z = 1.5: active, so dy/dw = xᵀ")
        assert gradient_sentence(a, sp.Heaviside(z), "x", -2.0).endswith("here z = −2: inactive, so dy/dw = 0")
        assert "the kink" in gradient_sentence(a, sp.Heaviside(z), "x", 0.0)

    def test_a_vector_of_ones_and_other_factors(self):
        a = run("w = [a, b]; y = sum(w)", "w")
        assert gradient_sentence(a, sp.S.One, None, None) == "dy/dw = 1ᵀ (a vector of ones)"
        assert gradient_sentence(a, sp.Integer(2), "w", None) == "dy/dw = 2·wᵀ"


def test_layers_check():
    assert layers_check(((2.0, 1.0),), ((2.0, 1.0),))[0] is True
    assert layers_check(((2.0,),), ((3.0,),))[0] is False
    assert layers_check(None, ((3.0,),))[0] is None
    assert layers_check(((1.0,),), ((None,),))[0] is None
