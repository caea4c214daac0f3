r"""The walkthrough as slides: a standalone Beamer deck whose graph and formulas share the explorer's colours.

One frame per step of the walkthrough (:mod:`explorer.calculus.walkthrough`): the graph
drawn in TikZ from the same pinned layout as the PNG frames
(:mod:`explorer.drawing.frames`, :mod:`explorer.exports.tikz`), in the presentation theme, and
the step's formula (:mod:`explorer.teach.modes`) with each path in its
colour. The file needs no images and nothing outside Debian's TeX Live
(``texlive-latex-recommended``, ``texlive-pictures``,
``texlive-fonts-recommended``): ``pdflatex slides.tex``. It is wrapped like
the LaTeX download (:func:`explorer.exports.texfile.standalone`): text escaped, and
Unicode in labels and names (∂, ², σ, θ) defined once in the preamble.
"""

from __future__ import annotations

from ..calculus.factoring import MODES
from ..calculus.result import Analysis
from ..drawing import layout, views
from ..drawing.frames import pins, step_dot
from ..teach.rules import rule_sentence
from ..teach.walkthrough import step_formula
from . import tikz
from .texfile import escape, standalone

__all__ = ["THEME", "deck"]

#: The graph's theme on slides: large type, thick lines, white.
THEME = "slides"

#: Room for the graph on a 16:9 slide, in points (the formula goes below it).
GRAPH_WIDTH, GRAPH_HEIGHT = 390.0, 120.0

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
    >>> from explorer.teach import explained
    >>> tex = deck(explained("x*x**2"), "reverse")
    >>> r"\documentclass[aspectratio=169,11pt]{beamer}" in tex and tex.count(r"\begin{frame}") == 1 + 7
    True
    >>> r"\definecolor{gv0072B2}{HTML}{0072B2}" in tex and tex.rstrip().endswith(r"\end{document}")
    True
    """
    walk = views.walk(analysis, mode)
    pinned = pins(analysis, walk, labels=labels, theme=THEME)
    frames, used = [], set()
    for k, step in enumerate(walk):
        drawing = layout.to_json(step_dot(analysis, walk, k, pinned, labels=labels, theme=THEME), pinned=True)
        picture, colours = tikz.picture(drawing)
        used |= colours
        x0, y0, x1, y1 = (float(v) for v in drawing["bb"].split(","))
        scale = min(GRAPH_WIDTH / max(x1 - x0, 1.0), GRAPH_HEIGHT / max(y1 - y0, 1.0), 1.0)
        title = f"{MODES[mode]}: step {k + 1} of {len(walk)}"
        formula = step_formula(analysis, walk, k, document=True)
        frames.append(_frame(title, escape(step.title), picture, scale, formula, escape(step.note)))
    summary = escape(rule_sentence(analysis.rule, analysis.wrt, analysis.outputs, analysis.path_count))
    lines = [escape(line.strip()) for line in analysis.text.strip().splitlines() or [""]]
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
    return standalone(_PREAMBLE + tikz.colours(used) + "\n", opening + "\n".join(frames))
