"""An admin's announcements after publishing: a preview of who a closure reaches
(nothing written), a change of its dates (new days closed and their bookings
cancelled, dropped days reopened), a withdrawal (its days reopen, what it cancelled
stays cancelled), and every one of them refused to anyone but the facility's admin
or Dinkes, and audited without a word of its text."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from api_client import ApiClient, ApiStatusError, Conflict, NotFound
from api_client.models import (
    AnnouncementChange,
    AnnouncementCreate,
    AnnouncementKind,
    TicketStatus,
)
from server.audit.tables import AuditEventRow
from tests.api.helpers import SUMBER, book, service_id

pytestmark = pytest.mark.anyio

TUE, WED, THU = dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3)
LASEM = "pkm-lasem"


def closure(first: dt.date, last: dt.date, *, title: str = "Fumigasi gedung") -> AnnouncementCreate:
    return AnnouncementCreate(
        kind=AnnouncementKind.closure, title=title, body="Pelayanan dialihkan ke Puskesmas Bulu.",
        valid_from=first, valid_until=last,
    )


def change(first: dt.date, last: dt.date, *, title: str = "Fumigasi gedung") -> AnnouncementChange:
    return AnnouncementChange(
        title=title, body="Pelayanan dialihkan ke Puskesmas Bulu.", valid_from=first, valid_until=last,
    )


async def admin_of(make_client, facility: str = SUMBER) -> ApiClient:  # type: ignore[no-untyped-def]
    admin = make_client()
    await admin.staff.login("dinkes" if facility == "dinkes" else f"admin.{facility}", "rembang-demo")
    return admin


async def closed(client: ApiClient, facility: str = SUMBER) -> dict[dt.date, str]:
    """The facility's closed days of this week (not the year's cuti bersama)."""
    return {c.service_date: c.reason for c in await client.facilities.closures(facility)
            if c.service_date <= dt.date(2026, 12, 6)}


async def status(client: ApiClient, code: str) -> TicketStatus:
    return (await client.bookings.get(code)).ticket.status


async def test_the_preview_counts_who_a_closure_reaches_and_writes_nothing(client, make_client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    gigi = await service_id(client, code="poli-gigi")
    wed = [await book(client, umum, serial=n, day=WED) for n in (1, 2, 3)]
    await book(client, gigi, serial=4, day=THU)
    admin = await admin_of(make_client)

    impact = await admin.announcements.preview(SUMBER, closure(WED, THU))

    assert [(d.service_id, d.service_date, d.bookings) for d in impact.cancels] == [
        (umum, WED, 3), (gigi, THU, 1),
    ]
    assert await client.facilities.announcements(SUMBER) == []
    assert await closed(client) == {}
    assert {await status(client, b.booking_code) for b in wed} == {TicketStatus.booked}
    assert (await book(client, umum, serial=5, day=WED)).ticket.number == 4


async def test_a_closure_of_the_whole_facility_says_its_24_hour_ugd_stays_open(client, make_client):  # type: ignore[no-untyped-def]
    ugd = await service_id(client, LASEM, code="ugd")
    admin = await admin_of(make_client, LASEM)
    whole = await admin.announcements.preview(LASEM, closure(WED, WED))
    assert whole.stays_open == [ugd]
    one = await admin.announcements.preview(LASEM, closure(WED, WED).model_copy(update={"service_id": ugd}))
    assert one.stays_open == []


async def test_a_change_of_dates_closes_the_new_days_and_reopens_the_dropped_ones(client, make_client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    on_tue = await book(client, umum, serial=1, day=TUE)
    on_thu = [await book(client, umum, serial=n, day=THU) for n in (2, 3)]
    admin = await admin_of(make_client)
    published = await admin.staff.publish_announcement(SUMBER, closure(TUE, WED))
    assert await status(client, on_tue.booking_code) is TicketStatus.cancelled

    moved = change(WED, THU, title="Fumigasi gedung (diundur)")
    impact = await admin.announcements.preview_change(SUMBER, published.id, moved)
    assert impact.reopens == [TUE]
    assert impact.stay_cancelled == 1
    assert [(d.service_date, d.bookings) for d in impact.cancels] == [(THU, 2)]
    assert {await status(client, b.booking_code) for b in on_thu} == {TicketStatus.booked}  # a dry run

    changed = await admin.announcements.change(SUMBER, published.id, moved)

    assert (changed.valid_from, changed.valid_until, changed.title) == (WED, THU, "Fumigasi gedung (diundur)")
    assert {await status(client, b.booking_code) for b in on_thu} == {TicketStatus.cancelled}
    assert await status(client, on_tue.booking_code) is TicketStatus.cancelled  # stays so
    assert await closed(client) == {WED: "Fumigasi gedung (diundur)", THU: "Fumigasi gedung (diundur)"}
    days = {d.service_date: d for d in (await client.facilities.availability(umum)).days}
    assert days[TUE].open and days[THU].closed_reason == "Fumigasi gedung (diundur)"
    assert (await book(client, umum, serial=4, day=TUE)).ticket.number == 2
    assert [a.title for a in await client.facilities.announcements(SUMBER)] == ["Fumigasi gedung (diundur)"]


async def test_a_withdrawn_closure_reopens_booking_and_what_it_cancelled_stays_cancelled(client, make_client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    booked = [await book(client, umum, serial=n, day=WED) for n in (1, 2)]
    admin = await admin_of(make_client)
    published = await admin.staff.publish_announcement(SUMBER, closure(WED, THU))

    impact = await admin.announcements.preview_withdrawal(SUMBER, published.id)
    assert (impact.reopens, impact.stay_cancelled, impact.cancels) == ([WED, THU], 2, [])

    withdrawn = await admin.announcements.withdraw(SUMBER, published.id)

    assert withdrawn.withdrawn_at is not None
    assert await client.facilities.announcements(SUMBER) == []
    assert await closed(client) == {}
    assert [a.withdrawn_at for a in await admin.announcements.managed(SUMBER)] == [withdrawn.withdrawn_at]
    assert {await status(client, b.booking_code) for b in booked} == {TicketStatus.cancelled}
    days = {d.service_date: d for d in (await client.facilities.availability(umum)).days}
    assert days[WED].open and days[THU].open
    again = await book(client, umum, serial=1, day=WED)  # the same patient books again
    assert again.ticket.number == 3 and again.ticket.status is TicketStatus.booked


async def test_a_withdrawn_announcement_can_be_neither_withdrawn_nor_changed_again(make_client):  # type: ignore[no-untyped-def]
    admin = await admin_of(make_client)
    published = await admin.staff.publish_announcement(SUMBER, closure(WED, WED))
    await admin.announcements.withdraw(SUMBER, published.id)
    for act in (admin.announcements.withdraw(SUMBER, published.id),
                admin.announcements.change(SUMBER, published.id, change(WED, THU))):
        with pytest.raises(Conflict) as err:
            await act
        assert err.value.code == "announcement_withdrawn"
    assert await closed(admin) == {}


async def test_a_change_is_held_to_the_rules_of_publishing(make_client):  # type: ignore[no-untyped-def]
    admin = await admin_of(make_client)
    published = await admin.staff.publish_announcement(SUMBER, closure(WED, WED))
    with pytest.raises(ApiStatusError) as err:
        await admin.announcements.change(SUMBER, published.id, change(THU, WED))
    assert err.value.fields[0].code == "date_range_reversed"
    with pytest.raises(ApiStatusError) as err:
        await admin.announcements.change(SUMBER, published.id, change(WED, WED + dt.timedelta(days=40)))
    assert err.value.fields[0].code == "closure_too_long"


# ------------------------------------------------------------------ attackers


async def outcome(act) -> str:  # type: ignore[no-untyped-def]
    try:
        await act
    except ApiStatusError as err:
        return f"{err.status} {err.code}"
    return "done"


@pytest.mark.parametrize("who", ["loket", "poli", "admin-elsewhere", "kiosk", "nobody"])
async def test_only_the_facilitys_admin_or_dinkes_manages_its_announcements(client, make_client, who):  # type: ignore[no-untyped-def]
    admin = await admin_of(make_client)
    published = await admin.staff.publish_announcement(SUMBER, closure(WED, THU))
    attacker = make_client(kiosk_key=f"demo-kiosk-{SUMBER}") if who == "kiosk" else make_client()
    if who in ("loket", "poli"):
        await attacker.staff.login(f"{who}.{SUMBER}", "rembang-demo")
    elif who == "admin-elsewhere":
        await attacker.staff.login(f"admin.{LASEM}", "rembang-demo")
    denied = "401 unauthorized" if who == "nobody" else "403 forbidden"
    tries = {
        "publish": attacker.staff.publish_announcement(SUMBER, closure(WED, WED)),
        "preview": attacker.announcements.preview(SUMBER, closure(WED, WED)),
        "list": attacker.announcements.managed(SUMBER),
        "preview_change": attacker.announcements.preview_change(SUMBER, published.id, change(WED, WED)),
        "change": attacker.announcements.change(SUMBER, published.id, change(WED, WED)),
        "preview_withdrawal": attacker.announcements.preview_withdrawal(SUMBER, published.id),
        "withdraw": attacker.announcements.withdraw(SUMBER, published.id),
    }
    assert {name: await outcome(act) for name, act in tries.items()} == dict.fromkeys(tries, denied)
    assert list(await closed(client)) == [WED, THU]


async def test_another_facilitys_closure_cannot_be_reached_by_its_id_through_ones_own(client, make_client):  # type: ignore[no-untyped-def]
    sumber = await admin_of(make_client)
    published = await sumber.staff.publish_announcement(SUMBER, closure(WED, THU))
    lasem = await admin_of(make_client, LASEM)
    for act in (lasem.announcements.withdraw(LASEM, published.id),
                lasem.announcements.preview_withdrawal(LASEM, published.id),
                lasem.announcements.change(LASEM, published.id, change(WED, WED))):
        with pytest.raises(NotFound) as err:
            await act
        assert err.value.code == "announcement_not_found"
    assert list(await closed(client)) == [WED, THU]


async def test_dinkes_manages_the_announcements_of_every_facility(client, make_client):  # type: ignore[no-untyped-def]
    dinkes = await admin_of(make_client, "dinkes")
    published = await dinkes.staff.publish_announcement(LASEM, closure(WED, WED))
    await dinkes.announcements.withdraw(LASEM, published.id)
    assert await closed(client, LASEM) == {}


async def test_publishing_changing_and_withdrawing_are_audited_without_their_text(app, make_client):  # type: ignore[no-untyped-def]
    admin = await admin_of(make_client)
    published = await admin.staff.publish_announcement(SUMBER, closure(WED, WED, title="Rahasia judul"))
    await admin.announcements.change(SUMBER, published.id, change(WED, THU, title="Rahasia judul"))
    await admin.announcements.withdraw(SUMBER, published.id)
    with app.state.lsr.db.read() as session:
        rows = session.scalars(
            select(AuditEventRow).where(AuditEventRow.subject == f"announcement:{published.id}")
            .order_by(AuditEventRow.id)
        ).all()
    assert [(r.action, r.actor, r.facility_id) for r in rows] == [
        ("publish_announcement", "admin.pkm-sumber", SUMBER),
        ("change_announcement", "admin.pkm-sumber", SUMBER),
        ("withdraw_announcement", "admin.pkm-sumber", SUMBER),
    ]
    changed = rows[1]
    assert json.loads(changed.before or "")["valid_until"] == WED.isoformat()
    assert json.loads(changed.after or "")["valid_until"] == THU.isoformat()
    assert json.loads(rows[2].after or "")["reopened_days"] == 2
    assert all("Rahasia" not in (r.before or "") + (r.after or "") for r in rows)
