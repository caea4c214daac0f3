"""What a Streamlit session's messages say: the elements, widgets and runs a client reads from them.

:mod:`client` speaks the protocol; this module turns what arrives into what a
visitor sees (:class:`Element`, :class:`Run`, :class:`Widget`) and what a
browser would send back (:func:`widget_value`, :func:`widget_state`), from the
message types of the installed ``streamlit.proto`` package (Streamlit 1.67).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

__all__ = [
    "ALERTS",
    "FINAL",
    "WIDGETS",
    "DisconnectedError",
    "Element",
    "Node",
    "Run",
    "RunTimeoutError",
    "Widget",
    "defaults_only",
    "fields_of",
    "draws",
    "state_value",
    "text_of",
    "url_value",
    "widget_key",
    "widget_state",
    "widget_value",
]

ID_PREFIX = "$$ID"  # streamlit.runtime.state.common.GENERATED_ELEMENT_ID_PREFIX
SVG_DATA = "data:image/svg+xml;base64,"

#: script_finished statuses that end a run chain (FINISHED_EARLY_FOR_RERUN does not: another run follows).
FINAL = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment_ok",
}

#: Element types whose proto carries the widget's value; the field that carries it, and the WidgetState field.
WIDGETS = {
    "text_input": "string_value",
    "text_area": "string_value",
    "selectbox": "string_value",
    "number_input": "double_value",  # int_value when data_type is INT
    "checkbox": "bool_value",  # st.checkbox and st.toggle
    "button_group": "string_array_value",  # st.segmented_control and st.pills
    "button": "trigger_value",
    "download_button": "trigger_value",
}
ALERTS = {1: "error", 2: "warning", 3: "info", 4: "success"}


class DisconnectedError(ConnectionError):
    """The websocket closed while the session was in use."""


class RunTimeoutError(TimeoutError):
    """A rerun did not finish within the time given."""


def widget_key(element_id: str) -> str | None:
    """The user key in a widget id ``$$ID-<hash>-<key>``, or None when it has none.

    >>> widget_key("$$ID-0a1b2c-expr"), widget_key("$$ID-0a1b2c-at_x-1"), widget_key("$$ID-0a1b2c-None")
    ('expr', 'at_x-1', None)
    """
    if not element_id.startswith(ID_PREFIX):
        return None
    key = element_id.split("-", maxsplit=2)[-1]
    return None if key == "None" else key


@dataclass
class Element:
    """One element of a finished run, where it was placed and what it says."""

    path: tuple[int, ...]
    type: str  # the Element oneof name: markdown, text, alert, exception, imgs, text_input, ...
    kind: str  # the type, with alerts as error/warning/info/success and images as image
    text: str  # what a visitor reads: body, label, message and trace, caption, code
    proto: Any  # the Element oneof's message, for anything else

    @property
    def key(self) -> str | None:
        return widget_key(getattr(self.proto, "id", "") or "")


@dataclass
class Widget:
    """A widget of a finished run and the value this client holds for it (what it would send back)."""

    id: str
    key: str | None
    type: str
    label: str
    options: list[str]
    value: Any
    query_param: str | None  # the URL parameter it is bound to (bind="query-params"), if any
    proto: Any


@dataclass
class Run:
    """One script run, from the request that caused it to its ``script_finished``."""

    sent: float  # time.monotonic() when the request went out
    finished: float | None = None
    graph: float | None = None  # time.monotonic() when the run's first drawing (an SVG) arrived
    status: str = "running"  # ok, compile_error, fragment_ok, timeout, disconnected
    run_id: str = ""
    restarts: int = 0  # runs begun for this request (more than one: it was interrupted for a rerun)
    messages: int = 0  # ForwardMsgs received for it
    refs: int = 0  # of which ref_hash messages, resolved from the client's cache
    bytes: int = 0
    elements: list[Element] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # session_event, page_not_found, ... in words
    _svgs: list[str] | None = field(default=None, repr=False)

    @property
    def elapsed(self) -> float:
        """Seconds from the request to the finished run (to now if it has not finished)."""
        return (self.finished or time.monotonic()) - self.sent

    @property
    def to_graph(self) -> float | None:
        """Seconds from the request to the first drawing of the run that answered it; None without one."""
        return None if self.graph is None else self.graph - self.sent

    def texts(self, *kinds: str) -> list[str]:
        """Texts of the elements of these kinds (all kinds when none are given)."""
        return [e.text for e in self.elements if not kinds or e.kind in kinds]

    @property
    def exceptions(self) -> list[str]:
        """Tracebacks shown to the visitor (st.exception, or an uncaught error in the script)."""
        return self.texts("exception")

    @property
    def images(self) -> list[str]:
        """The image URLs shown: ``data:`` URIs, or ``/media/...`` paths on the server."""
        return [img.url for e in self.elements if e.type == "imgs" for img in e.proto.imgs]

    @property
    def svgs(self) -> list[str]:
        """The SVG sources shown: ``data:image/svg+xml;base64,`` images, and the ``svg`` a component was sent.

        Decoded once the run is over.
        """
        if self._svgs is not None:
            return self._svgs
        decoded = [
            base64.b64decode(url[len(SVG_DATA) :]).decode("utf-8", "replace")
            for url in self.images
            if url.startswith(SVG_DATA)
        ]
        for e in self.elements:
            if e.type == "bidi_component" and e.proto.json:
                data = json.loads(e.proto.json)
                if isinstance(data, dict) and isinstance(data.get("svg"), str):
                    decoded.append(data["svg"])
        if self.finished is not None:
            self._svgs = decoded
        return decoded

    def everything(self) -> str:
        """Every text, label, option and SVG source of the run, one per line (for leak checks)."""
        return "\n".join([*self.texts(), *self.svgs])


class Node:
    """A place in the delta tree: an element, or a block with children by index."""

    __slots__ = ("children", "element", "kind")

    def __init__(self, kind: str = "block", element: Any = None) -> None:
        self.kind = kind
        self.element = element
        self.children: dict[int, Node] = {}

    def walk(self, path: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], Node]]:
        yield path, self
        for index in sorted(self.children):
            yield from self.children[index].walk((*path, index))


def draws(kind: str, element: Any) -> bool:
    """Whether an element shows a drawing: an SVG image, or a component sent an ``svg`` (cheap: no decoding)."""
    if kind == "imgs":
        return any(img.url.startswith(SVG_DATA) for img in element.imgs.imgs)
    return kind == "bidi_component" and '"svg"' in element.bidi_component.json


def text_of(kind: str, proto: Any) -> str:
    """What a visitor reads in an element."""
    if kind == "exception":
        return "\n".join([f"{proto.type}: {proto.message}", *proto.stack_trace])
    if kind == "imgs":
        return "\n".join(img.caption for img in proto.imgs if img.caption)
    if kind == "code":
        return proto.code_text
    if kind == "graphviz_chart":
        return proto.spec
    if kind == "button_group":
        return "\n".join([proto.label, *(o.content for o in proto.options)])
    if kind == "selectbox":
        return "\n".join([proto.label, *proto.options])
    for name in ("body", "label", "text"):
        if hasattr(proto, name):
            return getattr(proto, name)
    return ""


def widget_value(kind: str, proto: Any) -> Any:
    """The value a browser would hold for a widget it has just been sent, or None when it has none."""
    if kind in ("text_input", "text_area"):
        if proto.HasField("value"):
            return proto.value
        return proto.default if proto.HasField("default") else None
    if kind == "number_input":
        value = proto.value if proto.HasField("value") else proto.default if proto.HasField("default") else None
        if value is not None and proto.data_type == proto.INT:
            value = int(value)
        return value
    if kind == "selectbox":
        if proto.HasField("raw_value"):
            return proto.raw_value
        if proto.HasField("default") and 0 <= proto.default < len(proto.options):
            return proto.options[proto.default]
        return None
    if kind == "checkbox":
        return proto.value if proto.set_value else proto.default
    if kind == "button_group":
        if proto.set_value:
            return list(proto.raw_values)
        return [proto.options[i].content for i in proto.default if 0 <= i < len(proto.options)]
    return None  # buttons: triggers are sent once, when clicked


def url_value(value: Any) -> str | list[str]:
    """A widget value as the frontend writes it into the address bar."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def fields_of(proto: Any) -> set[str]:
    return {f.name for f in proto.DESCRIPTOR.fields}


def defaults_only(proto: Any) -> Any:
    """A copy of a widget proto without its current value: what widget_value gives then is the default."""
    copy = type(proto)()
    copy.CopyFrom(proto)
    for name in ("value", "raw_value"):
        if name in fields_of(copy):
            copy.ClearField(name)
    if "set_value" in fields_of(copy):
        copy.set_value = False
    if "raw_values" in fields_of(copy):
        del copy.raw_values[:]
    return copy


def widget_state(widget_id: str, field_name: str, value: Any) -> WidgetState:
    state = WidgetState(id=widget_id)
    if field_name == "string_array_value":
        state.string_array_value.data.extend(value)
    else:
        setattr(state, field_name, value)
    return state


def state_value(state: WidgetState) -> Any:
    which = state.WhichOneof("value")
    if which == "string_array_value":
        return list(state.string_array_value.data)
    return getattr(state, which) if which else None
