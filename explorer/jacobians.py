r"""The LaTeX of the vector chain rule as the paper teaches it: layer by layer, and the gradient by a vector.

A sibling of :mod:`explorer.typeset` and :mod:`explorer.lessons`: the graph
cut into layers (:func:`explorer.layering.layers`) with each layer's Jacobian and
their product, equal to the whole Jacobian; and the gradient by a vector of
inputs written as a row, in the paper's form ``f·xᵀ`` where it has one.
"""

from __future__ import annotations

import sympy as sp

from .explain import gradient_form, gradient_sentence, step_value
from .lesson import multiply
from .printsize import short
from .result import Analysis
from .typeset import capped, elide, name, number, partial, wrap

__all__ = ["gradient", "layer_formulas", "layer_product"]


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
    return multiply(analysis.layers, analysis.edge_values, len(analysis.inputs)) if analysis.layers else None


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
        words = gradient_sentence(analysis, factor, vector, step_value(analysis, factor))
    rows.append(r"&= \left[" + r",\ ".join(number(v) for v in analysis.total_values) + r"\right]")
    return capped(r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"), words
