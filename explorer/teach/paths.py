"""The paths in LaTeX and words: each path's nodes, partials and product, and the coloured sum over paths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import sympy as sp

from ..calculus.paths import step_positions
from ..calculus.result import Analysis, Path
from ..language.printing import number, partial, tex
from ..language.printsize import fits, parenthesised, short, shown
from .notation import (
    TERMS_PER_LINE,
    at_point,
    capped,
    coloured,
    elide,
    equalities,
    joined,
    tex_derivative,
    tex_name,
    tex_number,
    tex_partial,
    wrap,
)

#: Paths listed on the page, and terms shown in its sum; the rest are counted, not shown.
PAGE_PATHS = 20


#: The path table spells out the local partials of paths up to this long.
TABLE_STEPS = 3


def path_nodes(path: Path, positions: Sequence[int | None] = ()) -> str:
    r"""x → u1 → y, long paths elided in the middle; an arrow into a numbered operand position says which.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> path_nodes(explained("sin(x**2)").paths[0])
    'x \\to u_{1} \\to y'
    >>> path_nodes(explained("x*x").paths[1], (2,))
    'x \\to_{2} y'
    """
    arrows = [r" \to " if p is None else rf" \to_{{{p}}} " for p in positions]
    arrows += [r" \to "] * (len(path.nodes) - 1 - len(arrows))
    steps = elide(list(zip(arrows, path.nodes[1:])))
    text = tex_name(path.nodes[0])
    for step in steps:
        text += r" \to \cdots" if step is None else step[0] + tex_name(step[1])
    return text


def path_partials(path: Path) -> str:
    """∂y/∂u1 ∂u1/∂x: the path's local partials as fractions, outermost first (as the chain rule is written).

    Long paths are elided in the middle.
    """
    steps = list(pairwise(path.nodes))[::-1]
    return r"\,".join(r"\cdots" if step is None else tex_partial(step[1], step[0]) for step in elide(steps))


def path_factors(analysis: Analysis, path: Path) -> str:
    """The path's local partials as expressions (in the operands' names), outermost first."""
    edges = elide(list(reversed(path.edges)))
    return r" \cdot ".join(r"\cdots" if j is None else wrap(analysis.edges[j].partial) for j in edges)


def product_cell(analysis: Analysis, path: Path) -> str:
    """∂y/∂u1 ∂u1/∂x = (local partials) = product in the inputs, without repeating equal sides."""
    sides = [path_partials(path)]
    if len(path.edges) <= TABLE_STEPS:  # longer paths: the sum spells the partials out
        sides.append(path_factors(analysis, path))
    sides.append(short(path.product_expr))
    return " = ".join(side for n, side in enumerate(sides) if n == 0 or side != sides[n - 1])


def listed(
    analysis: Analysis, output: str | None = None, highlight: int | None = None, *, entry: int | None = None
) -> list[int | None]:
    """Indexes of the paths the page shows (of one output, of one entry, or of all): the first
    :data:`PAGE_PATHS`, then, after a gap (None), the highlighted path when it is not among them.

    ``entry`` indexes :attr:`~explorer.calculus.result.Analysis.entries` (an output and
    the input moved, for a gradient by a vector); it takes the place of ``output``.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> many = explained("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3*u3")
    >>> listed(many)[-1], listed(many, highlight=22)[-3:]
    (19, [19, None, 22])
    """
    if entry is not None:
        indexes = analysis.entry_paths()[entry]
    else:
        indexes = [i for i, p in enumerate(analysis.paths) if output is None or p.output == output]
    if highlight is not None and not 0 <= highlight < len(analysis.paths):
        raise ValueError(f"there is no path {highlight!r}; paths are numbered 0 to {len(analysis.paths) - 1}")
    shown: list[int | None] = list(indexes[:PAGE_PATHS])
    if highlight in indexes[PAGE_PATHS:]:
        shown += [None, highlight]
    return shown


def terms(
    analysis: Analysis,
    shown: Sequence[int | None],
    piece: Callable[[Path], str],
    *,
    highlight: int | None = None,
    numbered: bool = False,
    theme: str = "light",
    document: bool = False,
) -> list[str]:
    r"""One term per shown path (``\cdots`` for a gap), coloured like its path.

    ``numbered`` puts the path's number under the term, so that the terms
    are told apart without colour; the highlighted path's term is boxed.
    """
    out = []
    for i in shown:
        if i is None:
            out.append(r"\cdots")
            continue
        body = coloured(i, piece(analysis.paths[i]), theme=theme, document=document)
        if numbered:
            body = r"\underbrace{" + body + "}_{" + str(i + 1) + "}"
        out.append(r"\boxed{" + body + "}" if i == highlight else body)
    return out


def sum_over_paths(
    analysis: Analysis, k: int, highlight: int | None = None, *, theme: str = "light", document: bool = False
) -> str:
    r"""One entry's total-derivative formula, each term coloured like its path in the graph.

    d(out)/d(wrt) = Σ ∂·∂ = Σ local partials = Σ products in the inputs = the total = its value;
    ``k`` indexes :attr:`~explorer.calculus.result.Analysis.entries` (the outputs, for an input ``wrt``).
    The first line numbers each term with its path; the highlighted path's
    terms are boxed (and shown after ⋯ when it is not among the first
    :data:`PAGE_PATHS`). ``document`` writes the colours for LaTeX and
    MathJax rather than KaTeX (see :func:`coloured`).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> formula = sum_over_paths(explained("x*x**2"), 0, highlight=1)
    >>> formula.startswith(r"\begin{aligned}\frac{dy}{dx} &= \underbrace{{\color{#0072B2}")
    True
    >>> r"\boxed{{\color{#BE5400}u_{1}}}" in formula, formula.count(r"\\") >= 3
    (True, True)
    """
    output, wrt = analysis.entries[k]
    lhs = tex_derivative(output, wrt)
    shown = listed(analysis, highlight=highlight, entry=k)
    if not shown:
        return lhs + " = 0"
    paths = [analysis.paths[i] for i in shown if i is not None]
    positions = analysis.entry_paths()[k]
    more = analysis.path_counts[k] > positions.index(shown[-1]) + 1  # paths after the last one shown
    tail = [r"\cdots"] if more else []

    def row(piece: Callable[[Path], str], numbered: bool = False) -> list[str]:
        return (
            terms(analysis, shown, piece, highlight=highlight, numbered=numbered, theme=theme, document=document) + tail
        )

    symbolic = row(path_partials, numbered=True)
    factors = row(lambda p: path_factors(analysis, p))
    products = row(lambda p: wrap(p.product_expr))
    # long paths make wide terms: fewer per line in the rows that spell out every step
    steps = max(len(p.edges) for p in paths)
    per_line = TERMS_PER_LINE if steps <= 3 else 2 if steps <= 5 else 1
    lines = [lhs + " &= " + joined(symbolic, per_line=per_line), " &= " + joined(factors, per_line=per_line)]
    if products != factors:  # unless the local partials are already in terms of the inputs
        lines.append(" &= " + joined(products))
    complete = not more and None not in shown
    if not complete or analysis.totals[k] != sp.Add(*(p.product_expr for p in paths)):  # else it adds nothing
        lines.append(" &= " + short(analysis.totals[k]))
    lines.append(" &= " + "".join(at_point(tex_number(analysis.total_values[k]), analysis.point)))
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def vector_chain(analysis: Analysis) -> str:
    r"""The vector chain rule y = f(g(x)): ∂y/∂x = ∂y/∂g · ∂g/∂x = the Jacobian.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> print(vector_chain(explained("[ln(x**2), sin(3*x)]")))  # doctest: +ELLIPSIS
    \mathbf{y} = \mathbf{f}(\mathbf{g}(x)),\quad \mathbf{g} = \left[\begin{matrix}u_{1}\\u_{2}\end{matrix}\right]...
    """
    x = r"\mathbf{x}" if len(analysis.inputs) > 1 else tex_name(analysis.inputs[0])
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


@dataclass(frozen=True)
class PathRow:
    """One row of the page's path table, in LaTeX: which path, its nodes, its product, its value."""

    index: int
    nodes: str | None
    product: str | None
    value: str


