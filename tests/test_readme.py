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


def test_documented_functions_are_in_the_language():
    from explorer.parse import FUNCTIONS

    table = README.split("## The input language")[1].split("## The graph")[0]
    described = ("natural log", "trigonometric", "hyperbolic", "deep-learning", "constants")
    rows = [row.split("|")[1] for row in table.splitlines() if any(word in row for word in described)]
    names = {
        word
        for cell in rows
        for code in re.findall(r"`([^`]*)`", cell)
        if re.fullmatch(r"[a-z]+(\(a, b\))?( [a-z]+(\(a, b\))?)*", code)
        for word in re.findall(r"[a-z]+", code)
    } - {"a", "b"}
    assert {"exp", "ln", "sigmoid", "relu", "acoth", "asin", "arcsin", "max"} <= names
    assert names - set(FUNCTIONS) == {"pi", "e"}
