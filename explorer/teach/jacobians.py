"""The vector chain rule as the paper teaches it: layer by layer, and a gradient by a vector in its form."""

from __future__ import annotations

import math
from collections.abc import Sequence

import sympy as sp

from ..calculus.layers import multiply
from ..calculus.result import Analysis
from ..language.floats import Undefined, value_of
from ..language.printing import derivative, number, size
from ..language.printsize import parenthesised, short, shown
from .notation import capped, elide, tex_name, tex_number, tex_partial, wrap


def stack(names: tuple[str, ...]) -> str:
    r"""Variables as a LaTeX tuple, for ∂(u1, u2)/∂(x).

    Examples
    --------
    >>> stack(("u1", "u2"))
    '\\left(u_{1}, u_{2}\\right)'
    """
    return r"\left(" + ", ".join(tex_name(n) for n in names) + r"\right)"


def layer_product(analysis: Analysis) -> tuple[tuple[float | None, ...], ...] | None:
    """The product of the layers' Jacobians at the point (None without layers or where a value is undefined).

    Equal to :attr:`~explorer.calculus.result.Analysis.jacobian_values` by the vector chain rule.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> layer_product(explained("x + x**2"))
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
            carried = ", ".join(tex_name(n) for n in layer.carried)
            row += rf" \quad \text{{carried: }} {carried} \ \text{{(identity rows)}}"
        formulas.append(capped(row))
        previous = layer.nodes
    count = len(analysis.layers)
    names = " ".join(f"J_{{{k}}}" for k in range(count, 0, -1))
    matrices = " ".join(short(layer.jacobian) for layer in reversed(analysis.layers))
    jacobian = rf"\frac{{\partial {stack(analysis.outputs)}}}{{\partial {stack(analysis.inputs)}}}"
    product = f"{jacobian} = {names} = {matrices} = {short(analysis.jacobian)}"
    return tuple(formulas), capped(product)


def layers_check(
    product: Sequence[Sequence[float | None]] | None, whole: Sequence[Sequence[float | None]]
) -> tuple[bool | None, str]:
    """Do the layers' Jacobians multiply to the whole Jacobian at the point? (None: a value is undefined), in words.

    Examples
    --------
    >>> layers_check(((2.0,),), ((2.0,),))
    (True, 'At this point the product of the layers is [2] and the Jacobian is [2]: equal.')
    """

    def matrix(rows) -> str:
        return "[" + "; ".join(", ".join(number(v) for v in row) for row in rows) + "]"

    if product is None or any(v is None for row in whole for v in row):
        return None, "Some value is undefined at this point, so the product is not compared here."
    agree = all(
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)  # type: ignore[arg-type]
        for p, w in zip(product, whole, strict=True)
        for a, b in zip(p, w, strict=True)
    )
    verdict = "equal" if agree else "they differ (an ill-conditioned point?)"
    return (
        agree,
        f"At this point the product of the layers is {matrix(product)} and the Jacobian is {matrix(whole)}: {verdict}.",
    )


def layer_lines(a: Analysis) -> list[str]:
    """The vector chain rule layer by layer: each layer's Jacobian, and their product checked at the point."""
    lines, previous = ["  layer by layer (∂f/∂x = ∂f/∂g · ∂g/∂x):"], a.inputs
    for k, layer in enumerate(a.layers or (), 1):
        carried = f" (carried: {', '.join(layer.carried)})" if layer.carried else ""
        names = f"∂({', '.join(layer.nodes)})/∂({', '.join(previous)})"
        lines.append(f"    J{k} = {names} = {shown(layer.jacobian)}{carried}")
        previous = layer.nodes
    product = " · ".join(f"J{k}" for k in range(len(a.layers or ()), 0, -1))
    check = layers_check(multiply(a.layers or (), a.edge_values, len(a.inputs)), a.jacobian_values)[1]
    return [*lines, f"    {product} is the whole Jacobian. {check}"]


def gradient_sentence(analysis: Analysis, factor: sp.Expr, vector: str | None, step: float | None) -> str:
    """The paper's reading of a gradient of the form ``f·xᵀ`` (or ``f·1ᵀ``), at the point too.

    ``step`` is the value at the point of the argument of the step function
    H in ``f`` (a ReLU's input), when there is one.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("w = [w1, w2]; x = [x1, x2]; y = max(0, dot(w, x) + b)", "w")
    >>> z = sp.Symbol("z")
    >>> print(gradient_sentence(a, sp.Heaviside(z), "x", 2.5).replace("; ", "\\n"))
    dy/dw = H(z)·xᵀ: xᵀ where the unit is active (z > 0), 0 where it is not (z < 0)
    here z = 2.5: active, so dy/dw = xᵀ
    """
    lhs = derivative(analysis.outputs[0], analysis.wrt or "")
    target = "1ᵀ (a vector of ones)" if vector is None else f"{vector}ᵀ"
    if factor == 1:
        return f"{lhs} = {target}"
    sentence = f"{lhs} = {parenthesised(factor)}·{target}"
    steps = factor.atoms(sp.Heaviside)
    if len(steps) != 1:
        return sentence
    (h,) = steps
    z = shown(h.args[0])
    z = z if len(z) <= 60 else "its input"
    rest = sp.cancel(factor / h)
    active = target if rest == 1 else f"{parenthesised(rest)}·{target}"
    sentence += f": {active} where the unit is active ({z} > 0), 0 where it is not ({z} < 0)"
    if step is None:
        return sentence
    if step > 0:
        return sentence + f"; here {z} = {number(step)}: active, so {lhs} = {active}"
    if step < 0:
        return sentence + f"; here {z} = {number(step)}: inactive, so {lhs} = 0"
    return sentence + f"; here {z} = 0, the kink, where the derivative is undefined"


