"""Tests for explorer.drawing.dot: DOT that Graphviz draws with the right colours on the right edges."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import graphviz
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rendering import INSTALLED, SVG, backgrounds, caption, needs_renderer, strokes, svg_groups, texts

from explorer.colours import dash
from explorer.drawing.dot import FONT, PALETTE, STYLE, colour, to_dot
from explorer.drawing.labels import escape
from explorer.drawing.layout import to_svg
from explorer.teach import explained as analyze

EXAMPLES = ["x + x**2", "x*x**2", "ln(sin(x**3)**2)", "sin(x + x**2)", "[ln(x**2), sin(3*x)]", "sigmoid(w*x + b)"]


@pytest.mark.usefixtures("each_renderer")
class TestColours:
    @pytest.mark.parametrize("text", EXAMPLES)
    def test_each_path_has_its_colour_on_its_edges(self, text):
        analysis = analyze(text)
        edges = svg_groups(to_svg(to_dot(analysis)), "edge")
        assert len(edges) == len(analysis.edges)
        for k, path in enumerate(analysis.paths):
            for index in path.edges:
                assert PALETTE[k].upper() in strokes(edges[f"edge-{index}"]), (k, index)
        on_path = {i for p in analysis.paths for i in p.edges}
        neutral = STYLE["light"]["edge"]["color"].upper()
        for i in set(range(len(analysis.edges))) - on_path:
            assert strokes(edges[f"edge-{i}"]) == [neutral]

    def test_two_paths_two_colours(self):
        edges = svg_groups(to_svg(to_dot(analyze("x*x**2"))), "edge")
        used = {c for g in edges.values() for c in strokes(g)}
        assert used == {PALETTE[0].upper(), PALETTE[1].upper()}

    def test_shared_edge_is_drawn_in_parallel_strokes(self):
        analysis = analyze("sin(x + x**2)")
        assert analysis.path_count == 2
        shared = [i for i in analysis.paths[0].edges if i in analysis.paths[1].edges]
        assert shared
        edges = svg_groups(to_svg(to_dot(analysis)), "edge")
        for i in shared:
            assert strokes(edges[f"edge-{i}"]) == [PALETTE[0].upper(), PALETTE[1].upper()]

    def test_parallel_edges_stay_separate(self):
        analysis = analyze("x*x")
        dot = to_dot(analysis)
        assert len(re.findall(r"^\s*x -> y ", dot, flags=re.M)) == 2
        edges = svg_groups(to_svg(dot), "edge")
        assert strokes(edges["edge-0"]) == [PALETTE[0].upper()]
        assert strokes(edges["edge-1"]) == [PALETTE[1].upper()]
        assert "∂y/∂x (operand 1) = x" in texts(edges["edge-0"])
        assert "∂y/∂x (operand 2) = x" in texts(edges["edge-1"])

    def test_other_inputs_are_grey(self):
        analysis = analyze("sigmoid(w*x + b)", wrt="x")
        edges = svg_groups(to_svg(to_dot(analysis)), "edge")
        neutral = STYLE["light"]["edge"]["color"].upper()
        for i, edge in enumerate(analysis.edges):
            if edge.source in ("w", "b"):
                assert strokes(edges[f"edge-{i}"]) == [neutral]

    def test_edges_on_many_paths_are_grey_thick_and_counted(self):
        analysis = analyze("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3", max_paths=2)
        assert analysis.paths_truncated and analysis.path_count == 16
        dot = to_dot(analysis)
        assert set(re.findall(r"path-(\d+)", dot)) == {"0", "1"}
        edges = svg_groups(to_svg(dot), "edge")
        shared = STYLE["light"]["shared"]
        for group in edges.values():  # every edge of a doubling lies on 8 of the 16 paths
            assert strokes(group) == [shared["color"].upper()]
            assert {p.get("stroke-width") for p in group.iter(f"{SVG}path")} == {shared["penwidth"]}
            assert texts(group)[-1] == "×8 paths"

    def test_at_most_three_stripes(self):
        analysis = analyze("sin(x + x**2 + x**3)")  # the sine's in-edge is on all three paths
        edges = svg_groups(to_svg(to_dot(analysis)), "edge")
        (last,) = [i for i, e in enumerate(analysis.edges) if e.target == "y"]
        assert strokes(edges[f"edge-{last}"]) == [PALETTE[k].upper() for k in range(3)]
        analysis = analyze("sin(x + x**2 + x**3 + x**4)")
        edges = svg_groups(to_svg(to_dot(analysis)), "edge")
        (last,) = [i for i, e in enumerate(analysis.edges) if e.target == "y"]
        assert strokes(edges[f"edge-{last}"]) == [STYLE["light"]["shared"]["color"].upper()]
        assert texts(edges[f"edge-{last}"])[-1] == "×4 paths"

    def test_paths_past_seven_are_grey_and_dashes_tell_the_first_apart(self):
        analysis = analyze(" + ".join(f"sin({k}*x)" for k in range(1, 10)))
        dot = to_dot(analysis)
        edges = svg_groups(to_svg(dot), "edge")
        first = {k: analysis.paths[k].edges[0] for k in range(9)}
        for k, index in first.items():
            expected = colour(k) if k < len(PALETTE) else STYLE["light"]["edge"]["color"]
            assert strokes(edges[f"edge-{index}"]) == [expected.upper() if k < 7 else "#8F8F98"]
        dashes = {k: re.search(rf'id="edge-{first[k]}".*?style=(\w+)', dot).group(1) for k in range(3)}
        assert dashes == {0: "solid", 1: "dashed", 2: "dotted"}

    def test_a_grey_path_highlighted_takes_the_text_colour(self):
        analysis = analyze(" + ".join(f"sin({k}*x)" for k in range(1, 10)))
        edges = svg_groups(to_svg(to_dot(analysis, highlight=8)), "edge")
        for index in analysis.paths[8].edges:
            assert strokes(edges[f"edge-{index}"]) == [STYLE["light"]["graph"]["fontcolor"].upper()]

    def test_highlight_is_bold_and_the_others_fade(self):
        analysis = analyze("x*x**2")
        edges = svg_groups(to_svg(to_dot(analysis, highlight=1)), "edge")
        (bold,) = analysis.paths[1].edges
        assert strokes(edges[f"edge-{bold}"]) == [PALETTE[1].upper()]
        assert all(p.get("stroke-width") == "3.6" for p in edges[f"edge-{bold}"].iter(f"{SVG}path"))
        for i in analysis.paths[0].edges:
            for line in edges[f"edge-{i}"].iter(f"{SVG}path"):
                assert line.get("stroke").upper() == PALETTE[0].upper()
                assert float(line.get("stroke-opacity")) < 0.5


@pytest.mark.usefixtures("each_renderer")
class TestMarks:
    def test_marked_steps_are_bold_in_their_colour_and_the_rest_fades(self):
        analysis = analyze("x*x**2")
        missing = analysis.paths[0]  # what x**2 as an answer leaves out
        edges = svg_groups(to_svg(to_dot(analysis, marks=[(0, e) for e in missing.edges])), "edge")
        for i in missing.edges:
            assert strokes(edges[f"edge-{i}"]) == [PALETTE[0].upper()]
            assert all(p.get("stroke-width") == "3.6" for p in edges[f"edge-{i}"].iter(f"{SVG}path"))
        (other,) = analysis.paths[1].edges
        assert strokes(edges[f"edge-{other}"]) == [STYLE["light"]["faded"]["color"].upper()]

    def test_a_shared_edge_marked_on_two_paths_has_both_colours(self):
        analysis = analyze("sin(x + x**2)")
        (shared,) = set(analysis.paths[0].edges) & set(analysis.paths[1].edges)
        dot = to_dot(analysis, marks=[(0, shared), (1, shared)])
        line = next(line for line in dot.splitlines() if f'id="edge-{shared}"' in line)
        assert f'color="{PALETTE[0]}:{PALETTE[1]}"' in line and "penwidth=3.6" in line

    def test_no_marks_draws_no_path_in_colour_and_fades_nothing(self):
        analysis = analyze("x + x**2")
        used = {c for g in svg_groups(to_svg(to_dot(analysis, marks=())), "edge").values() for c in strokes(g)}
        assert used == {STYLE["light"]["edge"]["color"].upper()}

    def test_marks_override_the_highlight(self):
        analysis = analyze("x + x**2")
        assert to_dot(analysis, highlight=0, marks=[(1, 1)]) == to_dot(analysis, marks=[(1, 1)])

    @pytest.mark.parametrize("marks", [[(2, 0)], [(0, 1)], [(-1, 0)]])
    def test_a_step_not_on_its_path_is_refused(self, marks):
        with pytest.raises(ValueError, match="to mark"):
            to_dot(analyze("x + x**2"), marks=marks)


@pytest.mark.usefixtures("each_renderer")
class TestLabels:
    def test_nodes_name_their_operation(self):
        analysis = analyze("ln(sin(x**3)**2)")
        nodes = svg_groups(to_svg(to_dot(analysis, labels="symbolic")), "node")
        labels = [texts(g)[0] for g in nodes.values()]
        assert labels == ["x", "u1 = x³", "u2 = sin(u1)", "u3 = u2²", "y = ln(u3)"]

    def test_edge_labels_symbolic_numeric_both(self):
        analysis = analyze("sin(x**2)", at={"x": 0})
        index = next(i for i, e in enumerate(analysis.edges) if e.target == "y")
        labels = {
            mode: texts(svg_groups(to_svg(to_dot(analysis, labels=mode)), "edge")[f"edge-{index}"])
            for mode in ("symbolic", "numeric", "both")
        }
        assert labels == {
            "symbolic": ["∂y/∂u1 = cos(u1)"],
            "numeric": ["∂y/∂u1 = 1"],
            "both": ["∂y/∂u1 = cos(u1)", "= 1"],
        }

    def test_undefined_values_say_so(self):
        nodes = svg_groups(to_svg(to_dot(analyze("ln(x)", at={"x": -1}))), "node")
        assert texts(nodes["node-1"]) == ["y = ln(x)", "= undefined"]

    def test_every_text_uses_the_font(self):
        root = ET.fromstring(to_svg(to_dot(analyze("sin(x + x**2)"))))
        families = {t.get("font-family") for t in root.iter(f"{SVG}text")}
        assert families == {FONT}

    @pytest.mark.parametrize("text", ["node*edge + graph", "strict = x*x; digraph = strict + x", "α*β + sin(α)"])
    def test_names_that_are_dot_keywords_or_unicode(self, text):
        analysis = analyze(text)
        svg = to_svg(to_dot(analysis))
        titles = {i: g.find(f"{SVG}title").text for i, g in svg_groups(svg, "node").items()}
        assert titles == {f"node-{i}": n.id for i, n in enumerate(analysis.nodes)}


@pytest.mark.usefixtures("each_renderer")
class TestThemes:
    @pytest.mark.parametrize(("theme", "background"), [("light", "white"), ("dark", "#0e1117")])
    def test_background(self, theme, background):
        assert backgrounds(to_svg(to_dot(analyze("x*x"), theme=theme))) == [background]

    def test_transparent(self):
        assert set(backgrounds(to_svg(to_dot(analyze("x*x"), theme="transparent")))) <= {"transparent", "none"}

    @pytest.mark.parametrize("theme", ["transparent", "transparent-dark", "slides-transparent"])
    def test_slide_themes_have_no_background(self, theme):
        assert set(backgrounds(to_svg(to_dot(analyze("x*x"), theme=theme)))) <= {"transparent", "none"}

    @pytest.mark.parametrize(
        ("theme", "slides"),
        [
            ("transparent", ["#ffffff", "#f2f2f2"]),
            ("transparent-dark", ["#000000", "#1e1e1e", "#2b2b33"]),
            ("slides", ["#ffffff"]),
            ("slides-transparent", ["#ffffff", "#f2f2f2"]),
        ],
    )
    def test_slide_themes_read_on_their_slides(self, theme, slides):
        """Text on the slide (edge labels) meets 4.5:1, node text 4.5:1 on its fill, outlines 3:1 (WCAG)."""
        svg = to_svg(to_dot(analyze("sin(w*x) + x", wrt="x"), theme=theme))
        for slide in slides:
            for edge in svg_groups(svg, "edge").values():
                for text in edge.iter(f"{SVG}text"):
                    assert contrast(text.get("fill"), slide) >= 4.5, (theme, slide, text.get("fill"))
            for node in svg_groups(svg, "node").values():
                shape = next(s for s in node if s.tag in (f"{SVG}ellipse", f"{SVG}polygon", f"{SVG}path"))
                fill = over(shape.get("fill"), shape.get("fill-opacity"), slide)
                assert contrast(shape.get("stroke"), slide) >= 3, (theme, slide, node.get("id"))
                for text in node.iter(f"{SVG}text"):
                    assert contrast(text.get("fill"), fill) >= 4.5, (theme, slide, node.get("id"))

    @pytest.mark.parametrize("theme", ["slides", "slides-transparent"])
    def test_the_presentation_theme_is_large_and_thick(self, theme):
        """Type at least 1.3 times the page's, every line at least 2 pt, paths thicker still: for a projector."""
        analysis = analyze("sin(w*x) + x", wrt="x")
        page, slides = (to_svg(to_dot(analysis, theme=t)) for t in ("light", theme))

        def sizes(svg: str) -> list[float]:
            return [float(t.get("font-size")) for t in ET.fromstring(svg).iter(f"{SVG}text")]

        assert min(sizes(slides)) >= 1.3 * max(sizes(page))
        groups = {**svg_groups(slides, "node"), **svg_groups(slides, "edge")}
        widths = [float(p.get("stroke-width", "1")) for g in groups.values() for p in g.iter(f"{SVG}path")]
        widths += [float(e.get("stroke-width", "1")) for g in groups.values() for e in g.iter(f"{SVG}ellipse")]
        assert min(widths) >= 2
        on_path = [e for e in svg_groups(slides, "edge").values() if "off-path" not in e.get("class")]
        assert on_path and all(float(p.get("stroke-width")) >= 4 for e in on_path for p in e.iter(f"{SVG}path"))

    def test_slides_have_a_white_background(self):
        assert backgrounds(to_svg(to_dot(analyze("x*x"), theme="slides"))) == ["white"]

    def test_dark_text_is_light(self):
        root = ET.fromstring(to_svg(to_dot(analyze("x*x"), theme="dark")))
        node = svg_groups(ET.tostring(root, encoding="unicode"), "node")["node-0"]
        assert {t.get("fill") for t in node.iter(f"{SVG}text")} == {STYLE["dark"]["input"]["fontcolor"]}


