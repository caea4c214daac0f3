"""Hypothesis strategies shared by the tests: random expression trees as text and as sympy.

Each tree is drawn once and written twice: as input text for the explorer and as a
sympy expression built directly with sympy's own classes, the independent oracle.
"""

from __future__ import annotations

import math
import re

import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from explorer.errors import ExpressionError
from explorer.graph.build import build
from explorer.language.activations import sigmoid, softplus
from explorer.language.parse import parse

VARIABLES = ("x", "y", "w")
SYMBOLS = {name: sp.Symbol(name, real=True) for name in VARIABLES}

UNARY = {
    "sin": sp.sin,
    "cos": sp.cos,
    "exp": sp.exp,
    "tanh": sp.tanh,
    "atan": sp.atan,
    "sigmoid": sigmoid,
    "softplus": softplus,
    "ln": lambda a: sp.log(a),
    "sqrt": sp.sqrt,
}

leaves = st.one_of(
    st.sampled_from(VARIABLES).map(lambda n: (n, SYMBOLS[n])),
    st.integers(1, 5).map(lambda k: (str(k), sp.Integer(k))),
)


def _binary(children):
    def make(op, a, b):
        ta, ea = a
        tb, eb = b
        if op == "+":
            return (f"({ta} + {tb})", ea + eb)
        if op == "-":
            return (f"({ta} - {tb})", ea - eb)
        if op == "*":
            return (f"({ta} * {tb})", ea * eb)
        return (f"({ta} / {tb})", ea / eb)

    return st.builds(make, st.sampled_from("+-*/"), children, children)


def _power(children):
    return st.builds(lambda a, k: (f"({a[0]})**{k}", a[1] ** k), children, st.integers(2, 3))


def _unary(children):
    def make(name, a):
        return (f"{name}({a[0]})", UNARY[name](a[1]))

    return st.builds(make, st.sampled_from(sorted(UNARY)), children)


def _extend(children):
    return st.one_of(_binary(children), _power(children), _unary(children))


#: (text, sympy expression) pairs for random expression trees with inputs x, y, w.
#: Trees whose value sympy already knows to be undefined (ln(1 - 1)) are refused by the explorer
#: with a message, which tests/test_hostile.py checks; they are left out here.
expressions = st.recursive(leaves, _extend, max_leaves=8).filter(lambda case: not case[1].has(sp.zoo, sp.nan))


def build_or_skip(text: str):
    """The graph of a drawn tree; trees with a constant that has no finite real value are skipped.

    ``ln(1 - 2)`` or ``exp(exp(64))`` are refused by the explorer with a message naming the
    constant (tests/test_graph.py checks those messages); here they are simply not an example.
    """
    try:
        return build(parse(text))
    except ExpressionError as err:
        assert "the constant" in str(err) or "undefined" in str(err), err
        assume(False)


def numerically_equal(a: sp.Expr, b: sp.Expr) -> bool:
    """a and b agree at a few points where both are real and finite (or, with none, simplify equal)."""
    checked = 0
    for values in ([0.3, 0.7, 1.1], [1.3, 0.4, 0.9], [0.8, 1.7, 0.2], [2.1, 0.6, 1.4]):
        subs = dict(zip(SYMBOLS.values(), values))
        va, vb = complex(a.evalf(subs=subs)), complex(b.evalf(subs=subs))
        if not (math.isfinite(abs(va)) and math.isfinite(abs(vb))):
            continue
        if abs(va - vb) > 1e-8 * max(1.0, abs(va), abs(vb)):
            return False
        checked += 1
    return checked > 0 or sp.simplify(a - b) == 0


def _statement(names: list[tuple[str, sp.Expr]]):
    """One statement's right-hand side from earlier names: a binary operation or a function of one."""
    operand = st.sampled_from(names)
    binary = st.builds(
        lambda op, a, b: (f"{a[0]} {op} {b[0]}", {"+": a[1] + b[1], "-": a[1] - b[1], "*": a[1] * b[1]}[op]),
        st.sampled_from("+-*"),
        operand,
        operand,
    )
    unary = st.builds(
        lambda name, a: (f"{name}({a[0]})", UNARY[name](a[1])), st.sampled_from(["sin", "exp", "tanh"]), operand
    )
    return st.one_of(binary, unary)


