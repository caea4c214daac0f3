r"""The LaTeX of the vector chain rule as the paper teaches it: layer by layer, and the gradient by a vector.

A sibling of :mod:`explorer.typeset` and :mod:`explorer.lessons`: the graph
cut into layers (:func:`explorer.chain.layers`) with each layer's Jacobian and
their product, equal to the whole Jacobian; and the gradient by a vector of
inputs written as a row, in the paper's form ``f·xᵀ`` where it has one.
"""

from __future__ import annotations

import math

import sympy as sp

from .explain import gradient_sentence
from .floats import Undefined, value_of
from .printing import size
from .printsize import short
from .result import Analysis
from .typeset import capped, elide, name, number, partial, wrap

__all__ = ["MAX_FORM_ENTRIES", "gradient", "gradient_form", "layer_formulas", "layer_product"]

#: The most entries of a vector ``wrt`` whose gradient is searched for the paper's form ``f·xᵀ``.
MAX_FORM_ENTRIES = 50

#: The largest total (in printed nodes) searched for that form; a larger one is not divided out.
MAX_FORM_NODES = 3_000


def stack(names: tuple[str, ...]) -> str:
    r"""Variables as a LaTeX tuple, for ∂(u1, u2)/∂(x).

    Examples
    --------
    >>> stack(("u1", "u2"))
    '\\left(u_{1}, u_{2}\\right)'
    """
    return r"\left(" + ", ".join(name(n) for n in names) + r"\right)"


# -- the vector chain rule, layer by layer -----------------------------------------------------------------


def layer_product(analysis: Analysis) -> tuple[tuple[float | None, ...], ...] | None:
    """The product of the layers' Jacobians at the point (None without layers or where a value is undefined).

    Equal to :attr:`~explorer.result.Analysis.jacobian_values` by the vector chain rule.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> layer_product(run("x + x**2"))
    ((2.0,),)
    """
    if not analysis.layers:
        return None
    width = len(analysis.inputs)
    product: list[list[float]] = [[1.0 if i == j else 0.0 for j in range(width)] for i in range(width)]
    for layer in analysis.layers:
        values = layer.values(analysis.edge_values)
        if any(v is None for row in values for v in row):
            return None
        product = [[math.fsum(r[m] * product[m][j] for m in range(len(r))) for j in range(width)] for r in values]
    return tuple(tuple(row) for row in product)


def layer_formulas(analysis: Analysis) -> tuple[tuple[str | None, ...], str | None]:
    if not analysis.layers:
        return (), None
    formulas = []
    previous = analysis.inputs
    for k, layer in enumerate(analysis.layers, 1):
        lhs = rf"J_{{{k}}} = \frac{{\partial {stack(layer.nodes)}}}{{\partial {stack(previous)}}}"
        row = f"{lhs} = {short(layer.jacobian)}"
        if layer.carried:
            carried = ", ".join(name(n) for n in layer.carried)
            row += rf" \quad \text{{carried: }} {carried} \ \text{{(identity rows)}}"
        formulas.append(capped(row))
        previous = layer.nodes
    count = len(analysis.layers)
    names = " ".join(f"J_{{{k}}}" for k in range(count, 0, -1))
    matrices = " ".join(short(layer.jacobian) for layer in reversed(analysis.layers))
    jacobian = rf"\frac{{\partial {stack(analysis.outputs)}}}{{\partial {stack(analysis.inputs)}}}"
    product = f"{jacobian} = {names} = {matrices} = {short(analysis.jacobian)}"
    return tuple(formulas), capped(product)


# -- the gradient by a vector ------------------------------------------------------------------------------


def gradient_form(analysis: Analysis) -> tuple[sp.Expr, str | None] | None:
    """The paper's form of a gradient by a vector: ``f·xᵀ`` for another vector x of the program, or ``f·1ᵀ``.

    Returns (f, the vector's name, None for the vector of ones), or None
    when the gradient has neither form (or is not a gradient).

    Examples
    --------
    >>> from explorer.analysis import run
    >>> gradient_form(run("w = [w1, w2]; x = [x1, x2]; y = max(0, dot(w, x) + b)", "w"))
    (Heaviside(b + w1*x1 + w2*x2), 'x')
    >>> gradient_form(run("w = [w1, w2]; x = [x1, x2]; y = sum(w + x)", "w"))
    (1, None)
    """
    if not analysis.by_vector or analysis.is_vector or len(analysis.wrt_inputs) > MAX_FORM_ENTRIES:
        return None
    if any(size(t, MAX_FORM_NODES) > MAX_FORM_NODES for t in analysis.totals):
        return None
    first = analysis.totals[0]
    if len(analysis.totals) > 1 and all(t == first for t in analysis.totals):
        return first, None
    symbols = {n.id: n.symbol for n in analysis.nodes}
    for vector, entries in analysis.flow.input_vectors().items():
        if len(entries) != len(analysis.totals):
            continue
        ratios = {sp.cancel(t / symbols[e]) for t, e in zip(analysis.totals, entries)}
        if len(ratios) == 1:  # every entry is the same f times its own entry of the vector: f·xᵀ
            return ratios.pop(), vector
    return None


def gradient(analysis: Analysis) -> tuple[str | None, str | None]:
    r"""The gradient as a row (the paper writes ∂y/∂w as a row vector), in its form, at the point; and the words.

    The row of expressions is written out only when the gradient has no form ``f·xᵀ``.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> formula, words = gradient(run("w = [w1, w2]; x = [x1, x2]; y = sum(w + x)", "w"))
    >>> print(formula.replace(r" \\ ", "\n").replace(r",\ ", ",\n"))
    \begin{aligned}\frac{\partial y}{\partial \mathbf{w}} &= \left[\frac{\partial y}{\partial w_{1}},
    \frac{\partial y}{\partial w_{2}}\right]
    &= \mathbf{1}^{T}
    &= \left[1,
    1\right]\end{aligned}
    >>> words
    'dy/dw = 1ᵀ (a vector of ones)'
    """
    output = analysis.outputs[0]
    bold = r"\mathbf{" + name(analysis.wrt) + "}"
    entries = [r"\cdots" if x is None else partial(output, x) for x in elide(list(analysis.wrt_inputs))]
    rows = [rf"\frac{{\partial {name(output)}}}{{\partial {bold}}} &= \left[" + r",\ ".join(entries) + r"\right]"]
    words = None
    form = gradient_form(analysis)
    if form is None:
        rows.append("&= " + short(sp.ImmutableMatrix([list(analysis.totals)])))
    else:
        factor, vector = form
        ones = r"\mathbf{1}^{T}" if vector is None else r"\mathbf{" + name(vector) + r"}^{T}"
        rows.append("&= " + (ones if factor == 1 else f"{wrap(factor)}\\,{ones}"))
        words = gradient_sentence(analysis, factor, vector, _step_value(analysis, factor))
    rows.append(r"&= \left[" + r",\ ".join(number(v) for v in analysis.total_values) + r"\right]")
    return capped(r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"), words


def _step_value(analysis: Analysis, factor: sp.Expr) -> float | None:
    """The value at the point of the argument of the step function H in ``factor`` (the unit's input)."""
    steps = factor.atoms(sp.Heaviside)
    if len(steps) != 1:
        return None
    (step,) = steps
    symbols = tuple(n.symbol for n in analysis.nodes if n.kind == "input")
    try:
        return value_of(step.args[0], symbols, [analysis.point[s.name] for s in symbols])
    except Undefined:
        return None
