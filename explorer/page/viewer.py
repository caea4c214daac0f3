"""The graph viewer: the server-drawn SVG in the page, whole at first sight, with pan, zoom, full screen and clicks.

A Streamlit v2 component written here (HTML, CSS and a small ES module; no
third-party code). It reports the room it has (its width, and most of the
window's height: :func:`frame`), and the drawing is made for that room
(:class:`explorer.drawing.fit.Frame`): in the direction, and condensed as
far as needed, for it to be whole with labels of at least 12 px (11 on a
phone). The viewer opens with all of the drawing in view, as large as fits up
to :data:`LARGEST_LABEL`, and is exactly as tall as the drawing, so no blank
band is left under it. Drag moves the picture, Ctrl + wheel (or +/−) zooms,
arrow keys move it when it has the focus, *Fit* shows all of it again and
*1:1* the readable size. A zoom or a move is the reader's: a new highlight,
labels, rule names or background keep it; a new expression or view starts
whole again. A walkthrough names the elements of its step (``focus``), and
the viewer pans to keep them in view. *Full screen* takes the presenter's
block with it when there is one (the step's caption, buttons and formula).
Clicking an edge highlights a path through it (again: the next one), through
:func:`graph_viewer`'s ``on_highlight`` callback. The SVG is Graphviz's, with
every label escaped; the script still removes anything active from it
(scripts, event handlers, links) before it enters the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from ..drawing.fit import Frame

__all__ = ["LARGEST_LABEL", "MAX_SVG_BYTES", "PRESENTER_KEY", "frame", "graph_viewer"]

#: The largest the smallest label opens at (CSS px), on a desktop and on a phone: a small graph is drawn
#: large for a projector, but not so large that it takes the whole screen (twice that in full screen).
LARGEST_LABEL = {12.0: 18.0, 11.0: 14.0}

#: The largest SVG sent to the browser; condensed graphs stay far below it.
MAX_SVG_BYTES = 4_000_000

#: Key of the container a walkthrough's caption, buttons, graph and formula sit in: full screen takes it all.
PRESENTER_KEY = "presenter"

#: Session key of the room the viewer last reported (it outlives a run in which no graph is drawn).
FRAME_KEY = "_graph_frame"

HTML = """
<div class="cre-viewer" data-testid="cre-graph-viewer">
  <div class="bar" role="toolbar" aria-label="Graph view">
    <button type="button" data-act="in" title="Zoom in (+)" aria-label="Zoom in">+</button>
    <button type="button" data-act="out" title="Zoom out (−)" aria-label="Zoom out">−</button>
    <button type="button" data-act="fit" title="See all of the drawing (0)">Fit</button>
    <button type="button" data-act="reset" title="Labels at a readable size (1)">1:1</button>
    <button type="button" data-act="full" title="Full screen (Esc to leave)">Full screen</button>
    <span class="hint" aria-live="polite"></span>
  </div>
  <div class="vp" tabindex="0" role="img" aria-label="Data-flow graph"></div>
</div>
"""

CSS = """
.cre-viewer { border: 1px solid var(--st-border-color); border-radius: var(--st-base-radius);
  background: var(--st-background-color); overflow: hidden; }
.cre-viewer:fullscreen { width: 100vw; height: 100vh; display: flex; flex-direction: column; }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: .3rem; padding: .25rem .4rem;
  border-bottom: 1px solid var(--st-border-color); font-family: var(--st-font); }
.bar button { color: var(--st-text-color); background: var(--st-secondary-background-color);
  border: 1px solid var(--st-border-color); border-radius: .4rem; min-width: 2.2rem; min-height: 2rem;
  padding: 0 .6rem; font: inherit; font-size: .9rem; cursor: pointer; }
