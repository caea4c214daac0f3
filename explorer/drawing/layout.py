"""Lay out and draw DOT with Graphviz: SVG and PNG.

The renderer is the system Graphviz ``dot`` when it is on ``PATH``, else the
``graphviz-pure`` executable from the wheel of that name (it speaks dot's
command line). It runs as a subprocess with a timeout and a CPU limit of its
own, no shell, DOT on standard input. Called in a worker process
(:mod:`explorer.bounded`), it inherits the worker's memory limit, so a graph
that would need gigabytes to lay out is stopped, not the server.
"""

from __future__ import annotations

import contextlib
import json
import math
import resource
import shutil
import subprocess

from ..errors import RenderError

__all__ = ["MAX_SCALE", "PINNED", "RENDERERS", "TIMEOUT", "renderer", "to_json", "to_png", "to_svg"]

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
    return _render(dot, [*(PINNED if pinned else ()), "-Tsvg"], timeout).decode("utf-8")


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
    return _render(dot, [*(PINNED if pinned else ()), "-Tpng", f"-Gdpi={_BASE_DPI * scale:g}"], timeout)
