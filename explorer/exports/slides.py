r"""The walkthrough as 16:9 PNG frames, one a step, each with its title, graph, formula and what it teaches.

A frame is laid out like a frame of the Beamer deck (:mod:`explorer.exports.beamer`),
on the same 16:9 page: the step's title at the top, the graph as the step leaves
it (fitted to the frame by :func:`explorer.drawing.slide.fit`, so its type comes
out at :data:`explorer.exports.beamer.SMALLEST` points of the page or more, and
drawn by Graphviz in one pinned layout, so nothing moves from frame to frame),
and beside or under it the step's formula and its note. The formula is set by
matplotlib's mathtext (:mod:`explorer.exports.mathtext`): the first of the
step's forms (:func:`explorer.teach.walkthrough.step_formulas`) that fits the
room, each path's terms in its colour; one that mathtext cannot set is said in
words. Matplotlib is used without pyplot (its Agg canvas, one figure a frame),
in the worker that makes the frames.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from collections.abc import Sequence

from ..calculus.factoring import MODES
from ..calculus.result import Analysis
from ..calculus.walkthrough import WalkStep, clipped
from ..drawing import layout, views
from ..drawing.dot import STYLE
from ..drawing.frames import frame_names
from ..drawing.slide import Fitted, fit
from ..teach.walkthrough import step_formulas
from .beamer import (
    CONTENT_HEIGHT,
    FORMULA_BAND,
    FORMULA_SHARE,
    GAP,
    MARGIN,
    NOTE_BAND,
    PAPER_WIDTH,
    ROOM,
    SMALLEST,
    SUBTITLE_CHARS,
)
from .beamer import TEXT_WIDTH as WIDTH
from .mathtext import ALIGN, Piece, pieces

__all__ = ["MAX_FRAME_SCALE", "PAPER_HEIGHT", "PIXELS", "frame_files", "frames_zip"]

#: The page's height in points (16:9 with the deck's width).
PAPER_HEIGHT = PAPER_WIDTH * 9 / 16

#: Pixels across a frame at scale 1 (scale 2 is 1920 × 1080); frames go up to scale :data:`MAX_FRAME_SCALE`.
PIXELS = 960
MAX_FRAME_SCALE = 4

#: Where the graph's room starts, from the top of the page, in points: under the title and the step.
TOP = 44.0

#: Type sizes in points: the title, the step's words, the formula, the note.
TITLE_SIZE, STEP_SIZE, FORMULA_SIZE, NOTE_SIZE = 12.0, 9.0, 11.0, 8.6

#: Characters of the note a line holds, per point of width (the note's type is DejaVu Sans at NOTE_SIZE).
_NOTE_CHARS = 1 / (0.56 * NOTE_SIZE)


def _page(theme: str) -> tuple[str, str, str]:
    """The frame's background, its ink and the text shades of the paths (a light or a dark page)."""
    graph = STYLE[theme]["graph"]
    background = graph["bgcolor"]
    ink = graph["fontcolor"]
    shades = "dark" if theme in ("dark", "transparent-dark") else "light"
    return ("none" if background == "transparent" else background), ink, shades


