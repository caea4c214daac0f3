"""The explorer in a real browser: Debian's Chromium against ``streamlit run app.py``.

Run with ``python -m pytest tests/e2e -q``. Screenshots go to
``test-artifacts/``; set ``UPDATE_SCREENSHOTS=1`` to also refresh the ones in
``docs/`` that the README shows.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from browsing import (
    VIEWER,
    element_screenshot,
    open_page,
    path_colours,
    rule,
    screenshot,
    shown_svg,
    smallest_label_px,
    wait_for_app,
    wait_for_graph,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from rendering import SVG, strokes, svg_groups

from explorer.drawing.dot import PALETTE, STYLE
from explorer.examples import EXAMPLES

pytestmark = pytest.mark.e2e


def test_seed_example_shows_the_coloured_paths(page, app_url):
    open_page(page, app_url, expr="x * x**2")
    assert rule(page) == "Total-derivative chain rule: x reaches y through 2 paths"
    svg = shown_svg(page)
    assert len(path_colours(svg)) >= 2, path_colours(svg)
    box = page.locator(f"{VIEWER} svg").bounding_box()
    assert box["width"] > 300 and box["height"] > 100  # the browser drew the SVG
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "screenshot.png")


def test_typing_a_new_expression_updates_graph_rule_and_link(page, app_url):
    open_page(page, app_url, expr="x + x**2")
    before = shown_svg(page)
    box = page.locator(".st-key-expr textarea")
    box.fill("ln(sin(x**3)**2)")
    box.press("Control+Enter")
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
    assert r"&= 2 \quad \text{at } x = 2" in sums.first.text_content()


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
    downloaded = Path(download.path()).read_text()
    shown = shown_svg(page)
    # the viewer shows the same drawing, only with its own viewBox and size
    assert re.findall(r"<text[^>]*>([^<]*)</text>", downloaded) == re.findall(r"<text[^>]*>([^<]*)</text>", shown)
    assert re.findall(r' d="([^"]+)"', downloaded) == re.findall(r' d="([^"]+)"', shown)


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
    """The line beside (or under) the graph that names the current step."""
    line = page.locator(".st-key-presenter [data-testid='stMarkdownContainer']").filter(has_text="Step ")
    return line.first.inner_text()


def test_the_walkthrough_steps_with_the_arrow_keys_and_keeps_the_step_in_the_link(page, app_url):
    open_page(page, app_url, expr="x * x**2", view="steps")
    assert step_line(page).startswith("Step 1 of 6: Set the inputs")
    first = shown_svg(page)
    page.locator("h1").click()  # focus on the page, not in an input (shortcuts do not fire while typing)
    steps = ("Step 2 of 6: Evaluate u1", "Step 3 of 6: Evaluate y", "Step 4 of 6: Path 1", "Step 5 of 6: Path 2")
    for expected in steps:
        page.keyboard.press("ArrowRight")
        page.locator(".st-key-presenter").get_by_text(expected, exact=False).first.wait_for()
        wait_for_app(page)
    assert re.search(r"[?&]step=5\b", page.url)
    assert shown_svg(page) != first
    page.locator("h3").first.click()
    page.keyboard.press("ArrowLeft")
    page.locator(".st-key-presenter").get_by_text("Step 4 of 6", exact=False).first.wait_for()
    wait_for_app(page)
    assert re.search(r"[?&]step=4\b", page.url)
    # each step is an entry of the browser's history: Back returns to the step before
    page.go_back()
    page.locator(".st-key-presenter").get_by_text("Step 5 of 6", exact=False).first.wait_for()
    wait_for_app(page)
    assert re.search(r"[?&]step=5\b", page.url)
    # the link opens at that step, in a new session
    again = page.context.new_page()
    again.goto(page.url)
    wait_for_app(again)
    again.locator(f"{VIEWER} svg").wait_for()
    assert step_line(again).startswith("Step 5 of 6: Path 2")
    again.close()


NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"


def test_why_one_path_is_not_enough_and_the_papers_check(page, app_url):
    open_page(page, app_url, expr="x + x**2")
    assert page.get_by_test_id("stVegaLiteChart").count() == 0  # a closed section draws nothing
    page.get_by_test_id("stExpander").get_by_text("Why one path is not enough", exact=True).click()
    chart = page.get_by_test_id("stVegaLiteChart")
    chart.wait_for()
    page.wait_for_url(re.compile(r"open=steps(%2C|,)naive"))  # an open section is part of the link
    assert chart.bounding_box()["height"] > 100  # the stacked bars were drawn
    page.get_by_role("button", name="The paper's check: x = 1, Δx = 1").click()
    page.get_by_text("y from 2 to 6 (Δy = 4), so Δy/Δx = 4").wait_for()
    wait_for_app(page)
    assert "at_x=1" in page.url and "dx=1" in page.url  # the check is a link too
    assert page.get_by_text("At the middle of the step, x = 1.5: every path together gives dy/dx = 4").count() == 1
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "why-one-path.png")


def test_the_slope_picture_of_x_times_x_squared(page, app_url):
    """f, its tangent (slope 0.75) and each path's line through the point; f′ beside it: two charts, no error."""
    open_page(page, app_url, expr="x*x**2", open="slope")
    charts = page.get_by_test_id("stVegaLiteChart")
    charts.first.wait_for()
    page.wait_for_timeout(1500)  # Vega draws after the element appears
    assert charts.count() == 2 and all(charts.nth(k).bounding_box()["height"] > 150 for k in range(2))
    legend = charts.first.inner_text()
    assert "tangent: slope dy/dx = 0.75" in legend and "path 1 alone: slope 0.5" in legend
    assert page.get_by_test_id("stException").count() == 0
    element_screenshot(page.get_by_test_id("stExpander").filter(has_text="The slope: f near the point"), "slope.png")


