"""The staff console, in-process against the real service at Monday 30 November 2026,
08:00 WIB. The UGD of Puskesmas Lasem (open day and night, walk-ins from the lobby
kiosk) is served by the poli staff. Live events reach the console over SSE in the
browser tests; here the console re-reads the list after its own actions.
"""

from __future__ import annotations

import asyncio

import flet as ft
import httpx
import pytest
from flet.messaging.protocol import MessageAction

from api_client import ApiClient, new_idempotency_key
from api_client.models import Lane, PriorityReason, Role, TicketStatus
from session.settings import AppSettings
from tests.api.helpers import service_id
from tests.support.staff_sessions import open_sign_ins
from tests.views.harness import run_app
from views.app import main_for

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"


@pytest.fixture
def kiosk(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    return make_client(kiosk_key=f"demo-kiosk-{LASEM}")


@pytest.fixture
async def ugd(client) -> int:  # type: ignore[no-untyped-def]
    return await service_id(client, LASEM, "ugd")


async def walk_in(kiosk: ApiClient, sid: int, *, priority: bool = False) -> str:
    booking = await kiosk.bookings.walk_in(
        service_id=sid, idempotency_key=new_idempotency_key(),
        lane=Lane.priority if priority else Lane.regular,
        priority_reason=PriorityReason.lansia if priority else None,
    )
    return booking.ticket.display_number


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


async def sign_in(app, username: str, password: str = "rembang-demo") -> None:  # type: ignore[no-untyped-def]
    await app.wait_for(lambda: app.exists(ft.TextField, label="Nama pengguna"))
    await app.fill(app.find(ft.TextField, label="Nama pengguna"), username)
    await app.fill(app.find(ft.TextField, label="Kata sandi"), password, submit=True)


async def open_desk(app, username: str = f"poli.{LASEM}", service: str = "ugd",  # type: ignore[no-untyped-def]
                    counter: str | None = None) -> None:
    await sign_in(app, username)
    await app.wait_for(lambda: app.exists(identifier=f"service-{service}"))
    await app.click(identifier=f"service-{service}")
    if counter is not None:
        await app.fill(app.find(ft.TextField, label="Nama loket atau ruang"), counter)
    await app.click(identifier="start-desk")
    await app.wait_for(lambda: app.exists(identifier="stat-served") and shown(app, "stat-served") != "–")


# ---------------------------------------------------------------- sign in


async def test_a_wrong_password_says_so_and_clears_only_the_password(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await sign_in(app, f"poli.{LASEM}", "salah")
        assert shown(app, "sign-in-error") == "Nama pengguna atau kata sandi salah."
        assert app.find(ft.TextField, label="Nama pengguna").value == f"poli.{LASEM}"
        assert app.find(ft.TextField, label="Kata sandi").value == ""
        assert not app.exists(identifier="sign-out")


async def test_empty_fields_are_marked_and_nothing_is_sent(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await app.wait_for(lambda: app.exists(identifier="sign-in"))
        await app.click(identifier="sign-in")
        assert app.find(ft.TextField, label="Nama pengguna").error == "Bagian ini wajib diisi."
        assert app.find(ft.TextField, label="Kata sandi").error == "Bagian ini wajib diisi."
        assert not app.exists(identifier="sign-in-error")


async def test_after_repeated_wrong_passwords_the_lockout_says_how_long_to_wait(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        for _ in range(5):
            await sign_in(app, f"apotek.{LASEM}", "salah")
        await sign_in(app, f"apotek.{LASEM}")  # even the right password, for now
        assert shown(app, "sign-in-error") == (
            "Terlalu banyak percobaan masuk yang salah dari perangkat ini. Coba lagi dalam 1 menit."
        )
        assert not app.exists(identifier="sign-out")


async def test_signing_out_forgets_the_sign_in(app_main, client):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        assert shown(app, "staff-who") == f"Masuk sebagai poli.{LASEM}"
        await app.click(identifier="sign-out")
        await app.wait_for(lambda: app.exists(ft.TextField, label="Nama pengguna"))
        assert app.find(ft.TextField, label="Kata sandi").value == ""
        await app.navigate("/")
        await app.navigate("/staff")  # the console asks who is signed in: nobody
        await app.wait_for(lambda: app.exists(ft.TextField, label="Nama pengguna"))


async def test_keluar_ends_the_sign_in_at_the_service_too(app_main, app):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as console:
        await open_desk(console)
        assert open_sign_ins(app, f"poli.{LASEM}") == 1
        await console.click(identifier="sign-out")
        await console.wait_for(lambda: console.exists(ft.TextField, label="Nama pengguna"))
        assert open_sign_ins(app, f"poli.{LASEM}") == 0  # a copied token is worthless now


async def test_a_one_time_password_leads_to_choosing_a_new_one(app_main, app, clock):  # type: ignore[no-untyped-def]
    from server.staff import accounts

    with app.state.lsr.db.write_transaction() as session:
        made = accounts.create_account(session=session, username="siti.poli", role=Role.poli,
                                       facility_id=LASEM, now=clock(), by=accounts.operator("budi"))
    async with run_app(app_main, route="/staff") as console:
        await sign_in(console, "siti.poli", made.password)
        await console.wait_for(lambda: console.exists(identifier="staff-new-password"))
        assert shown(console, "sign-in-error") == (
            "Kata sandi ini dibuat oleh operator dan hanya berlaku sekali. Buat kata sandi baru Anda."
        )
        new = console.find(ft.TextField, label="Kata sandi baru (paling sedikit 12 karakter)")
        again = console.find(ft.TextField, label="Ulangi kata sandi baru")
        await console.fill(new, "pendek")
        await console.fill(again, "pendek", submit=True)
        await console.wait_for(lambda: shown(console, "sign-in-error")
                               == "Kata sandi baru harus paling sedikit 12 karakter.")
        await console.fill(new, "sapi-lasem-berlari-7")
        await console.fill(again, "sapi-lasem-berlari-7", submit=True)
        await console.wait_for(lambda: console.exists(identifier="staff-who"))
        assert shown(console, "staff-who") == "Masuk sebagai siti.poli"


async def test_an_expired_sign_in_goes_back_to_the_form_keeping_nothing(app_main, clock, kiosk, ugd):  # type: ignore[no-untyped-def]
    await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        clock.advance(minutes=31)  # the console was not refreshed in time (e.g. a sleeping PC)
        await app.click(identifier="action-call-next")
        await app.wait_for(lambda: app.exists(identifier="session-ended"))
        assert shown(app, "session-ended") == "Sesi Anda sudah berakhir. Silakan masuk lagi."
        assert not app.exists(identifier="current-number")
        assert not app.exists(identifier="staff-who")


async def test_the_console_renews_its_sign_in_while_open(app_main, clock, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("views.staff.console.REFRESH_SECONDS", 0.05)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        for _ in range(3):  # 75 minutes; each token lasts 30
            clock.advance(minutes=25)
            await asyncio.sleep(0.2)
            await app.settle()
        await app.click(identifier="action-call-next")
        assert shown(app, "desk-notice").startswith("Belum ada pasien yang sudah check-in.")
        assert not app.exists(identifier="session-ended")


# ---------------------------------------------------------------- the desk


async def test_only_the_services_of_the_role_are_offered(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await sign_in(app, f"poli.{LASEM}")
        await app.wait_for(lambda: app.exists(identifier="service-ugd"))
        assert app.exists(identifier="service-poli-umum") and app.exists(identifier="service-lab")
        assert not app.exists(identifier="service-loket")
        assert not app.exists(identifier="service-apotek")


async def test_a_loket_officer_has_one_service_chosen_with_a_counter_name_ready(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await sign_in(app, f"loket.{LASEM}")
        await app.wait_for(lambda: app.exists(ft.TextField, label="Nama loket atau ruang"))
        assert [c.identifier for c in app.find_all(ft.Semantics)
                if (c.identifier or "").startswith("service-")] == ["service-loket"]
        assert app.find(ft.TextField, label="Nama loket atau ruang").value == "Loket 1"


async def test_the_counters_the_admin_named_are_offered_one_tap_each(app_main, make_client):  # type: ignore[no-untyped-def]
    import datetime as dt

    from api_client.models import ServiceSettingsChange

    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    loket = await service_id(admin, LASEM, "loket")
    await admin.directory_admin.change_settings(loket, ServiceSettingsChange(
        effective_from=dt.date(2026, 11, 30), quota_jkn=[0] * 7, quota_non_jkn=[0] * 7,
        quota_walkin=[200] * 7, avg_service_minutes=3, counters=["Loket BPJS", "Loket Umum"],
    ))
    async with run_app(app_main, route="/staff") as app:
        await sign_in(app, f"loket.{LASEM}")
        await app.wait_for(lambda: app.exists(identifier="counter-choice-1"))
        field = app.find(ft.TextField, label="Nama loket atau ruang")
        assert field.value == "Loket BPJS"  # the first named counter, ready
        assert shown(app, "counter-choice-1") == "Loket Umum"
        await app.click(identifier="counter-choice-1")
        assert app.find(ft.TextField, label="Nama loket atau ruang").value == "Loket Umum"
        await app.click(identifier="start-desk")
        await app.wait_for(lambda: app.exists(identifier="stat-served"))
        assert app.exists(text_contains="Loket Umum")


async def test_dinkes_first_picks_the_facility_then_any_of_its_services(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await sign_in(app, "dinkes")
        facility = await app.wait_for(
            lambda: app.find(ft.Dropdown, label="Puskesmas atau rumah sakit", where=lambda c: c.options))
        await app.trigger(facility, "select", LASEM, props={"value": LASEM})
        await app.wait_for(lambda: app.exists(identifier="service-apotek"))
        assert app.exists(identifier="service-loket") and app.exists(identifier="service-ugd")


async def test_dinkes_switching_facility_chooses_the_service_again(app_main):  # type: ignore[no-untyped-def]
    """A service chosen at one facility is none of the next one's: the desk does not
    start (it used to fail on "Mulai melayani") until one of the new facility's is chosen."""
    async with run_app(app_main, route="/staff") as app:
        await sign_in(app, "dinkes")
        facility = await app.wait_for(
            lambda: app.find(ft.Dropdown, label="Puskesmas atau rumah sakit", where=lambda c: c.options))
        await app.trigger(facility, "select", LASEM, props={"value": LASEM})
        await app.click(await app.wait_for(lambda: app.find(identifier="service-ugd")))
        assert app.exists(identifier="start-desk")
        await app.trigger(facility, "select", "pkm-sumber", props={"value": "pkm-sumber"})
        await app.wait_for(lambda: app.exists(text="Layanan di Puskesmas Sumber"))
        assert not app.exists(identifier="start-desk")
        await app.click(identifier="service-loket")
        await app.click(identifier="start-desk")
        await app.wait_for(lambda: app.exists(identifier="desk-post"))
        assert shown(app, "desk-post") == "Loket Pendaftaran · Loket 1"


async def test_calling_next_shows_the_number_big_with_its_lane_and_check_in(app_main, kiosk, ugd):  # type: ignore[no-untyped-def]
    first = await walk_in(kiosk, ugd)
    await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, counter="Ruang 2")
        assert shown(app, "desk-post") == "UGD · Ruang 2"
        assert shown(app, "stat-waiting") == "2"
        await app.click(identifier="action-call-next")
        assert shown(app, "current-number") == first
        assert shown(app, "current-lane") == "Reguler"
        assert shown(app, "current-arrived") == "Sudah check-in"
        assert shown(app, "current-status") == "Dipanggil ke Ruang 2"
        assert shown(app, "desk-notice") == f"{first} dipanggil ke Ruang 2."
        await app.wait_for(lambda: shown(app, "stat-waiting") == "1")
        assert app.find(identifier="action-call-next").content.disabled


async def test_priority_patients_are_listed_and_called_first(app_main, kiosk, ugd):  # type: ignore[no-untyped-def]
    regular = await walk_in(kiosk, ugd)
    elder = await walk_in(kiosk, ugd, priority=True)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        assert shown(app, "waiting-list") == f"{elder} · Prioritas {regular}"
        await app.click(identifier="action-call-next")
        assert shown(app, "current-number") == elder
        assert shown(app, "current-lane") == "Prioritas"


class Counting(httpx.AsyncBaseTransport):
    """The console's requests, counted on their way to the service."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(f"{request.method} {request.url.path}")
        return await self.inner.handle_async_request(request)


async def test_a_double_click_on_done_sends_one_request(app, kiosk, ugd):  # type: ignore[no-untyped-def]
    await walk_in(kiosk, ugd)
    counting = Counting(httpx.ASGITransport(app))
    console_main = main_for(AppSettings(), make_client=lambda: ApiClient(
        "http://lsr.test/api", transport=counting))
    async with run_app(console_main, route="/staff") as harness:
        await open_desk(harness)
        await harness.click(identifier="action-call-next")
        done = harness.find(identifier="action-done").content
        taps = [  # both taps leave the browser before the screen changes
            await harness._client_send(MessageAction.CONTROL_EVENT,
                                       {"target": done._i, "name": "click", "data": None})
            for _ in range(2)
        ]
        for tap in taps:
            await harness._finish(tap)
        # today's numbers are read again after the action: on a busy machine a moment later
        await harness.wait_for(lambda: shown(harness, "stat-served") == "1")
        assert "Belum ada nomor" in shown(harness, "current-number")
        assert shown(harness, "desk-notice").endswith("selesai dilayani.")
    assert len([p for p in counting.paths if p.endswith("/done")]) == 1


async def test_keyboard_shortcuts_call_recall_and_skip(app_main, kiosk, ugd, client):  # type: ignore[no-untyped-def]
    first = await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await press(app, "C")
        assert shown(app, "current-number") == first
        await press(app, "r")
        assert shown(app, "desk-notice") == f"{first} dipanggil ulang ke Ruang 1."
        await press(app, "S")
        assert shown(app, "desk-notice") == f"{first} dicatat tidak hadir."
        await app.wait_for(lambda: shown(app, "stat-no-shows") == "1")
    tickets = await service_tickets(client, ugd)
    assert [t.status for t in tickets] == [TicketStatus.no_show]


async def test_shortcuts_stop_with_the_desk(app_main, kiosk, ugd, client):  # type: ignore[no-untyped-def]
    await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await app.click(identifier="change-post")
        await app.wait_for(lambda: app.exists(identifier="service-ugd"))
        assert app.page.on_keyboard_event is None
        await press(app, "C")  # typing elsewhere calls nobody
        assert not app.exists(identifier="current-number")
    tickets = await service_tickets(client, ugd)
    assert [t.status for t in tickets] == [TicketStatus.checked_in]


async def test_transfer_sends_the_patient_on_with_a_new_number(app_main, kiosk, ugd, client):  # type: ignore[no-untyped-def]
    first = await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await app.click(identifier="action-call-next")
        await app.click(identifier="action-transfer")
        assert shown(app, "transfer-title") == f"Selesai dan kirim {first} ke:"
        await app.click(identifier="transfer-to-apotek")
        await app.wait_for(lambda: app.exists(identifier="desk-notice"))
        assert shown(app, "desk-notice") == f"{first} selesai. Pasien menuju Apotek dengan nomor baru P-001."
        assert "Belum ada nomor" in shown(app, "current-number")


async def test_a_refused_action_is_rolled_back_with_a_message(app_main, kiosk, ugd, make_client):  # type: ignore[no-untyped-def]
    first = await walk_in(kiosk, ugd)
    other = make_client()
    await other.staff.login(f"admin.{LASEM}", "rembang-demo")
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await app.click(identifier="action-call-next")
        ticket = next(t for t in await other.staff.tickets(ugd) if t.display_number == first)
        await other.staff.done(ticket.ticket_id)  # finished at another desk meanwhile
        await app.click(identifier="action-skip")
        assert shown(app, "desk-notice") == (
            "Nomor ini tidak bisa diproses sekarang karena statusnya sudah berubah. "
            "Muat ulang daftar antrean."
        )
        assert shown(app, "stat-no-shows") == "0"


async def press(app, key: str) -> None:  # type: ignore[no-untyped-def]
    await app.trigger(app.page, "keyboard_event",
                      {"key": key, "shift": False, "ctrl": False, "alt": False, "meta": False})


async def service_tickets(client: ApiClient, sid: int):  # type: ignore[no-untyped-def]
    admin = client
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    return await admin.staff.tickets(sid)
