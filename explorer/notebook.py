"""How a notebook shows an analysis: the graph, the path table and the sum, in HTML, SVG, LaTeX and text.

Registers :func:`mimebundle` in :func:`explorer.calculus.result.rich_display` for
:class:`~explorer.calculus.result.Analysis`; importing :mod:`explorer` does it.
Jupyter shows the richest form it can: HTML (the rule, the graph, a table
of the paths in their colours and the coloured sum), else the SVG, the
LaTeX of the sum (MathJax, and nbconvert's PDF) or the short text form. The
graph is drawn in a worker (:mod:`explorer.bounded`); without a Graphviz
renderer, or when the drawing does not finish, the rest is shown without it.
Every text from the expression is escaped.
"""

from __future__ import annotations

import contextlib
import html
import re

from .bounded import draw
from .calculus.result import Analysis, rich_display
from .colours import colour
from .errors import ExplorerError
from .language.printing import derivative, number, path_label
from .language.printsize import parenthesised, shown
from .teach.paths import PAGE_PATHS, path_equation, sum_over_paths
from .teach.report import graph_description
from .teach.rules import check_sentence

__all__ = ["html_view", "latex_view", "mimebundle"]

_CSS = (
    "<style>.cre-nb table{border-collapse:collapse;margin:.5em 0}"
    ".cre-nb td,.cre-nb th{padding:.25em .7em;text-align:left;border-bottom:1px solid #8884}"
    ".cre-nb .chip{display:inline-block;min-width:1.8em;border-radius:.35em;color:#000;font-weight:700;"
    "text-align:center}.cre-nb figure{margin:.5em 0;overflow-x:auto}</style>"
)


def _chip(k: int) -> str:
    return f'<span class="chip" style="background:{colour(k)}">{k + 1}</span>'


def _term(k: int, text: str) -> str:
    return f'<span style="color:{colour(k)};font-weight:600">{html.escape(text)}</span>'


def html_view(analysis: Analysis, svg: str | None = None) -> str:
    """The analysis as HTML: rule, graph (when drawn), a table of the first paths, the coloured sum, the check.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> view = html_view(explained("x*x**2"))
    >>> view.count("<tr>"), "<td>∂u1/∂x·∂y/∂u1 = 2·x · x = 2·x²</td><td>0.5</td>" in view
    (3, True)
    """
    a = analysis
    parts = [_CSS, '<div class="cre-nb">', f"<p><strong>{html.escape(a.summary)}</strong></p>"]
    if svg:
        svg = re.sub(r"^.*?(?=<svg)", "", svg, flags=re.S)  # no XML declaration or doctype inside HTML
        parts.append(f'<figure role="img" aria-label="{html.escape(graph_description(a))}">{svg}</figure>')
    if a.paths:
        rows = "".join(
            f"<tr><td>{_chip(k)}</td><td>{html.escape(path_label(p.nodes))}</td>"
            f"<td>{html.escape(path_equation(a, p, value=False))}</td><td>{html.escape(number(p.value))}</td></tr>"
            for k, p in enumerate(a.paths[:PAGE_PATHS])
        )
        head = "<tr><th>Path</th><th>Nodes</th><th>Product of local partials</th><th>Value</th></tr>"
        parts.append(f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>")
        if a.path_count > min(PAGE_PATHS, len(a.paths)):
            parts.append(f"<p>{a.path_count:,} paths in all; the first {min(PAGE_PATHS, len(a.paths))} are listed.</p>")
    at = ", ".join(f"{n} = {number(v)}" for n, v in a.point.items())
    for k, output in enumerate(a.outputs if a.wrt else ()):
        terms = [
            _term(i, parenthesised(p.product_expr)) for i, p in enumerate(a.paths[:PAGE_PATHS]) if p.output == output
        ]
        more = " + ⋯" if len(terms) < a.path_counts[k] else ""
        sides = [
            " + ".join(terms) + more if terms else "0",
            html.escape(shown(a.totals[k])),
            number(a.total_values[k]),
        ]
        line = " = ".join(dict.fromkeys(sides))  # no side twice
        parts.append(f"<p>{html.escape(derivative(output, a.wrt))} = {line} at {html.escape(at)}</p>")
    if a.wrt:
        parts.append(f"<p>Checked against sympy.diff: the sum {html.escape(check_sentence(a))}.</p>")
    parts.append("</div>")
    return "".join(parts)


def latex_view(analysis: Analysis) -> str:
    r"""The sums over paths in LaTeX, coloured for MathJax and LaTeX alike (``\color[RGB]``).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> latex_view(explained("x*x**2")).startswith(r"$$\begin{aligned}\frac{dy}{dx} &= \underbrace{{\color[RGB]{0,114")
    True
    """
    if not analysis.wrt:
        return "$$" + r"\text{" + analysis.summary.replace("_", r"\_") + "}$$"
    return "\n".join("$$" + sum_over_paths(analysis, k, document=True) + "$$" for k in range(len(analysis.outputs)))


@rich_display.register
def mimebundle(analysis: Analysis, include=None, exclude=None) -> dict:
    """The representations Jupyter may show: HTML, SVG (when it can be drawn), LaTeX and plain text.

    ``include`` and ``exclude`` (MIME types) are honoured as IPython asks.

    Examples
    --------
    >>> from explorer import analyze
    >>> sorted(mimebundle(analyze("sin(x**2)")))
    ['image/svg+xml', 'text/html', 'text/latex', 'text/plain']
    """
    svg = None
    with contextlib.suppress(ExplorerError):  # no renderer, busy or out of time: the rest says enough
        svg = draw(analysis)
    bundle = {"text/plain": repr(analysis), "text/html": html_view(analysis, svg), "text/latex": latex_view(analysis)}
    if svg:
        bundle["image/svg+xml"] = svg
    if include:
        bundle = {k: v for k, v in bundle.items() if k in include}
    if exclude:
        bundle = {k: v for k, v in bundle.items() if k not in exclude}
    return bundle
