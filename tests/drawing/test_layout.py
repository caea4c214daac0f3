"""Graphviz layout: which renderer, SVG and PNG files, errors and timeouts."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest
from rendering import INSTALLED, SVG, only

from explorer.calculus.verify import verify
from explorer.drawing import layout
from explorer.drawing.dot import to_dot
from explorer.drawing.layout import MAX_SCALE, renderer, to_png, to_svg
from explorer.errors import RenderError
from explorer.examples import EXAMPLES
from explorer.teach import explained


def analyze(text, wrt=None, at=None, **kw):
    return verify(explained(text, wrt, at, **kw))


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

    def test_the_chosen_renderer_draws(self, each_renderer):
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
        with pytest.raises(RenderError, match="could not draw this graph"):
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


needs_library = pytest.mark.skipif(not layout.in_process(), reason="no pygraphviz built against this dot")


def by_executable(monkeypatch, dot: str, fmt: str = "svg") -> bytes:
    """What the ``dot`` executable draws of ``dot``."""
    monkeypatch.setattr(layout, "in_process", lambda: False)
    try:
        return to_svg(dot).encode() if fmt == "svg" else to_png(dot)
    finally:
        monkeypatch.undo()


@needs_library
class TestInProcess:
    """Small graphs are laid out by the Graphviz library in the worker, with the bytes of the dot executable."""

    @pytest.mark.parametrize("example", EXAMPLES, ids=[e.title for e in EXAMPLES])
    @pytest.mark.parametrize("orientation", ["LR", "TB"])
    def test_the_same_bytes_as_the_executable(self, monkeypatch, example, orientation):
        dot = to_dot(analyze(example.text, example.wrt), orientation=orientation)
        calls = []
        library = layout._library
        monkeypatch.setattr(layout, "_library", lambda *a: calls.append(a) or library(*a))
        drawn = to_svg(dot).encode()
        if "subgraph" in dot:  # the boxes of vectors: the library would order them by their names' addresses
            assert calls == []
        else:
            assert len(calls) == 1
        assert drawn == by_executable(monkeypatch, dot)

    def test_png_too(self, monkeypatch):
        dot = to_dot(analyze("(sigmoid(w*x + b) - t)**2", "w"))
        drawn = to_png(dot, scale=3)
        monkeypatch.setattr(layout, "in_process", lambda: False)
        assert drawn == to_png(dot, scale=3)

    def test_a_large_graph_goes_to_the_executable(self, monkeypatch):
        def refuse(*args):
            raise AssertionError("laid out in this process")

        monkeypatch.setattr(layout, "_library", refuse)
        big = "digraph { " + " ".join(f'n{k} [label="{"x" * 40}"]' for k in range(2000)) + " }"
        assert len(big) > layout.IN_PROCESS_MAX and "<svg" in to_svg(big)

    def test_what_the_library_refuses_the_executable_names(self):
        with pytest.raises(RenderError, match="could not draw this graph"):
            to_svg("digraph { x -> }")


def test_the_renderer_runs_under_a_cpu_limit_of_its_own(monkeypatch, tmp_path):
    """If the worker that started it is killed, Graphviz still stops: the kernel holds it to its CPU time."""
    import shutil

    fake = tmp_path / "fake-dot"
    fake.write_text("#!/bin/sh\ncat > /dev/null\nulimit -t\n")
    fake.chmod(0o755)
    monkeypatch.setattr(layout, "renderer", lambda: "fake-dot")
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda cmd, *a, **k: str(fake) if cmd == "fake-dot" else which(cmd, *a, **k))
    assert to_svg("digraph { x -> y }", timeout=3).strip() == "4"
