r"""The LaTeX download: the whole derivation as a standalone document that pdfLaTeX compiles.

Every formula comes from :mod:`explorer.teach` (the page shows the same
pieces); this module lays them out on a page: a preamble (amsmath, mathrsfs
for what sympy writes, xcolor, geometry, TikZ), the expression as typed (never
its simplified form, which is step 4's) and the graph with its paths in colour
(:mod:`explorer.exports.tikz`), then the paper's four steps: the intermediate
variables and the local partials with their values at the point, each path in
its colour with its product, and the sum over paths equal to the total
derivative, each term coloured and numbered like its path, with why one path
alone is not enough. Rows too wide for the page are broken between factors
or terms; a sum or product of many terms keeps its first and last ones with
⋯ and says how many; a formula too wide for any row is said to be. Text that
is not LaTeX (notes, names outside ASCII) is escaped or declared
(:mod:`explorer.exports.texfile`), so every accepted input compiles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

import sympy as sp

from ..calculus.plot import plot
from ..calculus.result import Analysis, Path
from ..drawing import dot, layout
from ..language.printing import tex
from ..language.printsize import TOO_LONG, budget, fits
from ..teach.notation import at_point, coloured, tex_derivative, tex_name, tex_number, tex_partial, wrap
from ..teach.paths import path_factors, path_partials, terms, vector_chain
from ..teach.rules import check_sentence, rule_sentence
from ..teach.shapes import chain_formula, link_formulas, shapes_check
from ..teach.statements import elided, typed_statements
from . import slope, tikz
from .texfile import escape, legend, standalone

__all__ = ["WIDTH", "document", "rows", "width"]

#: The width of a display line, in characters of typeset mathematics (A4, 2 cm margins, 11 pt).
WIDTH = 64

#: Terms of a sum (factors of a product) written out as typed; past them the first and last few, and how many.
DOCUMENT_TERMS = 24

#: Expression nodes the whole document prints at most (a few seconds of sympy.latex; the examples and a
#: 100-path doubling program need under 4,000); the rest are said to be too long to write out.
DOCUMENT_NODES = 12_000

_PREAMBLE = r"""%% The chain rule, path by path: written by Chain Rule Explorer.
%% Compile with pdflatex (amsmath, mathrsfs, xcolor, geometry and TikZ come with TeX Live and MiKTeX).
\documentclass[11pt]{article}
\usepackage[a4paper,margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{mathrsfs}
\usepackage{xcolor}
\usepackage{tikz}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6em}
"""


def _bold(text: str) -> str:
    return r"\textbf{" + escape(text) + "}"


_FRACTION = re.compile(r"\\frac\{((?:[^{}]|\{[^{}]*\})*)\}\{((?:[^{}]|\{[^{}]*\})*)\}")
_NAMED = re.compile(r"\\operatorname\{(\w+)\}|\\(arc)?(sin|cos|tan|cot|sec|csc)h?\b|\\(log|ln|exp|max|min)\b")
_INVISIBLE = re.compile(r"\\color\[RGB\]\{[\d,]+\}|\\(left|right|quad|,|;|underbrace|boxed)\b|\\(text|mathbf|mathrm)\b")


def width(formula: str) -> int:
    r"""About how many characters wide ``formula`` is when typeset.

    A fraction counts its wider part, a function name its letters, any
    other command one character, and ``+ - =`` their spacing too.

    Examples
    --------
    >>> width(r"\frac{\partial y}{\partial u_{1}} \cdot {\color[RGB]{0,114,178}\cos{\left(x^{2} \right)}}")
    11
    """
    text = _INVISIBLE.sub("", formula)
    while match := _FRACTION.search(text):
        text = text[: match.start()] + max(match.group(1), match.group(2), key=width) + text[match.end() :]
    text = _NAMED.sub(lambda m: m.group(0).removeprefix("\\operatorname{").strip("\\{}"), text)
    text = re.sub(r"\\[A-Za-z]+", "x", text)
    spacing = len(re.findall(r"[-+=]", text)) + text.count(r"\cdot")
    return len(re.sub(r"[{}^_&\s\\]", "", text)) + spacing


def rows(lhs: str, sides: Sequence[Sequence[str]], limit: int = WIDTH) -> list[str]:
    r"""``lhs = side = side …`` as rows of ``align*``, broken before a side or between its pieces.

    Each side is a list of pieces that may start a row of their own (the
    factors of a product, the terms of a sum, each with its operator); a
    side equal to the one before it is left out.

    Examples
    --------
    >>> rows("y", [["a"], ["a"], ["b", " + c"]])
    ['y &= a = b + c']
    >>> rows("y", [["a" * 40], ["b" * 30, " + " + "c" * 30]], limit=50)  # doctest: +NORMALIZE_WHITESPACE
    ['y &= aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '&= bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
     '&\\quad + cccccccccccccccccccccccccccccc']
    """
    kept = [list(side) for n, side in enumerate(sides) if side and (n == 0 or list(side) != list(sides[n - 1]))]
    out: list[str] = []
    line, used, fresh = (lhs + " &= ", width(lhs) + 2, True) if lhs else ("& ", 0, True)
    for n, side in enumerate(kept):
        for k, piece in enumerate(side):
            glue = " = " if n and not k else ""
            size = width(piece) + (2 if glue else 0)
            if not fresh and used + size > limit:
                out.append(line.rstrip())
                line, used, glue, piece = ("&= " if glue else r"&\quad "), 4, "", piece.lstrip()
            line, used, fresh = line + glue + piece, used + size, False
    out.append(line.rstrip())
    return out


#: A piece no row can hold, in characters of typeset mathematics (TeX stops at 16,383 pt): it is said, not set.
WIDEST_PIECE = 4 * WIDTH

#: Said in place of a piece too wide for any row.
TOO_WIDE = r"\text{(a formula too wide for the page)}"


def _pieces(expr: sp.Expr, limit: int = WIDTH, *, typed: bool = False) -> list[str]:
    """An expression as pieces a row may break between, when it is too wide for one row.

    A sum breaks between its terms (each with its sign), a product without
    a denominator between its factors (with a visible dot); anything else
    stays whole, unless it is wider than :data:`WIDEST_PIECE`: then it is
    said to be too wide. ``typed``: terms and factors in the order built
    (an operation as typed).
    """
    if not fits(expr):  # printing it would cost more than it says (nested programs)
        return [TOO_LONG]
    whole = tex(expr, typed=typed)
    if width(whole) <= limit:
        return [whole]
    if isinstance(expr, sp.Add):
        out = []
        for n, term in enumerate(expr.args if typed else expr.as_ordered_terms()):
            negative = term.could_extract_minus_sign()
            parts = _pieces(-term if negative else term, limit, typed=typed)
            sign = (" - " if n else "-") if negative else (" + " if n else "")
            out += [sign + parts[0], *parts[1:]]
        return out
    if expr.could_extract_minus_sign() and not isinstance(-expr, sp.Add):
        parts = _pieces(-expr, limit, typed=typed)
        return ["-" + parts[0], *parts[1:]]
    if isinstance(expr, sp.Mul) and not any(f.is_Pow and f.exp.is_negative for f in expr.args):
        ordered = expr.args if typed else expr.as_ordered_factors()
        factors = [wrap(f) if isinstance(f, sp.Add) else tex(f, typed=typed) for f in ordered]
        return [piece if width(piece) <= WIDEST_PIECE else TOO_WIDE for piece in _joined(factors, r" \cdot ")]
    return [whole if width(whole) <= WIDEST_PIECE else TOO_WIDE]


def _joined(items: Sequence[str], operator: str) -> list[str]:
    return [item if n == 0 else operator + item for n, item in enumerate(items)]


#: Rows of one ``align*``; longer lists are several, one after another (TeX holds a whole ``align*`` in memory).
ALIGN_ROWS = 120


def _align(lines: Sequence[str]) -> list[str]:
    found = []
    for start in range(0, len(lines), ALIGN_ROWS):
        found += [r"\begin{align*}", " \\\\\n".join(lines[start : start + ALIGN_ROWS]), r"\end{align*}"]
    return found


def _steps(analysis: Analysis) -> list[str]:
    """The intermediate variables and the local partials, each with its value at the point."""
    flow = analysis.flow
    lines = [rf"\subsection*{{{_heading(analysis, 0, 'Intermediate variables')}}}"]
    variables = []
    for node in flow.nodes:
        if node.kind != "input":
            local = _pieces(elided(node.local, DOCUMENT_TERMS), typed=True)
            if isinstance(node.local, (sp.Add, sp.Mul)) and len(node.local.args) > DOCUMENT_TERMS:  # say how many
                local[-1] += rf"\quad \text{{({len(node.local.args):,} {'terms' if node.local.is_Add else 'factors'})}}"
            variables += rows(tex_name(node.id), [local, [tex_number(analysis.node_values.get(node.id))]])
    lines += _align(variables)
    if flow.edges:
        lines.append(rf"\subsection*{{{_heading(analysis, 1, 'Local partial derivatives')}}}")
        counts: dict[tuple[str, str], int] = {}
        for edge in flow.edges:
            counts[edge.source, edge.target] = counts.get((edge.source, edge.target), 0) + 1
        partials = []
        for i, edge in enumerate(flow.edges):
            lhs = tex_partial(edge.target, edge.source)
            if counts[edge.source, edge.target] > 1:
                lhs += rf"\ \text{{(operand {edge.position + 1})}}"
            value = analysis.edge_values[i] if i < len(analysis.edge_values) else None
            rule = rf" \quad \text{{({edge.rule} rule)}}"
            partials += rows(lhs, [_pieces(edge.partial), [tex_number(value) + rule]])
        lines += _align(partials)
    return lines


def _path(analysis: Analysis, k: int, path: Path) -> list[str]:
    """One path: its number and nodes in its colour, then ∂·∂ = local partials = product = value."""
    nodes = r" \to ".join(tex_name(n) for n in path.nodes)
    head = coloured(k, rf"\textbf{{Path {k + 1}}}", document=True) + rf": ${nodes}$"
    chain = [tex_partial(t, s) for s, t in pairwise(path.nodes)][::-1]
    factors = [wrap(analysis.edges[j].partial) for j in reversed(path.edges)]
    sides = [_joined(chain, " "), _joined(factors, r" \cdot "), _pieces(path.product), _pieces(path.product_expr)]
    return ["", head, *_align(rows("", [*sides, [tex_number(path.value)]]))]


_OPERATOR = re.compile(r"^(\s*(?:[-+]|\\cdot)?\s*)(.*)$", re.S)


def _product_term(analysis: Analysis, i: int, first: bool) -> list[str]:
    """Path ``i``'s product as a term of the sum: in its colour, broken into pieces when it is long."""
    expr = analysis.paths[i].product_expr
    parts = _pieces(expr)
    if len(parts) == 1:
        parts = [wrap(expr)]
    elif isinstance(expr, sp.Add) or expr.could_extract_minus_sign():
        parts = ["(" + parts[0], *parts[1:-1], parts[-1] + ")"]
    coloured_parts = []
    for part in parts:  # the operator stays outside the colour group, so that it keeps its spacing
        operator, body = _OPERATOR.match(part).groups()
        coloured_parts.append(operator + coloured(i, body, document=True))
    return [("" if first else " + ") + coloured_parts[0], *coloured_parts[1:]]


