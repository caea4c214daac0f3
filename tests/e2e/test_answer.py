"""A learner's answer in a real browser: a link opens with the answer checked and the wrong edge drawn, the
copy-link button puts that link on the clipboard, and an exercise link gives nothing away."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browsing import VIEWER, open_page, screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

POWER = "x*sin(x)**2"
TWO_FOR_TWO_U = "sin(x)**2 + 2*x*cos(x)"


def edges(page) -> dict[str, str]:
    """Each edge of the graph on the page (its title, as u1->u2) and the width it is drawn with."""
    return page.locator(f"{VIEWER} svg").evaluate(
        """svg => Object.fromEntries([...svg.querySelectorAll('g.edge')].map(g => [
            g.querySelector('title').textContent, g.querySelector('path').getAttribute('stroke-width')]))"""
    )


def test_an_answer_link_shows_the_diagnosis_with_the_edge_highlighted(page, app_url):
    open_page(page, app_url, expr=POWER, answer=TWO_FOR_TWO_U)
    expect(page.locator(".st-key-answer input")).to_have_value(TWO_FOR_TWO_U)  # filled from the link
    page.get_by_test_id("stAlertContentError").first.wait_for()
    assert "Not correct" in page.get_by_test_id("stAlertContentError").first.text_content()
    said = page.get_by_text("the power rule gives ∂u2/∂u1 = 2·u1; your answer used 2").first
    said.wait_for()
    assert "On the edge u1 → u2 (path 1)" in said.text_content()
    widths = edges(page)
    assert widths["u1->u2"] == "3.6"  # the wrong edge, in its path's colour, thick
    assert {w for title, w in widths.items() if title != "u1->u2"} == {"1.2"}  # the others faded
    chips = page.get_by_test_id("cre-missed")
    assert "Highlighted in the graph" in chips.text_content()
    screenshot(page, "answer-link.png")


def test_the_copy_link_button_copies_the_link_with_the_answer(page, app_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    open_page(page, app_url, expr="x*x**2")
    box = page.locator(".st-key-answer input")
    box.fill("x**2")
    box.press("Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('answer') === 'x**2'")
    wait_for_app(page)
    button = page.get_by_test_id("cre-copy-link").locator("button")
    button.click()
    page.get_by_test_id("cre-copy-link").get_by_text("Link copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    query = {k: v[-1] for k, v in parse_qs(urlparse(copied).query).items()}
    assert copied.startswith(app_url) and query == {"expr": "x*x**2", "answer": "x**2", "at_x": "0.5"}
    row = page.locator(".st-key-answer").locator("xpath=ancestor::div[@data-testid='stHorizontalBlock'][1]")
    screenshot(page, "answer-copy-link.png", element=row)
    other = page.context.new_page()  # the copied link, opened afresh: the same answer, checked
    other.goto(copied)
    wait_for_app(other)
    other.wait_for_function("document.querySelector('.st-key-answer input')?.value === 'x**2'")
    other.get_by_text("Missing: path 1").first.wait_for()
    other.close()


def test_back_restores_the_previous_answer(page, app_url):
    open_page(page, app_url, expr="x + x**2")
    box = page.locator(".st-key-answer input")
    for text in ("2*x", "2*x + 1"):
        box.fill(text)
        box.press("Enter")
        page.wait_for_function(f"new URLSearchParams(location.search).get('answer') === {text!r}")
        wait_for_app(page)
    page.get_by_test_id("stAlertContentSuccess").first.wait_for()
    page.go_back()
    page.wait_for_function("new URLSearchParams(location.search).get('answer') === '2*x'")
    page.wait_for_function("document.querySelector('.st-key-answer input').value === '2*x'")
    page.get_by_text("Missing: path 2").first.wait_for()
    page.go_forward()
    page.wait_for_function("document.querySelector('.st-key-answer input').value === '2*x + 1'")
    page.get_by_test_id("stAlertContentSuccess").first.wait_for()


def test_an_exercise_link_with_a_highlight_gives_nothing_away(page, app_url):
    open_page(page, app_url, expr="x + x**2", exercise="true", highlight="99")
    warned = page.get_by_test_id("stAlertContentWarning").first
    warned.wait_for()
    assert "not used" in warned.text_content() and "it has" not in warned.text_content()
    page.get_by_test_id("stSidebar").get_by_role("button", name="x + x²", exact=True).hover()
    tip = page.get_by_test_id("stTooltipContent")
    tip.wait_for()
    assert "Find the derivative" in tip.text_content() and "paths" not in tip.text_content()
