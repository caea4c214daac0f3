"""A visitor who moves on does not wait for their own heavy work: it is given up, and its worker replaced.

Streamlit starts a session's next run only when its current run has ended, so
without this a visitor who typed a heavy expression by mistake would wait for
all of it before their next one was even looked at.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
import urllib.parse

import pytest
from client import StreamlitSession
from machine import process_tree, server_pid
from serving import streamlit_server
from test_server_load import APP

pytestmark = pytest.mark.load

#: Thirteen nested lines: seconds of analysis (each line holds the one before three times).
LINES = [f"u{k} = sin(u{k - 1})*u{k - 1} + u{k - 1}**2" for k in range(2, 14)]
HEAVY = "; ".join(["u1 = sin(v001)*v001 + w001**2", *LINES, "y = u13 + w001"])
SLACK = 60.0  # a loaded machine: what must happen, within no tight bound


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("given-up") / "server.log"
    with streamlit_server(APP, log) as url:
        yield url, log


async def move_on(url: str) -> tuple[object, set[int], set[int]]:
    async with StreamlitSession(url, urllib.parse.urlencode({"expr": "x + x**2"}), timeout=SLACK) as session:
        await session.start()
        pid = server_pid(urllib.parse.urlsplit(url).port)
        before = set(process_tree(pid)[1:])
        heavy = asyncio.create_task(session.set_text("expr", HEAVY))
        await asyncio.sleep(0.3)  # the heavy analysis has started
        run = await session.set_text("expr", "sin(v001)*v001")  # and the visitor moves on
        heavy.cancel()
        deadline = time.monotonic() + SLACK
        while (after := set(process_tree(pid)[1:])) and len(after) < len(before) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)  # the replacement worker is starting
        return run, before, after


def test_heavy_work_is_given_up_when_the_visitor_moves_on(server):
    url, log = server
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        run, before, after = pool.submit(asyncio.run, move_on(url)).result()
    assert run.exceptions == [] and any("v001" in svg for svg in run.svgs)  # the new expression, drawn
    assert not any("busy" in text.lower() for text in run.texts("warning"))
    assert len(before - after) == 1 and len(after) == len(before)  # the heavy task's worker, replaced
    assert "Traceback" not in log.read_text(errors="replace")
