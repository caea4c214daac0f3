"""The formats table: every export, its bytes and its file name; the same JSON for the CLI and the page."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.calculus.plot import plot
from explorer.calculus.verify import verify
from explorer.exports.formats import FORMATS, Options, export, filename
from explorer.teach import explained


def analyze(text, wrt=None, at=None, **kw):
    return verify(explained(text, wrt, at, **kw))


class TestTable:
    def test_every_format_writes_its_kind_of_data(self, each_renderer):
        analysis = analyze("x*x**2")
        for fmt in FORMATS.values():
            data = export(analysis, fmt.name, Options(scale=1))
            assert isinstance(data, bytes) == fmt.binary, fmt.name
            assert re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", fmt.mime)
            assert filename("x", fmt.extension).endswith("." + fmt.extension)

    def test_unknown_format(self):
        with pytest.raises(ValueError, match="format must be one of svg, png, dot, latex, text, json"):
            export(analyze("x"), "pdf")


class TestJson:
    def test_round_trip(self):
        analysis = analyze("sin(x + x**2)", at={"x": 1})
        text = export(analysis, "json")
        assert text.endswith("}\n")
        written = json.loads(text)
        assert written.pop("plot") == json.loads(json.dumps(plot(analysis).to_dict()))  # the slope picture, added
        assert written == json.loads(json.dumps(analysis.to_dict()))

    def test_unicode_is_kept(self):
        assert "x²" in export(analyze("x*x**2"), "json")


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


def test_rule_names_and_an_entrys_paths_reach_the_drawing():
    analysis = analyze("[x*w, x + x**2]")
    dot = export(analysis, "dot", Options(rules=True, highlights=(1, 2)))
    assert "sum rule" in dot and dot.count("penwidth=3.6") == 3


def test_a_step_replaces_the_tiny_finite_difference_in_text_and_json():
    a = explained("x*x**2", at={"x": 2})
    data = json.loads(export(a, "json", Options(dx=0.5)))
    difference = data["finite_difference"]
    assert difference["step"] == 0.5 and difference["delta_y"] == 2.5**3 - 2**3
    assert json.loads(export(a, "json"))["finite_difference"]["step"] < 1e-3  # without a step: the check's
    assert "x from 2 to 2.5 (Δx = 0.5): y from 8 to 15.625" in export(a, "text", Options(dx=0.5))


class TestMatrixPrograms:
    """The four steps, the walkthrough and every export of a program on matrices."""

    DENSE = "W = [[w11, w12, w13], [w21, w22, w23]]; x = [x1, x2, x3]; y = sum(tanh(W @ x + b))"

    @pytest.mark.parametrize("fmt", sorted(FORMATS))
    def test_every_format_by_the_matrix_and_by_the_bias(self, fmt):
        for wrt in ("W", "b"):
            analysis = analyze(self.DENSE, wrt)
            assert export(analysis, fmt, Options(scale=1))
        assert analysis.steps[0].title == "Introduce intermediate variables"

    def test_the_shapes_view_in_every_drawing_format(self):
        analysis = analyze(self.DENSE, "W")
        dot = export(analysis, "dot", Options(view="shapes"))
        assert dot.startswith("digraph shapes {") and "I ⊗ xᵀ" in dot
        assert "I ⊗ xᵀ" in export(analysis, "svg", Options(view="shapes")).replace("&#8855;", "⊗")
        assert export(analysis, "png", Options(view="shapes", scale=1))[:4] == b"\x89PNG"

    def test_the_json_writes_the_graph_of_shapes(self):
        shapes = json.loads(export(analyze(self.DENSE, "W"), "json"))["shapes"]
        assert [b["shape"] for b in shapes["blocks"]][:3] == [[2, 3], [3], [2]]
        assert shapes["links"][0]["form"] == "I ⊗ xᵀ" and shapes["links"][0]["shape"] == [2, 6]
        assert shapes["agrees"] is True and shapes["output"] == "y"
        assert json.loads(export(analyze("x*x"), "json"))["shapes"] is None