.bar button:focus-visible, .vp:focus-visible { outline: 2px solid var(--st-primary-color); outline-offset: -2px; }
.hint { color: var(--st-text-color); opacity: .75; font-size: .8rem; margin-left: .3rem; }
@media (max-width: 560px) { .hint { display: none; } .hint.small { display: inline; } }
.vp { width: 100%; overflow: hidden; touch-action: none; cursor: grab; }
.vp.dragging { cursor: grabbing; }
.cre-viewer:fullscreen .vp { flex: 1; height: auto !important; }
.vp svg { width: 100%; height: 100%; display: block; user-select: none; }
.vp g.edge { cursor: pointer; }
.vp g.edge:hover path { stroke-width: 4.5; }
"""

JS = """
// PRESENTER: the page's header above a walkthrough's block scrolled into view, and the block's padding
const STEP = 1.25, MIN_HEIGHT = 48, MARGIN = 24, BAR = 40, SETTLE = 250, PRESENTER = 112;
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
export default function ({ data, parentElement, setStateValue, setTriggerValue }) {
  const root = parentElement;
  const vp = root.querySelector('.vp');
  const frame = root.querySelector('.cre-viewer');
  const bar = root.querySelector('.bar');
  const hint = root.querySelector('.hint');
  let s = root.__creViewer;
  if (!s) {
    s = root.__creViewer = { svg: null, full: null, scale: 1, x: 0, y: 0, drag: null, user: false, graph: null };
    s.presenter = () => s.presenterKey && root.host && root.host.closest('.st-key-' + s.presenterKey);
    s.fullNow = () => document.fullscreenElement && (document.fullscreenElement === frame
      || document.fullscreenElement === s.presenter());
    s.words = () => {  // the window's height the presenter's words keep: none when they sit beside the graph
      const presenter = s.presenter();
      if (!presenter || vp.clientWidth < 0.8 * presenter.clientWidth) return 0;
      return s.reserve;
    };
    s.room = () => {  // the height the drawing may take: most of the window; a presenter's block all of it
      if (s.fullNow()) return vp.clientHeight;
      if (s.presenterKey) return Math.max(MIN_HEIGHT, window.innerHeight - PRESENTER - BAR - s.words());
      return Math.max(MIN_HEIGHT, Math.round(0.9 * window.innerHeight) - BAR);
    };
    s.apply = () => {
      const el = vp.querySelector('svg');
      if (!el || !s.full) return;
      const w = vp.clientWidth / s.scale, h = vp.clientHeight / s.scale;
      el.setAttribute('viewBox', [s.x, s.y, w, h].join(' '));
      frame.dataset.scale = s.scale.toFixed(4);
      frame.dataset.label = (s.font * s.scale).toFixed(2);
      const small = s.font * s.scale < s.label - 0.01;
      hint.classList.toggle('small', small && !s.user);
      hint.textContent = small && !s.user ? `Labels under ${s.label} px at this size: + zooms in` : s.tip;
    };
    s.readable = () => 1.01 * s.label / s.font;  // a hair over, so rounding never lands below
    s.whole = (height) => {
      const largest = s.largest / s.font * (s.fullNow() ? 2 : 1);
      return Math.min(largest, vp.clientWidth / s.full[2], height / s.full[3]);
    };
    s.centre = () => {  // the drawing in the middle of the viewer where it is smaller than it
      const [x, y, w, h] = s.full, room = vp.clientWidth / s.scale, tall = vp.clientHeight / s.scale;
      s.x = room > w ? x - (room - w) / 2 : x;
      s.y = tall > h ? y - (tall - h) / 2 : y;
    };
    s.open = () => {  // all of it, as large as fits; the viewer as tall as the drawing (no blank band)
      const full = s.fullNow();
      const height = full ? vp.clientHeight : s.room();
      s.scale = s.whole(height);
      // a walkthrough too large to be whole and readable is shown readable, panned to its step
      if (s.presenterKey && s.scale < s.readable()) s.scale = s.readable();
      if (!full) vp.style.height = Math.round(Math.max(MIN_HEIGHT, Math.min(height, s.full[3] * s.scale))) + 'px';
      s.user = false;
      s.centre();
      s.apply();
      frame.dataset.whole = 'true';
    };
    s.zoom = (factor, cx = 0.5, cy = 0.5) => {
      const w = vp.clientWidth / s.scale, h = vp.clientHeight / s.scale;
      s.scale = Math.min(40, Math.max(0.02, s.scale * factor));
      s.x += (w - vp.clientWidth / s.scale) * cx;
      s.y += (h - vp.clientHeight / s.scale) * cy;
      s.user = true;
      frame.dataset.whole = 'false';
      s.apply();
    };
    s.reset = () => {
      const centre = [s.x + vp.clientWidth / s.scale / 2, s.y + vp.clientHeight / s.scale / 2];
      s.scale = s.readable();
      s.x = centre[0] - vp.clientWidth / s.scale / 2;
      s.y = centre[1] - vp.clientHeight / s.scale / 2;
      s.user = true;
      frame.dataset.whole = 'false';
      s.apply();
    };
    s.show = (ids) => {  // pan (never zoom) so that these elements are in view, with a margin
      const r = vp.getBoundingClientRect();
      const boxes = ids.map(id => vp.querySelector('svg [id="' + id + '"]')).filter(Boolean)
        .map(e => e.getBoundingClientRect()).filter(b => b.width || b.height);
      if (!boxes.length) return;
      const left = Math.min(...boxes.map(b => b.left)), right = Math.max(...boxes.map(b => b.right));
      const top = Math.min(...boxes.map(b => b.top)), bottom = Math.max(...boxes.map(b => b.bottom));
      const shift = (lo, hi, start, end) => {
        if (hi - lo > end - start - 2 * MARGIN) return (lo + hi) / 2 - (start + end) / 2;
        if (lo < start + MARGIN) return lo - start - MARGIN;
        if (hi > end - MARGIN) return hi - end + MARGIN;
        return 0;
      };
      const dx = shift(left, right, r.left, r.right), dy = shift(top, bottom, r.top, r.bottom);
      if (dx || dy) { s.x += dx / s.scale; s.y += dy / s.scale; s.apply(); }
    };
    const near = (a, b) => !!a && !!b && Math.abs(a[0] - b[0]) < 10 && Math.abs(a[1] - b[1]) < 10;
    s.report = () => {  // the room the drawing is made for; the page draws again when it changes (settled)
      clearTimeout(s.timer);
      if (s.fullNow() || !vp.clientWidth) return;
      const room = [vp.clientWidth, s.room()];
      frame.dataset.fitted = String(near(s.made, room));
      if (near(s.sent, room) || near(s.made, room)) { s.sent = s.sent || room; return; }
      s.timer = setTimeout(() => { s.sent = room; setStateValue('frame', room); }, s.made ? SETTLE : 0);
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
      s.x = s.drag.ox - dx / s.scale; s.y = s.drag.oy - dy / s.scale; s.user = true; s.apply();
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
      const stepKey = s.stepping && (e.key === 'ArrowLeft' || e.key === 'ArrowRight');  // ← → step the walkthrough
      if (keys[e.key] && !stepKey) { s.x += keys[e.key][0]; s.y += keys[e.key][1]; s.user = true; s.apply(); }
      else if (e.key === '+' || e.key === '=') s.zoom(STEP);
      else if (e.key === '-') s.zoom(1 / STEP);
      else if (e.key === '0') s.open();
      else if (e.key === '1') s.reset();
      else return;  // anything else (← → in a walkthrough) goes on to the page
      e.preventDefault();
    });
    bar.addEventListener('click', (e) => {
      const act = e.target.closest('button')?.dataset.act;
      if (act === 'in') s.zoom(STEP);
      else if (act === 'out') s.zoom(1 / STEP);
      else if (act === 'reset') s.reset();
      else if (act === 'fit') s.open();
      else if (act === 'full') {
        if (document.fullscreenElement) document.exitFullscreen();
        else (s.presenter() || frame).requestFullscreen();
      }
    });
    s.resize = () => {
      const full = document.fullscreenElement, presenter = s.presenter();
      if (full && !s.before) s.before = { height: vp.style.height, scale: s.scale, x: s.x, y: s.y, user: s.user };
      if (full && full === presenter) {  // the step's words keep their room (under it or beside it)
        const above = vp.getBoundingClientRect().top - presenter.getBoundingClientRect().top;
        const others = s.words() ? presenter.scrollHeight - vp.offsetHeight : above + 32;
        vp.style.height = Math.max(MIN_HEIGHT, window.innerHeight - others - 16) + 'px';
      }
      if (!full && s.before) {  // back where the reader was
        const before = s.before;
        s.before = null;
        vp.style.height = before.height;
        Object.assign(s, { scale: before.scale, x: before.x, y: before.y, user: before.user });
        if (s.full) { if (s.user) s.apply(); else s.open(); }
        s.report();
        return;
      }
      if (!s.full) return;
      if (full && !s.user) s.open(); else if (s.user) s.apply(); else s.open();
      s.report();
    };
    document.addEventListener('fullscreenchange', s.resize);
    window.addEventListener('resize', s.resize);
    // the page's own width changes too (its style sheet arriving, the sidebar opening): fit again then
    s.width = vp.clientWidth;
    s.observer = new ResizeObserver(() => {
      if (vp.clientWidth === s.width) return;
      s.width = vp.clientWidth;
      s.resize();
    });
    s.observer.observe(vp);
  }
  s.highlight = data.highlight;
  s.clickable = data.clickable;
  s.stepping = !!data.presenter;
  s.presenterKey = data.presenter;
  s.reserve = data.reserve || 0;
  s.label = data.label;
  s.largest = data.largest;
  s.made = data.frame;
  s.tip = (data.clickable
    ? 'Drag to move · Ctrl + wheel or +/− to zoom · click an edge to highlight its path'
    : 'Drag to move · Ctrl + wheel or +/− to zoom') + (data.presenter ? ' · ← → step' : '');
  vp.setAttribute('aria-label', data.alt);
  frame.querySelector('[data-act=full]').title = data.presenter
    ? 'Full screen with the step and its buttons (Esc to leave; ← → step)' : 'Full screen (Esc to leave)';
  if (s.svg !== data.svg) {
    const parsed = new DOMParser().parseFromString(data.svg, 'image/svg+xml').documentElement;
    const old = s.full, same = s.graph === data.graph;
    const centre = old && [s.x + vp.clientWidth / s.scale / 2 - old[0], s.y + vp.clientHeight / s.scale / 2 - old[1]];
    s.svg = data.svg;
    s.graph = data.graph;
    vp.replaceChildren(document.importNode(clean(parsed), true));
    const el = vp.querySelector('svg');
    const box = el.viewBox.baseVal;
    s.full = [box.x, box.y, box.width, box.height];
    s.font = smallestFont(el);
    el.removeAttribute('width'); el.removeAttribute('height');
    el.setAttribute('preserveAspectRatio', 'xMinYMin meet');
    if (same && s.user && old) {  // the reader's zoom and place stay: the same point in the middle
      s.x = s.full[0] + centre[0] * s.full[2] / old[2] - vp.clientWidth / s.scale / 2;
      s.y = s.full[1] + centre[1] * s.full[3] / old[3] - vp.clientHeight / s.scale / 2;
      s.apply();
    } else {
      s.open();
    }
  } else {
    s.apply();
  }
  if (data.focus && data.focus.length) requestAnimationFrame(() => s.show(data.focus));
  s.step = data.step;
  s.report();
  const presenter = s.presenter();
  if (presenter && s.followed !== s.step && frame.dataset.fitted === 'true') {
    // the walkthrough follows: its block in view at each step, once drawn for this screen
    s.followed = s.step;
    setTimeout(() => presenter.scrollIntoView({ block: 'start' }), 60);
  }
  return () => {
    document.removeEventListener('fullscreenchange', s.resize);
    window.removeEventListener('resize', s.resize);
    s.observer.disconnect();
    root.__creViewer = null;
  };
}
"""

_VIEWER = st.components.v2.component("chain_rule_graph", html=HTML, css=CSS, js=JS)


def _remember(key: str) -> None:
    """State callback: keep the room the viewer reported (the page draws again for it)."""
    value = (st.session_state.get(key) or {}).get("frame")
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int | float) for v in value):
        st.session_state[FRAME_KEY] = (float(value[0]), float(value[1]))


def reported(key: str = "graph") -> tuple[float, float] | None:
    """The viewer's room as it last reported it (CSS px across and down), or None before it has."""
    return st.session_state.get(FRAME_KEY)


