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
use, shared by all threads of the process, and shut down at exit. It holds
no per-user state.
"""

from __future__ import annotations

import atexit
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from multiprocessing.reduction import ForkingPickler
from typing import Any

from ..errors import BusyError, ExhaustedError, OutOfMemoryError, TimedOutError
from .process import RemoteError, Worker
from .settings import Settings, from_environment

__all__ = ["HINT", "Slot", "configure", "run", "settings", "shutdown", "slot"]

#: Said after a timeout or memory stop unless the caller gives its own hint.
HINT = "try a shorter expression, smaller numbers or exponents, or fewer nested functions"

#: Modules every worker imports before it takes a task (simplify imports sympy's units lazily).
BASE_PRELOAD = ("sympy", "sympy.physics.units")


class _Pool:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.demand = 0  # callers holding or waiting for a worker
        self.closed = False
        self.everyone: set[Worker] = set()
        self.modules: dict[str, None] = dict.fromkeys(BASE_PRELOAD)  # what new workers import, in order
        for _ in range(settings.workers):
            self.idle.put(self._start())

    def _start(self) -> Worker:
        with self.lock:
            preload = tuple(self.modules)
        worker = Worker(self.settings, preload)
        with self.lock:
            self.everyone.add(worker)
        return worker

    def learn(self, func: Callable) -> None:
        """Remember the module of a task's function, so that workers started later import it first."""
        module = getattr(func, "__module__", None)
        if module and module != "__main__" and module not in self.modules:
            with self.lock:
                self.modules[module] = None

    def acquire(self, wait: float) -> Worker:
        with self.lock:
            if self.closed:
                raise BusyError("the explorer is restarting, try again in a moment")
            if self.demand >= self.settings.workers + self.settings.queue:
                raise BusyError("the explorer is busy, try again in a moment")
            self.demand += 1
        try:
            worker = self.idle.get(timeout=wait)
        except queue.Empty:
            with self.lock:
                self.demand -= 1
            raise BusyError("the explorer is busy, try again in a moment") from None
        if not worker.alive():  # died while idle (killed from outside): never hand out a dead worker
            worker = self.renew(worker)
        return worker

    def renew(self, worker: Worker) -> Worker:
        """Stop ``worker`` and return a fresh one in its place."""
        with self.lock:
            self.everyone.discard(worker)
        worker.stop()
        return self._start()

    def release(self, worker: Worker) -> None:
        with self.lock:
            self.demand -= 1
        if self.closed:
            worker.stop()
        elif worker.broken or not worker.alive():
            self.idle.put(self.renew(worker))
        else:
            self.idle.put(worker)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers = list(self.everyone)
            self.everyone.clear()
        # busy workers are stopped here too; their callers see a crash reply, not a hang
        for worker in workers:
            worker.broken = True
            worker.stop()


_lock = threading.Lock()
_settings: Settings | None = None
_pool: _Pool | None = None


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


def _current_pool() -> _Pool:
    global _pool
    current = settings()
    with _lock:
        if _pool is None:
            _pool = _Pool(current)
        return _pool


class Slot:
    """A worker held by one caller; run one or more tasks on it (see :func:`slot`)."""

    def __init__(self, pool: _Pool, worker: Worker):
        self._pool = pool
        self._worker = worker
        self._settings = pool.settings

    def ready(self) -> None:
        """Wait until the worker has started (imported what it preloads): a budget starts after this.

        Raises
        ------
        BusyError
            The worker could not start.
        """
        if self._worker.broken or not self._worker.alive():
            self._worker = self._pool.renew(self._worker)
        self._worker.wait_ready()

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
        if self._worker.broken or not self._worker.alive():  # an earlier task on this slot was stopped
            self._worker = self._pool.renew(self._worker)
        self._pool.learn(func)
        worker = self._worker
        worker.wait_ready()
        worker.stage = ("", None)
        message = _pickle((func, args, kwargs))  # a task that does not pickle fails here, worker untouched
        worker.broken = True  # until the reply is read, the pipe is out of step
        try:
            worker.conn.send_bytes(message)
            reply = worker.reply(timeout)
        except (EOFError, OSError):
            raise _stopped(OutOfMemoryError, worker, step, "stopped unexpectedly (memory or recursion)", hint) from None
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
def slot(*, wait: float | None = None) -> Iterator[Slot]:
    """Hold one worker for several dependent tasks, e.g. an analysis then its simplification.

    Parameters
    ----------
    wait : float, optional
        Longest to wait for a free worker; defaults to :attr:`Settings.wait`.

    Raises
    ------
    BusyError
        No worker became free in time, or too many callers are waiting.

    Examples
    --------
    >>> import operator
    >>> with slot() as worker:
    ...     worker.run(operator.add, 2, 3, timeout=30)
    5
    """
    pool = _current_pool()
    held = Slot(pool, pool.acquire(pool.settings.wait if wait is None else wait))
    try:
        yield held
    finally:
        pool.release(held._worker)


def run(
    func: Callable[..., Any],
    /,
    *args: Any,
    timeout: float | None = None,
    step: str = "the analysis",
    hint: str = HINT,
    wait: float | None = None,
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
    with slot(wait=wait) as worker:
        return worker.run(func, *args, timeout=timeout, step=step, hint=hint, **kwargs)