class TestDeterminism:
    @pytest.mark.parametrize("text", EXAMPLES)
    def test_same_analysis_same_bytes(self, text):
        assert to_dot(analyze(text)) == to_dot(analyze(text))

    def test_same_bytes_in_another_process(self):
        """No id(), no hash order: a fresh interpreter with another hash seed writes the same DOT."""
        code = (
            "import sys; from explorer.teach import explained as analyze; from explorer.drawing.dot import to_dot; "
            "sys.stdout.buffer.write(to_dot(analyze('sin(x + x**2)*w', at={'x': 1})).encode())"
        )
        outputs = set()
        for seed in ("1", "2"):
            env = {**os.environ, "PYTHONHASHSEED": seed}
            done = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                env=env,
                check=True,
                timeout=120,
                cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
            )
            outputs.add(done.stdout)
        assert outputs == {to_dot(analyze("sin(x + x**2)*w", at={"x": 1})).encode()}

    @needs_renderer
    def test_same_svg(self):
        dot = to_dot(analyze("ln(sin(x**3)**2)"))
        assert to_svg(dot) == to_svg(dot)


class TestSafety:
    def test_no_link_or_tooltip_attributes(self):
        dot = to_dot(analyze("node*edge + graph"), highlight=0)
        for attribute in ("URL", "href", "tooltip", "target"):
            assert not re.search(rf"\b{attribute}=", dot, flags=re.I)

    @pytest.mark.usefixtures("each_renderer")
    @pytest.mark.parametrize(
        "hostile",
        ['a"b', "<b>bold</b>", "<<TABLE></TABLE>>", r"\N \G \E \l \r", "back\\", 'x" URL="javascript:1', "a & b;"],
    )
    def test_escape_is_read_literally(self, hostile):
        """Graphviz itself reads the escaped label back as exactly the text."""
        graph = graphviz.Digraph()
        graph.node("n", label=escape(hostile, "second line"))
        source = graph.source
        assert "URL" not in source.replace(r"\"", "").split("label=")[0]
        assert texts(svg_groups(to_svg(source), "node")["node1"]) == [hostile, "second line"]

    @needs_renderer
    @settings(max_examples=25, deadline=None)
    @given(st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=30))
    def test_any_text_is_read_literally(self, text):
        graph = graphviz.Digraph()
        graph.node("n", label=escape(text))
        assert texts(svg_groups(to_svg(graph.source), "node")["node1"]) == [text]


