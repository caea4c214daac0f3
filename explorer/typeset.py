r"""The LaTeX of a result: path products, the coloured sum, the Jacobians, values, the whole derivation.

One writer for the page and the download: the page shows :func:`formulas`
(computed in a worker, each formula capped in size), the download is
:func:`document`. Every expression is printed by :func:`sympy.latex`
(through :func:`explorer.printing.tex`); this module only arranges them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import sympy as sp

from .printing import number, tex
from .render import colour
from .result import Analysis, Path

__all__ = [
    "ELIDE_KEEP",
    "MAX_TEX",
    "MAX_TEX_OPS",
    "PAGE_PATHS",
    "Formulas",
    "PathRow",
    "bounded_tex",
    "capped",
    "coloured",
    "derivative",
    "document",
    "elide",
    "formulas",
    "joined",
    "name",
    "partial",
    "path_factors",
    "path_nodes",
    "path_partials",
    "product_cell",
    "sum_over_paths",
    "value",
    "vector_chain",
    "wrap",
]

#: Paths listed on the page, and terms shown in its sum; the rest are counted, not shown.
PAGE_PATHS = 20

#: A path of more steps shows its first and last three, with ⋯ between.
ELIDE_KEEP = 3

#: The path table spells out the local partials of paths up to this long.
TABLE_STEPS = 3

#: Terms of the sum per displayed line, so long sums wrap.
TERMS_PER_LINE = 3

#: Characters of LaTeX in one formula the page typesets; longer ones are left to the download.
MAX_TEX = 40_000

#: Operations (``sympy.count_ops``) of an expression the teaching formulas typeset at most.
MAX_TEX_OPS = 3000


def name(node_id: str) -> str:
    """LaTeX for a node id such as ``u1`` (printed by sympy as ``u_{1}``).

    Examples
    --------
    >>> name("u1"), name("w_2")
    ('u_{1}', 'w_{2}')
    """
    return sp.latex(sp.Symbol(node_id))


def value(v: float | None) -> str:
    r"""A value at the point, in LaTeX text.

    Examples
    --------
    >>> value(0.25), value(None)
    ('\\text{0.25}', '\\text{undefined}')
    """
    if v is None:
        return r"\text{undefined}"
    return r"\text{" + number(v) + "}"


def partial(target: str, source: str) -> str:
    r"""∂target/∂source as a LaTeX fraction.

    Examples
    --------
    >>> partial("y", "u1")
    '\\frac{\\partial y}{\\partial u_{1}}'
    """
    return r"\frac{\partial " + name(target) + r"}{\partial " + name(source) + "}"


def derivative(output: str, wrt: str) -> str:
    r"""d(output)/d(wrt) as a LaTeX fraction.

    Examples
    --------
    >>> derivative("y", "x")
    '\\frac{dy}{dx}'
    """
    return r"\frac{d" + name(output) + r"}{d" + name(wrt) + "}"


def elide(items: list, keep: int = ELIDE_KEEP) -> list:
    """The first and last ``keep`` items with None between them, when there are many more.

    Examples
    --------
    >>> elide(list(range(9)))
    [0, 1, 2, None, 6, 7, 8]
    """
    if len(items) <= 2 * keep + 1:
        return items
    return [*items[:keep], None, *items[-keep:]]


def wrap(expr: sp.Basic) -> str:
    """LaTeX of a factor or term, in parentheses when it is a sum or negative."""
    if isinstance(expr, sp.Add) or expr.could_extract_minus_sign():
        return r"\left(" + tex(expr) + r"\right)"
    return tex(expr)


def path_nodes(path: Path) -> str:
    r"""x → u1 → y, long paths elided in the middle.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> path_nodes(run("sin(x**2)").paths[0])
    'x \\to u_{1} \\to y'
    """
    return r" \to ".join(r"\cdots" if n is None else name(n) for n in elide(list(path.nodes)))


def path_partials(path: Path, *, whole: bool = False) -> str:
    """∂y/∂u1 ∂u1/∂x: the path's local partials as fractions, outermost first (as the chain rule is written).

    Long paths are elided in the middle unless ``whole``.
    """
    steps = list(pairwise(path.nodes))[::-1]
    if whole:
        return " ".join(partial(target, source) for source, target in steps)
    return r"\,".join(r"\cdots" if step is None else partial(step[1], step[0]) for step in elide(steps))


def path_factors(analysis: Analysis, path: Path) -> str:
    """The path's local partials as expressions (in the operands' names), outermost first."""
    edges = elide(list(reversed(path.edges)))
    return r" \cdot ".join(r"\cdots" if j is None else wrap(analysis.edges[j].partial) for j in edges)


def product_cell(analysis: Analysis, path: Path) -> str:
    """∂y/∂u1 ∂u1/∂x = (local partials) = product in the inputs, without repeating equal sides."""
    sides = [path_partials(path)]
    if len(path.edges) <= TABLE_STEPS:  # longer paths: the sum spells the partials out
        sides.append(path_factors(analysis, path))
    sides.append(tex(path.product_expr))
    return " = ".join(side for n, side in enumerate(sides) if n == 0 or side != sides[n - 1])


def joined(terms: list[str], more: bool, per_line: int = TERMS_PER_LINE) -> str:
    """Terms joined by +, wrapped every ``per_line`` terms, with ⋯ when paths were left out."""
    if more:
        terms = [*terms, r"\cdots"]
    lines = [" + ".join(terms[i : i + per_line]) for i in range(0, len(terms), per_line)]
    return r" \\ &\quad + ".join(lines)


def coloured(k: int, body: str) -> str:
    """LaTeX ``body`` in the colour of path ``k``."""
    return r"{\color{" + colour(k) + "}" + body + "}"


def sum_over_paths(analysis: Analysis, k: int) -> str:
    r"""One entry's total-derivative formula, each term coloured like its path in the graph.

    d(out)/d(wrt) = Σ ∂·∂ = Σ local partials = Σ products in the inputs = the total = its value;
    ``k`` indexes :attr:`~explorer.result.Analysis.entries` (the outputs, for an input ``wrt``).

    Examples
    --------
    >>> from explorer.analysis import run
    >>> formula = sum_over_paths(run("x*x**2"), 0)
    >>> formula.startswith(r"\begin{aligned}\frac{dy}{dx} &= {\color{#0072B2}")
    True
    >>> formula.splitlines()[0].count(r"\\") >= 3
    True
    """
    output, wrt = analysis.entries[k]
    lhs = derivative(output, wrt)
    indexes = analysis.entry_paths()[k][:PAGE_PATHS]
    if not indexes:
        return lhs + " = 0"
    more = len(indexes) < analysis.path_counts[k]
    paths = [analysis.paths[i] for i in indexes]
    symbolic = [coloured(i, path_partials(p)) for i, p in zip(indexes, paths)]
    factors = [coloured(i, path_factors(analysis, p)) for i, p in zip(indexes, paths)]
    products = [coloured(i, wrap(p.product_expr)) for i, p in zip(indexes, paths)]
    # long paths make wide terms: fewer per line in the rows that spell out every step
    steps = max(len(p.edges) for p in paths)
    per_line = TERMS_PER_LINE if steps <= 3 else 2 if steps <= 5 else 1
    lines = [lhs + " &= " + joined(symbolic, more, per_line), " &= " + joined(factors, more, per_line)]
    if products != factors:  # unless the local partials are already in terms of the inputs
        lines.append(" &= " + joined(products, more))
    if more or analysis.totals[k] != sp.Add(*(p.product_expr for p in paths)):  # else the line adds nothing
        lines.append(" &= " + tex(analysis.totals[k]))
    at = r",\ ".join(f"{name(n)} = {number(v)}" for n, v in analysis.point.items())
    lines.append(" &= " + value(analysis.total_values[k]) + r" \quad \text{at } " + at)
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def vector_chain(analysis: Analysis) -> str:
    r"""The vector chain rule y = f(g(x)): ∂y/∂x = ∂y/∂g · ∂g/∂x = the Jacobian.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> print(vector_chain(run("[ln(x**2), sin(3*x)]")))  # doctest: +ELLIPSIS
    \mathbf{y} = \mathbf{f}(\mathbf{g}(x)),\quad \mathbf{g} = \left[\begin{matrix}u_{1}\\u_{2}\end{matrix}\right]...
    """
    x = r"\mathbf{x}" if len(analysis.inputs) > 1 else name(analysis.inputs[0])
    g = tex(sp.Matrix([sp.Symbol(n) for n in analysis.inner]))
    return (
        r"\mathbf{y} = \mathbf{f}(\mathbf{g}(" + x + r")),\quad \mathbf{g} = " + g + r"\qquad "
        r"\frac{\partial \mathbf{y}}{\partial " + x + r"} = \frac{\partial \mathbf{y}}{\partial \mathbf{g}}\,"
        r"\frac{\partial \mathbf{g}}{\partial "
        + x
        + "} = "
        + tex(analysis.outer_jacobian)
        + tex(analysis.inner_jacobian)
        + " = "
        + tex(analysis.jacobian)
    )


def capped(formula: str) -> str | None:
    """The formula, or None when it has more than :data:`MAX_TEX` characters (the page leaves it to the download)."""
    return formula if len(formula) <= MAX_TEX else None


def bounded_tex(expr: sp.Basic) -> str:
    r"""LaTeX of an expression, or a note when it has more than :data:`MAX_TEX_OPS` operations.

    Examples
    --------
    >>> bounded_tex(sp.Symbol("x") ** 2)
    'x^{2}'
    """
    if sp.count_ops(expr) > MAX_TEX_OPS:
        return r"\text{(too long to typeset)}"
    return tex(expr)


@dataclass(frozen=True)
class PathRow:
    """One row of the page's path table, in LaTeX: the path, its product, its value."""

    nodes: str | None
    product: str | None
    value: str


