"""One call to BPJS's Antrol (us → BPJS): signed, its answer opened. Everything that
goes wrong in transit (no connection, a timeout, a 5xx, an answer that does not open)
is `Unreachable`: the outbox tries again later. An answer BPJS gives is an `Answer`,
whatever its code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from server.bpjs.credentials import FacilityCredentials
from server.bpjs.messages import Message
from server.bpjs.signing import open_response, request_headers

TIMEOUT = httpx.Timeout(15.0, connect=5.0)


@dataclass(frozen=True)
class Answer:
    code: int
    message: str
    response: Any = None

    @property
    def ok(self) -> bool:
        return self.code == 200


class Unreachable(Exception):
    """BPJS did not answer usably; the message says how (never a secret)."""


async def send(
    client: httpx.AsyncClient, credentials: FacilityCredentials, message: Message, *, timestamp: int
) -> Answer:
    url = f"{credentials.url}/{message.path}"
    try:
        reply = await client.post(url, content=json.dumps(message.body),
                                  headers=request_headers(credentials, timestamp), timeout=TIMEOUT)
    except httpx.TimeoutException:
        raise Unreachable(f"{message.path}: no answer within {TIMEOUT.read:.0f} s") from None
    except httpx.TransportError as err:
        raise Unreachable(f"{message.path}: {type(err).__name__}") from None
    if reply.status_code >= 500:
        raise Unreachable(f"{message.path}: HTTP {reply.status_code}")
    try:
        envelope = reply.json()
        meta = envelope.get("metadata") or envelope.get("metaData") or {}
        code, text = int(meta["code"]), str(meta.get("message", ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise Unreachable(f"{message.path}: HTTP {reply.status_code}, not a BPJS answer") from None
    response = envelope.get("response")
    if isinstance(response, str) and response:
        try:
            response = open_response(response, cons_id=credentials.cons_id,
                                     secret=credentials.secret.get_secret_value(),
                                     timestamp=str(timestamp))
        except ValueError as err:
            raise Unreachable(f"{message.path}: {err}") from None
    return Answer(code=code, message=text[:300], response=response)
