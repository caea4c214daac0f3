"""Chain Rule Explorer: the Streamlit page (``streamlit run app.py``).

A thin shell: it reads the expression, the input variable and the point from
the widgets (all bound to the address bar, so the URL is a share link), asks
:mod:`explorer` for the analysis and the drawing, and shows them. The math
lives in the package. Calls into it are cached here, at the UI boundary, on
plain values only; nothing per-visitor is kept at module level.

User text is never shown as Markdown, HTML or LaTeX source: it goes to plain
text elements, to Markdown only after :func:`plain` escapes it, and to LaTeX
only as sympy's rendering of the parsed expression.
"""

from __future__ import annotations

import logging
import re
from functools import partial
from itertools import pairwise

import streamlit as st
import sympy as sp

import explorer
from explorer import bounded, export, printing, render
from explorer.analysis import RULES, Analysis
from explorer.bounded import BusyError
from explorer.examples import EXAMPLES, Example
from explorer.request import Rejection, Request

LOG = logging.getLogger(__name__)

DEFAULT_TEXT = EXAMPLES[0].text
POINT_KEY = "at_"  # number inputs are keyed at_<variable>, and so are their URL parameters
LABELS = {"both": "Both", "symbolic": "Symbolic", "numeric": "Numeric"}
THEMES = {"light": "Light", "dark": "Dark", "transparent": "Transparent"}
PLACEHOLDER = "x + x**2   ·   sin(x + x^2)   ·   [ln(x^2), sin(3x)]   ·   u1 = x**3; y = sin(u1)"
POINT_COLUMNS = 6
MAX_POINT_INPUTS = 24  # more inputs than this are listed in an expander
PAGE_PATHS = 20  # paths listed in the table and terms in the sum; the rest are counted, not shown
ELIDE_KEEP = 3  # a path of more steps shows its first and last three, with ⋯ between
MAX_TEX = 40_000  # characters of LaTeX per formula; longer ones are left to the download
TABLE_STEPS = 3  # the path table spells out the local partials of paths up to this long
TERMS_PER_LINE = 3  # terms of the sum per displayed line, so long sums wrap
PT_TO_PX = 96 / 72  # Graphviz sizes SVGs in points
GRAPH_ZOOM = 1.5  # drawn larger than natural size, for a projector
MAX_FIXED_WIDTH = 760  # wider graphs stretch to the page (a fixed width larger than the page overflows)


# -- cached calls into explorer (plain values in, plain values out) --------------------------------


@st.cache_data(max_entries=512, show_spinner=False)
def analyse(request: Request) -> Analysis | Rejection:
    """The analysis of one request, or why it was refused.

    Refusals are cached too, so an input that ran out of time is not run again
    on every rerun; a full worker pool is not the input's fault and is raised
    (uncached) for the visitor to try again.
    """
    try:
        if request.point:
            # only the numbers depend on the point: reuse the cached symbolic analysis
            base = analyse(request._replace(point=()))
            return base if isinstance(base, Rejection) else base.at(dict(request.point))
        return explorer.analyze(request.text, request.wrt, share=request.share)
    except BusyError:
        raise
    except explorer.ExpressionError as err:
        return Rejection.from_error(err)


def analysed(request: Request) -> Analysis:
    """The cached analysis of a request that is known to succeed."""
    result = analyse(request)
    if isinstance(result, Rejection):
        raise explorer.ExpressionError(result.message)
    return result


@st.cache_data(max_entries=512, show_spinner=False)
def dot_source(request: Request, highlight: int | None, labels: str, theme: str) -> str:
    """The DOT source of the graph; the highlight and labels reuse the cached analysis."""
    # printing large expressions holds the GIL for a while: do it in a worker, like the analysis
    return bounded.run(render.to_dot, analysed(request), highlight=highlight, labels=labels, theme=theme)


@st.cache_data(max_entries=512, show_spinner=False)
def svg_of(dot: str) -> str:
    """SVG drawn on the server, so the page shows exactly what the download holds."""
    return export.to_svg(dot)


