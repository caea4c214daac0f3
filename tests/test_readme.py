"""The README's examples are true: its Python session and its command-line session run as shown."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

from explorer.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_python_session_runs_as_shown():
    (session,) = blocks("python")
    test = doctest.DocTestParser().get_doctest(session, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 4


def test_console_session_prints_as_shown(capsys):
    (session,) = blocks("console")
    command, *expected = session.rstrip("\n").split("\n")
    argv = shlex.split(command.removeprefix("$ "))
    assert argv[:3] == ["python", "-m", "explorer"]
    assert main(argv[3:]) == 0
    assert capsys.readouterr().out.rstrip("\n").split("\n") == expected


def test_the_function_table_is_the_languages():
    """Each group of the language table has one README row that lists exactly its spellings."""
    from explorer.language.operations import OPERATIONS

    table = README.split("## The input language")[1].split("## The graph")[0]
    groups: dict[str, set[str]] = {}
    for row in OPERATIONS.values():
        if row.spellings:
            groups.setdefault(row.group, set()).update(row.spellings)
    for group, spellings in groups.items():
        (line,) = [line for line in table.splitlines() if f"| {group}" in line]
        listed = set(re.findall(r"[a-z]+", re.match(r"\| `([^`]*)`", line).group(1))) - {"a", "b"}
        assert listed == spellings, group


def test_the_module_list_is_the_package():
    from pathlib import Path

    listed = set(re.findall(r"^  ([a-z_]+)(?:\.py|/)", README.split("## Architecture")[1].split("```")[3], flags=re.M))
    package = Path(__file__).resolve().parents[1] / "explorer"
    actual = {p.stem for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")}
    actual |= {p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert listed == actual


def test_the_app_installs_from_wheels():
    """The README's one command needs no compiler: requirements.txt builds nothing from source."""
    root = Path(__file__).resolve().parents[1]
    lines = [line.split("#")[0].strip() for line in (root / "requirements.txt").read_text().splitlines()]
    options = [line for line in lines if line.startswith("-")]
    assert options == [], options
    assert "pip install -r requirements.txt && streamlit run app.py" in README
