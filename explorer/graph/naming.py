"""Names the builder gives: the outputs' entries (``y1``, ``y11``), the output's stem, and remarks on what was typed.

:mod:`explorer.graph.build` asks these once the graph is known; a name never
takes one a user gave.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..language.syntax import Syntax
from .matrices import entry_name

__all__ = ["output_names", "remarks", "stem"]


def output_names(count: int, users: set[str], is_vector: bool, stems: list[str], dims: tuple[int, ...]) -> list[str]:
    """The outputs' names: the first stem none of whose names is taken (``y``, ``y1 … yn``, ``y11 …`` for a matrix).

    Examples
    --------
    >>> output_names(1, set(), False, ["y", "f"], ()), output_names(2, {"y1"}, True, ["y", "f"], (2,))
    (['y'], ['f1', 'f2'])
    >>> output_names(4, set(), True, ["Y"], (2, 2))
    ['Y11', 'Y12', 'Y21', 'Y22']
    """

    def names(stem: str) -> list[str]:
        if len(dims) == 2:  # y11, y12, ...: a matrix's entries by row and column
            return [entry_name(stem, *divmod(k, dims[1]), ()) for k in range(count)]
        return [stem] if not is_vector else [f"{stem}{k + 1}" for k in range(count)]

    for stem in stems:
        if not (set(names(stem)) & users):
            return names(stem)
    stem = "y"
    while set(names(stem)) & users or stem in users or f"{stem}0" in users:
        stem += "_"
    return names(stem)


def stem(entry: str) -> str:
    """The output's name from one of its entries' (``y`` from ``y1`` or ``y11``).

    Examples
    --------
    >>> stem("y1"), stem("Y12"), stem("y")
    ('y', 'Y', 'y')
    """
    return entry.rstrip("0123456789_") or entry


def remarks(products: Sequence[tuple[tuple[Syntax, ...], int]], is_vector: bool, out: str) -> tuple[str, ...]:
    """A vector output made with ``w*x`` of two vectors: say that it multiplies entry by entry (not a dot product).

    Examples
    --------
    >>> w, x = Syntax("name", "w"), Syntax("name", "x")
    >>> remarks([((w, x), 3)], True, "y")
    ('w * x multiplies entry by entry, so y is a vector of 3; for the dot product write dot(w, x) or w @ x',)
    """
    if not is_vector or not products:
        return ()
    args, length = products[0]
    names = [a.op if a.kind == "name" else "…" for a in args]
    dot = f"dot({names[0]}, {names[1]}) or {names[0]} @ {names[1]}" if len(names) == 2 else "dot(a, b)"
    return (
        f"{' * '.join(names)} multiplies entry by entry, so {out} is a vector of {length}; for the dot product "
        f"write {dot}",
    )
