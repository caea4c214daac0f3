"""The walkthrough's PNG frames: 16:9 slides with the step's title, graph, formula in colour and note; zipped."""

from __future__ import annotations

import io
import re
import struct
import zipfile

import pytest
from rendering import needs_renderer

from explorer.colours import text_colour
from explorer.drawing.frames import frame_names
from explorer.drawing.views import walk
from explorer.exports.slides import PIXELS, frame_files, frames_zip
from explorer.teach import explained

pytestmark = needs_renderer


def size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def pixels(png: bytes) -> list[tuple[int, int, int]]:
    from PIL import Image

    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    return list(zip(data[0::3], data[1::3], data[2::3]))


def near(colour: str, found: list[tuple[int, int, int]], within: int = 30) -> int:
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return sum(1 for p in found if max(abs(a - b) for a, b in zip(p, rgb)) < within)


@pytest.mark.parametrize(
    ("text", "mode"), [("x*x**2", "paths"), ("ln(sin(x**3)**2)", "reverse"), ("sigmoid(w*x + b)", "reverse")]
)
def test_every_frame_is_a_16_9_slide_of_one_size(text, mode):
    analysis = explained(text)
    files = frame_files(analysis, mode, theme="slides", scale=2)
    pngs = [data for name, data in files if name.endswith(".png")]
    assert len(pngs) == len(walk(analysis, mode))
    assert {size(png) for png in pngs} == {(2 * PIXELS, 2 * PIXELS * 9 // 16)}  # 1920 × 1080


def test_the_last_frame_writes_the_sum_with_each_path_in_its_colour():
    """The formula is on the frame: path 2's terms in its text shade, which the graph's lines never use."""
    files = dict(frame_files(explained("x*x**2"), "paths", scale=1))
    last = pixels(files["step-6.png"])
    assert text_colour(1) != "#D55E00" and near(text_colour(1), last) > 30
    first = pixels(files["step-1.png"])  # before any path: no term in path 2's shade
    assert near(text_colour(1), first) == 0


def test_a_dark_theme_is_a_dark_frame_with_light_ink():
    png = dict(frame_files(explained("x*x**2"), "paths", theme="dark", scale=1))["step-6.png"]
    found = pixels(png)
    assert near("#0E1117", found, 4) > len(found) // 2  # the page's dark background
    assert near(text_colour(1, "dark"), found) > 30  # the dark page's shade of path 2


def test_the_titles_are_listed_for_captions():
    analysis = explained("x*x**2")
    files = frame_files(analysis, "paths", scale=1)
    names = [name for name, _ in files]
    steps = walk(analysis, "paths")
    assert names == [*frame_names(len(steps)), "steps.txt"]
    titles = dict(files)["steps.txt"].decode().splitlines()
    assert titles[-1] == f"step-{len(steps)}.png  {steps[-1].title}"


def test_the_zip_holds_the_same_files_and_is_reproducible():
    a = explained("x*x**2")
    data = frames_zip(a, "forward", scale=1)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [name for name, _ in frame_files(a, "forward", scale=1)]
    assert frames_zip(a, "forward", scale=1) == data


def test_a_graph_too_large_to_draw_whole_is_drawn_condensed():
    """A 70-deep chain: one frame per drawn node and one per pass through its grey box, all 16:9."""
    files = frame_files(explained("sin(" * 70 + "x" + ")" * 70), "reverse", scale=1)
    pngs = [data for name, data in files if name.endswith(".png")]
    assert 10 < len(pngs) < 30 and {size(png) for png in pngs} == {(PIXELS, PIXELS * 9 // 16)}
    assert re.search(r"the \d\d nodes in a grey box", dict(files)["steps.txt"].decode())