def _total(analysis: Analysis, k: int) -> list[str]:
    """The sum over paths of entry ``k``, each term in its path's colour, equal to the total and its value.

    The first two rows elide long paths in the middle, as the page does; each
    path is spelled out in full in its own paragraph above.
    """
    output, wrt = analysis.entries[k]
    indexes = analysis.entry_paths()[k]
    tail = [r" + \cdots"] if len(indexes) < analysis.path_counts[k] else []

    def row(piece, numbered: bool = False) -> list[str]:
        return [*_joined(terms(analysis, indexes, piece, numbered=numbered, document=True), " + "), *tail]

    products = [part for n, i in enumerate(indexes) for part in _product_term(analysis, i, n == 0)]
    sides = [
        row(path_partials, numbered=True),
        row(lambda p: path_factors(analysis, p)),
        [*products, *tail],
        _pieces(analysis.totals[k]),
        at_point(tex_number(analysis.total_values[k]), analysis.point),
    ]
    lhs = tex_derivative(output, wrt)
    lines = [rf"\subsection*{{{_heading(analysis, 3, f'The total derivative ${lhs}$', f'${lhs}$')}}}"]
    lines.append("The sum of the path products:")
    lines += _align(rows(lhs, sides))
    if k < len(analysis.finite_differences) and analysis.finite_differences[k] is not None:
        fd = tex_number(analysis.finite_differences[k], 8)
        lines += ["", f"A central finite difference of ${tex_name(output)}$ gives ${fd}$."]
    return lines + _one_path(analysis, k)


