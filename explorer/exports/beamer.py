r"""The walkthrough as slides: a 16:9 Beamer deck that pdflatex compiles, laid out so that all of it can be read.

A title frame (the expression as typed, the chain rule that applies, the point,
what the walkthrough does, the check against ``sympy.diff``), then a frame per
step (:mod:`explorer.calculus.walkthrough`): the graph as the step leaves it,
drawn in TikZ (:mod:`explorer.exports.tikz`) from one pinned layout, and beside
or under it the step's formula, its paths in their colours, and what the step
teaches. The graph is laid out for the frame (:func:`explorer.drawing.slide.fit`):
left to right or top to bottom, its labels on fewer lines or condensed where
needed, so that its type comes out at least :data:`SMALLEST` points; a graph
too large for that is left out, and the frame says so. TeX itself picks, of the
step's formula and its shorter forms (:func:`explorer.teach.walkthrough.step_formulas`),
the first that fits the room left for it, so no formula is shrunk or runs off
the frame. The file needs no images and nothing outside Debian's TeX Live
(``texlive-latex-recommended``, ``texlive-pictures``, ``texlive-fonts-recommended``):
``pdflatex slides.tex``. It is wrapped like the LaTeX download
(:func:`explorer.exports.texfile.standalone`): text escaped, and Unicode in
labels and names defined once in the preamble.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..calculus.factoring import MODES
from ..calculus.plot import plot
from ..calculus.result import Analysis
from ..calculus.walkthrough import WalkStep, clipped
from ..drawing import layout, views
from ..drawing.labels import BARE, VALUES
from ..drawing.slide import Fitted, Room, fit
from ..teach.rules import check_sentence, rule_sentence
from ..teach.statements import statements
from ..teach.walkthrough import step_formulas
from . import slope, tikz
from .document import width
from .texfile import escape, legend, standalone

__all__ = ["SMALLEST", "THEME", "deck"]

#: The graph's theme on slides: dark ink on white (drawn in its compact variant).
THEME = "slides"

#: The smallest type on a frame, in points (the graph's labels, the formula's scripts, the notes).
SMALLEST = 8.2

#: The frame: Beamer's 16:9, 160 mm × 90 mm, in points; its side margins; the height under the title.
PAPER_WIDTH = 453.54
MARGIN = 12.8
TEXT_WIDTH = PAPER_WIDTH - 2 * MARGIN
CONTENT_HEIGHT = 200.0

#: Under a wide graph, a band for the formula and, beside it, the note; the formula's share of its width.
FORMULA_BAND, FORMULA_SHARE = 44.0, 0.62

#: Beside a tall graph, the room the note takes under the formula.
NOTE_BAND = 44.0

#: Beside a tall graph, its share of the width at most; the gap between the columns.
GRAPH_SHARE, GAP = 0.64, 8.0

#: Where the graph goes: under it the formula and the note, or beside it.
ROOM = Room(  # less the width of the thickest line, which TikZ counts and Graphviz does not
    under=(TEXT_WIDTH - 10, CONTENT_HEIGHT - FORMULA_BAND - 10),
    beside=(GRAPH_SHARE * TEXT_WIDTH, CONTENT_HEIGHT - 4),
    largest=1.1,  # a small graph no larger than this: the formula under it gets the rest
)

#: Characters of a step's title on a frame's one line (the rest of a longer one is cut out of its middle).
SUBTITLE_CHARS = 84

#: Each of the slope picture's two charts on the last frame, in points.
SLOPE_SIZE = (150.0, 110.0)

#: Rows of the program the title frame writes out; past them, the first and the last.
TITLE_ROWS = 8

#: A formula estimated wider than this many characters is not even tried (TeX's dimensions end at 16,383 pt).
WIDEST_TRY = 400

_PREAMBLE = r"""%% The chain rule, step by step: slides written by Chain Rule Explorer. Compile with pdflatex.
\RequirePackage{fix-cm}
\documentclass[aspectratio=169,11pt]{beamer}
\usepackage[T1]{fontenc}
\usepackage{helvet}
\renewcommand{\ttdefault}{pcr}
\usepackage{amsmath,amssymb}
\usepackage{mathrsfs}
\usepackage{tikz}
\setbeamertemplate{navigation symbols}{}
\setbeamersize{text margin left=MARGINpt, text margin right=MARGINpt}
\setbeamerfont{frametitle}{size=\large}
\setbeamerfont{framesubtitle}{size=\footnotesize}
\setbeamertemplate{frametitle}{\vskip3pt{\usebeamerfont{frametitle}\usebeamercolor[fg]{frametitle}\insertframetitle}%
\par{\usebeamerfont{framesubtitle}\usebeamercolor[fg]{framesubtitle}\insertframesubtitle}\par\vskip1pt}
% scripts no smaller than the notes: a superscript such as 10^{-20} stays legible
\DeclareMathSizes{10.95}{10.95}{8.5}{6.5}
\newcommand{\explorernote}{\fontsize{8.6}{10}\selectfont}
% \explorertry{width}{height}{formula}: keep the first formula that fits (see \explorershow)
\newsavebox\explorerbox
\newif\ifexplorerfits
\newcommand{\explorertry}[3]{\ifexplorerfits\else\sbox\explorerbox{#3}%
\ifdim\wd\explorerbox>#1\relax\else\ifdim\dimexpr\ht\explorerbox+\dp\explorerbox\relax>#2\relax\else
\explorerfitstrue\fi\fi\fi}
\newcommand{\explorershow}{\ifexplorerfits\usebox\explorerbox\else
{\explorernote (too large for a slide: the step's title above says what it computes)}\fi}
""".replace("MARGIN", f"{MARGIN:g}")


def _chooser(forms: Sequence[str], room_width: float, room_height: float) -> str:
    """TeX that typesets the first of ``forms`` (display math) fitting ``room_width`` × ``room_height`` points."""
    tries = [
        rf"\explorertry{{{room_width:.1f}pt}}{{{room_height:.1f}pt}}{{$\displaystyle {form}$}}%"
        for form in forms
        if width(form) <= WIDEST_TRY
    ]
    return "\n".join([r"\explorerfitsfalse%", *tries, r"\explorershow"])


def _picture(fitted: Fitted, k: int, used: set[str]) -> str:
    drawing = layout.to_json(fitted.laid.dot(k), pinned=True)
    picture, colours = tikz.picture(drawing)
    used |= colours
    return rf"\scalebox{{{fitted.scale:.4f}}}{{%" + "\n" + picture + "%\n}"


def _frame(title: str, step: WalkStep, picture: str | None, formula: Sequence[str], fitted: Fitted | None) -> str:
    subtitle = escape(clipped(step.title, SUBTITLE_CHARS))
    head = rf"\begin{{frame}}[t]{{{title}}}" + "\n" + rf"\framesubtitle{{{subtitle}}}" + "\n"
    head += "\\vspace*{-6pt}%\n"  # the frame's body starts right under the title: the room is counted from there
    note = rf"{{\explorernote {escape(step.note)}\par}}"
    if picture is None:  # no legible drawing: the formula has the frame
        return (
            head
            + _chooser(formula, TEXT_WIDTH, CONTENT_HEIGHT - NOTE_BAND)
            + "\n\n\\vfill\n"
            + note
            + "\n\\end{frame}\n"
        )
    width, height = (side * fitted.scale for side in fitted.laid.size)
    if fitted.beside:
        column = TEXT_WIDTH - width - 5 - GAP
        body = (
            r"\begin{columns}[T,onlytextwidth]" + "\n"
            rf"\begin{{column}}{{{width + 5:.1f}pt}}\centering" + "\n" + picture + "\n\\end{column}\n"
            rf"\begin{{column}}{{{column:.1f}pt}}\raggedright"
            + "\n"
            + _chooser(formula, column, CONTENT_HEIGHT - NOTE_BAND)
            + "\n\n\\medskip\n"
            + note
            + "\n\\end{column}\n\\end{columns}\n"
        )
    else:
        formula_width = FORMULA_SHARE * TEXT_WIDTH
        body = (
            r"{\centering" + "\n" + picture + "\\par}\n\\vspace{4pt}\n"
            r"\begin{columns}[T,onlytextwidth]" + "\n"
            rf"\begin{{column}}{{{formula_width:.1f}pt}}"
            + "\n"
            + _chooser(formula, formula_width, max(FORMULA_BAND, CONTENT_HEIGHT - height - 14))  # what the graph leaves
            + "\n\\end{column}\n"
            rf"\begin{{column}}{{{TEXT_WIDTH - formula_width - GAP:.1f}pt}}\raggedright"
            + "\n"
            + note
            + "\n\\end{column}\n\\end{columns}\n"
        )
    return head + body + r"\end{frame}" + "\n"


def _title_frame(analysis: Analysis, mode: str, walk: Sequence[WalkStep], fitted: Fitted | None) -> str:
    """The expression as typed, the rule, the point, what the steps do, and the check."""
    lines = [f"{lhs} &= {rhs}" for lhs, rhs in statements(analysis)]
    short = lines if len(lines) <= TITLE_ROWS else [*lines[: TITLE_ROWS - 2], r"&\ \vdots", lines[-1]]
    forms = list(
        dict.fromkeys(r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}" for rows in (lines, short, lines[-1:]))
    )
    summary = rule_sentence(analysis.rule, analysis.wrt, analysis.outputs, analysis.path_count)
    point = ", ".join(f"{name} = {value:g}" for name, value in analysis.point.items())
    what = {
        "paths": "the values of the nodes, then one path at a time, its product joining the sum.",
        "forward": "the values of the nodes, then the derivative of every node, from the input forward.",
        "reverse": "the values of the nodes, then the adjoint of every node, from the output back.",
    }[mode]
    words = [f"{summary}.", f"At {point}." if point else "", f"{len(walk)} steps: {what}"]
    if analysis.wrt is not None:  # as the page says it
        oracle = "sympy.Matrix.jacobian" if analysis.by_vector else "sympy.diff"
        checked = analysis.verification != "unchecked"
        words.append(
            f"Checked against {oracle}: the sum {check_sentence(analysis)}."
            if checked
            else f"The sum was not checked against {oracle}."
        )
    if fitted is None:
        words.append("The graph is too large to draw legibly on a slide: the PNG and SVG downloads draw it.")
    else:
        if fitted.laid.shown.note:
            words.append(fitted.laid.shown.note)
        if fitted.laid.labels in (VALUES, BARE):
            words.append(
                "On these slides the graph's nodes show their values"
                + (" and its edges their partials' values" if fitted.laid.labels == VALUES else "")
                + "; each step's formula writes out the rest."
            )
    text = " ".join(escape(w) for w in words if w)
    return (
        rf"\begin{{frame}}[t]{{The chain rule, step by step: {MODES[mode].lower()}}}" + "\n"
        r"\vspace{6pt}{\centering " + _chooser(forms, TEXT_WIDTH, 110) + r"\par}" + "\n"
        r"\vspace{8pt}{\small\raggedright " + text + r"\par}" + "\n\\end{frame}\n"
    )


def _slope_frame(analysis: Analysis, used: set[str]) -> str:
    """The last frame: f near the point with its tangent and each path's line, and f′ (the first entry)."""
    curves = plot(analysis, curves=1).curves
    if not curves:
        return ""
    words = "The derivative is the slope of the tangent" + (
        "; each path alone gives a line of its own." if analysis.path_count > 1 else "."
    )
    return (
        r"\begin{frame}[t]{The slope}"
        + "\n"
        + rf"\framesubtitle{{{escape(words)}}}"
        + "\n"
        + "\n".join(slope.pictures(curves[0], used, SLOPE_SIZE)).replace(r"{\small ", r"{\explorernote ")
        + "\n\\end{frame}\n"
    )


def deck(analysis: Analysis, mode: str = "paths", *, labels: str = "both") -> str:
    r"""The walkthrough of ``analysis`` in ``mode`` as a 16:9 Beamer document that compiles with pdflatex.

    A title frame, then one frame per step: the graph as the step leaves it,
    drawn in TikZ, and the step's formula, its paths in their colours, beside
    or under it; last, the slope picture (:mod:`explorer.exports.slope`).
    Nothing on a frame is set smaller than :data:`SMALLEST` points.

    Parameters
    ----------
    analysis : Analysis
    mode : {'paths', 'forward', 'reverse'}
    labels : {'both', 'symbolic', 'numeric'}
        Edge labels of the graph, as far as the frame has room for them.

    Raises
    ------
    TooLargeError
        When the walkthrough has more steps than a deck is made of
        (:data:`explorer.calculus.walkthrough.MAX_STEPS`).

    Notes
    -----
    At most a few Graphviz layouts to fit the frame, then one drawing per
    step: linear in the number of steps times the size of what is drawn.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> tex = deck(explained("x*x**2"), "reverse")
    >>> r"\documentclass[aspectratio=169,11pt]{beamer}" in tex and tex.count(r"\begin{frame}") == 1 + 7 + 1
    True
    >>> r"\definecolor{gv0072B2}{HTML}{0072B2}" in tex and tex.rstrip().endswith(r"\end{document}")
    True
    >>> r"y &= x \cdot x^{2}" in tex  # the title frame: the expression as typed
    True
    """
    fitted = fit(analysis, mode, ROOM, labels=labels, theme=THEME, smallest=SMALLEST)
    walk = views.walk(analysis, mode) if fitted is None else fitted.laid.walk
    used: set[str] = set()
    frames = []
    for k, step in enumerate(walk):
        picture = _picture(fitted, k, used) if fitted is not None else None
        title = f"{MODES[mode]}: step {k + 1} of {len(walk)}"
        formula = step_formulas(analysis, walk, k, document=True)
        frames.append(_frame(escape(title), step, picture, formula, fitted))
    frames.append(_slope_frame(analysis, used))
    opening = _title_frame(analysis, mode, walk, fitted)
    names = legend(opening + "".join(frames))  # names in scripts with no font: which is which
    opening = opening.replace(r"\par}" + "\n\\end{frame}", (" " + names if names else "") + r"\par}" + "\n\\end{frame}")
    return standalone(_PREAMBLE + tikz.colours(used) + "\n", "\n".join([opening, *frames]))
