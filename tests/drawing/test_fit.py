"""A drawing fitted to its frame: the direction and the condensing that keep it whole with readable labels."""

from __future__ import annotations

import struct

import pytest
from rendering import caption, needs_renderer, svg_groups, texts

from explorer.drawing import fallback, frames
from explorer.drawing.fit import PHONE, Frame, measure, orientations, room, styles
from explorer.drawing.styles import compact
from explorer.teach import explained

#: The viewer at 1440×900 (beside the sidebar) and at 390×844, as the page reports them.
DESKTOP = Frame.of(1058, 754)
PHONE_FRAME = Frame.of(356, 705)

NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"
GALLERY = [
    ("x + x**2", None),
    ("x*x**2", None),
    ("ln(sin(x**3)**2)", None),
    ("[ln(x**2), sin(3*x)]", None),
    ("u1 = x**3; u2 = sin(u1); y = ln(u2**2)", None),
    ("(sigmoid(w*x + b) - t)**2", "w"),
    (NEURON, "w"),
    ("h = tanh(w1*x + b1); y = sigmoid(w2*h + b2)", None),
    (" + ".join(f"sin({k}*x)" for k in range(1, 101)), None),
]


def test_a_phones_frame_asks_for_11_px_labels_and_a_desktops_for_12():
    assert PHONE_FRAME.label == 11 and DESKTOP.label == 12
    assert Frame.of(PHONE - 1, 700).label == 11 and Frame.of(PHONE, 700).label == 12
    assert Frame.of(1058, 754) == Frame.of(1051, 759)  # a few pixels apart: the same drawing


def test_room_is_the_zoom_of_the_whole_drawing_over_the_readable_zoom():
    size = measure('<svg viewBox="0 0 400 100"><text font-size="10">a</text><text font-size="14">b</text></svg>')
    assert size.font == 10
    assert room(size, Frame(800, 1000, 10)) == pytest.approx(2.0)  # 2 px per unit whole; 1 px reads 10 px labels
    assert room(size, Frame(800, 100, 10)) == pytest.approx(1.0)  # the height limits it
    assert orientations(Frame(800, 600)) == ("LR", "TB") and orientations(Frame(300, 600)) == ("TB", "LR")


