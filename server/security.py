"""Security headers on every response of the service (web app and API). CORS stays
closed: no cross-origin middleware is installed, so browsers refuse other origins."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
    b"permissions-policy": b"camera=(), microphone=(), payment=(), geolocation=(self)",
}
API_HEADERS = {b"cache-control": b"no-store"}  # bookings carry personal data


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = dict(HEADERS)
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