@st.cache_data(max_entries=64, show_spinner=False)
def png_of(dot: str, scale: int) -> bytes:
    """PNG at ``scale`` times the natural size, for slides."""
    return export.to_png(dot, scale=scale)


@st.cache_data(max_entries=256, show_spinner=False)
def latex_of(request: Request) -> str:
    """The derivation as a LaTeX document fragment."""
    return bounded.run(export.to_latex, analysed(request), step="writing the LaTeX")


@st.cache_data(max_entries=256, show_spinner=False)
def json_of(request: Request) -> str:
    """The analysis as JSON."""
    return bounded.run(export.to_json, analysed(request), step="writing the JSON")


@st.cache_data(show_spinner=False, ttl=60)
def renderer() -> str | None:
    """Which Graphviz is available: 'dot', 'graphviz-pure' or None."""
    return export.renderer()


# -- safe text -------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&\"'])")


def plain(text: str) -> str:
    """Escape text for a Markdown element so that it is shown literally.

    CommonMark lets a backslash escape any ASCII punctuation; that also disarms
    HTML, Streamlit's ``$`` math, ``:color[...]`` and ``:emoji:`` directives.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def code(name: str) -> str:
    """A variable name as inline code in Markdown (names never contain backticks)."""
    return "`" + name.replace("`", "'") + "`"


def tex(expr: sp.Basic) -> str:
    """LaTeX of a sympy object (never of user text)."""
    return sp.latex(expr)


def tex_name(name: str) -> str:
    """LaTeX for a node id such as ``u1`` (printed by sympy as ``u_{1}``)."""
    return sp.latex(sp.Symbol(name))


def tex_value(value: float | None) -> str:
    """A value at the point, in LaTeX."""
    if value is None:
        return r"\text{undefined}"
    return r"\text{" + printing.number(value) + "}"


# -- page parts ------------------------------------------------------------------------------------


def main() -> None:
    """Draw the whole page."""
    st.set_page_config(page_title="Chain Rule Explorer", page_icon="∂", layout="wide")
    share = sidebar_ui()
    st.title("Chain Rule Explorer")
    st.caption(
        "Type an expression; see every path from the input to the output, the product of local "
        "derivatives along each path, and how they add up to the derivative."
    )
    top = st.columns([5, 1.2], vertical_alignment="bottom")
    with top[0]:
        text = st.text_input(
            "Expression",
            value=DEFAULT_TEXT,
            key="expr",
            bind="query-params",
            placeholder=PLACEHOLDER,
            help="Python-style arithmetic: + − * / ** (or ^), functions such as sin, ln, exp, sigmoid, "
            "relu; [f1, f2] for a vector; `name = expression` lines (or ; between them) for a program.",
        )
    if not (text or "").strip():
        empty_ui()
        return
    try:
        explorer_ui(text, share, top[1])
    except BusyError as err:  # rendering and exports use the same bounded pool as the analysis
        busy_ui(err)
    except explorer.ExpressionError as err:  # a drawing or export that ran out of time
        st.error(plain(err.message), icon=":material/error:")
    except Exception:  # a visitor never sees a traceback; the log keeps it
        LOG.exception("drawing failed for %r", text)
        st.error("Something went wrong while drawing this expression. Please try another form of it.")


def explorer_ui(text: str, share: bool, corner) -> None:
    """Everything below the input: rule, graph, paths, sum, checks, Jacobians, exports."""
    base = run(Request(text, None, (), share))
    if base is None:
        return
    with corner:
        wrt = wrt_ui(base)
    point = point_ui(base)
    request = request_for(base, text, wrt, point, share)
    analysis = run(request)
    if analysis is None:
        return
    rule_ui(analysis)
    highlight = graph_ui(request, analysis)
    if analysis.wrt is not None:
        paths_ui(analysis, highlight)
        sum_ui(analysis)
    if analysis.is_vector:
        jacobian_ui(analysis)
    notes_ui(analysis)
    export_ui(request, highlight)


def request_for(base: Analysis, text: str, wrt: str | None, point: dict[str, float], share: bool) -> Request:
    """The request for the chosen wrt and point; defaults map to the base request (one cache entry)."""
    chosen = tuple((name, float(point[name])) for name in base.inputs if name in point)
    if chosen == tuple(base.point.items()):
        chosen = ()
    return Request(text, None if wrt == base.wrt else wrt, chosen, share)


def run(request: Request) -> Analysis | None:
    """Analyse, showing a refusal (or an internal failure) as a message instead of a traceback."""
    try:
        with st.spinner("Analysing…"):
            result = analyse(request)
    except BusyError as err:
        busy_ui(err)
        return None
    except Exception:  # a visitor never sees a traceback; the log keeps it
        LOG.exception("analysis failed for %r", request)
        st.error("Something went wrong while analysing this expression. Please try another form of it.")
        return None
    if isinstance(result, Rejection):
        error_ui(result, request.text)
        return None
    return result


def busy_ui(err: BusyError) -> None:
    """Every worker is busy: say so, and offer to try again (nothing was cached)."""
    st.warning(plain(err.message), icon=":material/hourglass_top:")
    st.button("Try again", key="retry", icon=":material/refresh:")


def error_ui(rejection: Rejection, text: str) -> None:
    """The message in words and, when it has a place, the line with a caret under the column."""
    st.error(plain(rejection.message), icon=":material/error:")
    if rejection.source_line is not None and rejection.column is not None:
        shown = rejection.source_line.replace("\t", " ")
        st.code(f"{shown}\n{' ' * (rejection.column - 1)}^", language=None)
        if rejection.line and "\n" in text.strip():
            st.caption(f"Line {rejection.line}, column {rejection.column}.")


def sidebar_ui() -> bool:
    """The gallery and the graph options; returns whether identical subexpressions are merged."""
    with st.sidebar:
        st.header("Examples")
        for i, example in enumerate(EXAMPLES):
            st.button(
                example.title,
                key=f"gallery_{i}",
                help=example.note,
                on_click=open_example,
                args=(example,),
                width="stretch",
            )
        st.divider()
        share = st.toggle(
            "Merge identical subexpressions",
            value=True,
            key="share",
            bind="query-params",
            help="On: x**2 typed twice is one node. Off: the graph mirrors every operation as typed.",
        )
        st.caption(
            "After Parr & Howard, *The Matrix Calculus You Need For Deep Learning*: the single-variable, "
            "total-derivative and vector chain rules."
        )
    return share


def open_example(example: Example) -> None:
    """Gallery callback: load an example with its input variable and the default point."""
    st.session_state["expr"] = example.text
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(POINT_KEY)]:
        del st.session_state[key]
    if example.wrt is None:
        st.session_state.pop("wrt", None)
    else:
        st.session_state["wrt"] = example.wrt
    st.session_state.pop("highlight", None)


def empty_ui() -> None:
    """A friendly start: what to type, and the gallery as cards."""
    st.info(
        "Type an expression above, or open one of the examples below. "
        "Try `x + x**2`: x reaches the output along two paths.",
        icon=":material/edit:",
    )
    columns = st.columns(3)
    for i, example in enumerate(EXAMPLES):
        with columns[i % 3].container(border=True):
            st.markdown(f"**{plain(example.title)}**")
            st.code(example.text, language=None)
            st.caption(plain(example.note))
            st.button("Open", key=f"card_{i}", on_click=open_example, args=(example,))


def wrt_ui(base: Analysis) -> str | None:
    """The input variable to differentiate by (bound to ?wrt=)."""
    if not base.inputs:
        st.selectbox("Differentiate by", ["—"], key="wrt_none", disabled=True)
        return None
    options = list(base.inputs)
    return st.selectbox(
        "Differentiate by",
        options,
        index=options.index(base.wrt) if base.wrt in options else 0,
        key="wrt",
        bind="query-params",
    )


def point_ui(base: Analysis) -> dict[str, float]:
    """One number input per variable (bound to ?at_x=...); defaults from the engine."""
    if not base.inputs:
        return {}
    names = list(base.inputs)
    box = st.expander("Evaluate at", expanded=True) if len(names) > MAX_POINT_INPUTS else st.container()
    point: dict[str, float] = {}
    with box:
        columns = st.columns(POINT_COLUMNS)
        for i, name in enumerate(names):
            with columns[i % len(columns)]:
                point[name] = st.number_input(
                    f"{plain(name)} =",  # labels are Markdown
                    value=float(base.point[name]),
                    step=0.1,
                    format="%g",
                    key=POINT_KEY + name,
                    bind="query-params",
                )
    return point


def rule_words(analysis: Analysis) -> str:
    """The rule in words, as Markdown with names as inline code."""
    rule = RULES.get(analysis.rule, analysis.rule)
    if analysis.wrt is None:
        return f"**{rule}**: the expression has no variables, so there is nothing to differentiate"
    wrt = code(analysis.wrt)
    count = analysis.path_count
    paths = f"{count:,} path" + ("" if count == 1 else "s")
    if analysis.is_vector:
        outputs = len(analysis.outputs)
        return f"**{rule}**: {outputs} outputs; {wrt} reaches them through {paths}"
    output = code(analysis.outputs[0])
    if analysis.rule == "none" or count == 0:
        return f"**{rule}**: {wrt} does not reach {output}, so the derivative is 0"
    return f"**{rule}**: {wrt} reaches {output} through {paths}"


def rule_ui(analysis: Analysis) -> None:
    """The rule, in words, at the top of the results."""
    st.markdown(f"### {rule_words(analysis)}")


def graph_ui(request: Request, analysis: Analysis) -> int | None:
    """Options, then the graph drawn on the server; returns the highlighted path."""
    st.subheader("Data-flow graph")
    options = st.columns([3, 2, 2], vertical_alignment="bottom")
    with options[0]:
        choices = [None, *range(len(analysis.paths))]
        highlight = st.selectbox(
            "Highlight",
            choices,
            format_func=lambda i: (
                "All paths" if i is None else f"Path {i + 1}: {printing.path_label(analysis.paths[i].nodes)}"
            ),
            key="highlight",
            disabled=len(analysis.paths) < 2,
        )
    with options[1]:
        labels = st.segmented_control(
            "Edge labels",
            list(LABELS),
            format_func=LABELS.get,
            default="both",
            required=True,
            key="labels",
            bind="query-params",
        )
    with options[2]:
        theme = st.segmented_control(
            "Graph background",
            list(THEMES),
            format_func=THEMES.get,
            default=page_theme(),
            required=True,
            key="graph_theme",
            bind="query-params",
        )
    dot = dot_source(request, highlight, labels or "both", theme or page_theme())
    if renderer() is None:
        st.graphviz_chart(dot)
        st.caption("Graphviz is not installed on this server, so the browser draws the graph; no SVG or PNG export.")
    else:
        graph_image(svg_of(dot))
    return highlight


def page_theme() -> str:
    """'dark' when the visitor's page is dark, else 'light': the graph's default background."""
    return "dark" if st.context.theme.type == "dark" else "light"


def graph_image(svg: str) -> None:
    """Show the server-rendered SVG as an image: the same bytes as the SVG download.

    An ``<img>`` runs no script and needs no HTML sanitiser (``st.html`` strips
    SVG); it is drawn a little larger than Graphviz's natural size so that it
    reads well on a projector, and never wider than the page.
    """
    match = re.search(r'<svg[^>]*\swidth="([0-9.]+)pt"', svg)
    width: int | str = "stretch"
    if match and float(match.group(1)) * PT_TO_PX * GRAPH_ZOOM <= MAX_FIXED_WIDTH:
        width = int(float(match.group(1)) * PT_TO_PX * GRAPH_ZOOM)
    st.image(svg, width=width, caption="Each colour is one path; an edge on several paths carries all their colours.")


def path_colors(analysis: Analysis) -> list[str]:
    """The colour of each listed path, as drawn in the graph."""
    return [render.colour(i) for i in range(len(analysis.paths))]


def paths_ui(analysis: Analysis, highlight: int | None) -> None:
    """A table of paths: swatch, nodes, product of partials, value at the point."""
    st.subheader("Paths")
    if not analysis.paths:
        st.markdown(f"No path leads from {code(analysis.wrt)} to the output: the derivative is 0.")
        return
    shown = analysis.paths[:PAGE_PATHS]
    if len(shown) < analysis.path_count:
        st.info(
            f"There are {analysis.path_count:,} paths in all; the first {len(shown):,} are shown. "
            "The total below is still exact: it is accumulated along the graph, edge by edge.",
            icon=":material/info:",
        )
    colors = path_colors(analysis)
    widths = [0.5, 2.2, 4.5, 1.3]
    head = st.columns(widths)
    for column, title in zip(head, ["", "Path", "Product of local partials", "Value"], strict=True):
        column.caption(title)
    for i, path in enumerate(shown):
        faded = highlight is not None and highlight != i
        row = st.columns(widths, vertical_alignment="center")
        row[0].html(swatch(colors[i], i + 1, faded))
        row[1].latex(nodes_tex(path))
        row[2].latex(product_cell(analysis, path))
        row[3].latex(tex_value(path.value))


def product_cell(analysis: Analysis, path: explorer.Path) -> str:
    """∂y/∂u1 ∂u1/∂x = (local partials) = product in the inputs, without repeating equal sides."""
    sides = [product_tex(analysis, path)]
    if len(path.edges) <= TABLE_STEPS:  # longer paths: the sum below spells the partials out
        sides.append(factors_tex(analysis, path))
    sides.append(tex(path.product_expr))
    return " = ".join(side for n, side in enumerate(sides) if n == 0 or side != sides[n - 1])


def swatch(color: str, number: int, faded: bool) -> str:
    """A coloured chip with the path's number (our own HTML; no user text)."""
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        color = "#888888"
    opacity = ".3" if faded else "1"
    return (
        f'<span data-testid="cre-swatch" data-color="{color}" style="display:inline-block;min-width:2.2em;'
        f"padding:.15em .5em;border-radius:.4em;background:{color};opacity:{opacity};color:#000;"
        f'font-weight:700;text-align:center">{number}</span>'
    )


