"""The production shape on one machine: Debian's nginx with deploy/nginx's site file
in front of two service instances on one database (PostgreSQL when
TEST_DATABASE_URL is set, else one SQLite file), serving the static files built by
`python -m server.web_build`, over HTTPS with a throwaway certificate. A new user
books a number through it in Chromium under nginx's Content-Security-Policy; plain
HTTP is sent to HTTPS, old TLS is refused, the static files come back precompressed
with their cache headers, and one address cannot hold more event streams open than
the site file allows."""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import shutil
import socket
import ssl
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, ExitStack
from pathlib import Path

import brotli
import httpx
import pytest
from flet_web import get_package_web_dir
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from session.i18n import Translator
from tests.browser.test_booking_browser import FACILITY, book_a_number, first_free_day, poli_umum
from tests.support.csp import policy_of, violations
from tests.support.databases import PG_URL, PostgresDatabases
from tests.support.live_server import LiveServer, instances_on
from tests.support.nginx import NGINX, NginxFront, connection_limit
from tests.support.web_build import shared_web_build

pytestmark = pytest.mark.skipif(not shutil.which("nginx") and not Path(NGINX).exists(),
                                reason="Debian's nginx is not installed (.ci/run installs it)")
# A rerun (after a hung browser) gets a new patient: the first try may have booked already.
SERIALS = iter(range(6100, 6110))


@pytest.fixture(scope="module")
def built() -> dict[str, object]:
    """The static files as production builds them: the very build the test servers
    serve themselves (tests/support/web_build.py)."""
    summary: dict[str, object] = json.loads((shared_web_build() / "build.json").read_text())
    return summary


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[LiveServer]]:
    folder = tmp_path_factory.mktemp("instances")
    databases = PostgresDatabases(PG_URL) if PG_URL else None
    url = databases.new() if databases else f"sqlite:///{folder / 'shared.db'}"
    with instances_on(url, folder, web=True) as servers:
        yield list(servers)
    if databases:
        databases.drop(url)
        databases.close()


@pytest.fixture(scope="module")
def web_server(tmp_path_factory, built, instances) -> Iterator[NginxFront]:  # type: ignore[no-untyped-def]
    """nginx takes the place of the single server the other browser tests use."""
    front = NginxFront(tmp_path_factory.mktemp("nginx"), Path(str(built["out"])), instances)
    front.start()
    with pytest.MonkeyPatch.context() as env:  # httpx here (and the shared helpers) trust it
        env.setenv("SSL_CERT_FILE", str(front.ca_file))
        yield front
    front.stop()


def test_a_new_user_books_a_number_through_nginx(new_page, web_server, instances):  # type: ignore[no-untyped-def]
    """Over HTTPS (Chromium told to accept the throwaway certificate), under the policy
    nginx sends with the built page: nothing refused."""
    page = new_page(f"/faskes/{FACILITY}/pesan/{poli_umum(web_server)}",
                    ignore_https_errors=True)
    assert page.url.startswith("https://")
    code = book_a_number(page, web_server, Translator("id"), serial=next(SERIALS), shots="nginx-booking")
    assert httpx.get(f"{web_server.api_url}/bookings/{code}").json()["facility_id"] == FACILITY
    assert violations(page) == []
    page.close()  # nginx logs a websocket when it closes
    for _ in range(50):
        log = web_server.access_log()
        if "GET /ws HTTP/1.1\" 101" in log:  # the session's websocket went through nginx
            break
        time.sleep(0.1)
    assert "GET /ws HTTP/1.1\" 101" in log
    assert "/static/" in log and " 404 " not in log  # the runtime came from the build


def test_the_api_answers_through_nginx_with_the_services_headers(web_server):  # type: ignore[no-untyped-def]
    response = httpx.get(f"{web_server.api_url}/facilities/{FACILITY}")
    assert response.status_code == 200 and response.json()["id"] == FACILITY
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    # nginx's request id reaches the service's log line and comes back
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


