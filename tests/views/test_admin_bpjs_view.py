"""The BPJS section of the admin face, mounted on its own: the admin of Puskesmas
Sumber (whose credentials the server holds) sees why the bridge cannot be turned on
yet, gives Poli Umum its poli code, is told in words when a code is malformed or
already another service's, turns the bridge on and sees who did it and when; gives a
doctor a code. Puskesmas Bulu (no credentials) is told the credentials are missing.
Dinkes picks the facility first. In-process against the real service, Monday 30
November 2026, 08:00 WIB."""

from __future__ import annotations

from pathlib import Path

import flet as ft
import httpx
import pytest

from server.bpjs.sender import send_round
from server.settings import Settings
from tests.api.helpers import book
from tests.support.bpjs_credentials import SUMBER_FKTP, credentials_file
from tests.support.bpjs_simulator import Simulator
from tests.views.admin_sections import section_main, signed_in
from tests.views.harness import run_app
from tests.views.test_staff_console import shown
from views.admin.bpjs import BpjsSection

pytestmark = pytest.mark.anyio
SUMBER = "pkm-sumber"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"bpjs_credentials_file": credentials_file(tmp_path, SUMBER_FKTP)})


def code_field(app, row: str) -> ft.TextField:  # type: ignore[no-untyped-def]
    return app.find(identifier=f"bpjs-code-{row}").content  # type: ignore[no-any-return]


async def test_an_admin_maps_a_poli_and_turns_the_bridge_on(make_client):  # type: ignore[no-untyped-def]
    client, me = await signed_in(make_client, f"admin.{SUMBER}")
    page = await client.bpjs_admin.get(SUMBER)
    umum = next(s.service_id for s in page.services if s.name == "Poli Umum")
    gigi = next(s.service_id for s in page.services if s.name == "Poli Gigi & Mulut")
    async with run_app(section_main(BpjsSection, client, me), width=1366, height=768) as app:
        await app.wait_for(lambda: app.exists(identifier="bpjs-blocked"))
        assert "terpasang di server, Antrean FKTP (puskesmas)" in shown(app, "bpjs-credentials")
        assert "Isi dulu kode poli BPJS" in shown(app, "bpjs-blocked")
        assert app.find(identifier="bpjs-switch").content.disabled
        assert "HFIS" in shown(app, "bpjs-note")

        await app.fill(code_field(app, f"service-{umum}"), "in")
        await app.click(identifier=f"bpjs-save-service-{umum}")
        await app.wait_for(lambda: code_field(app, f"service-{umum}").error)
        assert code_field(app, f"service-{umum}").error == (
            "Kode poli BPJS terdiri dari 3 huruf atau angka, misalnya INT, ANA, atau 001. "
            "Lihat kodenya di HFIS.")
        await app.fill(code_field(app, f"service-{umum}"), "001")
        await app.click(identifier=f"bpjs-save-service-{umum}")
        await app.wait_for(lambda: app.exists(identifier=f"bpjs-saved-service-{umum}"))
        assert "Kode poli: 001" in shown(app, f"bpjs-row-service-{umum}")
        assert not app.exists(identifier="bpjs-blocked")

        await app.fill(code_field(app, f"service-{gigi}"), "001")
        await app.click(identifier=f"bpjs-save-service-{gigi}")
        await app.wait_for(lambda: code_field(app, f"service-{gigi}").error)
        assert code_field(app, f"service-{gigi}").error == (
            "Kode 001 sudah dipakai untuk Poli Umum. Satu kode untuk satu layanan.")

        switch = app.find(identifier="bpjs-switch").content
        assert not switch.disabled
        await app.trigger(switch, "change", props={"value": True})
        await app.wait_for(lambda: "Menyala sejak" in shown(app, "bpjs-bridge-state"))
        assert f"oleh admin.{SUMBER}" in shown(app, "bpjs-bridge-state")
    assert (await client.bpjs_admin.get(SUMBER)).bridge.enabled


