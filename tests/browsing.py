"""Helpers for the real-browser tests: wait for the script, open a link, read what the page shows, screenshots.

Screenshots go to ``test-artifacts/``; with ``UPDATE_SCREENSHOTS=1`` also to
``docs/``, which the README shows.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
DOCS = ROOT / "docs"
VIEWER = "[data-testid=cre-graph-viewer]"
NEUTRAL = {"none", "black", "white", "transparent", "grey", "gray"}


def wait_for_app(page) -> None:
    """Wait until the script has finished running (and rendered) after a load or an interaction."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def open_page(page, app_url: str, **query: str) -> None:
    """Load the app with a query string and wait for the script to finish and the graph to be drawn."""
    link = "&".join(f"{key}={quote(value, safe='')}" for key, value in query.items())
    page.goto(f"{app_url}/?{link}" if link else app_url)
    wait_for_app(page)
    page.locator(f"{VIEWER} svg").wait_for()


def rule(page) -> str:
    """The rule sentence at the top of the results."""
    return page.locator("h3").filter(has_text="chain rule").first.inner_text()


def shown_svg(page) -> str:
    """The SVG the viewer shows (as the page holds it: with the viewer's viewBox)."""
    return page.locator(f"{VIEWER} .vp").inner_html()


def smallest_label_px(page) -> float:
    """The height in CSS pixels of the smallest text in the graph, as drawn on screen now."""
    return page.locator(f"{VIEWER} svg").evaluate(
        """svg => Math.min(...[...svg.querySelectorAll('text')].map(t =>
             parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a))"""
    )


def path_colours(svg: str) -> set[str]:
    """The stroke colours of the graph's edges (each path has its own)."""
    edges = re.findall(r'<g id="[^"]*" class="edge[^"]*">(.*?)</g>', svg, flags=re.S)
    strokes = {s.lower() for edge in edges for s in re.findall(r'stroke="([^"]+)"', edge)}
    return {s for s in strokes if s not in NEUTRAL and not s.startswith("#7") and not s.startswith("#9")}


def screenshot(page, name: str, width: int = 1400, element=None) -> None:
    """A full-page picture (or of one ``element``); Streamlit scrolls inside its main block, so grow the viewport."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(height + 40, 900), 4000)})
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    target = page if element is None else element
    target.screenshot(path=ARTIFACTS / name)
    if os.environ.get("UPDATE_SCREENSHOTS"):
        DOCS.mkdir(exist_ok=True)
        target.screenshot(path=DOCS / name)


def wait_for_graph(page, done, timeout: float = 90.0) -> str:
    """Poll the viewer's SVG until ``done(svg)`` (the viewer lives in a shadow root, out of ``wait_for_function``)."""
    deadline = time.monotonic() + timeout
    while True:
        svg = shown_svg(page)
        if done(svg) or time.monotonic() > deadline:
            return svg
        page.wait_for_timeout(200)
