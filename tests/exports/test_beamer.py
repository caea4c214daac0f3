"""The Beamer deck compiles with pdflatex (Debian's TeX Live), its pages render, and its colours are the graph's."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rendering import needs_renderer

from explorer.calculus.walkthrough import steps
from explorer.colours import text_colour
from explorer.drawing.dot import PALETTE
from explorer.exports.beamer import deck
from explorer.teach import explained

TEX = pytest.mark.skipif(
    not (shutil.which("pdflatex") and shutil.which("pdftoppm")),
    reason="needs pdflatex and pdftoppm (bash .ci/run installs texlive and poppler-utils)",
)

#: The paper's examples, each in one of the modes, and names that need escaping or a Unicode definition.
CASES = [
    ("x + x**2", None, "paths"),
    ("x*x**2", None, "forward"),
    ("ln(sin(x**3)**2)", None, "reverse"),
    ("[ln(x**2), sin(3*x)]", None, "reverse"),
    ("sigmoid(w*x + b)", "w", "reverse"),
    ("θ_1*x + sin(θ_1)", "θ_1", "paths"),
]


def compile_pdf(tex: str, folder: Path) -> Path:
    source = folder / "slides.tex"
    source.write_text(tex, encoding="utf-8")
    command = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "slides.tex"]
    done = subprocess.run(command, cwd=folder, capture_output=True, timeout=300, check=False)
    log = done.stdout.decode("utf-8", "replace")
    assert done.returncode == 0, (
        "\n".join(line for line in log.splitlines() if line.startswith("!"))[:2000] or log[-3000:]
    )
    return folder / "slides.pdf"


def render_pages(pdf: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "50", "-png", pdf.name, "page"], cwd=pdf.parent, check=True, timeout=300)
    return sorted(pdf.parent.glob("page-*.png"))


@needs_renderer
@TEX
@pytest.mark.parametrize(("text", "wrt", "mode"), CASES)
def test_compiles_and_every_page_renders(tmp_path, text, wrt, mode):
    analysis = explained(text, wrt=wrt)
    pdf = compile_pdf(deck(analysis, mode), tmp_path)
    pages = render_pages(pdf)
    assert len(pages) == 1 + len(steps(analysis, mode))  # a title frame, then a frame per step
    assert all(page.stat().st_size > 1000 for page in pages)


@needs_renderer
@TEX
def test_the_paths_are_drawn_in_the_graphs_colours(tmp_path):
    from PIL import Image

    analysis = explained("x*x**2")
    pdf = compile_pdf(deck(analysis, "paths"), tmp_path)
    last = render_pages(pdf)[-1]  # the sum over paths: both paths in the graph and in the formula
    data = Image.open(last).convert("RGB").tobytes()
    pixels = list(zip(data[0::3], data[1::3], data[2::3]))
    for k in range(2):  # lines in the path's colour (dashed from the second path on), formulas in its text shade
        shades = [tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)) for h in (PALETTE[k], text_colour(k))]
        near = sum(1 for p in pixels if any(max(abs(a - b) for a, b in zip(p, rgb)) < 40 for rgb in shades))
        assert near > 20, PALETTE[k]  # a dashed line and a short term: a few dozen pixels at the least


@needs_renderer
def test_the_deck_names_its_colours_and_frames():
    tex = deck(explained("x*x**2"), "paths")
    assert r"\definecolor{gv0072B2}{HTML}{0072B2}" in tex and r"\definecolor{gvD55E00}{HTML}{D55E00}" in tex
    assert r"\color[RGB]{0,114,178}" in tex  # the formula's first path (#0072B2), as the graph draws it
    assert r"\color{#" not in tex  # no KaTeX colours: xcolor would not read them
    assert len(re.findall(r"\\begin\{frame\}", tex)) == 1 + len(steps(explained("x*x**2"), "paths"))
    assert "Sum of paths: step 6 of 6" in tex


def test_one_wrapper_for_every_latex_file():
    """The deck is wrapped like the LaTeX download: its characters outside ASCII declared once, text escaped."""
    tex = deck(explained("θ_1*x + sin(θ_1)"), "paths")
    body = tex[tex.index(r"\begin{document}") :]
    assert tex.count(r"\DeclareUnicodeCharacter{03B8}{\ensuremath{\theta}}") == 1
    preamble = tex[: tex.index(r"\begin{document}")]
    assert all(f"\\DeclareUnicodeCharacter{{{ord(c):04X}}}" in preamble for c in body if ord(c) > 127)
    assert r"θ\_1" in body  # the name's underscore, escaped in text