#: Paths whose values the paragraph on one path alone lists; the rest are counted.
NAIVE_PATHS = 6


def _one_path(analysis: Analysis, k: int) -> list[str]:
    """The paper's caution for entry ``k``: each path alone gives only its own part of the derivative."""
    indexes = analysis.entry_paths()[k]
    if analysis.path_counts[k] < 2 or not indexes:
        return []
    output, wrt = analysis.entries[k]
    alone = [f"path {i + 1} gives ${tex_number(analysis.paths[i].value)}$" for i in indexes[:NAIVE_PATHS]]
    if analysis.path_counts[k] > len(alone):
        alone.append(f"and so on for {analysis.path_counts[k] - len(alone):,} more")
    return [
        "",
        _bold("Why one path is not enough.")
        + f" The single-variable chain rule follows one path from ${tex_name(wrt)}$ to ${tex_name(output)}$; "
        + f"here there are {analysis.path_counts[k]:,}, and each alone gives only its own part of "
        + f"${tex_derivative(output, wrt)}$. "
        + "At the point, "
        + ", ".join(alone)
        + f"; only their sum, ${tex_number(analysis.total_values[k])}$, is the derivative.",
    ]


#: The graph's room on the page, in points: the text width of A4 with 2 cm margins less what TikZ draws past
#: Graphviz's box (line widths), and a third of its height.
GRAPH_WIDTH, GRAPH_HEIGHT = 466.0, 300.0


