r"""The walkthrough as slides: a standalone Beamer deck whose graph and formulas share the explorer's colours.

One frame per step of the walkthrough (:mod:`explorer.walkthrough`): the graph
drawn in TikZ from the same pinned layout as the PNG frames
(:mod:`explorer.frames`, :mod:`explorer.tikz`), in the presentation theme, and
the step's formula (:mod:`explorer.typeset_modes`) with each path in its
colour. The file needs no images and nothing outside Debian's TeX Live
(``texlive-latex-recommended``, ``texlive-fonts-recommended``): ``pdflatex
slides.tex``. Unicode in labels and names (∂, ², σ, θ) is defined once in
the preamble with ``\DeclareUnicodeCharacter``.
"""

from __future__ import annotations

import re
import unicodedata

from . import layout, tikz
from .describe import rule_sentence
from .frames import pins, step_dot
from .modes import MODES
from .result import Analysis
from .typeset_modes import step_formula
from .walkthrough import steps

__all__ = ["THEME", "deck", "latex_colours", "unicode_declarations"]

#: The graph's theme on slides: large type, thick lines, white.
THEME = "slides"

#: Room for the graph on a 16:9 slide, in points (the formula goes below it).
GRAPH_WIDTH, GRAPH_HEIGHT = 390.0, 120.0

