"""Lay out and draw DOT with Graphviz: SVG and PNG.

The renderer is the system Graphviz ``dot`` when it is on ``PATH``, else the
``graphviz-pure`` executable from the wheel of that name (it speaks dot's
command line). It runs as a subprocess with a timeout and a CPU limit of its
own, no shell, DOT on standard input. Called in a worker process
(:mod:`explorer.bounded`), it inherits the worker's memory limit, so a graph
that would need gigabytes to lay out is stopped, not the server.

A small graph (:data:`IN_PROCESS_MAX` characters of DOT, which every drawing
condensed to the page's limits is) is laid out without a process of its own,
by the Graphviz library through ``pygraphviz``, when that is installed and
gives the same bytes as the executable (it does when built against the same
Graphviz: ``pip install --no-binary pygraphviz``; checked once per process).
A process costs about 20 ms; the library, 2 ms. It cannot be stopped midway,
so a caller allowing less than :data:`IN_PROCESS_MIN_TIMEOUT` gets the
executable and its timeout. Graphs with named subgraphs
(the boxes of vectors and matrices) always go to the executable: in a
long-lived process the library orders them by where their names sit in
memory, so their drawing would change from one call to the next.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import resource
import shutil
import subprocess

from ..errors import RenderError

__all__ = [
    "IN_PROCESS_MAX",
    "MAX_SCALE",
    "PINNED",
    "RENDERERS",
    "TIMEOUT",
    "in_process",
    "renderer",
    "to_json",
    "to_png",
    "to_svg",
]

#: Executables that render DOT, in order of preference.
RENDERERS = ("dot", "graphviz-pure")

#: Seconds a renderer may take before it is killed (less than a worker's drawing budget, so that the
#: worker says so rather than being stopped itself).
TIMEOUT = 15.0

#: Largest PNG scale; 8× a big graph is already tens of megapixels.
MAX_SCALE = 8

#: Graphviz draws bitmaps at 96 dpi by default; scale multiplies that.
_BASE_DPI = 96

#: Draw without laying out: every node and edge carries its position in points (``neato -n2``).
PINNED = ("-Kneato", "-n2")

#: Characters of DOT up to which a graph is laid out in this process (when :func:`in_process` can): a
#: graph condensed to 60 nodes and 120 edges, with every label, is well under it, and takes milliseconds.
IN_PROCESS_MAX = 60_000

#: Seconds a caller must allow for the library to be used: it cannot be stopped in the middle of a layout,
#: so a caller who wants a drawing within less (a test of the ladder of :mod:`explorer.drawing.fallback`)
#: gets the executable and its timeout. A graph the library takes lays out in milliseconds.
IN_PROCESS_MIN_TIMEOUT = 1.0

#: A graph drawn both ways once, to see that the library gives the executable's bytes. Every node has its
#: label, as in :func:`explorer.drawing.dot.to_dot` (the library leaves a node without one blank).
_PROBE = 'digraph "probe" { rankdir=LR; { rank=source; x [label="x = 0.5"] } y [label="y = x²"] x -> y [label="2·x"] }'


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


def in_process() -> bool:
    """Whether small graphs are laid out in this process: the renderer is ``dot`` and pygraphviz draws as it does.

    Examples
    --------
    >>> in_process() in (True, False)
    True
    """
    return renderer() == "dot" and _library_matches(shutil.which("dot"))


@functools.cache
def _library_matches(executable: str | None) -> bool:
    """Whether pygraphviz is there and gives this ``dot`` executable's bytes (checked once per process)."""
    try:
        import pygraphviz  # noqa: F401 - optional: the executable draws everything without it
    except ImportError:
        return False
    try:
        return _library(_PROBE, "svg", ()) == _render(_PROBE, ["-Tsvg"], TIMEOUT)
    except Exception:  # a library that fails on the probe is not used
        return False


def _library(dot: str, fmt: str, args: tuple[str, ...]) -> bytes:
    import pygraphviz

    graph = pygraphviz.AGraph(string=dot)
    try:
        return graph.draw(format=fmt, prog="dot", args=" ".join(args))
    finally:
        graph.close()


def _draw(dot: str, fmt: str, args: tuple[str, ...], timeout: float) -> bytes:
    """``dot -T<fmt> <args>`` of ``dot``: in this process for a small graph without named subgraphs, else a process."""
    small = len(dot) <= IN_PROCESS_MAX and "subgraph" not in dot and timeout >= IN_PROCESS_MIN_TIMEOUT
    if small and in_process():
        with contextlib.suppress(Exception):  # the executable says what is wrong with a graph the library refuses
            return _library(dot, fmt, args)
    return _render(dot, [f"-T{fmt}", *args], timeout)


def _render(dot: str, args: list[str], timeout: float) -> bytes:
    name = renderer()
    executable = shutil.which(name) if name else None
    if executable is None:
        raise RenderError(
            "no Graphviz renderer found: install Graphviz (apt-get install graphviz) or the pip package graphviz-pure"
        )
    with subprocess.Popen(
        [executable, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        # a CPU limit of its own: if the worker that started it is killed, the renderer still stops
        with contextlib.suppress(OSError):
            cpu = math.ceil(timeout) + 1
            resource.prlimit(process.pid, resource.RLIMIT_CPU, (cpu, cpu))
        try:
            out, err = process.communicate(dot.encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise RenderError(f"{name} took longer than {timeout:g} s to draw this graph") from None
    if process.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        if process.returncode < 0:
            message = [f"stopped by signal {-process.returncode} (out of time or memory)"]
        why = message[-1] if message else f"exit status {process.returncode}"
        raise RenderError(f"Graphviz ({name}) could not draw this graph: {why}")
    return out


def to_json(dot: str, *, timeout: float = TIMEOUT, pinned: bool = False) -> dict:
    """Lay out DOT source and return Graphviz's JSON of it: positions, sizes and drawing operations.

    ``pinned`` as for :func:`to_svg`.

    Examples
    --------
    >>> [node["pos"] for node in to_json("digraph { x -> y }")["objects"]]
    ['27,90', '27,18']
    """
    return json.loads(_render(dot, [*(PINNED if pinned else ()), "-Tjson"], timeout))


def to_svg(dot: str, *, timeout: float = TIMEOUT, pinned: bool = False) -> str:
    """Render DOT source to SVG text.

    Parameters
    ----------
    dot : str
        From :func:`explorer.drawing.dot.to_dot`.
    timeout : float
        Seconds before the renderer is killed.
    pinned : bool, default False
        Every node and edge has its position already (from :func:`to_json`):
        draw them there rather than lay the graph out again.

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
    if pinned:
        return _render(dot, [*PINNED, "-Tsvg"], timeout).decode("utf-8")
    return _draw(dot, "svg", (), timeout).decode("utf-8")


def to_png(dot: str, scale: float = 2, *, timeout: float = TIMEOUT, pinned: bool = False) -> bytes:
    """Render DOT source to a PNG image at ``scale`` times Graphviz's 96 dpi.

    Parameters
    ----------
    dot : str
        From :func:`explorer.drawing.dot.to_dot`.
    scale : float, default 2
        2 for a sharp image on a hi-DPI screen, 4 for slides.
    timeout : float
        Seconds before the renderer is killed.
    pinned : bool, default False
        Draw nodes and edges where they are (see :func:`to_svg`).

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
    dpi = f"-Gdpi={_BASE_DPI * scale:g}"
    if pinned:
        return _render(dot, [*PINNED, "-Tpng", dpi], timeout)
    return _draw(dot, "png", (dpi,), timeout)
