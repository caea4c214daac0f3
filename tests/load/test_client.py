"""The load-test client against a small app of its own: every widget it can set, and what it reads back.

A real ``streamlit run`` serves a script written here, so the test does not
depend on the app's layout: a text_area bound to ``?expr=`` (the app's
expression box may become one), integer and float number_inputs, a selectbox,
a segmented_control, a toggle, a button, an SVG image larger than Streamlit's
10 kB message-cache threshold (so that a rerun answers with ``ref_hash``
references) and a shown traceback.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import textwrap
import urllib.parse

import pytest
from client import StreamlitSession, widget_key
from serving import streamlit_server

pytestmark = pytest.mark.load

SCRIPT = textwrap.dedent(
    """
    import streamlit as st

    st.session_state.setdefault("clicks", 0)
    text = st.text_area("Expression", value="x", key="expr", bind="query-params")
    count = st.number_input("How many", value=3, step=1, key="count")
    scale = st.number_input("Scale", value=0.5, key="scale", bind="query-params")
    pick = st.selectbox("Pick", ["alpha", "beta", "gamma"], key="pick")
    mode = st.segmented_control("Mode", ["one", "two"], default="one", key="mode")
    on = st.toggle("On", value=False, key="on")
    if st.button("Press", key="press"):
        st.session_state.clicks += 1
    st.markdown(f"text={text!s} count={count!r} scale={scale!r} pick={pick} mode={mode} on={on}")
    st.text(f"clicks={st.session_state.clicks}")
    st.warning("a warning")
    circles = "".join(f'<circle cx="{i}" cy="{i}" r="1"/>' for i in range(600))
    st.image(f'<svg width="700" height="700" xmlns="http://www.w3.org/2000/svg">{circles}</svg>', caption="dots")
    if text == "boom":
        st.exception(ValueError("shown on purpose"))
    """
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("client-app")
    app = folder / "client_app.py"
    app.write_text(SCRIPT)
    with streamlit_server(app, folder / "server.log") as url:
        yield url


def body(run) -> str:
    return next(text for text in run.texts("markdown") if text.startswith("text="))


async def drive(url: str) -> None:
    async with StreamlitSession(url, urllib.parse.urlencode({"expr": "from the link"}), timeout=60) as session:
        run = await session.start()
        assert run.status == "ok" and run.restarts == 1
        assert session.session_id
        assert body(run) == "text=from the link count=3 scale=0.5 pick=alpha mode=one on=False"
        assert session.widget("expr").type == "text_area" and session.widget("expr").query_param == "expr"
        assert session.widget("count").value == 3 and session.widget("scale").value == 0.5
        assert run.texts("warning") == ["a warning"] and run.texts("text") == ["clicks=0"]
        assert run.exceptions == []
        assert len(run.images) == 1 and run.images[0].startswith("data:image/svg+xml;base64,")
        assert "<circle" in run.svgs[0] and run.texts("image") == ["dots"]
        assert 0 < run.to_graph <= run.elapsed  # the drawing arrived within the run that answered

        run = await session.set_text("expr", "typed")
        assert body(run).startswith("text=typed count=3 ")
        assert "expr=typed" in session.query  # the address bar follows a bound widget, as in a browser
        assert run.refs >= 1  # the unchanged SVG came as a reference to the client's cached copy
        assert len(run.svgs) == 1 and "<circle" in run.svgs[0]
        assert session.unknown_refs == 0

        run = await session.set_number("count", 7)
        assert "count=7 " in body(run)
        run = await session.set_number("scale", 2.5)
        assert "scale=2.5 " in body(run) and "scale=2.5" in session.query
        run = await session.select("pick", 2)
        assert "pick=gamma" in body(run) and session.widget("pick").value == "gamma"
        run = await session.set_options("mode", ["two"])
        assert "mode=two" in body(run)
        run = await session.toggle("on", True)
        assert body(run) == "text=typed count=7 scale=2.5 pick=gamma mode=two on=True"

        run = await session.click("press")
        assert run.texts("text") == ["clicks=1"]
        run = await session.rerun()  # a trigger is true for one rerun only
        assert run.texts("text") == ["clicks=1"]
        assert body(run) == "text=typed count=7 scale=2.5 pick=gamma mode=two on=True"  # every state was sent

        assert 0 < run.to_graph <= run.elapsed  # also when it came as a reference to the cached copy
        run = await session.set_text("expr", "boom")
        assert len(run.exceptions) == 1 and "shown on purpose" in run.exceptions[0]
        assert all(r.status == "ok" and r.elapsed > 0 for r in session.runs)


def test_widget_key_from_id():
    assert widget_key("$$ID-3f2a-expr") == "expr"
    assert widget_key("$$ID-3f2a-None") is None
    assert widget_key("not-an-id") is None


def test_the_client_sets_every_widget_and_reads_the_page(server):
    # in a thread of its own: a browser test's sync Playwright may keep an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, drive(server)).result()
