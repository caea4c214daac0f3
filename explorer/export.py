"""Turn an analysis into files: SVG and PNG through Graphviz, LaTeX, JSON, and safe file names.

The renderer is the system Graphviz ``dot`` when it is on ``PATH``, else the
``graphviz-pure`` executable from the wheel of that name (it speaks dot's
command line). It runs as a subprocess with a timeout, no shell, DOT on
standard input.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from collections import Counter

import sympy as sp

from .analysis import Analysis
from .render import to_dot

__all__ = [
    "MAX_SCALE",
    "RENDERERS",
    "TIMEOUT",
    "RenderError",
    "filename",
    "renderer",
    "repr_svg",
    "to_json",
    "to_latex",
    "to_png",
    "to_svg",
]

#: Executables that render DOT, in order of preference.
RENDERERS = ("dot", "graphviz-pure")

#: Seconds a renderer may take before it is killed.
TIMEOUT = 20.0

#: Largest PNG scale; 8× a big graph is already tens of megapixels.
MAX_SCALE = 8

#: Graphviz draws bitmaps at 96 dpi by default; scale multiplies that.
_BASE_DPI = 96


class RenderError(RuntimeError):
    """No renderer is installed, or it failed or ran out of time."""


def renderer() -> str | None:
    """Which renderer :func:`to_svg` and :func:`to_png` will use.

    Returns
    -------
    str or None
        ``'dot'``, ``'graphviz-pure'``, or None when neither is installed.

    Examples
    --------
    >>> renderer() in RENDERERS + (None,)
    True
    """
    return next((name for name in RENDERERS if shutil.which(name)), None)


def _render(dot: str, args: list[str], timeout: float) -> bytes:
    name = renderer()
    executable = shutil.which(name) if name else None
    if executable is None:
        raise RenderError(
            "no Graphviz renderer found: install Graphviz (apt-get install graphviz) or the pip package graphviz-pure"
        )
    try:
        done = subprocess.run(
            [executable, *args], input=dot.encode("utf-8"), capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise RenderError(f"{name} took longer than {timeout:g} s to draw this graph") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"{name} failed: {message[-1] if message else f'exit status {done.returncode}'}")
    return done.stdout


def to_svg(dot: str, *, timeout: float = TIMEOUT) -> str:
    """Render DOT source to SVG text.

    Parameters
    ----------
    dot : str
        From :func:`explorer.render.to_dot`.
    timeout : float
        Seconds before the renderer is killed.

    Returns
    -------
    str
        The SVG document; the same DOT and renderer give the same bytes.

    Raises
    ------
    RenderError
        When no renderer is installed, it fails, or it runs out of time.

    Examples
    --------
    >>> svg = to_svg("digraph { x -> y }")
    >>> svg.lstrip().startswith("<?xml") and "</svg>" in svg
    True
    """
    return _render(dot, ["-Tsvg"], timeout).decode("utf-8")


def to_png(dot: str, scale: float = 2, *, timeout: float = TIMEOUT) -> bytes:
    """Render DOT source to a PNG image at ``scale`` times Graphviz's 96 dpi.

    Parameters
    ----------
    dot : str
        From :func:`explorer.render.to_dot`.
    scale : float, default 2
        2 for a sharp image on a hi-DPI screen, 4 for slides.
    timeout : float
        Seconds before the renderer is killed.

    Returns
    -------
    bytes
        The PNG file.

    Raises
    ------
    ValueError
        For a scale outside (0, :data:`MAX_SCALE`].
    RenderError
        When no renderer is installed, it fails, or it runs out of time.

    Examples
    --------
    >>> to_png("digraph { x -> y }", scale=1)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    if not 0 < scale <= MAX_SCALE:
        raise ValueError(f"scale must be greater than 0 and at most {MAX_SCALE}, not {scale!r}")
    return _render(dot, ["-Tpng", f"-Gdpi={_BASE_DPI * scale:g}"], timeout)


def repr_svg(analysis: Analysis) -> str | None:
    """The graph as SVG for Jupyter (``Analysis._repr_svg_``).

    Returns None when no renderer is installed, so Jupyter falls back to
    the next representation instead of showing an error.

    Examples
    --------
    >>> from explorer import analyze
    >>> "<svg" in repr_svg(analyze("sin(x**2)"))
    True
    """
    try:
        return to_svg(to_dot(analysis))
    except RenderError:
        return None


def to_json(analysis: Analysis) -> str:
    """The analysis as JSON text (:meth:`Analysis.to_dict`, indented, UTF-8, final newline).

    Examples
    --------
    >>> from explorer import analyze
    >>> json.loads(to_json(analyze("x*x")))["total"]
    '2*x'
    """
    return json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False) + "\n"


# -- LaTeX ---------------------------------------------------------------------


def _sym(analysis: Analysis, node_id: str) -> str:
    return sp.latex(analysis.flow.node(node_id).symbol)


def _partial(analysis: Analysis, target: str, source: str) -> str:
    return rf"\frac{{\partial {_sym(analysis, target)}}}{{\partial {_sym(analysis, source)}}}"


def _local(expr: sp.Expr) -> str:
    # as typed: x*x stays a product of two factors, shown with a dot
    return sp.latex(expr, order="none", mul_symbol="dot")


def _edge_row(analysis: Analysis, edge, parallel: bool) -> str:
    row = f"{_partial(analysis, edge.target, edge.source)} &= {sp.latex(edge.partial)}"
    if parallel:
        row += rf" && \text{{operand {edge.position + 1}}}"
    return row


