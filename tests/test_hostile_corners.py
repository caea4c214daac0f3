"""Right or refused, never wrong: the corners hostile inputs found in the values, the JSON, the pipes, the links.

Each case states its exact outcome: the value, the refusal and its words, or
the bytes written. The expressions and the resource cases of the first hostile
sets are in tests/test_hostile.py.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from apptesting import open_app

from explorer import analyze
from explorer.cli import main
from explorer.errors import ExpressionError
from explorer.exports.formats import json_text

ROOT = Path(__file__).resolve().parents[1]


def strict(text: str):
    """JSON as the standard has it: no Infinity, -Infinity or NaN."""

    def refuse(name):
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


class TestTies:
    @pytest.mark.parametrize(
        ("text", "total"),
        [("max(x, x)", 1.0), ("min(sin(x), sin(x))", math.cos(0.5)), ("max(2*x, x + x)", 2.0)],
    )
    def test_a_tie_of_identical_arguments_has_a_value(self, text, total):
        a = analyze(text)
        assert a.total_values == pytest.approx((total,))
        assert a.verified and not any("kink" in note for note in a.notes)

    def test_a_true_kink_stays_undefined_and_says_so(self):
        a = analyze("max(x, x**2)", at={"x": 1})
        assert a.total_values == (None,)
        assert any("not differentiable here (a kink)" in note for note in a.notes)


class TestJson:
    @pytest.mark.parametrize(
        "argv",
        [
            ["x", "--at", "x=1.7976931348623157e308", "--json"],
            ["x^2", "--at", "x=1e308", "--dx", "1e308", "--json"],
            ["x^2", "--at", "x=1e308", "--dx", "1e308", "--json", "--check", "2*x"],
        ],
    )
    def test_overflowing_numbers_are_null_with_a_note(self, capsys, argv):
        main(argv)
        data = strict(capsys.readouterr().out)
        assert data["finite_difference"]["to"] is None
        assert any(note.startswith("finite_difference.to is too large for a float") for note in data["notes"])

    def test_every_non_finite_number_anywhere_becomes_null(self):
        data = {"a": [1.0, math.inf, {"b": -math.inf, "c": math.nan}], "notes": ["kept"]}
        written = strict(json_text(data))
        assert written["a"] == [1.0, None, {"b": None, "c": None}]
        assert written["notes"][0] == "kept" and len(written["notes"]) == 4


def explorer(*argv: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "explorer", *argv], cwd=ROOT, env=environment, timeout=120, **kwargs)


class TestCommandLine:
    def test_a_closed_pipe_ends_quietly(self):
        read, write = os.pipe()
        os.close(read)  # the reader is gone before anything is written, as after `| head -0`
        try:
            done = explorer("+".join(["sin(x)"] * 300), stdout=write, stderr=subprocess.PIPE)
        finally:
            os.close(write)
        assert done.returncode == 1 and done.stderr == b""

    def test_a_closed_standard_output_is_said_without_a_traceback(self):
        done = subprocess.run(
            f"{sys.executable} -m explorer 'x*x' >&-",
            shell=True,  # a fixed command line, to close the descriptor as a shell does
            cwd=ROOT,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
        )
        assert done.returncode == 1
        assert done.stderr.decode() == "error: standard output is closed: use -o FILE to write to a file\n"

    @pytest.mark.parametrize("fmt", ["svg", "text", "json", "latex"])
    def test_standard_output_is_the_file_in_any_locale(self, tmp_path, fmt):
        target = tmp_path / f"out.{fmt}"
        assert explorer("sin(x**2)", "--format", fmt, "-o", str(target)).returncode == 0
        c_locale = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}
        done = explorer("sin(x**2)", "--format", fmt, env=c_locale, capture_output=True)
        assert done.returncode == 0
        assert done.stdout == target.read_bytes()
        assert fmt == "latex" or "∂".encode() in done.stdout  # LaTeX writes \partial


class TestArguments:
    @pytest.mark.parametrize(
        ("kwargs", "named"), [({"wrt": 5}, "wrt"), ({"wrt": ["x"]}, "wrt"), ({"share": "no"}, "share")]
    )
    def test_a_wrong_argument_is_named(self, kwargs, named):
        with pytest.raises(TypeError, match=f"^{named} must be"):
            analyze("x*y", **kwargs)


class TestSizes:
    def test_a_root_raised_again_is_refused_from_its_size(self):
        with pytest.raises(ExpressionError, match="this power would have about 5,426 digits") as err:
            analyze("(4323024^(1/1000))^999")
        assert err.value.column == 19

    def test_many_outputs_are_refused_at_once_with_the_limit(self):
        with pytest.raises(ExpressionError, match="the output has 2,000 entries; at most 256 are allowed") as err:
            analyze("[" + ", ".join(["x"] * 2000) + "]")
        assert err.value.column == 1

    def test_the_most_outputs_are_analysed(self):
        a = analyze("[" + ", ".join(["x"] * 256) + "]")
        assert len(a.outputs) == 256 and a.total_values == (1.0,) * 256 and a.verified

    @pytest.mark.parametrize(
        ("text", "message", "column"),
        [
            ("*".join(f"(x-{k})" for k in range(101)), "this product has 101 different factors, at most 100", 6),
            ("max(" + ", ".join(f"x+{k}" for k in range(9)) + ")", "max of 9 arguments: at most 8 are allowed", 1),
            ("2 + min(" + ", ".join(f"sin({k}*x)" for k in range(1, 21)) + ")", "min of 20 arguments", 5),
        ],
    )
    def test_wide_products_and_extremes_are_refused_at_once(self, text, message, column):
        with pytest.raises(ExpressionError, match=message) as err:
            analyze(text)
        assert err.value.column == column

    def test_a_product_of_one_factor_many_times_is_analysed(self):
        a = analyze("*".join(["x"] * 1500), at={"x": 1.001})
        assert a.path_count == 1500 and a.verified

    @pytest.mark.parametrize(
        ("text", "total"),
        [
            ("(x+1)^999999", "999999*(x + 1)**999998"),
            ("(x+y)^1000*(x-y)^1000", "2000*x*(x - y)**999*(x + y)**999"),
        ],
    )
    def test_high_powers_of_sums_are_checked_and_simplified(self, text, total):
        """cancel multiplied them out until the budget ran out (5 s of a worker, then "not simplified")."""
        a = analyze(text)
        assert str(a.total) == total and a.verification == "symbolic" and a.simplified

    def test_a_sum_of_two_thousand_inputs_is_analysed(self):
        text = "+".join(chr(0x4E00 + k) for k in range(2000))
        a = analyze(text, check=False, simplify=False)
        assert len(a.inputs) == 2000 and a.total_values == (1.0,)
        assert a.jacobian_values == ((1.0,) * 2000,)


class TestLinks:
    def test_a_long_list_of_one_unknown_section_is_named_once(self):
        at = open_app(expr="x*x", open=",".join(["z"] * 80_000))  # a 160 KB link
        (warning,) = [w.value for w in at.warning]
        assert len(warning) < 400
        assert warning.count("=z in the link") == 1

    def test_a_huge_value_is_cut(self):
        at = open_app(expr="x*x", labels="q" * 400_000)
        (warning,) = [w.value for w in at.warning]
        assert len(warning) < 400 and "q" * 32 + "…" in warning and "q" * 33 not in warning

    def test_many_different_problems_are_counted(self):
        at = open_app(expr="x*x", open=",".join(f"s{k}" for k in range(1000)), **{f"at_v{k}": "1" for k in range(50)})
        (warning,) = [w.value for w in at.warning]
        assert len(warning) < 1500 and "more" in warning
