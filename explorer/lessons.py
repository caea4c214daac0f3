r"""The LaTeX of what the paper teaches: the four steps, one path against all, the total-derivative formula,
the Jacobian entry by entry and layer by layer, the gradient.

A sibling of :mod:`explorer.typeset`, whose helpers it uses: every
expression is printed by :func:`sympy.latex`, every path term is coloured
like its path in the graph, every formula is capped at
:data:`explorer.typeset.MAX_TEX` characters (None beyond). The pipeline
keeps :func:`step_formulas` in the result; the page's other sections come
as one :class:`Lessons` bundle, made in a worker by :func:`lessons`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp

from .chain import count_paths
from .jacobians import gradient, layer_formulas, layer_product, stack
from .lesson import STEP_PATHS, STEP_ROWS
from .printing import tex
from .printsize import short
from .render import colour
from .result import Analysis
from .typeset import (
    capped,
    coloured,
    derivative,
    elide,
    joined,
    name,
    number,
    partial,
    path_factors,
    path_partials,
    wrap,
)

__all__ = ["Lessons", "lessons", "naive_table", "step_formulas", "total_formula"]


def _aligned(rows: list[str], more: int = 0, what: str = "more") -> str:
    if more:
        rows = [*rows, rf"&\ \vdots\ \text{{and {more:,} {what}}}"]
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


# -- the four steps --------------------------------------------------------------------------------------


def _variables(analysis: Analysis) -> str:
    nodes = [n for n in analysis.nodes if n.kind != "input"]
    rows = [f"{name(n.id)} &= {tex(n.local, typed=True)}" for n in nodes[:STEP_ROWS]]
    return _aligned(rows, len(nodes) - len(rows), "more variables")


def _partials(analysis: Analysis) -> str:
    if not analysis.edges:
        return r"\text{no edges: nothing depends on an input}"
    rows = []
    for edge in analysis.edges[:STEP_ROWS]:
        parallel = (edge.source, edge.target) in analysis.flow.parallel
        operand = rf"\ \text{{operand {edge.position + 1}}}" if parallel else ""
        rule = rf"\text{{{edge.rule} rule}}{operand}"
        rows.append(rf"{partial(edge.target, edge.source)} &= {short(edge.partial)} && {rule}")
    return _aligned(rows, len(analysis.edges) - len(rows), "more partials")


def _entry_rows(analysis: Analysis, substituted: bool) -> str:
    rows = []
    for k, paths in enumerate(analysis.entry_paths()[:STEP_ROWS]):
        output, wrt = analysis.entries[k]
        lhs = derivative(output, wrt) if wrt else f"d{name(output)}"
        shown = paths[:STEP_PATHS]
        more = len(shown) < analysis.path_counts[k]
        if not shown:
            rows.append(f"{lhs} &= 0")
            continue
        if substituted:
            terms = [coloured(i, wrap(analysis.paths[i].product_expr)) for i in shown]
            line = f"{lhs} &= {joined(terms, more)}"
            total = short(analysis.totals[k])
            if more or len(shown) > 1 or total != short(analysis.paths[shown[0]].product_expr):
                line += rf" \\ &= {total}"
        else:
            names = [coloured(i, path_partials(analysis.paths[i])) for i in shown]
            factors = [coloured(i, path_factors(analysis, analysis.paths[i])) for i in shown]
            line = f"{lhs} &= {joined(names, more)} \\\\ &= {joined(factors, more)}"
        rows.append(line)
    return _aligned(rows, len(analysis.entries) - len(rows), "more entries")


def step_formulas(analysis: Analysis, start: int = 0) -> tuple[str | None, ...]:
    r"""The LaTeX of the paper's four steps from step ``start`` (0-based); None where one is too long to typeset.

    (1) the intermediate variables, (2) each local partial with its rule,
    (3) the products of partials along the paths, added, each path in its
    colour, (4) the same in the inputs, and the total.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> first, second, third, fourth = step_formulas(run("ln(sin(x**3)**2)"))
    >>> print(first.replace(r" \\ ", "\n"))
    \begin{aligned}u_{1} &= x^{3}
    u_{2} &= \sin{\left(u_{1} \right)}
    u_{3} &= u_{2}^{2}
    y &= \log{\left(u_{3} \right)}\end{aligned}
    >>> r"\text{trigonometric rule}" in second, r"\frac{\partial y}{\partial u_{3}}" in third
    (True, True)
    """
    makers = (
        lambda: _variables(analysis),
        lambda: _partials(analysis),
        lambda: _entry_rows(analysis, substituted=False),
        lambda: _entry_rows(analysis, substituted=True),
    )
    return tuple(capped(make()) for make in makers[start:])


# -- one path against all of them -----------------------------------------------------------------------


def naive_table(analysis: Analysis, k: int) -> str | None:
    r"""What each path alone would give for entry ``k`` (the single-variable rule), against the total.

    None when the entry has fewer than two paths: then one path is the whole answer.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> print(naive_table(run("x + x**2", at={"x": 1}), 0))  # doctest: +ELLIPSIS
    \begin{aligned}\text{path 1 alone gives}\quad & {\color{#0072B2}2 x} = 2 \\ ...
    """
    paths = analysis.entry_paths()[k]
    if analysis.path_counts[k] < 2 or not paths:
        return None
    output, wrt = analysis.entries[k]
    lhs = derivative(output, wrt)
    rows = [
        rf"\text{{path {i + 1} alone gives}}\quad & "
        + coloured(i, short(analysis.paths[i].product_expr))
        + " = "
        + number(analysis.paths[i].value)
        for i in paths[:STEP_PATHS]
    ]
    every = rf"\text{{every path gives}}\quad & {lhs} = {short(analysis.totals[k])} = "
    rows.append(every + number(analysis.total_values[k]))
    return capped(_aligned(rows))


# -- the total-derivative formula, instantiated ---------------------------------------------------------


def total_formula(analysis: Analysis, k: int) -> str | None:
    r"""The paper's total-derivative rule written out for entry ``k``: dy/dx = ∂y/∂x + Σᵢ ∂y/∂uᵢ · duᵢ/dx.

    One term per operand of the output that depends on the input (``∂y/∂x``
    for the input itself), each ``duᵢ/dx`` then spelled out as its paths,
    every path in its colour.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> print(total_formula(run("x + x**2"), 0).replace(r" \\ ", "\n"))  # doctest: +NORMALIZE_WHITESPACE
    \begin{aligned}\frac{dy}{dx} &= \frac{\partial y}{\partial x}
        + \sum_{i} \frac{\partial y}{\partial u_{i}}\,\frac{du_{i}}{dx}
    &= {\color{#BE5400}\frac{\partial y}{\partial x}}
        + {\color{#0072B2}\frac{\partial y}{\partial u_{1}}\,\frac{du_{1}}{dx}}
    &= {\color{#BE5400}1} + 1\left({\color{#0072B2}2 x}\right)
    &= 2 x + 1 = 2\end{aligned}
    """
    output, wrt = analysis.entries[k]
    if wrt is None:
        return None
    lhs = derivative(output, wrt)
    reach = count_paths(analysis.flow, wrt)
    by_last: dict[int, list[int]] = {}
    for i in analysis.entry_paths()[k]:
        by_last.setdefault(analysis.paths[i].edges[-1], []).append(i)
    incoming = analysis.flow.incoming()[output]
    names, spelled = [], []
    for e in incoming:
        edge = analysis.edges[e]
        if reach[edge.source] == 0:
            continue
        paths = by_last.get(e, [])
        whole = len(paths) == reach[edge.source]
        if edge.source == wrt:
            term = partial(output, wrt)
            names.append(coloured(paths[0], term) if paths else term)
            spelled.append(coloured(paths[0], wrap(edge.partial)) if paths else wrap(edge.partial))
            continue
        term = partial(output, edge.source) + r"\," + derivative(edge.source, wrt)
        names.append(coloured(paths[0], term) if len(paths) == 1 and whole else term)
        inner = [coloured(i, _prefix(analysis, i)) for i in paths[:STEP_PATHS]]
        more = not whole or len(paths) > STEP_PATHS
        spelled.append(wrap(edge.partial) + r"\left(" + joined(inner, more) + r"\right)")
    if not names:
        return capped(rf"{lhs} = 0 \quad \text{{(no operand of ${name(output)}$ depends on ${name(wrt)}$)}}")
    general = rf"{lhs} &= {partial(output, wrt)} + \sum_{{i}} {partial(output, 'u_i')}\,{derivative('u_i', wrt)}"
    rows = [general, " &= " + " + ".join(names), " &= " + " + ".join(spelled)]
    rows.append(" &= " + short(analysis.totals[k]) + " = " + number(analysis.total_values[k]))
    return capped(_aligned(rows))


def _prefix(analysis: Analysis, i: int) -> str:
    """The local partials of path ``i`` without its last edge, outermost first: its part of duᵢ/dx."""
    edges = elide(list(reversed(analysis.paths[i].edges[:-1])))
    return r" \cdot ".join(r"\cdots" if j is None else wrap(analysis.edges[j].partial) for j in edges)


# -- the page's bundle -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lessons:
    """The page's teaching formulas for one analysis, each capped in size (None beyond).

    Attributes
    ----------
    naive : tuple of str or None
        Per entry, :func:`naive_table` (None with fewer than two paths).
    formulas : tuple of str or None
        Per entry, :func:`total_formula`.
    layers : tuple of str or None
        Per layer, its Jacobian ``J_k`` by the layer before.
    product : str or None
        The whole Jacobian as the product of the layers' Jacobians.
    product_values : tuple of tuple of float or None, or None
        That product at the point (:func:`layer_product`).
    gradient : str or None
        For a derivative by a vector of inputs: the gradient as a row, in
        the paper's form where it has one, and its values.
    gradient_words : str or None
        The paper's reading of the gradient's form (``xᵀ where the unit is
        active, 0 where it is not``).
    jacobian : str or None
        The derivative matrix, outputs by the inputs moved, for the
        entry-by-entry view.
    parts : tuple of tuple of (str, float, str)
        Per entry, each listed path's contribution at the point (label,
        value, colour), and what the paths left out add, if any: bars that
        stack up to the derivative. Empty where a value is undefined.
    """

    naive: tuple[str | None, ...]
    formulas: tuple[str | None, ...]
    layers: tuple[str | None, ...]
    product: str | None
    product_values: tuple[tuple[float | None, ...], ...] | None
    gradient: str | None
    gradient_words: str | None
    jacobian: str | None
    parts: tuple[tuple[tuple[str, float, str], ...], ...] = ()


def lessons(analysis: Analysis) -> Lessons:
    r"""Everything the page's teaching sections typeset for one analysis.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> bundle = lessons(run("[ln(x**2), sin(3*x)]"))
    >>> print(bundle.layers[1].replace(" = ", "\n= "))
    J_{2}
    = \frac{\partial \left(y_{1}, y_{2}\right)}{\partial \left(u_{1}, u_{2}\right)}
    = \left[\begin{matrix}\frac{1}{u_{1}} & 0\\0 & \cos{\left(u_{2} \right)}\end{matrix}\right]
    """
    entries = range(len(analysis.entries)) if analysis.wrt else range(0)
    layers, product = layer_formulas(analysis)
    row, words = gradient(analysis) if analysis.by_vector and not analysis.is_vector else (None, None)
    matrix = (
        sp.ImmutableMatrix(len(analysis.outputs), len(analysis.wrt_inputs), list(analysis.totals))
        if analysis.wrt
        else None
    )
    jacobian = None
    if matrix is not None:
        rows = stack(analysis.outputs)
        jacobian = capped(rf"\frac{{\partial {rows}}}{{\partial {stack(analysis.wrt_inputs)}}} = " + short(matrix))
    return Lessons(
        naive=tuple(naive_table(analysis, k) for k in entries),
        formulas=tuple(total_formula(analysis, k) for k in entries),
        layers=layers,
        product=product,
        product_values=layer_product(analysis),
        gradient=row,
        gradient_words=words,
        jacobian=jacobian,
        parts=tuple(_parts(analysis, k) for k in entries),
    )


#: The colour of what the paths left out of a list add to a derivative.
REST_COLOUR = "#9a9aa2"


def _parts(analysis: Analysis, k: int) -> tuple[tuple[str, float, str], ...]:
    """Entry ``k``'s listed paths' values at the point, and the rest of the total (None anywhere: none)."""
    paths = analysis.entry_paths()[k]
    values = [analysis.paths[i].value for i in paths]
    total = analysis.total_values[k]
    if total is None or any(v is None for v in values):
        return ()
    parts = [(f"path {i + 1}", float(v), colour(i)) for i, v in zip(paths, values, strict=True)]  # type: ignore[arg-type]
    if len(paths) < analysis.path_counts[k]:
        parts.append(("the other paths", total - math.fsum(v for _, v, _ in parts), REST_COLOUR))
    return tuple(parts)