@dataclass(frozen=True)
class Formulas:
    """Everything the page typesets for one analysis; a formula over :data:`MAX_TEX` characters is None.

    Attributes
    ----------
    paths : tuple of PathRow
        The first :data:`PAGE_PATHS` paths.
    sums : tuple of str or None
        Per output, :func:`sum_over_paths`.
    oracle : tuple of str or None
        Per output, d(out)/d(wrt) = ``sympy.diff``'s answer.
    vector_chain : str or None
        :func:`vector_chain`, for a vector output.
    columns : str or None
        The Jacobian's column names, when there are several inputs.
    """

    paths: tuple[PathRow, ...]
    sums: tuple[str | None, ...]
    oracle: tuple[str | None, ...]
    vector_chain: str | None
    columns: str | None


def formulas(analysis: Analysis) -> Formulas:
    r"""The page's formulas for one analysis, each capped in size.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> f = formulas(run("x + x**2"))
    >>> len(f.paths), f.paths[1].value
    (2, '\\text{1}')
    """
    wrt = analysis.wrt
    rows = tuple(
        PathRow(capped(path_nodes(p)), capped(product_cell(analysis, p)), value(p.value))
        for p in analysis.paths[:PAGE_PATHS]
    )
    sums = tuple(capped(sum_over_paths(analysis, k)) for k in range(len(analysis.entries))) if wrt else ()
    how = r"\texttt{sympy.Matrix.jacobian}" if analysis.by_vector else r"\texttt{sympy.diff}"
    oracle = tuple(
        capped(how + r":\quad " + derivative(out, x) + " = " + tex(o))
        for (out, x), o in zip(analysis.entries, analysis.oracle if wrt else ())
    )
    chain = capped(vector_chain(analysis)) if analysis.is_vector and analysis.inputs else None
    columns = None
    if analysis.is_vector and len(analysis.inputs) > 1:
        columns = r"\text{columns: } " + ", ".join(name(n) for n in analysis.inputs)
    return Formulas(rows, sums, oracle, chain, columns)


