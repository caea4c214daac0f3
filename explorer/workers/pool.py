"""A small pool of worker processes that runs sympy work bounded in time, memory and number.

Short, valid input can make sympy compute for minutes (``4323024^(999/1000)``
factors a big integer), a thread cannot be stopped, and ``signal`` timeouts do
not work in Streamlit's script threads. So the work runs in worker processes
that the caller can kill: each task gets a wall-clock timeout, each worker an
address-space limit, a worker that overruns is killed and replaced, and a
caller that finds every worker busy waits a short, bounded time and is then
told to try again rather than joining a queue that grows without limit.

Workers are fresh interpreters started with :mod:`subprocess` (fork and exec
in C), not :mod:`multiprocessing`: forking a process that runs threads (a
Streamlit server does) is unsafe, and multiprocessing's ``spawn`` and
``forkserver`` re-run the parent's ``__main__`` in every worker, which under
Streamlit is the app script itself. A new worker imports sympy and every
module whose functions the pool has run so far before it reports ready, so
a replacement for a stopped worker is warm. The pool is created on first
use, shared by all threads of the process, and shut down at exit.

Heavy work never holds up light work. A task is heavy when its caller
predicts it from its size, or when it is still running after a first slice
of time (:attr:`Settings.promote`); at most :attr:`Settings.heavy_limit`
heavy tasks run at once, so the other workers are always there for light
work (a new point, a small expression, a highlight), and a heavy task runs
at a lower CPU priority. The visitor a thread works for
(:func:`explorer.workers.visitors.visitor`, named by the web page) has at
most one heavy task at a time, and one they no longer want (they asked for
something newer) is given up: its worker is stopped and replaced. Beyond
that, the pool keeps nothing per visitor.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from multiprocessing.reduction import ForkingPickler
from typing import Any

from ..errors import ExhaustedError, GivenUpError, OutOfMemoryError, TimedOutError
from .lanes import GIVEN_UP, Pool
from .process import HEAVY_NICE, RemoteError, Worker
from .settings import Settings, from_environment
from .visitors import Visitor, current

__all__ = ["HINT", "Slot", "configure", "run", "settings", "shutdown", "slot"]

#: Said after a timeout or memory stop unless the caller gives its own hint.
HINT = "try a shorter expression, smaller numbers or exponents, or fewer nested functions"


_lock = threading.Lock()
_settings: Settings | None = None
_pool: Pool | None = None


def settings() -> Settings:
    """The settings in force: :func:`configure`'s, else the environment's, else the defaults."""
    global _settings
    with _lock:
        if _settings is None:
            _settings = from_environment()
        return _settings


def configure(**changes: Any) -> Settings:
    """Change the pool's settings; a running pool is stopped, and the next task starts a new one.

    Parameters
    ----------
    **changes
        Any field of :class:`Settings`: ``workers``, ``timeout``,
        ``memory_mb``, ``wait``, ``queue``, ``initializer``, ``initargs``.

    Returns
    -------
    Settings
        The new settings.

    Examples
    --------
    >>> previous = settings().timeout
    >>> configure(timeout=2.5).timeout
    2.5
    >>> configure(timeout=previous).timeout == previous
    True
    """
    global _settings, _pool
    unknown = set(changes) - {f.name for f in fields(Settings)}
    if unknown:
        raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    new = replace(settings(), **changes)
    with _lock:
        if new == _settings:
            return new
        _settings = new
        old, _pool = _pool, None
    if old is not None:
        old.close()
    return new


def shutdown() -> None:
    """Stop every worker now; the next :func:`run` starts a fresh pool."""
    global _pool
    with _lock:
        old, _pool = _pool, None
    if old is not None:
        old.close()


atexit.register(shutdown)


def _current_pool() -> Pool:
    global _pool
    current = settings()
    with _lock:
        if _pool is None:
            _pool = Pool(current)
        return _pool


class _GiveUpError(Exception):
    """Raised by a slot's look at its running task: nobody wants its result any more."""


