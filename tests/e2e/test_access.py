"""What a person sees and does in a real browser: the graph follows the page theme, keyboard focus, a phone."""

from __future__ import annotations

import re

import pytest
from browsing import VIEWER, open_page, screenshot, shown_svg, smallest_label_px, wait_for_app

from explorer.drawing.dot import STYLE

pytestmark = pytest.mark.e2e

SQUARED_LOSS = "u1 = w*x + b; u2 = u1 - t; y = u2**2"


def background(svg: str) -> str:
    """The graph's background colour."""
    return re.search(r'<g id="graph0" class="graph".*?<polygon fill="([^"]+)"', svg, flags=re.S).group(1).lower()


def switch_page_theme(page, name: str) -> None:
    """Pick Light or Dark in Streamlit's ⋮ menu (the page restyles without running the script)."""
    page.get_by_test_id("stMainMenu").click()
    page.locator("[role=menuitemradio], [role=menuitem], [role=radio]").filter(has_text=name).first.click()
    page.keyboard.press("Escape")


def luminance(rgb: str) -> float:
    r, g, b = (int(c) / 255 for c in re.findall(r"\d+", rgb)[:3])
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_graph_follows_the_page_theme_switched_in_the_menu(page, app_url):
    open_page(page, app_url, expr="x*x**2")
    assert background(shown_svg(page)) == STYLE["light"]["graph"]["bgcolor"]
    switch_page_theme(page, "Dark")
    page_is_dark = "getComputedStyle(document.querySelector('[data-testid=stApp]')).colorScheme === 'dark'"
    page.wait_for_function(
        f"{page_is_dark} || getComputedStyle(document.body).backgroundColor !== 'rgb(255, 255, 255)'"
    )
    # the watcher reports the switch, the page reruns and draws the graph again (a worker, maybe a busy machine)
    dark = STYLE["dark"]["graph"]["bgcolor"].lower()
    for _ in range(360):  # the viewer lives in a shadow root, which Playwright's locators (not wait_for_function) see
        if background(shown_svg(page)) == dark:
            break
        page.wait_for_timeout(250)
    wait_for_app(page)
    assert background(shown_svg(page)) == STYLE["dark"]["graph"]["bgcolor"]
    page.locator(".st-key-graph_settings summary").first.click()  # the background is among the folded settings
    assert page.locator(".st-key-graph_theme input").input_value() == "Like the page (dark)"


def test_a_chosen_graph_theme_stays_when_the_page_switches(page, app_url):
    open_page(page, app_url, expr="x*x**2", graph_theme="transparent-dark")
    before = shown_svg(page)
    switch_page_theme(page, "Dark")
    page.wait_for_timeout(1500)
    wait_for_app(page)
    assert shown_svg(page) == before


def test_keyboard_focus_moves_through_the_controls_in_order_and_is_visible(page, app_url):
    open_page(page, app_url, expr="x*z + sin(x)")
    page.locator(".st-key-expr textarea").focus()
    seen = []
    for _ in range(160):  # the teaching sections, tabs and buttons come before the downloads
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """() => {
              const host = document.activeElement;
              let e = host;  // into a component's shadow DOM: the element that has the focus
              while (e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
              const holder = host.closest('[class*="st-key-"]');
              const key = holder ? [...holder.classList].find(c => c.startsWith('st-key-')).slice(7) : e.tagName;
              const boxes = '[data-baseweb="input"], [data-baseweb="textarea"], [data-baseweb="select"] > div';
              const ring = e.closest(boxes) || (e.matches('input[type=checkbox]') && e.closest('label')) || e;
              const s = getComputedStyle(ring);
              let bg = null;
              const up = p => p.parentElement || p.getRootNode().host;  // out of a shadow root too
              for (let p = up(ring); p && !bg; p = up(p)) {  // the outline sits outside
                const c = getComputedStyle(p).backgroundColor;
                if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') bg = c;
              }
              return {key, style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor,
                      background: bg || 'rgb(255, 255, 255)'};
            }"""
        )
        seen.append(focus)
        if focus["key"].startswith("download_json"):
            break
    order = [f["key"] for f in seen]
    # the graph follows the input; its controls come under it, the drawing's settings folded in a popover
    controls = ["wrt", "at_x", "at_z", "graph", "highlight", "view", "graph_settings", "answer", "copy_link"]
    controls.append("download_svg")
    missing = [c for c in controls if not any(k == c or (k.startswith("download") and k.startswith(c)) for k in order)]
    assert not missing, (missing, order)
    positions = [
        next(i for i, k in enumerate(order) if k == c or (k.startswith("download") and k.startswith(c)))
        for c in controls
    ]
    assert positions == sorted(positions), order  # the order they are read in, top to bottom
    for focus in seen:
        if focus["key"] in ("BODY", "MAIN", "A", "DIV"):
            continue
        assert focus["style"] != "none" and focus["width"] >= 2, focus
        assert contrast(focus["colour"], focus["background"]) >= 3, focus


def test_the_graph_settings_open_from_the_keyboard(page, app_url):
    open_page(page, app_url, expr="x*z + sin(x)")
    button = page.locator(".st-key-graph_settings summary").first
    button.focus()
    page.keyboard.press("Enter")
    page.locator(".st-key-graph_theme").wait_for()
    found = []
    for _ in range(30):  # Tab moves through the settings, each with its focus outline
        page.keyboard.press("Tab")
        key = page.evaluate(
            """() => { const h = document.activeElement.closest('[class*="st-key-"]');
                       return h ? [...h.classList].find(c => c.startsWith('st-key-')).slice(7) : null; }"""
        )
        found.append(key)
        if key == "rules":
            break
    assert [k for k in ("labels", "graph_theme", "orientation", "rules") if k in found] == [
        "labels",
        "graph_theme",
        "orientation",
        "rules",
    ], found
    page.keyboard.press("Escape")


def test_usable_at_phone_width(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_page(page, app_url, expr=SQUARED_LOSS)
        page.wait_for_timeout(500)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out of the page
        table = page.locator(".st-key-paths_table")
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")  # a card per path, not a sideways scroll
        wide = page.locator(".katex-display").evaluate_all(
            "ds => ds.filter(d => d.scrollWidth > d.clientWidth + 1).map(d => getComputedStyle(d).backgroundImage)"
        )
        assert wide and all("gradient" in w for w in wide)  # wide formulas scroll, and say so
        # the graph is whole, with labels readable on a phone (11 px), in a viewer no wider than the page
        assert smallest_label_px(page) >= 11
        viewer = page.locator(VIEWER)
        assert viewer.bounding_box()["width"] <= 390
        numbers = page.locator("[class*='st-key-at_']").evaluate_all(
            "boxes => boxes.map(b => Math.round(b.getBoundingClientRect().top))"
        )
        assert len(set(numbers)) < len(numbers)  # two number inputs to a row
        page.evaluate("document.activeElement.blur()")
        screenshot(page, "screenshot-phone.png", full=False)
    finally:
        context.close()
