"""The vector chain rule on whole vectors and matrices, as the paper teaches a layer: words and LaTeX.

Each operation on whole values (``W @ x``, ``+ b``, ``tanh``, ``sum``) is one
layer with its shapes, and each of its operands a Jacobian in closed form;
the derivative by an input is the product of the Jacobians along the way,
from the output back (added over the ways, where there are several). By a
matrix W, a scalar's gradient is an outer product: ``∂y/∂W = δ xᵀ``, with
``δ = ∂y/∂(W @ x)``. The numbers come from :mod:`explorer.calculus.shapes.values`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..calculus.result import Analysis
from ..calculus.shapes.closed import Link, Shapes, label, signature
from ..calculus.shapes.values import block_paths, product
from ..language.printing import numbers, partial
from .notation import capped, tex_number, tex_partial

__all__ = [
    "MAX_LISTED",
    "chain_formula",
    "link_formulas",
    "outer_product",
    "shapes_check",
    "shapes_description",
    "shapes_lines",
]

#: Entries of a value the words write out; a larger one is named by its size.
MAX_LISTED = 12

#: Rows and columns of a Jacobian the LaTeX writes out; a larger one is named by its size.
MAX_TEX_SIDE = 8


def _value(values: Sequence, dims: tuple[int, ...]) -> str:
    shown = numbers(values, dims, MAX_LISTED)
    return shown if shown is not None else "(" + "×".join(str(n) for n in dims) + " values)"


def _wrt_block(analysis: Analysis) -> str | None:
    shapes = analysis.shapes
    if shapes is None or analysis.wrt is None:
        return None
    return analysis.wrt if any(b.id == analysis.wrt for b in shapes.blocks) else None


def _chain(shapes: Shapes, path: Sequence[int]) -> tuple[list[str], list[str]]:
    """The Jacobians along a path, the output's first: their names and their closed forms."""
    links = [shapes.links[i] for i in reversed(path)]
    return [partial(link.target, link.source) for link in links], [_factor(link) for link in links]


def _outside_brackets(text: str, signs: tuple[str, ...]) -> bool:
    """Whether one of ``signs`` stands outside every bracket of ``text`` (then a product needs parentheses)."""
    depth = 0
    for k, ch in enumerate(text):
        depth += ch in "(["
        depth -= ch in ")]"
        if depth == 0 and any(text.startswith(sign, k) for sign in signs):
            return True
    return False


def _factor(link: Link) -> str:
    text = link.form.text
    return f"({text})" if _outside_brackets(text, (" + ", " − ", " ⊗ ")) else text


def shapes_check(analysis: Analysis) -> str:
    """Whether the Jacobians of the graph of shapes multiply to the whole Jacobian, in words.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> print(shapes_check(explained("x = [p, q]; y = sum(exp(x))", "x")).replace(", equals", ",\\nequals"))
    The product of the Jacobians, added over the ways through the graph of shapes,
    equals the Jacobian of the entries at this point.
    """
    values = analysis.block_values
    sentence = "The product of the Jacobians, added over the ways through the graph of shapes,"
    if values is None or values.agrees is None:
        return f"{sentence} is not compared here: a value is undefined at this point."
    if values.agrees:
        return f"{sentence} equals the Jacobian of the entries at this point."
    return f"{sentence} differs from the Jacobian of the entries at this point (an ill-conditioned point?)."


def outer_product(analysis: Analysis) -> str | None:
    """The paper's reading of a scalar's gradient by a matrix W in ``W @ x``: the outer product δ xᵀ, at the point.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("W = [[a, b], [c, d]]; x = [p, q]; y = sum(W @ x)", "W", at="p=3, q=4")
    >>> print(outer_product(a))
    ∂y/∂W = δ·xᵀ, the outer product of δ = ∂y/∂g1 = [1, 1] and x = [3, 4]: [[3, 4], [3, 4]]
    """
    shapes, values, wrt = analysis.shapes, analysis.block_values, _wrt_block(analysis)
    if shapes is None or values is None or wrt is None or shapes.output.shape:
        return None
    links = [link for link in shapes.links if link.source == wrt and link.form.kind == "kronecker"]
    if len(links) != 1 or len([link for link in shapes.links if link.source == wrt]) != 1:
        return None
    (link,) = links
    product_block = shapes.block(link.target)
    other = product_block.operands[1]
    if not isinstance(other, str) or not link.form.text.startswith("I ⊗"):
        return None
    delta = values.adjoints[product_block.id][0]
    x = values.values[other]
    gradient = values.adjoints[wrt][0]
    shape = shapes.block(wrt).shape
    return (
        f"{partial(shapes.output.id, wrt)} = δ·{other}ᵀ, the outer product of δ = "
        f"{partial(shapes.output.id, product_block.id)} = {_value(delta, product_block.shape)} and {other} = "
        f"{_value(x, shapes.block(other).shape)}: {_value(gradient, shape)}"
    )


