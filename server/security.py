"""Security headers on every response of the service (web app and API). CORS stays
closed: no cross-origin middleware is installed, so browsers refuse other origins.

The Content-Security-Policy is the tightest the Flet web client (flet-web 1.0.5,
`no_cdn=True`) works under, checked in Chromium by tests/browser/test_csp_browser.py:

- scripts only from this origin: the page `python -m server.web_build` writes (served
  by the service itself, server/web_files.py, and by nginx) has its inline scripts
  moved to files of their own, so no hash and no `'unsafe-inline'` is needed;
  `'wasm-unsafe-eval'` compiles CanvasKit/skwasm and the Dart program (WebAssembly),
  nothing allows `eval` of JavaScript;
- `style-src 'unsafe-inline'`: Flutter's engine writes `<style>` elements whose text
  depends on the browser (extra rules for WebKit and Firefox), so no fixed hash list
  covers them, and a nonce would make the page differ per request (no caching).
  Inline styles without inline scripts cannot run code;
- workers from this origin and `blob:` (skwasm's multi-threaded renderer starts its
  worker from a blob when the page is cross-origin isolated, as flet-web makes it);
- OpenStreetMap's tile server for the facility map (views/faskes/map_facilities.py);
  `data:` images for Swagger UI's icons (the app's own images, the ticket's QR code
  included, are drawn by Flutter and need neither `data:` nor `blob:`);
- no plugins, no framing by other sites, no `<base>` or form target elsewhere.

Everything else (fonts, the websocket `/ws`, event streams, voice clips, the service
worker, the manifest) comes from this origin (`default-src 'self'`; `'self'` covers
`ws:`/`wss:` to the same host). The stock client also tries to load Rive's runtime
from a public CDN at start; the page never asks for it (server/web_loading.py), and
the policy would refuse it (the app uses no Rive animation, and code from a third
party does not run in this origin).

nginx sends the same policy for the files it serves alone
(deploy/nginx/snippets/layanan-sehat-rembang-headers.conf).
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAP_TILES = "https://tile.openstreetmap.org"
CSP_DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", MAP_TILES],  # data: Swagger UI's icons (/api/docs)
    "connect-src": ["'self'", MAP_TILES],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
    b"permissions-policy": b"camera=(), microphone=(), payment=(), geolocation=(self)",
}
API_HEADERS = {b"cache-control": b"no-store"}  # bookings carry personal data
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S | re.I)  # no attributes: not a src=


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for the inline scripts (no attributes) of a page (none
    in the page we serve: tests/browser/test_csp_browser.py)."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(html)
    ]


def content_security_policy() -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in CSP_DIRECTIVES.items())


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = dict(HEADERS)
        self.headers[b"content-security-policy"] = content_security_policy().encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = dict(self.headers)
        if scope["path"].startswith("/api/"):
            extra |= API_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name, value) for name, value in extra.items() if name not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
