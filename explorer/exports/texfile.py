"""LaTeX files for pdfLaTeX: text escaped for a paragraph, and a definition of each character outside ASCII.

Shared by the LaTeX download (:mod:`explorer.exports.document`), the Beamer slides
(:mod:`explorer.exports.beamer`) and the TikZ pictures (:mod:`explorer.exports.tikz`).
"""

from __future__ import annotations

import unicodedata

import sympy as sp

__all__ = ["declarations", "escape", "legend", "standalone"]

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
    "ℓ": r"\ell",
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


def _token(c: str) -> str:
    """A short ASCII name for a character pdfLaTeX has no glyph for: its letter's name, or its code point."""
    words = unicodedata.name(c, "").split()
    if not words or words[-1].startswith("IDEOGRAPH-") or not words[-1].isalpha():
        return f"U+{ord(c):04X}"
    name = words[-1].lower()
    return name.capitalize() if "CAPITAL" in words else name


def _tokens(chars: list[str]) -> dict[str, str]:
    """Each character's name in a document: its letter's name, or its code point where two would read the same."""
    names = {c: _token(c) for c in chars}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {c: (name if counts[name] == 1 else f"U+{ord(c):04X}") for c, name in names.items()}


def _spelled(token: str) -> str:
    return r"\ensuremath{\langle\mathrm{" + token.replace("+", "{+}") + r"}\rangle}"


def _unicode(c: str, token: str) -> str:
    """What pdfLaTeX should print for a character outside ASCII, in text or in math (``token``: its name)."""
    if c in _SYMBOLS:
        return r"\ensuremath{" + _SYMBOLS[c] + "}"
    if c in _SUPERSCRIPTS:
        return r"\ensuremath{^{" + _SUPERSCRIPTS[c] + "}}"
    words = unicodedata.name(c, "").split()
    if words[:1] == ["GREEK"] and "LETTER" in words and len(words) <= 4:
        letter = words[-1].lower().replace("lamda", "lambda")
        letter = letter if "SMALL" in words else letter.capitalize()
        return r"\ensuremath{" + sp.latex(sp.Symbol(letter)) + "}"  # sympy knows the names: θ -> \theta, Α -> A
    base, *marks = unicodedata.normalize("NFD", c)  # canonical: é is e and an accent; a fullwidth ｘ is not x
    if marks and base.isascii() and base.isalpha() and all(m in _ACCENTS for m in marks):
        for mark in marks:
            base = "\\" + _ACCENTS[mark] + "{" + base + "}"
        return r"\ensuremath{\text{" + base + "}}"
    return _spelled(token)  # a script pdfLaTeX has no font for (一, ب): its name, distinct from every other


def _unknown(c: str) -> bool:
    return _unicode(c, "?").startswith(r"\ensuremath{\langle")


def declarations(body: str) -> str:
    r"""``\DeclareUnicodeCharacter`` for every character of ``body`` outside ASCII (pdfLaTeX only).

    A character with no glyph in pdfLaTeX's fonts (Arabic, Chinese, …) is
    written as its name in angle brackets, ⟨beh⟩, ⟨U+4E00⟩: two different
    characters never read the same (:func:`legend` says which is which).

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
    >>> print(*declarations("一 + ب").splitlines()[1:3], sep="\n")
    \DeclareUnicodeCharacter{0628}{\ensuremath{\langle\mathrm{beh}\rangle}}
    \DeclareUnicodeCharacter{4E00}{\ensuremath{\langle\mathrm{U{+}4E00}\rangle}}
    """
    chars = sorted({c for c in body if ord(c) > 127})
    if not chars:
        return ""
    tokens = _tokens([c for c in chars if _unknown(c)])
    lines = [rf"\DeclareUnicodeCharacter{{{ord(c):04X}}}{{{_unicode(c, tokens.get(c, ''))}}}" for c in chars]
    return "\\ifdefined\\DeclareUnicodeCharacter\n" + "\n".join(lines) + "\n\\fi\n"


def legend(body: str) -> str:
    r"""A sentence saying which character each ⟨name⟩ of ``body`` stands for (empty when there is none).

    Examples
    --------
    >>> print(legend("y = ب + x"))  # doctest: +NORMALIZE_WHITESPACE
    Names in scripts pdfLaTeX has no font for are written by name:
    \ensuremath{\langle\mathrm{beh}\rangle} is U+0628 (ARABIC LETTER BEH).
    """
    chars = sorted({c for c in body if ord(c) > 127 and _unknown(c)})
    if not chars:
        return ""
    tokens = _tokens(chars)
    said = [f"{_spelled(tokens[c])} is U+{ord(c):04X} ({escape(unicodedata.name(c, 'unnamed'))})" for c in chars]
    return "Names in scripts pdfLaTeX has no font for are written by name: " + "; ".join(said) + "."


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
