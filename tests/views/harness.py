"""In-process harness for view tests: a real flet ``Session`` on a fake ``Connection``.

No browser, no Flutter, no network. :class:`AppHarness` plays the Flet client (the
Dart side) closely enough for screens, routing and handlers to run as they do behind
``flet_web``:

* every message the session sends is packed with flet's own msgpack encoder, exactly
  as ``flet_web``'s ``FletApp`` does. The encoder is what records the ``__prev_*``
  snapshots the next diff starts from: without it, an in-place change such as
  ``column.controls.append(...)`` produces no patch at all. The bytes are then decoded
  as the client would into :attr:`AppHarness.messages`, and applied to
  :attr:`AppHarness.client`, a copy of the page rebuilt from the messages alone (the
  Dart ``Control.applyPatch`` rules);
* the client registers first (``REGISTER_CLIENT`` with its page properties) and gets
  the response carrying ``session.get_page_patch()``; only then does ``main`` run;
* client -> server traffic is msgpack-encoded too and goes in the way ``FletApp``
  feeds it: ``UPDATE_CONTROL_PROPS`` through ``Session.apply_patch``, ``CONTROL_EVENT``
  through ``Session.dispatch_event``, ``INVOKE_METHOD`` answers through
  ``Session.handle_invoke_method_results``;
* the client's side of method calls is faked: ``page.push_route`` (the client changes
  its URL and sends the route back as a property update plus ``route_change``),
  ``page.get_device_info``, ``ft.SharedPreferences``, ``ft.SemanticsService``;
  :meth:`AppHarness.fake_method` adds more. Dialogs closed by the app are reported
  back with ``open=False`` + ``dismiss``, as the 1.0.5 client does.

Usage (pytest with anyio's plugin: ``pytestmark = pytest.mark.anyio``)::

    async with run_app(main, route="/", locale="jv-ID") as app:
        await app.fill(label="Nama", value="Siti")
        await app.click(text="Pesan")
        await app.navigate("/detail/7")          # a route change from the client
        await app.back()                         # AppBar back arrow / system back
        assert app.find(text="Detail 7")

Queries (:meth:`~AppHarness.find`, :meth:`~AppHarness.find_all`,
:meth:`~AppHarness.exists`, :meth:`~AppHarness.texts`) walk the live control tree,
looking through components, so controls rendered by ``@ft.component`` and
``ft.Router`` are found. They search what the user sees: the top view, the overlay
and open dialogs; ``root=app.page`` searches everything, ``include_hidden=True``
includes ``visible=False`` subtrees.

Every action waits for its handler, then :meth:`AppHarness.settle` runs the loop until
nothing is runnable (timers excepted; :meth:`AppHarness.wait_for` waits for those),
then raises :class:`FletAppError` for any error of the app (``SESSION_CRASHED`` from
``main``, a handler or a sync effect; an unretrieved exception in one of its tasks,
e.g. an async effect, which flet itself never reports), and fails if the client's
copy of the page differs from the live tree (a change that was never sent).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import dataclasses
import inspect
import json
import logging
import secrets
import sys
import threading
import traceback
import weakref
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import flet as ft
import msgpack
from flet.components.component import Component
from flet.controls.base_control import BaseControl
from flet.controls.context import _context_page, context
from flet.messaging.connection import Connection
from flet.messaging.protocol import (
    ControlEventBody,
    InvokeMethodResponseBody,
    Message,
    MessageAction,
    RegisterClientRequestBody,
    RegisterClientResponseBody,
    UpdateControlPropsBody,
    configure_encode_object_for_msgpack,
    decode_ext_from_msgpack,
)
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

from session.patient_book import ENTRY as PATIENTS
from session.patient_book import PURPOSE
from session.seal import unseal
from session.seal_keys import BROWSER_KEY

__all__ = [
    "AppHarness",
    "FakeConnection",
    "FletAppError",
    "WireMessage",
    "iter_controls",
    "run_app",
]

logger = logging.getLogger(__name__)

AppMain = Callable[[ft.Page], Any]
MethodHandler = Callable[[BaseControl, dict[str, Any]], Any]

_encode_object = configure_encode_object_for_msgpack(BaseControl)
_MISSING = object()

# Seconds a handler, a settle or a `wait_for` may take before the test fails. Only a
# failing test ever waits this long; it is generous because the suite shares two cores
# with a browser, PostgreSQL and other work, where a 5-s bound failed on plain slowness,
# and a clean-clone CI run beside other work once took 15.4 s to reload the kiosk's
# start screen (a hang still fails, with `_where_it_waits`).
PATIENCE = 30.0

# Attributes read when matching ``text=``: whatever string a control shows or is
# named by (Text.value, Button content, TextField label/value, tooltips, ...).
_TEXT_ATTRS = (
    "value",
    "text",
    "label",
    "content",
    "title",
    "subtitle",
    "hint_text",
    "helper_text",
    "error_text",
    "prefix_text",
    "suffix_text",
    "tooltip",
    "semantics_label",
)


_SYNC_ATTRS = (*_TEXT_ATTRS, "visible", "disabled", "route", "can_pop", "identifier")


class FletAppError(AssertionError):
    """The app reported an error to its client (``SESSION_CRASHED``)."""


@dataclasses.dataclass
class WireMessage:
    """One message as the client received it (decoded from the msgpack bytes)."""

    action: MessageAction
    body: Any
    size: int


# Every task an app creates (its handlers, effects, page.navigate, ...) runs in a
# context that names its harness, so stop() can cancel exactly that app's tasks,
# also when a test runs several apps at once.
_OWNER: contextvars.ContextVar[AppHarness | None] = contextvars.ContextVar("flet_harness_owner", default=None)
_TASK_OWNERS: weakref.WeakKeyDictionary[asyncio.Task, AppHarness] = weakref.WeakKeyDictionary()


def _track_tasks(loop: asyncio.AbstractEventLoop) -> None:
    previous = loop.get_task_factory()
    if getattr(previous, "_flet_harness", False):
        return

    def factory(loop, coro, **kwargs):
        if previous is not None:
            task = previous(loop, coro, **kwargs)
        else:
            task = asyncio.Task(coro, loop=loop, **kwargs)
        ctx = kwargs.get("context")
        owner = ctx.get(_OWNER) if ctx is not None else _OWNER.get()
        if owner is not None:
            _TASK_OWNERS[task] = owner
        return task

    factory._flet_harness = True  # type: ignore[attr-defined]
    loop.set_task_factory(factory)


def _pack(action: MessageAction, body: Any) -> bytes:
    return msgpack.packb([action, body], default=_encode_object)


def _unpack(raw: bytes) -> Any:
    # Patch path tables use integer map keys, so strict_map_key must be off.
    return msgpack.unpackb(raw, ext_hook=decode_ext_from_msgpack, strict_map_key=False)


# ---------------------------------------------------------------------------
# Control tree helpers
# ---------------------------------------------------------------------------


def iter_controls(
    root: Any, *, include_hidden: bool = False, include_components: bool = False
) -> Iterator[BaseControl]:
    """Depth-first, document-order walk of the live control tree under ``root``.

    Looks through ``Component`` wrappers into what they rendered (``_b``), and into
    every serialised field, list and dict, the same way ``Session`` walks the tree
    to resolve an event target.
    """
    visited: set[int] = set()

    def walk(value: Any) -> Iterator[BaseControl]:
        if value is None or isinstance(value, (str, bytes, int, float, bool)):
            return
        if id(value) in visited:
            return
        if isinstance(value, BaseControl):
            visited.add(id(value))
            if not include_hidden and getattr(value, "visible", True) is False:
                return
            if include_components or not isinstance(value, Component):
                yield value
            for f in dataclasses.fields(value):
                if f.metadata.get("skip", False) or f.name == "_parent":
                    continue
                yield from walk(getattr(value, f.name, None))
        elif isinstance(value, (list, tuple)):
            visited.add(id(value))
            for item in value:
                yield from walk(item)
        elif isinstance(value, dict):
            visited.add(id(value))
            for item in value.values():
                yield from walk(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            visited.add(id(value))
            for f in dataclasses.fields(value):
                if f.metadata.get("skip", False):
                    continue
                yield from walk(getattr(value, f.name, None))

    yield from walk(root)


def _flatten_views(value: Any) -> list[ft.View]:
    """``page.views`` with components looked through: the view stack, bottom first."""
    out: list[ft.View] = []
    if isinstance(value, Component):
        out.extend(_flatten_views(value._b))
    elif isinstance(value, (list, tuple)):
        for item in value:
            out.extend(_flatten_views(item))
    elif isinstance(value, ft.View):
        out.append(value)
    return out


def control_texts(control: BaseControl) -> list[str]:
    """The strings a control shows or is named by (used by ``text=`` queries)."""
    texts = []
    for attr in _TEXT_ATTRS:
        v = getattr(control, attr, None)
        if isinstance(v, str) and v:
            texts.append(v)
    return texts


def _key_matches(control: BaseControl, key: Any) -> bool:
    k = getattr(control, "key", None)
    return k == key or (k is not None and getattr(k, "value", None) == key)


def _describe(control: BaseControl) -> str:
    texts = control_texts(control)
    ident = getattr(control, "identifier", None)
    parts = [type(control).__name__]
    if texts:
        parts.append(repr(texts[0]))
    if ident:
        parts.append(f"identifier={ident!r}")
    return " ".join(parts)


def _parent(control: BaseControl) -> BaseControl | None:
    try:
        return control.parent
    except Exception:  # a detached control has no parent weakref
        return None


# ---------------------------------------------------------------------------
# The client's copy of the page
# ---------------------------------------------------------------------------


class ClientControl:
    """A control as the client holds it: id, type and decoded properties."""

    __slots__ = ("id", "type", "props", "parent", "__weakref__")

    def __init__(self, id: int, type: str, parent: ClientControl | None):
        self.id = id
        self.type = type
        self.props: dict[Any, Any] = {}
        self.parent = parent

    def __repr__(self) -> str:
        return f"ClientControl({self.type}, {self.id})"


class ClientMirror:
    """The page as the client sees it, rebuilt from the decoded messages only.

    Applies ``REGISTER_CLIENT`` page patches and ``PATCH_CONTROL`` operations the way
    the Dart client does (``Control.fromMap`` / ``Control.applyPatch`` in
    ``packages/flet/lib/src/models/control.dart``), so a test can check what reached
    the client rather than what Python holds.
    """

    def __init__(self) -> None:
        self.index: dict[int, ClientControl] = {}
        self.page: ClientControl | None = None

    def _transform(self, value: Any, parent: ClientControl | None) -> Any:
        if isinstance(value, dict):
            if "_c" in value:
                c = ClientControl(value["_i"], value["_c"], parent)
                self.index[c.id] = c
                for k, v in value.items():
                    if k not in ("_i", "_c"):
                        c.props[k] = self._transform(v, c)
                return c
            return {k: self._transform(v, parent) for k, v in value.items()}
        if isinstance(value, list):
            return [self._transform(v, parent) for v in value]
        return value

    def load_page(self, page_patch: dict[str, Any]) -> None:
        self.index.clear()
        self.page = self._transform(page_patch, None)

    def update_props(self, control_id: int, props: dict[str, Any]) -> None:
        """The client changing its own copy (typing, route) before telling Python."""
        c = self.index.get(control_id)
        if c is not None:
            for k, v in props.items():
                c.props[k] = self._transform(v, c)

    def apply_patch(self, control_id: int, patch: list[Any]) -> None:
        root = self.index.get(control_id)
        if root is None:
            return
        paths: dict[int, list[Any]] = {}

        def build(node: list[Any], path: list[Any]) -> None:
            paths[node[0]] = path
            if len(node) > 1 and isinstance(node[1], dict):
                for key, child in node[1].items():
                    build(child, [*path, key])

        build(patch[0], [])

        def target(i: int) -> tuple[Any, ClientControl]:
            obj: Any = root
            control = root
            for p in paths[i]:
                if isinstance(obj, ClientControl):
                    obj = obj.props.get(p)
                elif isinstance(obj, dict):
                    obj = obj.get(p)
                else:
                    obj = obj[p]
                if isinstance(obj, ClientControl):
                    control = obj
            return (obj.props if isinstance(obj, ClientControl) else obj), control

        for op in patch[1:]:
            kind = op[0]
            if kind == 0:  # replace
                obj, control = target(op[1])
                obj[op[2]] = self._transform(op[3], control)
            elif kind == 1:  # add
                obj, control = target(op[1])
                if isinstance(obj, list):
                    obj.insert(op[2], self._transform(op[3], control))
                else:
                    obj[op[2]] = self._transform(op[3], control)
            elif kind == 2:  # remove
                obj, _ = target(op[1])
                if isinstance(obj, list):
                    del obj[op[2]]
                else:
                    obj.pop(op[2], None)
            elif kind == 3:  # move
                src, _ = target(op[1])
                dst, _ = target(op[3])
                if isinstance(src, list):
                    dst.insert(op[4], src.pop(op[2]))
                else:
                    dst[op[4]] = src.pop(op[2])
            else:
                raise AssertionError(f"unknown patch operation {op!r}")

    def controls(self) -> dict[int, ClientControl]:
        """Every control reachable from the client's page, by id."""
        out: dict[int, ClientControl] = {}

        def walk(value: Any) -> None:
            if isinstance(value, ClientControl):
                if value.id in out:
                    return
                out[value.id] = value
                for v in value.props.values():
                    walk(v)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(self.page)
        return out


