"""The web app's files as the service serves them itself, without nginx: a folder
written by `server.web_build` (the same files nginx serves, deploy/nginx), answered
the way deploy/nginx/layanan-sehat-rembang.conf answers them:

- a file with a `.br` or `.gz` beside it is sent as that, by the request's
  `Accept-Encoding` (brotli before gzip before none, a `q=0` refuses one), with
  `Content-Encoding`, the original file's `Content-Type` and `Vary: Accept-Encoding`;
- `/static/…` (the runtime under its build id, the page's scripts under their hash:
  the URL changes whenever the content does) is cached for a year, `immutable`;
- `index.html` (every route of the app is the page) is revalidated on every load
  (`no-cache`, its ETag answers a 304); the rest (manifest, icons, voice clips,
  fonts) for an hour, then revalidated;
- a path that is not a file: the page for a route (no extension, or `.html`), 404
  for anything else; nothing outside the folder (starlette's `lookup_path`).
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

INDEX = "index.html"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SHORT = "public, max-age=3600, must-revalidate"
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # the order they are preferred in
TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm",
         ".json": "application/json", ".ttf": "font/ttf", ".otf": "font/otf", ".wav": "audio/wav"}


def accepted_encodings(header: str) -> set[str]:
    """The codings a request's `Accept-Encoding` allows (`*` is taken as brotli and gzip)."""
    accepted: set[str] = set()
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            accepted |= {"br", "gzip"} if name.strip() == "*" else {name.strip().lower()}
    return accepted


def cache_control(path: str) -> str:
    if path == INDEX:
        return REVALIDATE
    if path.startswith("static/"):
        return IMMUTABLE
    return SHORT


def content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in TYPES:
        return TYPES[suffix]
    return mimetypes.guess_type(path)[0] or "application/octet-stream"  # text/*: starlette adds utf-8


class PrecompressedFiles(StaticFiles):
    def __init__(self, folder: Path) -> None:
        super().__init__(directory=folder)

    async def get_response(self, path: str, scope: Scope) -> Response:
        if scope["method"] not in ("GET", "HEAD"):
            return Response("Method Not Allowed", status_code=405, headers={"Allow": "GET, HEAD"})
        relative = path.lstrip("/").replace(os.sep, "/")
        full_path, stat = self.lookup_path(relative)
        if stat is None or not os.path.isfile(full_path):
            if Path(relative).suffix.lower() not in ("", ".html"):
                return Response("Not Found", status_code=404, media_type="text/plain")
            relative = INDEX  # a route of the app: the page
            full_path, stat = self.lookup_path(INDEX)
            if stat is None:
                return Response("Not Found", status_code=404, media_type="text/plain")
        request_headers = Headers(scope=scope)
        headers = {"Cache-Control": cache_control(relative)}
        variants = [(coding, full_path + suffix) for coding, suffix in ENCODINGS
                    if os.path.isfile(full_path + suffix)]
        if variants:
            headers["Vary"] = "Accept-Encoding"
            accepted = accepted_encodings(request_headers.get("accept-encoding", ""))
            for coding, variant in variants:
                if coding in accepted:
                    full_path, stat = variant, os.stat(variant)
                    headers["Content-Encoding"] = coding
                    break
        response = FileResponse(full_path, stat_result=stat, headers=headers,
                                media_type=content_type(relative))
        if self.is_not_modified(response.headers, request_headers):
            return NotModifiedResponse(response.headers)
        return response