#: The most entries of a vector ``wrt`` whose gradient is searched for the paper's form ``f·xᵀ``.
MAX_FORM_ENTRIES = 50


#: The largest total (in printed nodes) searched for that form; a larger one is not divided out.
MAX_FORM_NODES = 3_000


def gradient_form(analysis: Analysis) -> tuple[sp.Expr, str | None] | None:
    """The paper's form of a gradient by a vector: ``f·xᵀ`` for another vector x of the program, or ``f·1ᵀ``.

    Returns (f, the vector's name, None for the vector of ones), or None
    when the gradient has neither form (or is not a gradient).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> gradient_form(explained("w = [w1, w2]; x = [x1, x2]; y = max(0, dot(w, x) + b)", "w"))
    (Heaviside(b + w1*x1 + w2*x2), 'x')
    >>> gradient_form(explained("w = [w1, w2]; x = [x1, x2]; y = sum(w + x)", "w"))
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


def step_value(analysis: Analysis, factor: sp.Expr) -> float | None:
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


def gradient_words(analysis: Analysis) -> str | None:
    """The paper's reading of a gradient by a vector (:func:`gradient_sentence`), or None when it has no such form.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> gradient_words(explained("w = [w1, w2]; x = [x1, x2]; y = sum(w + x)", "w"))
    'dy/dw = 1ᵀ (a vector of ones)'
    """
    form = gradient_form(analysis)
    if form is None:
        return None
    factor, vector = form
    return gradient_sentence(analysis, factor, vector, step_value(analysis, factor))


def gradient_row(analysis: Analysis) -> tuple[str | None, str | None]:
    r"""The gradient as a row (the paper writes ∂y/∂w as a row vector), in its form, at the point; and the words.

    The row of expressions is written out only when the gradient has no form ``f·xᵀ``.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> formula, words = gradient_row(explained("w = [w1, w2]; x = [x1, x2]; y = sum(w + x)", "w"))
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
    bold = r"\mathbf{" + tex_name(analysis.wrt) + "}"
    dims = analysis.flow.shape(analysis.wrt or "")
    if len(dims) == 2:  # by a matrix: the gradient has its shape
        return _matrix_gradient(analysis, output, bold, dims), None
    entries = [r"\cdots" if x is None else tex_partial(output, x) for x in elide(list(analysis.wrt_inputs))]
    rows = [rf"\frac{{\partial {tex_name(output)}}}{{\partial {bold}}} &= \left[" + r",\ ".join(entries) + r"\right]"]
    words = None
    form = gradient_form(analysis)
    if form is None:
        rows.append("&= " + short(sp.ImmutableMatrix([list(analysis.totals)])))
    else:
        factor, vector = form
        ones = r"\mathbf{1}^{T}" if vector is None else r"\mathbf{" + tex_name(vector) + r"}^{T}"
        rows.append("&= " + (ones if factor == 1 else f"{wrap(factor)}\\,{ones}"))
        words = gradient_sentence(analysis, factor, vector, step_value(analysis, factor))
    rows.append(r"&= \left[" + r",\ ".join(tex_number(v) for v in analysis.total_values) + r"\right]")
    return capped(r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"), words


def _matrix_gradient(analysis: Analysis, output: str, bold: str, dims: tuple[int, ...]) -> str | None:
    r"""A scalar's gradient by a matrix, shaped as the matrix: its entries' partials, the totals, their values.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("W = [[a, b], [c, d]]; x = [p, q]; y = sum(W @ x)", "W", at="p=3, q=4")
    >>> print(gradient_row(a)[0].replace(r" \\ &", "\n&"))  # doctest: +NORMALIZE_WHITESPACE
    \begin{aligned}\frac{\partial y}{\partial \mathbf{W}} &= \left[\begin{matrix}\frac{\partial y}{\partial a} &
    \frac{\partial y}{\partial b}\\\frac{\partial y}{\partial c} & \frac{\partial y}{\partial d}\end{matrix}\right]
    &= \left[\begin{matrix}p & q\\p & q\end{matrix}\right]
    &= \left[\begin{matrix}3 & 4\\3 & 4\end{matrix}\right]\end{aligned}
    """
    rows, columns = dims

    def shaped(cells: list[str]) -> str:
        body = r"\\".join(" & ".join(cells[r * columns : (r + 1) * columns]) for r in range(rows))
        return r"\left[\begin{matrix}" + body + r"\end{matrix}\right]"

    lines = [
        rf"\frac{{\partial {tex_name(output)}}}{{\partial {bold}}} &= "
        + shaped([tex_partial(output, x) for x in analysis.wrt_inputs]),
        "&= " + short(sp.ImmutableMatrix(rows, columns, list(analysis.totals))),
        "&= " + shaped([tex_number(v) for v in analysis.total_values]),
    ]
    return capped(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")
