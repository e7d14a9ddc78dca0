"""Pengaduan, in-process against the real service at Monday 30 November 2026, 08:00
WIB: the form with its checks and consent, the tracking code shown big and copied,
the status page by code, LAPOR! advice once overdue, a wrong code revealing nothing;
and the staff console's Pengaduan part."""

from __future__ import annotations

import flet as ft
import pytest

from api_client import new_idempotency_key
from api_client.models import ComplaintCategory, ComplaintStatus
from tests.api.helpers import SUMBER
from tests.views.harness import run_app

pytestmark = pytest.mark.anyio
TEXT = "Loket belum buka jam 08.00 padahal jadwalnya 07.30."


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


def rows(app, prefix: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    return app.find_all(where=lambda c: str(getattr(c, "identifier", "")).startswith(prefix))


async def fill_form(app, *, facility: str = SUMBER, text: str = TEXT) -> None:  # type: ignore[no-untyped-def]
    place = await app.wait_for(lambda: app.find(
        ft.Dropdown, label="Puskesmas atau rumah sakit", where=lambda c: c.options))
    await app.trigger(place, "select", facility, props={"value": facility})
    kind = app.find(ft.Dropdown, label="Tentang apa?")
    await app.trigger(kind, "select", "antrean", props={"value": "antrean"})
    await app.fill(app.find(ft.TextField, label="Ceritakan apa yang terjadi"), text)


async def test_a_complaint_is_sent_and_its_code_shown_big_and_copied(app_main, client, make_client):  # type: ignore[no-untyped-def]
    copied: list[str] = []
    async with run_app(app_main, route="/", width=412, height=915) as app:
        app.fake_method("Clipboard", "set", lambda control, args: copied.append(args["data"]))
        await app.wait_for(lambda: app.exists(identifier="action-complaint"))
        await app.click(identifier="action-complaint")
        await fill_form(app)
        await app.click(identifier="complaint-send")
        await app.wait_for(lambda: app.exists(identifier="complaint-code"))
        code = shown(app, "complaint-code")
        assert len(code) == 15 and code[4] == code[9] == "-"
        await app.click(identifier="copy-code")
        assert copied == [code]
        assert app.exists(text="Kode disalin")
        assert "Senin, 07 Desember 2026" in " ".join(app.texts())  # 5 working days
        await app.click(identifier="open-complaint")
        await app.wait_for(lambda: app.exists(identifier="complaint-status"))
        assert app.route == f"/pengaduan/{code.replace('-', '')}"
        assert shown(app, "complaint-status") == "Diterima"
        assert shown(app, "complaint-text") == TEXT
        assert "Belum ada balasan dari petugas." in shown(app, "complaint-history")
        assert not app.exists(identifier="complaint-escalation")
    loket = make_client()
    await loket.staff.login("loket.pkm-sumber", "rembang-demo")
    [mine] = await loket.complaints.list()
    assert mine.text == TEXT and mine.category is ComplaintCategory.antrean
    assert mine.contact_name_masked is None  # no consent, no contact


async def test_the_form_says_what_is_missing_and_sends_nothing(app_main, make_client):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/pengaduan") as app:
        await app.wait_for(lambda: app.exists(identifier="complaint-send"))
        await app.fill(app.find(ft.TextField, label="Ceritakan apa yang terjadi"), "lama")
        await app.click(identifier="complaint-send")
        assert app.find(ft.Dropdown, label="Tentang apa?").error_text == "Bagian ini wajib diisi."
        assert app.find(ft.TextField, label="Ceritakan apa yang terjadi").error == (
            "Terlalu pendek. Isi paling sedikit 10 karakter."
        )
        assert shown(app, "complaint-error") == (
            "Ada isian yang belum benar. Periksa lagi bagian yang ditandai."
        )
    loket = make_client()
    await loket.staff.login("loket.pkm-sumber", "rembang-demo")
    assert await loket.complaints.list() == []


async def test_a_contact_is_asked_only_after_consent_and_comes_back_masked(app_main, make_client):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/pengaduan") as app:
        await fill_form(app)
        assert not app.exists(ft.TextField, label="Nomor HP")
        await app.trigger(app.find(ft.Checkbox), "change", "true", props={"value": True})
        await app.fill(app.find(ft.TextField, label="Nama (boleh dikosongkan)"), "Siti Aminah")
        await app.fill(app.find(ft.TextField, label="Nomor HP"), "0812 345")
        await app.click(identifier="complaint-send")
        phone = app.find(ft.TextField, label="Nomor HP")
        assert phone.error == "Nomor HP tidak benar. Contoh: 0812 3456 7890."
        await app.fill(app.find(ft.TextField, label="Nomor HP"), "0812-3456-7890")
        await app.click(identifier="complaint-send")
        await app.wait_for(lambda: app.exists(identifier="complaint-code"))
    loket = make_client()
    await loket.staff.login("loket.pkm-sumber", "rembang-demo")
    [mine] = await loket.complaints.list()
    assert (mine.contact_name_masked, mine.contact_phone_masked) == ("S*** A*****", "+62812****7890")


async def test_a_wrong_code_reveals_nothing_and_an_overdue_one_points_to_lapor(app_main, client, clock):  # type: ignore[no-untyped-def]
    sent = await client.complaints.send(
        facility_id=SUMBER, category=ComplaintCategory.petugas, text=TEXT,
        idempotency_key=new_idempotency_key(),
    )
    wrong = sent.tracking_code[:-1] + ("0" if sent.tracking_code[-1] != "0" else "1")
    async with run_app(app_main, route="/pengaduan") as app:
        await app.wait_for(lambda: app.exists(identifier="track-code"))
        await app.fill(app.find(ft.TextField, label="Kode pengaduan"), wrong.lower())
        await app.click(identifier="track-open")
        await app.wait_for(lambda: app.exists(identifier="complaint-problem"))
        assert sorted(app.texts()) == [  # the code's answer, and nothing else
            "Kode pengaduan tidak ditemukan. Periksa lagi kodenya.", "Status pengaduan",
        ]
    clock.set(2026, 12, 8, 9, 0)  # Tuesday after the fifth working day, nobody answered
    async with run_app(app_main, route=f"/pengaduan/{sent.tracking_code}", locale="en-US") as app:
        await app.wait_for(lambda: app.exists(identifier="complaint-escalation"))
        advice = shown(app, "complaint-escalation")
        assert "SP4N-LAPOR!" in advice and "lapor.go.id" in advice and "1708" in advice


async def test_staff_reply_and_finish_in_the_console_and_the_code_holder_sees_it(app_main, client):  # type: ignore[no-untyped-def]
    sent = await client.complaints.send(
        facility_id=SUMBER, category=ComplaintCategory.fasilitas, text=TEXT,
        idempotency_key=new_idempotency_key(),
    )
    await client.complaints.send(  # another facility's: never shown here
        facility_id="pkm-lasem", category=ComplaintCategory.fasilitas, text=TEXT,
        idempotency_key=new_idempotency_key(),
    )
    async with run_app(app_main, route="/staff") as app:
        await app.wait_for(lambda: app.exists(ft.TextField, label="Nama pengguna"))
        await app.fill(app.find(ft.TextField, label="Nama pengguna"), "loket.pkm-sumber")
        await app.fill(app.find(ft.TextField, label="Kata sandi"), "rembang-demo", submit=True)
        await app.wait_for(lambda: app.exists(identifier="staff-part"))
        await app.click(identifier="staff-part")
        await app.wait_for(lambda: rows(app, "complaint-row-status-"))
        assert len(rows(app, "complaint-row-status-")) == 1  # not Lasem's
        [row] = [r for r in rows(app, "complaint-row-") if "status" not in r.identifier]
        await app.click(row)
        await app.wait_for(lambda: app.exists(identifier="reply-text"))
        assert shown(app, "complaint-contact") == "Pelapor tidak meninggalkan kontak."
        await app.click(identifier="reply-send")  # empty: refused here
        assert app.find(ft.TextField, label="Balasan untuk pelapor").error == "Bagian ini wajib diisi."
        await app.fill(app.find(ft.TextField, label="Balasan untuk pelapor"), "Kipas\u202e diganti")
        await app.click(identifier="reply-send")  # a hidden direction change: refused here
        assert app.find(ft.TextField, label="Balasan untuk pelapor").error == (
            "Tulisan ini berisi karakter tersembunyi yang membalik arah tulisan. "
            "Ketik ulang tanpa menempelkan (paste) teks dari tempat lain."
        )
        await app.fill(app.find(ft.TextField, label="Balasan untuk pelapor"), "Kipas sudah diganti.")
        await app.click(identifier="reply-send")
        await app.wait_for(lambda: app.exists(identifier="mark-done"))
        assert "Balasan dari loket.pkm-sumber" in shown(app, "complaint-history")
        assert shown(app, "complaint-status") == "Sedang diproses"
        await app.click(identifier="mark-done")
        await app.wait_for(lambda: shown(app, "complaint-status") == "Selesai ditangani")
        assert not app.exists(identifier="reply-text")
    seen = await client.complaints.get(sent.tracking_code)
    assert seen.status is ComplaintStatus.selesai
    assert [u.reply for u in seen.updates] == ["Kipas sudah diganti.", None]
    async with run_app(app_main, route=f"/pengaduan/{sent.tracking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="complaint-history"))
        history = shown(app, "complaint-history")
        assert "Balasan dari Petugas" in history and "Kipas sudah diganti." in history
        assert "loket.pkm-sumber" not in " ".join(app.texts())


async def test_poli_staff_have_no_complaints_part(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await app.wait_for(lambda: app.exists(ft.TextField, label="Nama pengguna"))
        await app.fill(app.find(ft.TextField, label="Nama pengguna"), "poli.pkm-sumber")
        await app.fill(app.find(ft.TextField, label="Kata sandi"), "rembang-demo", submit=True)
        await app.wait_for(lambda: app.exists(identifier="staff-who"))
        assert not app.exists(identifier="staff-part")


async def test_hidden_characters_and_look_alike_letters_are_named_on_their_fields(app_main, make_client):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/pengaduan") as app:
        await fill_form(app, text="Petugas \u202egnaruk\u202c ramah sekali")
        await app.trigger(app.find(ft.Checkbox), "change", "true", props={"value": True})
        await app.fill(app.find(ft.TextField, label="Nama (boleh dikosongkan)"), "\u0412udi")
        await app.fill(app.find(ft.TextField, label="Nomor HP"), "0812-3456-7890")
        await app.click(identifier="complaint-send")
        assert app.find(ft.TextField, label="Ceritakan apa yang terjadi").error == (
            "Tulisan ini berisi karakter tersembunyi yang membalik arah tulisan. "
            "Ketik ulang tanpa menempelkan (paste) teks dari tempat lain."
        )
        assert app.find(ft.TextField, label="Nama (boleh dikosongkan)").error == (
            "Nama mencampur huruf Latin dengan huruf lain yang mirip (misalnya huruf Kiril atau "
            "Yunani). Ketik ulang nama dengan huruf biasa seperti di KTP."
        )
    loket = make_client()
    await loket.staff.login("loket.pkm-sumber", "rembang-demo")
    assert await loket.complaints.list() == []
