"""The web app's files straight from the service (`make run`, no nginx): compressed
as the browser accepts (brotli, else gzip, else none), the versioned runtime cached
for a year, the page revalidated, nothing outside the build folder."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from server.app import create_app
from server.web_files import PrecompressedFiles

pytestmark = pytest.mark.anyio

RUNTIME = "static/0123456789ab/main.dart.js"
SCRIPT = b"console.log('Layanan Sehat Rembang');\n" * 200


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small build as server.web_build lays it out, with a secret beside it."""
    site = tmp_path / "site"
    (site / "static" / "0123456789ab").mkdir(parents=True)
    (site / "index.html").write_text('<html><script src="/static/0123456789ab/x.js"></script></html>')
    (site / "manifest.json").write_text('{"name": "Layanan Sehat Rembang"}')
    (site / RUNTIME).write_bytes(SCRIPT)
    (site / (RUNTIME + ".br")).write_bytes(brotli.compress(SCRIPT))
    (site / (RUNTIME + ".gz")).write_bytes(gzip.compress(SCRIPT))
    (tmp_path / "secret.key").write_text("not for the web")
    return site


@pytest.fixture
async def http(folder: Path):  # type: ignore[no-untyped-def]
    app = Starlette(routes=[Mount("/", app=PrecompressedFiles(folder))])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as client:
        yield client


async def raw(http: httpx.AsyncClient, path: str, **headers: str) -> tuple[httpx.Response, bytes]:
    """The bytes as sent (httpx would undo the compression)."""
    async with http.stream("GET", path, headers=headers) as response:
        return response, b"".join([chunk async for chunk in response.aiter_raw()])


@pytest.mark.parametrize(("accepted", "coding", "decode"), [
    ("gzip, deflate, br, zstd", "br", brotli.decompress),
    ("br;q=0, gzip", "gzip", gzip.decompress),
    ("gzip;q=0.5, br;q=0.8", "br", brotli.decompress),
    ("*", "br", brotli.decompress),
])
async def test_the_runtime_comes_compressed_as_the_browser_accepts(http, accepted, coding, decode):  # type: ignore[no-untyped-def]
    response, body = await raw(http, "/" + RUNTIME, **{"Accept-Encoding": accepted})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == coding
    assert decode(body) == SCRIPT and len(body) < len(SCRIPT)
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("accepted", ["identity", "br;q=0, gzip;q=0", ""])
async def test_a_browser_that_accepts_no_compression_gets_the_file_itself(http, accepted):  # type: ignore[no-untyped-def]
    response, body = await raw(http, "/" + RUNTIME, **{"Accept-Encoding": accepted})
    assert "content-encoding" not in response.headers
    assert body == SCRIPT and response.headers["vary"] == "Accept-Encoding"