class Slot:
    """A worker held by one caller; run one or more tasks on it (see :func:`slot`).

    ``heavy`` says whether it counts against the pool's heavy limit (it was
    asked for as heavy, or a task of it ran past ``promote`` seconds);
    ``abandoned`` is set when the same visitor's newer heavy work replaces it;
    ``partial`` is what the last task kept (:func:`explorer.workers.keep`), so
    that a task stopped after it has still given something.
    """

    def __init__(self, pool: Pool, worker: Worker, heavy: bool = False, visitor: Visitor | None = None):
        self._pool = pool
        self.worker = worker
        self._settings = pool.settings
        self.heavy = heavy
        self.visitor = visitor
        self.abandoned = False
        self.partial: object = None  # what the last task kept (workers.keep) before it replied or was stopped

    def _look(self, elapsed: float) -> None:
        """While a task runs: promote it once it has had its slice of time; give it up when unwanted."""
        if not self.heavy and elapsed >= self._settings.promote:
            self._pool.promote(self)
            self.worker.renice(HEAVY_NICE)
        if self.heavy and (self.abandoned or (self.visitor is not None and self.visitor.moved_on())):
            raise _GiveUpError

    def ready(self) -> None:
        """Wait until the worker has started (imported what it preloads): a budget starts after this.

        Raises
        ------
        BusyError
            The worker could not start.
        """
        if self.worker.broken or not self.worker.alive():
            self.worker = self._pool.renew(self.worker)
        self.worker.wait_ready()

    def run(
        self,
        func: Callable[..., Any],
        /,
        *args: Any,
        timeout: float | None = None,
        step: str = "the analysis",
        hint: str = HINT,
        **kwargs: Any,
    ) -> Any:
        """Run ``func(*args, **kwargs)`` in the worker and return its result.

        Parameters
        ----------
        func : callable
            A module-level function (it is pickled by name); arguments and
            result must pickle.
        timeout : float, optional
            Wall-clock seconds; defaults to :attr:`Settings.timeout`.
        step : str
            What the task does, for messages ("simplifying the derivative").
        hint : str
            What the user could try instead, said after a stop.

        Raises
        ------
        TimedOutError
            The task ran past ``timeout``; the worker was killed and replaced.
        OutOfMemoryError
            The task hit the memory limit, recursed too deeply or crashed.
        ExpressionError
            Raised by ``func`` itself, with its message and column intact.
        """
        timeout = self._settings.timeout if timeout is None else timeout
        if self.worker.broken or not self.worker.alive():  # an earlier task on this slot was stopped
            self.worker = self._pool.renew(self.worker)
        self._pool.learn(func)
        worker = self.worker
        worker.wait_ready()
        worker.stage = ("", None)
        message = _pickle((func, args, kwargs))  # a task that does not pickle fails here, worker untouched
        if self.abandoned:
            raise GivenUpError(GIVEN_UP)
        worker.renice(HEAVY_NICE if self.heavy else 0)
        worker.broken = True  # until the reply is read, the pipe is out of step
        worker.partial = self.partial = None
        try:
            worker.conn.send_bytes(message)
            reply = worker.reply(timeout, self._look)
        except _GiveUpError:  # the worker is still computing: it is stopped and replaced when the slot is released
            raise GivenUpError(GIVEN_UP) from None
        except (EOFError, OSError):
            raise _stopped(OutOfMemoryError, worker, step, "stopped unexpectedly (memory or recursion)", hint) from None
        finally:
            self.partial = worker.partial
        if reply is None:
            raise _stopped(TimedOutError, worker, step, f"was stopped after {timeout:g} s", hint)
        kind, value, remote = reply
        if kind == "memory":
            memory = f"needed more than {self._settings.memory_mb} MB of memory and was stopped"
            raise _stopped(OutOfMemoryError, worker, step, memory, hint)
        worker.broken = False
        if kind == "ok":
            return value
        if kind == "recursion":
            raise _stopped(OutOfMemoryError, worker, step, "recursed too deeply and was stopped", hint)
        if remote is not None:
            raise value from RemoteError(remote)
        raise value


