"""Graphviz drawings as TikZ: every shape, colour and line of text, with LaTeX's special characters escaped."""

from __future__ import annotations

import pytest
from rendering import needs_renderer

from explorer.exports.tikz import colour_name, colours, picture


def test_text_is_escaped_and_unicode_left_for_the_preamble():
    tex, _ = picture({"objects": [{"_ldraw_": [{"op": "T", "pt": [0, 0], "align": "c", "text": "∂u_1/∂x & 50%"}]}]})
    assert r"{∂u\_1/∂x \& 50\%}" in tex


def test_operations():
    drawing = {
        "_draw_": [
            {"op": "c", "color": "transparent"},
            {"op": "C", "color": "#ffffff"},
            {"op": "P", "points": [[0, 0], [10, 0], [10, 5]]},
        ],
        "objects": [
            {
                "_draw_": [{"op": "c", "color": "#0072B2"}, {"op": "e", "rect": [5, 5, 3, 2]}],
                "_ldraw_": [
                    {"op": "F", "size": 14, "face": "DejaVu Sans"},
                    {"op": "c", "color": "#000000"},
                    {"op": "T", "pt": [5, 4], "align": "c", "width": 6, "text": "x_1"},
                ],
            }
        ],
        "edges": [
            {
                "_draw_": [
                    {"op": "S", "style": "setlinewidth(2.5)"},
                    {"op": "S", "style": "dashed"},
                    {"op": "c", "color": "#D55E0038"},
                    {"op": "b", "points": [[0, 0], [1, 1], [2, 1], [3, 0]]},
                ],
                "_hdraw_": [
                    {"op": "c", "color": "black"},
                    {"op": "C", "color": "black"},
                    {"op": "P", "points": [[3, 0], [4, 1], [4, -1]]},
                ],
            }
        ],
    }
    tex, used = picture(drawing)
    lines = tex.splitlines()
    assert lines[1] == r"\path[fill=gvFFFFFF, line width=1.00pt] (0.00,0.00) -- (10.00,0.00) -- (10.00,5.00) -- cycle;"
    assert r"\path[draw=gv0072B2, line width=1.00pt] (5.00,5.00) ellipse [x radius=3.00, y radius=2.00];" in lines
    assert (
        r"\node[anchor=base, inner sep=0, font=\fontsize{14.0}{16.8}\selectfont, text=gv000000] at (5.00,4.00) {x\_1};"
        in lines
    )
    dashed = next(line for line in lines if "controls" in line)
    assert "draw opacity=0.22" in dashed and "dashed" in dashed and "line width=2.50pt" in dashed
    assert used == {"gvFFFFFF", "gv0072B2", "gv000000", "gvD55E00"}
    assert colours(["gv0072B2"]) == r"\definecolor{gv0072B2}{HTML}{0072B2}" and colour_name("abcdef") == "gvABCDEF"


@needs_renderer
@pytest.mark.usefixtures("each_renderer")
def test_a_real_drawing():
    from explorer.drawing.dot import to_dot
    from explorer.drawing.layout import to_json
    from explorer.teach import explained

    tex, used = picture(to_json(to_dot(explained("x*x**2"))))
    assert tex.count(r"\node[") >= 3 + 3  # a line of text per node and per edge label, at least
    assert {"gv0072B2", "gvD55E00"} <= used  # both paths in their colours
