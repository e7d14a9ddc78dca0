"""Choosing the doctor: when two or more doctors practise at the service on the chosen
day, the confirm step offers them ("Dokter mana saja" chosen until another is tapped);
the ticket and the desk's patient card then name the doctor. With fewer, nothing new is
asked; absent doctors and seed placeholders are never offered (Monday 30 November 2026,
08:00 WIB, against the real service in-process)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from api_client import ApiClient, new_idempotency_key
from api_client.models import DoctorAbsenceIn, Payer
from components.facility_hours import span_text
from session.i18n import Translator
from tests.api.helpers import SUMBER, patient, service_id
from tests.api.test_booking_doctor import signed_in, two_doctors
from tests.views.harness import AppHarness, run_app
from tests.views.test_booking_quick import SITI, device
from tests.views.test_live_changes_view import following, phone, signal  # noqa: F401 (fixtures)
from tests.views.test_staff_console import open_desk, press, shown

pytestmark = pytest.mark.anyio

WEDNESDAY = dt.date(2026, 12, 2)


@pytest.fixture
async def umum(client: ApiClient, make_client) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Poli Umum of Sumber with dr. Ani (mornings) and dr. Budi (afternoons, Mon and Wed)
    besides the seed's placeholder "dr. (contoh 1)"."""
    sid = await service_id(client, SUMBER, "poli-umum")
    ani, budi = await two_doctors(await signed_in(make_client, f"admin.{SUMBER}"), sid)
    return sid, ani, budi


async def to_confirm(app: AppHarness, day: str = "2026-11-30") -> None:
    await app.wait_for(lambda: app.exists(identifier=f"day-{day}"))
    await app.click(identifier=f"day-{day}")
    await app.wait_for(lambda: app.exists(identifier="booking-confirm"))


async def test_two_doctors_that_day_are_offered_with_any_doctor_chosen_and_no_tap_more(
    app_main, client, umum  # type: ignore[no-untyped-def]
) -> None:
    sid, ani, budi = umum
    async with run_app(app_main, route=f"/ambil/{SUMBER}/{sid}", shared_preferences=device(SITI),
                       timeout=20) as app:
        await to_confirm(app)
        assert app.exists(text="Pilih dokter")
        assert app.find(identifier="doctor-any").selected
        assert not app.find(identifier=f"doctor-{ani}").selected
        assert app.exists(text="dr. Ani Lestari") and app.exists(text="Praktik 07.30–10.00")
        assert app.exists(text="dr. Budi Santoso") and app.exists(text="Praktik 10.00–12.00")
        assert not app.exists(text="dr. (contoh 1)")  # a seed placeholder is never offered
        await app.click(identifier="booking-confirm")  # the day and this: two taps, as before
        await app.wait_for(lambda: app.route.startswith("/tiket/"))
        code = app.route.removeprefix("/tiket/")
        await app.wait_for(lambda: app.exists(identifier="ticket-number"))
        assert not app.exists(identifier="ticket-doctor")
    assert (await client.bookings.get(code)).doctor_id is None


async def test_the_doctor_chosen_is_booked_and_named_on_the_ticket(app_main, client, umum) -> None:  # type: ignore[no-untyped-def]
    sid, _ani, budi = umum
    async with run_app(app_main, route=f"/ambil/{SUMBER}/{sid}", shared_preferences=device(SITI),
                       timeout=20) as app:
        await to_confirm(app)
        await app.click(identifier=f"doctor-{budi}")
        assert app.find(identifier=f"doctor-{budi}").selected
        assert not app.find(identifier="doctor-any").selected
        await app.click(identifier="booking-confirm")
        await app.wait_for(lambda: app.exists(identifier="ticket-doctor"))
        assert shown(app, "ticket-doctor") == "Dokter: dr. Budi Santoso"
        code = app.route.removeprefix("/tiket/")
    assert (await client.bookings.get(code)).doctor_id == budi


async def test_with_one_doctor_left_that_day_nothing_is_asked(app_main, client, umum, make_client) -> None:  # type: ignore[no-untyped-def]
    sid, ani, _ = umum
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    await admin.doctors.mark_absent(SUMBER, ani, DoctorAbsenceIn(service_date=dt.date(2026, 11, 30),
                                                                 reason="Pelatihan"))
    async with run_app(app_main, route=f"/ambil/{SUMBER}/{sid}", shared_preferences=device(SITI),
                       timeout=20) as app:
        await to_confirm(app)  # Monday: dr. Budi only
        assert not app.exists(identifier="doctor-choice") and not app.exists(text="Pilih dokter")
        await app.click(identifier="booking-back")
        await to_confirm(app, "2026-12-01")  # Tuesday: dr. Ani only
        assert not app.exists(identifier="doctor-choice")


