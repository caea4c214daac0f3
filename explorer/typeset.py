r"""The LaTeX of a result: path products, the coloured sum, the Jacobians and the values.

One writer for the page and the download: the page shows :func:`formulas`
(computed in a worker, each formula capped in size); the download,
:mod:`explorer.texdoc`, arranges the same pieces into a document. Every
expression is printed by :func:`sympy.latex` (through
:func:`explorer.printing.tex`) and every number by :func:`number`, which
pdfLaTeX and KaTeX both read; this module only arranges them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import sympy as sp

from .chain import step_positions
from .colours import text_colour
from .printing import tex
from .printsize import TOO_LONG, fits, short
from .result import Analysis, Path
from .texnames import derivative, name, number, partial

# fmt: off
__all__ = [
    "ELIDE_KEEP", "MAX_TEX", "PAGE_PATHS", "Formulas", "PathRow", "capped", "coloured", "derivative", "elide",
    "formulas", "joined", "listed", "name", "number", "partial", "path_factors", "path_nodes", "path_partials",
    "product_cell", "sum_over_paths", "terms", "vector_chain", "wrap",
]
# fmt: on

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


def wrap(expr: sp.Expr) -> str:
    """LaTeX of a factor or term, in parentheses when it is a sum or negative (:data:`TOO_LONG` if too long)."""
    if not fits(expr):
        return TOO_LONG
    if isinstance(expr, sp.Add) or expr.could_extract_minus_sign():
        return r"\left(" + tex(expr) + r"\right)"
    return tex(expr)


def path_nodes(path: Path, positions: Sequence[int | None] = ()) -> str:
    r"""x → u1 → y, long paths elided in the middle; an arrow into a numbered operand position says which.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> path_nodes(run("sin(x**2)").paths[0])
    'x \\to u_{1} \\to y'
    >>> path_nodes(run("x*x").paths[1], (2,))
    'x \\to_{2} y'
    """
    arrows = [r" \to " if p is None else rf" \to_{{{p}}} " for p in positions]
    arrows += [r" \to "] * (len(path.nodes) - 1 - len(arrows))
    steps = elide(list(zip(arrows, path.nodes[1:])))
    text = name(path.nodes[0])
    for step in steps:
        text += r" \to \cdots" if step is None else step[0] + name(step[1])
    return text


def path_partials(path: Path) -> str:
    """∂y/∂u1 ∂u1/∂x: the path's local partials as fractions, outermost first (as the chain rule is written).

    Long paths are elided in the middle.
    """
    steps = list(pairwise(path.nodes))[::-1]
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
    sides.append(short(path.product_expr))
    return " = ".join(side for n, side in enumerate(sides) if n == 0 or side != sides[n - 1])


def listed(
    analysis: Analysis, output: str | None = None, highlight: int | None = None, *, entry: int | None = None
) -> list[int | None]:
    """Indexes of the paths the page shows (of one output, of one entry, or of all): the first
    :data:`PAGE_PATHS`, then, after a gap (None), the highlighted path when it is not among them.

    ``entry`` indexes :attr:`~explorer.result.Analysis.entries` (an output and
    the input moved, for a gradient by a vector); it takes the place of ``output``.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> many = run("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3*u3")
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


def joined(terms: list[str], more: bool = False, *, per_line: int = TERMS_PER_LINE) -> str:
    r"""Terms joined by +, wrapped every ``per_line`` terms (rows of an ``aligned``), with ⋯ when ``more``.

    Examples
    --------
    >>> joined(["a", "b", "c", "d"], more=True, per_line=2)
    'a + b \\\\ &\\quad + c + d \\\\ &\\quad + \\cdots'
    """
    if more:
        terms = [*terms, r"\cdots"]
    lines = [" + ".join(terms[i : i + per_line]) for i in range(0, len(terms), per_line)]
    return r" \\ &\quad + ".join(lines)


def coloured(k: int, body: str, *, theme: str = "light", document: bool = False) -> str:
    r"""``body`` in the text colour of path ``k``: for KaTeX (``\color{#hex}``), or for a document.

    The colour is the path's text shade for a ``theme`` page
    (:func:`explorer.colours.text_colour`, 4.5:1 or more against it). A
    document's colour is written ``\color[RGB]{r,g,b}``, which LaTeX's
    xcolor and MathJax (notebooks) both read.

    Examples
    --------
    >>> coloured(0, "x"), coloured(0, "x", document=True)
    ('{\\color{#0072B2}x}', '{\\color[RGB]{0,114,178}x}')
    """
    hex_ = text_colour(k, theme)
    if document:
        rgb = ",".join(str(int(hex_[i : i + 2], 16)) for i in (1, 3, 5))
        return r"{\color[RGB]{" + rgb + "}" + body + "}"
    return r"{\color{" + hex_ + "}" + body + "}"


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
    ``k`` indexes :attr:`~explorer.result.Analysis.entries` (the outputs, for an input ``wrt``).
    The first line numbers each term with its path; the highlighted path's
    terms are boxed (and shown after ⋯ when it is not among the first
    :data:`PAGE_PATHS`). ``document`` writes the colours for LaTeX and
    MathJax rather than KaTeX (see :func:`coloured`).

    Examples
    --------
    >>> from explorer.analysis import run
    >>> formula = sum_over_paths(run("x*x**2"), 0, highlight=1)
    >>> formula.startswith(r"\begin{aligned}\frac{dy}{dx} &= \underbrace{{\color{#0072B2}")
    True
    >>> r"\boxed{{\color{#BE5400}u_{1}}}" in formula, formula.count(r"\\") >= 3
    (True, True)
    """
    output, wrt = analysis.entries[k]
    lhs = derivative(output, wrt)
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
    at = r",\ ".join(f"{name(n)} = {number(v)}" for n, v in analysis.point.items())
    lines.append(" &= " + number(analysis.total_values[k]) + r" \quad \text{at } " + at)
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
        Per entry (:attr:`~explorer.result.Analysis.entries`), :func:`sum_over_paths`.
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
    >>> from explorer.analysis import run
    >>> f = formulas(run("x + x**2"))
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
            number(p.value),
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
        capped(how + r":\quad " + derivative(out, x) + " = " + tex(o)) if fits(o) else None
        for (out, x), o in zip(analysis.entries, analysis.oracle if wrt else ())
    )
    chain = None
    if analysis.is_vector and analysis.inputs and fits(analysis.jacobian, analysis.inner_jacobian):
        chain = capped(vector_chain(analysis))
    columns = None
    if analysis.is_vector and len(analysis.inputs) > 1:
        columns = r"\text{columns: } " + ", ".join(name(n) for n in analysis.inputs)
    return Formulas(rows, sums, oracle, chain, columns)
