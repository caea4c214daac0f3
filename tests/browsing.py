"""Helpers for the real-browser tests: wait for the script, open a link, read what the page shows, screenshots.

Screenshots go to ``test-artifacts/``; with ``UPDATE_SCREENSHOTS=1`` those the README
shows also to ``docs/``.
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
    """Load the app with a query string; wait for the graph drawn for this screen and the script to finish."""
    link = "&".join(f"{key}={quote(value, safe='')}" for key, value in query.items())
    page.goto(f"{app_url}/?{link}" if link else app_url)
    wait_for_app(page)
    page.locator(f"{VIEWER} svg").wait_for(timeout=60_000)  # a busy machine: as long as the script may take
    wait_fitted(page)


def wait_fitted(page, timeout: float = 90.0) -> None:
    """Wait until the viewer shows a drawing made for the room it reported (the page redraws once for it)."""
    deadline = time.monotonic() + timeout
    viewer = page.locator(VIEWER)
    while viewer.get_attribute("data-fitted") != "true" and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    wait_for_app(page)
    page.wait_for_timeout(300)  # the viewer sizes itself in the frame after the SVG arrives


#: What the viewer shows, measured in CSS px on the screen: its picture's rectangle, the drawing's, every node's
#: and cluster's, the smallest label (font size times the zoom), and the window's height.
GEOMETRY = """frame => {
  const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height});
  const vp = frame.querySelector('.vp'), svg = vp.querySelector('svg');
  const labels = [...svg.querySelectorAll('text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  return {
    viewer: box(vp.getBoundingClientRect()),
    drawing: box(svg.querySelector('g.graph > polygon').getBoundingClientRect()),  // Graphviz's background
    nodes: [...svg.querySelectorAll('g.node, g.cluster')].map(n => ({id: n.id, ...box(n.getBoundingClientRect())})),
    label: Math.min(...labels),
    window: window.innerHeight,
    scale: parseFloat(frame.dataset.scale),
  };
}"""


def geometry(page) -> dict:
    """The viewer's picture as the screen shows it (:data:`GEOMETRY`)."""
    return page.locator(VIEWER).evaluate(GEOMETRY)


def inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    """Whether one rectangle lies within another (up to ``slack`` px of rounding)."""
    return (
        inner["left"] >= outer["left"] - slack
        and inner["top"] >= outer["top"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


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


#: For a picture of the whole page: Streamlit scrolls inside its main block, so the document is let to grow instead
#: (the window keeps its size, so the graph is drawn as a visitor sees it).
WHOLE_PAGE = """
html, body, #root, .stApp, [data-testid=stAppViewContainer], [data-testid=stMain] {
  height: auto !important; overflow: visible !important; }
[data-testid=stSidebar], [data-testid=stSidebarContent] { height: auto !important; min-height: 100% !important; }
"""


def screenshot(page, name: str, *, full: bool = True, element=None) -> None:
    """A picture of the page: all of it (``full``, at the window's size), the first screen, or one ``element``."""
    ARTIFACTS.mkdir(exist_ok=True)
    shown = f"docs/{name}" in (ROOT / "README.md").read_text(encoding="utf-8")  # docs/ holds what the README shows
    targets = [ARTIFACTS / name] + ([DOCS / name] if shown and os.environ.get("UPDATE_SCREENSHOTS") else [])
    style = page.add_style_tag(content=WHOLE_PAGE) if element is None and full else None
    if style is not None:
        page.wait_for_timeout(500)
    try:
        for target in targets:
            target.parent.mkdir(exist_ok=True)
            if element is not None:
                element.screenshot(path=target)
            else:
                page.screenshot(path=target, full_page=full)
    finally:
        if style is not None:
            style.evaluate("s => s.remove()")


def element_screenshot(locator, name: str) -> None:
    """A picture of one element (a section of the page); into docs/ too with UPDATE_SCREENSHOTS."""
    ARTIFACTS.mkdir(exist_ok=True)
    locator.screenshot(path=ARTIFACTS / name)
    if os.environ.get("UPDATE_SCREENSHOTS"):
        DOCS.mkdir(exist_ok=True)
        locator.screenshot(path=DOCS / name)


def wait_for_graph(page, done, timeout: float = 90.0) -> str:
    """Poll the viewer's SVG until ``done(svg)`` (the viewer lives in a shadow root, out of ``wait_for_function``)."""
    deadline = time.monotonic() + timeout
    while True:
        svg = shown_svg(page)
        if done(svg) or time.monotonic() > deadline:
            return svg
        page.wait_for_timeout(200)
