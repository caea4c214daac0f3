"""Test helpers: which Graphviz renderers are installed, and reading the SVG they drew."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest

from explorer.drawing.layout import RENDERERS

SVG = "{http://www.w3.org/2000/svg}"

#: The renderers installed here; tests that draw run once with each.
INSTALLED = [name for name in RENDERERS if shutil.which(name)]

needs_renderer = pytest.mark.skipif(not INSTALLED, reason="neither dot nor graphviz-pure is installed")


def only(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Make ``shutil.which`` find only these executables (as if nothing else were installed)."""
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda cmd, *a, **k: which(cmd, *a, **k) if cmd in names else None)


def svg_groups(svg: str, kind: str) -> dict[str, ET.Element]:
    """The <g class="node ..."> or <g class="edge ..."> elements by their id."""
    root = ET.fromstring(svg)
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if kind in (g.get("class") or "").split()}


def strokes(group: ET.Element) -> list[str]:
    """Colours of the lines of an edge (one per parallel stroke), upper case."""
    return [p.get("stroke").upper() for p in group.iter(f"{SVG}path")]


def texts(group: ET.Element) -> list[str]:
    """The lines of text inside a group."""
    return ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]


def backgrounds(svg: str) -> list[str]:
    """Fill colours of the graph's own polygons (its background), lower case."""
    graph = ET.fromstring(svg).find(f"{SVG}g")
    return [p.get("fill").lower() for p in graph.findall(f"{SVG}polygon")]


def caption(svg: str) -> str:
    """The drawing's caption (the graph's own label), its lines joined with spaces."""
    graph = ET.fromstring(svg).find(f"{SVG}g")
    return " ".join("".join(t.itertext()) for t in graph.findall(f"{SVG}text"))
