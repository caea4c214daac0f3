"""The shape of the code: modules in layers that follow the data, no import loops, a thin page.

Imports are read from the source (every ``import``, also inside functions),
so a lazy import that goes back up a layer is caught too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "explorer"

#: Lowest first; a module may import only modules of earlier layers.
LAYERS = [
    ["errors", "activations", "colours", "examples", "flow", "lesson", "styles", "subsets", "workers.settings"],
    ["language", "lexer", "layout", "vectors", "workers.child", "workers.process"],
    ["printing", "floats", "parse", "workers.pool"],
    ["constants", "printsize", "workers"],
    ["jsonparts"],
    ["graph"],
    ["chain", "numeric", "point", "modes"],
    ["cost"],
    ["result"],
    ["answers"],
    ["condense", "explain", "verify", "samples", "walkthrough", "layering"],
    ["describe", "render", "texnames", "texfile", "diagnose"],
    ["typeset"],
    ["jacobians", "texdoc", "typeset_modes", "views", "narrate", "drawing"],
    ["lessons", "feedback", "frames"],
    ["analysis", "tikz"],
    ["beamer"],
    ["formats"],
    ["bounded"],
    ["checking"],
    ["notebook", "cli"],
    ["", "__main__"],
    ["page", "page.text", "page.address"],
    ["page.calls", "page.state", "page.style", "page.theme", "page.viewer"],
    ["page.sections"],
    ["page.sidebar", "page.messages", "page.inputs", "page.downloads", "page.sums", "page.vector", "page.jacobian"],
    ["page.steps", "page.paths", "page.modes", "page.walkthrough"],
    ["page.graph", "page.naive", "page.formula", "page.gradient", "page.layers", "page.exercise"],
    ["page.answer"],
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """The explorer modules a file imports (relative to the package, '' for the package itself)."""
    name = module_name(path)
    package = [p for p in (name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]) if p]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "explorer":
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                candidate = ".".join([*target, alias.name])
                known = (PACKAGE / candidate.replace(".", "/")).with_suffix(".py").exists()
                known = known or (PACKAGE / candidate.replace(".", "/")).is_dir()
                found.add(candidate if known else ".".join(target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "explorer":
                    found.add(".".join(alias.name.split(".")[1:]))
    found.discard(name)
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = nx.DiGraph([(name, target) for name, path in MODULES.items() for target in imports(path)])
GRAPH.add_nodes_from(MODULES)


def test_every_module_has_a_layer():
    layered = {name for layer in LAYERS for name in layer}
    assert set(MODULES) == layered


def test_no_import_loops():
    assert nx.is_directed_acyclic_graph(GRAPH), nx.find_cycle(GRAPH)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_layers(name):
    level = {module: i for i, layer in enumerate(LAYERS) for module in layer}
    upward = [target for target in GRAPH.successors(name) if level[target] >= level[name]]
    assert not upward, f"{name} (layer {level[name]}) imports {upward}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_small_and_say_what_they_are(name):
    source = MODULES[name].read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 420, f"{name} has {len(source.splitlines())} lines"
    assert ast.get_docstring(ast.parse(source)), f"{name} has no module docstring"


def test_only_the_page_imports_streamlit():
    users = {
        name
        for name, path in MODULES.items()
        if re.search(r"^\s*(import|from) streamlit", path.read_text(encoding="utf-8"), flags=re.M)
    }
    assert users and all(name.startswith("page.") for name in users), users


def test_the_app_is_thin():
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 300
    for latex in (r"\frac", r"\partial", r"\begin", r"\text", r"\color", "sympy"):
        assert latex not in source, latex
