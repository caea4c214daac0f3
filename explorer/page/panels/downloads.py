"""The export row: one download button per format of :data:`explorer.exports.formats.FORMATS` (and per scale)."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import streamlit as st

from ...exports.formats import FORMATS, Options, filename
from .. import calls, state

__all__ = ["downloads", "file_names"]


def _buttons() -> list[tuple[str, str, str, int | None]]:
    """(key, label, format, scale) per button, from the formats table."""
    buttons = []
    for fmt in FORMATS.values():
        if fmt.scales:
            buttons += [(f"{fmt.name}{s}", f"{fmt.label} {s}×", fmt.name, s) for s in fmt.scales]
        else:
            buttons.append((fmt.name, fmt.label, fmt.name, None))
    return buttons


def file_names(text: str) -> dict[str, str]:
    """Download file names per button key, derived from the expression and safe on any OS."""
    names = {}
    for key, _, name, scale in _buttons():
        fmt = FORMATS[name]
        stem = filename(text, fmt.extension, prefix=fmt.prefix).removesuffix(f".{fmt.extension}")
        suffix = f"_{scale}x" if scale is not None and scale != fmt.scales[0] else ""
        names[key] = f"{stem}{suffix}.{fmt.extension}"
    return names


def downloads(request: calls.Request, options: Options) -> None:
    """Download buttons for the graph exactly as shown, and the derivation; made when clicked.

    The text and the JSON carry the finite difference with the page's Δx.
    """
    st.subheader("Export", anchor=False)
    drawn = calls.renderer() is not None
    names = file_names(request.text)
    buttons = _buttons()
    row = st.container(horizontal=True, wrap=True, key="downloads")
    for key, label, name, scale in buttons:
        fmt = FORMATS[name]
        wanted = options if scale is None else replace(options, scale=scale)
        if fmt.stepped:
            wanted = replace(wanted, dx=state.dx())
        row.download_button(
            label,
            partial(calls.download, request, name, wanted),
            names[key],
            fmt.mime,
            key=f"download_{key}",
            disabled=fmt.needs_renderer and not drawn,
            on_click="ignore",
            icon=":material/download:",
        )
