"""The command line, driven through main(argv)."""

from __future__ import annotations

import json

import pytest

from explorer.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_text_summary(capsys):
    status, out, err = run(capsys, "x*x**2")
    assert status == 0 and err == ""
    assert "Total-derivative chain rule: x reaches y through 2 paths" in out
    assert "1. x → u1 → y:  ∂u1/∂x·∂y/∂u1 = 2·x · x = 2·x² = 0.5" in out
    assert "dy/dx = 3·x² = 0.75" in out
    assert "verified: equals sympy.diff (symbolic)" in out


def test_json_one_object_per_expression_per_line(capsys):
    status, out, _ = run(capsys, "x + x**2", "[ln(x**2), sin(3*x)]", "--json")
    lines = out.strip().split("\n")
    assert status == 0 and len(lines) == 2
    first, second = map(json.loads, lines)
    assert first["rule"] == "total-derivative" and first["total"] == "2*x + 1"
    assert second["rule"] == "vector" and second["total"] == ["2/x", "3*cos(3*x)"]


def test_wrt_and_point(capsys):
    status, out, _ = run(capsys, "sigmoid(w*x + b)", "--wrt", "w", "--at", "x=2,w=0,b=0", "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["wrt"] == "w" and data["total_value"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["x +* 2"], "error: 'x +* 2': '*' needs something on its left at column 4"),
        (["__import__('os').system('true')"], "names may not start with '__'"),
        (["x**2", "--wrt", "z"], "'z' is not an input"),
        (["x", "--at", "x=nope"], "x must be a number, got 'nope'"),
    ],
)
def test_rejected_input_exit_2_no_traceback(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert message in err
    assert "Traceback" not in err and out == ""


def test_good_and_bad_expressions_together(capsys):
    status, out, err = run(capsys, "x**2", "sin(", "--json")
    assert status == 2
    assert json.loads(out)["total"] == "2*x"
    assert "'sin(': expression ends too early" in err


def test_png_needs_an_output_file(capsys):
    with pytest.raises(SystemExit) as info:
        main(["x", "--format", "png"])
    assert info.value.code == 2
    assert "--format png needs -o FILE" in capsys.readouterr().err


def test_dot_svg_latex_to_files(tmp_path, capsys):
    for fmt, marker in (("dot", "digraph"), ("svg", "<svg"), ("latex", "\\frac")):
        target = tmp_path / f"out.{fmt}"
        assert main(["ln(sin(x**3)**2)", "--format", fmt, "-o", str(target)]) == 0
        assert marker in target.read_text(encoding="utf-8")


def test_png_scales(tmp_path):
    import struct

    widths = []
    for scale in (2, 4):
        target = tmp_path / f"g{scale}.png"
        assert main(["x*x**2", "--format", "png", "--scale", str(scale), "-o", str(target)]) == 0
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        widths.append(struct.unpack(">I", data[16:20])[0])
    assert widths[1] == pytest.approx(2 * widths[0], rel=0.02)


def test_timeout_is_a_message_with_the_step(capsys):
    status, out, err = run(capsys, "(43269147216*x)^(999/1000)", "--timeout", "0.5")
    assert status == 2 and out == ""
    assert "was stopped after 0.5 s while building the graph" in err
    assert "Traceback" not in err
