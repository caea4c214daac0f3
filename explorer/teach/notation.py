"""The notation every lesson shares: LaTeX for names, partials and numbers, colours, elision and caps."""

from __future__ import annotations

import re
from collections.abc import Mapping

import sympy as sp

from ..colours import text_colour
from ..language.printing import number as plain_number
from ..language.printing import tex
from ..language.printsize import TOO_LONG, fits


def tex_name(node_id: str) -> str:
    """LaTeX for a node id such as ``u1`` (printed by sympy as ``u_{1}``).

    Examples
    --------
    >>> tex_name("u1"), tex_name("w_2"), tex_name("_")
    ('u_{1}', 'w_{2}', '\\\\_')
    """
    return tex(sp.Symbol(node_id))


_SUPERSCRIPT = re.compile("·10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def tex_number(v: float | None, digits: int = 4) -> str:
    r"""A number in LaTeX math, rounded as everywhere else (:func:`explorer.language.printing.number`).

    Plain ASCII, so pdfLaTeX reads it as well as KaTeX.

    Examples
    --------
    >>> tex_number(0.25), tex_number(-1.5), tex_number(1.5e-20), tex_number(float("inf")), tex_number(None)
    ('0.25', '-1.5', '1.5 \\cdot 10^{-20}', '\\infty', '\\text{undefined}')
    """
    text = plain_number(v, digits)
    if text == "undefined":
        return r"\text{undefined}"
    text = _SUPERSCRIPT.sub(lambda m: r" \cdot 10^{" + m.group(1).translate(_DIGITS) + "}", text)
    return text.replace("−", "-").replace("∞", r"\infty")


def tex_partial(target: str, source: str) -> str:
    r"""∂target/∂source as a LaTeX fraction.

    Examples
    --------
    >>> tex_partial("y", "u1")
    '\\frac{\\partial y}{\\partial u_{1}}'
    """
    return r"\frac{\partial " + tex_name(target) + r"}{\partial " + tex_name(source) + "}"


def tex_derivative(output: str, wrt: str) -> str:
    r"""d(output)/d(wrt) as a LaTeX fraction.

    Examples
    --------
    >>> tex_derivative("y", "x")
    '\\frac{dy}{dx}'
    """
    return r"\frac{d" + tex_name(output) + r"}{d" + tex_name(wrt) + "}"


#: A path of more steps shows its first and last three, with ⋯ between.
ELIDE_KEEP = 3


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


def at_point(value: str, point: Mapping[str, object]) -> list[str]:
    r"""``value`` at ``point``, in pieces that a long row may be broken between (after each input's value).

    >>> at_point("3", {"x": 1, "w": 2})
    ['3 \\quad \\text{at } x = 1,', '\\ w = 2']
    """
    pieces = [f"{tex_name(name)} = {tex_number(v)}," for name, v in point.items()]
    if not pieces:
        return [value]
    pieces[-1] = pieces[-1].removesuffix(",")
    return [rf"{value} \quad \text{{at }} {pieces[0]}", *(rf"\ {piece}" for piece in pieces[1:])]


def wrap(expr: sp.Expr) -> str:
    """LaTeX of a factor or term, in parentheses when it is a sum or negative (:data:`TOO_LONG` if too long)."""
    if not fits(expr):
        return TOO_LONG
    if isinstance(expr, sp.Add) or expr.could_extract_minus_sign():
        return r"\left(" + tex(expr) + r"\right)"
    return tex(expr)


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


def capped(formula: str) -> str | None:
    """The formula, or None when it has more than :data:`MAX_TEX` characters (the page leaves it to the download)."""
    return formula if len(formula) <= MAX_TEX else None


def aligned(rows: list[str], more: int = 0, what: str = "more") -> str:
    if more:
        rows = [*rows, rf"&\ \vdots\ \text{{and {more:,} {what}}}"]
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def equalities(*sides: str) -> str:
    """Sides joined by '=', without repeating a side equal to the one before.

    Examples
    --------
    >>> equalities("2·x", "2·x", "1")
    '2·x = 1'
    """
    kept = [side for k, side in enumerate(sides) if side and (k == 0 or side != sides[k - 1])]
    return " = ".join(kept)


#: Characters of one formula in a step's words; a longer one is cut, with "…".
STEP_CHARS = 2000


def clip(text: str) -> str:
    return text if len(text) <= STEP_CHARS else text[: STEP_CHARS - 1] + "…"
