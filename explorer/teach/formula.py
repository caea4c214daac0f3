"""The paper's total-derivative formula written out with the expression's own variables."""

from __future__ import annotations

from ..calculus.paths import count_paths
from ..calculus.result import Analysis
from ..language.printsize import short
from .notation import aligned, capped, coloured, elide, joined, tex_derivative, tex_name, tex_number, tex_partial, wrap
from .steps import STEP_PATHS


def total_formula(analysis: Analysis, k: int) -> str | None:
    r"""The paper's total-derivative rule written out for entry ``k``: dy/dx = ∂y/∂x + Σᵢ ∂y/∂uᵢ · duᵢ/dx.

    One term per operand of the output that depends on the input (``∂y/∂x``
    for the input itself), each ``duᵢ/dx`` then spelled out as its paths,
    every path in its colour.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> print(total_formula(explained("x + x**2"), 0).replace(r" \\ ", "\n"))  # doctest: +NORMALIZE_WHITESPACE
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
    lhs = tex_derivative(output, wrt)
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
            term = tex_partial(output, wrt)
            names.append(coloured(paths[0], term) if paths else term)
            spelled.append(coloured(paths[0], wrap(edge.partial)) if paths else wrap(edge.partial))
            continue
        term = tex_partial(output, edge.source) + r"\," + tex_derivative(edge.source, wrt)
        names.append(coloured(paths[0], term) if len(paths) == 1 and whole else term)
        inner = [coloured(i, _prefix(analysis, i)) for i in paths[:STEP_PATHS]]
        more = not whole or len(paths) > STEP_PATHS
        spelled.append(wrap(edge.partial) + r"\left(" + joined(inner, more) + r"\right)")
    if not names:
        return capped(rf"{lhs} = 0 \quad \text{{(no operand of ${tex_name(output)}$ depends on ${tex_name(wrt)}$)}}")
    general = (
        rf"{lhs} &= {tex_partial(output, wrt)} + \sum_{{i}} {tex_partial(output, 'u_i')}\,{tex_derivative('u_i', wrt)}"
    )
    rows = [general, " &= " + " + ".join(names), " &= " + " + ".join(spelled)]
    rows.append(" &= " + short(analysis.totals[k]) + " = " + tex_number(analysis.total_values[k]))
    return capped(aligned(rows))


def _prefix(analysis: Analysis, i: int) -> str:
    """The local partials of path ``i`` without its last edge, outermost first: its part of duᵢ/dx."""
    edges = elide(list(reversed(analysis.paths[i].edges[:-1])))
    return r" \cdot ".join(r"\cdots" if j is None else wrap(analysis.edges[j].partial) for j in edges)
