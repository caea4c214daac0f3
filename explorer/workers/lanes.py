"""The worker processes of a pool and who holds them: light work never waits for heavy work's share.

:class:`Pool` keeps the idle workers, counts the callers holding or waiting
for one (bounded, so no queue grows without limit) and the heavy tasks
running (at most :attr:`~explorer.workers.settings.Settings.heavy_limit`),
and knows each visitor's heavy task, so that a visitor has at most one.
:mod:`explorer.workers.pool` hands its workers out as slots.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from ..errors import BusyError, GivenUpError
from .process import TICK, Worker
from .settings import Settings
from .visitors import Visitor

__all__ = ["BASE_PRELOAD", "GIVEN_UP", "Held", "Pool"]

#: Modules every worker imports before it takes a task (simplify imports sympy's units lazily).
BASE_PRELOAD = ("sympy", "sympy.physics.units")

#: Said when a visitor's heavy work, or their wait for a worker, is given up because they asked for more.
GIVEN_UP = "stopped because a newer request from this page replaced it"


class Held(Protocol):
    """A worker as held by a caller (:class:`explorer.workers.pool.Slot`)."""

    worker: Worker
    heavy: bool
    visitor: Visitor | None
    abandoned: bool


class Pool:
    """The workers, the callers holding or waiting for them, and the heavy work running (see the module)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.changed = threading.Condition()  # a worker came back, or a heavy task ended
        self.idle: list[Worker] = []
        self.demand = 0  # callers holding or waiting for a worker
        self.heavy = 0  # slots running heavy work (predicted, or promoted after a first slice of time)
        self.heavy_of: dict[str, Held] = {}  # the heavy slot of each visitor: at most one
        self.closed = False
        self.everyone: set[Worker] = set()
        self.modules: dict[str, None] = dict.fromkeys(BASE_PRELOAD)  # what new workers import, in order
        for _ in range(settings.workers):
            self.idle.append(self._start())

    def _start(self) -> Worker:
        with self.changed:
            preload = tuple(self.modules)
        worker = Worker(self.settings, preload)
        with self.changed:
            self.everyone.add(worker)
        return worker

    def learn(self, func: Callable) -> None:
        """Remember the module of a task's function, so that workers started later import it first."""
        module = getattr(func, "__module__", None)
        if module and module != "__main__" and module not in self.modules:
            with self.changed:
                self.modules[module] = None

    def acquire(self, wait: float, heavy: bool, visitor: Visitor | None) -> Worker:
        """An idle worker; for heavy work, only while fewer than the heavy limit run (light work never waits
        for that). A waiting visitor who moves on stops waiting."""
        busy = "the explorer is busy, try again in a moment"
        with self.changed:
            if self.closed:
                raise BusyError("the explorer is restarting, try again in a moment")
            if self.demand >= self.settings.workers + self.settings.queue:
                raise BusyError(busy)
            self.demand += 1
            if heavy and visitor is not None and visitor.name in self.heavy_of:
                self.heavy_of[visitor.name].abandoned = True  # at most one heavy task per visitor: the newer
            deadline = time.monotonic() + wait
            while not (self.idle and (not heavy or self.heavy < self.settings.heavy_limit)):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.closed:
                    self.demand -= 1
                    raise BusyError(busy)
                self.changed.wait(min(remaining, TICK) if visitor else remaining)
                if visitor and visitor.moved_on():
                    self.demand -= 1
                    raise GivenUpError(GIVEN_UP)
            # a worker that has started before one still importing (a replacement takes most of a second);
            # heavy work to the least favoured process, light work to the most (see Worker.renice)
            worker = min(self.idle, key=lambda w: (not w.started(), -w.nice if heavy else w.nice))
            self.idle.remove(worker)
            if heavy:
                self.heavy += 1
        if not worker.alive():  # died while idle (killed from outside): never hand out a dead worker
            worker = self.renew(worker)
        return worker

    def promote(self, held: Held) -> None:
        """Count ``held`` as heavy from now on; its visitor's earlier heavy task is given up."""
        with self.changed:
            if not held.heavy:
                held.heavy = True
                self.heavy += 1
            visitor = held.visitor
            if visitor is not None:
                earlier = self.heavy_of.get(visitor.name)
                if earlier is not None and earlier is not held:
                    earlier.abandoned = True  # its own thread stops it at its next look
                self.heavy_of[visitor.name] = held

    def renew(self, worker: Worker) -> Worker:
        """Stop ``worker`` and return a fresh one in its place."""
        with self.changed:
            self.everyone.discard(worker)
        worker.stop()
        return self._start()

    def release(self, held: Held) -> None:
        worker = held.worker
        with self.changed:
            self.demand -= 1
            if held.heavy:
                self.heavy -= 1
                held.heavy = False
            if held.visitor is not None and self.heavy_of.get(held.visitor.name) is held:
                del self.heavy_of[held.visitor.name]
            self.changed.notify_all()
        if self.closed:
            worker.stop()
            return
        if worker.broken or not worker.alive():
            worker = self.renew(worker)
        else:
            worker.renice(0)  # where it is allowed (root, or RLIMIT_NICE); otherwise it stays for heavy work
        with self.changed:
            self.idle.append(worker)
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closed = True
            workers = list(self.everyone)
            self.everyone.clear()
            self.changed.notify_all()
        # busy workers are stopped here too; their callers see a crash reply, not a hang
        for worker in workers:
            worker.broken = True
            worker.stop()