# ---------------------------------------------------------------------------
# Transport
# ---------------------------------------------------------------------------


class FakeConnection(Connection):
    """The server side of the transport: hands every message to the fake client.

    ``send_message`` packs the message exactly like ``flet_web``'s ``FletApp`` does
    (``msgpack.packb([action, body], default=configure_encode_object_for_msgpack(
    BaseControl))``): that call is what snapshots the state the next diff starts from.
    """

    def __init__(
        self,
        client: AppHarness,
        loop: asyncio.AbstractEventLoop,
        executor: ThreadPoolExecutor,
        page_url: str,
    ):
        super().__init__()
        self.loop = loop
        self.executor = executor
        self.pubsubhub = PubSubHub(loop=loop, executor=executor)
        self.page_url = page_url
        self.page_name = ""
        #: The fake client (the :class:`AppHarness`) that receives every message.
        self.client = client

    def send_message(self, message: Message) -> None:
        self.client._receive(_pack(message.action, message.body))

    def get_upload_url(self, file_name: str, expires: int) -> str:
        return f"/upload/{file_name}?expires={expires}"

    def oauth_authorize(self, attrs: dict[str, Any]) -> None:
        self.client.oauth_requests.append(attrs)


# ---------------------------------------------------------------------------
# The harness (the fake client + the server-side message handling of FletApp)
# ---------------------------------------------------------------------------


