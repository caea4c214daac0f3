"""The Shapes view: one node per operation on whole values, one edge per Jacobian, as deterministic DOT."""

from __future__ import annotations

import html
import re

import pytest
from rendering import INSTALLED

from explorer.drawing import layout
from explorer.drawing.shapes import MAX_DRAWN, caption, to_dot
from explorer.drawing.styles import THEMES
from explorer.teach import explained

DENSE = "W = [[w11, w12, w13], [w21, w22, w23]]; x = [x1, x2, x3]; y = sum(tanh(W @ x + b))"


def labels(dot: str) -> list[str]:
    return re.findall(r'label="((?:[^"\\]|\\.)*)"', dot)


class TestDrawing:
    def test_a_dense_layer_node_by_node_and_edge_by_edge(self):
        dot = to_dot(explained(DENSE, "W"))
        shown = "\n".join(labels(dot))
        for text in ("g1 = W @ x", "2×3 · 3 → 2", "g2 = g1 + b", "2 + 1 → 2", "g3 = tanh(g2)", "y = sum(g3)", "2 → 1"):
            assert text in shown, text
        for form in ("∂g1/∂W = I ⊗ xᵀ", "∂g1/∂x = W", "∂g2/∂b = 1", "∂g3/∂g2 = diag(1 − tanh(g2)²)", "∂y/∂g3 = 1ᵀ"):
            assert form in shown, form
        assert len(re.findall(r"\w+ -> \w+", dot)) == 6  # one edge per link
        assert "equal at this point" in shown

    def test_the_gradient_by_each_block_is_shaped_as_it(self):
        a = explained("W = [[a, b], [c, d]]; x = [p, q]; y = sum(W @ x)", "W", at="p=3, q=4")
        shown = "\n".join(labels(to_dot(a)))
        assert "∂y/∂W = [[3, 4],\\n[3, 4]]" in shown  # the outer product δ·xᵀ, rows on lines of their own
        assert "∂y/∂g1 = [1, 1]" in shown

    def test_it_is_deterministic_and_follows_the_options(self):
        a = explained(DENSE, "x")
        assert to_dot(a) == to_dot(explained(DENSE, "x"))
        assert "rankdir=TB" in to_dot(a) and "rankdir=LR" in to_dot(a, orientation="LR")
        symbolic, numeric = (
            "\n".join(labels(to_dot(a, labels="symbolic"))),
            "\n".join(labels(to_dot(a, labels="numeric"))),
        )
        assert "I ⊗ xᵀ" in symbolic and "= [" not in symbolic
        assert "I ⊗ xᵀ" not in numeric and "∂g1/∂W = [[" in numeric
        for theme in THEMES:
            assert to_dot(a, theme=theme).startswith("digraph shapes {")
        with pytest.raises(ValueError, match="theme must be one of"):
            to_dot(a, theme="neon")

    def test_data_flows_in_dashed_without_a_jacobian(self):
        a = explained("X = [[1, 2], [3, 4]]; w = [p, q]; y = sum(X @ w)", "w")
        dot = to_dot(a)
        assert re.search(r"X -> g1 \[.*style=dashed", dot)
        assert "∂g1/∂w = X" in "\n".join(labels(dot))

    def test_a_scalar_program_and_a_long_one_get_a_note(self):
        assert "every value here is a scalar" in to_dot(explained("x*x**2")).lower()
        chain = "x = [p, q]; " + "; ".join(f"v{k} = sin(v{k - 1})" if k else "v0 = sin(x)" for k in range(MAX_DRAWN))
        assert "draws at most 60" in to_dot(explained(chain + "; y = sum(v59)"))

    def test_the_caption_says_when_a_value_is_undefined(self):
        a = explained("w = [w1, w2]; y = sum(relu(w))", "w", at={"w1": 0, "w2": 1})
        assert "not compared here" in caption(a)


@pytest.mark.skipif(not INSTALLED, reason="no Graphviz renderer")
def test_it_lays_out_as_svg():
    svg = html.unescape(layout.to_svg(to_dot(explained(DENSE, "W"))))
    assert "I ⊗ xᵀ" in svg and "</svg>" in svg