@needs_renderer
class TestFitted:
    @pytest.mark.parametrize(("text", "wrt"), GALLERY)
    def test_the_gallerys_graphs_are_whole_and_readable_on_a_desktop(self, text, wrt):
        svg = fallback.draw(explained(text, wrt=wrt), frame=DESKTOP)
        assert room(measure(svg), DESKTOP) >= 1

    def test_wide_frames_draw_left_to_right_and_narrow_ones_top_to_bottom(self):
        analysis = explained("x*x**2")
        assert fallback.draw(analysis, frame=DESKTOP) == fallback.draw(analysis, orientation="LR")
        assert fallback.draw(analysis, frame=PHONE_FRAME) == fallback.draw(analysis, orientation="TB")
        # left to right on request: on a phone in the compact look, which is readable there (the page's is not)
        forced = fallback.draw(analysis, frame=PHONE_FRAME, orientation="LR")
        assert forced == fallback.draw(analysis, orientation="LR", theme=compact("light"))
        assert (
            room(measure(fallback.draw(analysis, orientation="LR")), PHONE_FRAME)
            < 1
            <= room(measure(forced), PHONE_FRAME)
        )

    @pytest.mark.parametrize(("text", "wrt"), [*GALLERY, ("[x*w, x + x**2]", None)])
    def test_the_gallerys_graphs_are_whole_and_readable_on_a_phone(self, text, wrt):
        analysis = explained(text, wrt=wrt)
        svg = fallback.draw(analysis, frame=PHONE_FRAME)
        assert room(measure(svg), PHONE_FRAME) >= 1
        if room(measure(fallback.draw(analysis, orientation="TB")), PHONE_FRAME) >= 1:  # the page's look when it fits
            assert svg == fallback.draw(analysis, orientation="TB")

    def test_a_phone_tries_the_compact_look_after_the_pages(self):
        assert styles("dark") == ("dark", "dark:compact")
        analysis = explained("[x*w, x + x**2]")  # 9 px labels in the page's look at 390 px; whole in the compact one
        assert room(measure(fallback.draw(analysis, orientation="TB")), PHONE_FRAME) < 1
        assert fallback.draw(analysis, frame=PHONE_FRAME) == fallback.draw(
            analysis, orientation="TB", theme=compact("light")
        )

    def test_a_desktop_too_tries_the_compact_look_before_condensing(self):
        """A 2×3 layer by W: 9.9 px labels in the page's look at 1440 px, whole at 12 in the compact one."""
        analysis = explained(
            "W = [[w11, w12, w13], [w21, w22, w23]]; x = [x1, x2, x3]; b = [b1, b2]; y = sum(tanh(W @ x + b))", "W"
        )
        assert room(measure(fallback.draw(analysis, orientation="LR")), DESKTOP) < 1
        svg = fallback.draw(analysis, frame=DESKTOP)
        assert room(measure(svg), DESKTOP) >= 1 and "Condensed" not in svg
        assert svg == fallback.draw(analysis, orientation="LR", theme=compact("light"))

    def test_a_long_chain_on_a_phone_is_drawn_top_to_bottom_whole(self):
        analysis = explained("ln(sin(x**3)**2)")
        svg = fallback.draw(analysis, frame=PHONE_FRAME)
        size = measure(svg)
        assert size.height > 2 * size.width and room(size, PHONE_FRAME) >= 1
        assert len(svg_groups(svg, "node")) == len(analysis.nodes) and "Condensed" not in svg

    def test_what_cannot_be_whole_and_readable_is_condensed_and_says_so(self):
        analysis = explained(NEURON, wrt="w")
        whole = fallback.draw(analysis, orientation="TB")
        assert room(measure(whole), PHONE_FRAME) < 1
        assert room(measure(fallback.draw(analysis, orientation="TB", theme=compact("light"))), PHONE_FRAME) < 1
        svg = fallback.draw(analysis, frame=PHONE_FRAME)
        assert room(measure(svg), PHONE_FRAME) >= 1  # condensed, in the compact look
        assert caption(svg).startswith("Condensed to stay readable: 4 of 10 nodes are in 2 grey boxes")
        nodes = [g for g in svg_groups(svg, "node").values() if "summary" not in g.get("class")]
        drawn = {texts(g)[0].split(" = ")[0] for g in nodes}
        assert {"w1", "w2", "w3", "u1", "u2", "y"} <= drawn and not {"x1", "b"} & drawn  # the paths stay whole

    def test_a_frame_too_small_for_anything_gets_the_most_readable_drawing(self):
        tiny = Frame(60, 60, 12)
        analysis = explained(NEURON, wrt="w")
        svg = fallback.draw(analysis, frame=tiny)
        tries = [fallback.draw(analysis, orientation=o) for o in ("LR", "TB")]
        assert all(room(measure(svg), tiny) >= room(measure(t), tiny) for t in tries)

    def test_the_png_is_the_same_drawing(self):
        analysis = explained("ln(sin(x**3)**2)")
        png = fallback.draw(analysis, "png", frame=PHONE_FRAME, scale=1)
        width, height = struct.unpack(">II", png[16:24])
        size = measure(fallback.draw(analysis, frame=PHONE_FRAME))
        assert height / width == pytest.approx(size.height / size.width, rel=0.05)

    def test_a_walkthrough_step_takes_the_direction_that_fits(self):
        analysis = explained("ln(sin(x**3)**2)")
        assert frames.step_svg(analysis, "reverse", 2, frame=PHONE_FRAME) == frames.step_svg(
            analysis, "reverse", 2, orientation="TB"
        )
        small = explained("x*x**2")
        assert frames.step_svg(small, "reverse", 2, frame=DESKTOP) == frames.step_svg(
            small, "reverse", 2, orientation="LR"
        )
