"""A screen that hears `reconfigured` reads the facility at once, so the instance that
hands it the event must already hold the change. Here another instance renamed
Puskesmas Sumber (straight in the database, as this instance sees it) and the relay
brings its event: by the time a listener has it, this instance's directory has the
new name; without the event it would keep the old one until its periodic refresh."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from api_client.models import QueueEvent
from server.facilities.tables import FacilityRow
from tests.api.helpers import SUMBER, service_id

pytestmark = pytest.mark.anyio


async def test_the_directory_is_read_again_before_a_reconfigured_event_is_handed_out(app, client):  # type: ignore[no-untyped-def]
    state = app.state.lsr
    sid = await service_id(client, code="poli-umum")
    with state.db.write_transaction() as session:  # another instance's change
        session.get_one(FacilityRow, SUMBER).name = "Puskesmas Sumber Baru"
    assert state.directory.facilities[SUMBER].row.name == "Puskesmas Sumber"

    event = QueueEvent(id=10_000, type="reconfigured", facility_id=SUMBER, service_id=sid,
                       service_date=dt.date(2026, 11, 30), display_number="", at=state.clock.now)
    with state.bus.listen(f"service:{sid}") as listener:
        state.bus.deliver([event])  # as the relay brings it
        heard = await asyncio.wait_for(listener.get(), 1)
        name_when_heard = state.directory.facilities[SUMBER].row.name
    assert heard is not None and heard.type == "reconfigured"
    assert name_when_heard == "Puskesmas Sumber Baru"
    assert (await client.facilities.get(SUMBER)).name == "Puskesmas Sumber Baru"


async def test_queue_movement_does_not_read_the_directory_again(app, client):  # type: ignore[no-untyped-def]
    state = app.state.lsr
    sid = await service_id(client, code="poli-umum")
    with state.db.write_transaction() as session:
        session.get_one(FacilityRow, SUMBER).name = "Puskesmas Sumber Baru"
    event = QueueEvent(id=10_001, type="called", facility_id=SUMBER, service_id=sid,
                       service_date=dt.date(2026, 11, 30), display_number="B-001", at=state.clock.now)
    state.bus.deliver([event])
    assert state.directory.facilities[SUMBER].row.name == "Puskesmas Sumber"  # until the refresh