def product_tex(analysis: Analysis, path: explorer.Path) -> str:
    r"""∂u1/∂x · ∂y/∂u1 as LaTeX fractions, in the order of the chain rule (outermost first)."""
    steps = elide(list(pairwise(path.nodes))[::-1])
    return r"\,".join(
        r"\cdots" if step is None else r"\frac{\partial " + tex_name(step[1]) + r"}{\partial " + tex_name(step[0]) + "}"
        for step in steps
    )


def elide(items: list, keep: int = ELIDE_KEEP) -> list:
    """The first and last ``keep`` items with None between them, when there are many more."""
    if len(items) <= 2 * keep + 1:
        return items
    return [*items[:keep], None, *items[-keep:]]


def nodes_tex(path: explorer.Path) -> str:
    """x → u1 → y, long paths elided in the middle."""
    return r" \to ".join(r"\cdots" if n is None else tex_name(n) for n in elide(list(path.nodes)))


def sum_ui(analysis: Analysis) -> None:
    """The total-derivative formula, each term coloured like its path, equal to the total; the checks."""
    st.subheader("The sum over paths")
    colors = path_colors(analysis)
    for k, output in enumerate(analysis.outputs):
        indexes = [i for i, p in enumerate(analysis.paths) if p.output == output]
        formula = sum_tex(analysis, k, output, indexes, colors)
        if len(formula) <= MAX_TEX:
            st.latex(formula)
        else:
            st.caption(f"The sum for {code(output)} is too long to typeset here; the LaTeX download has all of it.")
    checks_ui(analysis)