class TestOptions:
    @pytest.mark.parametrize("options", [{"theme": "neon"}, {"labels": "all"}, {"highlight": 2}, {"highlight": -1}])
    def test_bad_options(self, options):
        with pytest.raises(ValueError, match=r"theme|labels|path"):
            to_dot(analyze("x*x"), **options)

    def test_orientation_by_shape_or_by_choice(self):
        assert "rankdir=LR" in to_dot(analyze("x*x"))
        deep = analyze("; ".join(["u1 = sin(x)"] + [f"u{k} = sin(u{k - 1})" for k in range(2, 21)]))
        assert "rankdir=TB" in to_dot(deep)
        assert "rankdir=LR" in to_dot(deep, orientation="LR")
        assert "rankdir=TB" in to_dot(analyze("x*x"), orientation="TB")
        with pytest.raises(ValueError, match="orientation"):
            to_dot(deep, orientation="up")


@pytest.mark.usefixtures("each_renderer")
class TestCondensed:
    def test_a_wide_sum_keeps_three_branches_and_says_what_the_box_holds(self):
        analysis = analyze(" + ".join(f"sin({k}*x)" for k in range(1, 101)))
        svg = to_svg(to_dot(analysis))
        boxes = svg_groups(svg, "summary")
        (box,) = boxes.values()
        assert texts(box) == ["97 more branches:", "194 nodes", "u7, u8, …, u200", "product ×97, sin ×97"]
        assert len(svg_groups(svg, "node")) == 8 + 1  # x, 3 products, 3 sines, y, and the box
        assert "Condensed to stay readable: 194 of 202 nodes" in caption(svg)
        links = [texts(g) for g in svg_groups(svg, "edge").values() if g.get("id", "").startswith("link-")]
        assert links == [["97 edges", "×97 paths"], ["97 edges", "×97 paths"]]

    def test_the_highlighted_path_is_drawn_even_when_hidden_otherwise(self):
        analysis = analyze(" + ".join(f"sin({k}*x)" for k in range(1, 101)))
        svg = to_svg(to_dot(analysis, highlight=60))
        shown = {t for g in svg_groups(svg, "node").values() for t in texts(g)}
        assert any("sin(u" in t and t.startswith(analysis.paths[60].nodes[2]) for t in shown)

    def test_a_long_chain_is_shortened(self):
        analysis = analyze("sin(" * 80 + "x" + ")" * 80)
        svg = to_svg(to_dot(analysis))
        (box,) = svg_groups(svg, "summary").values()
        assert texts(box)[0] == "⋮ 73 steps in a chain"
        assert caption(svg).endswith("the only path is drawn with long chains shortened.")


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    high, low = sorted((luminance(a.lower()), luminance(b.lower())), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(colour: str, opacity: str | None, background: str) -> str:
    """A colour with an opacity, seen on a background."""
    alpha = float(opacity or 1)
    mixed = (
        round(alpha * int(colour[i : i + 2], 16) + (1 - alpha) * int(background[i : i + 2], 16)) for i in (1, 3, 5)
    )
    return "#" + "".join(f"{c:02x}" for c in mixed)


def test_the_theme_and_label_tables_name_every_style():
    from explorer.drawing.dot import THEMES
    from explorer.drawing.labels import LABELS
    from explorer.drawing.styles import compact

    assert set(STYLE) == set(THEMES) | {compact(theme) for theme in THEMES}  # each theme and its slide variant
    assert set(LABELS) == {"both", "symbolic", "numeric"}


NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"


class TestTeaching:
    def test_rule_names_are_a_toggle(self):
        analysis = analyze("ln(sin(x**3)**2)")
        assert " rule" not in to_dot(analysis).split("\n", 1)[1]
        labelled = to_dot(analysis, rules=True)
        assert [line.count("rule") for line in labelled.splitlines() if "->" in line] == [1, 1, 1, 1]
        assert "trigonometric rule" in labelled

    def test_a_jacobian_entrys_paths_are_bold_together(self):
        analysis = analyze("[x*w, x + x**2]")
        dot = to_dot(analysis, highlights=[1, 2])
        bold = [line for line in dot.splitlines() if "->" in line and "penwidth=3.6" in line]
        assert {re.search(r'id="(edge-\d+)"', line).group(1) for line in bold} == {
            f"edge-{i}" for k in (1, 2) for i in analysis.paths[k].edges
        }
        assert to_dot(analysis, highlights=[1]) != dot

    @pytest.mark.parametrize(
        ("text", "wrt", "paths"),
        [(NEURON, "w", 3), ("w = [w1, w2]; y = [w1*w2, w1 + w2]", "w", 4), ("w = [w1, w2]; y = sum(w)**2", "w", 2)],
    )
    def test_every_path_by_a_vector_has_its_colour_and_style(self, text, wrt, paths):
        """A gradient or Jacobian by a vector: each entry's paths in their colours, as the table's badges are.

        The edges used to be counted as on no path (the vector's name is no node), so all were grey.
        """
        analysis = analyze(text, wrt)
        assert len(analysis.paths) == paths
        dot = to_dot(analysis)
        lines = {m.group(1): line for line in dot.splitlines() if (m := re.search(r'id="(edge-\d+)"', line))}
        neutral = STYLE["light"]["edge"]["color"]
        for k, path in enumerate(analysis.paths):
            for index in path.edges:
                on = [j for j, other in enumerate(analysis.paths) if index in other.edges]
                colours = re.search(r'color="([^"]+)"', lines[f"edge-{index}"]).group(1).split(":")
                if len(on) <= 3:
                    assert colours == [PALETTE[j] for j in on], (k, index, lines[f"edge-{index}"])
                    if len(on) == 1:
                        assert f"style={dash(k)}" in lines[f"edge-{index}"]
                else:
                    assert f"×{len(on)} paths" in lines[f"edge-{index}"]
        on_paths = {i for p in analysis.paths for i in p.edges}
        for index in set(range(len(analysis.edges))) - on_paths:
            assert f'color="{neutral}"' in lines[f"edge-{index}"]

    def test_the_neurons_three_paths_are_three_colours_on_the_weights(self):
        analysis = analyze(NEURON, "w")
        edges = svg_groups(to_svg(to_dot(analysis)), "edge") if INSTALLED else None
        dot = to_dot(analysis)
        for k, weight in enumerate(["w1", "w2", "w3"]):
            line = next(line for line in dot.splitlines() if line.strip().startswith(f"{weight} -> u1"))
            assert f'color="{PALETTE[k]}"' in line
            if edges is not None:
                index = re.search(r'id="(edge-\d+)"', line).group(1)
                assert strokes(edges[index]) == [PALETTE[k].upper()]
        shared = next(line for line in dot.splitlines() if line.strip().startswith("u1 -> u2"))
        assert f'color="{PALETTE[0]}:{PALETTE[1]}:{PALETTE[2]}"' in shared

    def test_a_highlight_out_of_range_is_refused(self):
        with pytest.raises(ValueError, match="there is no path 7"):
            to_dot(analyze("x*x"), highlights=[0, 7])

    def test_each_vector_is_a_box_with_its_entries_in_order(self):
        dot = to_dot(analyze(NEURON, "w"))
        boxes = re.findall(r"subgraph cluster_(\d+) \{(.*?)\n\t\}", dot, flags=re.S)
        assert [re.search(r"label=(\w+)", body).group(1) for _, body in boxes] == ["w", "x"]
        assert re.findall(r"^\t\t(w\d) \[", boxes[0][1], flags=re.M) == ["w1", "w2", "w3"]
        assert "w2 -> w1 [style=invis]" in boxes[0][1]  # keeps w1 on top
        assert "newrank=true" in dot

    def test_every_entry_of_a_vector_wrt_is_marked(self):
        dot = to_dot(analyze(NEURON, "w"))
        marked = [line for line in dot.splitlines() if "penwidth=2.5" in line and "class=input" in line]
        assert [line.split()[0] for line in marked] == ["w1", "w2", "w3"]

    @needs_renderer
    def test_boxes_are_drawn(self):
        svg = to_svg(to_dot(analyze("h = [sin(x), cos(x)]; y = h*2")))
        assert svg.count('class="cluster"') == 2 and ">h<" in svg and ">y<" in svg

    def test_no_vectors_no_boxes(self):
        assert "cluster" not in to_dot(analyze("x + x**2"))
