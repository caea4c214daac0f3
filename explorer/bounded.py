"""Run expensive sympy work in a small pool of worker processes, bounded in time, memory and number.

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
Streamlit is the app script itself. Each worker imports sympy and the explorer
once when it starts (about half a second), before it takes a task; a stopped
worker is replaced at once. The pool is created on first use, shared by all
threads of the process, and shut down at exit. It holds no per-user state.

Settings come from :func:`configure` or the environment: ``EXPLORER_WORKERS``,
``EXPLORER_TIMEOUT`` (seconds per task), ``EXPLORER_MEMORY_MB`` (per worker),
``EXPLORER_WAIT`` (seconds to wait for a free worker) and ``EXPLORER_QUEUE``
(most callers waiting at once).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import queue
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from multiprocessing.connection import Connection, Pipe
from multiprocessing.reduction import ForkingPickler
from typing import Any

from .parse import ExpressionError

__all__ = [
    "BusyError",
    "ExhaustedError",
    "OutOfMemoryError",
    "Settings",
    "Slot",
    "TimedOutError",
    "configure",
    "run",
    "settings",
    "shutdown",
    "slot",
    "stage",
]

#: Said after a timeout or memory stop unless the caller gives its own hint.
HINT = "try a shorter expression, smaller numbers or exponents, or fewer nested functions"

#: Modules a worker imports when it starts, so that no task pays for them (simplify imports units lazily).
PRELOAD = ("sympy", "sympy.physics.units", "explorer.analysis")

#: Seconds a freshly started worker may take to import and report ready.
STARTUP_TIMEOUT = 60.0

#: Inside a worker: its end of the pipe, for :func:`stage` reports. None elsewhere.
_reports: Connection | None = None


class BusyError(ExpressionError):
    """Every worker stayed busy for the whole wait, or too many callers were waiting."""


class ExhaustedError(ExpressionError):
    """A task ran out of its time or memory and was stopped; its worker was replaced.

    Attributes
    ----------
    step : str
        The step that was stopped, as passed to :meth:`Slot.run`.
    """

    step: str = ""
    stage: str = ""


class TimedOutError(ExhaustedError):
    """A task ran past its wall-clock timeout; catch it to fall back to a cheaper result."""


class OutOfMemoryError(ExhaustedError):
    """A task hit the worker's memory limit, recursed too deeply, or crashed its worker."""


@dataclass(frozen=True)
class Settings:
    """How big the pool is and how long and how much memory one task may use.

    Attributes
    ----------
    workers : int
        Worker processes, at most this many tasks at once.
    timeout : float
        Default wall-clock seconds per task.
    memory_mb : int
        Address-space limit of each worker (``RLIMIT_AS``), in MiB.
    wait : float
        Longest a caller waits for a free worker before :class:`BusyError`.
    queue : int
        Most callers waiting for a worker at once; more get :class:`BusyError` at once.
    initializer : callable or None
        Module-level function each worker runs once after start-up, with
        ``initargs``; tests use it to install tripwires inside the workers.
    initargs : tuple
    """

    workers: int = max(2, min(4, os.cpu_count() or 1))  # two, so one slow task never blocks everyone
    timeout: float = 5.0
    memory_mb: int = 1024
    wait: float = 10.0
    queue: int = 32
    initializer: Callable[..., Any] | None = None
    initargs: tuple = ()

    def __post_init__(self):
        if self.workers < 1 or self.queue < 0:
            raise ValueError("workers must be at least 1 and queue at least 0")
        if self.timeout <= 0 or self.wait < 0 or self.memory_mb < 64:
            raise ValueError("timeout must be positive, wait not negative, memory_mb at least 64")


_ENVIRONMENT = {
    "workers": ("EXPLORER_WORKERS", int),
    "timeout": ("EXPLORER_TIMEOUT", float),
    "memory_mb": ("EXPLORER_MEMORY_MB", int),
    "wait": ("EXPLORER_WAIT", float),
    "queue": ("EXPLORER_QUEUE", int),
}


def _from_environment() -> Settings:
    values = {}
    for name, (variable, kind) in _ENVIRONMENT.items():
        if os.environ.get(variable, "").strip():
            try:
                values[name] = kind(os.environ[variable])
            except ValueError:
                wanted = "a whole number" if kind is int else "a number"
                raise ValueError(f"{variable}={os.environ[variable]!r} is not {wanted}") from None
    return Settings(**values)


# -- the worker process ---------------------------------------------------------------------------


