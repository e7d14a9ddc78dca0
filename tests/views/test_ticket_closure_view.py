"""The ticket of someone booked on a date their puskesmas then announced closed: it
says so, with the reason, and leads to booking another day. A booking the patient
cancelled themself gets no such notice."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client.models import AnnouncementCreate, AnnouncementKind
from tests.api.helpers import SUMBER, book, service_id
from tests.views.harness import run_app

pytestmark = pytest.mark.anyio

CLOSED = dt.date(2026, 12, 2)


async def close_sumber(make_client) -> None:  # type: ignore[no-untyped-def]
    admin = make_client()
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    await admin.staff.publish_announcement(SUMBER, AnnouncementCreate(
        kind=AnnouncementKind.closure, title="Fumigasi gedung", body="Pelayanan dialihkan ke Puskesmas Bulu.",
        valid_from=CLOSED, valid_until=CLOSED,
    ))


async def test_a_ticket_on_a_closed_date_says_why_and_leads_to_another_day(app_main, client, make_client):  # type: ignore[no-untyped-def]
    mine = await book(client, await service_id(client, code="poli-umum"), day=CLOSED)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="ticket-status"))
        assert not app.exists(identifier="closed-day")
        await close_sumber(make_client)
        await app.navigate("/tiket")
        await app.navigate(f"/tiket/{mine.booking_code}")
        await app.wait_for(lambda: app.exists(identifier="closed-day"))
        notice = " ".join(app.texts(root=app.find(identifier="closed-day")))
        assert "Faskes tutup pada tanggal ini: Fumigasi gedung" in notice
        assert "Silakan pesan nomor untuk hari lain." in notice
        assert " ".join(app.texts(root=app.find(identifier="ticket-status"))) == "Dibatalkan"
        await app.click(identifier="book-again")  # "Ambil nomor baru": the same poli, another day
        await app.wait_for(lambda: app.route == f"/faskes/{SUMBER}/pesan/{mine.ticket.service_id}")


async def test_a_booking_cancelled_by_the_patient_gets_no_closure_notice(app_main, client, make_client):  # type: ignore[no-untyped-def]
    mine = await book(client, await service_id(client, code="poli-umum"), day=dt.date(2026, 12, 3))
    await client.bookings.cancel(mine.booking_code)
    await close_sumber(make_client)  # another date
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="ticket-status"))
        assert " ".join(app.texts(root=app.find(identifier="ticket-status"))) == "Dibatalkan"
        await app.settle()
        assert not app.exists(identifier="closed-day")


async def test_a_closure_of_another_service_that_day_gets_no_closure_notice(app_main, client, make_client):  # type: ignore[no-untyped-def]
    """Lasem closes its UGD for a day; a poli booking the patient cancelled that day is
    not told the facility was closed."""
    poli = await service_id(client, "pkm-lasem", code="poli-umum")
    mine = await book(client, poli, day=CLOSED)
    await client.bookings.cancel(mine.booking_code)
    admin = make_client()
    await admin.staff.login("admin.pkm-lasem", "rembang-demo")
    await admin.staff.publish_announcement("pkm-lasem", AnnouncementCreate(
        kind=AnnouncementKind.closure, title="Perbaikan UGD", body="UGD dialihkan ke RSUD.",
        valid_from=CLOSED, valid_until=CLOSED, service_id=await service_id(client, "pkm-lasem", code="ugd"),
    ))
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="ticket-status"))
        await app.settle()
        assert not app.exists(identifier="closed-day")


async def test_a_ticket_cancelled_by_a_closure_withdrawn_since_says_why_and_that_it_stays_cancelled(  # type: ignore[no-untyped-def]
    app_main, client, make_client,
):
    """The closure's day is open again, so "closed on this date" would be wrong; but
    "Dibatalkan" alone leaves the patient guessing."""
    mine = await book(client, await service_id(client, code="poli-umum"), day=CLOSED)
    await close_sumber(make_client)
    admin = make_client()
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    closure = next(a for a in await admin.announcements.managed(SUMBER) if a.title == "Fumigasi gedung")
    await admin.announcements.withdraw(SUMBER, closure.id)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="closed-day"))
        notice = " ".join(app.texts(root=app.find(identifier="closed-day")))
        assert "Dibatalkan karena penutupan: Fumigasi gedung" in notice
        assert "Penutupan itu sudah dicabut, tetapi nomor yang sudah dibatalkan tetap batal." in notice
        assert "tutup pada tanggal ini" not in notice
        assert " ".join(app.texts(root=app.find(identifier="ticket-status"))) == "Dibatalkan"
