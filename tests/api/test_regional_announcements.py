"""Regency-wide announcements, Dinkes's alone: a cuti bersama closes every facility
(but the UGD), a flood in Sedan closes only Kecamatan Sedan's; each facility's
readers see them with their own, the bookings on a closed day are cancelled and the
ticket's closures give the reason; withdrawing reopens the days. A facility's admin
may not publish or withdraw them, nor reach one through their facility."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from api_client import ApiClient, Conflict, Forbidden, NotFound, ValidationFailed
from api_client.models import AnnouncementKind, RegionalAnnouncementCreate, TicketStatus
from server.audit.tables import AuditEventRow
from tests.api.helpers import SUMBER, book, service_id

pytestmark = pytest.mark.anyio

WEDNESDAY, THURSDAY = dt.date(2026, 12, 2), dt.date(2026, 12, 3)
SEDAN = "pkm-sedan"


def flood(kecamatan: str | None = "Sedan", **changes: object) -> RegionalAnnouncementCreate:
    values: dict[str, object] = {
        "kind": AnnouncementKind.closure, "title": "Banjir di Sedan", "body": "Pelayanan dialihkan.",
        "valid_from": WEDNESDAY, "valid_until": WEDNESDAY, "kecamatan": kecamatan,
    }
    return RegionalAnnouncementCreate.model_validate(values | changes)


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(username, "rembang-demo")
    return staff


async def test_a_flood_in_sedan_closes_sedans_facilities_only_and_tells_the_booked(
    client: ApiClient, make_client  # type: ignore[no-untyped-def]
):
    dinkes = await signed_in(make_client, "dinkes")
    sedan = await service_id(client, SEDAN, code="poli-umum")
    sumber = await service_id(client, SUMBER, code="poli-umum")
    in_sedan = await book(client, sedan, serial=1, day=WEDNESDAY)
    in_sumber = await book(client, sumber, serial=2, day=WEDNESDAY)
    published = await dinkes.announcements.publish_regional(flood())
    assert (published.facility_id, published.kecamatan) == (None, "Sedan")
    assert (await client.bookings.get(in_sedan.booking_code)).ticket.status is TicketStatus.cancelled
    assert (await client.bookings.get(in_sumber.booking_code)).ticket.status is TicketStatus.booked
    assert [(c.service_date, c.reason) for c in await client.facilities.closures(SEDAN)
            if c.service_date == WEDNESDAY] == [(WEDNESDAY, "Banjir di Sedan")]
    assert [a.title for a in await client.facilities.announcements(SEDAN)] == ["Banjir di Sedan"]
    assert await client.facilities.announcements(SUMBER) == []
    with pytest.raises(Conflict) as err:
        await book(client, sedan, serial=3, day=WEDNESDAY)
    assert err.value.code == "service_closed"

    await dinkes.announcements.withdraw_regional(published.id)
    assert await client.facilities.announcements(SEDAN) == []
    assert (await book(client, sedan, serial=3, day=WEDNESDAY)).ticket.number == 2
    assert (await client.bookings.get(in_sedan.booking_code)).ticket.status is TicketStatus.cancelled
    assert [a.withdrawn_at is not None for a in await dinkes.announcements.regional()] == [True]


async def test_a_cuti_bersama_reaches_every_facility_and_leaves_the_ugd_open(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    umum = await service_id(client, SUMBER, code="poli-umum")
    await dinkes.announcements.publish_regional(flood(None, title="Cuti bersama", valid_until=THURSDAY))
    for facility_id in (SUMBER, SEDAN, "rsud-soetrasno"):
        assert [a.title for a in await client.facilities.announcements(facility_id)] == ["Cuti bersama"]
    days = {d.service_date: d for d in (await client.facilities.availability(umum)).days}
    assert days[THURSDAY].closed_reason == "Cuti bersama"
    ugd = await service_id(client, "pkm-lasem", code="ugd")
    ugd_days = {d.service_date: d for d in (await client.facilities.availability(ugd)).days}
    assert ugd_days[WEDNESDAY].closed_reason is None


async def test_an_unknown_kecamatan_a_service_or_a_past_date_is_refused(make_client):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    for data, field, code in (
        (flood("Atlantis"), "kecamatan", "kecamatan_unknown"),
        (flood(service_id=1), "service_id", "service_not_of_facility"),
        (flood(valid_from=dt.date(2026, 11, 1), valid_until=dt.date(2026, 11, 2)), "valid_until",
         "date_in_past"),
    ):
        with pytest.raises(ValidationFailed) as err:
            await dinkes.announcements.publish_regional(data)
        assert (err.value.fields[0].field, err.value.fields[0].code) == (field, code)
    assert await dinkes.announcements.regional() == []


async def test_only_dinkes_publishes_or_withdraws_for_the_regency(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    published = await dinkes.announcements.publish_regional(flood())
    for username in ("admin.pkm-sedan", "admin.pkm-sumber", "loket.pkm-sedan"):
        other = await signed_in(make_client, username)
        for attempt in (other.announcements.publish_regional(flood()), other.announcements.regional(),
                        other.announcements.withdraw_regional(published.id)):
            with pytest.raises(Forbidden):
                await attempt
    admin = await signed_in(make_client, "admin.pkm-sedan")  # nor through their own facility
    with pytest.raises(NotFound):
        await admin.announcements.withdraw(SEDAN, published.id)
    assert [a.withdrawn_at for a in await dinkes.announcements.regional()] == [None]


async def test_publishing_and_withdrawing_are_audited_without_the_text(client: ApiClient, make_client, app):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    await book(client, await service_id(client, SEDAN, code="poli-umum"), serial=1, day=WEDNESDAY)
    published = await dinkes.announcements.publish_regional(flood())
    await dinkes.announcements.withdraw_regional(published.id)
    with app.state.lsr.db.read() as session:
        rows = session.scalars(select(AuditEventRow).where(
            AuditEventRow.subject == f"announcement:{published.id}").order_by(AuditEventRow.id)).all()
    assert [(r.action, r.actor, r.facility_id) for r in rows] == [
        ("publish_regional_announcement", "dinkes", None), ("withdraw_announcement", "dinkes", None)]
    after = json.loads(rows[0].after or "")
    assert (after["kecamatan"], after["cancelled"]) == ("Sedan", 1)
    assert all("Banjir" not in (r.before or "") + (r.after or "") for r in rows)


async def test_dinkes_sees_who_a_regional_closure_would_cancel_before_publishing(
    client: ApiClient, make_client  # type: ignore[no-untyped-def]
):
    dinkes = await signed_in(make_client, "dinkes")
    sedan = await service_id(client, SEDAN, code="poli-umum")
    sumber = await service_id(client, SUMBER, code="poli-umum")
    in_sedan = await book(client, sedan, serial=1, day=WEDNESDAY)
    await book(client, sumber, serial=2, day=WEDNESDAY)
    seen = await dinkes.announcements.preview_regional(flood())
    assert [(d.service_id, d.service_date, d.bookings) for d in seen.cancels] == [(sedan, WEDNESDAY, 1)]
    whole = await dinkes.announcements.preview_regional(flood(kecamatan=None))
    assert sorted(d.service_id for d in whole.cancels) == sorted([sedan, sumber])
    assert whole.stays_open and set(seen.stays_open) < set(whole.stays_open)  # the UGDs
    assert (await client.bookings.get(in_sedan.booking_code)).ticket.status is TicketStatus.booked
    admin = await signed_in(make_client, f"admin.{SEDAN}")
    with pytest.raises(Forbidden):
        await admin.announcements.preview_regional(flood())
    with pytest.raises(ValidationFailed) as refused:
        await dinkes.announcements.preview_regional(flood(kecamatan="Atlantis"))
    assert refused.value.fields[0].code == "kecamatan_unknown"
