"""LaTeX files for pdfLaTeX: text escaped for a paragraph, and a definition of each character outside ASCII.

Shared by the LaTeX download (:mod:`explorer.exports.document`), the Beamer slides
(:mod:`explorer.exports.beamer`) and the TikZ pictures (:mod:`explorer.exports.tikz`).
"""

from __future__ import annotations

import unicodedata

import sympy as sp

__all__ = ["declarations", "escape", "standalone"]

_TEXT_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

#: Characters the Unicode printer writes (in notes), as LaTeX.
_SYMBOLS = {
    "−": "-",
    "·": r"\cdot",
    "→": r"\to",
    "∂": r"\partial",
    "√": r"\surd",
    "∞": r"\infty",
    "×": r"\times",
    "÷": r"\div",
    "≤": r"\le",
    "≥": r"\ge",
    "⋯": r"\cdots",
    "…": r"\ldots",
    "≈": r"\approx",
    "∇": r"\nabla",
    "µ": r"\mu",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-"))
_ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0308": '"', "\u030a": "r", "\u030c": "v"}


def escape(text: str) -> str:
    r"""Text shown literally in a LaTeX paragraph: every special character escaped.

    Examples
    --------
    >>> escape("y = |x| at 50% & {a_b}")
    'y = \\textbar{}x\\textbar{} at 50\\% \\& \\{a\\_b\\}'
    """
    return "".join(_TEXT_SPECIAL.get(c, c) for c in text)


def _unicode(c: str) -> str:
    """What pdfLaTeX should print for a character outside ASCII, in text or in math."""
    if c in _SYMBOLS:
        return r"\ensuremath{" + _SYMBOLS[c] + "}"
    if c in _SUPERSCRIPTS:
        return r"\ensuremath{^{" + _SUPERSCRIPTS[c] + "}}"
    words = unicodedata.name(c, "").split()
    if words[:1] == ["GREEK"] and "LETTER" in words:
        letter = words[-1].lower().replace("lamda", "lambda")
        letter = letter if "SMALL" in words else letter.capitalize()
        return r"\ensuremath{" + sp.latex(sp.Symbol(letter)) + "}"  # sympy knows the names: θ -> \theta, Α -> A
    base, *marks = unicodedata.normalize("NFKD", c)
    if base.isascii() and base.isalpha() and all(m in _ACCENTS for m in marks):
        for mark in marks:
            base = "\\" + _ACCENTS[mark] + "{" + base + "}"
        return r"\ensuremath{\text{" + base + "}}"
    return r"\ensuremath{\text{?}}"


def declarations(body: str) -> str:
    r"""``\DeclareUnicodeCharacter`` for every character of ``body`` outside ASCII (pdfLaTeX only).

    Examples
    --------
    >>> print(declarations("∂u1/∂x = 2·x, θ²"))
    \ifdefined\DeclareUnicodeCharacter
    \DeclareUnicodeCharacter{00B2}{\ensuremath{^{2}}}
    \DeclareUnicodeCharacter{00B7}{\ensuremath{\cdot}}
    \DeclareUnicodeCharacter{03B8}{\ensuremath{\theta}}
    \DeclareUnicodeCharacter{2202}{\ensuremath{\partial}}
    \fi
    <BLANKLINE>
    """
    chars = sorted({c for c in body if ord(c) > 127})
    if not chars:
        return ""
    lines = [rf"\DeclareUnicodeCharacter{{{ord(c):04X}}}{{{_unicode(c)}}}" for c in chars]
    return "\\ifdefined\\DeclareUnicodeCharacter\n" + "\n".join(lines) + "\n\\fi\n"


def standalone(preamble: str, body: str) -> str:
    r"""A whole LaTeX file: the preamble, a definition of each character outside ASCII, the body as the document.

    Examples
    --------
    >>> print(standalone("\\documentclass{article}\n", "$x²$"))
    \documentclass{article}
    \ifdefined\DeclareUnicodeCharacter
    \DeclareUnicodeCharacter{00B2}{\ensuremath{^{2}}}
    \fi
    \begin{document}
    $x²$
    \end{document}
    <BLANKLINE>
    """
    return preamble + declarations(body) + "\\begin{document}\n" + body.rstrip("\n") + "\n\\end{document}\n"