@st.composite
def programs(draw, max_statements: int = 6):
    """(text, sympy expression) of a random program of intermediate variables over the inputs x, y, w.

    Each statement may use any input or earlier statement, so steps are shared and paths branch
    and merge; the last statement is the output.
    """
    names = [(name, SYMBOLS[name]) for name in VARIABLES]
    lines = []
    for k in range(1, draw(st.integers(2, max_statements)) + 1):
        text, expr = draw(_statement(names))
        lines.append(f"v{k} = {text}")
        names.append((f"v{k}", expr))
    return "\n".join(lines), names[-1][1]


# -- programs with vector variables ---------------------------------------------------------------------

#: Scalar input of the vector programs, broadcast to every entry where it meets a vector.
BIAS = sp.Symbol("b", real=True)

VECTOR_UNARY = {"sin": sp.sin, "cos": sp.cos, "exp": sp.exp, "tanh": sp.tanh, "sigmoid": sigmoid}


def vector_symbols(name: str, n: int) -> list[sp.Symbol]:
    """The entries of the vector ``name`` of length ``n``: ``w1, w2, ...``."""
    return [sp.Symbol(f"{name}{k + 1}", real=True) for k in range(n)]


@st.composite
def vector_programs(draw, outputs: bool = False):
    """(text, output expressions, entries of w) for a random program on vectors ``w``, ``x`` and a scalar ``b``.

    A random tree of entry-by-entry operations (scalars broadcast) is written twice: as a program
    (``w = [w1, w2]; x = [x1, x2]; y = sum(...)``) and, entry by entry, as sympy expressions, the
    oracle. It ends in ``sum(...)`` or ``dot(..., x)`` (one output) or, with ``outputs``, is itself
    the output vector.
    """
    n = draw(st.integers(1, 4))
    vectors = {name: vector_symbols(name, n) for name in ("w", "x")}
    leaves = st.one_of(
        st.sampled_from(["w", "x"]).map(lambda name: (name, list(vectors[name]), True)),
        st.just(("b", [BIAS] * n, False)),
        st.integers(1, 3).map(lambda k: (str(k), [sp.Integer(k)] * n, False)),
    )

    def binary(children):
        def make(op, a, b):
            pairs = list(zip(a[1], b[1]))
            entries = {
                "+": [p + q for p, q in pairs],
                "-": [p - q for p, q in pairs],
                "*": [p * q for p, q in pairs],
                "/": [p / q for p, q in pairs],
            }[op]
            return (f"({a[0]} {op} {b[0]})", entries, a[2] or b[2])

        return st.builds(make, st.sampled_from("+-*/"), children, children)

    def unary(children):
        def make(name, a):
            return (f"{name}({a[0]})", [VECTOR_UNARY[name](e) for e in a[1]], a[2])

        return st.builds(make, st.sampled_from(sorted(VECTOR_UNARY)), children)

    def power(children):
        return st.builds(lambda a, k: (f"({a[0]})**{k}", [e**k for e in a[1]], a[2]), children, st.integers(2, 3))

    text, entries, is_vector = draw(
        st.recursive(leaves, lambda c: st.one_of(binary(c), unary(c), power(c)), max_leaves=6)
    )
    assume(not any(e.has(sp.zoo, sp.nan) for e in entries))
    if not is_vector:  # a tree of scalars only: make it meet the vectors
        text, entries = f"(w * ({text}))", [v * e for v, e in zip(vectors["w"], entries)]
    if outputs:
        body, result = text, entries
    elif draw(st.booleans()):
        body, result = f"sum({text})", [sp.Add(*entries)]
    else:
        body, result = f"dot({text}, x)", [sp.Add(*(e * v for e, v in zip(entries, vectors["x"])))]
    program = "; ".join(f"{name} = [{', '.join(map(str, vectors[name]))}]" for name in ("w", "x"))
    return f"{program}; y = {body}", result, vectors["w"]


def typed(expr: sp.Expr) -> str:
    """A sympy expression as a learner would type it in the explorer's language (``sympy.sstr``, with ``e``)."""
    return sp.sstr(expr.xreplace({sp.E: sp.Symbol("e")}))


def _joined(pair):
    (ta, ea), (tb, eb), op = pair
    return (f"({ta}) {op} ({tb})", ea + eb if op == "+" else ea * eb)


def _add_x(case):
    text, expr = case
    return case if SYMBOLS["x"] in expr.free_symbols else (f"({text} + x)", expr + SYMBOLS["x"])