@dataclass(frozen=True)
class Formulas:
    """Everything the page typesets for one analysis; a formula over :data:`MAX_TEX` characters is None.

    Attributes
    ----------
    paths : tuple of PathRow
        The first :data:`PAGE_PATHS` paths, and the highlighted one (see :func:`listed`).
    sums : tuple of str or None
        Per entry (:attr:`~explorer.calculus.result.Analysis.entries`), :func:`sum_over_paths`.
    oracle : tuple of str or None
        Per entry, d(out)/d(wrt) = ``sympy.diff``'s answer (``sympy.Matrix.jacobian``'s for a vector ``wrt``).
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


def formulas(analysis: Analysis, highlight: int | None = None, theme: str = "light") -> Formulas:
    r"""The page's formulas for one analysis (with one path highlighted), each capped in size.

    The sum's colours are the text shades of :func:`explorer.colours.text_colour`
    for a ``theme`` page, which read at 4.5:1 or more.

    Raises
    ------
    ValueError
        For a highlighted path that does not exist.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> f = formulas(explained("x + x**2"))
    >>> len(f.paths), f.paths[1].index, f.paths[1].value
    (2, 1, '1')
    """
    wrt = analysis.wrt
    edges = analysis.edges
    rows = tuple(
        PathRow(
            i,
            capped(path_nodes(p, step_positions(analysis.flow, p.edges))),
            capped(product_cell(analysis, p)) if fits(p.product_expr, *(edges[j].partial for j in p.edges)) else None,
            tex_number(p.value),
        )
        for i in listed(analysis, highlight=highlight)
        if i is not None
        for p in [analysis.paths[i]]
    )
    sums = ()
    if wrt:
        sums = tuple(
            capped(sum_over_paths(analysis, k, highlight, theme=theme))
            if fits(
                analysis.totals[k],
                *(analysis.paths[i].product_expr for i in listed(analysis, entry=k) if i is not None),
            )
            else None
            for k in range(len(analysis.entries))
        )
    how = r"\texttt{sympy.Matrix.jacobian}" if analysis.by_vector else r"\texttt{sympy.diff}"
    oracle = tuple(
        capped(how + r":\quad " + tex_derivative(out, x) + " = " + tex(o)) if fits(o) else None
        for (out, x), o in zip(analysis.entries, analysis.oracle if wrt else ())
    )
    chain = None
    if analysis.is_vector and analysis.inputs and fits(analysis.jacobian, analysis.inner_jacobian):
        chain = capped(vector_chain(analysis))
    columns = None
    if analysis.is_vector and len(analysis.inputs) > 1:
        columns = r"\text{columns: } " + ", ".join(tex_name(n) for n in analysis.inputs)
    return Formulas(rows, sums, oracle, chain, columns)


def path_equation(analysis: Analysis, path: Path, *, value: bool = True) -> str:
    """A path's chain of partials = its factors = their product (= its value): no side said twice.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("x*x**2")
    >>> path_equation(a, a.paths[0])
    '∂u1/∂x·∂y/∂u1 = 2·x · x = 2·x² = 0.5'
    """
    edges = [analysis.edges[i] for i in path.edges]
    names = "·".join(partial(e.target, e.source) for e in edges)
    factors = " · ".join(parenthesised(e.partial) for e in edges) if len(edges) > 1 else ""
    return equalities(names, factors, shown(path.product), number(path.value) if value else "")
