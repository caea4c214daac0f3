"""Frames: one PNG per step in one layout, so a lecture's slides do not jump; the same files zipped."""

from __future__ import annotations

import struct

import pytest
from rendering import needs_renderer, svg_groups

from explorer.calculus.walkthrough import steps
from explorer.drawing.frames import frame_names, laid_out, packed, pins, step_dot, step_svg
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

    def test_a_step_as_svg_is_pinned_too(self):
        a = explained("x*x**2")
        svg = step_svg(a, "forward", 4)
        assert "du1/dx = 1" in svg and len(svg_groups(svg, "node")) == len(a.nodes)


class TestFiles:
    def test_names_sort_in_order(self):
        names = frame_names(12)
        assert sorted(names) == names and names[0] == "step-01.png"


class TestLaidOut:
    def test_a_condensed_graph_is_pinned_too_its_grey_boxes_and_their_links(self):
        """A 70-deep chain is drawn condensed; every step of its walkthrough draws in one layout."""
        chain = explained("sin(" * 70 + "x" + ")" * 70)
        laid = laid_out(chain, "reverse")
        assert laid.shown.summaries and 10 < len(laid.walk) < 30  # the box is one step a pass, not 63
        first = placed(laid.dot(0))
        assert any(key.startswith("summary-") for key in first) and any(key.startswith("link-") for key in first)
        for k in range(1, len(laid.walk)):
            assert placed(laid.dot(k)) == first

    def test_packed_labels_are_shorter_and_say_the_same(self):
        a = explained("ln(sin(x**3)**2)")
        tall, short = laid_out(a, "reverse", orientation="TB"), laid_out(a, "reverse", orientation="TB", packing="line")
        assert short.size[1] < tall.size[1]
        label = next(line for line in short.dot(8).splitlines() if 'id="node-2"' in line)
        assert "u2 = sin(u1) = 0.1247; dy/du2 = 16.04" in label
        assert packed("a\\n= 1\\nb", "equalities") == "a = 1\\nb"
