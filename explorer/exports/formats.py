"""Turn an analysis into files: one table of formats, each a writer, and safe file names.

:data:`FORMATS` lists every export with its extension, MIME type, writer and
whether it needs a Graphviz renderer; the CLI's ``--format`` choices, the
page's download buttons and their file names all come from it, so adding a
format is one row and one writer. The CLI's ``--format json`` and the page's
JSON download are the same bytes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from ..calculus.differences import FiniteDifference, differences
from ..calculus.jsonparts import finite_json
from ..calculus.plot import plot
from ..calculus.result import Analysis
from ..drawing import dot, fallback, frames, layout, shapes, views
from ..drawing.fit import Frame
from ..teach.walkthrough import mode_report
from . import beamer, document, slides

__all__ = ["FORMATS", "Format", "Options", "export", "filename", "json_text"]


@dataclass(frozen=True)
class Options:
    """How to write an export: the graph's drawing, and what the text adds.

    Attributes
    ----------
    highlight : int or None
        Index of a path to draw bold (the others fade).
    labels : str
        A key of :data:`explorer.drawing.labels.LABELS`.
    theme : str
        A key of :data:`explorer.drawing.dot.THEMES`.
    scale : int
        Raster formats: times Graphviz's 96 dpi (1 to :data:`explorer.drawing.layout.MAX_SCALE`).
    view : str
        A key of :data:`explorer.drawing.views.VIEWS`: the paths, the gradients, a walkthrough step, or the
        graph of shapes (:mod:`explorer.drawing.shapes`).
    mode : str
        A key of :data:`explorer.calculus.factoring.MODES`: the walkthrough of the ``steps`` view, the frames
        and the slides.
    step : int
        The walkthrough step the ``steps`` view draws, from 0.
    marks : tuple of (int, int) or None
        (path, edge) steps to draw in their path's colour while the rest fade;
        ``()`` draws no path in colour (see :func:`explorer.drawing.dot.to_dot`).
    orientation : str
        A key of :data:`explorer.drawing.dot.ORIENTATIONS`: 'auto' chooses by the graph's shape.
    rules : bool
        Name each edge's differentiation rule under its partial.
    highlights : tuple of int
        Paths to draw bold together (a Jacobian entry's), when ``highlight`` is None.
    dx : float or None
        Text and JSON: the finite difference from the point to point +
        ``dx`` (Δx), as the paper checks x + x² at x = 1 with Δx = 1,
        instead of the tiny central one of the check.
    frame : Frame or None
        SVG and PNG: the room the picture is shown in (a page's viewer): the
        direction and the condensing in which it is whole and readable there
        (:func:`explorer.drawing.fallback.draw`). None: by the graph's shape.
    """

    highlight: int | None = None
    labels: str = "both"
    theme: str = "light"
    scale: int = 2
    orientation: str = "auto"
    view: str = "paths"
    mode: str = "paths"
    step: int = 0
    marks: tuple[tuple[int, int], ...] | None = None
    rules: bool = False
    highlights: tuple[int, ...] = ()
    dx: float | None = None
    frame: Frame | None = None


def _style(options: Options) -> dict:
    return {
        "highlight": options.highlight,
        "labels": options.labels,
        "theme": options.theme,
        "orientation": options.orientation,
        "marks": options.marks,
        "rules": options.rules,
        "highlights": options.highlights,
    }


def _shapes(analysis: Analysis, options: Options) -> str:
    """The graph of shapes (the ``shapes`` view): its own DOT."""
    return shapes.to_dot(analysis, labels=options.labels, theme=options.theme, orientation=options.orientation)


def _dot(analysis: Analysis, options: Options) -> str:
    if options.view == "shapes":
        return _shapes(analysis, options)
    return dot.to_dot(analysis, **_style(options), overrides=_overrides(analysis, options))


def _overrides(analysis: Analysis, options: Options) -> dict:
    return views.overrides(analysis, options.view, options.mode, options.step, options.labels, options.theme)


def _placed(options: Options) -> dict:
    return {"orientation": options.orientation, "frame": options.frame}


def _svg(analysis: Analysis, options: Options) -> str:
    if options.view == "steps":  # every step in the walkthrough's one layout, so nothing jumps
        return frames.step_svg(
            analysis, options.mode, options.step, labels=options.labels, theme=options.theme, **_placed(options)
        )
    if options.view == "shapes":
        return layout.to_svg(_shapes(analysis, options), timeout=fallback.LEVELS[0].seconds)
    return fallback.draw(
        analysis, "svg", **_style(options), overrides=_overrides(analysis, options), frame=options.frame
    )


def _png(analysis: Analysis, options: Options) -> bytes:
    if not 0 < options.scale <= layout.MAX_SCALE:  # refused before any drawing
        raise ValueError(f"scale must be greater than 0 and at most {layout.MAX_SCALE}, not {options.scale!r}")
    if options.view == "steps":
        return frames.step_png(
            analysis,
            options.mode,
            options.step,
            labels=options.labels,
            theme=options.theme,
            scale=options.scale,
            **_placed(options),
        )
    if options.view == "shapes":
        return layout.to_png(_shapes(analysis, options), options.scale, timeout=fallback.LEVELS[0].seconds)
    return fallback.draw(
        analysis,
        "png",
        scale=options.scale,
        **_style(options),
        overrides=_overrides(analysis, options),
        frame=options.frame,
    )


def _frames(analysis: Analysis, options: Options) -> bytes:
    return slides.frames_zip(analysis, options.mode, labels=options.labels, theme=options.theme, scale=options.scale)


def _beamer(analysis: Analysis, options: Options) -> str:
    return beamer.deck(analysis, options.mode, labels=options.labels)


def _latex(analysis: Analysis, options: Options) -> str:
    return document.document(analysis)


def _stepped(analysis: Analysis, options: Options) -> tuple[FiniteDifference, ...] | None:
    """The finite differences with the chosen step Δx, or None without one."""
    if options.dx is None or analysis.wrt is None:
        return None
    return differences(analysis.flow, dict(analysis.point), analysis.wrt_inputs, options.dx)


def _text(analysis: Analysis, options: Options) -> str:
    return mode_report(analysis, options.mode, _stepped(analysis, options)) + "\n"


def _json(analysis: Analysis, options: Options) -> str:
    steps = _stepped(analysis, options)
    result = analysis if steps is None else replace(analysis, differences=steps)  # finite_difference with Δx
    return json_text({**result.to_dict(), "plot": plot(analysis).to_dict()})  # with the slope picture's samples


def json_text(data: dict) -> str:
    """A JSON document of ``data``: infinite and NaN floats, which JSON has no word for, become null with a note.

    Every JSON the explorer writes goes through here, so no ``Infinity`` or
    ``NaN`` ever reaches a file: the note (in ``notes``) names the key.

    Examples
    --------
    >>> json.loads(json_text({"to": float("inf"), "notes": []}))
    {'to': None, 'notes': ['to is too large for a float (infinite or undefined), so it is null']}
    """
    clean = finite_json(data)
    return json.dumps(clean, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


@dataclass(frozen=True)
class Format:
    """One export format.

    Attributes
    ----------
    name : str
        What ``--format`` takes and the page's button key.
    label : str
        The page's button text.
    extension : str
        The file extension, without the dot.
    mime : str
        The MIME type of a download.
    write : callable
        ``write(analysis, options)`` returns the text or bytes.
    needs_renderer : bool
        Whether it draws with Graphviz (unavailable without a renderer).
    scales : tuple of int
        For raster formats: the scales the page offers a download of.
    prefix : str
        How the file name starts (:func:`filename`).
    archive : bool
        Whether the writer returns an archive of files (bytes, as raster formats do).
    stepped : bool
        Whether it writes the finite difference with ``Options.dx`` (the page's Δx).
    every_step : bool
        Whether it draws every step of the walkthrough (frames, slides): it gets a longer time budget.
    checked : bool
        Whether it says if the total was checked against ``sympy.diff`` (or writes the simplified
        total): a caller that checks after drawing (the page) must give it the checked analysis.
    """

    name: str
    label: str
    extension: str
    mime: str
    write: Callable[[Analysis, Options], str | bytes]
    needs_renderer: bool = False
    scales: tuple[int, ...] = ()
    prefix: str = "chain-rule"
    archive: bool = False
    stepped: bool = False
    every_step: bool = False
    checked: bool = False

    @property
    def binary(self) -> bool:
        """Whether the writer returns bytes."""
        return bool(self.scales) or self.archive


#: Every export format by name, in the order the page shows them.
FORMATS: Mapping[str, Format] = MappingProxyType(
    {
        f.name: f
        for f in (
            Format("svg", "SVG", "svg", "image/svg+xml", _svg, needs_renderer=True),
            Format("png", "PNG", "png", "image/png", _png, needs_renderer=True, scales=(2, 4)),
            Format("dot", "DOT", "dot", "text/vnd.graphviz", _dot),
            Format("latex", "LaTeX", "tex", "application/x-tex", _latex, checked=True),
            Format("text", "Text", "txt", "text/plain", _text, stepped=True, checked=True),
            Format("json", "JSON", "json", "application/json", _json, stepped=True, checked=True),
            Format(
                "frames",
                "Frames",
                "zip",
                "application/zip",
                _frames,
                needs_renderer=True,
                prefix="chain-rule-frames",
                archive=True,
                every_step=True,
                checked=True,
            ),
            Format(
                "beamer",
                "Beamer",
                "tex",
                "application/x-tex",
                _beamer,
                needs_renderer=True,
                prefix="chain-rule-slides",
                every_step=True,
                checked=True,
            ),
        )
    }
)


def export(analysis: Analysis, fmt: str, options: Options | None = None) -> str | bytes:
    """Write ``analysis`` in the format named ``fmt``, in this process.

    Parameters
    ----------
    analysis : Analysis
    fmt : str
        A key of :data:`FORMATS`.
    options : Options, optional
        Graph style, highlight and scale.

    Returns
    -------
    str or bytes

    Raises
    ------
    ValueError
        For an unknown format or option.
    RenderError
        When a drawing format has no renderer or the renderer fails.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> import json
    >>> json.loads(export(explained("x*x"), "json"))["total"]
    '2*x'
    >>> export(explained("x*x"), "dot").splitlines()[0]
    'digraph "chain rule" {'
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return FORMATS[fmt].write(analysis, options or Options())


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