_with_x = expressions.map(_add_x)

#: Two random trees that hold x, joined by a sum or a product: x reaches the output along at least two paths.
joined = st.tuples(_with_x, _with_x, st.sampled_from("+*")).map(_joined)


def substituted(flow, matrix) -> sp.Matrix:
    """An expression in intermediate variables, in the inputs (substituting from the last variable back)."""
    for node in reversed(flow.nodes):
        if node.kind != "input":
            matrix = matrix.xreplace({node.symbol: node.expr})
    return matrix


#: The paper's neuron: a ReLU of a weighted sum, differentiated by its weights.
NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"


def flow_of(text: str):
    """The data-flow graph of ``text``."""
    return build(parse(text))


def doubling(n: int) -> str:
    """The program of ``n`` doublings, ``u1 = x*x; u2 = u1*u1; …``: 2ⁿ paths."""
    lines = ["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, n + 1)]
    return "\n".join(lines)


def colours(formula: str) -> list[str]:
    """The colours of a LaTeX formula's coloured terms, in order."""
    return re.findall(r"\\color\{(#[0-9A-F]{6})\}", formula)


# -- programs with matrices ------------------------------------------------------------------------------

#: Activations a random layer may apply entry by entry, as typed and as the sympy oracle writes them.
LAYER_ACTIVATIONS = {
    "tanh": sp.tanh,
    "sigmoid": lambda z: 1 / (1 + sp.exp(-z)),
    "sin": sp.sin,
    "softplus": lambda z: sp.log(1 + sp.exp(z)),
    "relu": lambda z: sp.Max(0, z),
    "silu": lambda z: z / (1 + sp.exp(-z)),
}


def matrix_symbols(name: str, rows: int, columns: int) -> sp.Matrix:
    """The entries of the matrix ``name``: ``W11, W12, ...`` (lower case, so W's entries are ``w11``)."""
    return sp.Matrix(rows, columns, lambda i, j: sp.Symbol(f"{name.lower()}{i + 1}{j + 1}", real=True))


def literal(matrix: sp.Matrix, vector: bool = True) -> str:
    """A matrix as the explorer's language writes it: a list of rows (a column as a vector, if ``vector``)."""
    if matrix.shape[1] == 1 and vector:
        return "[" + ", ".join(typed(v) for v in matrix) + "]"
    return "[" + ", ".join("[" + ", ".join(typed(v) for v in row) + "]" for row in matrix.tolist()) + "]"


@st.composite
def matrix_programs(draw):
    """(text, output expression, {name: sympy matrix of its entries}) of a random network on matrices.

    One or two dense layers ``A @ x`` (or ``x @ transpose(A)``, or ``matmul(A, x)``), then ``B @ h``; a bias
    (a vector or a scalar, broadcast), an activation entry by entry, and a loss: a sum, a mean of
    squares against targets, a dot with constants, logsumexp, softmax cross-entropy, or a quadratic
    form. The oracle is built from ``sympy.Matrix`` directly, never through the explorer's parser.
    """
    n, m = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    first = matrix_symbols("A", m, n)
    x = sp.Matrix([sp.Symbol(f"x{j + 1}", real=True) for j in range(n)])
    named = {"A": first, "x": x}
    lines = [f"A = {literal(first, vector=False)}", f"x = {literal(x)}"]
    form = draw(st.sampled_from(["W @ x", "x @ Wᵀ", "matmul"]))
    typed_layer = {"W @ x": "A @ x", "x @ Wᵀ": "x @ transpose(A)", "matmul": "matmul(A, x)"}[form]
    z = first * x
    if draw(st.booleans()):
        c = sp.Matrix([sp.Symbol(f"c{i + 1}", real=True) for i in range(m)])
        named["c"] = c
        lines.append(f"c = {literal(c)}")
        typed_layer, z = f"{typed_layer} + c", z + c
    else:
        typed_layer, z = f"{typed_layer} + b", z + sp.Matrix([BIAS] * m)
    act = draw(st.sampled_from(sorted(LAYER_ACTIVATIONS)))
    h = z.applyfunc(LAYER_ACTIVATIONS[act])
    lines.append(f"h = {act}({typed_layer})")
    if draw(st.booleans()):  # a second layer
        k = draw(st.integers(1, 3))
        second = matrix_symbols("B", k, m)
        named["B"] = second
        lines.append(f"B = {literal(second, vector=False)}")
        lines.append("h2 = B @ h")
        h = second * h
        last = "h2"
    else:
        last = "h"
    size = h.shape[0]
    loss = draw(st.sampled_from(["sum", "mean", "dot", "logsumexp", "cross-entropy", "quadratic"]))
    targets = sp.Matrix([sp.Integer(draw(st.integers(-2, 2))) for _ in range(size)])
    if loss == "sum":
        text, y = f"sum({last})", sum(h)
    elif loss == "mean":
        text, y = f"mean(({literal(targets)} - {last})**2)", sum((t - e) ** 2 for t, e in zip(targets, h)) / size
    elif loss == "dot":
        text, y = f"dot({literal(targets)}, {last})", sum(t * e for t, e in zip(targets, h))
    elif loss == "logsumexp":
        text, y = f"logsumexp({last})", sp.log(sum(sp.exp(e) for e in h))
    elif loss == "cross-entropy":
        hot = draw(st.integers(0, size - 1))
        one_hot = [sp.Integer(int(i == hot)) for i in range(size)]
        total = sum(sp.exp(e) for e in h)
        text = f"-sum({literal(sp.Matrix(one_hot))} * ln(softmax({last})))"
        y = -sum(t * sp.log(sp.exp(e) / total) for t, e in zip(one_hot, h))
    else:
        quadratic = sp.Matrix(size, size, lambda i, j: sp.Integer(draw(st.integers(-2, 2))))
        text, y = f"transpose({last}) @ {literal(quadratic, vector=False)} @ {last}", (h.T * quadratic * h)[0]
    lines.append(f"y = {text}")
    return "; ".join(lines), y, named


@st.composite
def entrywise_matrix_programs(draw):
    """(text, output expression, {name: sympy matrix}) of a random tree of entry-by-entry operations on matrices.

    Two matrices A and B of one random shape, a scalar b and small integers as leaves; sums, differences,
    products, quotients, powers and functions entry by entry (a scalar broadcast); the output is the sum
    or the mean of the entries, or ``sum(... @ Bᵀ)``. The oracle is built entry by entry with ``sympy.Matrix``.
    """
    rows, columns = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    named = {"A": matrix_symbols("A", rows, columns), "B": matrix_symbols("B", rows, columns)}
    leaves = st.one_of(
        st.sampled_from(["A", "B"]).map(lambda name: (name, named[name], True)),
        st.just(("b", sp.Matrix(rows, columns, [BIAS] * (rows * columns)), False)),
        st.integers(1, 3).map(lambda k: (str(k), sp.Matrix(rows, columns, [sp.Integer(k)] * (rows * columns)), False)),
    )

    def binary(children):
        def make(op, a, b):
            combine = {"+": sp.Add, "-": lambda p, q: p - q, "*": sp.Mul, "/": lambda p, q: p / q}[op]
            entries = sp.Matrix(rows, columns, [combine(p, q) for p, q in zip(a[1], b[1])])
            return (f"({a[0]} {op} {b[0]})", entries, a[2] or b[2])

        return st.builds(make, st.sampled_from("+-*/"), children, children)

    def unary(children):
        return st.builds(
            lambda name, a: (f"{name}({a[0]})", a[1].applyfunc(VECTOR_UNARY[name]), a[2]),
            st.sampled_from(sorted(VECTOR_UNARY)),
            children,
        )

    text, entries, is_matrix = draw(st.recursive(leaves, lambda c: st.one_of(binary(c), unary(c)), max_leaves=5))
    assume(not any(e.has(sp.zoo, sp.nan) for e in entries))
    if not is_matrix:
        text, entries = f"(A * ({text}))", sp.Matrix(rows, columns, [a * e for a, e in zip(named["A"], entries)])
    ending = draw(st.sampled_from(["sum", "mean", "product"]))
    if ending == "sum":
        body, y = f"sum({text})", sum(entries)
    elif ending == "mean":
        body, y = f"mean({text})", sum(entries) / (rows * columns)
    else:
        body, y = f"sum({text} @ transpose(B))", sum(entries * named["B"].T)
    program = "; ".join(f"{name} = {literal(m, vector=False)}" for name, m in named.items())
    return f"{program}; y = {body}", y, named
