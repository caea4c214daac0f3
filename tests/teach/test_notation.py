"""The shared notation: numbers in LaTeX."""

from __future__ import annotations

import pytest

from explorer.teach.notation import tex_number


class TestNumbers:
    @pytest.mark.parametrize(
        ("value", "tex"),
        [(2.0, "2"), (-0.41614683654, "-0.4161"), (1.5e-20, r"1.5 \cdot 10^{-20}"), (-2e21, r"-2 \cdot 10^{21}")],
    )
    def test_ascii_for_pdflatex_and_katex(self, value, tex):
        assert tex_number(value) == tex
        assert tex_number(value).isascii()
