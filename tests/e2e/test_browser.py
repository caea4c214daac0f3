"""The explorer in a real browser: Debian's Chromium against ``streamlit run app.py``.

Run with ``python -m pytest tests/e2e -q``. Screenshots go to
``test-artifacts/``; set ``UPDATE_SCREENSHOTS=1`` to also refresh the ones in
``docs/`` that the README shows.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
DOCS = ROOT / "docs"
SVG_PREFIX = "data:image/svg+xml;base64,"
NEUTRAL = {"none", "black", "white", "transparent", "grey", "gray"}


def wait_for_app(page) -> None:
    """Wait until the script has finished running (and rendered) after a load or an interaction."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def open_page(page, app_url: str, **query: str) -> None:
    """Load the app with a query string and wait for the script to finish."""
    link = "&".join(f"{key}={quote(value, safe='')}" for key, value in query.items())
    page.goto(f"{app_url}/?{link}" if link else app_url)
    wait_for_app(page)
    page.get_by_test_id("stImage").locator("img").wait_for()


def rule(page) -> str:
    """The rule sentence at the top of the results."""
    return page.locator("h3").filter(has_text="chain rule").first.inner_text()


def shown_svg(page) -> str:
    """The SVG the page shows, decoded from the image's data URL."""
    src = page.get_by_test_id("stImage").locator("img").get_attribute("src")
    assert src and src.startswith(SVG_PREFIX), (src or "")[:60]
    return base64.b64decode(src[len(SVG_PREFIX) :]).decode()


def path_colours(svg: str) -> set[str]:
    """The stroke colours of the graph's edges (each path has its own)."""
    edges = re.findall(r'<g id="[^"]*" class="edge[^"]*">(.*?)</g>', svg, flags=re.S)
    strokes = {s.lower() for edge in edges for s in re.findall(r'stroke="([^"]+)"', edge)}
    return {s for s in strokes if s not in NEUTRAL and not s.startswith("#7") and not s.startswith("#9")}


def screenshot(page, name: str) -> None:
    """A full-page picture; Streamlit scrolls inside its main block, so grow the viewport to fit it."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height + 40, 900), 4000)})
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name)
    if os.environ.get("UPDATE_SCREENSHOTS"):
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=DOCS / name)


def test_seed_example_shows_the_coloured_paths(page, app_url):
    open_page(page, app_url, expr="x * x**2")
    assert rule(page) == "Total-derivative chain rule: x reaches y through 2 paths"
    svg = shown_svg(page)
    assert len(path_colours(svg)) >= 2, path_colours(svg)
    width = page.get_by_test_id("stImage").locator("img").evaluate("img => img.naturalWidth")
    assert width > 0  # the browser drew the SVG
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "screenshot.png")


def test_typing_a_new_expression_updates_graph_rule_and_link(page, app_url):
    open_page(page, app_url, expr="x + x**2")
    before = shown_svg(page)
    box = page.locator(".st-key-expr input")
    box.fill("ln(sin(x**3)**2)")
    box.press("Enter")
    heading = page.locator("h3").filter(has_text="Single-variable chain rule")
    heading.wait_for()
    wait_for_app(page)
    assert rule(page) == "Single-variable chain rule: x reaches y through 1 path"
    assert shown_svg(page) != before
    assert "expr=ln" in page.url  # the address bar is a share link
    screenshot(page, "single-variable.png")


def test_point_and_input_variable_are_in_the_link(page, app_url):
    open_page(page, app_url, expr="x*z + sin(x)", wrt="z")
    assert rule(page) == "Single-variable chain rule: z reaches y through 1 path"
    box = page.locator(".st-key-at_x input")
    box.fill("2")
    box.press("Enter")
    page.wait_for_url(re.compile(r"at_x=2"))
    wait_for_app(page)
    assert "wrt=z" in page.url
    # d/dz (x·z + sin x) = x, so the value at x = 2 is 2; KaTeX keeps its source in an <annotation>
    sums = page.locator("annotation").filter(has_text=r"\text{at } x = 2")
    sums.first.wait_for(state="attached")
    assert r"&= \text{2} \quad \text{at } x = 2" in sums.first.text_content()


def test_vector_example_in_dark_mode(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    try:
        open_page(page, app_url, expr="[ln(x**2), sin(3*x)]")
        assert rule(page) == "Vector chain rule: 2 outputs, x reaches them through 2 paths"
        assert len(path_colours(shown_svg(page))) == 2
        screenshot(page, "screenshot-dark.png")
    finally:
        context.close()


def test_svg_download_is_what_the_page_shows(page, app_url):
    open_page(page, app_url, expr="sin(x + x**2)")
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="SVG").locator("button").click()
    download = info.value
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.svg", download.suggested_filename)
    assert Path(download.path()).read_text() == shown_svg(page)


def test_png_download_is_made_on_click(page, app_url):
    open_page(page, app_url, expr="x * x**2")
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="PNG 4×").locator("button").click()
    download = info.value
    assert download.suggested_filename.endswith("_4x.png")
    assert Path(download.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_input_shows_the_caret_not_a_traceback(page, app_url):
    page.goto(f"{app_url}/?expr={quote('sin(x', safe='')}")
    wait_for_app(page)
    page.get_by_test_id("stAlertContentError").wait_for()
    assert "never closed" in page.get_by_test_id("stAlertContentError").inner_text()
    assert page.get_by_test_id("stCode").inner_text().splitlines()[:2] == ["sin(x", "   ^"]
    assert page.get_by_test_id("stException").count() == 0


def step_line(page) -> str:
    """The line under the graph that names the current step."""
    return page.locator(".st-key-step_details [data-testid='stMarkdownContainer']").first.inner_text()


def test_the_walkthrough_steps_with_the_arrow_keys_and_keeps_the_step_in_the_link(page, app_url):
    open_page(page, app_url, expr="x * x**2", view="Step by step")
    assert step_line(page).startswith("Step 1 of 6: Set the inputs")
    first = shown_svg(page)
    page.locator("h1").click()  # focus on the page, not in an input (shortcuts do not fire while typing)
    for expected in ("Step 2 of 6: Evaluate u1", "Step 3 of 6: Evaluate y", "Step 4 of 6: Path 1"):
        page.keyboard.press("ArrowRight")
        page.locator(".st-key-step_details").get_by_text(expected, exact=False).first.wait_for()
        wait_for_app(page)
    assert re.search(r"[?&]step=4\b", page.url)
    assert shown_svg(page) != first
    page.keyboard.press("ArrowLeft")
    page.locator(".st-key-step_details").get_by_text("Step 3 of 6", exact=False).first.wait_for()
    wait_for_app(page)
    assert re.search(r"[?&]step=3\b", page.url)
    screenshot(page, "walkthrough.png")
    # the link opens at that step, in a new session
    again = page.context.new_page()
    again.goto(page.url)
    wait_for_app(again)
    again.get_by_test_id("stImage").locator("img").wait_for()
    assert step_line(again).startswith("Step 3 of 6: Evaluate y")
    again.close()
