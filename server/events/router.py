"""Server-sent events per service and per facility, resumable with `Last-Event-ID`.

On connect the stream first replays what the client missed (events after its
last id, from the database, today only), then follows live. A comment line is
sent every `HEARTBEAT` seconds so proxies keep the connection open.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from api_client.models import QueueEvent
from server.clock import service_date_of
from server.deps import FacilityDep, ServiceDep, StateDep
from server.errors import documented
from server.events.tables import QueueEventRow

router = APIRouter(tags=["events"], responses=documented(404, 422))
HEARTBEAT = 15.0
REPLAY_LIMIT = 500


def _frame(event: QueueEvent) -> str:
    return f"id: {event.id}\nevent: {event.type}\ndata: {event.model_dump_json()}\n\n"


def _replay(state: StateDep, where: object, after: int, now_date: object) -> list[QueueEvent]:
    with state.db.read() as session:
        rows = session.scalars(
            select(QueueEventRow)
            .where(where & (QueueEventRow.id > after) & (QueueEventRow.service_date == now_date))  # type: ignore[operator]
            .order_by(QueueEventRow.id)
            .limit(REPLAY_LIMIT)
        ).all()
    return [
        QueueEvent(
            id=r.id, type=r.type, facility_id=r.facility_id,  # type: ignore[arg-type]
            service_id=r.service_id, service_date=r.service_date,
            display_number=r.display_number, counter=r.counter, at=r.at,
        )
        for r in rows
    ]


async def _stream(
    request: Request, state: StateDep, topic: str, where: object, last_id: int | None
) -> AsyncIterator[str]:
    with state.bus.listen(topic) as listener:
        yield "retry: 2000\n\n"
        sent = last_id or 0
        if last_id is not None:
            missed = await asyncio.to_thread(
                _replay, state, where, last_id, service_date_of(state.clock())
            )
            for event in missed:
                sent = event.id
                yield _frame(event)
        while not await request.is_disconnected():
            try:  # asyncio.timeout, not wait_for: 3.11's wait_for can lose a cancellation
                async with asyncio.timeout(HEARTBEAT):
                    live = await listener.get()
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            if live is None:  # fell too far behind: end, the client resumes
                return
            if live.id > sent:
                sent = live.id
                yield _frame(live)


def _last_id(header: str | None, query: int | None) -> int | None:
    if query is not None:
        return query
    if header and header.strip().isdigit():
        return int(header.strip())
    return None


LastEventId = Annotated[str | None, Header(alias="Last-Event-ID", max_length=20)]
AfterQuery = Annotated[int | None, Query(ge=0, description="resume after this event id")]
_SSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/event-stream": {}}, "description": "server-sent events"}
}


@router.get("/services/{service_id}/events", response_class=StreamingResponse, responses=_SSE)
async def service_events(
    request: Request, service: ServiceDep, state: StateDep,
    last_event_id: LastEventId = None, after: AfterQuery = None,
) -> StreamingResponse:
    where = QueueEventRow.service_id == service.id
    return StreamingResponse(
        _stream(request, state, f"service:{service.id}", where, _last_id(last_event_id, after)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/facilities/{facility_id}/events", response_class=StreamingResponse, responses=_SSE)
async def facility_events(
    request: Request, facility: FacilityDep, state: StateDep,
    last_event_id: LastEventId = None, after: AfterQuery = None,
) -> StreamingResponse:
    where = QueueEventRow.facility_id == facility.row.id
    return StreamingResponse(
        _stream(request, state, f"facility:{facility.row.id}", where,
                _last_id(last_event_id, after)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
