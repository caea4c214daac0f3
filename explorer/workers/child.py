"""Inside a worker process: start up, then run tasks from the parent one at a time until told to stop.

A worker is a fresh interpreter started by :mod:`explorer.workers.pool`. It
learns its settings from the first message, imports the modules the pool
asks for, limits its own memory, and then serves tasks: each is a pickled
``(function, args, kwargs)``, each reply ``(kind, value, traceback)``. While
a task runs, :func:`report` sends the stage it has reached, so a task that
is stopped can say where. A worker exits quietly when its parent goes away.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection

from ..errors import ExplorerError

__all__ = ["keep", "main", "report"]

#: Inside a worker: its end of the pipe, for :func:`report`. None in any other process.
_channel: Connection | None = None

#: Python frames a worker allows: deep sympy expressions recurse far (safe on 3.11+, where
#: pure-Python recursion does not use the C stack).
RECURSION_LIMIT = 20_000


def report(stage: str, hint: str | None = None) -> None:
    """Say which stage the running task is in, so that a stop can name it.

    Cheap, and a no-op outside a worker process, so it can be passed as the
    pipeline's ``progress`` callback anywhere.

    Parameters
    ----------
    stage : str
        What the task is doing, as a phrase that follows "while":
        ``"evaluating at the point"``.
    hint : str, optional
        What the user could try if this stage is stopped.

    Examples
    --------
    >>> report("simplifying the total", "the unsimplified total is shown")
    """
    if _channel is not None:
        _channel.send(("stage", stage, hint))


def keep(value: object) -> None:
    """Send the running task's result so far: if the task is stopped later, the caller still has this.

    A no-op outside a worker process. See :attr:`explorer.workers.Slot.partial`.

    Examples
    --------
    >>> keep("the analysis, before its check")
    """
    if _channel is not None:
        _channel.send(("partial", value))


def _exit_with_parent(parent: int) -> None:
    """Exit when the server has gone (a worker is reparented), rather than live on as an orphan."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="explorer-parent-watch", daemon=True).start()


def _limit_memory(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _serve(conn: Connection) -> None:
    while True:
        task = conn.recv()
        if task is None:
            return
        func, args, kwargs = task
        try:
            reply = ("ok", func(*args, **kwargs), None)
        except ExplorerError as err:
            reply = ("raise", err, None)
        except MemoryError:
            reply = ("memory", None, None)
        except RecursionError:
            reply = ("recursion", None, None)
        except Exception as err:  # any other failure goes back to the caller, with its traceback
            reply = ("raise", err, traceback.format_exc())
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", None, None))
        except (BrokenPipeError, ConnectionResetError, EOFError):
            raise
        except Exception as err:  # the result or the exception does not pickle
            conn.send(("raise", RuntimeError(f"the worker could not send its reply: {err!r}"), None))


def main(fd: int) -> None:
    """Entry point of a worker process: set up from the first message, then serve tasks."""
    global _channel
    conn = Connection(fd)
    try:
        parent, path, memory_mb, preload, initializer, initargs = conn.recv()
        sys.path[:] = path
        sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
        # exact results print with every digit ((10x)^5000 has a 5,000-digit coefficient); the time
        # budget, not Python's 4,300-digit guard against slow conversions, bounds the work here
        sys.set_int_max_str_digits(0)
        _exit_with_parent(parent)
        for module in preload:
            importlib.import_module(module)
        _limit_memory(memory_mb)
        if initializer is not None:
            initializer(*initargs)
        _channel = conn
        conn.send(("ready", os.getpid(), None))
        _serve(conn)
    except (EOFError, OSError, KeyboardInterrupt):  # the parent went away: nothing to report to
        pass
    finally:
        os._exit(0)
