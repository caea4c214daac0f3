"""Fifty people typing on one server: a load test of ``streamlit run app.py``, not of browsers.

Each visitor is a :class:`client.StreamlitSession`, which speaks Streamlit's own
websocket protocol (``BackMsg``/``ForwardMsg`` protobufs) and renders nothing,
so the machine's CPU goes to the server and its workers. Every session opens
its own link (``?expr=...``), then changes its expression at human pace, one
change 2-5 s after it has seen the previous result, until the time is up.
About one session in eight is hostile: slow powers, huge numbers, dunder
imports and 2000-operation products, between ordinary expressions.

Every expression names its session's own variables (``v07``, ``w07``), so a
session shown another's result is caught by the names in what it sees (texts,
labels, options, the SVG of the graph). Reported: changes made, p50/p95/p99
seconds from a change to its finished rerun, errors, 'busy' answers, leaks and
the server's peak memory (its process and the workers it starts). Asserted: no
traceback shown, no leak, no dropped connection. Timing is printed, not
asserted: the machines are shared and noisy.

Settings from the environment: ``LOAD_SESSIONS`` (50), ``LOAD_SECONDS`` (60),
``LOAD_SEED`` (2024). Run with ``python -m pytest tests/load/test_server_load.py -s``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import re
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from client import DisconnectedError, Run, RunTimeoutError, StreamlitSession
from serving import streamlit_server

pytestmark = pytest.mark.load

ROOT = Path(__file__).resolve().parents[2]
APP = Path(os.environ.get("LOAD_APP", ROOT / "app.py"))
SESSIONS = int(os.environ.get("LOAD_SESSIONS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
SEED = int(os.environ.get("LOAD_SEED", "2024"))
PACE = (2.0, 5.0)  # seconds a visitor takes to read a result and type the next change
HOSTILE_EVERY = 8  # sessions 3, 11, 19, ... are hostile
CHANGE_TIMEOUT = 120.0  # one change, from the request to its finished rerun
START_TIMEOUT = 180.0  # the first page of every session, all arriving within the first PACE[1] seconds
RUN_TIMEOUT = START_TIMEOUT + SECONDS + CHANGE_TIMEOUT + 60.0  # the whole run, whatever happens
KEY = "expr"  # the expression box: st.text_input or st.text_area, bound to ?expr=
DIGITS = max(2, len(str(SESSIONS - 1)))
NAME = re.compile(rf"\b[vw]\d{{{DIGITS}}}\b")
TEX_NAME = re.compile(rf"\b([vw])_\{{(\d{{{DIGITS}}})\}}")  # sympy's LaTeX spells v07 as v_{07}


def hostile(n: int, v: str) -> str:
    """The n-th hostile expression (of four), made distinct with the session's own name."""
    return [
        f"(43269147216*{v})^(999/1000)",  # sympy would factor a 10,625-digit integer: refused from its size
        f"9**9**9 + {v}",  # hundreds of millions of digits: refused
        f"__import__('os').system('id') + {v}",  # refused by the parser
        "*".join(["x"] * 2000) + f"*{v}",  # 2,000 multiplications, the most allowed: seconds of work, a 1.5 MB graph
    ][n % 4]


def ordinary(n: int, v: str, w: str) -> str:
    """The n-th ordinary expression: different every time, so no cache answers it."""
    k = n + 2
    return [
        f"sin({v})*{v}**{k} + ln({v}**2 + {k})",
        f"exp({w})*{w} + sigmoid({w}*{k})",
        f"tanh({v}*{w} + {k})*{v}",
        f"[ln({v}**2 + {k}), sin({k}*{w})]",
        f"u1 = {v}**{k}; y = sin(u1) + {w}*u1",
        f"relu({v} - {k}) + {w}**2/{k}",
    ][n % 6]