async def test_a_doctor_gets_a_code_and_letters_are_refused_in_words(make_client):  # type: ignore[no-untyped-def]
    client, me = await signed_in(make_client, f"admin.{SUMBER}")
    doctor = (await client.bpjs_admin.get(SUMBER)).doctors[0]
    row = f"doctor-{doctor.doctor_id}"
    async with run_app(section_main(BpjsSection, client, me, language="en"), width=360, height=740) as app:
        await app.wait_for(lambda: app.exists(identifier=f"bpjs-code-{row}"))
        await app.fill(code_field(app, row), "34O50")
        await app.click(identifier=f"bpjs-save-{row}")
        await app.wait_for(lambda: code_field(app, row).error)
        assert code_field(app, row).error == (
            "A BPJS doctor code is digits only, for example 34050. Find it in HFIS.")
        await app.fill(code_field(app, row), "34050", submit=True)  # Enter saves, as Simpan does
        await app.wait_for(lambda: app.exists(identifier=f"bpjs-saved-{row}"))
        assert "34050" in shown(app, f"bpjs-row-{row}")
    assert next(d for d in (await client.bpjs_admin.get(SUMBER)).doctors
                if d.doctor_id == doctor.doctor_id).kodedokter == 34050


async def test_dinkes_picks_a_facility_and_is_told_its_credentials_are_missing(make_client):  # type: ignore[no-untyped-def]
    client, me = await signed_in(make_client, "dinkes")
    async with run_app(section_main(BpjsSection, client, me), width=1366, height=768) as app:
        await app.wait_for(lambda: app.exists(identifier="bpjs-facility"))
        assert not app.exists(identifier="bpjs-switch")
        picker = app.find(ft.Dropdown, label="Faskes")
        await app.wait_for(lambda: len(app.find(ft.Dropdown, label="Faskes").options) > 10)
        await app.trigger(picker, "select", "pkm-bulu", props={"value": "pkm-bulu"})
        await app.wait_for(lambda: app.exists(identifier="bpjs-blocked"))
        assert "belum dipasang di server" in shown(app, "bpjs-credentials")
        assert "Kredensial BPJS belum dipasang di server untuk faskes ini" in shown(app, "bpjs-blocked")
        assert app.find(identifier="bpjs-switch").content.disabled


async def test_the_admin_reads_what_did_not_reach_bpjs_in_words_and_sends_it_again(
    app, make_client, client
):  # type: ignore[no-untyped-def]
    """Two bookings BPJS was not told about: one at a poli without a code, one at a poli
    with no doctor coded for BPJS. The page says so in words and sends them again."""
    admin, me = await signed_in(make_client, f"admin.{SUMBER}")
    page = await admin.bpjs_admin.get(SUMBER)
    umum = next(s.service_id for s in page.services if s.name == "Poli Umum")
    gigi = next(s.service_id for s in page.services if s.name == "Poli Gigi & Mulut")
    await admin.bpjs_admin.map_poli(SUMBER, umum, "001")
    await admin.bpjs_admin.switch(SUMBER, enabled=True)
    for sid, serial in ((umum, 1), (gigi, 2)):
        await book(client, sid, serial=serial)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(Simulator().app)) as antrol:
        while await send_round(app.state.lsr, antrol):
            pass

    async with run_app(section_main(BpjsSection, admin, me), width=360, height=740) as screen:
        await screen.wait_for(lambda: "Gagal (2)" in shown(screen, "bpjs-outbox-states"))
        said = shown(screen, "bpjs-outbox")
        assert "Poli ini belum punya kode poli BPJS. Isi kodenya di bawah, lalu kirim ulang." in said
        assert "Belum ada dokter berkode BPJS yang praktik di poli ini pada hari itu." in said
        assert "Pendaftaran antrean" in said and "Belum ada yang terkirim." in said
        await screen.click(identifier="bpjs-outbox-retry-all")
        await screen.wait_for(lambda: "2 kiriman akan dikirim ulang." in shown(screen, "bpjs-outbox"))
        assert "Gagal (0)" in shown(screen, "bpjs-outbox-states")
        assert "Menunggu (2)" in shown(screen, "bpjs-outbox-states")
