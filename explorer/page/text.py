"""Text that is safe to show in Streamlit's Markdown: user text is escaped, names are inline code."""

from __future__ import annotations

import re

__all__ = ["code", "plain"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&\"'])")


def plain(text: str) -> str:
    """Escape text for a Markdown element so that it is shown literally.

    CommonMark lets a backslash escape any ASCII punctuation; that also disarms
    HTML, Streamlit's ``$`` math, ``:color[...]`` and ``:emoji:`` directives.

    Examples
    --------
    >>> plain("a_b*c")
    'a\\\\_b\\\\*c'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def code(name: str) -> str:
    """A variable name as inline code in Markdown (names never contain backticks).

    Examples
    --------
    >>> code("u1")
    '`u1`'
    """
    return "`" + name.replace("`", "'") + "`"
