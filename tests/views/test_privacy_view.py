"""Data saya in Pengaturan, in-process against the real service: a person sees what
the service holds about them (the visits booked with this phone number, as the screen
says), and deletes it after confirming."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiStatusError, new_idempotency_key
from api_client.models import Payer
from tests.api.helpers import book, nik_for, patient, service_id
from tests.views.harness import run_app

pytestmark = pytest.mark.anyio


async def open_data_saya(app, code: str, phone: str) -> None:  # type: ignore[no-untyped-def]
    await app.fill(label="Kode booking", value=code)
    await app.fill(label="Nomor HP", value=phone)


async def test_my_data_shows_every_visit_with_my_own_data_unmasked(app_main, client):  # type: ignore[no-untyped-def]
    booking = await book(client, await service_id(client, code="poli-umum"))
    async with run_app(app_main, route="/pengaturan", shared_preferences={}) as app:
        await open_data_saya(app, booking.booking_code, "0812 3456 7890")
        await app.click(text="Lihat data saya")
        await app.wait_for(lambda: app.exists(text=f"NIK: {nik_for(1)}"))
        assert app.exists(text="Nomor HP: +6281234567890")
        assert app.exists(text_contains=booking.facility_name)
        assert app.exists(text_contains=booking.ticket.display_number)


async def test_a_wrong_phone_finds_nothing_and_says_so(app_main, client):  # type: ignore[no-untyped-def]
    booking = await book(client, await service_id(client, code="poli-umum"))
    async with run_app(app_main, route="/pengaturan", shared_preferences={}) as app:
        await open_data_saya(app, booking.booking_code, "0813 0000 0000")
        await app.click(text="Lihat data saya")
        await app.wait_for(lambda: app.exists(text_contains="Data tidak ditemukan"))
        assert not app.exists(text_contains=nik_for(1))


async def test_deleting_my_data_asks_first_then_erases_it(app_main, client):  # type: ignore[no-untyped-def]
    booking = await book(client, await service_id(client, code="poli-umum"))
    async with run_app(app_main, route="/pengaturan", shared_preferences={}) as app:
        await open_data_saya(app, booking.booking_code, "0812 3456 7890")
        await app.click(text="Hapus data saya")
        await app.wait_for(lambda: app.exists(text="Ya, hapus data saya"))
        await client.privacy.export(booking_code=booking.booking_code, phone="0812 3456 7890")  # not yet
        await app.click(text="Ya, hapus data saya")
        await app.wait_for(lambda: app.exists(text="Data pribadi Anda di 1 kunjungan sudah dihapus."))
    with pytest.raises(ApiStatusError, match="booking_not_found"):
        await client.privacy.export(booking_code=booking.booking_code, phone="0812 3456 7890")


async def test_data_saya_says_it_shows_this_phones_visits_and_where_to_go_for_all_of_a_nik(  # type: ignore[no-untyped-def]
    app_main, client,
):
    sid = await service_id(client, code="poli-umum")
    mine = await book(client, sid)
    await client.bookings.create(  # someone else typed the same NIK with their own phone
        service_id=sid, service_date=dt.date(2026, 12, 1), payer=Payer.jkn,
        patient=patient(1, phone="0857 9999 0000"), consent_version="2026-11",
        idempotency_key=new_idempotency_key(),
    )
    async with run_app(app_main, route="/pengaturan", shared_preferences={}) as app:
        scope = " ".join(app.texts(root=app.find(identifier="privacy-scope")))
        assert "hanya kunjungan yang didaftarkan dengan nomor HP ini" in scope
        assert "Dinas Kesehatan" in scope and "KTP" in scope
        await open_data_saya(app, mine.booking_code, "0812 3456 7890")
        await app.click(text="Lihat data saya")
        await app.wait_for(lambda: app.exists(text=f"NIK: {nik_for(1)}"))
        assert app.exists(text="Nomor HP: +6281234567890")
        assert not app.exists(text_contains="+6285799990000")
