"""The command line, driven through main(argv)."""

from __future__ import annotations

import json

import pytest
from hanging import hanging

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
    assert "check: equals sympy.diff (symbolically)" in out


def documents(text: str) -> list:
    """The JSON documents printed one after another."""
    decoder, found, i = json.JSONDecoder(), [], 0
    while i < len(text.rstrip()):
        value, end = decoder.raw_decode(text, i)
        found.append(value)
        i = end + 1
    return found


def test_json_one_document_per_expression(capsys):
    status, out, _ = run(capsys, "x + x**2", "[ln(x**2), sin(3*x)]", "--json")
    first, second = documents(out)
    assert status == 0
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
        (["x", "--at", "x"], "cannot read 'x' as name=value"),
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
    assert "'sin(': '(' is never closed" in err


def test_json_is_the_same_bytes_as_the_download(capsys, tmp_path):
    from explorer import analyze, export

    _status, out, _ = run(capsys, "sin(x + x**2)", "--json")
    target = tmp_path / "a.json"
    assert main(["sin(x + x**2)", "--json", "-o", str(target)]) == 0
    assert out.encode() == target.read_bytes() == export(analyze("sin(x + x**2)"), "json").encode()


def test_choices_come_from_the_tables(capsys):
    from explorer.drawing.dot import ORIENTATIONS, THEMES
    from explorer.drawing.labels import LABELS
    from explorer.exports.formats import FORMATS

    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    for name in (*FORMATS, *THEMES, *LABELS, *ORIENTATIONS):
        assert name in help_text
    examples = help_text.split("examples:")[1].strip().splitlines()
    assert len(examples) >= 3 and all(line.strip().startswith("python -m explorer") for line in examples)


@pytest.mark.parametrize("value", ["nan", "inf", "1e9", "0", "-1", "soon"])
def test_a_bad_timeout_is_a_usage_error(capsys, value):
    with pytest.raises(SystemExit) as info:
        main(["x", "--timeout", value])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --timeout" in err and "Traceback" not in err


@pytest.mark.parametrize("where", ["missing/dir/out.svg", "."])
def test_an_unwritable_output_is_a_message(capsys, tmp_path, where):
    status, _out, err = run(capsys, "x*x", "--format", "dot", "-o", str(tmp_path / where))
    assert status == 1 and err.startswith("error: cannot write ") and "Traceback" not in err


def test_control_characters_in_the_input_are_not_echoed_raw(capsys):
    status, _out, err = run(capsys, "x\r+ 1 +", "--json")
    assert status == 2 and "\r" not in err and "\\r" in err


