"""Tests for explorer.render: DOT that Graphviz draws with the right colours on the right edges."""

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
from rendering import SVG, backgrounds, needs_renderer, strokes, svg_groups, texts

from explorer.analysis import run as analyze
from explorer.layout import to_svg
from explorer.render import FONT, PALETTE, STYLE, colour, escape, to_dot

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

    def test_truncated_paths_colour_only_the_listed_ones(self):
        analysis = analyze("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3", max_paths=2)
        assert analysis.paths_truncated and analysis.path_count == 16
        dot = to_dot(analysis)
        assert set(re.findall(r"path-(\d+)", dot)) == {"0", "1"}
        used = {c for g in svg_groups(to_svg(dot), "edge").values() for c in strokes(g)}
        assert used == {PALETTE[0].upper(), PALETTE[1].upper(), STYLE["light"]["edge"]["color"].upper()}

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

    @pytest.mark.parametrize("theme", ["transparent", "transparent-dark"])
    def test_slide_themes_have_no_background(self, theme):
        assert set(backgrounds(to_svg(to_dot(analyze("x*x"), theme=theme)))) <= {"transparent", "none"}

    @pytest.mark.parametrize(
        ("theme", "slides"),
        [("transparent", ["#ffffff", "#f2f2f2"]), ("transparent-dark", ["#000000", "#1e1e1e", "#2b2b33"])],
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
            "import sys; from explorer.analysis import run as analyze; from explorer.render import to_dot; "
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
                cwd=os.path.dirname(os.path.dirname(__file__)),
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

    def test_left_to_right(self):
        assert "rankdir=LR" in to_dot(analyze("x*x"))

    def test_palette_is_okabe_ito(self):
        okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
        assert set(PALETTE) <= okabe_ito and len(set(PALETTE)) == len(PALETTE)
        assert colour(len(PALETTE) + 1) == PALETTE[1]


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
    from explorer.render import LABELS, THEMES

    assert set(THEMES) == set(STYLE)
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