def _limit_memory(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def stage(name: str, hint: str | None = None) -> None:
    """Say which stage the running task is in, so that a stop can name it.

    Cheap, and a no-op outside a worker process, so library code can call it
    unconditionally between its expensive steps.

    Parameters
    ----------
    name : str
        What the task is doing, as a phrase that follows "while":
        ``"evaluating at the point"``.
    hint : str, optional
        What the user could try if this stage is stopped; replaces the
        caller's hint.

    Examples
    --------
    >>> stage("simplifying the total", hint="the unsimplified total is shown")
    """
    if _reports is not None:
        _reports.send(("stage", name, hint))


def _exit_with_parent(parent: int) -> None:
    """Exit when the server has gone (a worker is reparented), rather than live on as an orphan."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="explorer-parent-watch", daemon=True).start()


def _worker_main(fd: int) -> None:
    """Entry point of a worker process: set up from the first message, then serve tasks."""
    global _reports
    conn = Connection(fd)
    parent, path, memory_mb, initializer, initargs = conn.recv()
    sys.path[:] = path
    _exit_with_parent(parent)
    for module in PRELOAD:
        importlib.import_module(module)
    _limit_memory(memory_mb)
    if initializer is not None:
        initializer(*initargs)
    _reports = conn
    conn.send(("ready", os.getpid(), None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        func, args, kwargs = task
        try:
            reply = ("ok", func(*args, **kwargs), None)
        except ExpressionError as err:
            reply = ("raise", err, None)
        except MemoryError:
            reply = ("memory", None, None)
        except RecursionError:
            reply = ("recursion", None, None)
        except Exception as err:  # any failure goes back to the caller
            reply = ("raise", err, traceback.format_exc())
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", None, None))
        except Exception as err:  # the result or the exception does not pickle
            failure = RuntimeError(f"the worker could not send its reply: {err!r}")
            conn.send(("raise", failure, None))


class _RemoteError(Exception):
    """Carries the worker's traceback text as the ``__cause__`` of an unexpected exception."""

    def __str__(self) -> str:
        return self.args[0]


# -- the pool -------------------------------------------------------------------------------------


class _Worker:
    """One worker process and the parent's end of its pipe; used by one thread at a time."""

    def __init__(self, settings: Settings):
        self.conn, child = Pipe()
        command = [sys.executable, "-c", f"from explorer.bounded import _worker_main; _worker_main({child.fileno()})"]
        # the worker finds explorer (and the tasks' modules) where this process does
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p or os.getcwd() for p in sys.path)}
        self.process = subprocess.Popen(
            command, pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, env=environment, close_fds=True
        )
        child.close()
        self.conn.send((os.getpid(), sys.path, settings.memory_mb, settings.initializer, settings.initargs))
        self.ready = False
        self.broken = False  # set when the pipe may hold a stale reply or the process is gone
        self.stage: tuple[str, str | None] = ("", None)

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self) -> None:
        if self.ready:
            return
        try:
            if not self.conn.poll(STARTUP_TIMEOUT):
                raise EOFError
            self.conn.recv()
        except (EOFError, OSError):
            self.broken = True
            raise BusyError("the explorer could not start a worker, try again in a moment") from None
        self.ready = True

    def reply(self, timeout: float) -> tuple | None:
        """The task's reply, recording stage reports on the way; None when ``timeout`` runs out."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.conn.poll(remaining):
                return None
            message = self.conn.recv()  # EOFError when the worker died
            if message[0] != "stage":
                return message
            self.stage = message[1:]

    def stop(self) -> None:
        if self.ready and not self.broken and self.alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(0.5)
        if self.alive():
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()


class _Pool:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.demand = 0  # callers holding or waiting for a worker
        self.closed = False
        self.everyone: set[_Worker] = set()
        for _ in range(settings.workers):
            self.idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self.settings)
        with self.lock:
            self.everyone.add(worker)
        return worker

    def acquire(self, wait: float) -> _Worker:
        with self.lock:
            if self.closed:
                raise BusyError("the explorer is restarting, try again in a moment")
            if self.demand >= self.settings.workers + self.settings.queue:
                raise BusyError("the explorer is busy, try again in a moment")
            self.demand += 1
        try:
            return self.idle.get(timeout=wait)
        except queue.Empty:
            with self.lock:
                self.demand -= 1
            raise BusyError("the explorer is busy, try again in a moment") from None

    def renew(self, worker: _Worker) -> _Worker:
        """Stop ``worker`` and return a fresh one in its place."""
        with self.lock:
            self.everyone.discard(worker)
        worker.stop()
        return self._start()

    def release(self, worker: _Worker) -> None:
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
            _settings = _from_environment()
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

    def __init__(self, pool: _Pool, worker: _Worker):
        self._pool = pool
        self._worker = worker
        self._settings = pool.settings

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
        if self._worker.broken:  # an earlier task on this slot was stopped
            self._worker = self._pool.renew(self._worker)
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
            raise value from _RemoteError(remote)
        raise value


def _pickle(task: tuple) -> bytes:
    return bytes(ForkingPickler.dumps(task))


def _stopped(kind: type[ExhaustedError], worker: _Worker, step: str, what: str, hint: str) -> ExhaustedError:
    """The error for a stopped task, naming the stage the worker last reported."""
    stage, stage_hint = worker.stage
    where = f" while {stage}" if stage else ""
    error = kind(f"{step} {what}{where}; {stage_hint or hint}")
    error.step, error.stage = step, stage
    return error


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
        :class:`~explorer.parse.ExpressionError`.
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
