"""What the kiosk's screens look like to a patient who reads little: a picture that
means each service, "Hapus" and "Kosongkan semua" that cannot be taken for each other
(and a clear that can be undone), and a portrait screen without an empty lower third.
In-process against the real service (Puskesmas Lasem, Monday 30 November 2026, 08:00)."""

from __future__ import annotations

from pathlib import Path

import flet as ft
import pytest

from api_client import new_idempotency_key
from api_client.models import Service, ServiceKind
from server.seed.load import read_seed
from tests.api.helpers import service_id
from tests.kiosk.view_support import LANDSCAPE, PORTRAIT, kiosk_main, tap_keys, walk_in_to_identity
from tests.views.harness import run_app
from views.kiosk import clock as kiosk_clock
from views.kiosk.lane import PRIORITY
from views.kiosk.service_grid import tile_height
from views.kiosk.service_icons import ICONS_BY_CODE, TOOTH, service_icon
from views.kiosk.start import choice_height

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"


@pytest.fixture(autouse=True)
def kiosk_pc(monkeypatch, clock):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(kiosk_clock, "now", lambda: clock.now)


def service(code: str, kind: ServiceKind = ServiceKind.poli) -> Service:
    return Service(id=1, facility_id=LASEM, code=code, name=code, kind=kind, prefix="A", online=True,
                   walkin=True, avg_service_minutes=5, hours=[])


# ------------------------------------------------------------------ the pictures


def test_every_seeded_service_has_a_picture_of_its_own_meaning() -> None:
    codes = {s.code for f in read_seed().facilities for s in f.services}
    assert codes - ICONS_BY_CODE.keys() == set()  # none falls back to its kind's picture


def test_the_dentist_is_a_tooth_gizi_weighs_and_mtbs_is_not_the_balita_lane() -> None:
    assert service_icon(service("poli-gigi")) == TOOTH
    assert service_icon(service("poli-gigi")) not in (ft.Icons.SENTIMENT_SATISFIED, ft.Icons.FACE)
    assert service_icon(service("gizi")) == ft.Icons.MONITOR_WEIGHT
    assert service_icon(service("gizi")) != ft.Icons.RESTAURANT
    balita = next(choice.icon for choice in PRIORITY if choice.reason == "balita")
    assert service_icon(service("mtbs")) != balita
    assert service_icon(service("kia-kb")) != service_icon(service("mtbs"))


def test_a_service_of_an_unknown_code_gets_its_kinds_picture() -> None:
    assert service_icon(service("poli-baru", ServiceKind.lab)) == ft.Icons.BIOTECH


def test_the_tooth_is_an_asset_that_exists() -> None:
    svg = Path(__file__).resolve().parents[2] / "assets" / TOOTH
    assert svg.read_text().startswith("<svg")


async def test_the_services_step_shows_the_tooth_for_poli_gigi(app, tmp_path):  # type: ignore[no-untyped-def]
    lasem_kiosk = kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}", facility=LASEM)
    async with run_app(lasem_kiosk, **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(identifier="kiosk-walkin"))
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        await kiosk.click(identifier="kiosk-walkin")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="service-poli-gigi"))
        gigi = kiosk.find(identifier="service-poli-gigi")
        assert [i.src for i in kiosk.find_all(ft.Image, root=gigi)] == [TOOTH]
        mtbs = kiosk.find(identifier="service-mtbs")
        assert [i.icon for i in kiosk.find_all(ft.Icon, root=mtbs)] == [ft.Icons.SICK]


# ------------------------------------------------------------------ the keypad