def sum_tex(analysis: Analysis, k: int, output: str, indexes: list[int], colors: list[str]) -> str:
    """One output's row: d(out)/d(wrt) = Σ ∂·∂ = Σ local partials = Σ products = total = value."""
    lhs = r"\frac{d" + tex_name(output) + r"}{d" + tex_name(analysis.wrt) + "}"
    if not indexes:
        return lhs + " = 0"
    indexes = indexes[:PAGE_PATHS]
    more = len(indexes) < analysis.path_counts[k]

    def coloured(i: int, body: str) -> str:
        return r"{\color{" + colors[i] + "}" + body + "}"

    paths = [analysis.paths[i] for i in indexes]
    symbolic = [coloured(i, product_tex(analysis, p)) for i, p in zip(indexes, paths, strict=True)]
    factors = [coloured(i, factors_tex(analysis, p)) for i, p in zip(indexes, paths, strict=True)]
    products = [coloured(i, wrap(p.product_expr)) for i, p in zip(indexes, paths, strict=True)]
    # long paths make wide terms: fewer per line in the rows that spell out every step
    steps = max(len(p.edges) for p in paths)
    per_line = TERMS_PER_LINE if steps <= 3 else 2 if steps <= 5 else 1
    lines = [lhs + " &= " + joined(symbolic, more, per_line), " &= " + joined(factors, more, per_line)]
    if products != factors:  # unless the local partials are already in terms of the inputs
        lines.append(" &= " + joined(products, more))
    lines.append(" &= " + tex(analysis.totals[k]))
    point = r",\ ".join(f"{tex_name(n)} = {printing.number(v)}" for n, v in analysis.point.items())
    lines.append(" &= " + tex_value(analysis.total_values[k]) + r" \quad \text{at } " + point)
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def factors_tex(analysis: Analysis, path: explorer.Path) -> str:
    """The path's local partials as typed (in the operands' names), outermost first."""
    edges = elide(list(reversed(path.edges)))
    return r" \cdot ".join(r"\cdots" if j is None else wrap(analysis.edges[j].partial) for j in edges)