def _locale_map(tag: str) -> dict[str, str | None]:
    parts = tag.replace("_", "-").split("-")
    lang = parts[0]
    script = next((p for p in parts[1:] if len(p) == 4), None)
    country = next((p for p in parts[1:] if len(p) in (2, 3)), None)
    return {"language_code": lang, "country_code": country, "script_code": script}


class AppHarness:
    """A running app plus the fake client it talks to. Create with :func:`run_app`."""

    def __init__(
        self,
        main: AppMain,
        *,
        route: str = "/",
        locale: str | Sequence[str] = "id-ID",
        web: bool = True,
        platform: str = "linux",
        width: float = 1280,
        height: float = 800,
        brightness: str = "light",
        device_info: dict[str, Any] | None = None,
        shared_preferences: dict[str, Any] | None = None,
        accessibility_features: dict[str, bool] | None = None,
        before_main: AppMain | None = None,
        method_handlers: dict[tuple[str, str], MethodHandler] | None = None,
        raise_errors: bool = True,
        check_client: bool = True,
        wait_main: bool = True,
        timeout: float = PATIENCE,
        page_url: str = "http://127.0.0.1:8000",
        browser_key: bytes | None = None,
        secure_storage: dict[str, str] | None = None,
    ):
        self._main = main
        self._before_main = before_main
        self._timeout = timeout
        self._raise_errors = raise_errors
        self._check_client = check_client
        self._wait_main = wait_main
        self._page_url = page_url
        self._initial_page = {
            "route": route,
            "pwa": False,
            "web": web,
            "debug": False,
            "wasm": False,
            "multi_view": False,
            "platform_brightness": brightness,
            "width": width,
            "height": height,
            "platform": platform,
            "window": {"_c": "Window", "_i": 2},
            "media": {
                "padding": {"left": 0, "top": 0, "right": 0, "bottom": 0},
                "view_padding": {"left": 0, "top": 0, "right": 0, "bottom": 0},
                "view_insets": {"left": 0, "top": 0, "right": 0, "bottom": 0},
                "device_pixel_ratio": 1.0,
                "orientation": "landscape" if width >= height else "portrait",
                "always_use_24_hour_format": True,
            },
        }
        self.locales: list[str] = [locale] if isinstance(locale, str) else list(locale)
        self._device_info = device_info
        #: The client's storage behind ``ft.SharedPreferences`` (browser localStorage).
        self.shared_preferences: dict[str, Any] = dict(shared_preferences or {})
        #: The phone's secure storage behind flet-secure-storage (the Android Keystore).
        self.secure_storage: dict[str, str] = dict(secure_storage or {})
        #: What ``ft.SemanticsService().get_accessibility_features()`` reports.
        self.accessibility_features: dict[str, bool] = {
            "accessible_navigation": False,
            "bold_text": False,
            "disable_animations": False,
            "high_contrast": False,
            "invert_colors": False,
            "reduce_motion": False,
            "on_off_switch_labels": False,
            "supports_announcements": True,
            **(accessibility_features or {}),
        }
        #: Messages announced through ``ft.SemanticsService().announce_message``.
        self.announcements: list[str] = []
        self._method_handlers: dict[tuple[str, str], MethodHandler] = {
            ("Page", "push_route"): self._client_push_route,
            ("Page", "get_device_info"): self._client_device_info,
            ("SharedPreferences", "set"): self._prefs_set,
            ("SharedPreferences", "get"): self._prefs_get,
            ("SharedPreferences", "contains_key"): self._prefs_contains_key,
            ("SharedPreferences", "remove"): self._prefs_remove,
            ("SharedPreferences", "get_keys"): self._prefs_get_keys,
            ("SharedPreferences", "clear"): self._prefs_clear,
            ("SecureStorage", "set"): lambda control, args: self.secure_storage.update(
                {args["key"]: args["value"]}),
            ("SecureStorage", "get"): lambda control, args: self.secure_storage.get(args["key"]),
            ("SecureStorage", "remove"): lambda control, args: self.secure_storage.pop(args["key"], None),
            ("TextField", "focus"): lambda control, args: None,  # see `invocations`
            ("SemanticsService", "get_accessibility_features"): (
                lambda control, args: dict(self.accessibility_features)
            ),
            ("SemanticsService", "announce_message"): (
                lambda control, args: self.announcements.append(args["message"])
            ),
        }
        self._method_handlers.update(method_handlers or {})

        #: Every message the client received, decoded, in order.
        self.messages: list[WireMessage] = []
        #: The page as the client has it, rebuilt from those messages alone.
        self.client = ClientMirror()
        #: Every method call the app made on the client: (control type, name, args).
        self.invocations: list[tuple[str, str, Any]] = []
        #: Errors the app reported (``SESSION_CRASHED`` bodies), in order.
        self.errors: list[str] = []
        self._errors_seen = 0
        #: Routes the client has been at, oldest first (like the browser history).
        self.history: list[str] = [route]
        self.oauth_requests: list[dict[str, Any]] = []
        self.session_id: str | None = None
        self.initial_page_patch: Any = None

        self._session: Session | None = None
        self._conn: FakeConnection | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._context = contextvars.copy_context()
        self._context.run(_OWNER.set, self)
        #: The key the service hands this browser in its cookie (server/browser_key_cookie.py):
        #: a new browser's unless given (the same one again: the same browser returning).
        self.browser_key: bytes = browser_key or secrets.token_bytes(32)
        self._context.run(BROWSER_KEY.set, self.browser_key)
        self._main_task: asyncio.Task | None = None
        self._open_dialogs: set[int] = set()
        self._background: set[asyncio.Task] = set()
        self._settling: set[asyncio.Task | None] = set()  # tasks inside settle() (see _busy)

    # -- properties ---------------------------------------------------------

    @property
    def session(self) -> Session:
        assert self._session is not None, "app is not running"
        return self._session

    @property
    def page(self) -> ft.Page:
        return self.session.page

    @property
    def route(self) -> str:
        """The client's current route (the browser URL path)."""
        return self.history[-1]

    @property
    def views(self) -> list[ft.View]:
        """The view stack, bottom first, components looked through."""
        return _flatten_views(self.page.views)

    @property
    def top_view(self) -> ft.View:
        views = self.views
        if not views:
            raise LookupError("the page has no views")
        return views[-1]

    def kept_patients(self) -> list[dict[str, Any]]:
        """The patients this browser keeps: its localStorage holds them sealed
        (session/patient_book.py), opened here with the browser's key."""
        raw = self.shared_preferences.get("lsr." + PATIENTS)
        return [] if raw is None else unseal(self.browser_key, json.loads(raw)["box"], purpose=PURPOSE)

    # -- lifecycle ------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        _track_tasks(self._loop)
        self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="flet-harness")
        self._conn = FakeConnection(self, self._loop, self._executor, self._page_url)
        # The client connects and registers with its page properties; the
        # registration is handled in a task, as the websocket receive loop would.
        await self._client_send(
            MessageAction.REGISTER_CLIENT,
            {"session_id": None, "page_name": "", "page": self._initial_page},
        )
        if self._main_task is not None and self._wait_main:
            try:
                await asyncio.wait_for(asyncio.shield(self._main_task), self._timeout)
            except TimeoutError:
                raise TimeoutError(f"main() did not return within {self._timeout} s") from None
        await self.settle()

    async def stop(self) -> None:
        if self._session is not None:
            await self._spawn(self._close_session(self._session))
            for _ in range(5):
                await asyncio.sleep(0)
        current = asyncio.current_task()
        leftovers = [
            t
            for t in asyncio.all_tasks()
            if t is not current and _TASK_OWNERS.get(t) is self and not t.done()
        ]
        for t in leftovers:
            t.cancel()
        if leftovers:
            await asyncio.gather(*leftovers, return_exceptions=True)
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)

    async def _close_session(self, session: Session) -> None:
        """The tab closes: the session is disconnected (``on_disconnect``), then
        expires and is closed (``on_close``), as ``flet_web``'s app manager does."""
        with contextlib.suppress(Exception):
            await session.disconnect(0)
        with contextlib.suppress(Exception):
            session.close()

    # -- server side: what flet_web's FletApp does with client messages -------

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task:
        """Start server-side work in a task of this app (a copy of its context)."""
        assert self._loop is not None
        task = self._loop.create_task(coro, context=self._context.copy())
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def _client_send(self, action: MessageAction, body: dict[str, Any]) -> asyncio.Task | None:
        """Send one client -> server message through msgpack, as the socket would."""
        if action == MessageAction.UPDATE_CONTROL_PROPS:
            self.client.update_props(body["id"], body["props"])
        raw = _pack(action, body)
        data = _unpack(raw)
        return await self._server_on_message(data)

    async def _server_on_message(self, data: Any) -> asyncio.Task | None:
        action = MessageAction(data[0])
        body = data[1]
        if action == MessageAction.REGISTER_CLIENT:
            req = RegisterClientRequestBody(**body)
            task = self._spawn(self._register(req))
            await task
            return None
        if action == MessageAction.CONTROL_EVENT:
            req = ControlEventBody(**body)
            return self._spawn(self.session.dispatch_event(req.target, req.name, req.data))
        if action == MessageAction.UPDATE_CONTROL_PROPS:
            req = UpdateControlPropsBody(**body)
            self.session.apply_patch(req.id, req.props)
            return None
        if action == MessageAction.INVOKE_METHOD:
            req = InvokeMethodResponseBody(**body)
            self.session.handle_invoke_method_results(req.control_id, req.call_id, req.result, req.error)
            return None
        raise RuntimeError(f"unknown client message {action}: {body}")

    async def _register(self, req: RegisterClientRequestBody) -> None:
        assert self._conn is not None
        session = Session(self._conn)
        self._session = session
        _context_page.set(session.page)
        session.apply_page_patch(req.page)
        session.page.client_ip = "127.0.0.1"
        session.page.client_user_agent = "flet-view-test-harness"
        register_error = ""
        try:
            if inspect.iscoroutinefunction(self._before_main):
                await self._before_main(session.page)
            elif callable(self._before_main):
                self._before_main(session.page)
        except Exception as e:
            register_error = f"{e}\n{traceback.format_exc()}"
        self._conn.send_message(
            Message(
                MessageAction.REGISTER_CLIENT,
                RegisterClientResponseBody(
                    session_id=session.id,
                    page_patch=session.get_page_patch(),
                    error=register_error,
                ),
            )
        )
        if register_error:
            session.error(register_error)
            return
        self._main_task = self._spawn(self._run_main(session))

    async def _run_main(self, session: Session) -> None:
        """``FletApp.__on_session_created``: run main, then the post-event update."""
        try:
            _context_page.set(session.page)
            context.reset_auto_update()
            main = self._main
            if inspect.iscoroutinefunction(main):
                await main(session.page)
            elif inspect.isasyncgenfunction(main):
                async for _ in main(session.page):
                    await session.after_event(session.page)
            elif inspect.isgeneratorfunction(main):
                for _ in main(session.page):
                    await session.after_event(session.page)
            else:
                main(session.page)
            await session.after_event(session.page)
        except Exception as e:
            logger.error("Unhandled error in main()", exc_info=True)
            session.error(f"{e}\n{traceback.format_exc()}")

    # -- client side: what the Flutter client does with server messages -------

    def _receive(self, raw: bytes) -> None:
        code, body = _unpack(raw)
        action = MessageAction(code)
        self.messages.append(WireMessage(action, body, len(raw)))
        if action == MessageAction.REGISTER_CLIENT:
            self.session_id = body["session_id"]
            self.initial_page_patch = body["page_patch"]
            self.client.load_page(body["page_patch"])
            if body.get("error"):
                self.errors.append(body["error"])
        elif action == MessageAction.PATCH_CONTROL:
            self.client.apply_patch(body["id"], body["patch"])
            self._watch_dialogs()
        elif action == MessageAction.SESSION_CRASHED:
            self.errors.append(body["message"])
        elif action == MessageAction.INVOKE_METHOD:
            # The client answers asynchronously, like FletBackend._onInvokeMethod.
            self._spawn(self._answer_invoke(body))

    async def _answer_invoke(self, body: dict[str, Any]) -> None:
        control_id, call_id = body["control_id"], body["call_id"]
        name, args = body["name"], body.get("args") or {}
        control = self.session.index.get(control_id)
        result, error = None, None
        if control is None:
            error = f"Calling {name} method of inexistent control: {control_id}"
        else:
            ctype = control._c
            self.invocations.append((ctype, name, args))
            handler = self._method_handlers.get((ctype, name))
            if handler is None:
                error = f"Unknown {ctype} method: {name} (no fake in the test harness)"
            else:
                try:
                    result = handler(control, args)
                    if inspect.isawaitable(result):
                        result = await result
                except Exception as e:
                    error = str(e)
        await asyncio.sleep(0)
        await self._client_send(
            MessageAction.INVOKE_METHOD,
            {"control_id": control_id, "call_id": call_id, "result": result, "error": error},
        )

    def _watch_dialogs(self) -> None:
        """A dialog the server closed (``open`` patched to False) is closed on the
        client too, and the flet 1.0.5 client then reports ``open=False`` and
        ``dismiss`` for *every* close, programmatic or not (see main.dart.js:
        "Dismissing AlertDialog")."""
        page = self.client.page
        dialogs = page.props.get("_dialogs") if page is not None else None
        if not isinstance(dialogs, ClientControl):
            return
        open_now = {
            c.id
            for c in dialogs.props.get("controls") or []
            if isinstance(c, ClientControl) and c.props.get("open") is True
        }
        for i in self._open_dialogs - open_now:
            if i in self.client.index:
                self._spawn(self._client_dialog_closed(i))
        self._open_dialogs = open_now

    async def _client_dialog_closed(self, control_id: int) -> asyncio.Task | None:
        self._open_dialogs.discard(control_id)
        await self._client_send(
            MessageAction.UPDATE_CONTROL_PROPS, {"id": control_id, "props": {"open": False}}
        )
        control = self.session.index.get(control_id)
        if control is None or getattr(control, "on_dismiss", None) is None:
            return None
        task = await self._client_send(
            MessageAction.CONTROL_EVENT, {"target": control_id, "name": "dismiss", "data": None}
        )
        if task is not None:
            await task
        return task

    async def _client_route_changed(self, route: str) -> asyncio.Task | None:
        """FletBackend._sendRouteChangeEvent: property update, then route_change."""
        if route == self.route:  # RouteState does not notify an unchanged route
            return None
        self.history.append(route)
        page_id = self.page._i
        await self._client_send(
            MessageAction.UPDATE_CONTROL_PROPS, {"id": page_id, "props": {"route": route}}
        )
        return await self._client_send(
            MessageAction.CONTROL_EVENT,
            {"target": page_id, "name": "route_change", "data": {"route": route}},
        )

    async def _client_push_route(self, control: BaseControl, args: dict[str, Any]) -> None:
        await self._client_route_changed(args["route"])

    def _client_device_info(self, control: BaseControl, args: dict[str, Any]) -> Any:
        if self._device_info is not None:
            return self._device_info
        if not self.page.web:
            raise RuntimeError("no device info faked for a non-web platform: pass device_info= to run_app")
        return {
            "browser_name": "chrome",
            "app_code_name": "Mozilla",
            "app_name": "Netscape",
            "language": self.locales[0] if self.locales else None,
            "languages": list(self.locales),
            "platform": "Linux x86_64",
            "product": "Gecko",
            "user_agent": "flet-view-test-harness",
            "vendor": "Google Inc.",
            "max_touch_points": 0,
            "hardware_concurrency": 4,
            "locales": [_locale_map(t) for t in self.locales],
        }

    def _prefs_set(self, control: BaseControl, args: dict[str, Any]) -> bool:
        self.shared_preferences[args["key"]] = args["value"]
        return True

    def _prefs_get(self, control: BaseControl, args: dict[str, Any]) -> Any:
        return self.shared_preferences.get(args["key"])

    def _prefs_contains_key(self, control: BaseControl, args: dict[str, Any]) -> bool:
        return args["key"] in self.shared_preferences

    def _prefs_remove(self, control: BaseControl, args: dict[str, Any]) -> bool:
        return self.shared_preferences.pop(args["key"], None) is not None

    def _prefs_get_keys(self, control: BaseControl, args: dict[str, Any]) -> list[str]:
        prefix = args.get("key_prefix", "")
        return [k for k in self.shared_preferences if k.startswith(prefix)]

    def _prefs_clear(self, control: BaseControl, args: dict[str, Any]) -> bool:
        self.shared_preferences.clear()
        return True

    def fake_method(self, control_type: str, method: str, handler: MethodHandler) -> None:
        """Answer ``control_type.method`` calls (e.g. ``("Page", "get_device_info")``).

        ``handler(control, args)`` may be sync or async; what it returns is the result,
        what it raises becomes the error the app sees.
        """
        self._method_handlers[(control_type, method)] = handler

    # -- waiting ----------------------------------------------------------------

    def _busy(self) -> bool:
        s = self._session
        if s is not None:
            if s._Session__pending_updates or s._Session__pending_effects:  # type: ignore[attr-defined]
                return True
            if s._Session__updates_ready.is_set():  # type: ignore[attr-defined]
                return True
        ready = getattr(self._loop, "_ready", None) or ()
        # Another task that is itself settling (a test's two taps at once, each waiting
        # for the app to settle) is always ready again after its sleep(0): it is waiting,
        # not the app running. Counting it, neither would ever see the app quiet.
        return any(getattr(getattr(h, "_callback", None), "__self__", None) not in self._settling
                   for h in ready)

    async def settle(self, timeout: float | None = None) -> None:
        """Run the loop until nothing is runnable: updates, effects and every task
        that is not waiting for a timer or I/O. Then raise any reported error."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (timeout or self._timeout)
        quiet = 0
        me = asyncio.current_task()
        self._settling.add(me)
        try:
            while quiet < 3:
                await asyncio.sleep(0)
                quiet = 0 if self._busy() else quiet + 1
                if loop.time() > deadline:
                    raise TimeoutError("the app did not settle (something keeps running)")
        finally:
            self._settling.discard(me)
        self.check_errors()
        if self._check_client:
            self.assert_client_in_sync()

    async def wait_for(
        self, predicate: Callable[[], Any], timeout: float | None = None, interval: float = 0.01
    ) -> Any:
        """Wait (in real time, for timers) until ``predicate()`` is truthy; return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (timeout or self._timeout)
        while True:
            await self.settle()
            with contextlib.suppress(LookupError):
                value = predicate()
                if value:
                    return value
            if loop.time() > deadline:
                raise TimeoutError(f"condition not met within {timeout or self._timeout} s")
            await asyncio.sleep(interval)

    def client_sync_problems(self) -> list[str]:
        """Differences between the live Python tree and the client's copy of it:
        controls missing on either side, another type, or another shown value."""
        py = {c._i: c for c in iter_controls(self.page, include_hidden=True, include_components=True)}
        cl = self.client.controls()
        problems = [
            f"{_describe(py[i])} (id {i}) is in the page but never reached the client"
            for i in sorted(py.keys() - cl.keys())
        ]
        problems += [
            f"the client still has {cl[i].type} (id {i}), gone from the page"
            for i in sorted(cl.keys() - py.keys())
        ]
        for i in sorted(py.keys() & cl.keys()):
            p, c = py[i], cl[i]
            if p._c != c.type:
                problems.append(f"id {i} is {p._c} in the page but {c.type} on the client")
                continue
            for attr in _SYNC_ATTRS:
                pv = getattr(p, attr, _MISSING)
                if pv is _MISSING or not (pv is None or isinstance(pv, (str, bool, int, float))):
                    continue
                cv = c.props.get(attr, _MISSING)
                if cv is _MISSING:
                    f = type(p).__dataclass_fields__.get(attr)
                    default = f.default if f is not None else None
                    if pv in (None, "") or pv == default:
                        continue
                if cv != pv:
                    shown = "nothing" if cv is _MISSING else repr(cv)
                    problems.append(f"{_describe(p)} (id {i}).{attr} is {pv!r} but the client has {shown}")
        return problems

    def assert_client_in_sync(self) -> None:
        """Fail if what reached the client differs from the live tree (a change that
        was never sent, e.g. mutated without an update, or a wrong patch)."""
        problems = self.client_sync_problems()
        if problems:
            raise AssertionError("the client is out of sync:\n" + "\n".join(problems))

    def _collect_task_errors(self) -> None:
        """Exceptions nobody retrieved in this app's tasks: an ``async`` effect that
        raised, a failed ``page.navigate`` or ``page.run_task``. flet 1.0.5 reports
        none of these to the client (asyncio only logs them when the task is
        garbage-collected), so the harness adds them to :attr:`errors`."""
        for task, owner in list(_TASK_OWNERS.items()):
            if owner is not self or not task.done() or task.cancelled():
                continue
            if getattr(task, "_log_traceback", False):
                exc = task.exception()  # marks it retrieved
                tb = "".join(traceback.format_exception(exc))
                self.errors.append(f"Unhandled exception in task {task.get_name()}:\n{tb}")

    def check_errors(self) -> None:
        """Raise :class:`FletAppError` for errors reported since the last check."""
        self._collect_task_errors()
        new = self.errors[self._errors_seen :]
        self._errors_seen = len(self.errors)
        if new and self._raise_errors:
            raise FletAppError("the app reported an error:\n" + "\n---\n".join(new))

    async def _finish(self, task: asyncio.Task | None) -> None:
        if task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(task), self._timeout)
            except TimeoutError:
                raise TimeoutError(
                    f"handler did not finish within {self._timeout} s; where it waits:\n"
                    + _where_it_waits(task)
                ) from None
        await self.settle()

    # -- queries ----------------------------------------------------------------

    def _scope(self, root: Any) -> list[Any]:
        if root is not None:
            return [root]
        page = self.page
        views = self.views
        dialogs = [d for d in page._dialogs.controls if getattr(d, "open", False)]
        return [views[-1] if views else page, page._overlay, *dialogs]

    def controls(self, root: Any = None, *, include_hidden: bool = False) -> list[BaseControl]:
        """All controls in scope (default: top view, overlay, dialogs), in order."""
        out: list[BaseControl] = []
        for r in self._scope(root):
            out.extend(iter_controls(r, include_hidden=include_hidden))
        return out

    def find_all(
        self,
        type: type | tuple[type, ...] | None = None,
        *,
        text: str | None = None,
        text_contains: str | None = None,
        key: Any = None,
        identifier: str | None = None,
        where: Callable[[BaseControl], bool] | None = None,
        root: Any = None,
        include_hidden: bool = False,
        **props: Any,
    ) -> list[BaseControl]:
        """Controls matching every given criterion.

        ``type`` an ``ft`` class; ``text`` equals one of the control's strings
        (Text value, Button content, TextField label or value, tooltip, ...);
        ``text_contains`` a substring of one; ``key`` the control key;
        ``identifier`` a ``Semantics`` identifier; any other keyword compares that
        attribute (``label="Nama"``, ``disabled=False``).
        """
        found = []
        for c in self.controls(root, include_hidden=include_hidden):
            if type is not None and not isinstance(c, type):
                continue
            if text is not None and text not in control_texts(c):
                continue
            if text_contains is not None and not any(text_contains in t for t in control_texts(c)):
                continue
            if key is not None and not _key_matches(c, key):
                continue
            if identifier is not None and getattr(c, "identifier", None) != identifier:
                continue
            if any(getattr(c, k, _MISSING) != v for k, v in props.items()):
                continue
            if where is not None and not where(c):
                continue
            found.append(c)
        return found

    def find(self, type: type | tuple[type, ...] | None = None, **criteria: Any) -> Any:
        """The one control matching (see :meth:`find_all`); LookupError otherwise."""
        found = self.find_all(type, **criteria)
        if len(found) == 1:
            return found[0]
        what = ", ".join(
            ([f"type={getattr(type, '__name__', type)}"] if type is not None else [])
            + [f"{k}={v!r}" for k, v in criteria.items()]
        )
        if not found:
            seen = "; ".join(_describe(c) for c in self.controls(criteria.get("root")))
            raise LookupError(f"no control matches {what}. In scope: {seen}")
        raise LookupError(f"{len(found)} controls match {what}: " + "; ".join(_describe(c) for c in found))

    def exists(self, type: type | tuple[type, ...] | None = None, **criteria: Any) -> bool:
        return bool(self.find_all(type, **criteria))

    def texts(self, root: Any = None) -> list[str]:
        """Every string shown in scope, in order (handy in assertions and messages)."""
        return [t for c in self.controls(root) for t in control_texts(c)]

    # -- actions ----------------------------------------------------------------

    def _live(self, control: BaseControl) -> BaseControl:
        """The control with this id that is in the page now (re-renders replace
        instances but keep ids); LookupError if it left the page."""
        for c in iter_controls(self.page, include_hidden=True):
            if c._i == control._i:
                return c
        raise LookupError(f"{_describe(control)} (id {control._i}) is no longer in the page")

    @staticmethod
    def _assert_visible(control: BaseControl) -> None:
        node: BaseControl | None = control
        while node is not None:
            if getattr(node, "visible", True) is False:
                raise AssertionError(f"{_describe(control)} is not visible")
            node = _parent(node)

    def _resolve(self, target: BaseControl | None, criteria: dict[str, Any]) -> BaseControl:
        if target is None:
            return self.find(**criteria)
        if criteria:
            raise TypeError("pass either a control or query keywords, not both")
        return self._live(target)

    async def trigger(
        self,
        target: BaseControl,
        event: str,
        data: Any = None,
        *,
        props: dict[str, Any] | None = None,
    ) -> None:
        """Send what the client sends for ``event`` on ``target``: first ``props`` as a
        property update (if any), then the event, if the control has a handler for it
        (the client only sends events with a subscriber). Waits for the handler."""
        control = self._live(target)
        self._assert_visible(control)
        if props:
            await self._client_send(MessageAction.UPDATE_CONTROL_PROPS, {"id": control._i, "props": props})
        task = None
        if getattr(control, f"on_{event}", None) is not None:
            task = await self._client_send(
                MessageAction.CONTROL_EVENT,
                {"target": control._i, "name": event, "data": data},
            )
        await self._finish(task)

    async def click(self, target: BaseControl | None = None, /, data: Any = None, **query: Any):
        """Tap a control (or the one matching ``query``). As with a real tap, the click
        goes to the control itself if it has ``on_click``, else to the one clickable
        control inside it (a ``Semantics`` around an ``IconButton``), else to the
        nearest clickable ancestor (the ``Button`` around a ``Text``). Refuses
        disabled controls."""
        control = self._resolve(target, query)
        hit: BaseControl | None = control
        if getattr(hit, "on_click", None) is None:
            # A wrapper (Semantics, Container) around one button: the tap hits it.
            inside = [c for c in iter_controls(control) if getattr(c, "on_click", None) is not None]
            hit = inside[0] if len(inside) == 1 else _parent(control)
        while hit is not None and getattr(hit, "on_click", None) is None:
            hit = _parent(hit)
        if hit is None:
            raise LookupError(f"nothing clickable at {_describe(control)}")
        node: BaseControl | None = hit
        while node is not None:
            if getattr(node, "disabled", False):
                raise AssertionError(f"{_describe(hit)} is disabled")
            node = _parent(node)
        await self.trigger(hit, "click", data)

    async def fill(
        self,
        target: BaseControl | None = None,
        /,
        value: str = "",
        *,
        submit: bool = False,
        **query,
    ) -> None:
        """Type ``value`` into a text field as the client does: ``value`` property
        update, then ``on_change`` (and ``on_submit`` when ``submit=True``)."""
        control = self._resolve(target, query)
        if getattr(control, "disabled", False) or getattr(control, "read_only", False):
            raise AssertionError(f"{_describe(control)} is disabled or read-only")
        await self.trigger(control, "change", value, props={"value": value})
        if submit:
            await self.trigger(control, "submit", value)

    async def navigate(self, route: str) -> None:
        """A route change that comes from the client: the user edits the URL, uses
        browser back/forward, or opens a deep link."""
        task = await self._client_route_changed(route)
        await self._finish(task)

    async def back(self) -> None:
        """The system back button / AppBar back arrow: pops the top view (the client
        sends ``view_pop`` with the top view's route)."""
        views = self.views
        if len(views) <= 1:
            raise AssertionError("nothing to pop: the view stack has one view")
        top = views[-1]
        if not top.can_pop:
            raise AssertionError(f"top view {top.route!r} has can_pop=False")
        task = await self._client_send(
            MessageAction.CONTROL_EVENT,
            {"target": self.page._i, "name": "view_pop", "data": {"route": top.route}},
        )
        await self._finish(task)

    async def dismiss_dialog(self) -> None:
        """The user taps outside the topmost open dialog (or presses Escape/back):
        the client closes it and reports ``open=False`` and ``dismiss``."""
        dialogs = [d for d in self.page._dialogs.controls if getattr(d, "open", False)]
        if not dialogs:
            raise AssertionError("no open dialog to dismiss")
        dialog = dialogs[-1]
        if getattr(dialog, "modal", False):
            raise AssertionError(f"{_describe(dialog)} is modal: it cannot be dismissed")
        await self._finish(self._spawn(self._client_dialog_closed(dialog._i)))

    async def change_locale(self, locale: str | Sequence[str]) -> None:
        """The user changes the browser/system language (``page.on_locale_change``)."""
        self.locales = [locale] if isinstance(locale, str) else list(locale)
        task = None
        if self.page.on_locale_change is not None:
            task = await self._client_send(
                MessageAction.CONTROL_EVENT,
                {
                    "target": self.page._i,
                    "name": "locale_change",
                    "data": {"locales": [_locale_map(t) for t in self.locales]},
                },
            )
        await self._finish(task)


