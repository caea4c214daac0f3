"""The Beamer deck: it compiles with pdflatex, every frame is 16:9 and legible, and its colours are the graph's.

The PDFs are read back with poppler: the size of every run of text (``pdftohtml``),
the pages drawn (``pdftoppm``). A teacher projects these frames as they come, so
no word of three or more characters may be set under 8 pt, nothing may run off a
frame, and the title frame must typeset the expression, not print it as code.
"""

from __future__ import annotations

import re

import pytest
from rendering import needs_renderer
from texing import compile_pdf, needs_tex, read_pdf, render_pages, small_words

from explorer.calculus.verify import verify
from explorer.colours import text_colour
from explorer.drawing.dot import PALETTE
from explorer.drawing.views import walk
from explorer.exports.beamer import SMALLEST, deck
from explorer.teach import explained

NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"

#: The paper's examples and the neuron, each in one of the modes.
CASES = [
    ("x + x**2", None, "paths"),
    ("x*x**2", None, "forward"),
    ("ln(sin(x**3)**2)", None, "reverse"),
    ("[ln(x**2), sin(3*x)]", None, "reverse"),
    (NEURON, None, "reverse"),
    ("sigmoid(w*x + b)", "w", "reverse"),
]


@needs_renderer
@needs_tex
@pytest.mark.parametrize(("text", "wrt", "mode"), CASES)
def test_every_frame_is_16_9_and_nothing_on_it_is_under_8_pt(tmp_path, text, wrt, mode):
    analysis = verify(explained(text, wrt=wrt))
    tex = deck(analysis, mode)
    pdf, log = compile_pdf(tex, tmp_path)
    pages = read_pdf(pdf)
    steps = int(re.search(r"step 1 of (\d+)", tex).group(1))  # as many as the graph on the slides has
    # a title frame, a frame per step, the slope picture
    assert len(pages) == 1 + steps + 1 and steps <= len(walk(analysis, mode))
    assert all(abs(page.width / page.height - 16 / 9) < 0.01 for page in pages)
    assert small_words(pages, 8.0) == []
    assert "Overfull \\vbox" not in log  # nothing runs off the bottom of a frame
    assert all(run.top >= 0 and run.bottom <= page.height for page in pages for run in page.runs)
    # every frame draws the graph: its nodes' labels are on it, in the graph's type (at least SMALLEST)
    for page in pages[1:-1]:
        assert any(run.text.startswith(("x", "w", "b")) and run.size >= SMALLEST - 0.34 for run in page.runs)


@needs_renderer
@needs_tex
@pytest.mark.parametrize("text", ["x*x**2", NEURON])
def test_the_title_frame_typesets_the_expression_as_typed(tmp_path, text):
    pdf, _ = compile_pdf(deck(explained(text), "paths"), tmp_path)
    title = read_pdf(pdf)[0]
    math = [run for run in title.runs if re.search(r"CMMI|CMSY|CMR", run.font)]
    assert math, [run.font for run in title.runs]  # the expression is set in the math fonts
    assert not [run for run in title.runs if re.search(r"Courier|Mono|pcr", run.font, re.I)]  # no code font
    if text == "x*x**2":
        assert any(run.text == "3" for run in title.runs) is False  # x·x², not x³


@needs_renderer
@needs_tex
def test_the_paths_are_drawn_in_the_graphs_colours(tmp_path):
    from PIL import Image

    analysis = explained("x*x**2")
    pdf, _ = compile_pdf(deck(analysis, "paths"), tmp_path)
    last = render_pages(pdf)[-2]  # the sum over paths: both paths in the graph and in the formula
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
    assert len(re.findall(r"\\begin\{frame\}", tex)) == 1 + len(walk(explained("x*x**2"), "paths")) + 1
    assert "Sum of paths: step 6 of 6" in tex


@needs_renderer
def test_each_step_offers_its_formula_and_shorter_forms_for_tex_to_choose_from():
    tex = deck(explained("ln(sin(x**3)**2)"), "reverse")
    frame = tex.split(r"\begin{frame}")[9]  # step 8: dy/du2, as a chain of sides, as rows, and alone
    tries = re.findall(r"\\explorertry\{[\d.]+pt\}\{[\d.]+pt\}\{\$\\displaystyle (.*)\$\}%", frame)
    assert len(tries) == 3 and tries[-1] == r"\frac{dy}{du_{2}} = 16.04"


@needs_renderer
def test_one_wrapper_for_every_latex_file():
    """The deck is wrapped like the LaTeX download: its characters outside ASCII declared once, text escaped."""
    tex = deck(explained("θ_1*x + sin(θ_1)"), "paths")
    body = tex[tex.index(r"\begin{document}") :]
    assert tex.count(r"\DeclareUnicodeCharacter{03B8}{\ensuremath{\theta}}") == 1
    preamble = tex[: tex.index(r"\begin{document}")]
    assert all(f"\\DeclareUnicodeCharacter{{{ord(c):04X}}}" in preamble for c in body if ord(c) > 127)
    assert r"θ\_1" in body  # the name's underscore, escaped in text