def test_an_ascii_terminal_gets_the_same_utf8_bytes_and_errors_as_escapes(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    argv = [sys.executable, "-m", "explorer", "x*x**2", "ε +"]
    done = subprocess.run(argv, capture_output=True, env=env, timeout=120)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert "∂u1/∂x".encode() in done.stdout  # the report is UTF-8, as it is in a file
    assert b"\\u03b5" in done.stderr  # the refused expression is echoed with an escape


def test_a_closed_pipe_ends_quietly():
    import subprocess
    import sys

    command = f"{sys.executable} -m explorer 'x*x**2' 'x + x**2' --json | head -c 20"
    done = subprocess.run(["bash", "-c", command], capture_output=True, timeout=120)
    assert b"Traceback" not in done.stderr and len(done.stdout) == 20


def test_orientation_and_operand_positions(capsys):
    assert main(["u = x*x; y = sin(u)", "--format", "dot", "--orientation", "TB"]) == 0
    assert "rankdir=TB" in capsys.readouterr().out
    assert main(["u = x*x; y = sin(u)"]) == 0
    out = capsys.readouterr().out
    assert "1. x →₁ u → y:" in out and "2. x →₂ u → y:" in out


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
    """Running out of time is not the input's fault: status 1, not 2."""
    with hanging():
        status, out, err = run(capsys, "x*x**2", "--timeout", "0.5")
    assert status == 1 and out == ""
    assert "was stopped after 0.5 s while building the graph" in err
    assert "Traceback" not in err


def test_frames_writes_one_png_per_step_and_the_final_sum(tmp_path, capsys):
    """x·x²: the input, two evaluations, two paths, and the final sum."""
    folder = tmp_path / "frames"
    assert main(["x*x**2", "--frames", str(folder), "--scale", "1"]) == 0
    pngs = sorted(p.name for p in folder.glob("*.png"))
    assert pngs == [f"step-{k}.png" for k in range(1, 7)]
    assert all((folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for name in pngs)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 6 and out[-1].endswith("The sum over 2 paths: dy/dx = 3·x² = 0.75")
    assert (folder / "steps.txt").read_text(encoding="utf-8").splitlines()[3].endswith("product 2·x² = 0.5")


def test_frames_in_reverse_mode(tmp_path, capsys):
    assert main(["sigmoid(w*x + b)", "--frames", str(tmp_path), "--mode", "reverse", "--scale", "1"]) == 0
    assert len(list(tmp_path.glob("*.png"))) == 1 + 3 + 1 + 5 + 1  # inputs, 3 nodes, seed, 5 adjoints, gradient


def test_frames_take_one_expression(capsys):
    with pytest.raises(SystemExit):
        main(["x", "x*x", "--frames", "somewhere"])
    assert "--frames DIR takes one expression" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("mode", "lines"),
    [
        ("forward", ["  forward mode at x = 0.5:", "    dx/dx = 1", "    du1/dx = ∂u1/∂x·dx/dx = 1"]),
        ("reverse", ["  reverse mode at x = 0.5:", "    dy/dy = 1", "    dy/du1 = dy/dy·∂y/∂u1 = 0.5"]),
    ],
)
def test_mode_selects_what_the_text_shows(capsys, mode, lines):
    status, out, _ = run(capsys, "x*x**2", "--mode", mode)
    assert status == 0
    report = out.splitlines()
    start = report.index(lines[0])
    assert report[start : start + 3] == lines
    assert any(line.lstrip().startswith("operations") for line in report)


def test_the_neurons_gradient_from_the_command_line(capsys):
    status, out, _ = run(capsys, "sigmoid(w*x + b)", "--mode", "reverse", "--at", "w=1,x=2,b=-2")
    assert status == 0
    assert "Every input's derivative from one reverse pass: dy/dw = 0.5, dy/dx = 0.25, dy/db = 0.25" in out


def test_a_step_as_png_and_a_step_out_of_range(tmp_path, capsys):
    target = tmp_path / "step.png"
    assert main(["x*x**2", "--format", "png", "--step", "4", "--mode", "forward", "-o", str(target)]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    status, _out, err = run(capsys, "x*x**2", "--format", "svg", "--step", "99")
    assert status == 2 and "there is no step 99: this walkthrough (sum of paths) has steps 1 to 6" in err


def test_gradients_view_and_beamer(tmp_path, capsys):
    status, out, _ = run(capsys, "x*x**2", "--format", "dot", "--view", "gradients")
    assert status == 0 and "dy/du1 = 0.5" in out
    target = tmp_path / "slides.tex"
    assert main(["x*x**2", "--format", "beamer", "--mode", "reverse", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").rstrip().endswith(r"\end{document}")


def test_the_papers_finite_check(capsys):
    status, out, _ = run(capsys, "x + x**2", "--at", "x=1", "--dx", "1")
    assert status == 0
    assert "  finite difference: x from 1 to 2 (Δx = 1): y from 2 to 6 (Δy = 4), so Δy/Δx = 4" in out.splitlines()
    assert "one path alone gives 2·x = 2 (path 1) or 1 = 1 (path 2), not dy/dx = 2·x + 1 = 3" in out
    assert "u1 = x², so ∂u1/∂x = 2·x (power rule)" in out


def test_the_papers_finite_check_in_the_json(capsys):
    status, out, _ = run(capsys, "x + x**2", "--at", "x=1", "--dx", "1", "--json")
    assert status == 0
    difference = json.loads(out)["finite_difference"]  # one output by one input: one difference
    x, dx = 1.0, 1.0
    y = lambda v: v + v**2  # noqa: E731 - the expression itself, the oracle
    ends = (difference["from"], difference["to"], difference["before"], difference["after"])
    assert ends == (x, x + dx, y(x), y(x + dx))
    assert difference["delta_y"] == 4.0 and difference["estimate"] == (y(x + dx) - y(x)) / dx


@pytest.mark.parametrize("value", ["0", "nan", "one"])
def test_a_bad_step_is_a_usage_error(capsys, value):
    with pytest.raises(SystemExit) as info:
        main(["x", "--dx", value])
    assert info.value.code == 2 and "--dx" in capsys.readouterr().err


def test_a_gradient_by_a_vector(capsys):
    status, out, _ = run(capsys, "w = [w1, w2]; x = [x1, x2]; y = sum(w + x)", "--wrt", "w")
    assert status == 0
    assert "Vector chain rule: w = [w1, w2] reaches y through 2 paths" in out
    assert "  dy/dw1 = 1 = 1" not in out and "  dy/dw1 = 1" in out and "  dy/dw2 = 1" in out


def test_rule_names_in_the_graph(capsys):
    status, out, _ = run(capsys, "sin(x**2)", "--format", "dot", "--rules")
    assert status == 0 and "trigonometric rule" in out and "power rule" in out


def test_vectors_of_different_lengths_are_refused_with_the_column(capsys):
    status, _, err = run(capsys, "w = [a, b, c]; x = [d, e]; y = dot(w, x)")
    assert status == 2
    assert "dot() needs vectors of the same length, got lengths 3 and 2 at column 32" in err


DOT = "w = [w1, w2]; y = dot(w, w)"
NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"


class TestCheck:
    def test_a_right_answer_exits_0(self, capsys):
        status, out, err = run(capsys, "x + x**2", "--check", "1 + 2x")
        assert status == 0 and err == ""
        assert out.splitlines() == [
            "x + x**2",
            "  your answer: 1 + 2x",
            "  Correct: your answer equals dy/dx (shown symbolically).",
        ]

    def test_a_wrong_answer_exits_1_with_the_diagnosis(self, capsys):
        status, out, err = run(capsys, "x + x**2", "--check", "2*x")
        assert status == 1 and err == ""
        assert "  Missing: path 2 (x → y: ∂y/∂x = 1)." in out.splitlines()
        assert "  your answer − dy/dx = −1" in out.splitlines()

    def test_the_inner_derivative(self, capsys):
        status, out, _ = run(capsys, "sin(x**2)", "--check", "cos(x**2)")
        assert status == 1
        assert "∂u1/∂x = 2·x (power rule) is missing from path 1 (x → u1 → y): the inner derivative." in out

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["x + x**2", "--check", "2*x +"], "your answer: expression ends too early"),
            (["x + x**2", "--check", "2*z"], "your answer uses 'z'"),
            (["x +", "--check", "2*x"], "expression ends too early"),
        ],
    )
    def test_input_that_cannot_be_read_exits_2(self, capsys, argv, message):
        status, out, err = run(capsys, *argv)
        assert status == 2 and out == "" and message in err and "Traceback" not in err

    def test_json_gains_check(self, capsys):
        from explorer import analyze, export

        status, out, _ = run(capsys, "x*x**2", "--check", "x**2", "--json")
        data = json.loads(out)
        assert status == 1
        check = data.pop("check")
        assert data == json.loads(export(analyze("x*x**2"), "json"))  # the rest is the usual document
        assert (check["correct"], check["matched_paths"], check["missing_paths"]) == (False, [2], [1])
        assert check["method"] == "symbolic" and check["edge_errors"] == []

    def test_a_drawing_highlights_what_was_missed(self, capsys):
        status, out, _ = run(capsys, "x*x**2", "--check", "x**2", "--format", "dot")
        edges = [line for line in out.splitlines() if "->" in line]
        assert status == 1
        assert "penwidth=3.6" in edges[0] and "penwidth=3.6" not in edges[1]

    @pytest.mark.parametrize(
        ("argv", "status", "line"),
        [
            (
                [DOT, "--wrt", "w", "--check", "[2*w1, 2*w2]"],
                0,
                "Correct: your answer equals dy/dw (shown symbolically).",
            ),
            ([DOT, "--wrt", "w", "--check", "2*w1"], 1, "Not correct: dy/dw has 2 entries, your answer has 1."),
            ([DOT, "--wrt", "w", "--check", "[2*w1, w2]"], 1, "Missing: path 4 (w2 → y: ∂y/∂w2 = w2)."),
            (
                ["x**2", "--check", "2*x + 1e-20"],
                1,
                "Not correct: your answer is not dy/dx (their difference is not 0).",
            ),
            (
                ["x*sin(x)**2", "--check", "sin^2(x) + 2x sin(x) cos(x)"],
                0,
                "Correct: your answer equals dy/dx (shown symbolically).",
            ),
            (
                [
                    NEURON,
                    "--wrt",
                    "w",
                    "--check",
                    "[x1·H(b + w1·x1 + w2·x2 + w3·x3), x2·H(b + w1·x1 + w2·x2 + w3·x3), x3*Heaviside(b + dot(w, x))]",
                ],
                0,
                "Correct: your answer equals dy/dw (shown symbolically).",
            ),
            (
                ["x*sin(x)**2", "--check", "sin(x)**2 + 2*x*cos(x)"],
                1,
                "On the edge u1 → u2 (path 1), the power rule gives ∂u2/∂u1 = 2·u1; your answer used 2, "
                "without the power of u1.",
            ),
        ],
    )
    def test_the_verdicts_of_issue_21(self, capsys, argv, status, line):
        code, out, err = run(capsys, *argv)
        assert (code, err) == (status, "") and f"  {line}" in out.splitlines()

    def test_the_power_edge_in_the_json(self, capsys):
        status, out, _ = run(capsys, "x*sin(x)**2", "--check", "sin(x)**2 + 2*x*cos(x)", "--json")
        (error,) = json.loads(out)["check"]["edge_errors"]
        assert status == 1 and (error["source"], error["target"], error["error"], error["wrong"]) == (
            "u1",
            "u2",
            "power base",
            "2",
        )

    def test_one_expression_only(self, capsys):
        with pytest.raises(SystemExit) as info:
            main(["x", "x**2", "--check", "1"])
        assert info.value.code == 2 and "--check takes one expression" in capsys.readouterr().err


SUM_70 = " + ".join(f"x{k}" for k in range(1, 71))
CHAIN_70 = "sin(" * 70 + "x" + ")" * 70


@pytest.mark.parametrize(("text", "wrt"), [(SUM_70, "x1"), (CHAIN_70, None)])
def test_frames_and_reverse_mode_of_a_graph_too_large_to_draw_whole(tmp_path, capsys, text, wrt):
    """Past 60 nodes the walkthrough draws the condensed graph (it used to fail in Graphviz's -n2)."""
    args = [text, "--wrt", wrt] if wrt else [text]
    assert main([*args, "--format", "frames", "--mode", "reverse", "-o", str(tmp_path / "frames.zip")]) == 0
    assert (tmp_path / "frames.zip").read_bytes()[:2] == b"PK"
    assert main([*args, "--mode", "reverse", "--step", "4", "--format", "svg", "-o", str(tmp_path / "s.svg")]) == 0
    capsys.readouterr()
    assert main([*args, "--mode", "reverse"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("\n    dy/d") == 1 + 70  # the seed, then every node's adjoint, the condensed ones too


def test_mode_prints_every_step_of_a_long_walkthrough(capsys):
    """305 steps are more than a walkthrough is drawn in, not a user's mistake: the text has every one."""
    program = "; ".join(["u1 = sin(x)", *(f"u{k} = sin(u{k - 1})" for k in range(2, 151)), "y = sin(u150)"])
    assert main([program, "--mode", "reverse", "--timeout", "60"]) == 0
    assert capsys.readouterr().out.count("\n    dy/du") == 150


def test_what_cannot_be_drawn_is_exit_1_and_a_plain_message(capsys, tmp_path):
    """A 79-entry vector in reverse mode needs a drawn step for each output's pass: too many for a deck."""
    vector = "[" + ", ".join(f"sin({k}*x)" for k in range(1, 80)) + "]"
    assert main([vector, "--format", "beamer", "--mode", "reverse", "-o", str(tmp_path / "s.tex")]) == 1
    err = capsys.readouterr().err
    assert "a walkthrough is drawn in at most 150 steps" in err and "Traceback" not in err


def test_a_gradient_by_a_matrix_and_the_shapes_view(capsys, tmp_path):
    text = "W = [[a, b], [c, d]]; x = [p, q]; y = sum(W @ x)"
    status, out, _ = run(capsys, text, "--wrt", "W", "--at", "p=3,q=4", "--json")
    assert status == 0 and json.loads(out)["total_value"] == [[3.0, 4.0], [3.0, 4.0]]
    status, out, _ = run(capsys, text, "--wrt", "W")
    assert status == 0 and "Vector chain rule: W = [[a, b], [c, d]] reaches y through 4 paths" in out
    assert "    ∂g1/∂W = I ⊗ xᵀ" in out
    status, _, _ = run(capsys, text, "--view", "shapes", "--format", "svg", "-o", str(tmp_path / "shapes.svg"))
    assert status == 0 and "I ⊗ xᵀ" in (tmp_path / "shapes.svg").read_text(encoding="utf-8")


def test_shapes_that_do_not_match_are_refused_with_both(capsys):
    status, _, err = run(capsys, "W = [[a, b], [c, d]]; x = [p, q, r]; y = W @ x")
    assert status == 2 and "W is 2×2 but x has 3 entries" in err and "at column 44" in err
