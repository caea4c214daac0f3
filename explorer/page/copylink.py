"""The copy-link button: the link to the page as it is, the learner's answer included, to the clipboard in one click.

A Streamlit v2 component written here (a button, a status line and a few
lines of script; no third-party code). The server gives it the address of
the state (:func:`explorer.page.state.link`, so the link is the one the
address bar shows after this run), and the browser puts it after the page's
own origin and path: the link works wherever the app is served. Where the
clipboard is not available (a page served over plain HTTP to another
machine) the link is shown selected for the reader to copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import streamlit as st

__all__ = ["copy_link", "query"]

HTML = """
<div class="cre-copy" data-testid="cre-copy-link">
  <button type="button">Copy link</button>
  <input class="shown" type="text" readonly aria-label="The link to this page" hidden>
  <span class="said" role="status" aria-live="polite"></span>
</div>
"""

CSS = """
.cre-copy { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; font-family: var(--st-font); }
.cre-copy button { color: var(--st-text-color); background: var(--st-background-color);
  border: 1px solid var(--st-border-color); border-radius: var(--st-base-radius); min-height: 2.5rem;
  padding: .25rem .75rem; font: inherit; font-size: 1rem; cursor: pointer; white-space: nowrap; }
.cre-copy button:hover { border-color: var(--st-primary-color); color: var(--st-primary-color); }
.cre-copy button:focus-visible { outline: 2px solid var(--st-primary-color); outline-offset: 2px; }
.cre-copy .said { color: var(--st-text-color); opacity: .8; font-size: .875rem; }
.cre-copy .shown { width: 100%; font: inherit; font-size: .8rem; }
"""

JS = """
export default function ({ data, parentElement }) {
  const root = parentElement;
  const box = root.querySelector('.cre-copy');
  const button = root.querySelector('button'), said = root.querySelector('.said');
  const shown = root.querySelector('.shown');
  button.title = data.title;
  button.setAttribute('aria-label', data.title);
  box.dataset.link = data.link;
  if (root.__creWired) return;
  root.__creWired = true;
  button.addEventListener('click', async () => {
    const url = window.location.origin + window.location.pathname + box.dataset.link;
    box.dataset.copied = url;
    try {
      await navigator.clipboard.writeText(url);
      shown.hidden = true;
      said.textContent = 'Link copied';
    } catch (err) {  // no clipboard here: the link, selected, to copy by hand
      shown.value = url;
      shown.hidden = false;
      shown.select();
      said.textContent = 'Copy the link below';
    }
  });
}
"""

_COPY = st.components.v2.component("copy_link", html=HTML, css=CSS, js=JS)


def query(params: Mapping[str, str]) -> str:
    """An address's parameters as the query string of a link.

    Examples
    --------
    >>> query({"expr": "x*x**2", "answer": "x**2"})
    '?expr=x%2Ax%2A%2A2&answer=x%2A%2A2'
    """
    return "?" + urlencode(dict(params))


def copy_link(params: Mapping[str, str], title: str, key: str = "copy_link") -> None:
    """The button that copies the link of these address parameters; ``title`` says what the link opens."""
    _COPY(key=key, data={"link": query(params), "title": title}, height="content")
