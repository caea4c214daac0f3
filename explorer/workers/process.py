"""One worker process as the parent sees it: start it, wait for it, read its reply, stop it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Pipe

from ..errors import BusyError
from .settings import Settings

__all__ = ["HEAVY_NICE", "STARTUP_TIMEOUT", "TICK", "RemoteError", "Worker"]

#: Whether ``/proc`` tells process states (Linux).
_PROC = os.path.isdir("/proc/self")

#: Seconds a freshly started worker may take to import and report ready.
STARTUP_TIMEOUT = 60.0

#: Seconds between two looks at a running task (is it heavy now, is it still wanted?).
TICK = 0.1

#: The niceness of a worker running heavy work: light work in the other workers gets the CPU first
#: (a nice-5 process gets about a third of what a nice-0 one does on a shared core).
HEAVY_NICE = 5


class RemoteError(Exception):
    """Carries the worker's traceback text as the ``__cause__`` of an unexpected exception."""

    def __str__(self) -> str:
        return self.args[0]


# -- the pool -------------------------------------------------------------------------------------


class Worker:
    """One worker process and the parent's end of its pipe; used by one thread at a time."""

    def __init__(self, settings: Settings, preload: tuple[str, ...]):
        self.conn, child = Pipe()
        command = [sys.executable, "-c", f"from explorer.workers.child import main; main({child.fileno()})"]
        # the worker finds explorer (and the tasks' modules) where this process does
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p or os.getcwd() for p in sys.path)}
        self.process = subprocess.Popen(
            command, pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, env=environment, close_fds=True
        )
        child.close()
        self.conn.send((os.getpid(), sys.path, settings.memory_mb, preload, settings.initializer, settings.initargs))
        self.ready = False
        self.broken = False  # set when the pipe may hold a stale reply or the process is gone
        self.stage: tuple[str, str | None] = ("", None)
        self.nice = 0
        self.partial: object = None  # what the running task kept (child.keep) before its reply

    def renice(self, nice: int) -> None:
        """Set the process's niceness; lowering it needs privileges, and without them it stays as it is."""
        if nice == self.nice:
            return
        with contextlib.suppress(OSError):  # ESRCH: already gone; EACCES/EPERM: no right to lower it
            os.setpriority(os.PRIO_PROCESS, self.process.pid, nice)
            self.nice = nice

    def alive(self) -> bool:
        """Whether the process runs: not reaped, and (where ``/proc`` says) not a zombie.

        A killed worker's main thread turns zombie before its other threads
        have exited, and until then ``poll()`` still says it runs.
        """
        if self.process.poll() is not None:
            return False
        if not _PROC:
            return True
        try:
            with open(f"/proc/{self.process.pid}/stat", "rb") as stat:
                return stat.read().rsplit(b") ", 1)[1][:1] not in (b"Z", b"X")
        except (OSError, IndexError):
            return False

    def started(self) -> bool:
        """Whether it has reported ready (or would not block a caller to say so): never waits."""
        if not self.ready and not self.broken:
            with contextlib.suppress(OSError, ValueError):
                return self.conn.poll(0)
        return True

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

    def reply(self, timeout: float, tick: Callable[[float], None] | None = None) -> tuple | None:
        """The task's reply, recording stage reports on the way; None when ``timeout`` runs out.

        ``tick(seconds so far)`` is called about every :data:`TICK` seconds while
        the task runs; what it raises ends the wait (the task is still running).
        """
        start = time.monotonic()
        deadline = start + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if not self.conn.poll(min(remaining, TICK) if tick else remaining):
                if tick is not None:
                    tick(time.monotonic() - start)
                continue
            message = self.conn.recv()  # EOFError when the worker died
            if message[0] == "partial":
                self.partial = message[1]
            elif message[0] != "stage":
                return message
            else:
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