def wrap(expr: sp.Basic) -> str:
    """LaTeX of a factor or term, in parentheses when it is a sum or negative."""
    if isinstance(expr, sp.Add) or expr.could_extract_minus_sign():
        return r"\left(" + tex(expr) + r"\right)"
    return tex(expr)


def joined(terms: list[str], more: bool, per_line: int = TERMS_PER_LINE) -> str:
    """Terms joined by +, wrapped every ``per_line`` terms, with ⋯ when paths were left out."""
    if more:
        terms = [*terms, r"\cdots"]
    lines = [" + ".join(terms[i : i + per_line]) for i in range(0, len(terms), per_line)]
    return r" \\ &\quad + ".join(lines)


def checks_ui(analysis: Analysis) -> None:
    """The sum checked against ``sympy.diff`` of the whole expression, which never sees the graph."""
    how = {
        "symbolic": "the same expression (symbolically)",
        "numeric": "the same values at several points (numerically)",
    }
    with st.container(border=True):
        if analysis.verified:
            st.success(
                f"Checked against sympy.diff of the whole expression: {how.get(analysis.verification, 'verified')}.",
                icon=":material/check_circle:",
            )
        else:
            st.error("Check failed: the sum over paths does not match sympy.diff. Please report this expression.")
        finite_difference_ui(analysis)
        for k, output in enumerate(analysis.outputs):
            oracle = tex(analysis.oracle[k])
            if len(oracle) <= MAX_TEX:
                d = r"\frac{d" + tex_name(output) + r"}{d" + tex_name(analysis.wrt) + "}"
                st.latex(r"\texttt{sympy.diff}:\quad " + d + " = " + oracle)


