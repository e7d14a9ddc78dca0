"""Ambil Nomor from Beranda: where (the person's own facility first), which service
(today's state of each), which day, and for a patient this device keeps, the number in
one more tap (Monday 30 November 2026, 08:00 WIB, against the real service in-process)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.api.helpers import SUMBER, nik_for, service_id
from tests.views.harness import AppHarness, run_app
from views.booking.wizard import CONSENT_VERSION

pytestmark = pytest.mark.anyio

SITI = {"name": "Siti Aminah", "nik": nik_for(7), "phone": "+6281234567890", "birth_date": "1990-06-05",
        "bpjs_number": "0000000000007", "payer": "jkn", "consent_version": CONSENT_VERSION}
BUDI = {"name": "Budi Santoso", "nik": nik_for(9, woman=False), "phone": "+6281298765432",
        "birth_date": "1990-06-05", "bpjs_number": None, "payer": "non_jkn",
        "consent_version": CONSENT_VERSION}
LAST_VISIT = {"booking_code": "ABCD2345", "facility_id": SUMBER, "facility_name": "Puskesmas Sumber",
              "service_name": "Poli Umum", "service_date": "2026-11-02", "display_number": "B-004"}


def device(*profiles: dict[str, Any], tickets: tuple[dict[str, Any], ...] = (LAST_VISIT,)) -> dict[str, str]:
    return {"lsr.wallet": json.dumps({"tickets": list(tickets), "profiles": list(profiles)})}


def saved_wallet(app: AppHarness) -> dict[str, Any]:
    return json.loads(app.shared_preferences["lsr.wallet"])


def step_text(app: AppHarness) -> str:
    return app.find(identifier="booking-step").content.value


class Taps:
    """Every tap the person makes, counted."""

    def __init__(self, app: AppHarness) -> None:
        self.app, self.count = app, 0

    async def __call__(self, **query: Any) -> None:
        await self.app.wait_for(lambda: self.app.exists(**query))
        self.count += 1
        await self.app.click(**query)


async def test_a_returning_patient_gets_a_number_in_five_taps_from_beranda(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with run_app(app_main, route="/", shared_preferences=device(SITI), timeout=20) as app:
        tap = Taps(app)
        await tap(identifier="action-book")
        await app.wait_for(lambda: app.exists(text="Faskes Anda"))  # where she booked before, first
        await tap(text="Puskesmas Sumber")
        assert app.route == f"/ambil/{SUMBER}"
        # today's state of each service
        await app.wait_for(lambda: app.exists(text="Sisa tempat: JKN 40 · Umum 20"))
        await tap(identifier=f"pick-service-{sid}")
        await tap(identifier="day-2026-11-30")
        assert step_text(app) == "Langkah 5 dari 5"  # her details, payer and consent are known
        assert app.exists(text="Siti Aminah") and app.exists(text="BPJS Kesehatan (JKN / KIS)")
        await tap(identifier="booking-confirm")
        assert app.route.startswith("/tiket/")
        code = app.route.removeprefix("/tiket/")
        assert tap.count == 5
        wallet = saved_wallet(app)
    booking = await client.bookings.get(code)
    assert booking.service_date.isoformat() == "2026-11-30" and booking.payer.value == "jkn"
    assert code in [t["booking_code"] for t in wallet["tickets"]]


async def test_another_saved_patient_is_one_tap_and_becomes_the_first_next_time(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    route = f"/ambil/{SUMBER}/{sid}"
    async with run_app(app_main, route=route, shared_preferences=device(BUDI, SITI), timeout=20) as app:
        await app.wait_for(lambda: app.exists(identifier="day-2026-11-30"))
        await app.click(identifier="day-2026-11-30")
        assert app.exists(text="Siti Aminah")  # the last used is offered first
        await app.click(identifier="quick-profile-1")  # Budi, one tap
        assert step_text(app) == "Langkah 5 dari 5"
        assert app.exists(text="Umum (tanpa BPJS)")  # how Budi paid last time
        assert app.exists(text="3317********0009")
        await app.click(identifier="booking-confirm")
        assert app.route.startswith("/tiket/")
        kept = app.kept_patients()
    assert [p["name"] for p in kept] == ["Siti Aminah", "Budi Santoso"]
    booking = await client.bookings.get(app.route.removeprefix("/tiket/"))
    assert booking.payer.value == "non_jkn"


async def test_the_short_way_can_be_left_for_another_patient_payer_or_day(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with run_app(app_main, route=f"/ambil/{SUMBER}/{sid}", shared_preferences=device(SITI),
                       timeout=20) as app:
        await app.wait_for(lambda: app.exists(identifier="day-2026-11-30"))
        await app.click(identifier="day-2026-11-30")
        await app.click(identifier="booking-back")
        assert step_text(app) == "Langkah 1 dari 5"  # back to the day, where she came from
        await app.click(identifier="day-2026-12-01")
        assert step_text(app) == "Langkah 5 dari 5"
        assert app.exists(text_contains="1 Desember 2026")
        await app.click(identifier="booking-other-payer")
        assert step_text(app) == "Langkah 2 dari 5"
        await app.click(identifier="payer-non_jkn")
        assert step_text(app) == "Langkah 3 dari 5"
        await app.click(identifier="booking-back")
        await app.click(identifier="booking-back")
        await app.click(identifier="day-2026-11-30")
        assert step_text(app) == "Langkah 2 dari 5"  # the short way was left: asked in turn


async def test_another_patient_starts_from_an_empty_form_with_the_consent_asked(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with run_app(app_main, route=f"/ambil/{SUMBER}/{sid}", shared_preferences=device(SITI),
                       timeout=20) as app:
        await app.wait_for(lambda: app.exists(identifier="day-2026-11-30"))
        await app.click(identifier="day-2026-11-30")
        await app.click(identifier="booking-other-patient")
        assert step_text(app) == "Langkah 3 dari 5"
        name = app.find(identifier="patient-name")
        assert app.find(type(name.content), root=name).value == ""
        assert app.exists(identifier="profile-0")  # the saved ones still one tap away


async def test_a_patient_saved_before_the_consent_text_changed_is_asked_again(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    older = {**SITI, "consent_version": "2025-01"}
    async with run_app(app_main, route=f"/ambil/{SUMBER}/{sid}", shared_preferences=device(older),
                       timeout=20) as app:
        await app.wait_for(lambda: app.exists(identifier="day-2026-11-30"))
        await app.click(identifier="day-2026-11-30")
        assert step_text(app) == "Langkah 2 dari 5"


async def test_without_a_facility_of_their_own_a_person_picks_a_kecamatan(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/ambil", shared_preferences=device(tickets=()), timeout=20) as app:
        await app.wait_for(lambda: app.exists(text="Di mana Anda akan berobat?"))
        assert not app.exists(text="Faskes Anda")
        assert not app.exists(text="Puskesmas Sumber")
        await app.click(identifier="kecamatan-sumber")
        await app.click(text="Puskesmas Sumber")
        assert app.route == f"/ambil/{SUMBER}"
        await app.wait_for(lambda: app.exists(identifier="pick-facility"))
        assert app.exists(text_contains="Loket Pendaftaran: ")  # not booked online: said so


async def test_saved_patients_are_listed_and_forgotten_in_pengaturan(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/pengaturan", shared_preferences=device(BUDI, SITI)) as app:
        assert app.exists(text="Pasien tersimpan")
        assert app.exists(text="NIK 3317********0007") and app.exists(text="NIK 3317********0009")
        await app.click(identifier="saved-patient-forget-1")  # Budi
        assert app.exists(text_contains="Hapus Budi Santoso dari perangkat ini?")
        await app.click(identifier="saved-patient-forget-no-1")
        assert [p["name"] for p in app.kept_patients()] == ["Budi Santoso", "Siti Aminah"]
        await app.click(identifier="saved-patient-forget-1")
        await app.click(identifier="saved-patient-forget-yes-1")
        assert [p["name"] for p in app.kept_patients()] == ["Siti Aminah"]
        assert not app.exists(text="Budi Santoso")


async def test_the_short_way_says_the_lane_and_leads_to_the_priority_choice(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    mbah = {**SITI, "name": "Mbah Sarmi", "nik": nik_for(31, birth=dt.date(1950, 1, 9)),
            "birth_date": "1950-01-09", "bpjs_number": "0000000000031"}
    async with run_app(app_main, route=f"/ambil/{SUMBER}/{sid}", shared_preferences=device(SITI, mbah),
                       timeout=20) as app:
        await app.wait_for(lambda: app.exists(identifier="day-2026-11-30"))
        await app.click(identifier="day-2026-11-30")
        assert app.exists(text="Prioritas (Lansia)")  # Mbah Sarmi, last used: by her birth date
        assert not app.exists(identifier="booking-other-lane")
        await app.click(identifier="quick-profile-1")  # Siti
        assert app.exists(text="Reguler")
        await app.click(identifier="booking-other-lane")
        assert step_text(app) == "Langkah 3 dari 5"
        await app.click(identifier="lane-ibu_hamil")
        await app.click(identifier="patient-next")
        await app.click(identifier="consent-next")  # agreed before: still ticked
        assert app.exists(text="Prioritas (Ibu hamil)")
