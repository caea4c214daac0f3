"""The shape of the code: stage subpackages, small modules, a lazy package, a thin page.

Which stage may import which is import-linter's contract in ``pyproject.toml``
(``lint-imports``, run by ``.ci/run``); these tests check what it does not:
the size of the tree and its modules, that importing the package or its parser
loads nothing else, and that the page is the only user of Streamlit.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "explorer"

#: The stages, from the bottom up, as import-linter's first contract lists them.
STAGES = ["language", "graph", "calculus", "teach", "drawing", "answer", "exports", "workers", "page"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path) -> set[str]:
    """The explorer modules a file imports (also inside functions), relative to the package."""
    name = module_name(path)
    package = [p for p in (name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]) if p]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "explorer":
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                candidate = ".".join([*target, alias.name])
                found.add(candidate if candidate in MODULES else ".".join(target))
        elif isinstance(node, ast.Import):
            found |= {".".join(a.name.split(".")[1:]) for a in node.names if a.name.split(".")[0] == "explorer"}
    found.discard(name)
    return found


GRAPH = nx.DiGraph([(name, target) for name, path in MODULES.items() for target in imports(path)])
GRAPH.add_nodes_from(MODULES)


def test_no_import_loops():
    assert nx.is_directed_acyclic_graph(GRAPH), nx.find_cycle(GRAPH)


def test_the_contract_names_every_stage():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layers = " | ".join(contracts[0]["layers"])
    assert all(f"explorer.{stage}" in layers for stage in STAGES)
    stages = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert stages == set(STAGES)
    per_stage = {c["containers"][0] for c in contracts if c.get("containers")}
    assert per_stage == {f"explorer.{stage}" for stage in STAGES}


def test_few_modules_at_the_top():
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= 12, top


@pytest.mark.parametrize("folder", sorted({p.parent for p in PACKAGE.rglob("*.py")}), ids=str)
def test_no_folder_is_a_heap(folder):
    modules = [p.name for p in folder.glob("*.py") if p.name != "__init__.py"]
    assert len(modules) <= 15, (folder, modules)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_small_and_say_what_they_are(name):
    source = MODULES[name].read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 450, f"{name} has {len(source.splitlines())} lines"
    assert ast.get_docstring(ast.parse(source)), f"{name} has no module docstring"


def test_only_the_page_imports_streamlit():
    users = {
        name
        for name, path in MODULES.items()
        if re.search(r"^\s*(import|from) streamlit", path.read_text(encoding="utf-8"), flags=re.M)
    }
    assert users and all(name.startswith("page.") for name in users), users


def loaded(statement: str) -> set[str]:
    """The modules a fresh interpreter has loaded after ``statement``."""
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


HEAVY = ("graphviz", "streamlit", "PIL", "matplotlib", "altair")


def test_importing_the_package_loads_nothing_heavy():
    found = loaded("import explorer")
    assert not {m for m in found if m.split(".")[0] in HEAVY}
    assert {m for m in found if m.startswith("explorer")} == {"explorer"}


def test_the_parser_needs_only_the_language():
    found = {m for m in loaded("import explorer.language.parse") if m.startswith("explorer")}
    assert found == {"explorer", "explorer.errors"} | {m for m in found if m.startswith("explorer.language")}
    assert "explorer.language.parse" in found


def test_the_public_calls_load_no_page():
    found = loaded("from explorer import analyze, check")
    assert not {m for m in found if m.split(".")[0] in ("streamlit", "matplotlib", "altair")}


def test_the_public_names_resolve_lazily():
    import explorer

    for name in explorer.__all__:
        assert getattr(explorer, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        explorer.nope  # noqa: B018


def test_the_app_is_thin():
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 300
    for latex in (r"\frac", r"\partial", r"\begin", r"\text", r"\color", "sympy"):
        assert latex not in source, latex