def shapes_lines(analysis: Analysis) -> list[str]:
    """The text report's part on the graph of shapes: each layer with its shapes, each Jacobian, the chain.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("W = [[a, b], [c, d]]; x = [p, q]; y = sum(tanh(W @ x))", "W", at="a=1, b=0, c=0, d=1")
    >>> print("\\n".join(line[:99] for line in shapes_lines(a)))
      layer by layer on whole values (the graph of shapes):
        g1 = W @ x  (2×2 · 2 → 2)
        g2 = tanh(g1)  (2 → 2)
        y = sum(g2)  (2 → 1)
        ∂g1/∂W = I ⊗ xᵀ = [[0.75, 1.25, 0, 0], [0, 0, 0.75, 1.25]]
        ∂g1/∂x = W = [[1, 0], [0, 1]]
        ∂g2/∂g1 = diag(1 − tanh(g1)²) = [[0.5966, 0], [0, 0.2804]]
        ∂y/∂g2 = 1ᵀ = [[1, 1]]
        ∂y/∂W = ∂y/∂g2·∂g2/∂g1·∂g1/∂W = 1ᵀ · diag(1 − tanh(g1)²) · (I ⊗ xᵀ) = [[0.4474, 0.7457, 0.2103,
        ∂y/∂W = δ·xᵀ, the outer product of δ = ∂y/∂g1 = [0.5966, 0.2804] and x = [0.75, 1.25]: [[0.4474
        The product of the Jacobians, added over the ways through the graph of shapes, equals the Jacob
    """
    shapes, values = analysis.shapes, analysis.block_values
    if shapes is None:
        return []
    lines = ["  layer by layer on whole values (the graph of shapes):"]
    lines += [
        f"    {b.id} = {label(b)[0]}  ({signature(b, shapes)})"
        for b in shapes.blocks
        if b.op not in ("input", "constant")
    ]
    for index, link in enumerate(shapes.links):
        value = "" if values is None else f" = {_value(_flat(values.jacobians[index]), (link.rows, link.columns))}"
        lines.append(f"    {partial(link.target, link.source)} = {link.form.text}{value}")
    wrt = _wrt_block(analysis)
    if wrt is not None and values is not None:
        paths, count = block_paths(shapes, wrt)
        for path in paths:
            names, forms = _chain(shapes, path)
            chained = _value(_flat(product(values, path)), (shapes.output.size, shapes.block(wrt).size))
            lead = partial(shapes.output.id, wrt) if count == 1 else "one way"
            lines.append(f"    {lead} = {'·'.join(names)} = {' · '.join(forms)} = {chained}")
        if count > len(paths):
            lines.append(f"    … and {count - len(paths):,} more ways, added up")
        if (words := outer_product(analysis)) is not None:
            lines.append(f"    {words}")
    lines.append(f"    {shapes_check(analysis)}")
    return lines


def _flat(table) -> list:
    return [v for row in table for v in row]


def _tex_matrix(table, rows: int, columns: int) -> str:
    if rows > MAX_TEX_SIDE or columns > MAX_TEX_SIDE:
        return rf"\text{{a }} {rows} \times {columns} \text{{ matrix}}"
    body = r" \\ ".join(" & ".join(tex_number(v) for v in row) for row in table)
    return r"\begin{bmatrix}" + body + r"\end{bmatrix}"