def test_the_four_steps_and_rule_names(page, app_url):
    open_page(page, app_url, expr="ln(sin(x**3)**2)")
    page.get_by_role("tab", name="2. Differentiate").click()
    page.get_by_text("u2 = sin(u1), so ∂u2/∂u1 = cos(u1) (trigonometric rule)").wait_for()
    assert page.get_by_text("power → trigonometric → power → logarithm").count() == 1  # the path table
    before = shown_svg(page)
    page.locator(".st-key-graph_settings summary").first.click()  # the drawing's settings are folded away
    page.locator(".st-key-rules label").click()
    page.wait_for_url(re.compile(r"rules=true"))
    wait_for_app(page)
    after = wait_for_graph(page, lambda svg: "rule" in svg)
    assert after != before and "trigonometric rule" in after


def test_the_neurons_gradient_with_its_vectors_boxed(page, app_url):
    open_page(page, app_url, expr=NEURON, wrt="w")
    assert rule(page) == "Vector chain rule: w = [w1, w2, w3] reaches y through 3 paths"
    svg = shown_svg(page)
    assert svg.count('class="cluster"') == 2
    page.get_by_role("heading", name="The gradient").wait_for()
    words = page.get_by_test_id("stAlertContentInfo").filter(has_text="where the unit is active")
    assert "here b + w1·x1 + w2·x2 + w3·x3 = 2.837: active, so dy/dw = xᵀ" in words.inner_text()


def test_the_vector_sum_from_the_gallery_has_a_gradient_of_ones(page, app_url):
    open_page(page, app_url, expr="x")
    index = next(i for i, e in enumerate(EXAMPLES) if e.text.endswith("sum(w + x)"))
    page.locator(f".st-key-gallery_{index} button").first.click()
    wait_for_app(page)
    page.get_by_role("heading", name="The gradient").wait_for()
    assert rule(page) == "Vector chain rule: w = [w1, w2, w3] reaches y through 3 paths"
    assert page.get_by_test_id("stAlertContentInfo").filter(has_text="dy/dw = 1ᵀ (a vector of ones)").count() == 1
    assert "at_w1=" in page.url and "wrt=" not in page.url  # w is this program's default: left out of the link