def _graph(analysis: Analysis) -> list[str]:
    """The data-flow graph and its paths in colour, drawn in TikZ, scaled to the page (left to right or top to
    bottom, whichever is larger); nothing when no Graphviz is installed to lay it out."""
    if layout.renderer() is None:
        return ["", r"\emph{(The graph is not drawn here: no Graphviz was installed to lay it out.)}"]
    best = None
    for orientation in ("LR", "TB"):
        drawing = layout.to_json(dot.to_dot(analysis, orientation=orientation))
        x0, y0, x1, y1 = (float(v) for v in drawing["bb"].split(","))
        scale = min(GRAPH_WIDTH / max(x1 - x0, 1.0), GRAPH_HEIGHT / max(y1 - y0, 1.0), 1.0)
        if best is None or scale > best[0]:
            best = (scale, drawing)
    scale, drawing = best
    picture, colours = tikz.picture(drawing)
    return [
        "",
        r"\begin{center}",
        tikz.colours(colours),
        rf"\scalebox{{{scale:.4f}}}{{%",
        picture + "%",
        "}",
        r"\end{center}",
    ]


#: Entries of the derivative the handout draws the slope picture of.
SLOPE_CURVES = 3


def _slope(analysis: Analysis) -> list[str]:
    """The slope picture: f near the point with its tangent and each path's line, and f′ (the first entries)."""
    curves = plot(analysis, curves=SLOPE_CURVES).curves
    if not curves:
        return []
    lines = [
        r"\subsection*{The slope}",
        "The derivative is a slope: the tangent's, at the point"
        + (
            "; each path alone gives a line of its own slope, and only their sum is the tangent."
            if analysis.path_count > 1
            else "."
        ),
    ]
    for curve in curves:
        used: set[str] = set()
        drawn = slope.pictures(curve, used)
        lines += [tikz.colours(used), *drawn]
    return lines


def _heading(analysis: Analysis, k: int, otherwise: str, then: str = "") -> str:
    """The paper's step ``k`` (from 0) as a heading, "Step 1. Introduce intermediate variables", and ``(then)``.

    Without the four steps (nothing to differentiate): ``otherwise``.
    """
    if k >= len(analysis.steps) or not analysis.paths:
        return otherwise
    return f"Step {k + 1}. {escape(analysis.steps[k].title)}" + (f" ({then})" if then else "")


