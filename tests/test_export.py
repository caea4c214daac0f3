"""Tests for explorer.export: the renderer choice, SVG/PNG files, LaTeX, JSON and file names."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from rendering import INSTALLED, SVG, each_renderer, only  # noqa: F401

from explorer import analyze
from explorer.export import (
    MAX_SCALE,
    RenderError,
    filename,
    renderer,
    repr_svg,
    to_json,
    to_latex,
    to_png,
    to_svg,
)
from explorer.render import to_dot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk that follows the signature."""
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


class TestRenderer:
    @pytest.mark.parametrize(
        ("installed", "expected"),
        [(("dot", "graphviz-pure"), "dot"), (("graphviz-pure",), "graphviz-pure"), ((), None)],
    )
    def test_preference(self, monkeypatch, installed, expected):
        if expected is not None and expected not in INSTALLED:
            pytest.skip(f"{expected} is not installed")
        only(monkeypatch, *installed)
        assert renderer() == expected

    def test_none_installed_is_a_clear_error(self, monkeypatch):
        only(monkeypatch)
        with pytest.raises(RenderError, match=r"no Graphviz renderer found.*graphviz-pure"):
            to_svg("digraph { x -> y }")

    def test_the_chosen_renderer_draws(self, each_renderer):  # noqa: F811 - the fixture
        assert renderer() == each_renderer
        header = to_svg("digraph { x -> y }").split("<svg")[0]
        assert ("graphviz-pure" in header) == (each_renderer == "graphviz-pure")


@pytest.mark.usefixtures("each_renderer")
class TestSvg:
    def test_is_svg(self):
        root = ET.fromstring(to_svg(to_dot(analyze("x*x**2"))))
        assert root.tag == f"{SVG}svg"

    def test_same_bytes_twice(self):
        dot = to_dot(analyze("[ln(x**2), sin(3*x)]"))
        assert to_svg(dot) == to_svg(dot)

    def test_bad_dot_is_an_error(self):
        with pytest.raises(RenderError, match="failed"):
            to_svg("digraph {")

    def test_timeout(self):
        dot = to_dot(analyze("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3"))
        with pytest.raises(RenderError, match="longer than"):
            to_svg(dot, timeout=1e-4)


@pytest.mark.usefixtures("each_renderer")
class TestPng:
    def test_scale_4_is_twice_scale_2(self):
        dot = to_dot(analyze("ln(sin(x**3)**2)"))
        (w2, h2), (w4, h4) = png_size(to_png(dot, scale=2)), png_size(to_png(dot, scale=4))
        assert abs(w4 - 2 * w2) <= 1 and abs(h4 - 2 * h2) <= 1
        assert w2 > 400

    def test_default_scale_is_2(self):
        dot = to_dot(analyze("x*x"))
        assert to_png(dot) == to_png(dot, scale=2)

    @pytest.mark.parametrize("scale", [0, -1, MAX_SCALE + 1, float("nan")])
    def test_bad_scale(self, scale):
        with pytest.raises(ValueError, match="scale"):
            to_png("digraph { x }", scale=scale)


class TestReprSvg:
    @pytest.mark.usefixtures("each_renderer")
    def test_svg(self):
        analysis = analyze("sin(x**2)")
        assert repr_svg(analysis) == to_svg(to_dot(analysis))

    def test_none_without_renderer(self, monkeypatch):
        only(monkeypatch)
        assert repr_svg(analyze("sin(x**2)")) is None


class TestLatex:
    @pytest.mark.parametrize(
        "text", ["x + x**2", "x*x**2", "ln(sin(x**3)**2)", "sin(x + x**2)", "sigmoid(w*x + b)", "x*x", "x - x"]
    )
    def test_derivation(self, text):
        analysis = analyze(text)
        tex = to_latex(analysis)
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
        tex = to_latex(analyze("x*x**2"))
        assert "\\frac{d y}{d x} &= 2 x^{2} + x^{2} \\\\\n&= 3 x^{2}" in tex

    def test_chain_is_written_output_first(self):
        tex = to_latex(analyze("ln(sin(x**3)**2)"))
        chain = (
            r"\frac{\partial y}{\partial u_{3}} \frac{\partial u_{3}}{\partial u_{2}} "
            r"\frac{\partial u_{2}}{\partial u_{1}} \frac{\partial u_{1}}{\partial x}"
        )
        assert chain in tex

    def test_vector_output(self):
        analysis = analyze("[ln(x**2), sin(3*x)]")
        tex = to_latex(analysis)
        assert r"\frac{d y_{1}}{d x}" in tex and r"\frac{d y_{2}}{d x}" in tex
        assert f"J &= {sp.latex(analysis.jacobian)}" in tex
        assert sp.latex(analysis.outer_jacobian) + " " + sp.latex(analysis.inner_jacobian) in tex

    def test_truncated_paths_say_so(self):
        tex = to_latex(analyze("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3", max_paths=3))
        assert "16 paths in all; the first 3 are listed" in tex
        assert r"\frac{d y}{d x} &= 16 x^{15}" in tex

    def test_constant(self):
        assert "nothing to differentiate" in to_latex(analyze("3"))


class TestJson:
    def test_round_trip(self):
        analysis = analyze("sin(x + x**2)", at={"x": 1})
        text = to_json(analysis)
        assert text.endswith("}\n")
        assert json.loads(text) == json.loads(json.dumps(analysis.to_dict()))

    def test_unicode_is_kept(self):
        assert "x²" in to_json(analyze("x*x**2"))


RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


class TestFilename:
    @pytest.mark.parametrize(
        ("text", "ext", "expected"),
        [
            ("x*x**2", "svg", "chain-rule_x_x_2.svg"),
            ("ln(sin(x³)²)", ".png", "chain-rule_ln_sin_x3_2.png"),
            ("", "json", "chain-rule.json"),
            ("∂/∂σ", "tex", "chain-rule.tex"),
            ("CON", "dot", "chain-rule_CON.dot"),
            ("../../etc/passwd", "svg", "chain-rule_etc_passwd.svg"),
        ],
    )
    def test_examples(self, text, ext, expected):
        assert filename(text, ext) == expected

    @pytest.mark.parametrize("ext", ["", ".", "s/vg", "svg\x00", "a" * 11, "pñg"])
    def test_bad_extension(self, ext):
        with pytest.raises(ValueError, match="extension"):
            filename("x", ext)

    @given(st.text(max_size=500), st.sampled_from(["svg", "png", "dot", "tex", "json"]))
    def test_always_safe(self, text, ext):
        name = filename(text, ext)
        assert re.fullmatch(r"[A-Za-z0-9_-]+\.[a-z0-9]+", name)
        assert name.isascii() and 0 < len(name) <= len("chain-rule_") + 60 + 1 + len(ext)
        assert name.split(".")[0].lower() not in RESERVED
        assert not name.startswith(("-", ".")) and ".." not in name
        assert filename(text, ext) == name