@contextlib.asynccontextmanager
async def run_app(main: AppMain, **options: Any) -> AsyncIterator[AppHarness]:
    """Run ``main`` in a real flet ``Session`` on a fake client; see :class:`AppHarness`.

    Options (all keyword):

    * ``route="/"``: the URL the client opens (a deep link);
    * ``locale="id-ID"`` or a list: the browser languages ``page.get_device_info()``
      reports (``.language``, ``.languages``, ``.locales``);
    * ``web=True``, ``platform="linux"``, ``width=1280``, ``height=800``,
      ``brightness="light"``: the page properties the client registers with;
    * ``device_info``: a dict answering ``get_device_info`` (needed when ``web=False``);
    * ``shared_preferences``: the client storage at start (``app.shared_preferences``
      is the live dict);
    * ``accessibility_features``: e.g. ``{"high_contrast": True}`` for
      ``ft.SemanticsService().get_accessibility_features()``;
    * ``before_main``; ``method_handlers``: ``{(control type, method): handler}``;
    * ``raise_errors=True``: raise the app's errors as :class:`FletAppError`;
    * ``check_client=True``: after every settle, fail if the client's copy of the
      page differs from the live tree;
    * ``wait_main=True``: wait for ``main`` to return (False for a ``main`` that
      loops forever);
    * ``timeout=PATIENCE``: seconds for ``main``, each handler and each settle;
    * ``browser_key``: the key in the browser's cookie (``app.browser_key``; a new
      browser's unless given); ``secure_storage``: the phone's keystore at start
      (``app.secure_storage`` is the live dict).
    """
    app = AppHarness(main, **options)
    try:
        await app.start()
        yield app
        await app.settle()
    finally:
        await app.stop()


