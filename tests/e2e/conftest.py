"""Real-browser fixtures: a ``streamlit run app.py`` server on a free port and Debian's Chromium.

The server fixture follows Streamlit's own e2e suite: start the server
headless on 127.0.0.1, poll ``/_stcore/health`` until it answers, and let each
test wait for ``[data-testid='stApp'][data-test-script-state='notRunning']``.
Browsers cannot be downloaded here, so Playwright drives the system Chromium.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import streamlit_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_TIMEOUT = 60.0


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a fresh ``streamlit run app.py`` server, stopped after the session."""
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    try:
        with streamlit_server(ROOT / "app.py", log, START_TIMEOUT) as url:
            yield url
    except RuntimeError as err:
        pytest.fail(str(err))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; skipped when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url: str):
    """A new page (fresh session) at a teacher's projector size."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)  # as long as wait_for_app: a busy machine
    yield page
    context.close()