@dataclass
class Visitor:
    number: int
    hostile: bool
    rng: random.Random
    count: int = 0  # expressions typed so far
    page: float | None = None  # seconds to the first finished run
    times: list[float] = field(default_factory=list)  # seconds from each change to its finished rerun
    ordinary_times: list[float] = field(default_factory=list)  # the same, for ordinary expressions only
    outcomes: dict[str, int] = field(default_factory=dict)  # graph, refused, busy, retry, no graph, ...
    exceptions: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    disconnects: list[str] = field(default_factory=list)
    timeouts: int = 0
    refs: int = 0  # ref_hash messages resolved from the client's cache
    unknown_refs: int = 0

    @property
    def v(self) -> str:
        return f"v{self.number:0{DIGITS}d}"

    @property
    def w(self) -> str:
        return f"w{self.number:0{DIGITS}d}"

    def next_expression(self) -> str:
        n, self.count = self.count, self.count + 1
        if self.hostile and n % 2 == 0:
            return hostile(n // 2 + self.number, self.v)
        return ordinary(n + self.number, self.v, self.w)

    def note(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def judge(self, run: Run, typed: str | None) -> str:
        """Record what the visitor saw after one run; return its outcome."""
        self.exceptions += run.exceptions
        seen = set(NAME.findall(text := run.everything())) | {a + b for a, b in TEX_NAME.findall(text)}
        foreign = seen - {self.v, self.w}
        if foreign:
            self.leaks.append(f"after {typed!r}: {sorted(foreign)}")
        warnings = " ".join(run.texts("warning"))
        if re.search("busy", warnings, re.IGNORECASE):
            return "busy"
        if run.exceptions:
            return "exception"
        errors = run.texts("error")
        if any("went wrong" in text for text in errors):
            return "went wrong"  # the app caught an internal failure and said so in words
        if errors:
            return "refused"
        mine = {self.v, self.w} & set(NAME.findall(typed or ""))
        if any(name in svg for svg in run.svgs for name in mine):
            return "graph"
        return "no graph"  # accepted, yet no drawing of it (no Graphviz, or a stale one)


async def visit(url: str, visitor: Visitor, deadline: float) -> None:
    """One visitor: open a link, then change the expression at human pace until the deadline."""
    rng = visitor.rng
    await asyncio.sleep(rng.uniform(0, PACE[1]))  # visitors arrive over the first seconds
    first = visitor.next_expression()
    session = StreamlitSession(url, urllib.parse.urlencode({KEY: first}), timeout=START_TIMEOUT)
    try:
        await session.open()
        run = await session.start()
        visitor.page = run.elapsed
        visitor.note(visitor.judge(run, first))
        session.timeout = CHANGE_TIMEOUT
        while True:
            pause = rng.uniform(*PACE)
            if time.monotonic() + pause >= deadline:
                break
            await asyncio.sleep(pause)
            if _was_busy(session.last) and session.has_widget("retry"):  # "the explorer is busy": click "Try again"
                typed, outcome_name = None, "retry"
                change = session.click("retry")
            else:
                typed, outcome_name = visitor.next_expression(), "change"
                change = session.set_text(KEY, typed)
            try:
                run = await change
            except RunTimeoutError:
                visitor.timeouts += 1
                continue
            visitor.times.append(run.elapsed)
            if typed is not None and not _is_hostile(typed):
                visitor.ordinary_times.append(run.elapsed)
            outcome = visitor.judge(run, typed if typed is not None else _shown_expression(session))
            visitor.note(outcome if outcome_name == "change" else f"retry: {outcome}")
    except DisconnectedError as err:
        visitor.disconnects.append(str(err))
    except RunTimeoutError:
        visitor.timeouts += 1
    except OSError as err:  # the websocket could not even open
        visitor.disconnects.append(f"could not connect: {err!r}")
    finally:
        visitor.refs = sum(r.refs for r in session.runs)
        visitor.unknown_refs = session.unknown_refs
        await session.close()


def _is_hostile(text: str) -> bool:
    return any(mark in text for mark in ("43269147216", "9**9**9", "__import__", "x*x*x"))


def _was_busy(run: Run | None) -> bool:
    return run is not None and any("busy" in text.lower() for text in run.texts("warning"))


def _shown_expression(session: StreamlitSession) -> str:
    return str(session.widget(KEY).value) if session.has_widget(KEY) else ""


async def warm_up(url: str) -> None:
    """One visit before the clock starts, as on a server that is already up (the worker pool starts on first use)."""
    async with StreamlitSession(url, urllib.parse.urlencode({KEY: "x + x**2"}), timeout=START_TIMEOUT) as session:
        await session.start()


async def load(url: str, visitors: list[Visitor]) -> float:
    await warm_up(url)
    started = time.monotonic()
    deadline = started + SECONDS
    tasks = [asyncio.create_task(visit(url, v, deadline)) for v in visitors]
    done, pending = await asyncio.wait(tasks, timeout=RUN_TIMEOUT)
    for task in pending:  # a bug, not slowness: every request has its own timeout
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        task.result()  # a bug in the client or test surfaces here
    assert not pending, f"{len(pending)} sessions did not finish within {RUN_TIMEOUT:.0f} s"
    return time.monotonic() - started


# -- the server's memory ------------------------------------------------------------------------------


def server_pid(port: int) -> int | None:
    """The pid of the ``streamlit run`` listening on this port (serving.py does not give it out)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(argv) and b"--server.port" in argv:
            index = argv.index(b"--server.port")
            if index + 1 < len(argv) and argv[index + 1] == str(port).encode():
                return int(entry.name)
    return None


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants (the worker processes), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """Samples the resident memory of the server and its workers until stopped; keeps the peaks."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.pid, self.interval = pid, interval
        self.peak_total_kb = self.peak_server_kb = self.peak_processes = 0
        self.cpu = 0.0  # seconds of CPU this sampler used (it runs in the test's process)
        self._halt = threading.Event()

    def run(self) -> None:
        start = time.thread_time()
        while not self._halt.is_set():
            tree = process_tree(self.pid)
            sizes = [rss_kb(pid) for pid in tree]
            self.peak_total_kb = max(self.peak_total_kb, sum(sizes))
            self.peak_server_kb = max(self.peak_server_kb, sizes[0])
            self.peak_processes = max(self.peak_processes, len(tree))
            self.cpu = time.thread_time() - start
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


# -- the test -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A fresh ``streamlit run app.py`` on a free port; yields (url, log path)."""
    log = tmp_path_factory.mktemp("server-load") / "server.log"
    with streamlit_server(APP, log) as url:
        yield url, log


def cuts(values: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 (inclusive method: within the data even for few values)."""
    if not values:
        return (float("nan"),) * 3
    if len(values) == 1:
        return (values[0],) * 3
    q = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), q[94], q[98]


def test_sessions_typing_at_human_pace_see_only_their_own_results(server, capsys):
    url, log = server
    port = urllib.parse.urlsplit(url).port
    pid = server_pid(port)
    assert pid is not None, f"no streamlit process listening on port {port}"
    visitors = [
        Visitor(i, i % HOSTILE_EVERY == HOSTILE_EVERY // 2 - 1, random.Random(f"{SEED}-{i}")) for i in range(SESSIONS)
    ]
    sampler = MemorySampler(pid)
    sampler.start()
    cpu = time.process_time()
    try:
        # in a thread of its own: a browser test's sync Playwright may keep an event loop running in this one
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            elapsed = pool.submit(asyncio.run, load(url, visitors)).result()
    finally:
        sampler.stop()
    client_cpu = time.process_time() - cpu - sampler.cpu

    times = [t for v in visitors for t in v.times]
    outcomes: dict[str, int] = {}
    for v in visitors:
        for name, count in v.outcomes.items():
            outcomes[name] = outcomes.get(name, 0) + count
    busy = sum(n for name, n in outcomes.items() if name.endswith("busy"))
    exceptions = [e for v in visitors for e in v.exceptions]
    leaks = [f"session {v.number}: {leak}" for v in visitors for leak in v.leaks]
    disconnects = [f"session {v.number}: {d}" for v in visitors for d in v.disconnects]
    timeouts = sum(v.timeouts for v in visitors)
    server_log = log.read_text(errors="replace")
    logged = server_log.count("Traceback")
    failures = sum(n for name, n in outcomes.items() if name.endswith("went wrong"))
    errors = len(exceptions) + len(disconnects) + timeouts + failures
    p50, p95, p99 = cuts(times)
    page = cuts([v.page for v in visitors if v.page is not None])
    calm = cuts([t for v in visitors if not v.hostile for t in v.ordinary_times])  # what hostile visitors cost others

    with capsys.disabled():
        hostile_count = sum(v.hostile for v in visitors)
        print(f"\nserver load: {SESSIONS} sessions ({hostile_count} hostile), {SECONDS:.0f} s of typing, seed {SEED}")
        head = ["sessions", "changes", "p50 s", "p95 s", "p99 s", "errors", "busy", "leaks", "peak server MB"]
        row = [
            f"{SESSIONS}",
            f"{len(times)}",
            f"{p50:.2f}",
            f"{p95:.2f}",
            f"{p99:.2f}",
            f"{errors}",
            f"{busy}",
            f"{len(leaks)}",
            f"{sampler.peak_total_kb / 1024:.0f}",
        ]
        widths = [max(len(h), len(r)) for h, r in zip(head, row, strict=True)]
        print("  " + "  ".join(h.rjust(n) for h, n in zip(head, widths, strict=True)))
        print("  " + "  ".join(r.rjust(n) for r, n in zip(row, widths, strict=True)))
        print(
            f"  errors: {len(exceptions)} tracebacks shown, {failures} 'went wrong' messages, {len(disconnects)}"
            f" disconnects, {timeouts} timeouts (> {CHANGE_TIMEOUT:.0f} s); {logged} tracebacks in the server log"
        )
        print(f"  outcomes: {dict(sorted(outcomes.items()))}")
        print(f"  first page: p50 {page[0]:.2f} s, p95 {page[1]:.2f} s, p99 {page[2]:.2f} s")
        print(
            f"  ordinary expressions of the {SESSIONS - hostile_count} other sessions: p50 {calm[0]:.2f} s,"
            f" p95 {calm[1]:.2f} s, p99 {calm[2]:.2f} s"
        )
        print(
            f"  memory: server and workers peak {sampler.peak_total_kb / 1024:.0f} MB in up to"
            f" {sampler.peak_processes} processes; server process alone {sampler.peak_server_kb / 1024:.0f} MB"
        )
        refs = sum(v.refs for v in visitors)
        unknown = sum(v.unknown_refs for v in visitors)
        print(
            f"  wall clock {elapsed:.0f} s ({len(times) / elapsed:.1f} changes/s); client CPU {client_cpu:.1f} s"
            f" for {len(times) + len(visitors)} runs;"
            f" {refs} cached messages referenced ({unknown} unknown)"
        )

    assert not exceptions, f"{len(exceptions)} tracebacks shown, e.g. {exceptions[0][:2000]}"
    assert not leaks, f"{len(leaks)} cross-session leaks: {leaks[:10]}"
    assert not disconnects, f"{len(disconnects)} sessions lost their connection: {disconnects[:10]}"
    assert not failures, f"{failures} 'something went wrong' messages"
    assert not logged, f"{logged} tracebacks in the server log:\n{server_log[-4000:]}"
