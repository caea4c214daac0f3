"""The graph viewer: the server-drawn SVG in the page, with pan, zoom, fit, full screen and click-to-highlight.

A Streamlit v2 component written here (HTML, CSS and a small ES module; no
third-party code). It opens at a zoom where the smallest label is at least
:data:`MIN_LABEL_PX` pixels tall, so a large graph is panned rather than
shrunk; "Fit width" shows all of it when wanted. Drag moves the picture,
Ctrl + wheel (or a pinch, or +/−) zooms, arrow keys move it when it has the
focus. Clicking an edge highlights a path through it (again: the next one),
through :func:`graph_viewer`'s ``on_highlight`` callback. The SVG is
Graphviz's, with every label escaped; the script still removes anything
active from it (scripts, event handlers, links) before it enters the page.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

__all__ = ["MAX_SVG_BYTES", "MIN_LABEL_PX", "graph_viewer"]

#: The smallest label, in CSS pixels, at the zoom the viewer opens with.
MIN_LABEL_PX = 12

#: Drawn larger than Graphviz's natural size (1 pt = 4/3 px) when there is room, for a projector.
NATURAL_ZOOM = 1.5

#: The largest SVG sent to the browser; condensed graphs stay far below it.
MAX_SVG_BYTES = 4_000_000

HTML = """
<div class="cre-viewer" data-testid="cre-graph-viewer">
  <div class="bar" role="toolbar" aria-label="Graph view">
    <button type="button" data-act="in" title="Zoom in (+)" aria-label="Zoom in">+</button>
    <button type="button" data-act="out" title="Zoom out (−)" aria-label="Zoom out">−</button>
    <button type="button" data-act="reset" title="Readable size (0)">1:1</button>
    <button type="button" data-act="fit" title="Fit the width of the page">Fit width</button>
    <button type="button" data-act="full" title="Full screen (Esc to leave)">Full screen</button>
    <span class="hint">Drag to move · Ctrl + wheel or +/− to zoom · click an edge to highlight its path</span>
  </div>
  <div class="vp" tabindex="0" role="img" aria-label="Data-flow graph"></div>
</div>
"""

CSS = """
.cre-viewer { border: 1px solid var(--st-border-color); border-radius: var(--st-base-radius);
  background: var(--st-background-color); overflow: hidden; }
.cre-viewer:fullscreen { width: 100vw; height: 100vh; display: flex; flex-direction: column; }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: .3rem; padding: .3rem .4rem;
  border-bottom: 1px solid var(--st-border-color); font-family: var(--st-font); }
.bar button { color: var(--st-text-color); background: var(--st-secondary-background-color);
  border: 1px solid var(--st-border-color); border-radius: .4rem; min-width: 2.2rem; min-height: 2rem;
  padding: 0 .6rem; font: inherit; font-size: .9rem; cursor: pointer; }
