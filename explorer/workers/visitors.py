"""Who a thread works for: the visitor whose requests it runs, and whether that visitor has moved on.

The web page names the visitor (its session) around each run of its script
with :func:`visitor`, and says how to tell that the same visitor has asked
for something newer (a rerun is pending). The pool then runs at most one
heavy task per visitor, and gives up a heavy task, or a wait for a worker,
that nobody will read any more. The library and the command line name no
visitor: every call is its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

__all__ = ["Visitor", "current", "visitor"]


class Visitor(NamedTuple):
    """A visitor's name (any string unique among visitors) and the test of whether they moved on."""

    name: str
    moved_on: Callable[[], bool]


_local = threading.local()


def _never() -> bool:
    return False


@contextmanager
def visitor(name: str, moved_on: Callable[[], bool] = _never) -> Iterator[Visitor]:
    """Run the block's pool calls on behalf of ``name``; ``moved_on()`` says when they are no longer wanted.

    ``moved_on`` is called from the waiting thread about ten times a second
    while a heavy task runs: it must be cheap and must not raise.

    Examples
    --------
    >>> with visitor("session-1") as me:
    ...     current() == me
    True
    >>> current() is None
    True
    """
    previous = getattr(_local, "visitor", None)
    _local.visitor = Visitor(name, moved_on)
    try:
        yield _local.visitor
    finally:
        _local.visitor = previous


def current() -> Visitor | None:
    """The visitor this thread works for, or None (the library, the command line, a download thread)."""
    return getattr(_local, "visitor", None)
