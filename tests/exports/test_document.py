"""The LaTeX download: a standalone document that pdfLaTeX compiles, coloured like the graph, with the values."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import given, reject, settings
from strategies import expressions

from explorer.calculus.verify import verify
from explorer.colours import text_colour
from explorer.errors import ExpressionError
from explorer.exports.document import WIDTH, document, rows, width
from explorer.exports.texfile import escape
from explorer.language.printsize import TOO_LONG
from explorer.teach import explained
from explorer.teach.notation import tex_number

PDFLATEX = shutil.which("pdflatex")
needs_tex = pytest.mark.skipif(PDFLATEX is None, reason="no pdflatex (apt-get install texlive-latex-recommended)")


def analyze(text, wrt=None, at=None, **kw):
    return verify(explained(text, wrt, at, **kw))


def compile_tex(source: str, directory: Path) -> str:
    """Run pdflatex on the document; returns its log. Fails the test with the first error."""
    (directory / "doc.tex").write_text(source, encoding="utf-8")
    done = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"],
        cwd=directory,
        capture_output=True,
        timeout=120,
    )
    log = (directory / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert done.returncode == 0, "\n".join(line for line in log.splitlines() if line.startswith("!"))[:2000]
    assert (directory / "doc.pdf").stat().st_size > 1000
    return log


class TestDocument:
    @pytest.mark.parametrize(
        "text", ["x + x**2", "x*x**2", "ln(sin(x**3)**2)", "sin(x + x**2)", "sigmoid(w*x + b)", "x*x", "x - x"]
    )
    def test_every_step_of_the_derivation(self, text):
        analysis = analyze(text)
        tex = document(analysis)
        assert tex.count(r"\begin{align*}") == tex.count(r"\end{align*}") >= 4
        assert tex.count("{") == tex.count("}")
        for node in analysis.nodes[len(analysis.inputs) :]:
            assert f"{sp.latex(node.symbol)} &= {sp.latex(node.local, order='none', mul_symbol='dot')}" in tex
        for edge in analysis.edges:
            assert sp.latex(edge.partial) in tex
        for path in analysis.paths:
            assert sp.latex(path.product) in tex
        assert f"= {sp.latex(analysis.totals[0])}" in tex

    def test_standalone(self):
        tex = document(analyze("x*x**2"))
        assert tex.splitlines()[2] == r"\documentclass[11pt]{article}"
        assert r"\usepackage{amsmath,amssymb}" in tex and r"\usepackage{xcolor}" in tex
        assert tex.count(r"\begin{document}") == tex.count(r"\end{document}") == 1
        assert tex.rstrip().endswith(r"\end{document}")

    def test_coloured_and_numbered_like_the_graph(self):
        analysis = analyze("sin(x + x**2)")
        tex = document(analysis)
        for k in range(analysis.path_count):
            rgb = ",".join(str(int(text_colour(k)[i : i + 2], 16)) for i in (1, 3, 5))  # the shade for white paper
            assert rf"{{\color[RGB]{{{rgb}}}\textbf{{Path {k + 1}}}}}" in tex  # the path's heading
            assert rf"\underbrace{{{{\color[RGB]{{{rgb}}}" in tex and f"}}_{{{k + 1}}}" in tex  # its term

    def test_the_values_at_the_point(self):
        analysis = analyze("u1 = w*x + b; u2 = u1 - t; y = u2**2", at={"x": 2})
        tex = document(analysis)
        assert r"Values at $w = 0.5,\ x = 2,\ b = 0.25,\ t = 2$." in tex
        for node in analysis.nodes[len(analysis.inputs) :]:
            assert f"= {tex_number(analysis.node_values[node.id])}" in tex
        for path in analysis.paths:
            assert f"&= {tex_number(path.value)}" in tex or f" = {tex_number(path.value)}" in tex
        assert rf"= {tex_number(analysis.total_values[0])} \quad \text{{at }} w = 0.5" in tex

    def test_the_sum_equals_the_total(self):
        tex = document(analyze("x*x**2"))
        first, second = (",".join(str(int(text_colour(k)[i : i + 2], 16)) for i in (1, 3, 5)) for k in (0, 1))
        assert rf"= {{\color[RGB]{{{first}}}2 x^{{2}}}} + {{\color[RGB]{{{second}}}x^{{2}}}} = 3 x^{{2}}" in tex

    def test_vector_output(self):
        analysis = analyze("[ln(x**2), sin(3*x)]")
        tex = document(analysis)
        assert r"\subsection*{Step 4. Substitute back and simplify ($\frac{dy_{1}}{dx}$)}" in tex
        assert r"\subsection*{Step 4. Substitute back and simplify ($\frac{dy_{2}}{dx}$)}" in tex
        assert sp.latex(analysis.outer_jacobian) + sp.latex(analysis.inner_jacobian) in tex
        assert sp.latex(analysis.jacobian) in tex

    def test_the_papers_four_steps_are_the_sections(self):
        analysis = analyze("x + x**2", at={"x": 1})
        headings = re.findall(r"\\subsection\*\{Step (\d)\. ([^{}$(]+)", document(analysis))
        assert [(int(k), title.strip()) for k, title in headings] == [
            (k, step.title) for k, step in enumerate(analysis.steps, 1)
        ]

    def test_why_one_path_is_not_enough(self):
        tex = document(analyze("x + x**2", at={"x": 1}))
        assert r"\textbf{Why one path is not enough.} The single-variable chain rule follows one path" in tex
        assert "At the point, path 1 gives $2$, path 2 gives $1$; only their sum, $3$, is the derivative." in tex
        assert "Why one path" not in document(analyze("sin(x**2)"))  # one path: the single-variable rule is right

    def test_no_steps_without_a_path(self):
        tex = document(analyze("3"))
        assert r"\subsection*{Intermediate variables}" in tex and "Step" not in tex

    def test_truncated_paths_say_so(self):
        tex = document(analyze("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3", max_paths=3))
        assert "16 paths in all; the first 3 are listed, the total counts every one." in tex
        assert r"&= 16 x^{15}" in tex

    def test_constant(self):
        assert "the expression has no variables, so its derivative is 0" in document(analyze("3"))

    def test_notes_and_names_are_text_not_latex(self):
        tex = document(analyze("abs(x_1) + a_b", at={"x_1": 0}))
        assert escape(analyze("abs(x_1) + a_b", at={"x_1": 0}).notes[0]) in tex
        notes = [line for line in tex.splitlines() if line.startswith(r"\item ")]
        assert notes and all("|" not in line and r"\textbar{}x\_1\textbar{}" in line for line in notes)

    @settings(max_examples=40, deadline=None)
    @given(expressions)
    def test_any_expression_gives_balanced_latex(self, case):
        text, _ = case
        try:
            analysis = explained(text)
        except ExpressionError:  # refused input is not a document's business: draw another
            reject()
        tex = document(analysis)
        body = tex.split(r"\begin{document}")[1]
        assert body.count("{") == body.count("}")
        assert body.count(r"\begin{align*}") == body.count(r"\end{align*}")
        assert all(ord(c) < 128 for c in tex.split(r"\begin{document}")[0].split(r"\ifdefined")[0])


class TestLineBreaks:
    def test_rows_break_between_pieces_and_drop_repeated_sides(self):
        assert rows("y", [["a"], ["a"], ["b", " + c"]]) == ["y &= a = b + c"]
        long = ["t" * 30, *(" + " + "t" * 30 for _ in range(4))]
        broken = rows("y", [long, ["1"]])
        assert len(broken) >= 3 and all(width(r) <= WIDTH + 4 for r in broken)
        assert broken[1].startswith(r"&\quad + ")

    def test_width_reads_fractions_and_names(self):
        assert width(r"\frac{\partial y}{\partial u_{1}}") == width(r"\partial u_{1}") == 3
        assert width(r"\cos{\left(x \right)}") == width("cos(x)")


@needs_tex
class TestCompiles:
    @pytest.mark.parametrize(
        ("text", "at"),
        [
            ("x*x**2", None),
            ("u1 = w*x + b; u2 = u1 - t; y = u2**2", None),
            ("[ln(x**2), sin(3*x)]", None),
            ("θ*sin(θ) + ℓ + é", None),  # names outside ASCII
            ("abs(x) + ln(x)", {"x": 0}),  # notes with |x| and undefined values
            ("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3*u3", None),  # 24 coloured paths
            ("3", None),
        ],
    )
    def test_pdflatex(self, text, at, tmp_path):
        compile_tex(document(analyze(text, at=at)), tmp_path)

    def test_a_layer_on_matrices_goes_layer_by_layer_and_compiles(self, tmp_path):
        text = "W = [[w11, w12, w13], [w21, w22, w23]]; x = [x1, x2, x3]; y = sum(tanh(W @ x + b))"
        tex = document(verify(explained(text, "W")))
        assert r"\subsection*{Layer by layer on whole vectors and matrices}" in tex
        assert r"\frac{\partial g_{1}}{\partial W} = I \otimes x^{T}" in tex
        compile_tex(tex, tmp_path)

    def test_expressions_too_long_to_print_are_said_to_be(self, tmp_path):
        """A nested program whose products print to millions of characters: the document says so, and compiles."""
        nested = "u1 = sin(x)\n" + "\n".join(f"u{i} = sin(u{i - 1})*cos(u{i - 1})" for i in range(2, 10))
        tex = document(explained(nested))
        assert TOO_LONG in tex and len(tex) < 2_000_000
        compile_tex(tex, tmp_path)

    @pytest.mark.parametrize(
        "text",
        [
            "sin(sin(sin(sin(sin(sin(sin(sin(x))))))))",  # long path rows and a long product
            "sin(x)*cos(x)*exp(x)*tanh(x)*sigmoid(x) + x**7 - x**5 + 3*x**3 - ln(x) + sqrt(x)",  # a long sum
            # eight inputs: the point after the value ran 26-37 pt into the margin
            "W = [[w11, w12], [w21, w22]]; x = [x1, x2]; b = [b1, b2]; y = sum(tanh(W @ x + b))",
        ],
    )
    def test_long_rows_are_broken_to_fit_the_page(self, text, tmp_path):
        log = compile_tex(document(analyze(text)), tmp_path)
        assert "Overfull \\hbox" not in log


class TestAsTyped:
    def test_the_handout_opens_with_the_expression_as_typed_and_the_graph(self):
        """x·x² is the point of the example: its simplified form x³ waits for step 4."""
        tex = document(analyze("x*x**2"))
        before = tex[: tex.index(r"\subsection*{Step 1.")]
        assert "x^{3}" not in before and r"y &= x \cdot x^{2}" in before
        assert before.count(r"\begin{tikzpicture}") == 1  # the graph, in TikZ, before the steps
        assert "3 x^{2}" in tex[tex.index(r"\subsection*{Step 4.") :]

    def test_a_long_product_is_cut_to_its_ends_and_says_how_many(self):
        tex = document(explained("*".join(["x"] * 40)))
        assert r"\cdots" in tex and r"\text{(40 factors)}" in tex


@needs_tex
class TestAlwaysCompiles:
    def test_the_handout_of_x_times_x_squared(self, tmp_path):
        """Compiled: the opening reads x·x² and the picture of the graph is drawn (its labels are in the PDF)."""
        compile_tex(document(analyze("x*x**2")), tmp_path)
        text = subprocess.run(["pdftotext", "doc.pdf", "-"], cwd=tmp_path, capture_output=True, check=True).stdout
        opening = text.decode()[: text.decode().index("Step 1.")]
        assert "∂u1/∂x" in opening and "x3" not in opening.replace(" ", "")

    @pytest.mark.parametrize(
        "names",
        [
            "xscr + ybold + zfrak + wcal + abm + bdot + cddot + ddddot + ehat + fbar + gvec + htilde + kcheck + lbreve",
            "alpha*lamda + Gamma + hbar + xmathring + xprime + xnorm + xavg + xabs",
        ],
    )
    def test_names_sympy_decorates(self, names, tmp_path):
        r"""sympy writes \mathscr, \boldsymbol, \mathfrak, \ddddot… for such names: every package is loaded."""
        tex = document(analyze(names))
        assert r"\mathscr" in tex or "alpha" in names
        compile_tex(tex, tmp_path)

    def test_names_in_scripts_without_a_font_read_differently(self, tmp_path):
        """一, ب and the fullwidth ｘ are three inputs besides x: each gets its own name, and a legend says which."""
        analysis = analyze("一 + ب + ｘ*x")
        tex = document(analysis)
        declared = dict(re.findall(r"\\DeclareUnicodeCharacter\{([0-9A-F]{4})\}\{(.*)\}", tex))
        spelled = [declared[f"{ord(c):04X}"] for c in "一بｘ"]
        assert len(set(spelled)) == 3 and all(r"\langle" in s for s in spelled)  # distinct, and never plain x
        assert "U+0628 (ARABIC LETTER BEH)" in tex and "U+4E00 (CJK UNIFIED IDEOGRAPH-4E00)" in tex
        compile_tex(tex, tmp_path)

    def test_a_product_of_1500_factors(self, tmp_path):
        """It used to stop TeX with "Dimension too large": the factors are cut to their ends, the rows broken."""
        log = compile_tex(document(analyze("*".join(["x"] * 1500))), tmp_path)
        assert "Overfull \\hbox" not in log
