"""The LaTeX writer: the downloadable derivation and the page's formulas, from one module."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from explorer.analysis import run
from explorer.colours import BACKGROUNDS, COLOURED, contrast
from explorer.typeset import MAX_TEX, PAGE_PATHS, document, formulas, sum_over_paths
from explorer.verify import verify


def analyze(text, wrt=None, at=None, **kw):
    return verify(run(text, wrt, at, **kw))


class TestLatex:
    @pytest.mark.parametrize(
        "text", ["x + x**2", "x*x**2", "ln(sin(x**3)**2)", "sin(x + x**2)", "sigmoid(w*x + b)", "x*x", "x - x"]
    )
    def test_derivation(self, text):
        analysis = analyze(text)
        tex = document(analysis)
        assert tex.count(r"\begin{align*}") == tex.count(r"\end{align*}") >= 4
        assert tex.count("{") == tex.count("}")
        for node in analysis.nodes[len(analysis.inputs) :]:
            assert f"{sp.latex(node.symbol)} &= " in tex
        for edge in analysis.edges:
            assert sp.latex(edge.partial) in tex
        for path in analysis.paths:
            assert sp.latex(path.product) in tex
        total = sp.latex(analysis.totals[0])
        assert re.search(rf"&= {re.escape(total)}(\n|$)", tex), "the derivation ends in the total"
        assert r"\frac{d y}{d x}" in tex

    def test_sum_of_paths(self):
        tex = document(analyze("x*x**2"))
        assert "\\frac{d y}{d x} &= 2 x^{2} + x^{2} \\\\\n&= 3 x^{2}" in tex

    def test_chain_is_written_output_first(self):
        tex = document(analyze("ln(sin(x**3)**2)"))
        chain = (
            r"\frac{\partial y}{\partial u_{3}} \frac{\partial u_{3}}{\partial u_{2}} "
            r"\frac{\partial u_{2}}{\partial u_{1}} \frac{\partial u_{1}}{\partial x}"
        )
        assert chain in tex

    def test_vector_output(self):
        analysis = analyze("[ln(x**2), sin(3*x)]")
        tex = document(analysis)
        assert r"\frac{d y_{1}}{d x}" in tex and r"\frac{d y_{2}}{d x}" in tex
        assert f"J &= {sp.latex(analysis.jacobian)}" in tex
        assert sp.latex(analysis.outer_jacobian) + " " + sp.latex(analysis.inner_jacobian) in tex

    def test_truncated_paths_say_so(self):
        tex = document(analyze("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3", max_paths=3))
        assert "16 paths in all; the first 3 are listed" in tex
        assert r"\frac{d y}{d x} &= 16 x^{15}" in tex

    def test_constant(self):
        assert "nothing to differentiate" in document(analyze("3"))


class TestPageFormulas:
    def test_the_sum_is_coloured_like_the_paths(self):
        formula = sum_over_paths(analyze("x*x**2"), 0)
        assert r"{\color{#0072B2}" in formula and r"{\color{#BE5400}" in formula  # text shades of the lines
        assert r"\text{0.75} \quad \text{at } x = 0.5" in formula

    @pytest.mark.parametrize("theme", ["light", "dark"])
    def test_every_term_reads_on_its_page(self, theme):
        text = "\n".join(["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, 5)])  # 16 paths
        formula = sum_over_paths(analyze(text), 0, theme)
        used = set(re.findall(r"\\color\{(#[0-9A-F]{6})\}", formula))
        assert len(used) == COLOURED + 1  # seven colours, then one grey for the rest
        assert all(contrast(c, BACKGROUNDS[theme]) >= 4.5 for c in used)

    def test_a_line_that_adds_nothing_is_dropped(self):
        """x + x²: the products 2x + 1 already are the total; it is not written twice."""
        formula = sum_over_paths(analyze("x + x**2"), 0)
        assert formula.count("2 x + 1") == 0 and formula.count("&=") == 4

    def test_rows_for_the_first_paths_only(self):
        text = "\n".join(["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, 7)])
        f = formulas(analyze(text))
        assert len(f.paths) == PAGE_PATHS and r"\cdots" in f.sums[0]

    def test_huge_formulas_are_left_to_the_download(self):
        text = "u1 = sin(x)\n" + "\n".join(f"u{i} = sin(u{i - 1})*cos(u{i - 1})" for i in range(2, 12))
        f = formulas(analyze(text, max_paths=20))
        assert all(len(s) <= MAX_TEX for s in f.sums if s is not None)
        assert any(s is None for s in [*f.sums, *(r.product for r in f.paths)])

    def test_vector_chain(self):
        f = formulas(analyze("[ln(x**2), sin(3*x)]"))
        assert f.vector_chain.startswith(r"\mathbf{y} = \mathbf{f}(\mathbf{g}(x))")
        assert f.columns is None
        assert formulas(analyze("[x*w, w]")).columns == r"\text{columns: } x, w"
