"""The machine under a load test: the server's process tree and its memory, and a competing CPU load.

``server_pid`` finds the ``streamlit run`` on a port, :class:`MemorySampler`
keeps the peak resident memory of it and its workers, and :func:`busy_loops`
starts processes that only spin, as other programs on a shared host would.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["MemorySampler", "busy_loops", "load_average", "process_tree", "rss_kb", "server_pid"]


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


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process so far (0 when it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` prints them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


class MemorySampler(threading.Thread):
    """Samples the resident memory and CPU of the server and its workers until stopped; keeps the peaks."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.pid, self.interval = pid, interval
        self.peak_total_kb = self.peak_server_kb = self.peak_processes = 0
        self.cpu = 0.0  # seconds of CPU this sampler used (it runs in the test's process)
        self.server_cpu = 0.0  # CPU seconds of the server process over the sampling
        self.worker_cpu: dict[int, float] = {}  # CPU seconds of each worker process seen, over the sampling
        self._halt = threading.Event()

    def run(self) -> None:
        start = time.thread_time()
        server_start = cpu_seconds(self.pid)
        before = {pid: cpu_seconds(pid) for pid in process_tree(self.pid)[1:]}  # workers started before
        while not self._halt.is_set():
            tree = process_tree(self.pid)
            sizes = [rss_kb(pid) for pid in tree]
            self.peak_total_kb = max(self.peak_total_kb, sum(sizes))
            self.peak_server_kb = max(self.peak_server_kb, sizes[0])
            self.peak_processes = max(self.peak_processes, len(tree))
            self.server_cpu = cpu_seconds(self.pid) - server_start
            for pid in tree[1:]:
                spent = cpu_seconds(pid) - before.get(pid, 0.0)
                self.worker_cpu[pid] = max(self.worker_cpu.get(pid, 0.0), spent)
            self.cpu = time.thread_time() - start
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


@contextlib.contextmanager
def busy_loops(count: int) -> Iterator[list[int]]:
    """``count`` processes that spin on the CPU for the duration of the block (a competing load)."""
    loops = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], stdin=subprocess.DEVNULL) for _ in range(count)
    ]
    try:
        yield [p.pid for p in loops]
    finally:
        for process in loops:
            process.kill()
        for process in loops:
            process.wait(10)
