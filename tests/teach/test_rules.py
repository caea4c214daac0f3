"""Which chain rule applies and which rule each edge comes from, in words."""

from __future__ import annotations

import pytest

from explorer.graph.build import build
from explorer.language.parse import parse
from explorer.teach import explained
from explorer.teach.rules import LOCAL_CHARS, RULE_NAMES, explanations, rule_chain, rule_sentence


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
    a = explained("ln(sin(x**3)**2)")
    assert rule_chain(a, a.paths[0]) == "power → trigonometric → power → logarithm"
    long = explained("sin(sin(sin(sin(sin(sin(sin(sin(x))))))))")
    assert rule_chain(long, long.paths[0]) == "trigonometric → trigonometric → trigonometric → … → " + " → ".join(
        ["trigonometric"] * 3
    )


class TestRuleSentence:
    @pytest.mark.parametrize(
        ("text", "sentence"),
        [
            ("x + x**2", "Total-derivative chain rule: x reaches y through 2 paths"),
            ("sin(x**2)", "Single-variable chain rule: x reaches y through 1 path"),
            ("[x**2, sin(x)]", "Vector chain rule: 2 outputs, x reaches them through 2 paths"),
            ("y**2 + 1", "Single-variable chain rule: y reaches f through 1 path"),
            ("2 + 3", "No chain rule needed: the expression has no variables, so its derivative is 0"),
        ],
    )
    def test_the_sentence_of_each_rule(self, text, sentence):
        assert explained(text).summary == sentence

    def test_no_path(self):
        a = explained("a = x**2\ny = w**2", wrt="x")
        assert a.summary == "No chain rule needed: y does not depend on x (0 paths), so the derivative is 0"

    def test_the_page_formats_names_without_rewording(self):
        plain = rule_sentence("total-derivative", "x", ["y"], 2)
        marked = rule_sentence("total-derivative", "x", ["y"], 2, name=lambda s: f"`{s}`", title=lambda s: f"**{s}**")
        assert marked == "**Total-derivative chain rule**: `x` reaches `y` through 2 paths"
        assert marked.replace("`", "").replace("*", "") == plain

    def test_every_rule_has_a_name(self):
        assert set(RULE_NAMES) == {"single-variable", "total-derivative", "vector", "none"}