def test_x_times_x_squared_each_path_alone_and_the_papers_check(page, app_url):
    open_page(page, app_url, expr="x*x**2", open="naive")
    page.get_by_role("button", name="The paper's check: x = 1, Δx = 1").click()
    page.get_by_text("y from 1 to 8 (Δy = 7), so Δy/Δx = 7").wait_for()  # 2³ − 1³
    assert page.get_by_test_id("stException").count() == 0


def test_the_teaching_sections_fit_a_phone(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_page(page, app_url, expr="x + x**2", open="steps,naive")
        chart = page.get_by_test_id("stVegaLiteChart")
        chart.wait_for()
        page.get_by_role("tab", name="2. Differentiate").click()
        page.get_by_text("u1 = x², so ∂u1/∂x = 2·x (power rule)").wait_for()
        page.wait_for_timeout(500)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out of the page
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] > 100  # the bars, whole
        assert page.get_by_test_id("stException").count() == 0
        screenshot(page, "teaching-phone.png")
    finally:
        context.close()


def choose(page, key: str, option: str, attempts: int = 3) -> None:
    """Pick an option of a select box; again if a rerun closed its list before the click (a busy machine)."""
    for attempt in range(attempts):
        wait_for_app(page)
        page.locator(f".st-key-{key} input").click()
        try:
            page.get_by_role("option", name=option).click(timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")


def test_a_jacobian_entry_draws_its_paths_bold(page, app_url):
    open_page(page, app_url, expr="[x*w, x + x**2]")
    before = shown_svg(page)
    choose(page, "entry", "dy2/dx")
    wait_for_app(page)
    after = wait_for_graph(page, lambda svg: svg != before)
    assert after.count('stroke-width="3.6"') >= 3  # the entry's two paths, three edges
    # the layers, once opened: each layer's Jacobian, and their product checked at the point
    page.get_by_test_id("stExpander").get_by_text("The vector chain rule, layer by layer", exact=True).click()
    page.get_by_text("and the Jacobian is").wait_for()
    assert re.search(r"open=steps(%2C|,)layers", page.url)
    layers = page.locator("annotation").filter(has_text="J_{2} J_{1}")
    assert layers.count() == 1


def type_answer(page, text: str) -> None:
    box = page.locator(".st-key-answer input")
    box.fill(text)
    box.press("Enter")


def test_a_wrong_answer_shows_the_diagnosis_and_the_highlight(page, app_url):
    open_page(page, app_url, expr="x + x**2")
    type_answer(page, "2*x")
    page.get_by_test_id("stAlertContentError").filter(has_text="Not correct").wait_for()
    wait_for_app(page)
    said = page.get_by_test_id("stMain").inner_text()
    assert "Missing: path 2 (x → y: ∂y/∂x = 1)." in said
    assert "Highlighted in the graph:" in said
    edges = svg_groups(shown_svg(page), "edge")
    # the missed path x → y (edge 1) in path 2's colour, bold; the rest faded
    assert strokes(edges["edge-1"]) == [PALETTE[1].upper()]
    assert all(p.get("stroke-width") == "3.6" for p in edges["edge-1"].iter(f"{SVG}path"))
    assert {s for i in (0, 2) for s in strokes(edges[f"edge-{i}"])} == {STYLE["light"]["faded"]["color"].upper()}
    assert "answer=2%2Ax" in page.url  # the answer is in the link, to send to a teacher
    screenshot(page, "answer.png")


def test_an_exercise_link_hides_the_solution_until_it_is_answered(page, app_url):
    open_page(page, app_url, expr="x*x**2", exercise="true")
    assert page.locator("h3").first.inner_text() == "Exercise: find dy/dx with the chain rule"
    assert page.get_by_text("The sum over paths").count() == 0
    page.get_by_role("button", name="Hint").click()
    page.get_by_text("Hint 1: Total-derivative chain rule").wait_for()
    type_answer(page, "3x^2")
    page.get_by_test_id("stAlertContentSuccess").filter(has_text="Correct").wait_for()
    wait_for_app(page)
    assert rule(page) == "Total-derivative chain rule: x reaches y through 2 paths"
    assert page.get_by_text("The sum over paths").count() == 1


TWO_LAYER_NET = "h = tanh(w1*x + b1); y = sigmoid(w2*h + b2)"
THIRTY_TWO_PATHS = "\n".join(["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, 6)])
HUNDRED_TERMS = " + ".join(f"sin({k}*x)" for k in range(1, 101))


@pytest.mark.parametrize(
    ("text", "name"),
    [(TWO_LAYER_NET, "two-layer-net"), (THIRTY_TWO_PATHS, "32-paths"), (HUNDRED_TERMS, "100-terms")],
)
def test_real_size_graphs_are_readable(page, app_url, text, name):
    open_page(page, app_url, expr=text)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_test_id("stAlertContentError").count() == 0
    assert smallest_label_px(page) >= 12
    screenshot(page, f"readable-{name}.png")


def test_fit_and_clicking_an_edge(page, app_url):
    open_page(page, app_url, expr=HUNDRED_TERMS)
    viewer = page.locator(VIEWER)
    width = viewer.locator("svg").bounding_box()["width"]
    scale = float(viewer.get_attribute("data-scale"))
    viewer.get_by_role("button", name="Zoom in").click()
    assert float(viewer.get_attribute("data-scale")) > scale
    viewer.get_by_role("button", name="Fit").click()  # all of it again, at the scale it opened with
    assert float(viewer.get_attribute("data-scale")) == pytest.approx(scale)
    assert viewer.locator("svg").bounding_box()["width"] == pytest.approx(width, abs=2)  # the box stays
    page.locator(f"{VIEWER} g.edge.path-2 text").first.click()  # the label belongs to the edge
    page.wait_for_function(
        "() => document.querySelector('.st-key-highlight input')?.value.startsWith('Path 3')", timeout=60_000
    )
    wait_for_app(page)
    assert page.locator(".st-key-highlight input").input_value().startswith("Path 3: x → u5 → u6 → y")


DENSE = "W = [[w11, w12, w13], [w21, w22, w23]]; x = [1, -1, -0.5]; b = [b1, b2]; y = sum(tanh(W @ x + b))"


def test_the_shapes_view_of_a_dense_layer(page, app_url):
    """The paper's layer on whole values: W @ x, + b, tanh, sum, each edge its Jacobian in closed form."""
    page.set_viewport_size({"width": 1400, "height": 1800})  # the viewer opens at most 60% of the window tall
    open_page(page, app_url, expr=DENSE, wrt="W", view="shapes", open="layers")
    svg = wait_for_graph(page, lambda svg: "I ⊗ xᵀ" in svg)
    for text in ("g1 = W @ x", "2×3 · 3 → 2", "∂g1/∂W = I ⊗ xᵀ", "diag(1 − tanh(g2)²)", "∂y/∂g3 = 1ᵀ", "equal at"):
        assert text in svg, text
    assert page.locator(f"{VIEWER} .vp").get_attribute("aria-label").startswith("Graph of shapes.")
    box = page.locator(f"{VIEWER} svg").bounding_box()
    assert box["width"] > 600  # drawn, not a one-line note
    page.get_by_text("the outer product of δ = ∂y/∂g1").first.wait_for()
    assert "view=shapes" in page.url and "wrt=W" in page.url
    assert page.get_by_test_id("stException").count() == 0
    page.locator(VIEWER).get_by_role("button", name="Fit", exact=True).click()
    page.wait_for_timeout(300)
    graph = page.get_by_test_id("stVerticalBlock").filter(has=page.locator(VIEWER)).last
    screenshot(page, "shapes.png", element=graph)