async def test_kosongkan_appears_apart_only_from_two_digits_and_can_be_undone(app, tmp_path):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk)
        assert kiosk.exists(identifier="nik-backspace") and kiosk.exists(text="Hapus")
        assert not kiosk.exists(identifier="nik-clear")  # nothing to clear: not there
        await tap_keys(kiosk, "nik", "3")
        assert not kiosk.exists(identifier="nik-clear")  # one digit: "Hapus" does it
        await tap_keys(kiosk, "nik", "317014506")
        clear = kiosk.find(identifier="nik-clear")
        assert kiosk.find_all(text="Kosongkan semua", root=clear)
        assert [i.icon for i in kiosk.find_all(ft.Icon, root=clear)] == [ft.Icons.DELETE_SWEEP]
        backspace = kiosk.find(identifier="nik-backspace")
        assert [i.icon for i in kiosk.find_all(ft.Icon, root=backspace)] == [ft.Icons.BACKSPACE]
        keys = [c.identifier for c in kiosk.find_all(ft.Semantics)
                if (c.identifier or "").startswith(("nik-key-", "nik-clear", "nik-backspace"))]
        assert keys[-3:] == ["nik-clear", "nik-key-0", "nik-backspace"]  # opposite ends of the row
        red = kiosk.find(ft.Button, root=clear).style.side.color
        grey = kiosk.find(ft.Button, root=backspace).style.side.color
        assert (red, grey) == ("#8C0009", "#000000")

        await kiosk.click(identifier="nik-clear")
        assert kiosk.exists(text="Belum diisi")
        assert not kiosk.exists(identifier="nik-clear")
        await kiosk.click(identifier="nik-restore")  # "Kembalikan": the slip costs one tap
        assert kiosk.exists(text="3317 0145 06")
        assert not kiosk.exists(identifier="nik-restore")

        await kiosk.click(identifier="nik-backspace")  # "Hapus": one digit only
        assert kiosk.exists(text="3317 0145 0")
        await kiosk.click(identifier="nik-clear")
        await tap_keys(kiosk, "nik", "9")  # typing again: nothing to give back any more
        assert not kiosk.exists(identifier="nik-restore")
        assert kiosk.exists(text="9")


async def test_the_booking_code_keypad_clears_and_gives_back_the_same_way(app, tmp_path):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}"), **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        await kiosk.click(identifier="kiosk-checkin")
        assert not kiosk.exists(identifier="code-clear")
        await tap_keys(kiosk, "code", "K7QD")
        await kiosk.click(identifier="code-clear")
        field = kiosk.find(ft.TextField, label="Kode booking")
        assert not field.value
        await kiosk.click(identifier="code-restore")
        assert kiosk.find(ft.TextField, label="Kode booking").value == "K7QD"


# ------------------------------------------------------------------ the room


def test_a_portrait_kiosk_shares_its_height_among_the_tiles_and_a_small_one_keeps_them_natural() -> None:
    # A puskesmas's 7 walk-in services on a 1080×1920 kiosk: 4 rows share its room.
    assert tile_height(7, (1000, 1500)) == pytest.approx((1500 - 160 - 3 * 24) / 4)
    assert tile_height(3, (1000, 1500)) == 400  # at most 400 px
    assert tile_height(9, (1000, 1500)) is None  # 5 rows: less than a tile needs, natural height
    assert tile_height(9, (688, 900)) is None  # 768×1366: no room to grow, natural height
    assert tile_height(9, None) is None
    assert tile_height(9, (1840, 700)) is None  # landscape: four a row already fill it


def test_the_big_choices_grow_into_what_the_list_of_open_services_leaves() -> None:
    assert choice_height((1000, 1650), open_count=7) == pytest.approx((1650 - 200 - 4 * 84 - 28) / 2)
    assert choice_height((1000, 1650), open_count=1) == 560  # at most 560 px
    assert choice_height((688, 1000), open_count=7) is None  # their natural height
    assert choice_height(None, open_count=7) is None


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE])
async def test_the_start_screen_says_how_many_wait_at_each_open_service(app, tmp_path, make_client, size):  # type: ignore[no-untyped-def]
    lobby = make_client(kiosk_key=f"demo-kiosk-{LASEM}")
    ugd = await service_id(lobby, LASEM, "ugd")
    for _ in range(2):
        await lobby.bookings.walk_in(service_id=ugd, idempotency_key=new_idempotency_key())
    async with run_app(kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}", facility=LASEM), **size) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(identifier="kiosk-open-services"))
        shown = kiosk.find(identifier="kiosk-open-services")
        assert kiosk.find_all(text="UGD", root=shown) and kiosk.find_all(text="Poli Umum", root=shown)
        assert len(kiosk.find_all(text="2 orang menunggu", root=shown)) == 1  # the UGD's
        assert kiosk.find_all(text="Belum ada antrean", root=shown)  # the others'


async def test_an_idle_reset_forgets_a_cleared_nik_too(app, tmp_path):  # type: ignore[no-untyped-def]
    """What "Kembalikan" could give back is the patient's NIK: the next patient never can."""
    forgetful = kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}", idle_seconds=2)
    async with run_app(forgetful, **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk)
        await tap_keys(kiosk, "nik", "331701450")
        await kiosk.click(identifier="nik-clear")
        assert kiosk.exists(identifier="nik-restore")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="kiosk-walkin"), timeout=10)
        await walk_in_to_identity(kiosk)
        assert not kiosk.exists(identifier="nik-restore")
        assert kiosk.exists(text="Belum diisi")
