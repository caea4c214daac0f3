"""Tests for explorer.workers: tasks in worker processes, bounded in time, memory and number."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from explorer import workers
from explorer.errors import BusyError, CapacityError, ExhaustedError, ExpressionError, OutOfMemoryError, TimedOutError
from explorer.language.parse import parse
from explorer.workers.settings import from_environment

# Machines are noisy: a stopped task must come back, but not within a tight bound.
SLACK = 20.0


# -- tasks; module level, so the workers can import them by name ------------------------------------


def echo(value, *, twice=False):
    return (value, value) if twice else value


def pid_and(value):
    time.sleep(0.05)
    return os.getpid(), value


def spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "finished"


def sleep(seconds):
    time.sleep(seconds)
    return "finished"


def big_power():
    return 4323024**10**8  # CPU-bound inside one C call: no Python-level interruption possible


def hog(megabytes):
    return len(bytearray(megabytes * 2**20))


def recurse(n):
    return recurse(n + 1) + 1


def slow_stage(seconds):
    workers.report("building the graph")
    workers.report("evaluating at the point", hint="try another point")
    time.sleep(seconds)


def crash():
    os._exit(3)


def parse_in_worker(text):
    parse(text)


def divide(a, b):
    return a / b


SMALL = {"workers": 2, "timeout": 10.0, "wait": 2.0, "queue": 8, "memory_mb": 512}


@pytest.fixture(autouse=True)
def small_pool():
    workers.configure(**SMALL)  # no-op, keeping the running workers, when a test changed nothing


def _alive(pid: int) -> bool:
    """Is the process running (not a zombie waiting to be reaped)?"""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


def worker_pid():
    return workers.run(os.getpid)


def both_workers() -> set[int]:
    """The pids of the pool's two workers: a worker still starting is passed over while another is ready."""
    found: set[int] = set()
    deadline = time.monotonic() + SLACK
    while len(found) < 2 and time.monotonic() < deadline:
        found.add(worker_pid())
    return found


class TestRun:
    def test_returns_the_result(self):
        assert workers.run(echo, [1, "a"], twice=True) == ([1, "a"], [1, "a"])

    def test_runs_in_another_process(self):
        assert worker_pid() != os.getpid()

    def test_expression_error_keeps_message_and_column(self):
        with pytest.raises(ExpressionError) as caught:
            workers.run(parse_in_worker, "x + ")
        with pytest.raises(ExpressionError) as here:
            parse("x + ")
        local = here.value
        assert type(caught.value) is ExpressionError
        assert str(caught.value) == str(local)
        assert (caught.value.message, caught.value.position, caught.value.column) == (
            local.message,
            local.position,
            local.column,
        )
        assert caught.value.column == 5

    def test_other_exceptions_come_back_with_the_worker_traceback(self):
        with pytest.raises(ZeroDivisionError) as caught:
            workers.run(divide, 1, 0)
        assert "in divide" in str(caught.value.__cause__)

    def test_unpicklable_task_fails_in_the_caller_and_keeps_the_worker(self):
        workers.configure(workers=1)
        pid = worker_pid()
        with pytest.raises(AttributeError, match="local object"):
            workers.run(lambda: 1)
        assert worker_pid() == pid


class TestStopped:
    @pytest.mark.parametrize("task, args", [(spin, (60,)), (sleep, (60,)), (big_power, ())])
    def test_overrun_is_killed_and_replaced(self, task, args):
        pids = both_workers()
        start = time.monotonic()
        with pytest.raises(TimedOutError) as caught:
            workers.run(task, *args, timeout=0.5, step="computing the total")
        assert time.monotonic() - start < 0.5 + SLACK
        assert isinstance(caught.value, CapacityError) and not isinstance(caught.value, ExpressionError)
        assert caught.value.step == "computing the total"
        assert str(caught.value) == "computing the total was stopped after 0.5 s; " + workers.HINT
        after = both_workers()  # the new one is handed out once it has started
        assert len(after) == 2 and len(after - pids) == 1  # one worker is new
        assert workers.run(echo, "next") == "next"

    def test_stop_names_the_stage_and_its_hint(self):
        with pytest.raises(TimedOutError) as caught:
            workers.run(slow_stage, 60, timeout=0.5)
        assert (
            str(caught.value) == "the analysis was stopped after 0.5 s while evaluating at the point; try another point"
        )
        assert caught.value.stage == "evaluating at the point"

    def test_stage_is_cleared_between_tasks(self):
        workers.configure(workers=1)
        workers.run(slow_stage, 0)
        with pytest.raises(TimedOutError) as caught:
            workers.run(sleep, 60, timeout=0.5)
        assert caught.value.stage == ""

    def test_memory_hog_is_refused(self):
        with pytest.raises(OutOfMemoryError) as caught:
            workers.run(hog, 2048, step="the analysis")
        assert str(caught.value).startswith("the analysis needed more than 512 MB of memory")
        assert workers.run(hog, 16) == 16 * 2**20

    def test_runaway_recursion_is_refused(self):
        with pytest.raises(OutOfMemoryError, match=r"^the analysis recursed too deeply and was stopped; "):
            workers.run(recurse, 0)
        assert workers.run(echo, 1) == 1

    def test_crash_is_reported_and_replaced(self):
        with pytest.raises(OutOfMemoryError, match="stopped unexpectedly"):
            workers.run(crash)
        assert workers.run(echo, 1) == 1

    def test_a_worker_killed_while_idle_is_never_handed_out(self):
        workers.configure(workers=1)
        pid = worker_pid()
        os.kill(pid, 9)
        deadline = time.monotonic() + SLACK
        while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}/cmdline") and _alive(pid):
            time.sleep(0.05)
        assert workers.run(echo, "after the kill") == "after the kill"
        assert worker_pid() != pid

    def test_timeout_in_a_slot_can_fall_back(self):
        with workers.slot() as worker:
            first = worker.run(echo, "analysis")
            with pytest.raises(ExhaustedError):
                worker.run(sleep, 60, timeout=0.3, step="simplifying")
            assert worker.run(echo, "still usable") == "still usable"
        assert first == "analysis"