# -- the download ------------------------------------------------------------------------------------


def _align(rows: Sequence[str]) -> list[str]:
    return [r"\begin{align*}", " \\\\\n".join(rows), r"\end{align*}"]


def _edge_row(analysis: Analysis, edge, parallel: bool) -> str:
    said = f"{edge.rule} rule" + (f", operand {edge.position + 1}" if parallel else "")
    return f"{partial(edge.target, edge.source)} &= {tex(edge.partial)} && \\text{{{said}}}"


def _output_section(analysis: Analysis, k: int, output: str, wrt: str) -> list[str]:
    out = name(output)
    paths = [analysis.paths[i] for i in analysis.entry_paths()[k]]
    count = analysis.path_counts[k]
    lines = [rf"\paragraph{{Paths from ${wrt}$ to ${out}$}} {count} {'path' if count == 1 else 'paths'} in all"]
    if len(paths) < count:
        lines[-1] += f"; the first {len(paths)} are listed, the total counts every one"
    rows = []
    for path in paths:
        steps = r" \to ".join(name(n) for n in path.nodes)
        row = rf"{steps}: &\quad {path_partials(path, whole=True)} = {tex(path.product)}"
        if path.product_expr != path.product:
            row += f" = {tex(path.product_expr)}"
        rows.append(row)
    if rows:
        lines += _align(rows)
    total = [rf"\frac{{d {out}}}{{d {wrt}}} &= "]
    if paths and len(paths) == count:
        terms = sp.Add(*(p.product_expr for p in paths), evaluate=False) if len(paths) > 1 else paths[0].product_expr
        total[0] += tex(terms, keep_order=True)
        if tex(analysis.totals[k]) != tex(terms, keep_order=True):
            total.append(f"&= {tex(analysis.totals[k])}")
    else:
        total[0] += tex(analysis.totals[k])
    lines.append(r"\paragraph{Total derivative}")
    return lines + _align(total)


