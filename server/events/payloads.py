"""Events on the way between processes: packed as JSON arrays, each payload under
PostgreSQL's 8,000-byte NOTIFY limit (a Unix datagram holds one as well), and read
back (`server.events.relay`, `server.events.local_relay`)."""

from __future__ import annotations

import json

from api_client.models import QueueEvent

PAYLOAD_LIMIT = 7000  # bytes; PostgreSQL refuses a payload of 8,000 or more


def payloads(events: list[QueueEvent]) -> list[str]:
    """The events as JSON arrays, each under `PAYLOAD_LIMIT` bytes."""
    out: list[str] = []
    chunk: list[str] = []
    size = 2
    for event in events:
        text = event.model_dump_json()
        if chunk and size + len(text) + 1 > PAYLOAD_LIMIT:
            out.append("[" + ",".join(chunk) + "]")
            chunk, size = [], 2
        chunk.append(text)
        size += len(text) + 1
    if chunk:
        out.append("[" + ",".join(chunk) + "]")
    return out


def parse(payload: str) -> list[QueueEvent]:
    return [QueueEvent.model_validate(e) for e in json.loads(payload)]