def finite_difference_ui(analysis: Analysis) -> None:
    """The value at the point against a central finite difference of the output itself."""
    at = ", ".join(f"{name} = {printing.number(value)}" for name, value in analysis.point.items())
    for output, value, fd, agrees in zip(
        analysis.outputs, analysis.total_values, analysis.finite_differences, analysis.finite_difference_agrees
    ):
        d = printing.derivative(output, analysis.wrt)
        numbers = f"{d} = {printing.number(value, 8)}, finite difference {printing.number(fd, 8)} at {at}"
        if agrees:
            st.success(f"Numeric check: {numbers}.", icon=":material/check_circle:")
        elif agrees is None:
            st.info(f"No numeric check here: {numbers}.", icon=":material/info:")
        else:
            st.warning(f"Numeric check disagrees (ill-conditioned point?): {numbers}.", icon=":material/warning:")


def jacobian_ui(analysis: Analysis) -> None:
    """The vector chain rule y = f(g(x)): ∂y/∂x = ∂y/∂g · ∂g/∂x, the Jacobian as a product."""
    st.subheader("The vector chain rule")
    x = r"\mathbf{x}" if len(analysis.inputs) > 1 else tex_name(analysis.inputs[0])
    g = tex(sp.Matrix([sp.Symbol(name) for name in analysis.inner]))
    st.latex(
        r"\mathbf{y} = \mathbf{f}(\mathbf{g}("
        + x
        + r")),\quad \mathbf{g} = "
        + g
        + r"\qquad \frac{\partial \mathbf{y}}{\partial "
        + x
        + "}"
        + r" = \frac{\partial \mathbf{y}}{\partial \mathbf{g}}\,\frac{\partial \mathbf{g}}{\partial "
        + x
        + "}"
        + " = "
        + tex(analysis.outer_jacobian)
        + tex(analysis.inner_jacobian)
        + " = "
        + tex(analysis.jacobian)
    )
    if len(analysis.inputs) > 1:
        names = ", ".join(tex_name(name) for name in analysis.inputs)
        st.latex(r"\text{columns: } " + names)


