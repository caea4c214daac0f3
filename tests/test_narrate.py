"""The words of forward and reverse mode: the --mode report and the cost in sentences."""

from __future__ import annotations

from explorer.analysis import run
from explorer.cost import Operations
from explorer.describe import text_report
from explorer.narrate import cost_lines, mode_report, operations, why


def test_the_paths_report_is_the_text_report():
    a = run("x + x**2")
    assert mode_report(a, "paths") == text_report(a)


def test_forward_report_lists_every_derivative_in_order():
    report = mode_report(run("sin(x + x**2)"), "forward").splitlines()
    start = report.index("  forward mode at x = 0.5:")
    assert [line.split(" = ")[0].strip() for line in report[start + 1 : start + 5]] == [
        "dx/dx",
        "du1/dx",
        "du2/dx",
        "dy/dx",
    ]


def test_reverse_report_ends_with_every_inputs_derivative():
    report = mode_report(run("x*z + sin(x)", at={"x": 0, "z": 2}), "reverse")
    assert "Every input's derivative from one reverse pass: dy/dx = 3, dy/dz = 0" in report


def test_no_inputs():
    assert mode_report(run("2 + 3"), "reverse") == text_report(run("2 + 3"))


def test_counts_in_words():
    assert operations(Operations(1, 1, 2)) == "1 multiplication and 2 additions"
    lines = cost_lines(run("u1 = x*x; u2 = u1*u1; y = u2*u2").cost)
    assert lines[1].split() == [
        "d/dx",
        "8",
        "paths:",
        "16×,",
        "7+",
        "1",
        "pass:",
        "4×,",
        "3+",
        "1",
        "pass:",
        "4×,",
        "3+",
    ]


def test_why_depends_on_the_shape():
    assert "reverse mode gets every derivative" in why(run("sigmoid(w*x + b)").cost)
    assert "forward mode gets every derivative" in why(run("[sin(x), cos(x), x**2]").cost)
    assert "as many passes" in why(run("x**2").cost)
    assert "no input" in why(run("3").cost)
