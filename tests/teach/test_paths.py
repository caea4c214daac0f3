"""The page's LaTeX of the paths and the coloured sum."""

from __future__ import annotations

import re

import pytest

from explorer.calculus.verify import verify
from explorer.colours import BACKGROUNDS, COLOURED, contrast, text_colour
from explorer.teach import explained
from explorer.teach.notation import MAX_TEX
from explorer.teach.paths import PAGE_PATHS, formulas, listed, sum_over_paths


def analyze(text, wrt=None, at=None, **kw):
    return verify(explained(text, wrt, at, **kw))


DOUBLING = "u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3*u3"  # 24 paths


class TestPageFormulas:
    def test_the_sum_is_coloured_like_the_paths(self):
        formula = sum_over_paths(analyze("x*x**2"), 0)
        assert r"{\color{#0072B2}" in formula and r"{\color{#BE5400}" in formula  # text shades of the lines
        assert r"&= 0.75 \quad \text{at } x = 0.5" in formula

    @pytest.mark.parametrize("theme", ["light", "dark"])
    def test_every_term_reads_on_its_page(self, theme):
        text = "\n".join(["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, 5)])  # 16 paths
        formula = sum_over_paths(analyze(text), 0, theme=theme)
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


class TestHighlight:
    def test_terms_are_numbered_so_colour_is_not_the_only_cue(self):
        formula = sum_over_paths(analyze("x*x**2"), 0)
        first_line = formula.split(r" \\  &= ")[0]
        assert first_line.count(r"\underbrace{") == 2
        assert first_line.index("}_{1}") < first_line.index("}_{2}")

    def test_the_highlighted_path_is_boxed(self):
        formula = sum_over_paths(analyze("x*x**2"), 0, highlight=1)
        assert formula.count(r"\boxed{") == 3  # its term on every line that lists the paths
        assert all(
            box.startswith(r"\boxed{{\color{" + text_colour(1))
            or box.startswith(r"\boxed{\underbrace{{\color{" + text_colour(1))
            for box in (formula[i:] for i in range(len(formula)) if formula.startswith(r"\boxed{", i))
        )

    def test_a_highlighted_path_past_the_listed_rows_is_shown(self):
        analysis = analyze(DOUBLING)
        assert analysis.path_count == 24 > PAGE_PATHS
        f = formulas(analysis, highlight=22)
        assert [row.index for row in f.paths] == [*range(PAGE_PATHS), 22]
        boxed = r"\boxed{\underbrace{{\color{" + text_colour(22) + "}"
        assert boxed in f.sums[0] and "}_{23}" in f.sums[0]
        first_line = f.sums[0].split(r" \\  &= ")[0]  # the first side, over its wrapped lines
        assert first_line.count(r"\cdots") == 2  # paths 21, 22 and 24 are left out, on both sides of 23

    def test_listed(self):
        analysis = analyze(DOUBLING)
        assert listed(analysis) == list(range(PAGE_PATHS))
        assert listed(analysis, highlight=3) == list(range(PAGE_PATHS))
        assert listed(analysis, highlight=23) == [*range(PAGE_PATHS), None, 23]

    def test_no_such_path(self):
        with pytest.raises(ValueError, match="there is no path 24"):
            formulas(analyze(DOUBLING), highlight=24)
