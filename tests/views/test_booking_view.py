"""Ambil Nomor Antrean: a patient books a number in five plain steps, against the
real service in-process (Monday 30 November 2026, 08:00 WIB)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import flet as ft
import httpx
import pytest

from api_client import ApiClient
from api_client.models import Payer
from server.api import API_PATH
from server.queue.limits import BookingLimits
from session.i18n import Translator
from session.settings import AppSettings
from tests.api.helpers import SUMBER, book, nik_for, service_id
from tests.views.harness import AppHarness, iter_controls, run_app
from views.app import main_for

pytestmark = pytest.mark.anyio

MONDAY = dt.date(2026, 11, 30)
TUESDAY = dt.date(2026, 12, 1)
SITI = {
    "name": "Siti Aminah", "nik": nik_for(7), "phone": "0812 3456 7890",
    "birth_day": "5", "birth_month": "6", "birth_year": "1990", "bpjs_number": "0000000000007",
}


def booking_route(sid: int, facility_id: str = SUMBER) -> str:
    return f"/faskes/{facility_id}/pesan/{sid}"


def open_booking(main, sid: int, **options):  # type: ignore[no-untyped-def]
    """The booking screen of Puskesmas Sumber's service `sid`; patient with a busy
    machine (several test suites may run at once)."""
    return run_app(main, route=booking_route(sid), timeout=20, **options)


def text_field(app: AppHarness, identifier: str) -> ft.TextField:
    return next(c for c in iter_controls(app.find(identifier=identifier)) if isinstance(c, ft.TextField))


def checkbox(app: AppHarness, identifier: str) -> ft.Checkbox:
    return next(c for c in iter_controls(app.find(identifier=identifier)) if isinstance(c, ft.Checkbox))


async def type_into(app: AppHarness, field: str, value: str) -> None:
    """Type into a patient field, then leave it (the check runs as the user leaves)."""
    control = text_field(app, f"patient-{field.replace('_', '-')}")
    await app.fill(control, value)
    await app.trigger(control, "blur")


async def tick(app: AppHarness, identifier: str, value: bool = True) -> None:
    box = checkbox(app, identifier)
    await app.trigger(box, "change", str(value).lower(), props={"value": value})


def step_text(app: AppHarness) -> str:
    return app.find(identifier="booking-step").content.value


async def choose_day_and_payer(app: AppHarness, day: dt.date = MONDAY, payer: str = "jkn") -> None:
    await app.wait_for(lambda: app.exists(identifier=f"day-{day.isoformat()}"))
    await app.click(identifier=f"day-{day.isoformat()}")
    await app.click(identifier=f"payer-{payer}")


async def fill_patient(app: AppHarness, **changes: str) -> None:
    values = {**SITI, **changes}
    for field in ("name", "nik", "phone", "birth_day", "birth_month", "birth_year"):
        await type_into(app, field, values[field])
    if app.exists(identifier="patient-bpjs-number"):
        await type_into(app, "bpjs_number", values["bpjs_number"])


async def agree_and_reach_confirm(app: AppHarness) -> None:
    await app.click(identifier="patient-next")
    assert step_text(app) == "Langkah 4 dari 5"
    await tick(app, "consent-check")
    await app.click(identifier="consent-next")
    assert step_text(app) == "Langkah 5 dari 5"


async def test_a_patient_books_a_number_in_five_steps_and_lands_on_her_ticket(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await app.wait_for(lambda: app.exists(identifier="day-2026-11-30"))
        assert step_text(app) == "Langkah 1 dari 5"
        assert app.exists(text="Senin, 30 November 2026")
        assert app.exists(text="Hari ini")
        assert app.exists(text="Sisa tempat: JKN 40 · Umum 20")
        assert app.exists(text="Tutup")  # Sunday 6 December
        await app.click(identifier="day-2026-11-30")
        assert step_text(app) == "Langkah 2 dari 5"
        assert app.exists(text="Sisa 40 tempat")
        await app.click(identifier="payer-jkn")
        assert step_text(app) == "Langkah 3 dari 5"
        await fill_patient(app)
        await agree_and_reach_confirm(app)
        assert app.exists(text="Siti Aminah")
        assert app.exists(text="3317********0007")
        assert app.exists(text="Puskesmas Sumber")
        await app.click(identifier="booking-confirm")
        assert app.route.startswith("/tiket/")
        code = app.route.removeprefix("/tiket/")
        saved = json.loads(app.shared_preferences["lsr.wallet"])
        kept = app.kept_patients()
    assert [t["booking_code"] for t in saved["tickets"]] == [code]
    # the first patient on a device is kept (she could untick it), with how she paid and
    # the consent she gave: next time her booking is one tap after the day
    assert kept == [{
        "name": "Siti Aminah", "nik": SITI["nik"], "phone": "+6281234567890",
        "birth_date": "1990-06-05", "bpjs_number": "0000000000007", "payer": "jkn",
        "consent_version": "2026-11",
    }]
    state = await client.queues.state(sid)
    assert state.total == 1
    booking = await client.bookings.get(code)
    assert booking.payer is Payer.jkn and booking.service_date == MONDAY


async def test_a_bad_nik_is_explained_at_the_field_and_books_nothing(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app)
        await type_into(app, "nik", "331701450690001")  # 15 digits
        assert text_field(app, "patient-nik").error == "NIK harus 16 angka, yang diisi 15 angka."
        await fill_patient(app, nik="3317014506900000")  # serial 0000
        assert text_field(app, "patient-nik").error == (
            "4 angka terakhir NIK tidak boleh 0000. Periksa lagi NIK di KTP atau KK."
        )
        await app.click(identifier="patient-next")
        assert step_text(app) == "Langkah 3 dari 5"
    assert (await client.queues.state(sid)).total == 0


async def test_a_birth_date_that_differs_from_the_nik_is_caught_before_sending(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app, payer="non_jkn")
        await fill_patient(app, birth_day="6")
        assert app.exists(text=(
            "Tanggal lahir tidak sama dengan yang tertulis di NIK. Periksa lagi tanggal lahir dan NIK."
        ))
        assert not app.exists(identifier="patient-bpjs-number")  # Umum needs no BPJS card
        await type_into(app, "birth_day", "5")
        assert not app.exists(identifier="patient-birth-date-error")
        await app.click(identifier="patient-next")
        assert step_text(app) == "Langkah 4 dari 5"


async def test_jkn_without_a_bpjs_number_is_stopped_at_the_field(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app, payer="jkn")
        await fill_patient(app, bpjs_number="")
        await app.click(identifier="patient-next")
        assert step_text(app) == "Langkah 3 dari 5"
        assert text_field(app, "patient-bpjs-number").error == (
            "Untuk pasien BPJS (JKN), isi nomor kartu BPJS 13 angka."
        )
        await type_into(app, "bpjs_number", "12345")
        assert text_field(app, "patient-bpjs-number").error == (
            "Nomor kartu BPJS harus 13 angka, yang diisi 5 angka."
        )
    assert (await client.queues.state(sid)).total == 0


async def test_a_quota_filled_meanwhile_offers_the_next_free_dates_and_books_the_chosen_one(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-gigi")
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app, payer="jkn")
        await fill_patient(app)
        await agree_and_reach_confirm(app)
        for serial in range(100, 110):  # others took the last 10 JKN places while she typed
            await book(client, sid, serial=serial, payer=Payer.jkn)
        await app.click(identifier="booking-confirm")
        assert app.exists(text="Kuota hari itu sudah penuh. Silakan pilih tanggal lain.")
        assert app.exists(text="Selasa, 01 Desember 2026")
        await app.click(identifier="next-date-2026-12-01")
        assert step_text(app) == "Langkah 2 dari 5"
        assert app.exists(text="Tanggal: Selasa, 01 Desember 2026")
        await app.click(identifier="payer-jkn")
        assert text_field(app, "patient-nik").value == SITI["nik"]  # nothing typed is lost
        await agree_and_reach_confirm(app)
        await app.click(identifier="booking-confirm")
        assert app.route.startswith("/tiket/")
    assert (await client.queues.state(sid, date=MONDAY)).total == 10
    assert (await client.queues.state(sid, date=TUESDAY)).total == 1


async def test_a_full_day_says_penuh_and_cannot_be_chosen(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-gigi")
    for serial in range(100, 110):
        await book(client, sid, serial=serial, payer=Payer.jkn)
    async with open_booking(app_main, sid) as app:
        await app.wait_for(lambda: app.exists(identifier="day-2026-11-30"))
        assert app.exists(text="Sisa tempat: JKN 0 · Umum 5")
        await app.click(identifier="day-2026-11-30")
        assert app.exists(text="Penuh")  # JKN
        with pytest.raises(AssertionError, match="disabled"):
            await app.click(identifier="payer-jkn")
    for serial in range(110, 115):
        await book(client, sid, serial=serial, payer=Payer.non_jkn)
    async with open_booking(app_main, sid) as app:
        await app.wait_for(lambda: app.exists(identifier="day-2026-11-30"))
        assert "Penuh" in app.texts(app.find(identifier="day-2026-11-30"))
        with pytest.raises(AssertionError, match="disabled"):
            await app.click(identifier="day-2026-11-30")


async def test_a_double_tap_on_the_confirm_button_makes_one_booking(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app)
        await fill_patient(app)
        await agree_and_reach_confirm(app)
        button = app.find(identifier="booking-confirm")
        await asyncio.gather(app.click(button), app.click(button))
        await app.wait_for(lambda: app.route.startswith("/tiket/"))
    assert (await client.queues.state(sid)).total == 1


class DropsFirstBookingAnswer(httpx.AsyncBaseTransport):
    """The booking reaches the service, but its answer is lost on the way back once."""

    def __init__(self, app: object) -> None:
        self.inner = httpx.ASGITransport(app)  # type: ignore[arg-type]
        self.keys: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith("/bookings"):
            self.keys.append(request.headers["Idempotency-Key"])
            if len(self.keys) == 1:
                raise httpx.ReadError("connection lost", request=request)
        return response


async def test_a_lost_connection_keeps_everything_and_a_retry_books_once(app, client):  # type: ignore[no-untyped-def]
    transport = DropsFirstBookingAnswer(app)
    main = main_for(AppSettings(), make_client=lambda: ApiClient(
        "http://lsr.test/api", transport=transport, retry_attempts=1))
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(main, sid) as ui:
        await choose_day_and_payer(ui)
        await fill_patient(ui)
        await agree_and_reach_confirm(ui)
        await ui.click(identifier="booking-confirm")
        assert ui.exists(identifier="booking-offline")
        assert ui.exists(text="Siti Aminah")
        await ui.click(identifier="booking-retry")
        assert ui.route.startswith("/tiket/")
    assert len(transport.keys) == 2 and transport.keys[0] == transport.keys[1]
    assert (await client.queues.state(sid)).total == 1


async def test_a_second_booking_for_the_same_day_says_so_and_points_to_her_tickets(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    await book(client, sid, serial=7)  # booked earlier, on another phone
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app)
        await fill_patient(app)
        await agree_and_reach_confirm(app)
        await app.click(identifier="booking-confirm")
        assert app.exists(text="Anda sudah punya nomor antrean di layanan ini pada tanggal itu.")
        await app.click(identifier="booking-change-date")
        assert step_text(app) == "Langkah 1 dari 5"
    assert (await client.queues.state(sid)).total == 1


async def test_told_already_booked_she_cancels_the_other_and_her_next_try_books(app_main, client):  # type: ignore[no-untyped-def]
    """The service keeps its "no" for the key it answered (server/idempotency.py): the
    app never sends that key again; coming back to the last step is a new try."""
    sid = await service_id(client, SUMBER, "poli-umum")
    earlier = await book(client, sid, serial=7)  # booked earlier, on another phone
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app)
        await fill_patient(app)
        await agree_and_reach_confirm(app)
        await app.click(identifier="booking-confirm")
        assert app.exists(text="Anda sudah punya nomor antrean di layanan ini pada tanggal itu.")
        assert not app.exists(identifier="booking-confirm")
        await client.bookings.cancel(earlier.booking_code)
        await app.click(identifier="booking-back")
        await app.click(identifier="consent-next")
        await app.click(identifier="booking-confirm")
        assert app.route.startswith("/tiket/")
    assert (await client.bookings.get(app.route.removeprefix("/tiket/"))).ticket.number == 2


async def test_at_her_nik_limit_she_cancels_another_booking_and_taps_again_and_books(app_main, app, client):  # type: ignore[no-untyped-def]
    """The service keeps its 409 for the key it answered: the app's next tap on the
    same screen is a new request, not that answer again."""
    api = next(r.app for r in app.routes if getattr(r, "path", None) == API_PATH)
    api.state.group_commit.limits = BookingLimits(per_phone=1000, per_nik=1)
    gigi = await service_id(client, SUMBER, "poli-gigi")
    other = await book(client, gigi, serial=7)  # her one active booking allowed
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as screen:
        await choose_day_and_payer(screen)
        await fill_patient(screen)
        await agree_and_reach_confirm(screen)
        await screen.click(identifier="booking-confirm")
        await screen.wait_for(lambda: screen.exists(identifier="booking-error"))
        assert not screen.route.startswith("/tiket/")
        await client.bookings.cancel(other.booking_code)
        await screen.click(identifier="booking-confirm")
        assert screen.route.startswith("/tiket/")


class RefusesTheNik(httpx.AsyncBaseTransport):
    """The service refuses the NIK (say, its rules changed after this app was built)."""

    def __init__(self, app: object) -> None:
        self.inner = httpx.ASGITransport(app)  # type: ignore[arg-type]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/bookings"):
            return httpx.Response(422, json={"error": {
                "code": "validation_failed", "message": "bad nik",
                "fields": [{"field": "patient.nik", "code": "nik_region", "message": "region"}],
            }})
        return await self.inner.handle_async_request(request)


async def test_a_field_the_service_refuses_is_shown_at_that_field(app, client):  # type: ignore[no-untyped-def]
    main = main_for(AppSettings(), make_client=lambda: ApiClient(
        "http://lsr.test/api", transport=RefusesTheNik(app), retry_attempts=1))
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(main, sid) as ui:
        await choose_day_and_payer(ui)
        await fill_patient(ui)
        await agree_and_reach_confirm(ui)
        await ui.click(identifier="booking-confirm")
        assert step_text(ui) == "Langkah 3 dari 5"
        assert text_field(ui, "patient-nik").error.startswith("NIK tidak dikenal")


async def test_a_saved_profile_fills_the_form_and_can_be_saved_again(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    wallet = {"tickets": [], "profiles": [{
        "name": "Budi Santoso", "nik": nik_for(9, woman=False), "phone": "+6281234567890",
        "birth_date": "1990-06-05", "bpjs_number": "0000000000009",
    }]}
    prefs = {"lsr.wallet": json.dumps(wallet)}
    async with open_booking(app_main, sid, shared_preferences=prefs) as app:
        await choose_day_and_payer(app, payer="jkn")
        assert app.exists(text="NIK 3317********0009")
        await app.click(identifier="profile-0")
        assert text_field(app, "patient-name").value == "Budi Santoso"
        assert text_field(app, "patient-nik").value == nik_for(9, woman=False)
        assert text_field(app, "patient-phone").value == "081234567890"
        assert text_field(app, "patient-birth-year").value == "1990"
        assert text_field(app, "patient-bpjs-number").value == "0000000000009"
        assert checkbox(app, "patient-save").value is True  # picked: kept again, as last used
        await agree_and_reach_confirm(app)
        await app.click(identifier="booking-confirm")
        assert app.route.startswith("/tiket/")
        saved = json.loads(app.shared_preferences["lsr.wallet"])
        kept = app.kept_patients()
    assert [(p["name"], p["payer"], p["consent_version"]) for p in kept] == [
        ("Budi Santoso", "jkn", "2026-11")]
    assert len(saved["tickets"]) == 1


async def test_the_first_patient_is_not_kept_when_unticked(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app, payer="non_jkn")
        await fill_patient(app)
        assert checkbox(app, "patient-save").value is True
        assert app.exists(text_contains="disimpan terkunci (terenkripsi) di browser ini saja")
        await tick(app, "patient-save", False)
        await agree_and_reach_confirm(app)
        await app.click(identifier="booking-confirm")
        saved = json.loads(app.shared_preferences["lsr.wallet"])
        kept = app.kept_patients()
    assert kept == []
    assert "lsr.patients" not in app.shared_preferences
    assert len(saved["tickets"]) == 1


async def test_the_consent_must_be_ticked_before_the_last_step(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app)
        await fill_patient(app)
        await app.click(identifier="patient-next")
        assert app.exists(text_contains="Nama, NIK, nomor HP")
        await app.click(identifier="consent-next")
        assert step_text(app) == "Langkah 4 dari 5"
        assert app.exists(identifier="consent-missing")
        await app.click(identifier="booking-back")
        assert step_text(app) == "Langkah 3 dari 5"
        assert text_field(app, "patient-name").value == "Siti Aminah"


# ------------------------------------------------------------------ Basa Jawa


async def test_the_steps_speak_basa_jawa_when_the_patient_chose_it(app_main, client):  # type: ignore[no-untyped-def]
    jv = Translator("jv").gettext
    sid = await service_id(client, SUMBER, "poli-umum")
    prefs = {"lsr.preferences": json.dumps({"language": "jv"})}
    async with open_booking(app_main, sid, shared_preferences=prefs) as app:
        await app.wait_for(lambda: app.exists(identifier="day-2026-11-30"))
        assert step_text(app) == jv("Langkah {step} dari {total}").format(step=1, total=5)
        assert app.exists(text=jv("Pilih tanggal berobat"))
        assert app.exists(text=jv("Ambil Nomor"))
        await app.click(identifier="day-2026-11-30")
        await app.click(identifier="payer-jkn")
        assert app.exists(text=jv("Nama lengkap pasien"))
        await type_into(app, "nik", "12")
        assert text_field(app, "patient-nik").error == "NIK kedah 16 angka, ingkang dipunisi 2 angka."


# ------------------------------------------------------------------ the priority lane


async def test_a_patient_of_sixty_is_in_the_priority_lane_by_her_birth_date(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    born = dt.date(1960, 3, 2)
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app, payer="non_jkn")
        await fill_patient(app, nik=nik_for(21, birth=born), birth_day="2", birth_month="3",
                           birth_year="1960")
        assert app.exists(text="Pasien lansia: nomor ini masuk antrean prioritas.")
        assert not app.exists(identifier="lane-disabilitas")  # nothing to choose
        await agree_and_reach_confirm(app)
        assert app.exists(text="Prioritas (Lansia)")
        await app.click(identifier="booking-confirm")
        code = app.route.removeprefix("/tiket/")
    assert (await client.bookings.get(code)).ticket.lane.value == "priority"


async def test_ibu_hamil_is_offered_to_a_woman_and_undone_with_a_second_tap(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app, payer="non_jkn")
        await fill_patient(app)  # Siti, 36
        assert not app.exists(identifier="lane-by-age")
        await app.click(identifier="lane-ibu_hamil")
        await app.click(identifier="lane-disabilitas")  # one reason: the last tapped
        await app.click(identifier="lane-disabilitas")  # and undone
        assert not app.find(identifier="lane-disabilitas").selected
        await app.click(identifier="lane-ibu_hamil")
        await agree_and_reach_confirm(app)
        assert app.exists(text="Prioritas (Ibu hamil)")
        await app.click(identifier="booking-confirm")
        code = app.route.removeprefix("/tiket/")
    assert (await client.bookings.get(code)).ticket.lane.value == "priority"


async def test_ibu_hamil_is_not_offered_for_a_man(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await choose_day_and_payer(app, payer="non_jkn")
        await fill_patient(app, name="Budi Santoso", nik=nik_for(22, woman=False))
        assert app.exists(identifier="lane-disabilitas")
        assert not app.exists(identifier="lane-ibu_hamil")
        await agree_and_reach_confirm(app)
        assert app.exists(text="Reguler")
