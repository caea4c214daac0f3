"""The picture presents itself, measured in Chromium at 1440×900 and 390×844: whole, readable, in the first screen.

For each graph: every node of the drawing inside the viewer's picture, the
smallest label at least 12 px on the desktop and 11 px on the phone (font
size times the zoom, in CSS px), the drawing filling the viewer (its height,
and its width or centred across it: no blank band), and the viewer's top
within the first screen (on a phone, right after the input). On a phone the
neuron, the 100-term sum and the Jacobian of ``[x*w, x + x**2]`` reach 11 px
only in the compact look (one type size, tight spacing), the first two also
condensed.
"""

from __future__ import annotations

import re

import pytest
from browsing import (
    DOCS,
    VIEWER,
    geometry,
    inside,
    open_page,
    screenshot,
    shown_svg,
    wait_fitted,
    wait_for_app,
    wait_for_graph,
)
from rendering import strokes, svg_groups

from explorer.colours import PALETTE
from explorer.examples import EXAMPLES

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
LABEL = {1440: 12.0, 390: 11.0}

NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"
SQUARED_LOSS = next(e for e in EXAMPLES if e.title == "Squared loss")
TWO_LAYER_NET = "h = tanh(w1*x + b1); y = sigmoid(w2*h + b2)"
HUNDRED_TERMS = " + ".join(f"sin({k}*x)" for k in range(1, 101))

#: (name, expression, input differentiated by): the paper's examples, the program, the squared loss by its
#: weight, the neuron by w, a two-layer net, the 100-term sum, and a few more of our own.
CASES = [
    ("sum", "x + x**2", None),
    ("product", "x*x**2", None),
    ("chain", "ln(sin(x**3)**2)", None),
    ("vector", "[ln(x**2), sin(3*x)]", None),
    ("program", "u1 = x**3; u2 = sin(u1); y = ln(u2**2)", None),
    ("squared-loss", SQUARED_LOSS.text, SQUARED_LOSS.wrt),
    ("neuron", NEURON, "w"),
    ("two-layer-net", TWO_LAYER_NET, None),
    ("100-terms", HUNDRED_TERMS, None),
    ("two-inputs", "x*z + sin(x)", None),
    ("shared-step", "u = x**2; y = sin(u) * cos(u)", None),
    ("jacobian", "[x*w, x + x**2]", None),
]


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1440x900", "390x844"])
def screen(request, browser):
    context = browser.new_context(viewport=request.param)
    page = context.new_page()
    page.set_default_timeout(60_000)  # as long as wait_for_app: a busy machine
    yield page
    context.close()


@pytest.mark.parametrize(("name", "text", "wrt"), CASES, ids=[c[0] for c in CASES])
def test_the_graph_opens_whole_readable_and_in_the_first_screen(screen, app_url, name, text, wrt):
    page = screen
    width = page.viewport_size["width"]
    open_page(page, app_url, expr=text, **({"wrt": wrt} if wrt else {}))
    seen = geometry(page)
    viewer, drawing = seen["viewer"], seen["drawing"]
    outside = [n["id"] for n in seen["nodes"] if not inside(n, viewer)]
    assert not outside, (name, outside, viewer)  # every node of the drawing in the visible viewer
    assert seen["label"] >= LABEL[width] - 0.01, (name, seen["label"])
    # the drawing fills the viewer: all of its height (no blank band), and its width or centred across it
    assert drawing["height"] >= viewer["height"] - 2, (name, drawing, viewer)
    gaps = drawing["left"] - viewer["left"], viewer["right"] - drawing["right"]
    assert drawing["width"] >= viewer["width"] - 2 or abs(gaps[0] - gaps[1]) <= 2, (name, gaps)
    if width == DESKTOP["width"]:  # in the first screen: the viewer's top, and a good part of it (or all)
        shown = min(viewer["bottom"], seen["window"]) - viewer["top"]
        assert viewer["top"] < 0.7 * seen["window"] and shown >= min(viewer["height"], 300), (name, viewer)
    else:  # on a phone it follows the input: only the rule sentence (its title) and the viewer's bar between
        assert follows_the_input(page, viewer), name
    assert page.get_by_test_id("stException").count() == 0
    page.evaluate("document.activeElement.blur()")
    if name in ("chain", "neuron", "100-terms"):
        screenshot(page, f"first-sight-{name}-{width}.png", full=False)


