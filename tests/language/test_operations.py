"""The language table: every row walks through parse, build, differentiate, evaluate, print, draw and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy as sp

from explorer.calculus.verify import verify
from explorer.exports.formats import FORMATS, export
from explorer.language.activations import ACTIVATIONS
from explorer.language.operations import FUNCTIONS, OPERATIONS, RULES, apply, operation, suggestion
from explorer.language.printing import tex, unicode
from explorer.teach import explained

#: The README's row of the deep-learning functions: an activation is one class and this row.
README_ROW = next(
    line
    for line in (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").splitlines()
    if line.startswith("| `sigmoid relu")
)

#: Points to try, in order, until the function has a real value and a derivative there.
POINTS = (0.5, 1.5, 2.5, -0.5)


#: Calls of the functions that take vectors or matrices (their rows have ``vectors=True`` or ``whole=True``),
#: each with one output.
VECTOR_CALLS = {
    "dot": "dot([x, 0.3], [2, x])",
    "sum": "sum([x, x**2, 3])",
    "mean": "mean([x, x**2, 3])",
    "softmax": "dot([1, 2], softmax([x, 0.3]))",
    "logsumexp": "logsumexp([x, 0.3])",
    "matmul": "sum(matmul([[x, 1], [2, x]], [x, 0.3]))",
    "transpose": "sum(transpose([[x, 1], [2, x]]) @ [x, 0.3])",
}


def call(spelling: str) -> str:
    row = FUNCTIONS[spelling]
    if row.vectors or row.whole:
        return VECTOR_CALLS[row.name]
    others = ["0.3", "2"][: row.arity[0] - 1]
    return f"{spelling}({', '.join(['x', *others])})"


@pytest.mark.parametrize("spelling", sorted(FUNCTIONS))
def test_every_spelling_walks_the_whole_pipeline(spelling):
    text = call(spelling)
    for x in POINTS:
        analysis = verify(explained(text, at={"x": x}))
        if analysis.total_values[0] is not None:
            break
    else:
        pytest.fail(f"{text} has no derivative at any of {POINTS}")
    row = FUNCTIONS[spelling]
    assert analysis.verified, (text, analysis.verification)
    node = analysis.flow.node(analysis.outputs[0])
    assert all(e.rule in RULES for e in analysis.edges)
    assert node.op == row.name or (row.whole and node.op in ("sum", "dot", "log"))  # whole: written out
    assert unicode(node.local, typed=True) and tex(node.local, typed=True)
    if row.display:
        assert row.display in unicode(node.local, typed=True)
    for fmt in FORMATS.values():
        if not fmt.needs_renderer:
            assert export(analysis, fmt.name)
    assert json.loads(export(analysis, "json"))["total_value"] == pytest.approx(analysis.total_values[0])


@pytest.mark.parametrize("name", sorted(name for name, row in OPERATIONS.items() if not row.whole))
def test_every_row_builds_as_typed_and_evaluated(name):
    row = operation(name)
    operands = sp.symbols(f"a0:{max(row.arity[0], 2 if row.arity[1] is None else row.arity[0])}", positive=True)
    typed = apply(name, operands, evaluate=False)
    value = apply(name, operands)
    assert sp.simplify(typed.doit() - value) == 0
    assert len(row.rules([(False, False)] * len(operands))) == len(operands)


def test_spellings_point_to_their_rows():
    assert FUNCTIONS["arcsin"] is FUNCTIONS["asin"] is OPERATIONS["asin"]
    assert FUNCTIONS["ln"] is FUNCTIONS["log"]
    assert all(spelling in row.spellings for spelling, row in FUNCTIONS.items())


def test_the_rule_names_are_the_papers():
    assert RULES == (
        "power",
        "product",
        "quotient",
        "sum",
        "constant multiple",
        "exponential",
        "logarithm",
        "trigonometric",
        "inverse trigonometric",
        "hyperbolic",
        "activation",
        "absolute value",
        "min/max",
    )
    assert all((isinstance(row.rule, str) and row.rule in RULES) or callable(row.rule) for row in OPERATIONS.values())


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("sigmoud", "; did you mean sigmoid?"),
        ("Sin", "; did you mean sin?"),
        ("arctan2", "; write atan(y/x)"),
        ("qq", ""),
    ],
)
def test_suggestions(name, said):
    assert suggestion(name) == said


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.__name__)
def test_every_activation_agrees_with_itself_written_out(activation):
    """Its derivative is sympy.diff of its form in exp/erf/Max, and its float is that form's value."""
    z = sp.Symbol("z", real=True)
    written = activation.written_out(z)
    for value in (-3.0, -0.7, 0.4, 2.5):
        at = {z: value}
        assert float(activation.derivative(z).subs(at).evalf()) == pytest.approx(float(sp.diff(written, z).subs(at)))
        assert activation.of_float(value) == pytest.approx(float(written.subs(at).evalf()))
        assert float(sp.diff(activation(z), z).subs(at).evalf()) == pytest.approx(float(sp.diff(written, z).subs(at)))
    assert activation.__name__ in README_ROW


def test_gelu_and_silu_are_the_usual_ones():
    """GELU(z) = z·Φ(z) with Φ the standard normal CDF; SiLU(z) = z·σ(z)."""
    from explorer.language.activations import gelu, silu

    z = sp.Symbol("z", real=True)
    phi = (1 + sp.erf(z / sp.sqrt(2))) / 2
    assert sp.simplify(gelu.written_out(z) - z * phi) == 0
    assert sp.simplify(silu.written_out(z) - z / (1 + sp.exp(-z))) == 0