def document(analysis: Analysis) -> str:
    r"""The derivation as a LaTeX fragment (needs ``amsmath``).

    The intermediate variables, the local partial of every edge, each
    path's product of partials, and per output the sum of the path
    products equal to the total derivative; for a vector output also the
    Jacobian.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> tex_ = document(run("x*x**2"))
    >>> r"\frac{d y}{d x} &= 2 x^{2} + x^{2} \\" in tex_
    True
    >>> tex_.splitlines()[-2]
    '&= 3 x^{2}'
    """
    flow = analysis.flow
    lines = [r"\paragraph{Intermediate variables}"]
    lines += _align([f"{name(n.id)} &= {tex(n.local, typed=True)}" for n in flow.nodes if n.kind != "input"])
    if flow.edges:
        lines.append(r"\paragraph{Local partial derivatives}")
        parallel = Counter((e.source, e.target) for e in flow.edges)
        lines += _align([_edge_row(analysis, e, parallel[e.source, e.target] > 1) for e in flow.edges])
    if analysis.wrt is None:
        lines.append(r"\paragraph{No inputs} The expression is a constant: there is nothing to differentiate.")
        return "\n".join(lines) + "\n"
    for k, (output, wrt) in enumerate(analysis.entries):
        lines += _output_section(analysis, k, output, name(wrt))
    if analysis.is_vector:
        lines.append(r"\paragraph{Jacobian}")
        rows = [f"J &= {tex(analysis.jacobian)}"]
        if analysis.inner:
            rows.append(f"&= {tex(analysis.outer_jacobian)} {tex(analysis.inner_jacobian)}")
        lines += _align(rows)
    return "\n".join(lines) + "\n"