def link_formulas(analysis: Analysis) -> tuple[str | None, ...]:
    r"""Per link, its Jacobian: the closed form and its value at the point, in LaTeX.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> print(link_formulas(explained("x = [p, q]; y = sum(x)", "x"))[0])
    \frac{\partial y}{\partial x} = \mathbf{1}^{T} = \begin{bmatrix}1 & 1\end{bmatrix}
    """
    shapes, values = analysis.shapes, analysis.block_values
    if shapes is None:
        return ()
    formulas = []
    for index, link in enumerate(shapes.links):
        row = f"{tex_partial(link.target, link.source)} = {link.form.latex}"
        if values is not None:
            row += " = " + _tex_matrix(values.jacobians[index], link.rows, link.columns)
        formulas.append(capped(row))
    return tuple(formulas)


def chain_formula(analysis: Analysis) -> str | None:
    r"""The derivative by the chosen block as the product of the Jacobians along the way (added over the ways).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> print(chain_formula(explained("x = [p, q]; y = sum(exp(x))", "x", at="p=0, q=0")).replace(r" \\ ", "\n"))
    \begin{aligned}\frac{\partial y}{\partial x} &= \frac{\partial y}{\partial g_{1}} \frac{\partial g_{1}}{\partial x}
    &= \mathbf{1}^{T} \, \operatorname{diag}\left(e^{x}\right)
    &= \begin{bmatrix}1 & 1\end{bmatrix}\end{aligned}
    """
    shapes, values, wrt = analysis.shapes, analysis.block_values, _wrt_block(analysis)
    if shapes is None or values is None or wrt is None:
        return None
    paths, count = block_paths(shapes, wrt)
    if not paths:
        return None
    terms, forms = [], []
    for path in paths:
        links = [shapes.links[i] for i in reversed(path)]
        terms.append(" ".join(tex_partial(link.target, link.source) for link in links))
        forms.append(r" \, ".join(_tex_factor(link) for link in links))
    more = r" + \cdots" if count > len(paths) else ""
    rows = [f"{tex_partial(shapes.output.id, wrt)} &= " + " + ".join(terms) + more, "&= " + " + ".join(forms) + more]
    if shapes.output.size == 1 and wrt in values.adjoints:  # a scalar's gradient, shaped as what it is taken by
        dims = shapes.block(wrt).shape
        gradient = values.adjoints[wrt][0]
        width = dims[1] if len(dims) == 2 else len(gradient)
        table = [gradient[r : r + width] for r in range(0, len(gradient), width)]
        rows.append("&= " + _tex_matrix(table, len(table), width))
    return capped(r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}")


def _tex_factor(link: Link) -> str:
    latex = link.form.latex
    return rf"\left({latex}\right)" if _outside_brackets(latex, (" + ", " - ", r" \otimes")) else latex


def shapes_description(analysis: Analysis) -> str:
    """The graph of shapes in words, for its picture's alternative text.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> shapes_description(explained("x = [p, q]; y = sum(exp(x))", "x"))  # doctest: +NORMALIZE_WHITESPACE
    'Graph of shapes. x: vector of 2. g1 = exp(x): 2 → 2. y = sum(g1): 2 → 1. Jacobians: ∂g1/∂x = diag(exp(x)),
     ∂y/∂g1 = 1ᵀ. The product of the Jacobians, added over the ways through the graph of shapes, equals the
     Jacobian of the entries at this point.'
    """
    shapes = analysis.shapes
    if shapes is None:
        return "Graph of shapes: every value here is a scalar."
    words = ["Graph of shapes."]
    for block in shapes.blocks:
        if block.op in ("input", "constant"):
            dims = block.shape
            kind = f"{dims[0]}×{dims[1]} matrix" if len(dims) == 2 else f"vector of {dims[0]}" if dims else "scalar"
            words.append(f"{label(block)[0]}: {kind}{' (data)' if block.op == 'constant' else ''}.")
        else:
            words.append(f"{block.id} = {label(block)[0]}: {signature(block, shapes)}.")
    forms = [f"{partial(link.target, link.source)} = {link.form.text}" for link in shapes.links]
    words.append("Jacobians: " + ", ".join(forms) + ".")
    words.append(shapes_check(analysis))
    return " ".join(words)