def frame(key: str = "graph") -> Frame | None:
    """The frame to draw the graph for: the room the viewer reported, or None before it has (draw by shape).

    Examples
    --------
    >>> frame() is None  # no viewer has reported yet (outside a page)
    True
    """
    room = reported(key)
    return None if room is None else Frame.of(*room)


def graph_viewer(
    svg: str,
    highlight: int | None,
    on_highlight: Callable[[int], None] | None,
    *,
    alt: str = "Data-flow graph",
    graph: str = "",
    focus: Sequence[str] = (),
    presenter: tuple[int, int] | None = None,
    key: str = "graph",
) -> None:
    """Show an SVG graph in the viewer.

    ``on_highlight(k)`` runs when a reader clicks an edge of path ``k`` (None:
    clicks do nothing); ``alt`` is what a screen reader says for the picture.
    ``graph`` names the graph shown: while it stays the same, a reader's zoom
    stays too. ``focus`` lists element ids (``node-3``, ``edge-2``) to keep in
    view. ``presenter`` is (step, pixels) for a walkthrough: the viewer sits in
    the container :data:`PRESENTER_KEY` with the step's words, which keep that
    many pixels of the window, and full screen takes them along.
    """

    def clicked() -> None:
        value = st.session_state[key].highlight
        if on_highlight is not None and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            on_highlight(value)

    made = reported(key)
    label = (frame(key) or Frame.of(1000, 800)).label
    _VIEWER(
        key=key,
        data={
            "svg": svg,
            "highlight": -1 if highlight is None else highlight,
            "clickable": on_highlight is not None,
            "alt": alt,
            "label": label,
            "largest": LARGEST_LABEL.get(label, 18.0),
            "graph": graph,
            "focus": list(focus),
            "presenter": PRESENTER_KEY if presenter is not None else None,
            "step": presenter[0] if presenter is not None else None,
            "reserve": presenter[1] if presenter is not None else 0,
            "frame": list(made) if made is not None else None,
        },
        on_highlight_change=clicked,
        on_frame_change=lambda: _remember(key),
        height="content",
    )
