"""The benchmark's expressions: generated and textbook-style, the same every run (fixed seeds).

Families: polynomials, rational functions, nested trigonometric/exponential/
logarithmic compositions, activations, MLP layers (vectors and programs), and
programs of intermediate variables, plus the sizes the scaling runs use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["Case", "corpus", "doubling", "large_textbook", "sized", "sum_of_sines"]


@dataclass(frozen=True)
class Case:
    """One benchmark expression: its family, a short name and the text a user would type."""

    family: str
    name: str
    text: str
    wrt: str | None = None


TEXTBOOK = [
    "x*x**2",
    "x + x**2",
    "ln(sin(x**3)**2)",
    "sin(x + x**2)",
    "x**x",
    "exp(-x**2/2)/sqrt(2*pi)",
    "(x**2 + 1)/(x - 1)",
    "sqrt(1 + x**2)",
    "atan(x/(1 + x**2))",
    "x*exp(x)*sin(x)",
    "ln(x + sqrt(x**2 + 1))",
    "tan(x)**3 - 3*tan(x) + 3*x",
    "(1 + 1/x)**x",
    "cosh(x)**2 - sinh(x)**2",
    "x**3*ln(x)**2",
    "asin(x)/sqrt(1 - x**2)",
    "1/((p + q*x)**3*(r + s*(p + q*x)**2 + v*(p + q*x)**4)**2)",
    "exp(sin(x)*cos(x))/(1 + x**4)",
    "[ln(x**2), sin(3*x)]",
    "u1 = x**3; u2 = sin(u1); u3 = u2**2; y = ln(u3)",
    "u = x**2; y = sin(u) * cos(u)",
    "x*z + sin(x)",
    "sigmoid(w*x + b)",
    "(sigmoid(w*x + b) - t)**2",
]

_UNARY = ["sin", "cos", "exp", "ln", "tanh", "sqrt", "atan", "sinh", "sigmoid", "softplus"]


def _polynomial(rng: random.Random, degree: int, var: str = "x") -> str:
    terms = []
    for k in range(degree, -1, -1):
        c = rng.randint(-9, 9) or 1
        terms.append(f"{c}*{var}**{k}" if k > 1 else f"{c}*{var}" if k == 1 else str(c))
    return " + ".join(terms).replace("+ -", "- ")


def _nested(rng: random.Random, depth: int) -> str:
    text = rng.choice(["x", "x**2", "2*x + 1", "x*y", "x/3"])
    for _ in range(depth):
        f = rng.choice(_UNARY)
        inner = f"1 + {text}**2" if f in ("ln", "sqrt") else text
        text = f"{f}({inner})"
        if rng.random() < 0.3:
            text = f"{text} * {rng.choice(['x', 'cos(x)', 'exp(x)', '(x + 1)'])}"
    return text


def _layer(rng: random.Random, rows: int, cols: int, act: str) -> str:
    outputs = []
    for i in range(rows):
        affine = " + ".join(f"w{i}{j}*x{j}" for j in range(cols))
        outputs.append(f"{act}({affine} + b{i})")
    return "[" + ", ".join(outputs) + "]"


def _mlp_program(width: int, act: str) -> str:
    hidden = [f"h{i} = {act}(" + " + ".join(f"w{i}{j}*x{j}" for j in range(width)) + f" + b{i})" for i in range(width)]
    out = "y = sigmoid(" + " + ".join(f"v{i}*h{i}" for i in range(width)) + " + c)"
    return "; ".join([*hidden, out])


def doubling(levels: int) -> str:
    """u1 = x*x; u2 = u1*u1; ...: ``2**levels`` paths from x to the output."""
    return "\n".join(["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, levels + 1)])


def sum_of_sines(terms: int) -> str:
    """sin(1*x) + sin(2*x) + ...: one wide sum node."""
    return " + ".join(f"sin({k}*x)" for k in range(1, terms + 1))


def sized(operations: int, seed: int = 7) -> str:
    """An expression of about ``operations`` operators and calls: a sum of small random terms.

    Each term ``f(k*x)`` costs 3 operations (the product, the call and its share of the
    sum), so the size grows in the number of terms, as real expressions do; 2,000
    operations stay under the 8,000-character input limit.
    """
    rng = random.Random(seed)  # noqa: S311 - a fixed seed: the same expressions every run
    functions = ["sin", "cos", "exp", "tanh", "atan"]
    return "+".join(f"{rng.choice(functions)}({k + 2}*x)" for k in range(max(1, operations // 3)))


def corpus(seed: int = 2024) -> list[Case]:
    """The ratio benchmark's expressions: 240 of them, 24 textbook examples and 216 generated."""
    rng = random.Random(seed)  # noqa: S311 - a fixed seed: the same expressions every run
    cases = [Case("textbook", f"textbook {i + 1}", text) for i, text in enumerate(TEXTBOOK)]
    for _ in range(36):
        degree = rng.randint(3, 40)
        cases.append(Case("polynomial", f"polynomial degree {degree}", _polynomial(rng, degree)))
    for i in range(36):
        num, den = _polynomial(rng, rng.randint(1, 6)), _polynomial(rng, rng.randint(1, 6))
        power = rng.randint(1, 3)
        cases.append(Case("rational", f"rational {i + 1}", f"({num})/({den})**{power}"))
    for _ in range(36):
        depth = rng.randint(2, 12)
        cases.append(Case("nested", f"nested depth {depth}", _nested(rng, depth)))
    for i in range(36):
        act = rng.choice(["sigmoid", "tanh", "relu", "softplus", "erf"])
        n = rng.randint(1, 8)
        affine = " + ".join(f"w{j}*x{j}" for j in range(n)) + " + b"
        text = f"{act}({affine})" if i % 2 else f"({act}({affine}) - t)**2"
        cases.append(Case("activation", f"{act} of {n} inputs", text, wrt="x0"))
    for i in range(36):
        rows, cols = rng.randint(1, 4), rng.randint(1, 4)
        act = rng.choice(["tanh", "sigmoid", "relu"])
        if i % 2:
            cases.append(Case("mlp", f"{act} layer {rows}x{cols}", _layer(rng, rows, cols, act), wrt="x0"))
        else:
            cases.append(Case("mlp", f"2-layer {act} net, width {cols}", _mlp_program(cols, act), wrt="x0"))
    for i in range(36):
        kind = i % 3
        if kind == 0:
            levels = rng.randint(3, 40)
            cases.append(Case("program", f"doubling {levels}", doubling(levels)))
        elif kind == 1:
            steps = rng.randint(3, 30)
            lines = ["u1 = sin(x)"] + [f"u{k} = {rng.choice(_UNARY)}(u{k - 1})" for k in range(2, steps + 1)]
            text = "; ".join(lines).replace("ln(u", "ln(1 + u").replace("sqrt(u", "sqrt(1 + u")
            cases.append(Case("program", f"chain of {steps} steps", text))
        else:
            terms = rng.randint(5, 60)
            cases.append(Case("program", f"sum of {terms} sines", sum_of_sines(terms)))
    return cases


def large_textbook(count: int = 40, seed: int = 23) -> list[str]:
    """Larger textbook expressions: three of the single-input textbook forms, one of them of ``x**2 + 1``, combined
    as ``(A)*(B) + (C)`` (10 to 28 operations by ``sympy.count_ops``, as a student's longer homework)."""
    rng = random.Random(seed)  # noqa: S311 - a fixed seed: the same expressions every run
    from explorer.graph.build import build
    from explorer.language.parse import parse

    forms = [t for t in TEXTBOOK if ";" not in t and "[" not in t and build(parse(t)).inputs == ("x",)]
    found = []
    for _ in range(count):
        a, b, c = rng.sample(forms, 3)
        b = b.replace("x", "(x**2 + 1)").replace("e(x**2 + 1)p", "exp")
        found.append(f"({a})*({b}) + ({c})")
    return found