@contextlib.contextmanager
def only_worker_held():
    """Another thread holds the pool's only worker for the duration of the block."""
    held = threading.Event()
    release = threading.Event()

    def hold():
        with workers.slot():
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(30)
        yield
    finally:
        release.set()
        holder.join(30)


class TestBusy:
    def test_busy_when_every_worker_is_taken(self):
        workers.configure(workers=1, wait=0.2)
        busy = r"^the explorer is busy, try again in a moment$"
        with only_worker_held(), pytest.raises(BusyError, match=busy):
            workers.run(echo, 1)
        assert workers.run(echo, 2) == 2

    def test_busy_at_once_when_too_many_wait(self):
        workers.configure(workers=1, wait=30, queue=0)
        with only_worker_held():
            start = time.monotonic()
            with pytest.raises(BusyError):
                workers.run(echo, 1)
            assert time.monotonic() - start < 5  # did not wait the 30 s


class TestConcurrency:
    def test_threads_each_get_their_own_result(self):
        workers.configure(workers=3, wait=30, queue=32)
        results: dict[int, object] = {}

        def call(i):
            results[i] = workers.run(pid_and, f"value {i}")

        threads = [threading.Thread(target=call, args=(i,)) for i in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert {i: value for i, (_, value) in results.items()} == {i: f"value {i}" for i in range(16)}
        assert len({pid for pid, _ in results.values()}) <= 3

    def test_shutdown_stops_every_worker(self):
        pid = worker_pid()
        workers.shutdown()
        deadline = time.monotonic() + SLACK
        while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}"):
            time.sleep(0.05)
        assert not os.path.exists(f"/proc/{pid}")
        assert workers.run(echo, "fresh pool") == "fresh pool"


UNGUARDED_SCRIPT = """
import os
from explorer import workers
print("script body ran", flush=True)
print(workers.run(os.getpid) != os.getpid(), flush=True)
"""


def test_workers_do_not_rerun_the_main_script(tmp_path):
    """Streamlit runs the app as __main__; multiprocessing's spawn would run it again in every worker."""
    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED_SCRIPT)
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=environment)
    assert (done.returncode, done.stdout) == (0, "script body ran\nTrue\n"), done.stderr


class TestSettings:
    def test_unknown_setting(self):
        with pytest.raises(TypeError, match="unknown setting"):
            workers.configure(threads=3)

    @pytest.mark.parametrize("change", [{"workers": 0}, {"timeout": 0}, {"wait": -1}, {"memory_mb": 1}, {"queue": -1}])
    def test_invalid_values(self, change):
        with pytest.raises(ValueError):
            workers.configure(**change)

    def test_environment(self, monkeypatch):
        monkeypatch.setenv("EXPLORER_TIMEOUT", "2.5")
        monkeypatch.setenv("EXPLORER_WORKERS", "3")
        monkeypatch.setenv("EXPLORER_MEMORY_MB", "700")
        settings = from_environment()
        assert (settings.timeout, settings.workers, settings.memory_mb) == (2.5, 3, 700)

    @pytest.mark.parametrize(
        ("variable", "value", "reason"),
        [
            ("EXPLORER_WORKERS", "many", "a whole number"),
            ("EXPLORER_WORKERS", "0", "workers must be a whole number from 1 to 64, not 0"),
            ("EXPLORER_TIMEOUT", "nan", "timeout must be a number of seconds from more than 0 to 600, not nan"),
            ("EXPLORER_TIMEOUT", "0", "timeout must be a number of seconds from more than 0 to 600, not 0.0"),
            ("EXPLORER_TIMEOUT", "inf", "timeout must be a number of seconds from more than 0 to 600, not inf"),
            ("EXPLORER_WAIT", "-1", "wait must be a number of seconds from 0 to 600, not -1.0"),
        ],
    )
    def test_bad_environment_is_ignored_with_a_warning(self, monkeypatch, variable, value, reason):
        monkeypatch.setenv(variable, value)
        monkeypatch.setenv("EXPLORER_MEMORY_MB", "700")  # a good value beside the bad one still counts
        with pytest.warns(RuntimeWarning) as caught:
            settings = from_environment()
        assert str(caught[0].message) == f"{variable}={value!r} is ignored: {reason}"
        assert settings.memory_mb == 700
        defaults = workers.Settings()
        assert (settings.workers, settings.timeout, settings.wait) == (
            defaults.workers,
            defaults.timeout,
            defaults.wait,
        )


def test_a_worker_exits_quietly_when_its_parent_goes(tmp_path):
    """No BrokenPipe traceback from a worker whose server was killed."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import os\nfrom explorer import workers\nprint(workers.run(os.getpid), flush=True)\nos._exit(0)\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=environment)
    pid = int(done.stdout.strip())
    deadline = time.monotonic() + SLACK
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    assert not _alive(pid)
    assert "Traceback" not in done.stderr, done.stderr
