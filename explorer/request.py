"""An analysis request and a refusal as plain, hashable, picklable values.

Caches and worker processes need values that live in an importable module:
Streamlit's ``st.cache_data`` pickles what it stores, and a class defined in
the running script is a new class on every rerun, so a cached refusal would
no longer be an instance of it. These two small tuples live here instead.
"""

from __future__ import annotations

from typing import NamedTuple

from .parse import ExpressionError

__all__ = ["Request", "Rejection"]


class Request(NamedTuple):
    """What to analyse (the cache key).

    Examples
    --------
    >>> Request("x*x", None, (("x", 2.0),), True).point
    (('x', 2.0),)
    """

    text: str
    wrt: str | None
    point: tuple[tuple[str, float], ...]
    share: bool


class Rejection(NamedTuple):
    """Why the engine refused a request: what a page needs to show it.

    Examples
    --------
    >>> from explorer.parse import parse
    >>> try:
    ...     parse("x +* 2")
    ... except ExpressionError as err:
    ...     Rejection.from_error(err)
    Rejection(message="'*' needs something on its left", line=1, column=4, source_line='x +* 2')
    """

    message: str
    line: int | None
    column: int | None
    source_line: str | None

    @classmethod
    def from_error(cls, err: ExpressionError) -> Rejection:
        """The parts of an :class:`ExpressionError` a page shows."""
        return cls(err.message, err.line, err.column, err.source_line)
