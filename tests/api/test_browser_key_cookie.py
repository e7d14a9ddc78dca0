"""The browser's key to its saved patients (server/browser_key_cookie.py), at the ASGI
level: a browser without the cookie gets a new key on the websocket's handshake, one
with it keeps its own; the session started by that connection sees exactly that key;
the cookie is HttpOnly, for `/ws` only, and Secure behind HTTPS; plain HTTP answers
never carry it."""

from __future__ import annotations

from typing import Any

import pytest

from server.browser_key_cookie import COOKIE, BrowserKeyCookie
from session.seal import new_key
from session.seal_keys import BROWSER_KEY, decode_key, encode_key

pytestmark = pytest.mark.anyio


class Recorded:
    def __init__(self) -> None:
        self.seen_key: bytes | None = None
        self.sent: list[dict[str, Any]] = []

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.seen_key = BROWSER_KEY.get()
        if scope["type"] == "websocket":
            await send({"type": "websocket.accept", "subprotocol": None, "headers": [(b"x-other", b"1")]})
        else:
            await send({"type": "http.response.start", "status": 200, "headers": []})

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)


async def connect(*, cookie: str | None = None, scheme: str = "ws", kind: str = "websocket") -> Recorded:
    recorded = Recorded()
    headers = [(b"host", b"127.0.0.1")] + ([(b"cookie", cookie.encode())] if cookie else [])
    scope = {"type": kind, "scheme": scheme, "path": "/ws", "headers": headers}

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    await BrowserKeyCookie(recorded.app)(scope, receive, recorded.send)
    return recorded


def set_cookie(recorded: Recorded) -> str:
    (accept,) = recorded.sent
    values = [v.decode() for k, v in accept["headers"] if k == b"set-cookie"]
    assert (b"x-other", b"1") in accept["headers"]  # the app's own headers stay
    assert len(values) == 1
    return values[0]


async def test_a_browser_without_a_key_gets_one_and_its_session_sees_it() -> None:
    recorded = await connect()
    cookie = set_cookie(recorded)
    name, _, rest = cookie.partition("=")
    value, *attributes = rest.split("; ")
    assert name == COOKIE
    assert decode_key(value) == recorded.seen_key is not None
    assert {"Path=/ws", "HttpOnly", "SameSite=Strict"} <= set(attributes)
    assert "Secure" not in attributes
    assert BROWSER_KEY.get() is None  # only for the connection's lifetime


async def test_a_browser_with_a_key_keeps_it_and_its_lifetime_is_renewed() -> None:
    key = new_key()
    recorded = await connect(cookie=f"other=1; {COOKIE}={encode_key(key)}")
    assert recorded.seen_key == key
    assert set_cookie(recorded).startswith(f"{COOKIE}={encode_key(key)};")
    assert "Max-Age=34560000" in set_cookie(recorded)


@pytest.mark.parametrize("damaged", ["", "abc", encode_key(b"short"), "%%%"])
async def test_a_damaged_cookie_is_replaced_by_a_new_key(damaged: str) -> None:
    recorded = await connect(cookie=f"{COOKIE}={damaged}")
    assert recorded.seen_key is not None and len(recorded.seen_key) == 32
    assert decode_key(set_cookie(recorded).split(";")[0].split("=", 1)[1]) == recorded.seen_key


async def test_behind_https_the_cookie_is_secure() -> None:
    assert "; Secure" in set_cookie(await connect(scheme="wss"))


async def test_plain_http_answers_carry_no_key() -> None:
    recorded = await connect(kind="http", scheme="http")
    assert recorded.seen_key is None
    assert recorded.sent == [{"type": "http.response.start", "status": 200, "headers": []}]
