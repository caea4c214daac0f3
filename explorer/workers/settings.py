"""The pool's settings: how many workers, how long and how much memory one task may use.

Read from :func:`explorer.workers.configure` or the environment
(``EXPLORER_WORKERS``, ``EXPLORER_HEAVY``, ``EXPLORER_TIMEOUT``,
``EXPLORER_MEMORY_MB``, ``EXPLORER_WAIT``, ``EXPLORER_QUEUE``). A value in the environment that is
not a number in range is reported once as a warning and its default is used:
a typo in a server's configuration must not turn every request into a
traceback.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_SECONDS", "Settings", "default_heavy", "from_environment"]

#: The longest time budget or wait accepted, in seconds.
MAX_SECONDS = 600.0


def _seconds(value: float, name: str, *, zero: bool) -> None:
    low_ok = value >= 0 if zero else value > 0
    if not (isinstance(value, (int, float)) and math.isfinite(value) and low_ok and value <= MAX_SECONDS):
        bound = "0" if zero else "more than 0"
        raise ValueError(f"{name} must be a number of seconds from {bound} to {MAX_SECONDS:g}, not {value!r}")


@dataclass(frozen=True)
class Settings:
    """How big the pool is and how long and how much memory one task may use.

    Attributes
    ----------
    workers : int
        Worker processes, at most this many tasks at once (1 to 64).
    heavy : int or None
        Most heavy tasks at once (predicted heavy from their size, or still
        running after ``promote`` seconds); the other workers stay free for
        light work. None: :func:`default_heavy` of ``workers``.
    promote : float
        Seconds after which a task that was expected to be light counts as heavy.
    timeout : float
        Default wall-clock seconds per task.
    memory_mb : int
        Address-space limit of each worker (``RLIMIT_AS``), in MiB; it also
        holds for the programs a worker starts (Graphviz).
    wait : float
        Longest a caller waits for a free worker before
        :class:`~explorer.errors.BusyError`.
    queue : int
        Most callers waiting for a worker at once; more are told "busy" at once.
    initializer : callable or None
        Module-level function each worker runs once after start-up, with
        ``initargs``; tests use it to install tripwires inside the workers.
    initargs : tuple
    """

    # three on two cores: one heavy task at a time, and two workers that only light work reaches
    workers: int = max(3, min(4, os.cpu_count() or 1))
    heavy: int | None = None
    promote: float = 1.0
    timeout: float = 5.0
    memory_mb: int = 1024
    wait: float = 10.0
    queue: int = 32
    initializer: Callable[..., Any] | None = None
    initargs: tuple = ()

    def __post_init__(self):
        if not (isinstance(self.workers, int) and 1 <= self.workers <= 64):
            raise ValueError(f"workers must be a whole number from 1 to 64, not {self.workers!r}")
        if not (isinstance(self.queue, int) and 0 <= self.queue <= 10_000):
            raise ValueError(f"queue must be a whole number from 0 to 10000, not {self.queue!r}")
        if not (isinstance(self.memory_mb, int) and self.memory_mb >= 64):
            raise ValueError(f"memory_mb must be a whole number of at least 64, not {self.memory_mb!r}")
        if self.heavy is not None and not (isinstance(self.heavy, int) and 1 <= self.heavy <= self.workers):
            raise ValueError(f"heavy must be a whole number from 1 to workers ({self.workers}), not {self.heavy!r}")
        _seconds(self.timeout, "timeout", zero=False)
        _seconds(self.wait, "wait", zero=True)
        _seconds(self.promote, "promote", zero=False)

    @property
    def heavy_limit(self) -> int:
        """Most heavy tasks at once: :attr:`heavy`, or :func:`default_heavy` of :attr:`workers`."""
        return default_heavy(self.workers) if self.heavy is None else self.heavy


def default_heavy(workers: int) -> int:
    """Heavy tasks allowed at once by default: a third of the workers, at least one.

    At least one worker stays for light work whenever there are two.

    Examples
    --------
    >>> [default_heavy(n) for n in (1, 2, 3, 4, 6, 9)]
    [1, 1, 1, 1, 2, 3]
    """
    return max(1, workers // 3)


_ENVIRONMENT = {
    "workers": ("EXPLORER_WORKERS", int),
    "heavy": ("EXPLORER_HEAVY", int),
    "timeout": ("EXPLORER_TIMEOUT", float),
    "memory_mb": ("EXPLORER_MEMORY_MB", int),
    "wait": ("EXPLORER_WAIT", float),
    "queue": ("EXPLORER_QUEUE", int),
}


def from_environment(environ: dict[str, str] | None = None) -> Settings:
    """The settings the environment asks for; a value out of range is warned about and ignored.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     s = from_environment({"EXPLORER_TIMEOUT": "nan", "EXPLORER_WAIT": "3"})
    >>> s.timeout, s.wait
    (5.0, 3.0)
    >>> print(caught[0].message)
    EXPLORER_TIMEOUT='nan' is ignored: timeout must be a number of seconds from more than 0 to 600, not nan
    """
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, (variable, kind) in _ENVIRONMENT.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        try:
            value = kind(raw)
            alone = {"workers": values["workers"]} if name == "heavy" and "workers" in values else {}
            Settings(**alone, **{name: value})  # check it alone, so one bad value does not discard the others
        except ValueError as err:
            wanted = "a whole number" if kind is int and "must" not in str(err) else str(err)
            warnings.warn(f"{variable}={raw!r} is ignored: {wanted}", RuntimeWarning, stacklevel=2)
            continue
        values[name] = value
    return Settings(**values)