def _align(rows: list[str]) -> list[str]:
    return [r"\begin{align*}", " \\\\\n".join(rows), r"\end{align*}"]


def to_latex(analysis: Analysis) -> str:
    r"""The derivation as a LaTeX fragment (needs ``amsmath``).

    The intermediate variables, the local partial of every edge, each
    path's product of partials, and per output the sum of the path
    products equal to the total derivative; for a vector output also the
    Jacobian. Every formula is printed by :func:`sympy.latex`.

    Parameters
    ----------
    analysis : Analysis
        From :func:`explorer.analyze`.

    Returns
    -------
    str
        Paragraphs and ``align*`` environments to paste into a document.

    Examples
    --------
    >>> from explorer import analyze
    >>> tex = to_latex(analyze("x*x**2"))
    >>> r"\frac{d y}{d x} &= 2 x^{2} + x^{2} \\" in tex
    True
    >>> tex.splitlines()[-2]
    '&= 3 x^{2}'
    """
    flow = analysis.flow
    lines = [r"\paragraph{Intermediate variables}"]
    lines += _align([f"{sp.latex(n.symbol)} &= {_local(n.local)}" for n in flow.nodes if n.kind != "input"])
    if flow.edges:
        lines.append(r"\paragraph{Local partial derivatives}")
        parallel = Counter((e.source, e.target) for e in flow.edges)
        lines += _align([_edge_row(analysis, e, parallel[e.source, e.target] > 1) for e in flow.edges])
    if analysis.wrt is None:
        lines.append(r"\paragraph{No inputs} The expression is a constant: there is nothing to differentiate.")
        return "\n".join(lines) + "\n"
    wrt = _sym(analysis, analysis.wrt)
    for k, output in enumerate(analysis.outputs):
        lines += _output_section(analysis, k, output, wrt)
    if analysis.is_vector:
        lines += _jacobian_section(analysis)
    return "\n".join(lines) + "\n"


def _output_section(analysis: Analysis, k: int, output: str, wrt: str) -> list[str]:
    out = _sym(analysis, output)
    paths = [p for p in analysis.paths if p.output == output]
    count = analysis.path_counts[k]
    lines = [rf"\paragraph{{Paths from ${wrt}$ to ${out}$}} {count} {'path' if count == 1 else 'paths'} in all"]
    if len(paths) < count:
        lines[-1] += f"; the first {len(paths)} are listed, the total counts every one"
    rows = []
    for path in paths:
        steps = r" \to ".join(_sym(analysis, n) for n in path.nodes)
        # output side first, as the chain rule is written: dy/du · du/dx
        steps_taken = list(zip(path.nodes[:-1], path.nodes[1:], strict=True))
        chain = " ".join(_partial(analysis, target, source) for source, target in reversed(steps_taken))
        row = rf"{steps}: &\quad {chain} = {sp.latex(path.product)}"
        if path.product_expr != path.product:
            row += f" = {sp.latex(path.product_expr)}"
        rows.append(row)
    if rows:
        lines += _align(rows)
    total = [rf"\frac{{d {out}}}{{d {wrt}}} &= "]
    if paths and len(paths) == count:
        terms = sp.Add(*(p.product_expr for p in paths), evaluate=False) if len(paths) > 1 else paths[0].product_expr
        total[0] += sp.latex(terms, order="none")
        if sp.latex(analysis.totals[k]) != sp.latex(terms, order="none"):
            total.append(f"&= {sp.latex(analysis.totals[k])}")
    else:
        total[0] += sp.latex(analysis.totals[k])
    lines.append(r"\paragraph{Total derivative}")
    return lines + _align(total)


def _jacobian_section(analysis: Analysis) -> list[str]:
    lines = [r"\paragraph{Jacobian}"]
    rows = [f"J &= {sp.latex(analysis.jacobian)}"]
    if analysis.inner:
        rows.append(f"&= {sp.latex(analysis.outer_jacobian)} {sp.latex(analysis.inner_jacobian)}")
    return lines + _align(rows)


# -- file names ----------------------------------------------------------------

_EXTENSION = re.compile(r"[a-z0-9]{1,10}")


def filename(text: str, ext: str, *, prefix: str = "chain-rule", max_length: int = 60) -> str:
    """A file name derived from an expression, safe on any operating system.

    ASCII letters, digits, ``_`` and ``-`` only (other characters are
    transliterated when they can be, ``x²`` → ``x2``, and become ``_``
    otherwise), bounded in length, never empty, never a reserved device
    name (the prefix sees to that).

    Parameters
    ----------
    text : str
        The expression as typed (any text).
    ext : str
        The extension, ``'svg'`` or ``'.svg'``: 1 to 10 ASCII letters or digits.
    prefix : str
        Starts every name.
    max_length : int
        Characters of the expression kept.

    Raises
    ------
    ValueError
        For an extension that is not 1 to 10 letters or digits.

    Examples
    --------
    >>> filename("x*x**2", "svg")
    'chain-rule_x_x_2.svg'
    >>> filename("ln(sin(x³)²)", ".PNG")
    'chain-rule_ln_sin_x3_2.png'
    >>> filename("../../etc/passwd\\x00", "json"), filename("", "tex")
    ('chain-rule_etc_passwd.json', 'chain-rule.tex')
    """
    ext = ext.removeprefix(".").lower()
    if not _EXTENSION.fullmatch(ext):
        raise ValueError(f"a file extension is 1 to 10 letters or digits, not {ext!r}")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_")[:max_length].rstrip("_")
    return f"{prefix}_{stem}.{ext}" if stem else f"{prefix}.{ext}"
