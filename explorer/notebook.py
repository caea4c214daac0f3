"""How a notebook shows an analysis: its graph as SVG beside a short text form.

Registers :func:`explorer.result.rich_display` for
:class:`~explorer.result.Analysis`; importing :mod:`explorer` does it. The
graph is drawn in a worker (:mod:`explorer.bounded`); without a Graphviz
renderer, or when the drawing does not finish, the text form is shown alone.
"""

from __future__ import annotations

import contextlib

from .bounded import draw
from .errors import ExplorerError
from .result import Analysis, rich_display

__all__ = ["mimebundle"]


@rich_display.register
def mimebundle(analysis: Analysis, include=None, exclude=None) -> dict:
    """The representations Jupyter may show: ``text/plain`` and, when it can be drawn, ``image/svg+xml``.

    Examples
    --------
    >>> from explorer import analyze
    >>> sorted(mimebundle(analyze("sin(x**2)")))
    ['image/svg+xml', 'text/plain']
    """
    bundle: dict[str, str] = {"text/plain": repr(analysis)}
    with contextlib.suppress(ExplorerError):  # no renderer, busy or out of time: the text form says enough
        bundle["image/svg+xml"] = draw(analysis)
    return bundle
