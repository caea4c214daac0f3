"""How Jupyter shows an analysis: HTML (graph, path table, coloured sum), SVG, LaTeX and a short text."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from rendering import INSTALLED

from explorer import notebook
from explorer.calculus.verify import verify
from explorer.drawing.dot import colour
from explorer.errors import RenderError
from explorer.teach import explained

needs_renderer = pytest.mark.skipif(not INSTALLED, reason="no Graphviz renderer")


@pytest.fixture(scope="module")
def analysis():
    return verify(explained("u1 = w*x + b; u2 = u1 - t; y = u2**2 + x"))


@needs_renderer
def test_jupyter_gets_every_form(analysis):
    bundle = analysis._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "image/svg+xml", "text/latex"}
    assert bundle["text/plain"] == repr(analysis) and len(bundle["text/plain"]) < 200
    assert bundle["image/svg+xml"].lstrip().startswith(("<?xml", "<svg", "<!--"))


@needs_renderer
def test_html_is_the_graph_the_path_table_and_the_sum(analysis):
    view = notebook.html_view(analysis, notebook.draw(analysis))
    root = ET.fromstring(view.split("</style>", 1)[1])  # well formed: the SVG sits inside as an element
    svg = root.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None and "<?xml" not in view
    assert root.find(".//figure").get("aria-label").startswith("Data-flow graph. " + analysis.summary)
    rows = root.findall(".//tbody/tr")
    assert len(rows) == analysis.path_count == 2
    for k, (row, path) in enumerate(zip(rows, analysis.paths)):
        chip, nodes, product, value = row.findall("td")
        assert chip.find("span").get("style") == f"background:{colour(k)}" and chip.find("span").text == str(k + 1)
        assert nodes.text == " → ".join(path.nodes)
        assert product.text.startswith("∂") and value.text
    total = root.findall("p")[-2]
    assert total.text.startswith("dy/dx = ")
    assert [span.get("style").split(";")[0] for span in total.findall("span")] == [
        f"color:{colour(0)}",
        f"color:{colour(1)}",
    ]
    assert "equals sympy.diff" in root.findall("p")[-1].text


def test_without_a_drawing_the_rest_is_shown(analysis, monkeypatch):
    def no_renderer(*args, **kwargs):
        raise RenderError("no Graphviz renderer is installed")

    monkeypatch.setattr(notebook, "draw", no_renderer)
    bundle = notebook.mimebundle(analysis)
    assert set(bundle) == {"text/plain", "text/html", "text/latex"}
    assert "<svg" not in bundle["text/html"] and "<table>" in bundle["text/html"]


def test_include_and_exclude(analysis, monkeypatch):
    monkeypatch.setattr(notebook, "draw", lambda a: "<svg/>")
    assert set(notebook.mimebundle(analysis, include={"text/latex", "text/plain"})) == {"text/latex", "text/plain"}
    assert "text/html" not in notebook.mimebundle(analysis, exclude={"text/html"})


def test_latex_is_coloured_for_mathjax_and_latex(analysis):
    tex = notebook.latex_view(analysis)
    assert tex.startswith("$$\\begin{aligned}\\frac{dy}{dx} &= ") and tex.endswith("\\end{aligned}$$")
    assert "\\color[RGB]{0,114,178}" in tex and "\\color{#" not in tex


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex")
def test_latex_compiles_as_nbconvert_would_use_it(analysis, tmp_path):
    source = (
        "\\documentclass{article}\\usepackage{amsmath,amssymb,xcolor}\\begin{document}\n"
        + notebook.latex_view(analysis)
        + "\n\\end{document}\n"
    )
    (tmp_path / "cell.tex").write_text(source, encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "cell.tex"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]


def test_a_constant_says_so():
    constant = explained("2 + 3")
    assert "no variables" in notebook.latex_view(constant)
    assert "<table>" not in notebook.html_view(constant)