def test_nginx_logs_no_booking_code_and_no_download_token(web_server):  # type: ignore[no-untyped-def]
    """A booking code in a log is enough to cancel that booking, a download token to
    fetch a dashboard: nginx's access logs keep neither, whatever the route."""
    sid = poli_umum(web_server)
    patient = {"name": "Siti Aminah", "nik": "3317014506900777", "phone": "081277770777",
               "birth_date": "1990-06-05"}
    booked = httpx.post(
        f"{web_server.api_url}/bookings", headers={"Idempotency-Key": "nginx-log-booking-1"},
        json={"service_id": sid, "service_date": first_free_day(web_server, sid), "payer": "non_jkn",
              "consent_version": "2026-11", "patient": patient},
    )
    assert booked.status_code == 201, booked.text
    code = booked.json()["booking_code"]
    api = web_server.api_url
    assert httpx.get(f"{api}/bookings/{code}").status_code == 200
    httpx.post(f"{api}/bookings/{code}/check-in")  # refused (not the service day): logged anyway
    httpx.get(f"{api}/bookings/{code}/survey")
    assert httpx.get(f"{web_server.url}/tiket/{code}").status_code == 200  # the app's ticket page
    assert httpx.get(f"{web_server.http_url}/tiket/{code}").status_code == 301  # plain HTTP
    token = "k2.download-token-that-must-not-be-logged"
    httpx.get(f"{api}/dashboard.csv", params={"from": "2026-11-01", "to": "2026-11-30",
                                              "download": token})
    httpx.get(f"{web_server.url}/index.html", params={"download": token})
    assert httpx.post(f"{api}/bookings/{code}/cancel").status_code == 200
    log = web_server.access_log()
    assert code not in log and code.replace("-", "") not in log
    assert token not in log
    assert '"GET /index.html HTTP/1.1" 200' in log  # the ticket page, as the file nginx served