async def test_a_reload_with_the_etag_gets_304_for_the_same_coding(http):  # type: ignore[no-untyped-def]
    first, _ = await raw(http, "/" + RUNTIME, **{"Accept-Encoding": "br"})
    etag = first.headers["etag"]
    again = await http.get("/" + RUNTIME, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = await http.get("/" + RUNTIME, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["content-encoding"] == "gzip"


BROWSER = "gzip, deflate, br, zstd"  # what Chromium sends


def compress_page(folder: Path) -> bytes:
    page = (folder / "index.html").read_bytes()
    (folder / "index.html.br").write_bytes(brotli.compress(page))
    (folder / "index.html.gz").write_bytes(gzip.compress(page))
    return page


@pytest.mark.parametrize("path", ["/", "/faskes/pkm-lasem"])
async def test_a_reload_asks_for_the_page_again_and_gets_304_without_a_body(http, folder, path):  # type: ignore[no-untyped-def]
    """A browser keeps the page with its ETag and Last-Modified and, on a reload
    (`no-cache`), sends both back: the answer is headers only, still no-cache."""
    compress_page(folder)
    first, body = await raw(http, path, **{"Accept-Encoding": BROWSER})
    assert first.status_code == 200 and body and first.headers["content-encoding"] == "br"
    reload, again = await raw(http, path, **{
        "Accept-Encoding": BROWSER, "If-None-Match": first.headers["etag"],
        "If-Modified-Since": first.headers["last-modified"]})
    assert reload.status_code == 304 and again == b""
    assert reload.headers["etag"] == first.headers["etag"]
    assert reload.headers["cache-control"] == "no-cache"
    assert reload.headers["vary"] == "Accept-Encoding"
    since, _ = await raw(http, path, **{"Accept-Encoding": BROWSER,
                                        "If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304


async def test_a_new_build_reaches_a_browser_that_kept_the_old_page(http, folder):  # type: ignore[no-untyped-def]
    compress_page(folder)
    old, _ = await raw(http, "/", **{"Accept-Encoding": BROWSER})
    new_page = '<html><script src="/static/fedcba987654/main.dart.js"></script></html>'
    (folder / "index.html").write_text(new_page)
    compress_page(folder)
    new, body = await raw(http, "/", **{"Accept-Encoding": BROWSER, "If-None-Match": old.headers["etag"]})
    assert new.status_code == 200 and new.headers["etag"] != old.headers["etag"]
    assert b"/static/fedcba987654/main.dart.js" in brotli.decompress(body)


async def test_the_runtime_answers_a_revalidation_with_304_too(http):  # type: ignore[no-untyped-def]
    """A browser never asks for an immutable file it holds; one that revalidates anyway
    (a forced reload) sends its date, and gets headers only."""
    first, _ = await raw(http, "/" + RUNTIME, **{"Accept-Encoding": BROWSER})
    again, body = await raw(http, "/" + RUNTIME, **{
        "Accept-Encoding": BROWSER, "If-Modified-Since": first.headers["last-modified"]})
    assert again.status_code == 304 and body == b""
    assert again.headers["cache-control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("path", ["/", "/index.html", "/faskes/pkm-lasem", "/tiket/ABC123"])
async def test_the_page_and_every_route_of_the_app_are_revalidated_never_immutable(http, path):  # type: ignore[no-untyped-def]
    response = await http.get(path)
    assert response.status_code == 200 and "/static/0123456789ab/x.js" in response.text
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["content-type"] == "text/html; charset=utf-8"


async def test_files_outside_static_keep_a_short_life(http):  # type: ignore[no-untyped-def]
    response = await http.get("/manifest.json")
    assert response.json() == {"name": "Layanan Sehat Rembang"}
    assert response.headers["cache-control"] == "public, max-age=3600, must-revalidate"


@pytest.mark.parametrize("path", [
    "/static/nothing.js", "/static/%2e%2e/%2e%2e/secret.key", "/%2e%2e/secret.key",
    "/static/..%2f..%2fsecret.key",
])
async def test_nothing_outside_the_build_and_no_made_up_file(http, path):  # type: ignore[no-untyped-def]
    response = await http.get(path)
    assert response.status_code == 404 and b"not for the web" not in response.content


async def test_only_reading_is_allowed(http):  # type: ignore[no-untyped-def]
    assert (await http.post("/index.html")).status_code == 405
    head = await http.head("/" + RUNTIME, headers={"Accept-Encoding": "br"})
    assert head.status_code == 200 and head.content == b"" and head.headers["content-encoding"] == "br"


async def test_the_service_serves_the_runtime_compressed_and_a_page_without_inline_script(settings, clock):  # type: ignore[no-untyped-def]
    """create_app(web=True), as `make run` starts it: the first load is the build's."""
    app = create_app(settings.model_copy(update={"demo_history_days": 0}), clock=clock, web=True)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as http:
            page = await http.get("/faskes", headers={"Accept-Encoding": "br"})
            assert page.headers["content-encoding"] == "br" and page.headers["cache-control"] == "no-cache"
            assert "<script>" not in page.text  # the policy needs no hash
            assert "sha256-" not in page.headers["content-security-policy"]
            prefix = re.search(r'src="(/static/[0-9a-f]{12}/)flutter_bootstrap\.js"', page.text)
            assert prefix, "the page does not load the versioned runtime"
            main_js = prefix.group(1) + "main.dart.js"
            runtime, body = await raw(http, main_js, **{"Accept-Encoding": "gzip, br"})
            original = await http.get(main_js, headers={"Accept-Encoding": "identity"})
    finally:
        app.state.lsr.db.dispose()
    assert runtime.headers["content-encoding"] == "br"
    assert brotli.decompress(body) == original.content
    assert len(body) < len(original.content) / 4  # 9.6 MB → 1.9 MB
    assert runtime.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert runtime.headers["content-type"] == "text/javascript; charset=utf-8"
