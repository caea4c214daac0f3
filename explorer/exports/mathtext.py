r"""The explorer's own LaTeX as matplotlib's mathtext: rows of coloured pieces, or None where mathtext cannot set it.

PNG frames (:mod:`explorer.exports.slides`) draw the step's formula with
matplotlib's mathtext, which typesets fractions, scripts, ``\left( \right)``,
``\text`` and the function names sympy writes, but no environments, colours
or braces over terms. The formulas come from :mod:`explorer.teach` (never from
user text: names in them are printed by sympy), in a small, known form:
``aligned`` or ``gathered`` rows, terms coloured with ``{\color{#hex}…}``,
numbered with ``\underbrace{…}_{k}`` or boxed. :func:`pieces` takes them
apart into rows of (colour, mathtext) pieces; a piece mathtext cannot set is
found when it is drawn, and the frame then says the step in words.
"""

from __future__ import annotations

import re

__all__ = ["ALIGN", "Piece", "pieces"]

#: One piece of a row: its colour (``#RRGGBB``, or None for the ink) and its mathtext, without the dollars.
Piece = tuple[str | None, str]

_ENVIRONMENT = re.compile(r"^\\begin\{(aligned|gathered)\}(.*)\\end\{\1\}$", re.S)
_COLOUR = re.compile(r"\{\\color(?:\{(#[0-9A-Fa-f]{6})\}|\[RGB\]\{(\d+),(\d+),(\d+)\})")


def _group(text: str, start: int) -> int:
    """The index just after the brace group that opens at ``text[start]``."""
    depth = 0
    for k in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return k + 1
    raise ValueError("unbalanced braces")


def _split(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside braces."""
    parts, depth, start, k = [], 0, 0, 0
    while k < len(text):
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0 and text.startswith(separator, k):
            parts.append(text[start:k])
            k += len(separator)
            start = k
            continue
        k += 1
    return [*parts, text[start:]]


def _unwrapped(text: str, command: str, script: bool) -> str:
    r"""``text`` with every ``\command{X}`` (and its ``_{k}`` when ``script``) replaced by ``X``."""
    while (k := text.find(command + "{")) >= 0:
        end = _group(text, k + len(command))
        inner = text[k + len(command) + 1 : end - 1]
        if script and text.startswith("_{", end):
            end = _group(text, end + 1)
        single = inner.startswith("{") and _group(inner, 0) == len(inner)  # a group already: no braces around it
        text = text[:k] + (inner if single else "{" + inner + "}") + text[end:]
    return text


def _row(text: str) -> list[Piece]:
    """One row: split at its top-level colour groups."""
    found: list[Piece] = []
    depth, start, k = 0, 0, 0
    while k < len(text):
        match = _COLOUR.match(text, k) if depth == 0 else None
        if match:
            found.append((None, text[start:k]))
            end = _group(text, k)
            if match.group(1):
                colour = match.group(1).upper()
            else:
                colour = "#" + "".join(f"{int(match.group(i)):02X}" for i in (2, 3, 4))
            found.append((colour, text[match.end() : end - 1]))
            start = k = end
            continue
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        k += 1
    found.append((None, text[start:]))
    return [(colour, math) for colour, math in found if math.strip()]


#: Where a row is aligned: the pieces before it end there, the pieces after it start there.
ALIGN: Piece = ("&", "")


def pieces(formula: str) -> list[list[Piece]] | None:
    r"""A formula as rows of (colour, mathtext) pieces; None for a form it does not know.

    Matplotlib checks each piece as it draws it (a ``ValueError`` for what mathtext cannot set).
    The alignment point of an aligned row is the piece :data:`ALIGN`; a
    term's number under its brace and a box are dropped (the colour says
    which path a term is), and fractions are set in display style.

    Examples
    --------
    >>> for row in pieces(r"\begin{aligned}y &= {\color{#0072B2}2 x} + {\color[RGB]{190,84,0}1} \\ &= 2\end{aligned}"):
    ...     print(row)
    [(None, 'y '), ('&', ''), (None, '= '), ('#0072B2', '2 x'), (None, ' + '), ('#BE5400', '1')]
    [('&', ''), (None, '= 2')]
    >>> pieces(r"x = {\color{#0072B2}2") is None  # not a form the explorer writes
    True
    """
    body = formula.strip()
    match = _ENVIRONMENT.match(body)
    try:
        rows = _split(match.group(2), r"\\") if match else [body]
        found = []
        for row in rows:
            row = _unwrapped(_unwrapped(row, r"\underbrace", True), r"\boxed", False).replace(r"\frac{", r"\dfrac{")
            left, *right = _split(row, "&")
            found.append(_row(left) + ([ALIGN, *_row("".join(right))] if right else []))
    except ValueError:
        return None
    found = [row for row in found if any(piece != ALIGN for piece in row)]
    return found or None