class _Canvas:
    """One frame being drawn: a matplotlib figure the size of the page, positions in points from the top left."""

    def __init__(self, dpi: float, background: str, ink: str):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(PAPER_WIDTH / 72, PAPER_HEIGHT / 72), dpi=dpi, facecolor=background)
        self.canvas = FigureCanvasAgg(self.figure)
        self.renderer = self.canvas.get_renderer()
        self.dpi, self.ink = dpi, ink

    def text(self, x: float, y: float, text: str, size: float, colour: str | None = None, **kw):
        """Text with its top left corner at (x, y) points; returns it."""
        return self.figure.text(
            x / PAPER_WIDTH,
            1 - y / PAPER_HEIGHT,
            text,
            fontsize=size,
            color=colour or self.ink,
            va="top",
            ha="left",
            family="DejaVu Sans",
            **kw,
        )

    def size(self, artist) -> tuple[float, float]:
        """Width and height of a drawn text, in points."""
        box = artist.get_window_extent(self.renderer)
        return box.width * 72 / self.dpi, box.height * 72 / self.dpi

    def image(self, png: bytes, x: float, y: float) -> None:
        """A PNG at its own pixels, its top left corner at (x, y) points."""
        from matplotlib.image import imread

        array = imread(io.BytesIO(png), format="png")
        left = round(x * self.dpi / 72)
        bottom = round((PAPER_HEIGHT - y) * self.dpi / 72) - array.shape[0]
        self.figure.figimage(array, xo=left, yo=bottom, origin="upper")

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(
            buffer, format="png", dpi=self.dpi, facecolor=self.figure.get_facecolor(), pil_kwargs={"compress_level": 3}
        )
        return buffer.getvalue()


def _formula(canvas: _Canvas, rows: list[list[Piece]], x: float, y: float, room: tuple[float, float]) -> float | None:
    """Draw the rows at (x, y), aligned, if they fit ``room`` (width, height) points: their height, or None."""
    drawn, lines = [], []
    for row in rows:
        left, right, side = [], [], 0
        for piece in row:
            if piece == ALIGN:
                side = 1
                continue
            artist = canvas.text(x, y, f"${piece[1]}$", FORMULA_SIZE, piece[0])
            drawn.append(artist)
            try:
                (left, right)[side].append((artist, canvas.size(artist)))
            except ValueError:  # mathtext cannot set this piece
                for drawn_artist in drawn:
                    drawn_artist.remove()
                return None
        lines.append((left, right))
    start = max((sum(w for _, (w, _) in left) + len(left) for left, _ in lines), default=0.0)  # the alignment
    widths = [start + sum(w for _, (w, _) in right) + len(right) for _, right in lines]
    heights = [max((h for _, (_, h) in left + right), default=0.0) for left, right in lines]
    total = sum(heights) + 3 * (len(lines) - 1)
    if max(widths) > room[0] or total > room[1]:
        for artist in drawn:
            artist.remove()
        return None
    top = y
    for (left, right), height in zip(lines, heights):
        at = x + start - sum(w for _, (w, _) in left) - len(left)
        for artist, (width, _) in left + right:
            artist.set_position((at / PAPER_WIDTH, 1 - top / PAPER_HEIGHT))
            at += width + 1
        top += height + 3
    return total


def _note(canvas: _Canvas, text: str, x: float, y: float, width: float) -> float:
    """Words wrapped to ``width`` points at (x, y); their height."""
    lines = textwrap.wrap(text, max(12, int(width * _NOTE_CHARS)))
    return canvas.size(canvas.text(x, y, "\n".join(lines), NOTE_SIZE, linespacing=1.25))[1]


