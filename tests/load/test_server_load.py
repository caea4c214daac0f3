"""A class of fifty on one server: a load test of ``streamlit run app.py``, not of browsers.

Each visitor is a :class:`client.StreamlitSession`, which speaks Streamlit's own
websocket protocol (``BackMsg``/``ForwardMsg`` protobufs) and renders nothing,
so the machine's CPU goes to the server and its workers. Every session opens
its own link (``?expr=...``), then acts at a reader's pace, one action 5-15 s
after it has seen the previous result, until the time is up. An action is a
new expression (textbook forms, now and then a hostile one that is refused),
a gallery pick, a change of the point, or, one action in ten, a heavy input:
a 2,000-factor product or a twelve-line nested program.

Every typed expression names its session's own variables (``v007``, ``w007``),
so a session shown another's result is caught by the names in what it sees
(texts, labels, options, the SVG of the graph). Reported for each kind of
action: seconds from the action to the graph on the page and to the finished
page (p50/p95/p99), errors and 'busy' answers; the server's peak memory (its
process and its workers) and their CPU. Asserted: no traceback shown or
logged, no leak, no dropped connection, no "went wrong". Timing is printed, not
asserted: the machines are shared and noisy.

Settings from the environment: ``LOAD_SESSIONS`` (50), ``LOAD_SECONDS`` (60),
``LOAD_SEED`` (2024), ``LOAD_PACE`` (``5-15`` seconds between actions),
``LOAD_HEAVY`` (0.1 of the actions are heavy inputs; 0 for none) and
``LOAD_BUSY`` (0: how many busy-loop processes compete for the CPU during
the run). Run with ``python -m pytest tests/load/test_server_load.py -s``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import re
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from client import DisconnectedError, Run, RunTimeoutError, StreamlitSession
from machine import MemorySampler, busy_loops, load_average, server_pid
from serving import streamlit_server

from explorer.examples import EXAMPLES

pytestmark = pytest.mark.load

ROOT = Path(__file__).resolve().parents[2]
APP = Path(os.environ.get("LOAD_APP", ROOT / "app.py"))
SESSIONS = int(os.environ.get("LOAD_SESSIONS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
SEED = int(os.environ.get("LOAD_SEED", "2024"))
PACE = tuple(float(s) for s in os.environ.get("LOAD_PACE", "5-15").split("-"))  # seconds between two actions
HEAVY = float(os.environ.get("LOAD_HEAVY", "0.1"))  # the share of actions that are heavy inputs
BUSY = int(os.environ.get("LOAD_BUSY", "0"))  # busy-loop processes competing for the CPU
KINDS = ("new", "gallery", "point", "heavy")
MIX = ((1 - HEAVY) * 0.4, (1 - HEAVY) * 0.3, (1 - HEAVY) * 0.3, HEAVY)  # the chance of each kind of action
CHANGE_TIMEOUT = 120.0  # one action, from the request to its finished rerun
START_TIMEOUT = 180.0  # the first page of every session, all arriving within the first PACE[1] seconds
RUN_TIMEOUT = START_TIMEOUT + SECONDS + CHANGE_TIMEOUT + 60.0  # the whole run, whatever happens
KEY = "expr"  # the expression box: st.text_input or st.text_area, bound to ?expr=
POINT = "at_"  # the keys of the point's number inputs: at_<name>
DIGITS = max(3, len(str(SESSIONS - 1)))  # three digits: the gallery's own names (w11, w23) never look like a session's
NAME = re.compile(rf"\b[vw]\d{{{DIGITS}}}\b")
TEX_NAME = re.compile(rf"\b([vw])_\{{(\d{{{DIGITS}}})\}}")  # sympy's LaTeX spells v007 as v_{007}


def heavy(n: int, v: str, w: str) -> str:
    """The n-th heavy input: seconds of work, made distinct with the session's own names."""
    if n % 2 == 0:  # 2,000 operations, the most allowed: a graph condensed to a few boxes
        return "*".join(["x"] * 1998) + f"*{v} + {n % 97 + 2}*{w}"
    lines = [f"u1 = sin({v})*{v} + {w}**2"] + [f"u{k} = sin(u{k - 1})*u{k - 1} + u{k - 1}**2" for k in range(2, 12)]
    return "; ".join([*lines, f"y = u11 + {n % 7 + 2}*{w}"])  # twelve lines, each holding the one before


def hostile(n: int, v: str) -> str:
    """The n-th hostile input (of three), each refused from its size or by the parser."""
    return [
        f"(43269147216*{v})^(999/1000)",  # sympy would factor a 10,625-digit integer
        f"9**9**9 + {v}",  # hundreds of millions of digits
        f"__import__('os').system('id') + {v}",
    ][n % 3]