.bar button:focus-visible, .vp:focus-visible { outline: 2px solid var(--st-primary-color); outline-offset: -2px; }
.hint { color: var(--st-text-color); opacity: .75; font-size: .8rem; margin-left: .3rem; }
.vp { width: 100%; overflow: hidden; touch-action: none; cursor: grab; }
.vp.dragging { cursor: grabbing; }
.cre-viewer:fullscreen .vp { flex: 1; height: auto !important; }
.vp svg { width: 100%; height: 100%; display: block; user-select: none; }
.vp g.edge { cursor: pointer; }
.vp g.edge:hover path { stroke-width: 4.5; }
"""

JS = """
const STEP = 1.25;
function clean(svg) {
  svg.querySelectorAll('script, foreignObject, iframe, object, embed').forEach(n => n.remove());
  svg.querySelectorAll('*').forEach(n => {
    for (const a of [...n.attributes]) {
      if (/^on/i.test(a.name) || /href$/i.test(a.name)) n.removeAttribute(a.name);
    }
  });
  return svg;
}
function smallestFont(svg) {
  let least = Infinity;
  svg.querySelectorAll('text').forEach(t => {
    const size = parseFloat(t.getAttribute('font-size'));
    if (size > 0) least = Math.min(least, size);
  });
  return least === Infinity ? 14 : least;
}
export default function ({ data, parentElement, setTriggerValue }) {
  const root = parentElement;
  const vp = root.querySelector('.vp');
  const frame = root.querySelector('.cre-viewer');
  let s = root.__creViewer;
  if (!s) {
    s = root.__creViewer = { svg: null, full: null, scale: 1, x: 0, y: 0, drag: null };
    s.apply = () => {
      const el = vp.querySelector('svg');
      if (!el || !s.full) return;
      const w = vp.clientWidth / s.scale, h = vp.clientHeight / s.scale;
      el.setAttribute('viewBox', [s.x, s.y, w, h].join(' '));
      frame.dataset.scale = s.scale.toFixed(4);
    };
    s.zoom = (factor, cx = 0.5, cy = 0.5) => {
      const w = vp.clientWidth / s.scale, h = vp.clientHeight / s.scale;
      s.scale = Math.min(40, Math.max(0.02, s.scale * factor));
      s.x += (w - vp.clientWidth / s.scale) * cx;
      s.y += (h - vp.clientHeight / s.scale) * cy;
      s.apply();
    };
    s.place = (scale) => {  // the whole width when it fits, else the left edge; the top either way
      const [x, y, w] = s.full;
      s.scale = scale;
      const room = vp.clientWidth / scale;
      s.x = room > w ? x - (room - w) / 2 : x;
      s.y = y;
      s.apply();
    };
    s.fit = () => s.place(vp.clientWidth / s.full[2]);
    s.reset = () => {
      const fit = vp.clientWidth / s.full[2];
      const readable = 1.01 * s.minPx / s.font;  // a hair over, so rounding never lands below
      s.place(Math.max(Math.min(s.natural, fit), readable));
    };
    vp.addEventListener('wheel', (e) => {
      if (!(e.ctrlKey || e.metaKey || document.fullscreenElement)) return;  // plain wheel scrolls the page
      e.preventDefault();
      const r = vp.getBoundingClientRect();
      s.zoom(e.deltaY < 0 ? STEP : 1 / STEP, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
    }, { passive: false });
    vp.addEventListener('pointerdown', (e) => {
      s.drag = { x: e.clientX, y: e.clientY, ox: s.x, oy: s.y, moved: false, id: e.pointerId };
    });
    vp.addEventListener('pointermove', (e) => {
      if (!s.drag) return;
      const dx = e.clientX - s.drag.x, dy = e.clientY - s.drag.y;
      if (!s.drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!s.drag.moved) { s.drag.moved = true; vp.setPointerCapture(s.drag.id); vp.classList.add('dragging'); }
      s.x = s.drag.ox - dx / s.scale; s.y = s.drag.oy - dy / s.scale; s.apply();
    });
    const stop = (e) => {
      const drag = s.drag; s.drag = null; vp.classList.remove('dragging');
      if (!drag || drag.moved || e.type !== 'pointerup' || !s.clickable) return;
      const edge = e.target.closest && e.target.closest('g.edge');
      if (!edge) return;
      const paths = [...edge.classList].filter(c => /^path-\\d+$/.test(c)).map(c => +c.slice(5));
      if (!paths.length) return;
      const at = paths.indexOf(s.highlight);
      setTriggerValue('highlight', paths[(at + 1) % paths.length]);
    };
    vp.addEventListener('pointerup', stop);
    vp.addEventListener('pointercancel', stop);
    vp.addEventListener('keydown', (e) => {
      const move = 60 / s.scale;
      const keys = { ArrowLeft: [-move, 0], ArrowRight: [move, 0], ArrowUp: [0, -move], ArrowDown: [0, move] };
      if (keys[e.key]) { s.x += keys[e.key][0]; s.y += keys[e.key][1]; s.apply(); }
      else if (e.key === '+' || e.key === '=') s.zoom(STEP);
      else if (e.key === '-') s.zoom(1 / STEP);
      else if (e.key === '0') s.reset();
      else return;
      e.preventDefault();
    });
    root.querySelector('.bar').addEventListener('click', (e) => {
      const act = e.target.closest('button')?.dataset.act;
      if (act === 'in') s.zoom(STEP);
      else if (act === 'out') s.zoom(1 / STEP);
      else if (act === 'reset') s.reset();
      else if (act === 'fit') s.fit();
      else if (act === 'full') {
        if (document.fullscreenElement) document.exitFullscreen(); else frame.requestFullscreen();
      }
    });
    s.resize = () => s.apply();
    document.addEventListener('fullscreenchange', s.resize);
    window.addEventListener('resize', s.resize);
  }
  s.highlight = data.highlight;
  s.clickable = data.clickable;
  vp.setAttribute('aria-label', data.alt);
  frame.querySelector('.hint').textContent = data.clickable
    ? 'Drag to move · Ctrl + wheel or +/− to zoom · click an edge to highlight its path'
    : 'Drag to move · Ctrl + wheel or +/− to zoom';
  s.minPx = data.min_px;
  s.natural = data.natural;
  if (s.svg !== data.svg) {
    const parsed = new DOMParser().parseFromString(data.svg, 'image/svg+xml').documentElement;
    const old = s.full;
    s.svg = data.svg;
    vp.replaceChildren(document.importNode(clean(parsed), true));
    const el = vp.querySelector('svg');
    const box = el.viewBox.baseVal;
    s.full = [box.x, box.y, box.width, box.height];
    s.font = smallestFont(el);
    el.removeAttribute('width'); el.removeAttribute('height');
    el.setAttribute('preserveAspectRatio', 'xMinYMin meet');
    const same = old && old[2] === s.full[2] && old[3] === s.full[3];
    if (!same) {  // a new graph: open at a readable size, as tall as it needs up to most of the screen
      const width = vp.clientWidth || root.host?.clientWidth || 700;
      const scale = Math.max(Math.min(s.natural, width / s.full[2]), 1.01 * s.minPx / s.font);
      const tall = Math.max(0.6 * window.innerHeight, 420);
      vp.style.height = Math.round(Math.min(Math.max(s.full[3] * scale + 8, 160), tall)) + 'px';
      s.place(scale);
    } else {
      s.apply();  // the same layout (another highlight): keep where the reader is
    }
  }
  return () => {
    document.removeEventListener('fullscreenchange', s.resize);
    window.removeEventListener('resize', s.resize);
    root.__creViewer = null;
  };
}
"""

_VIEWER = st.components.v2.component("chain_rule_graph", html=HTML, css=CSS, js=JS)


def graph_viewer(
    svg: str,
    highlight: int | None,
    on_highlight: Callable[[int], None] | None,
    *,
    alt: str = "Data-flow graph",
    key: str = "graph",
) -> None:
    """Show an SVG graph in the viewer.

    ``on_highlight(k)`` runs when a reader clicks an edge of path ``k`` (None:
    clicks do nothing); ``alt`` is what a screen reader says for the picture.
    """

    def clicked() -> None:
        value = st.session_state[key].highlight
        if on_highlight is not None and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            on_highlight(value)

    _VIEWER(
        key=key,
        data={
            "svg": svg,
            "highlight": -1 if highlight is None else highlight,
            "clickable": on_highlight is not None,
            "alt": alt,
            "min_px": MIN_LABEL_PX,
            "natural": NATURAL_ZOOM * 4 / 3,
        },
        on_highlight_change=clicked,
        height="content",
    )