def follows_the_input(page, viewer: dict) -> bool:
    """Whether only the rule sentence (the graph's title) and the viewer's bar come between inputs and picture."""
    inputs = page.locator(".st-key-point_inputs").bounding_box()
    heading = page.locator("h3").filter(has_text="chain rule").first.bounding_box()
    below = inputs["y"] + inputs["height"]
    return below <= heading["y"] < below + 60 and 0 <= viewer["top"] - (heading["y"] + heading["height"]) < 80


def test_a_phone_shows_the_graph_right_after_the_input(browser, app_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        open_page(page, app_url, expr="x*x**2")
        viewer = geometry(page)["viewer"]
        assert follows_the_input(page, viewer)
        assert viewer["top"] < 0.75 * PHONE["height"]  # in the first screen
    finally:
        context.close()


def test_the_neurons_three_paths_by_w_are_three_colours(page, app_url):
    open_page(page, app_url, expr=NEURON, wrt="w")
    edges = svg_groups(shown_svg(page), "edge")
    by_weight = {g.find("{http://www.w3.org/2000/svg}title").text.split("->")[0]: strokes(g) for g in edges.values()}
    colours = [by_weight[f"w{k}"] for k in (1, 2, 3)]
    assert colours == [[PALETTE[0].upper()], [PALETTE[1].upper()], [PALETTE[2].upper()]]
    badges = page.get_by_test_id("cre-swatch").evaluate_all("chips => chips.map(c => c.dataset.color)")
    assert [b.upper() for b in badges[:3]] == [c[0] for c in colours]  # the table's badges match
    screenshot(page, "neuron.png")


def test_every_control_keeps_the_readers_zoom(page, app_url):
    open_page(page, app_url, expr="ln(sin(x**3)**2)")
    viewer = page.locator(VIEWER)
    viewer.get_by_role("button", name="Zoom in").click()
    viewer.get_by_role("button", name="Zoom in").click()
    zoomed = float(viewer.get_attribute("data-scale"))
    before = shown_svg(page)
    page.locator(".st-key-graph_settings summary").first.click()
    page.locator(".st-key-rules label").click()
    page.wait_for_url(re.compile(r"rules=true"))
    wait_for_app(page)
    wait_for_graph(page, lambda svg: svg != before and "rule" in svg)
    page.wait_for_timeout(300)
    assert float(viewer.get_attribute("data-scale")) == pytest.approx(zoomed, rel=1e-3)  # the zoom stayed
    page.keyboard.press("Escape")
    viewer.get_by_role("button", name="Fit").click()  # Fit: all of it again
    seen = geometry(page)
    assert all(inside(n, seen["viewer"]) for n in seen["nodes"])


STEPS = {"expr": "ln(sin(x**3)**2)", "view": "steps", "mode": "reverse", "step": "6"}


def visible(box: dict, height: int) -> bool:
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1440x900", "390x844"])
def test_the_walkthrough_is_one_view_and_follows_its_step(browser, app_url, size):
    context = browser.new_context(viewport=size)
    page = context.new_page()
    try:
        open_page(page, app_url, **STEPS)
        page.wait_for_timeout(500)  # the presenter scrolls into view
        for step in range(6, 10):
            line = page.locator(".st-key-presenter [data-testid=stMarkdownContainer]").filter(has_text="Step ")
            assert line.first.inner_text().startswith(f"Step {step} of 11")
            seen = geometry(page)
            active = [n for n in seen["nodes"] if n["id"] == current_node(page)]
            assert active and inside(active[0], seen["viewer"]), (step, active, seen["viewer"])  # panned to it
            assert active[0]["top"] >= 0 and active[0]["bottom"] <= size["height"]  # and on the screen
            parts = (line, next_button(page), page.locator(".st-key-presenter .katex"))
            for part in parts:  # the caption, the buttons and the formula, all on the screen with the graph
                assert visible(part.first.bounding_box(), size["height"]), (step, part)
            assert seen["label"] >= LABEL[size["width"]] - 0.01
            if step == 6 and size is DESKTOP:
                page.evaluate("document.activeElement.blur()")
                screenshot(page, "walkthrough.png", full=False)
            next_button(page).click()
            page.locator(".st-key-presenter").get_by_text(f"Step {step + 1} of 11", exact=False).first.wait_for()
            wait_fitted(page)
            page.wait_for_timeout(400)
    finally:
        context.close()


def next_button(page):
    return page.locator(".st-key-presenter").get_by_role("button", name=re.compile(r"^Next"))


def current_node(page) -> str:
    """The id of the node the walkthrough's step draws in its own colour (the Okabe–Ito vermillion)."""
    return page.locator(VIEWER).evaluate(
        """frame => [...frame.querySelectorAll('.vp svg g.node')]
             .find(n => [...n.querySelectorAll('path, polygon, ellipse')]
               .some(s => (s.getAttribute('stroke') || '').toUpperCase() === '#D55E00'))?.id"""
    )


def test_full_screen_keeps_the_step_its_formula_and_its_buttons(page, app_url):
    open_page(page, app_url, **STEPS)
    page.locator(VIEWER).get_by_role("button", name="Full screen").click()
    page.wait_for_function("() => !!document.fullscreenElement")
    held = page.evaluate(
        """() => { const f = document.fullscreenElement; return {
             presenter: f.className.includes('st-key-presenter'), text: f.innerText,
             formula: !!f.querySelector('.katex'), next: !!f.querySelector('.st-key-step_next') }; }"""
    )
    assert held["presenter"] and held["formula"] and held["next"]
    assert "Step 6 of 11" in held["text"] and "← and → keys step" in held["text"]
    page.locator("h1").evaluate("h => h.blur()")
    page.keyboard.press("ArrowRight")  # the arrow keys step in full screen too
    page.wait_for_function("() => (document.fullscreenElement?.innerText || '').includes('Step 7 of 11')")
    page.evaluate("document.exitFullscreen()")


def test_the_path_table_fits_a_desktop_and_is_a_card_per_path_on_a_phone(browser, app_url):
    for size in (DESKTOP, PHONE):
        context = browser.new_context(viewport=size)
        page = context.new_page()
        try:
            open_page(page, app_url, expr="x*sin(x)**2")
            table = page.locator(".st-key-paths_table")
            table.scroll_into_view_if_needed()
            assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")  # no sideways scroll of the table
            row = "[data-testid=stHorizontalBlock]:has(> [data-testid=stColumn])"  # a path's row, not the chip's
            rows = table.locator(row).filter(has=page.get_by_test_id("cre-swatch"))
            boxes = rows.evaluate_all("rs => rs.map(r => r.getBoundingClientRect().toJSON())")
            assert len(boxes) == 2
            if size is DESKTOP:
                products = table.locator(".katex-display").evaluate_all(
                    "ds => ds.map(d => d.scrollWidth <= d.clientWidth + 1)"
                )
                assert all(products)  # every product readable without a scroll
            else:
                # a card per path: the card holds its badge, nodes, product and value, one above the other
                card = rows.first
                parts = card.locator(":scope > [data-testid=stColumn]").evaluate_all(
                    "cs => cs.map(c => c.getBoundingClientRect().toJSON())"
                )
                left, right = boxes[0]["x"] - 1, boxes[0]["x"] + boxes[0]["width"] + 1
                assert all(p["x"] >= left and p["x"] + p["width"] <= right for p in parts)
                assert len({round(p["y"]) for p in parts}) >= 4  # stacked, not squeezed into a row
                assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"]
                assert table.locator(".st-key-path_head").evaluate("h => getComputedStyle(h).display") == "none"
                screenshot(page, "paths-phone.png", element=table)
        finally:
            context.close()


def test_the_readme_screenshots_exist():
    assert (DOCS / "screenshot.png").exists()