def _awaiting(coro: Any, depth: int = 0) -> list[str]:
    """The lines of a suspended coroutine and of everything it awaits, innermost last
    (`Task.get_stack` shows only the outermost frame of a suspended task)."""
    lines: list[str] = []
    while coro is not None and depth < 60:
        frame = next((f for a in ("cr_frame", "gi_frame", "ag_frame") if (f := getattr(coro, a, None))), None)
        if frame is not None:
            lines.extend(traceback.format_stack(frame, limit=1))
        inner = next((i for a in ("cr_await", "gi_yieldfrom", "ag_await")
                      if (i := getattr(coro, a, None))), None)
        if isinstance(inner, asyncio.Task):
            lines.append(f"  awaits task {inner.get_name()}:\n")
            return lines + _awaiting(inner.get_coro(), depth + 1)
        if isinstance(inner, asyncio.Future):
            lines.append(f"  awaits future {inner!r}\n")
            return lines
        coro, depth = inner, depth + 1
    return lines


def _where_it_waits(task: asyncio.Task[Any]) -> str:
    """A hung handler's own stack and every other thread's, for the failure report:
    a handler that waits for the service (a lock, a worker thread) shows where."""
    out = ["handler task:", "".join(_awaiting(task.get_coro()))]
    names = {t.ident: t.name for t in threading.enumerate()}
    for ident, frame in sys._current_frames().items():
        if ident == threading.get_ident():
            continue
        out.append(f"thread {names.get(ident, ident)}:\n" + "".join(traceback.format_stack(frame, limit=12)))
    return "\n".join(out)
