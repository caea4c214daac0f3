"""Frames: one PNG per step in one layout, so a lecture's slides do not jump; the same files zipped."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from rendering import needs_renderer, svg_groups

from explorer.calculus.walkthrough import steps
from explorer.drawing.frames import frame_names, frames, frames_zip, pins, step_dot, step_svg
from explorer.drawing.layout import to_json
from explorer.teach import explained

pytestmark = needs_renderer


def size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def placed(dot: str) -> dict[str, str]:
    drawing = to_json(dot, pinned=True)
    nodes = {o["id"]: o["pos"] for o in drawing["objects"] if "pos" in o}
    edges = {e["id"]: e["pos"] for e in drawing["edges"]}
    return {**nodes, **edges}


@pytest.mark.usefixtures("each_renderer")
class TestOneLayout:
    @pytest.mark.parametrize("mode", ["paths", "forward", "reverse"])
    def test_nothing_moves_from_step_to_step(self, mode):
        a = explained("sin(x + x**2)")
        walk = steps(a, mode)
        pinned = pins(a, walk)
        first = placed(step_dot(a, walk, 0, pinned))
        for k in range(1, len(walk)):
            assert placed(step_dot(a, walk, k, pinned)) == first

    def test_every_frame_has_the_same_size(self):
        files = frames(explained("x*x**2"), "reverse", scale=1)
        sizes = {size(data) for name, data in files if name.endswith(".png")}
        assert len(sizes) == 1

    def test_a_step_as_svg_is_pinned_too(self):
        a = explained("x*x**2")
        svg = step_svg(a, "forward", 4)
        assert "du1/dx = 1" in svg and len(svg_groups(svg, "node")) == len(a.nodes)


class TestFiles:
    def test_one_png_per_step_and_the_titles(self):
        a = explained("x*x**2")
        files = frames(a, "paths", scale=1)
        names = [name for name, _ in files]
        walk = steps(a, "paths")
        assert names == [*frame_names(len(walk)), "steps.txt"]
        assert all(data[:8] == b"\x89PNG\r\n\x1a\n" for name, data in files if name.endswith(".png"))
        titles = dict(files)["steps.txt"].decode().splitlines()
        assert titles[-1] == f"step-{len(walk)}.png  {walk[-1].title}"

    def test_the_zip_holds_the_same_files_and_is_reproducible(self):
        a = explained("x*x**2")
        data = frames_zip(a, "forward", scale=1)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.namelist() == [name for name, _ in frames(a, "forward", scale=1)]
            assert archive.read("step-1.png") == dict(frames(a, "forward", scale=1))["step-1.png"]
        assert frames_zip(a, "forward", scale=1) == data

    def test_names_sort_in_order(self):
        names = frame_names(12)
        assert sorted(names) == names and names[0] == "step-01.png"