def _pickle(task: tuple) -> bytes:
    return bytes(ForkingPickler.dumps(task))


def _stopped(kind: type[ExhaustedError], worker: Worker, step: str, what: str, hint: str) -> ExhaustedError:
    """The error for a stopped task, naming the stage the worker last reported."""
    stage, stage_hint = worker.stage
    where = f" while {stage}" if stage else ""
    return kind(f"{step} {what}{where}; {stage_hint or hint}", step, stage)


@contextmanager
def slot(*, wait: float | None = None, heavy: bool = False) -> Iterator[Slot]:
    """Hold one worker for several dependent tasks, e.g. an analysis then its simplification.

    Parameters
    ----------
    wait : float, optional
        Longest to wait for a free worker; defaults to :attr:`Settings.wait`.
    heavy : bool, default False
        The work is expected to be heavy (from its size): it waits while the
        heavy limit is reached, runs at a lower CPU priority, and is given up
        when its visitor moves on. Light work that runs past
        :attr:`Settings.promote` seconds is treated the same from then on.

    Raises
    ------
    BusyError
        No worker became free in time, or too many callers are waiting.
    GivenUpError
        The visitor (:func:`explorer.workers.visitor`) moved on while this
        waited for a worker, or while its heavy work ran.

    Examples
    --------
    >>> import operator
    >>> with slot() as worker:
    ...     worker.run(operator.add, 2, 3, timeout=30)
    5
    """
    pool = _current_pool()
    visitor = current()
    held = Slot(pool, pool.acquire(pool.settings.wait if wait is None else wait, heavy, visitor), heavy, visitor)
    if heavy:
        pool.promote(held)  # registers it as its visitor's heavy task
    try:
        yield held
    finally:
        pool.release(held)


def run(
    func: Callable[..., Any],
    /,
    *args: Any,
    timeout: float | None = None,
    step: str = "the analysis",
    hint: str = HINT,
    wait: float | None = None,
    heavy: bool = False,
    **kwargs: Any,
) -> Any:
    """Run ``func(*args, **kwargs)`` in a worker process under a time and memory limit.

    Safe to call from many threads at once. ``func`` must be a module-level
    function; its arguments and result must pickle.

    Parameters
    ----------
    func : callable
    *args, **kwargs
        Passed to ``func``.
    timeout : float, optional
        Wall-clock seconds; defaults to :attr:`Settings.timeout`.
    step : str
        What the task does, named in a timeout message.
    hint : str
        What to try instead, said after a stop.
    wait : float, optional
        Longest to wait for a free worker; defaults to :attr:`Settings.wait`.
    heavy : bool, default False
        Expected to be heavy: see :func:`slot`.

    Returns
    -------
    The result of ``func``.

    Raises
    ------
    BusyError
        Every worker stayed busy for ``wait`` seconds.
    TimedOutError, OutOfMemoryError
        The task was stopped; both are :class:`ExhaustedError` and
        :class:`~explorer.errors.CapacityError`.
    ExpressionError
        Raised by ``func``, with message and column intact.

    Notes
    -----
    A call costs a pickle round trip (well under a millisecond for small
    arguments) on top of ``func``. A stopped worker is replaced by a fresh
    process at once; it imports sympy (about half a second of CPU) before it
    takes its first task, and the caller whose task was stopped does not wait
    for it.

    Examples
    --------
    >>> import math
    >>> run(math.factorial, 10, timeout=30)
    3628800
    """
    with slot(wait=wait, heavy=heavy) as worker:
        return worker.run(func, *args, timeout=timeout, step=step, hint=hint, **kwargs)
