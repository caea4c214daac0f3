"""Drawing within a time bound: a layout that runs out of time is retried condensed, never left undrawn."""

from __future__ import annotations

import pytest
from rendering import caption, needs_renderer, only, svg_groups, texts

from explorer.drawing.fallback import LEVELS, Level, draw
from explorer.errors import RenderError
from explorer.teach import explained

WIDE = " + ".join(f"sin({k}*x)" for k in range(1, 41))  # 122 nodes: condensed at the first level already


@needs_renderer
class TestLadder:
    def test_a_small_graph_is_drawn_whole(self):
        svg = draw(explained("x*x**2"))
        assert not svg_groups(svg, "summary") and "Condensed" not in svg

    def test_too_slow_is_drawn_condensed_and_says_why(self):
        levels = (Level(500, 1000, 3, 0.0001), *LEVELS[1:])  # the whole graph "takes too long"
        svg = draw(explained(WIDE), levels=levels)
        assert "took too long to lay out" in caption(svg)
        (box,) = svg_groups(svg, "summary").values()
        assert texts(box)[:2] == ["39 more branches:", "78 nodes"]  # level 2 keeps the first path only

    def test_the_highlight_survives_condensing(self):
        analysis = explained(WIDE)
        levels = (Level(500, 1000, 3, 0.0001), Level(500, 1000, 3, 0.0001), LEVELS[2])
        svg = draw(analysis, highlight=30, levels=levels)
        names = {t.split(" = ")[0] for g in svg_groups(svg, "node").values() for t in texts(g)}
        assert set(analysis.paths[30].nodes) <= names

    def test_every_level_failing_is_an_error(self):
        levels = tuple(Level(500, 1000, 3, 0.0001) for _ in range(2))
        with pytest.raises(RenderError, match="longer than"):
            draw(explained(WIDE), levels=levels)

    def test_png(self):
        assert draw(explained("x*x"), "png", scale=1)[:4] == b"\x89PNG"


def test_no_renderer_says_how_to_install_one(monkeypatch):
    only(monkeypatch)
    with pytest.raises(RenderError, match="install Graphviz"):
        draw(explained("x*x"))