def _shapes(analysis: Analysis) -> list[str]:
    """The vector chain rule on whole vectors and matrices: each Jacobian in closed form, and their product."""
    lines = [
        r"\subsection*{Layer by layer on whole vectors and matrices}",
        "Each operation on whole values has a Jacobian by each operand, in closed form; a matrix is taken entry "
        "by entry, row by row.",
    ]
    for formula in link_formulas(analysis):
        lines += [r"\[", formula if formula is not None else TOO_LONG, r"\]"]
    if (chain := chain_formula(analysis)) is not None:
        lines += [r"\[", chain, r"\]"]
    return [*lines, escape(shapes_check(analysis))]


def document(analysis: Analysis) -> str:
    r"""The derivation as a standalone LaTeX document (pdfLaTeX; amsmath, mathrsfs, xcolor, geometry, TikZ).

    The rule and the point, the expression as typed and the graph, then the paper's four steps: the intermediate
    variables and the local partials with their values, every listed path
    in its colour (numbered, so colour is not the only cue) with its product
    and value, and per output the sum of the path products equal to the
    total derivative, checked against ``sympy.diff``, with why one path alone
    is not enough where there are several; for a vector output also the
    Jacobian. Printing is
    bounded for the whole document (:data:`DOCUMENT_NODES`): expressions past
    it are said to be too long to write out.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> tex_ = document(explained("x*x**2"))
    >>> tex_.splitlines()[2], tex_.rstrip().splitlines()[-1]
    ('\\documentclass[11pt]{article}', '\\end{document}')
    >>> r"\frac{dy}{dx} &= \underbrace{{\color[RGB]{0,114,178}" in tex_
    True
    """
    with budget(DOCUMENT_NODES):
        return _document(analysis)


def _document(analysis: Analysis) -> str:
    """The document's text (within a printing budget)."""
    wrt = analysis.wrt
    sentence = rule_sentence(
        analysis.rule,
        wrt,
        analysis.outputs,
        analysis.path_count,
        name=lambda n: f"${tex_name(n)}$",
        title=_bold,
        components=analysis.wrt_inputs if analysis.by_vector else (),
        shape=analysis.flow.shape(wrt) if analysis.by_vector and wrt else (),
    )
    body = [r"\section*{The chain rule, path by path}", sentence + "."]
    if analysis.point:
        body[-1] += (
            " Values at $" + r",\ ".join(f"{tex_name(n)} = {tex_number(v)}" for n, v in analysis.point.items()) + "$."
        )
    typed = [
        rows(lhs, [_pieces(value, typed=True) if value is not None else [rhs]])
        for lhs, value, rhs in typed_statements(analysis, DOCUMENT_TERMS)
    ]  # as typed: x·x² is not x³ (the simplified total comes in step 4)
    body += _align([line for lines in typed for line in lines])
    body += _graph(analysis)
    body += _steps(analysis)
    for k, (output, moved) in enumerate(analysis.entries if wrt else ()):
        count = analysis.path_counts[k]
        between = rf"from ${tex_name(moved)}$ to ${tex_name(output)}$"
        body.append(rf"\subsection*{{{_heading(analysis, 2, 'Paths ' + between, between)}}}")
        listed = [(i, analysis.paths[i]) for i in analysis.entry_paths()[k]]
        body.append(
            f"{count:,} {'path' if count == 1 else 'paths'} in all"
            + (f"; the first {len(listed):,} are listed, the total counts every one." if len(listed) < count else ".")
        )
        for i, path in listed:
            body += _path(analysis, i, path)
        body += _total(analysis, k)
    if wrt and analysis.oracle:
        oracle = "sympy.Matrix.jacobian of the outputs" if analysis.by_vector else "sympy.diff of the whole expression"
        body += ["", escape(f"Checked against {oracle}: the sum {check_sentence(analysis)}.")]
    body += _slope(analysis)
    if analysis.is_vector and analysis.inputs:
        chain = vector_chain(analysis) if fits(analysis.jacobian, analysis.inner_jacobian) else TOO_LONG
        body += [r"\subsection*{The vector chain rule}", r"\[", chain, r"\]"]
    if analysis.shapes is not None:
        body += _shapes(analysis)
    if analysis.notes:
        body += [r"\subsection*{Notes}", r"\begin{itemize}", *(r"\item " + escape(n) for n in analysis.notes)]
        body.append(r"\end{itemize}")
    names = legend("\n".join(body))
    if names:
        body += ["", names]
    return standalone(_PREAMBLE, "\n".join(body))
