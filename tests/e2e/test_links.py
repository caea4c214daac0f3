"""Links and history in a real browser: the address after each change, Back and Forward, the editor's Enter."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from browsing import open_page, rule, wait_for_app

pytestmark = pytest.mark.e2e


def address(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def settle(page, expected: str) -> None:
    """Wait for the rule sentence to say ``expected`` and the script to finish."""
    page.locator("h3").filter(has_text=expected).first.wait_for()
    wait_for_app(page)


def test_back_returns_to_the_previous_expression_and_forward_comes_back(page, app_url):
    open_page(page, app_url, expr="x*x")
    entries = page.evaluate("history.length")
    box = page.locator(".st-key-at_x input")
    box.fill("2")
    box.press("Enter")
    page.wait_for_url(re.compile(r"at_x=2"))
    editor = page.locator(".st-key-expr textarea")
    editor.fill("z*x")
    editor.press("Control+Enter")
    page.wait_for_url(re.compile(r"expr=z"))
    settle(page, "reaches y through 1 path")
    # the new expression's own defaults, every value in the link: z first (0.5), x second (1.5)
    assert address(page) == {"expr": "z*x", "at_z": "0.5", "at_x": "1.5"}
    assert page.evaluate("history.length") == entries + 2  # one entry per change

    page.go_back()
    page.wait_for_url(re.compile(r"expr=x%2Ax&at_x=2$"))
    settle(page, "reaches y through 2 paths")
    page.locator(".st-key-expr textarea").filter(has_text="x*x").wait_for()
    assert page.locator(".st-key-expr textarea").input_value() == "x*x"
    assert page.locator(".st-key-at_x input").input_value() == "2"

    page.go_back()
    page.wait_for_url(re.compile(r"expr=x%2Ax$"))
    page.wait_for_function("document.querySelector('.st-key-at_x input').value === '0.5'")
    assert rule(page) == "Total-derivative chain rule: x reaches y through 2 paths"

    page.go_forward()
    page.go_forward()
    page.wait_for_url(re.compile(r"expr=z"))
    page.wait_for_function("document.querySelector('.st-key-expr textarea').value === 'z*x'")
    settle(page, "reaches y through 1 path")
    assert page.locator(".st-key-at_x input").input_value() == "1.5"


def test_the_editor_applies_with_enter_and_takes_a_new_line_with_shift_enter(page, app_url):
    open_page(page, app_url, expr="x")
    editor = page.locator(".st-key-expr textarea")
    editor.click()
    editor.press("Control+a")
    for n, line in enumerate(["u1 = x**3", "u2 = sin(u1)", "y = ln(u2**2)"]):
        if n:
            editor.press("Shift+Enter")  # a new line, not an apply
        editor.type(line)
    assert editor.input_value() == "u1 = x**3\nu2 = sin(u1)\ny = ln(u2**2)"
    assert rule(page) == "Single-variable chain rule: x reaches y through 1 path"  # still the old page
    assert "expr=x" in page.url and "u1" not in page.url
    hint = page.get_by_text("Press Ctrl+Enter to apply")  # Streamlit's own hint would be wrong here
    assert hint.count() == 0 or hint.first.is_hidden()
    assert page.get_by_text("applies the expression; Shift+Enter starts a new line").count() == 1
    editor.press("Enter")
    page.wait_for_url(re.compile(r"expr=u1"))
    settle(page, "x reaches y through 1 path")
    # no newline reaches the link: the statements are separated by ; (the language reads both alike)
    assert address(page)["expr"] == "u1 = x**3; u2 = sin(u1); y = ln(u2**2)"
    assert "%0A" not in page.url
    assert editor.input_value() == "u1 = x**3\nu2 = sin(u1)\ny = ln(u2**2)"  # the editor keeps its lines
    assert page.get_by_test_id("stAlertContentError").count() == 0
    assert "u3 = u2²" in page.locator("[data-testid=cre-graph-viewer] .vp").get_attribute("aria-label")
    # Ctrl+Enter still applies too
    editor.press("Control+a")
    editor.type("x*x")
    editor.press("Control+Enter")
    page.wait_for_url(re.compile(r"expr=x%2Ax"))
    settle(page, "x reaches y through 2 paths")


def test_a_highlighted_path_is_in_the_link(page, app_url):
    open_page(page, app_url, expr="x*x**2", highlight="2")
    alt = page.locator("[data-testid=cre-graph-viewer] .vp").get_attribute("aria-label")
    assert "Path 2 (highlighted): x → y." in alt
    chosen = page.locator(".st-key-highlight input")
    assert "Path 2: x → y" in (
        chosen.input_value() or chosen.get_attribute("placeholder") or page.locator(".st-key-highlight").text_content()
    )