def notes_ui(analysis: Analysis) -> None:
    """Things the engine wants said in words (undefined values, kinks, unused steps)."""
    for note in analysis.notes:
        st.caption(plain(note))


def file_names(text: str) -> dict[str, str]:
    """Download file names per format, derived from the expression and safe on any OS."""
    names = {
        kind: export.filename(text, ext)
        for kind, ext in (("svg", "svg"), ("dot", "dot"), ("latex", "tex"), ("json", "json"))
    }
    png = export.filename(text, "png").removesuffix(".png")
    return {**names, "png2": f"{png}.png", "png4": f"{png}_4x.png"}


def export_ui(request: Request, highlight: int | None) -> None:
    """Download buttons: SVG, PNG 2× and 4×, DOT, LaTeX, JSON; the graph exactly as shown."""
    st.subheader("Export")
    labels = st.session_state.get("labels") or "both"
    theme = st.session_state.get("graph_theme") or page_theme()
    dot = dot_source(request, highlight, labels, theme)
    drawn = renderer() is not None
    names = file_names(request.text)
    # The cheap formats are passed as data; PNGs and documents are made only when clicked.
    downloads = [
        ("svg", "SVG", svg_of(dot) if drawn else "", "image/svg+xml", drawn),
        ("png2", "PNG 2×", partial(png_of, dot, 2), "image/png", drawn),
        ("png4", "PNG 4×", partial(png_of, dot, 4), "image/png", drawn),
        ("dot", "DOT", dot, "text/vnd.graphviz", True),
        ("latex", "LaTeX", partial(latex_of, request), "application/x-tex", True),
        ("json", "JSON", partial(json_of, request), "application/json", True),
    ]
    for column, (kind, label, data, mime, enabled) in zip(st.columns(len(downloads)), downloads, strict=True):
        column.download_button(
            label,
            data,
            names[kind],
            mime,
            key=f"download_{kind}",
            disabled=not enabled,
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


if __name__ == "__main__":
    main()