def ordinary(n: int, v: str, w: str) -> str:
    """The n-th new expression: textbook forms, different every time, so no cache answers them."""
    k = n + 2
    forms = [
        f"sin({v})*{v}**{k} + ln({v}**2 + {k})",
        f"exp({w})*{w} + sigmoid({w}*{k})",
        f"tanh({v}*{w} + {k})*{v}",
        f"[ln({v}**2 + {k}), sin({k}*{w})]",
        f"u1 = {v}**{k}; y = sin(u1) + {w}*u1",
        f"relu({v} - {k}) + {w}**2/{k}",
        f"exp(-{v}**2/{k})/sqrt(2*pi)",
        f"({v}**2 + {k})/({v} - {k})",
        f"atan({v}/(1 + {v}**{k}))",
        f"ln({v} + sqrt({v}**2 + {k}))",
        f"(sigmoid({w}*{v} + {k}) - 1)**2",
        f"tan({v})**3 - {k}*tan({v}) + 3*{v}",
        f"{v}**3*ln({v})**2 + {k}*{v}",
    ]
    return hostile(n // len(forms), v) if n % (len(forms) + 1) == len(forms) else forms[n % (len(forms) + 1)]


@dataclass
class Action:
    """One action's outcome: its kind, seconds to the graph (None without one) and to the finished page."""

    kind: str
    graph: float | None
    page: float
    outcome: str


@dataclass
class Visitor:
    number: int
    rng: random.Random
    count: int = 0  # expressions typed so far
    page: float | None = None  # seconds to the first finished run
    actions: list[Action] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)  # what a run without a graph said instead
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

    def typed(self, kind: str) -> str:
        n, self.count = self.count, self.count + 1
        return heavy(n + self.number, self.v, self.w) if kind == "heavy" else ordinary(n + self.number, self.v, self.w)

    def judge(self, run: Run, typed: str | None) -> str:
        """Record what the visitor saw after one run; return its outcome."""
        self.exceptions += run.exceptions
        seen = set(NAME.findall(text := run.everything())) | {a + b for a, b in TEX_NAME.findall(text)}
        foreign = seen - {self.v, self.w}
        if foreign:
            self.leaks.append(f"after {typed!r}: {sorted(foreign)}")
        if _was_busy(run):
            return "busy"
        if run.exceptions:
            return "exception"
        errors = run.texts("error")
        if any("went wrong" in text for text in errors):
            return "went wrong"  # the app caught an internal failure and said so in words
        if errors:
            return "refused"
        mine = {self.v, self.w} & set(NAME.findall(typed or ""))
        if run.svgs and (not mine or any(name in svg for svg in run.svgs for name in mine)):
            return "graph"
        self.unanswered.append(f"{(typed or '')[:40]!r}: {' | '.join(run.texts('warning', 'info'))[:300]}")
        return "no graph"  # accepted, yet no drawing of it (no Graphviz, a stale one, or a capacity message)


def _was_busy(run: Run | None) -> bool:
    return run is not None and any("busy" in text.lower() for text in run.texts("warning"))


def _act(session: StreamlitSession, visitor: Visitor, kind: str) -> tuple[str, str | None, asyncio.Future]:
    """Start one action of ``kind`` (a point change needs a point, else it types a new expression)."""
    rng = visitor.rng
    points = sorted(w.key for w in session.widgets.values() if w.key and w.key.startswith(POINT))
    if kind == "point" and not points:
        kind = "new"
    if kind == "gallery":
        return kind, None, session.click(f"gallery_{rng.randrange(len(EXAMPLES))}")
    if kind == "point":
        return kind, None, session.set_number(rng.choice(points), round(rng.uniform(0.2, 2.5), 3))
    typed = visitor.typed(kind)
    return kind, typed, session.set_text(KEY, typed)


async def visit(url: str, visitor: Visitor, deadline: float) -> None:
    """One visitor: open a link, then act at a reader's pace until the deadline."""
    rng = visitor.rng
    await asyncio.sleep(rng.uniform(0, PACE[1]))  # visitors arrive over the first seconds
    first = visitor.typed("new")
    session = StreamlitSession(url, urllib.parse.urlencode({KEY: first}), timeout=START_TIMEOUT)
    try:
        await session.open()
        run = await session.start()
        visitor.page = run.elapsed
        visitor.judge(run, first)
        session.timeout = CHANGE_TIMEOUT
        while True:
            pause = rng.uniform(*PACE)
            if time.monotonic() + pause >= deadline:
                break
            await asyncio.sleep(pause)
            if _was_busy(session.last) and session.has_widget("retry"):  # "the explorer is busy": click "Try again"
                kind, typed, change = "retry", None, session.click("retry")
            else:
                kind, typed, change = _act(session, visitor, rng.choices(KINDS, MIX)[0])
            try:
                run = await change
            except RunTimeoutError:
                visitor.timeouts += 1
                continue
            outcome = visitor.judge(run, typed)
            visitor.actions.append(Action(kind, run.to_graph if outcome == "graph" else None, run.elapsed, outcome))
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


