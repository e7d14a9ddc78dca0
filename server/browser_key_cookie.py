"""The browser's key to its saved patients (docs/privacy.md, "Saved patients").

The web app's Python runs here, in the service, yet what a browser keeps about its
patients lives in that browser's localStorage, sealed (session/patient_book.py). The
key to that box lives in the same browser but elsewhere: an HttpOnly cookie, set on
the answer to the websocket's handshake (`/ws`) and sent back with every later one.
Page scripts and extensions that read localStorage cannot read it, and browsers keep
cookies apart from localStorage on disk (Chromium encrypts cookie values with the
system's keyring where there is one). The service keeps no copy: it holds the key in
the memory of that browser's session only, for as long as the session lives.

Each connection renews the cookie's lifetime (400 days, Chromium's cap), so a person
who uses the app once a year keeps their patients."""

from __future__ import annotations

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from session.seal import new_key
from session.seal_keys import BROWSER_KEY, decode_key, encode_key

COOKIE = "lsr_patients_key"
MAX_AGE_SECONDS = 400 * 24 * 3600
WEBSOCKET_PATH = "/ws"  # flet-web's endpoint (flet.webSocketEndpoint in index.html)


class BrowserKeyCookie:
    """ASGI middleware around the Flet web app: every websocket connection carries its
    browser's key into `BROWSER_KEY` while it lasts (the session's `main` runs inside
    it), handing out a new one to a browser that has none."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        key = decode_key(cookie_of(scope, COOKIE)) or new_key()
        attributes = [f"{COOKIE}={encode_key(key)}", f"Path={WEBSOCKET_PATH}", f"Max-Age={MAX_AGE_SECONDS}",
                      "HttpOnly", "SameSite=Strict"]
        if scope.get("scheme") in ("wss", "https"):  # behind nginx: X-Forwarded-Proto (proxy_headers)
            attributes.append("Secure")
        set_cookie = (b"set-cookie", "; ".join(attributes).encode("latin-1"))

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "websocket.accept":
                message = {**message, "headers": [*message.get("headers", []), set_cookie]}
            await send(message)

        token = BROWSER_KEY.set(key)
        try:
            await self.app(scope, receive, send_with_cookie)
        finally:
            BROWSER_KEY.reset(token)


def cookie_of(scope: Scope, name: str) -> str | None:
    for header, value in scope.get("headers", []):
        if header == b"cookie" and name in (cookies := cookie_parser(value.decode("latin-1"))):
            return cookies[name]
    return None
