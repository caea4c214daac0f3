"""The page's own cost: AppTest reruns of app.py next to a bare Streamlit script that shows the same SVG,
and, where Chromium is installed, the time from opening the page to its first graph."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
CHROMIUM = "/usr/bin/chromium"

#: A script with the page's two inputs and the same picture, and nothing else.
BARE = """
import streamlit as st
st.text_area("Expression", key="expr")
st.number_input("x =", value=0.5, key="at_x")
st.image(open({svg!r}, encoding="utf-8").read())
"""

__all__ = ["apptest_times", "browser_times"]


def _timed(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def apptest_times(text: str, other: str, repeat: int = 5) -> dict[str, float]:
    """Median wall-clock seconds of AppTest runs of the page and of the bare script.

    The worker pool is started first (with ``other``), as on a running server. ``new``: the
    page after typing ``text`` for the first time (analysis, drawing, formulas, then the check
    and simplification); ``expression``: typing ``text`` again after ``other`` (cached, as for
    every later visitor); ``point``: after changing only the point; ``highlight``: after choosing
    a path; ``idle``: a rerun with nothing changed; ``bare``: the bare script after changing its
    number.
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import explorer

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["expr"] = other
    at.run()
    new = _timed(at.text_area(key="expr").input(text).run)
    times: dict[str, list[float]] = {"expression": [], "point": [], "highlight": [], "idle": [], "bare": []}
    for k in range(repeat):
        at.text_area(key="expr").input(other).run()
        times["expression"].append(_timed(at.text_area(key="expr").input(text).run))
        times["point"].append(_timed(at.number_input(key="at_x").set_value(1.0 + k / 10).run))
        times["highlight"].append(_timed(at.selectbox(key="highlight").select(k % 2).run))
        times["idle"].append(_timed(at.run))
    assert not at.exception, at.exception
    with tempfile.TemporaryDirectory() as folder:
        svg = Path(folder) / "graph.svg"
        svg.write_text(explorer.draw(explorer.analyze(text)), encoding="utf-8")
        script = Path(folder) / "bare.py"
        script.write_text(BARE.format(svg=str(svg)), encoding="utf-8")
        bare = AppTest.from_file(str(script), default_timeout=60)
        bare.run()
        for k in range(repeat):
            times["bare"].append(_timed(bare.number_input(key="at_x").set_value(1.0 + k / 10).run))
    result = {name: statistics.median(values) for name, values in times.items()}
    result["new"] = new
    return result


def browser_times(texts: dict[str, str]) -> dict[str, float] | None:
    """Seconds from opening the page (a fresh server, one visitor) to its graph on screen; None without Chromium."""
    if not shutil.which(CHROMIUM):
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    sys.path.insert(0, str(ROOT / "tests"))
    from serving import streamlit_server

    result = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        streamlit_server(APP, Path(folder) / "server.log") as url,
        sync_playwright() as playwright,
    ):
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/?expr=x")  # start the worker pool and load the page's scripts once
        page.locator("[data-testid=cre-graph-viewer] svg").wait_for(timeout=120_000)
        for name, text in texts.items():
            start = time.perf_counter()
            page.goto(f"{url}/?expr={quote(text, safe='')}")
            page.locator("[data-testid=cre-graph-viewer] svg").wait_for(timeout=120_000)
            result[name] = time.perf_counter() - start
        browser.close()
    return result