def table(actions: list[Action]) -> list[str]:
    """One line per kind of action (and all ordinary ones): counts, seconds to the graph and to the page."""
    head = f"  {'action':<9} {'count':>5} {'graph p50':>9} {'p95':>5} {'page p50':>8} {'p95':>5} {'p99':>5}  busy"
    lines = [head]
    groups = [(kind, [a for a in actions if a.kind == kind]) for kind in (*KINDS, "retry")]
    groups.append(("ordinary", [a for a in actions if a.kind in ("new", "gallery", "point")]))
    for name, group in groups:
        if not group:
            continue
        graph = cuts([a.graph for a in group if a.graph is not None])
        page = cuts([a.page for a in group])
        busy = sum(a.outcome == "busy" for a in group)
        lines.append(
            f"  {name:<9} {len(group):>5} {graph[0]:>9.2f} {graph[1]:>5.2f} {page[0]:>8.2f} {page[1]:>5.2f}"
            f" {page[2]:>5.2f}  {busy}"
        )
    return lines


def test_a_class_acting_at_a_readers_pace_sees_only_its_own_results(server, capsys):
    url, log = server
    port = urllib.parse.urlsplit(url).port
    pid = server_pid(port)
    assert pid is not None, f"no streamlit process listening on port {port}"
    visitors = [Visitor(i, random.Random(f"{SEED}-{i}")) for i in range(SESSIONS)]
    sampler = MemorySampler(pid)
    before = load_average()
    with busy_loops(BUSY):
        sampler.start()
        cpu = time.process_time()
        try:
            # in a thread of its own: a browser test's sync Playwright may keep an event loop running in this one
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                elapsed = pool.submit(asyncio.run, load(url, visitors)).result()
        finally:
            sampler.stop()
    client_cpu = time.process_time() - cpu - sampler.cpu
    after = load_average()

    actions = [a for v in visitors for a in v.actions]
    outcomes: dict[str, int] = {}
    for a in actions:
        outcomes[f"{a.kind}: {a.outcome}"] = outcomes.get(f"{a.kind}: {a.outcome}", 0) + 1
    busy = sum(a.outcome == "busy" for a in actions)
    exceptions = [e for v in visitors for e in v.exceptions]
    leaks = [f"session {v.number}: {leak}" for v in visitors for leak in v.leaks]
    disconnects = [f"session {v.number}: {d}" for v in visitors for d in v.disconnects]
    timeouts = sum(v.timeouts for v in visitors)
    server_log = log.read_text(errors="replace")
    logged = server_log.count("Traceback")
    failures = sum(a.outcome == "went wrong" for a in actions)
    errors = len(exceptions) + len(disconnects) + timeouts + failures
    page = cuts([v.page for v in visitors if v.page is not None])
    worker_cpu = sum(sampler.worker_cpu.values())

    with capsys.disabled():
        print(
            f"\nserver load: {SESSIONS} sessions, {SECONDS:.0f} s, an action every {PACE[0]:g}-{PACE[1]:g} s,"
            f" {HEAVY:.0%} heavy, {BUSY} competing busy loops, seed {SEED}; load average {before} before, {after} after"
        )
        print("\n".join(table(actions)))
        print(
            f"  {len(actions)} actions, {errors} errors ({len(exceptions)} tracebacks shown, {failures} 'went wrong',"
            f" {len(disconnects)} disconnects, {timeouts} timeouts > {CHANGE_TIMEOUT:.0f} s; {logged} tracebacks"
            f" logged), {len(leaks)} leaks, {busy} busy answers ({busy / max(1, len(actions)):.1%})"
        )
        print(f"  outcomes: {dict(sorted(outcomes.items()))}")
        print(f"  first page: p50 {page[0]:.2f} s, p95 {page[1]:.2f} s, p99 {page[2]:.2f} s")
        unanswered = [u for v in visitors for u in v.unanswered]
        if unanswered:
            print(f"  without a graph ({len(unanswered)}), e.g.: {unanswered[:3]}")
        print(
            f"  memory: server and workers peak {sampler.peak_total_kb / 1024:.0f} MB in up to"
            f" {sampler.peak_processes} processes; server process alone {sampler.peak_server_kb / 1024:.0f} MB"
        )
        runs = len(actions) + len(visitors)
        print(
            f"  CPU: server {sampler.server_cpu:.1f} s, workers {worker_cpu:.1f} s"
            f" ({len(sampler.worker_cpu)} processes), {1e3 * (sampler.server_cpu + worker_cpu) / max(1, runs):.0f} ms"
            f" a run; wall clock {elapsed:.0f} s ({runs / elapsed:.1f} runs/s); client CPU {client_cpu:.1f} s;"
            f" {sum(v.refs for v in visitors)} cached messages referenced ({sum(v.unknown_refs for v in visitors)}"
            " unknown)"
        )

    assert not exceptions, f"{len(exceptions)} tracebacks shown, e.g. {exceptions[0][:2000]}"
    assert not leaks, f"{len(leaks)} cross-session leaks: {leaks[:10]}"
    assert not disconnects, f"{len(disconnects)} sessions lost their connection: {disconnects[:10]}"
    assert not failures, f"{failures} 'something went wrong' messages"
    assert not logged, f"{logged} tracebacks in the server log:\n{server_log[-4000:]}"
    assert any(a.outcome == "graph" for a in actions), "no action drew a graph"