def _frame(
    fitted: Fitted | None,
    k: int,
    title: str,
    step: WalkStep,
    formulas: Sequence[str],
    theme: str,
    scale: int,
) -> bytes:
    background, ink, _ = _page(theme)
    dpi = PIXELS * scale / (PAPER_WIDTH / 72)
    canvas = _Canvas(dpi, background, ink)
    canvas.text(MARGIN, 8, title, TITLE_SIZE)
    canvas.text(MARGIN, 25, clipped(step.title, SUBTITLE_CHARS), STEP_SIZE)
    if fitted is None:
        graph_width = graph_height = 0.0
        formula_at, formula_room, note_at = (MARGIN, TOP), (WIDTH, CONTENT_HEIGHT - NOTE_BAND), (MARGIN, None)
    else:
        graph_width, graph_height = (side * fitted.scale for side in fitted.laid.size)
        # the graph at the frame's own pixels (a touch smaller at the largest frames, where Graphviz's dpi ends)
        png = layout.to_png(fitted.laid.dot(k), min(fitted.scale * dpi / 96, layout.MAX_SCALE), pinned=True)
        if fitted.beside:
            canvas.image(png, MARGIN, TOP)
            column = WIDTH - graph_width - GAP
            formula_at, formula_room = (MARGIN + graph_width + GAP, TOP), (column, CONTENT_HEIGHT - NOTE_BAND)
            note_at = (MARGIN + graph_width + GAP, None)
        else:
            canvas.image(png, MARGIN + (WIDTH - graph_width) / 2, TOP)
            below = TOP + graph_height + 6
            formula_room = (FORMULA_SHARE * WIDTH, max(FORMULA_BAND, CONTENT_HEIGHT - graph_height - 14))
            formula_at = (MARGIN, below)
            note_at = (MARGIN + FORMULA_SHARE * WIDTH + GAP, below)
    height = None
    for form in formulas:  # the first that mathtext can set and that fits
        rows = pieces(form)
        if rows and (height := _formula(canvas, rows, *formula_at, formula_room)) is not None:
            break
    if height is None:  # mathtext cannot set it, or no form fits: the step in words
        height = _note(canvas, step.equation or step.title, *formula_at, formula_room[0])
    if note_at[1] is None:  # under the formula, in its column
        note_at = (note_at[0], formula_at[1] + height + 10)
    _note(canvas, step.note, note_at[0], note_at[1], WIDTH - (note_at[0] - MARGIN))
    return canvas.png()


def frame_files(
    analysis: Analysis, mode: str = "paths", *, labels: str = "both", theme: str = "light", scale: int = 2
) -> tuple[tuple[str, bytes], ...]:
    """Every step of the walkthrough as a 16:9 PNG, and ``steps.txt`` with each frame's title.

    Parameters
    ----------
    analysis : Analysis
    mode : {'paths', 'forward', 'reverse'}
    labels : {'both', 'symbolic', 'numeric'}
        The graph's labels, as far as a frame has room for them.
    theme : str
        A key of :data:`explorer.drawing.dot.THEMES`: the frame's background and ink, and the graph's.
    scale : int
        :data:`PIXELS` × ``scale`` pixels across (2: 1920 × 1080), at most :data:`MAX_FRAME_SCALE` (3840 × 2160).

    Raises
    ------
    TooLargeError
        When the walkthrough has more steps than frames are made of.

    Notes
    -----
    A few Graphviz layouts to fit the frame, then one drawing and one
    matplotlib figure per step.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> files = frame_files(explained("x*x**2"), scale=1)
    >>> [name for name, _ in files][-2:], files[0][1][:4]
    (['step-6.png', 'steps.txt'], b'\\x89PNG')
    """
    scale = min(scale, MAX_FRAME_SCALE)
    fitted = fit(analysis, mode, ROOM, labels=labels, theme=theme, smallest=SMALLEST)
    walk = views.walk(analysis, mode) if fitted is None else fitted.laid.walk
    shades = _page(theme)[2]
    names = frame_names(len(walk))
    found = []
    for k, (name, step) in enumerate(zip(names, walk)):
        title = f"{MODES[mode]}: step {k + 1} of {len(walk)}"
        formulas = step_formulas(analysis, walk, k, theme=shades)
        found.append((name, _frame(fitted, k, title, step, formulas, theme, scale)))
    titles = "".join(f"{name}  {step.title}\n" for name, step in zip(names, walk))
    return (*found, ("steps.txt", titles.encode("utf-8")))


def frames_zip(analysis: Analysis, mode: str = "paths", **options) -> bytes:
    """:func:`frame_files` in a ZIP archive (stored, not compressed: PNGs are compressed already).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> frames_zip(explained("x*x"), scale=1)[:2]
    b'PK'
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in frame_files(analysis, mode, **options):
            info = zipfile.ZipInfo(
                name, date_time=(2024, 1, 1, 0, 0, 0)
            )  # a fixed date: the same walkthrough, the same bytes
            archive.writestr(info, data)
    return buffer.getvalue()