#: Characters the explorer prints, as LaTeX that works in text and in math.
SYMBOLS = {
    "∂": r"\partial",
    "·": r"\cdot",
    "−": "-",
    "→": r"\to",
    "√": r"\surd",
    "∞": r"\infty",
    "…": r"\dots",
    "⋯": r"\cdots",
    "×": r"\times",
    "≈": r"\approx",
    "∇": r"\nabla",
    "µ": r"\mu",
    **{s: f"^{{{d}}}" for s, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")},
}

_GREEK_CAPITALS = {"GAMMA", "DELTA", "THETA", "LAMBDA", "XI", "PI", "SIGMA", "UPSILON", "PHI", "PSI", "OMEGA"}
_GREEK_LATIN = {"ALPHA": "A", "BETA": "B", "EPSILON": "E", "ZETA": "Z", "ETA": "H", "IOTA": "I", "KAPPA": "K"}
_GREEK_LATIN |= {"MU": "M", "NU": "N", "OMICRON": "O", "RHO": "P", "TAU": "T", "CHI": "X"}


def _definition(ch: str) -> str | None:
    """LaTeX for one non-ASCII character; None when the input encoding already knows it (é)."""
    if ch in SYMBOLS:
        return r"\ensuremath{" + SYMBOLS[ch] + "}"
    name = unicodedata.name(ch, "")
    greek = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER ([A-Z ]+)", name)
    if greek:
        small, letter = greek.group(1) == "SMALL", greek.group(2)
        if small:
            command = {"OMICRON": "o", "FINAL SIGMA": r"\varsigma"}.get(letter, "\\" + letter.lower())
            return r"\ensuremath{" + command + "}"
        if letter in _GREEK_CAPITALS:
            return "\\ensuremath{\\" + letter.capitalize() + "}"
        return _GREEK_LATIN.get(letter, "?")
    base = unicodedata.normalize("NFKD", ch)[:1]
    if base.isascii() and base.isalpha():
        return None
    return r"\textbf{?}"


def unicode_declarations(text: str) -> str:
    r"""``\DeclareUnicodeCharacter`` lines for the non-ASCII characters of ``text``.

    Examples
    --------
    >>> print(unicode_declarations("∂u1/∂x = 2·x, θ²"))
    \DeclareUnicodeCharacter{00B2}{\ensuremath{^{2}}}
    \DeclareUnicodeCharacter{00B7}{\ensuremath{\cdot}}
    \DeclareUnicodeCharacter{03B8}{\ensuremath{\theta}}
    \DeclareUnicodeCharacter{2202}{\ensuremath{\partial}}
    """
    lines = []
    for ch in sorted({c for c in text if ord(c) > 127}):
        definition = _definition(ch)
        if definition is not None:
            lines.append(rf"\DeclareUnicodeCharacter{{{ord(ch):04X}}}{{{definition}}}")
    return "\n".join(lines)


def latex_colours(formula: str) -> str:
    r"""A formula's ``\color{#RRGGBB}`` (as the page's KaTeX reads it) in xcolor's ``\color[HTML]{RRGGBB}``.

    Examples
    --------
    >>> latex_colours(r"{\color{#0072B2}2 x}")
    '{\\color[HTML]{0072B2}2 x}'
    """
    return re.sub(r"\\color\{#([0-9A-Fa-f]{6})\}", r"\\color[HTML]{\1}", formula)


_PREAMBLE = r"""\RequirePackage{fix-cm}
\documentclass[aspectratio=169,11pt]{beamer}
\usepackage[T1]{fontenc}
\usepackage{helvet}
\renewcommand{\ttdefault}{pcr}
\usepackage{amsmath}
\usepackage{tikz}
\setbeamertemplate{navigation symbols}{}
"""


def _frame(title: str, subtitle: str, picture: str, scale: float, formula: str, note: str) -> str:
    return rf"""\begin{{frame}}[t]{{{title}}}
\framesubtitle{{{subtitle}}}
\centering
\scalebox{{{scale:.3f}}}{{%
{picture}%
}}

\vspace{{0.5em}}
\resizebox{{\ifdim\width>\linewidth\linewidth\else\width\fi}}{{!}}{{$\displaystyle {formula}$}}

\vfill
{{\scriptsize {note}}}
\end{{frame}}
"""


def deck(analysis: Analysis, mode: str = "paths", *, labels: str = "both") -> str:
    r"""The walkthrough of ``analysis`` in ``mode`` as a Beamer document that compiles with pdflatex.

    A title frame (the expression, the chain rule that applies), then one
    frame per step: the graph as the step leaves it, drawn in TikZ in the
    presentation theme, and the step's formula, its paths in their colours.

    Parameters
    ----------
    analysis : Analysis
    mode : {'paths', 'forward', 'reverse'}
    labels : {'both', 'symbolic', 'numeric'}
        Edge labels of the graph.

    Notes
    -----
    One Graphviz layout, then one Graphviz drawing per step (exported as JSON
    and written as TikZ): linear in the number of steps times the size of
    the graph.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> tex = deck(run("x*x**2"), "reverse")
    >>> r"\documentclass[aspectratio=169,11pt]{beamer}" in tex and tex.count(r"\begin{frame}") == 1 + 7
    True
    >>> r"\definecolor{gv0072B2}{HTML}{0072B2}" in tex and tex.rstrip().endswith(r"\end{document}")
    True
    """
    walk = steps(analysis, mode)
    pinned = pins(analysis, walk, labels=labels, theme=THEME)
    frames, used = [], set()
    for k, step in enumerate(walk):
        drawing = layout.to_json(step_dot(analysis, walk, k, pinned, labels=labels, theme=THEME), pinned=True)
        picture, colours = tikz.picture(drawing)
        used |= colours
        x0, y0, x1, y1 = (float(v) for v in drawing["bb"].split(","))
        scale = min(GRAPH_WIDTH / max(x1 - x0, 1.0), GRAPH_HEIGHT / max(y1 - y0, 1.0), 1.0)
        title = f"{MODES[mode]}: step {k + 1} of {len(walk)}"
        formula = latex_colours(step_formula(analysis, walk, k))
        frames.append(_frame(title, tikz.latex_text(step.title), picture, scale, formula, tikz.latex_text(step.note)))
    summary = tikz.latex_text(rule_sentence(analysis.rule, analysis.wrt, analysis.outputs, analysis.path_count))
    lines = [tikz.latex_text(line.strip()) for line in analysis.text.strip().splitlines() or [""]]
    opening = (
        rf"\begin{{frame}}{{{MODES[mode]}, step by step}}" + "\n"
        r"\begin{center}\Large\ttfamily " + r"\\ ".join(lines) + r"\end{center}" + "\n"
        rf"{summary}.\par\medskip" + "\n"
        rf"{{\small {len(walk)} steps: the values of the nodes, then "
        + {
            "paths": "one path at a time, its product joining the sum.",
            "forward": "the derivative of every node, from the input forward.",
            "reverse": "the adjoint of every node, from the output back.",
        }[mode]
        + "}\n\\end{frame}\n"
    )
    body = opening + "\n".join(frames)
    return (
        _PREAMBLE
        + tikz.colours(used)
        + "\n"
        + unicode_declarations(body)
        + "\n\\begin{document}\n"
        + body
        + "\\end{document}\n"
    )
