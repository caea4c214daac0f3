"""A browserless client for one Streamlit session: Streamlit's own websocket protocol, from Python.

It does what the browser's frontend does on the wire and nothing else: it opens
``ws://host:port/_stcore/stream`` with the ``streamlit`` subprotocol, sends a
``rerun_script`` :class:`BackMsg` carrying the page's query string, widget
states and the hashes of the cacheable messages it holds, and reads the
:class:`ForwardMsg` stream. A run begins with ``new_session`` and ends with
``script_finished``; the deltas between them, placed by their ``delta_path``,
are the page the visitor would see. Nothing is rendered and no JavaScript runs,
so one client costs a few milliseconds of CPU per rerun.

Written against Streamlit 1.67 (Starlette/uvicorn server, no Tornado); the
message types come from the installed ``streamlit.proto`` package and the
websocket from ``websockets``, both dependencies of Streamlit.

Usage::

    async with StreamlitSession("http://127.0.0.1:8501", "expr=x%2Bx**2") as session:
        run = await session.start()            # the first run, as a page load
        print(run.elapsed, run.texts("error"))
        run = await session.set_text("expr", "sin(v01)*v01")
        print(session.widget("expr").value, run.images)

Widgets are found by their user ``key``: Streamlit spells a keyed widget's id
``$$ID-<hash>-<key>`` (``streamlit.elements.lib.utils._compute_element_id``).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import urllib.parse
from typing import Any

from google.protobuf.message import DecodeError
from messages import (
    ALERTS,
    FINAL,
    WIDGETS,
    DisconnectedError,
    Element,
    Node,
    Run,
    RunTimeoutError,
    Widget,
    defaults_only,
    draws,
    fields_of,
    state_value,
    text_of,
    url_value,
    widget_key,
    widget_state,
    widget_value,
)
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

__all__ = ["DisconnectedError", "Element", "Run", "RunTimeoutError", "StreamlitSession", "Widget", "widget_key"]


class StreamlitSession:
    """One visitor's session on a running ``streamlit run`` server.

    ``base_url`` is the server's http(s) URL, ``query`` the page's query string
    (without ``?``, already encoded, e.g. ``urllib.parse.urlencode({"expr": ...})``).
    Every request returns the :class:`Run` it caused once that run has finished;
    a session is used by one task at a time.
    """

    def __init__(
        self,
        base_url: str,
        query: str = "",
        *,
        timeout: float = 120.0,
        open_timeout: float = 30.0,
        color_scheme: str = "light",
        locale: str = "en-US",
        timezone: str = "UTC",
    ) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        scheme = "wss" if parsed.scheme == "https" else "ws"
        self.page_url = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, parsed.path or "/", query, ""))
        self.ws_url = f"{scheme}://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"
        self.query = query
        self.timeout = timeout
        self.open_timeout = open_timeout
        self.context = {"timezone": timezone, "timezone_offset": 0, "locale": locale, "color_scheme": color_scheme}
        self.session_id = ""
        self.page_script_hash = ""
        self.max_cache_age = 2  # global.maxCachedMessageAge; the server says in new_session
        self.runs: list[Run] = []  # every request's run, in order
        self.widgets: dict[str, Widget] = {}  # by id, from the last finished run
        self.states: dict[str, WidgetState] = {}  # by id: what the next rerun sends
        self.closed: str | None = None  # why the websocket closed, once it has
        self.unknown_refs = 0  # ref_hash messages for a hash this client did not hold
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}  # hash -> (message, finished-run count when last used)
        self._finished_count = 0
        self._tree = Node()
        self._run: Run | None = None  # the request being answered
        self._done: asyncio.Event = asyncio.Event()
        self._closing = False

    # -- connection ---------------------------------------------------------------------------------

    async def __aenter__(self) -> StreamlitSession:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def open(self) -> None:
        """Open the websocket (the server starts no run until asked)."""
        self._ws = await connect(
            self.ws_url,
            subprotocols=[Subprotocol("streamlit")],  # first entry: selected; then XSRF token and session id
            compression=None,  # the server does not enable permessage-deflate by default
            max_size=None,  # SVG images arrive inline as data: URIs; websockets' 1 MiB default is too small
            open_timeout=self.open_timeout,
            ping_interval=None,  # the server pings (every 30 s); websockets answers them
            proxy=None,
            user_agent_header="streamlit-load-client",
        )
        self._reader = asyncio.create_task(self._read(), name=f"read {self.ws_url}")

    async def close(self) -> None:
        """Close the websocket; the server ends the session."""
        self._closing = True
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(), 10)
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def _read(self) -> None:
        """Drain the socket all the time, so that server pings are answered and its send queue never fills."""
        assert self._ws is not None
        try:
            async for data in self._ws:
                if isinstance(data, str):
                    continue
                try:
                    msg = ForwardMsg.FromString(data)
                except DecodeError:
                    self._event(f"undecodable message of {len(data)} bytes")
                    continue
                self._handle(msg, len(data))
            code = self._ws.close_code
            self.closed = f"closed by the server (code {code})"
        except ConnectionClosed as err:
            self.closed = f"connection lost: {err}"
        except Exception as err:  # a bug in this client must not look like a hang
            self.closed = f"client error: {err!r}"
        finally:
            if self.closed is None:
                self.closed = "closed"
            if self._run is not None and self._run.finished is None:
                self._run.status = "disconnected"
            self._done.set()

    # -- requests -----------------------------------------------------------------------------------

    async def start(self) -> Run:
        """The first run, as the browser asks for it when the page loads."""
        if self._ws is None:
            await self.open()
        return await self._rerun({})

    async def rerun(self) -> Run:
        """Rerun with the widget states as they are (the R key)."""
        return await self._rerun({})

    async def set_text(self, key: str, text: str) -> Run:
        """Type into the text_input or text_area with this key, and press Enter (or Ctrl+Enter)."""
        widget = self.widget(key)
        if widget.type not in ("text_input", "text_area"):
            raise TypeError(f"widget {key!r} is a {widget.type}, not a text_input or text_area")
        return await self._rerun({widget.id: text})

    async def set_number(self, key: str, value: float) -> Run:
        """Enter a number into the number_input with this key."""
        widget = self.widget(key)
        if widget.type != "number_input":
            raise TypeError(f"widget {key!r} is a {widget.type}, not a number_input")
        return await self._rerun(
            {widget.id: int(value) if widget.proto.data_type == widget.proto.INT else float(value)}
        )

    async def select(self, key: str, index: int) -> Run:
        """Choose option ``index`` of the selectbox with this key (it is sent as the option's text)."""
        widget = self.widget(key)
        if widget.type != "selectbox":
            raise TypeError(f"widget {key!r} is a {widget.type}, not a selectbox")
        return await self._rerun({widget.id: widget.options[index]})

    async def set_options(self, key: str, options: list[str]) -> Run:
        """Choose these option texts in the segmented_control or pills with this key."""
        widget = self.widget(key)
        if widget.type != "button_group":
            raise TypeError(f"widget {key!r} is a {widget.type}, not a button_group")
        return await self._rerun({widget.id: list(options)})

    async def toggle(self, key: str, value: bool) -> Run:
        """Set the checkbox or toggle with this key."""
        widget = self.widget(key)
        if widget.type != "checkbox":
            raise TypeError(f"widget {key!r} is a {widget.type}, not a checkbox")
        return await self._rerun({widget.id: bool(value)})

    async def click(self, key: str) -> Run:
        """Click the button with this key: its trigger is true for this one rerun."""
        widget = self.widget(key)
        if widget.type not in ("button", "download_button"):
            raise TypeError(f"widget {key!r} is a {widget.type}, not a button")
        return await self._rerun({widget.id: True})

    def widget(self, key: str) -> Widget:
        """The widget with this user key in the last finished run (KeyError when there is none)."""
        for widget in self.widgets.values():
            if widget.key == key:
                return widget
        raise KeyError(f"no widget with key {key!r}; keys: {sorted(w.key for w in self.widgets.values() if w.key)}")

    def has_widget(self, key: str) -> bool:
        return any(w.key == key for w in self.widgets.values())

    @property
    def last(self) -> Run | None:
        return self.runs[-1] if self.runs else None

    async def _rerun(self, changes: dict[str, Any]) -> Run:
        """Send a rerun with the held widget states plus ``changes`` (by id); wait for its run to finish."""
        if self._ws is None or self.closed:
            raise DisconnectedError(self.closed or "not connected")
        triggers = []
        for widget_id, value in changes.items():
            widget = self.widgets.get(widget_id)
            field_name = WIDGETS.get(widget.type, "") if widget else ""
            if field_name == "trigger_value":
                triggers.append(widget_state(widget_id, "trigger_value", True))
                continue
            if widget is not None and widget.type == "number_input" and isinstance(value, int):
                field_name = "int_value"
            self.states[widget_id] = widget_state(widget_id, field_name, value)
            if widget is not None:
                widget.value = value
                if widget.query_param:
                    self._bind_to_url(widget, value)

        msg = BackMsg()
        client_state = msg.rerun_script
        client_state.query_string = self.query
        client_state.page_script_hash = self.page_script_hash
        client_state.widget_states.CopyFrom(WidgetStates(widgets=[*self.states.values(), *triggers]))
        client_state.cached_message_hashes.extend(self._cache)
        info = client_state.context_info
        info.timezone = self.context["timezone"]
        info.timezone_offset = self.context["timezone_offset"]
        info.locale = self.context["locale"]
        info.url = self.page_url
        info.is_embedded = False
        info.color_scheme = self.context["color_scheme"]

        run = Run(sent=time.monotonic())
        self.runs.append(run)
        self._run = run
        self._done.clear()
        try:
            await self._ws.send(msg.SerializeToString())
        except ConnectionClosed as err:
            run.status = "disconnected"
            raise DisconnectedError(str(err)) from err
        try:
            await asyncio.wait_for(self._done.wait(), self.timeout)
        except TimeoutError:
            run.status = "timeout"
            raise RunTimeoutError(f"no finished run {self.timeout:.0f} s after the request") from None
        if run.status == "disconnected":
            raise DisconnectedError(self.closed or "disconnected")
        return run

    def _bind_to_url(self, widget: Widget, value: Any) -> None:
        """Write a bound widget's value into the query string, as the frontend does (default: removed)."""
        params = urllib.parse.parse_qsl(self.query, keep_blank_values=True)
        params = [(k, v) for k, v in params if k != widget.query_param]
        default = widget_value(widget.type, defaults_only(widget.proto))
        if value != default:
            encoded = url_value(value)
            params += [(widget.query_param, v) for v in (encoded if isinstance(encoded, list) else [encoded])]
        self.query = urllib.parse.urlencode(params)

    # -- the message stream -------------------------------------------------------------------------

    def _event(self, text: str) -> None:
        if self._run is not None:
            self._run.events.append(text)

    def _handle(self, msg: ForwardMsg, size: int) -> None:
        run = self._run
        if run is not None and run.finished is None:
            run.messages += 1
            run.bytes += size
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                self.unknown_refs += 1
                self._event(f"ref_hash {msg.ref_hash} not in the client's cache")
                return
            if run is not None:
                run.refs += 1
            full = ForwardMsg()
            full.CopyFrom(cached[0])
            full.metadata.CopyFrom(msg.metadata)  # the reference carries this use's delta_path
            self._cache[msg.ref_hash] = (cached[0], self._finished_count)
            msg, kind = full, full.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = (msg, self._finished_count)

        if kind == "new_session":
            self._new_session(msg)
        elif kind == "delta":
            self._delta(msg)
        elif kind == "script_finished":
            self._finished(msg)
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "session_event":
            event = msg.session_event
            which = event.WhichOneof("type")
            if which == "script_compilation_exception" and run is not None:  # a modal; sent after script_finished
                exc = event.script_compilation_exception
                run.elements.append(Element((), "exception", "exception", text_of("exception", exc), exc))
            self._event(f"session_event {which}")
        elif kind in ("page_not_found", "auth_redirect"):
            self._event(kind)
        # session_status_changed, page_config_changed, navigation, logo, git_info_changed, page_profile,
        # parent_message, auto_rerun, heartbeat_ack, backend_operation_response: nothing to do here

    def _new_session(self, msg: ForwardMsg) -> None:
        new = msg.new_session
        if new.HasField("initialize") and new.initialize.session_id:
            self.session_id = new.initialize.session_id
        if new.HasField("config"):
            self.max_cache_age = new.config.max_cached_message_age or self.max_cache_age
        self.page_script_hash = new.page_script_hash
        self._tree = Node()
        if self._run is not None and self._run.finished is None:
            self._run.restarts += 1
            self._run.run_id = msg.metadata.run.script_run_id
            self._run.graph = None  # a drawing counts only from the run that answers the request

    def _delta(self, msg: ForwardMsg) -> None:
        path = tuple(msg.metadata.delta_path)
        if not path:
            return
        delta = msg.delta
        which = delta.WhichOneof("type")
        if which == "new_transient":  # spinners and the like, shown while the run lasts
            return
        node = self._tree
        for index in path[:-1]:
            node = node.children.setdefault(index, Node())
        if which == "add_block":
            node.children[path[-1]] = Node("block", delta.add_block)
        elif which == "new_element":
            element = delta.new_element
            kind = element.WhichOneof("type") or "empty"
            node.children[path[-1]] = Node(kind, getattr(element, kind))
            run = self._run
            if run is not None and run.finished is None and run.graph is None and draws(kind, element):
                run.graph = time.monotonic()

    def _finished(self, msg: ForwardMsg) -> None:
        status = FINAL.get(msg.script_finished)
        if status is None:  # FINISHED_EARLY_FOR_RERUN: the next run follows
            return
        self._finished_count += 1
        # the frontend's ForwardMsgCache: a message unused for max_cache_age finished runs is forgotten
        self._cache = {h: v for h, v in self._cache.items() if self._finished_count - v[1] <= self.max_cache_age}
        run = self._run
        if run is None or run.finished is not None or run.restarts == 0:
            return  # a run nobody asked for (e.g. the source changed on disk)
        elements, widgets = [], {}
        for path, node in self._tree.walk():
            if node.kind == "block":
                continue
            proto = node.element
            kind = {"alert": ALERTS.get(getattr(proto, "format", 0), "alert"), "imgs": "image"}.get(
                node.kind, node.kind
            )
            elements.append(Element(path, node.kind, kind, text_of(node.kind, proto), proto))
            if node.kind in WIDGETS and getattr(proto, "id", ""):
                widgets[proto.id] = self._widget(node.kind, proto)
        self.widgets = widgets
        # the frontend drops the state of widgets that are gone
        self.states = {i: s for i, s in self.states.items() if i in widgets}
        run.elements = elements
        run.status = status
        run.finished = time.monotonic()
        self._done.set()

    def _widget(self, kind: str, proto: Any) -> Widget:
        """The widget as shown, and the value held for it: the server's when it sets one, else the held one."""
        field_name = WIDGETS[kind]
        if kind == "number_input" and proto.data_type == proto.INT:
            field_name = "int_value"
        held = self.states.get(proto.id)
        if field_name != "trigger_value" and (held is None or getattr(proto, "set_value", False)):
            value = widget_value(kind, proto)
            if value is not None:
                self.states[proto.id] = widget_state(proto.id, field_name, value)
                held = self.states[proto.id]
        value = state_value(held) if held is not None else None
        if kind == "selectbox":
            options = list(proto.options)
        elif kind == "button_group":
            options = [o.content for o in proto.options]
        else:
            options = []
        query_param = (
            proto.query_param_key
            if "query_param_key" in fields_of(proto) and proto.HasField("query_param_key")
            else None
        )
        return Widget(
            proto.id, widget_key(proto.id), kind, getattr(proto, "label", ""), options, value, query_param, proto
        )