def runtime(name: str) -> bytes:
    return (Path(get_package_web_dir()) / name).read_bytes()


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_the_runtime_comes_precompressed_and_cached_for_a_year(web_server, built, encoding):  # type: ignore[no-untyped-def]
    url = f"{web_server.url}/static/{built['build_id']}/main.dart.js"
    response = httpx.get(url, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == encoding
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-type"].startswith("application/javascript")
    body = response.content  # httpx decodes gzip and brotli
    assert body == runtime("main.dart.js")
    assert int(response.headers["content-length"]) < len(body) / 3


def test_the_page_is_revalidated_and_a_reload_costs_a_304(web_server, built):  # type: ignore[no-untyped-def]
    first = httpx.get(f"{web_server.url}/", headers={"Accept-Encoding": "br"})
    assert first.headers["cache-control"] == "no-cache"
    assert first.headers["content-encoding"] == "br"
    assert f"/static/{built['build_id']}/flutter_bootstrap.js" in first.text
    assert first.headers["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" not in policy_of(first.headers["content-security-policy"])["script-src"]
    assert "<script>" not in first.text  # the build moved its inline scripts to files
    again = httpx.get(f"{web_server.url}/", headers={"If-None-Match": first.headers["etag"],
                                                      "Accept-Encoding": "br"})
    assert again.status_code == 304 and again.content == b""


def test_a_route_of_the_app_is_the_page_and_a_missing_file_is_404(web_server):  # type: ignore[no-untyped-def]
    route = httpx.get(f"{web_server.url}/faskes/{FACILITY}", headers={"Accept-Encoding": "identity"})
    assert route.status_code == 200 and "<title>Layanan Sehat Rembang</title>" in route.text
    assert httpx.get(f"{web_server.url}/static/nope/main.dart.js").status_code == 404


def test_the_voice_clips_and_fonts_are_served_from_the_build(web_server):  # type: ignore[no-untyped-def]
    clip = httpx.get(f"{web_server.url}/voice/id/dua.wav")
    assert clip.status_code == 200, clip.status_code
    assert clip.headers["content-type"] == "audio/wav"
    manifest = httpx.get(f"{web_server.url}/manifest.json").json()
    assert (manifest["name"], manifest["short_name"]) == ("Layanan Sehat Rembang", "Sehat Rembang")


def test_compressed_copies_match_their_originals(built):  # type: ignore[no-untyped-def]
    out = Path(str(built["out"]))
    index = (out / "index.html").read_bytes()
    assert gzip.decompress((out / "index.html.gz").read_bytes()) == index
    assert brotli.decompress((out / "index.html.br").read_bytes()) == index


@pytest.mark.parametrize("path", ["/", f"/faskes/{FACILITY}?tab=1", "/api/facilities"])
def test_plain_http_is_sent_to_https(web_server, path):  # type: ignore[no-untyped-def]
    answer = httpx.get(web_server.http_url + path)
    assert answer.status_code == 301
    assert answer.headers["location"] == web_server.url + path
    assert "strict-transport-security" not in answer.headers  # only meaningful over HTTPS


@pytest.mark.parametrize("path", ["/", "/manifest.json", "/api/facilities", "/api/nope"])
def test_https_answers_tell_the_browser_to_stay_on_https(web_server, path):  # type: ignore[no-untyped-def]
    answer = httpx.get(web_server.url + path)
    assert answer.headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"


def handshake(web_server, version: ssl.TLSVersion) -> str:  # type: ignore[no-untyped-def]
    """The protocol agreed when the client offers only `version` (and will talk to a
    server that still speaks it: lowest security level)."""
    context = web_server.ssl_context()
    with warnings.catch_warnings():  # Python itself deprecates TLS 1.0 and 1.1
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = context.maximum_version = version
    context.set_ciphers("ALL:@SECLEVEL=0")
    with socket.create_connection(("127.0.0.1", web_server.port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            return str(tls.version())


def test_one_address_cannot_hold_more_web_sessions_than_allowed(web_server):  # type: ignore[no-untyped-def]
    """Websockets to /ws (one per open tab): the 31st is refused with 429 at its handshake.

    The asyncio client, one thread: websockets' threaded client reads a TLS socket in one
    thread while it writes in another, which OpenSSL does not allow; about one run in
    three, a handshake then timed out or failed with "[SSL] internal error" on the client
    side while nginx and the service had answered."""
    allowed = connection_limit("lsr_web_sessions_per_address")
    url = web_server.url.replace("https://", "wss://") + "/ws"

    async def open_tabs() -> int:
        async with AsyncExitStack() as sockets:
            for _ in range(allowed):
                await sockets.enter_async_context(
                    connect(url, ssl=web_server.ssl_context(), open_timeout=10)
                )
            with pytest.raises(InvalidStatus) as refused:
                async with connect(url, ssl=web_server.ssl_context(), open_timeout=10):
                    pass
            return refused.value.response.status_code

    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        assert thread.submit(asyncio.run, open_tabs()).result() == 429


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls_1_2_and_1_3_are_spoken(web_server, version):  # type: ignore[no-untyped-def]
    assert handshake(web_server, version) == version.name.replace("_", ".")  # "TLSv1.2"


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1])
def test_tls_1_0_and_1_1_are_refused(web_server, version):  # type: ignore[no-untyped-def]
    with pytest.raises(ssl.SSLError) as refused:
        handshake(web_server, version)
    # nginx's alert, not this client declining to offer the version
    assert "NO_PROTOCOLS_AVAILABLE" not in str(refused.value), refused.value
    assert "ALERT" in str(refused.value) or "UNSUPPORTED_PROTOCOL" in str(refused.value), refused.value


def test_one_address_cannot_hold_more_event_streams_than_allowed(web_server):  # type: ignore[no-untyped-def]
    """The 31st stream from one address is answered 429 while 30 are open; once they
    close, the address may open streams again."""
    allowed = connection_limit("lsr_event_streams_per_address")
    sid = poli_umum(web_server)
    url = f"{web_server.api_url}/services/{sid}/events"
    limits = httpx.Limits(max_connections=allowed + 5, max_keepalive_connections=0)
    with httpx.Client(limits=limits, timeout=10) as client, ExitStack() as streams:
        opened = [streams.enter_context(client.stream("GET", url)) for _ in range(allowed)]
        assert [s.status_code for s in opened] == [200] * allowed
        with client.stream("GET", url) as one_too_many:
            assert one_too_many.status_code == 429
    for _ in range(50):  # nginx counts a connection until it notices the close
        with httpx.Client(timeout=10) as client, client.stream("GET", url) as again:
            if again.status_code == 200:
                break
        time.sleep(0.1)
    assert again.status_code == 200


def test_a_stopped_instance_is_passed_over(web_server, instances):  # type: ignore[no-untyped-def]
    """Last in this file: one instance goes down; the API still answers through the other."""
    instances[0].stop()
    try:
        with httpx.Client() as client:
            answers = [client.get(f"{web_server.api_url}/facilities/{FACILITY}").status_code
                       for _ in range(10)]
        assert answers == [200] * 10
    finally:
        instances[0].start()
