"""Helpers for the AppTest tests of the page: open it at an address, read its graph viewer, click an edge."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")

TIMEOUT = 60


def clear_caches() -> None:
    """Forget every cached answer (analyses are cached as resources, the rest as data)."""
    st.cache_data.clear()
    st.cache_resource.clear()


def open_app(**query: str) -> AppTest:
    """Run the page once, as if opened with ``?key=value...``."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def viewers(at: AppTest) -> list:
    """The graph viewers on the page (Streamlit v2 components)."""
    return [e for e in at.get("bidi_component") if e.proto.component_name.endswith("chain_rule_graph")]


def viewer_data(at: AppTest) -> dict:
    """What the page sent to its graph viewer: the SVG, the highlight, the alternative text."""
    (viewer,) = viewers(at)
    return json.loads(viewer.proto.json)


def shown_svg(at: AppTest) -> str:
    """The SVG the page displays in its viewer."""
    return viewer_data(at)["svg"]


def click_edge(at: AppTest, path: int) -> AppTest:
    """What the viewer sends when a reader clicks an edge of ``path`` (a trigger value; no public AppTest API)."""
    (viewer,) = viewers(at)
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = f"$$STREAMLIT_INTERNAL_KEY_{viewer.proto.id}__events"
    state.json_trigger_value = json.dumps([{"event": "highlight", "value": path}])
    return at._run(states)


def report_frame(at: AppTest, width: float, height: float) -> AppTest:
    """What the viewer sends when it has measured its room (a state value of the component): the page reruns."""
    (viewer,) = viewers(at)
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = viewer.proto.id
    state.json_value = json.dumps({"frame": [width, height]})
    return at._run(states)
