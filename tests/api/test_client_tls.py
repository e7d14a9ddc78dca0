"""The client checks the service's certificate, with one set of trusted authorities
loaded once per process and shared by every client (the web app has a client per
web session: a context each cost ~830 KB, bench/web_sessions.py)."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import pytest

from api_client import ApiClient, ApiConnectionError
from tests.support.nginx import throwaway_certificate

pytestmark = pytest.mark.anyio


async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]")
    await writer.drain()
    writer.close()


async def test_a_service_whose_certificate_nobody_vouches_for_is_refused_by_every_client(tmp_path: Path):
    _authority, certificate, key = throwaway_certificate(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(certificate, key)
    server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=tls)
    port = server.sockets[0].getsockname()[1]
    clients = [ApiClient(f"https://127.0.0.1:{port}/api", retry_attempts=1) for _ in range(2)]
    try:
        for client in clients:
            with pytest.raises(ApiConnectionError):
                await client.facilities.list()
        pools = [client._http._client._transport._pool for client in clients]  # type: ignore[attr-defined]
        assert pools[0]._ssl_context is pools[1]._ssl_context
    finally:
        for client in clients:
            await client.close()
        server.close()
        await server.wait_closed()