async def test_a_doctor_chosen_who_is_then_marked_absent_is_dropped_and_the_person_told(
    app, phone, client, umum, make_client  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    """The open screen follows the service's live stream (`phone`: where streams flow)."""
    sid, ani, budi = umum
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    async with run_app(phone, route=f"/ambil/{SUMBER}/{sid}", shared_preferences=device(SITI),
                       timeout=20) as screen:
        await to_confirm(screen)
        await following(screen, app)
        await screen.click(identifier=f"doctor-{budi}")
        await admin.doctors.mark_absent(SUMBER, budi, DoctorAbsenceIn(service_date=dt.date(2026, 11, 30),
                                                                      reason="Rapat dinas"))
        await screen.wait_for(lambda: screen.exists(identifier="booking-error"))
        assert shown(screen, "booking-error") == (
            'Dokter yang Anda pilih tidak praktik di layanan ini pada 30 November 2026. Pilih dokter '
            'lain atau "Dokter mana saja".')
        assert not screen.exists(identifier="doctor-choice")  # dr. Ani alone is left that day
        await screen.click(identifier="booking-confirm")
        await screen.wait_for(lambda: screen.route.startswith("/tiket/"))
        code = screen.route.removeprefix("/tiket/")
    assert (await client.bookings.get(code)).doctor_id is None


async def booked_with_ani_away(client: ApiClient, make_client, umum, *, serial: int) -> str:  # type: ignore[no-untyped-def]
    """A booking with dr. Ani on Wednesday, then dr. Ani marked away that day: its code."""
    sid, ani, _ = umum
    booked = await client.bookings.create(
        service_id=sid, service_date=WEDNESDAY, payer=Payer.jkn, patient=patient(serial),
        consent_version="2026-11", idempotency_key=new_idempotency_key(), doctor_id=ani,
    )
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    await admin.doctors.mark_absent(SUMBER, ani, DoctorAbsenceIn(service_date=WEDNESDAY, reason="Cuti sakit"))
    return str(booked.booking_code)


async def test_a_chosen_doctor_away_on_the_day_is_said_on_the_ticket(
    app_main, client, umum, make_client  # type: ignore[no-untyped-def]
) -> None:
    code = await booked_with_ani_away(client, make_client, umum, serial=3)
    async with run_app(app_main, route=f"/tiket/{code}", timeout=20) as app:
        await app.wait_for(lambda: app.exists(identifier="doctor-absent"))
        assert shown(app, "ticket-doctor") == "Dokter: dr. Ani Lestari"
        assert app.exists(text="Dokter tidak praktik pada tanggal ini")
        assert app.exists(text="dr. Ani Lestari: Cuti sakit")
        assert app.exists(text="Nomor Anda tetap berlaku: dokter lain yang praktik akan melayani Anda.")


async def test_the_doctor_away_stays_said_while_the_phone_loses_its_signal(
    phone, signal, client, umum, make_client, monkeypatch  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    """The offline box comes and goes above the notice with each poll; the notice must not
    be built anew then (its load would fail with no signal and hide it)."""
    monkeypatch.setattr("views.tickets.live.POLL_SECONDS", 0.05)
    monkeypatch.setattr("views.tickets.live.RETRY_SECONDS", 0.05)
    code = await booked_with_ani_away(client, make_client, umum, serial=4)
    async with run_app(phone, route=f"/tiket/{code}", timeout=20) as app:
        await app.wait_for(lambda: app.exists(identifier="doctor-absent"))
        signal.lost = True
        await app.wait_for(lambda: app.exists(identifier="offline-notice"))
        await app.settle()
        assert app.exists(identifier="doctor-absent")
        signal.lost = False
        await app.wait_for(lambda: not app.exists(identifier="offline-notice"))
        assert app.exists(identifier="doctor-absent")


@pytest.mark.parametrize("language", ["jv", "en"])
async def test_the_doctor_choice_and_the_ticket_line_speak_the_patients_language(
    app_main, client, umum, language  # type: ignore[no-untyped-def]
) -> None:
    t = Translator(language)
    _ = t.gettext
    sid, _ani, budi = umum
    prefs = {**device(SITI), "lsr.preferences": json.dumps({"language": language})}
    async with run_app(app_main, route=f"/ambil/{SUMBER}/{sid}", shared_preferences=prefs, timeout=20) as app:
        await to_confirm(app)
        for words in ("Pilih dokter", "Dokter mana saja", "Dilayani dokter yang praktik saat Anda dipanggil"):
            assert _(words) != words and app.exists(text=_(words))
        assert app.exists(text=_("Praktik {hours}").format(hours=span_text(t, "10:00", "12:00")))
        await app.click(identifier=f"doctor-{budi}")
        await app.click(identifier="booking-confirm")
        await app.wait_for(lambda: app.exists(identifier="ticket-doctor"))
        assert shown(app, "ticket-doctor") == _("Dokter: {doctor}").format(doctor="dr. Budi Santoso")


async def test_the_desk_sees_the_doctor_the_patient_chose(app_main, client, umum, make_client) -> None:  # type: ignore[no-untyped-def]
    sid, ani, _ = umum
    booked = await client.bookings.create(
        service_id=sid, service_date=dt.date(2026, 11, 30), payer=Payer.jkn, patient=patient(3),
        consent_version="2026-11", idempotency_key=new_idempotency_key(), doctor_id=ani,
    )
    await make_client(kiosk_key=f"demo-kiosk-{SUMBER}").bookings.check_in_at_facility(booked.booking_code)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"poli.{SUMBER}", service="poli-umum", counter="Ruang 2")
        await press(app, "C")
        await app.wait_for(lambda: app.exists(identifier="patient-name"))
        assert shown(app, "patient-facts") == ("36 tahun · JKN · •••••••••0003 · Jalur reguler · "
                                               "Dokter: dr. Ani Lestari")
