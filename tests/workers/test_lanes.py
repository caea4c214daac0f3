"""Tests for explorer.workers.lanes: heavy work kept to a share of the workers, per visitor, given up when unwanted."""

from __future__ import annotations

import contextlib
import os
import threading
import time

import pytest

from explorer import workers
from explorer.errors import BusyError, GivenUpError
from explorer.workers import pool
from explorer.workers.process import HEAVY_NICE
from explorer.workers.settings import from_environment

# Machines are noisy: what is waited for must happen, but within no tight bound.
SLACK = 30.0

LANES = {"workers": 2, "heavy": 1, "timeout": 60.0, "wait": 2.0, "queue": 8, "memory_mb": 512, "promote": 1.0}


def echo(value):
    return value


def sleep(seconds):
    time.sleep(seconds)
    return "finished"


def niceness():
    return os.getpriority(os.PRIO_PROCESS, 0)


@pytest.fixture(autouse=True)
def lanes():
    workers.configure(**LANES)


def heavy_running() -> int:
    return pool._current_pool().heavy


def wait_until(condition) -> None:
    deadline = time.monotonic() + SLACK
    while not condition():
        assert time.monotonic() < deadline, "the pool never reached the state waited for"
        time.sleep(0.02)


@contextlib.contextmanager
def holding(*, heavy: bool):
    """Another thread holds a worker (heavy or light) for the duration of the block."""
    held, release = threading.Event(), threading.Event()

    def hold():
        with workers.slot(heavy=heavy):
            held.set()
            release.wait(SLACK)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(SLACK)
        yield
    finally:
        release.set()
        holder.join(SLACK)


def in_thread(call, *args, **kwargs) -> tuple[threading.Thread, dict]:
    """Start ``call`` in a thread; the dict gets its 'result' or its 'error'."""
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = call(*args, **kwargs)
        except Exception as err:
            outcome["error"] = err

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


class TestShare:
    def test_heavy_work_waits_for_the_heavy_share_while_light_work_does_not(self):
        with holding(heavy=True):
            with pytest.raises(BusyError):
                workers.run(echo, "heavy", heavy=True, wait=0.3)
            assert workers.run(echo, "light", wait=0.3) == "light"
        assert workers.run(echo, "heavy again", heavy=True) == "heavy again"

    def test_light_work_takes_every_worker(self):
        workers.configure(workers=2, heavy=1)
        with holding(heavy=False):
            assert workers.run(echo, "second light", wait=SLACK) == "second light"

    def test_a_light_task_past_its_slice_counts_as_heavy(self):
        workers.configure(promote=0.2)
        thread, outcome = in_thread(workers.run, sleep, 6)  # long enough to be seen promoted on a busy machine
        wait_until(lambda: heavy_running() == 1)
        with pytest.raises(BusyError):
            workers.run(echo, "heavy", heavy=True, wait=0.2)
        assert workers.run(echo, "light", wait=SLACK) == "light"
        thread.join(SLACK)
        assert outcome == {"result": "finished"}
        assert heavy_running() == 0

    def test_heavy_work_runs_at_a_lower_priority(self):
        assert workers.run(niceness, heavy=True) == HEAVY_NICE
        assert workers.run(niceness) == 0


class TestVisitors:
    def test_heavy_work_is_given_up_when_its_visitor_moves_on(self):
        moved_on = threading.Event()
        pids = {workers.run(os.getpid) for _ in range(4)}

        def visit():
            with workers.visitor("session-a", moved_on.is_set):
                return workers.run(sleep, 60, heavy=True)

        thread, outcome = in_thread(visit)
        wait_until(lambda: heavy_running() == 1)
        moved_on.set()
        thread.join(SLACK)
        assert isinstance(outcome.get("error"), GivenUpError)
        assert "newer request" in str(outcome["error"])
        assert isinstance(outcome["error"], BusyError)  # capacity, never the input's fault
        assert heavy_running() == 0
        assert workers.run(echo, "after") == "after"  # its worker was replaced
        assert {workers.run(os.getpid) for _ in range(4)} != pids

    def test_a_visitor_has_one_heavy_task_at_a_time(self):
        workers.configure(workers=3, heavy=2)

        def visit(seconds):
            with workers.visitor("session-b"):
                return workers.run(sleep, seconds, heavy=True)

        first, first_outcome = in_thread(visit, 60)
        wait_until(lambda: heavy_running() == 1)
        second, second_outcome = in_thread(visit, 0)
        second.join(SLACK)
        first.join(SLACK)
        assert second_outcome == {"result": "finished"}
        assert isinstance(first_outcome.get("error"), GivenUpError)

    def test_other_visitors_keep_their_heavy_work(self):
        workers.configure(workers=3, heavy=2)

        def visit(name, seconds):
            with workers.visitor(name):
                return workers.run(sleep, seconds, heavy=True)

        first, first_outcome = in_thread(visit, "session-c", 5)
        wait_until(lambda: heavy_running() == 1)
        assert visit("session-d", 0) == "finished"
        first.join(SLACK)
        assert first_outcome == {"result": "finished"}

    def test_light_work_is_not_given_up(self):
        moved = threading.Event()
        moved.set()
        with workers.visitor("session-e", moved.is_set):
            assert workers.run(echo, "light") == "light"

    def test_a_wait_for_a_worker_ends_when_the_visitor_moves_on(self):
        workers.configure(workers=1, heavy=1, wait=SLACK)
        moved = threading.Event()

        def visit():
            with workers.visitor("session-f", moved.is_set):
                return workers.run(echo, "never")

        with holding(heavy=False):
            thread, outcome = in_thread(visit)
            wait_until(lambda: pool._current_pool().demand == 2)
            moved.set()
            thread.join(SLACK)
        assert isinstance(outcome.get("error"), GivenUpError)


class TestSettings:
    @pytest.mark.parametrize("heavy", [0, 3, 1.5])
    def test_heavy_is_a_share_of_the_workers(self, heavy):
        with pytest.raises(ValueError, match="heavy must be"):
            workers.configure(workers=2, heavy=heavy)

    def test_heavy_from_the_environment(self, monkeypatch):
        monkeypatch.setenv("EXPLORER_WORKERS", "6")
        monkeypatch.setenv("EXPLORER_HEAVY", "4")
        settings = from_environment()
        assert (settings.workers, settings.heavy_limit) == (6, 4)

    def test_by_default_a_worker_is_kept_for_light_work(self):
        for count in range(2, 12):
            assert 1 <= workers.Settings(workers=count).heavy_limit < count
