"""When the turn is near, the open ticket chimes, vibrates, shows a banner and puts the
count in the tab's title, once per crossing; the title goes back when it no longer
applies."""

from __future__ import annotations

import json

import pytest

from tests.api.helpers import arrive, book, service_id
from tests.views.harness import run_app
from tests.views.test_preferences_view import radio_group_of, tap_radio
from tests.views.test_ticket_view import shown
from views.tickets import near_turn

pytestmark = pytest.mark.anyio

APP_NAME = "Layanan Sehat Rembang"


@pytest.fixture(autouse=True)
def quick(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("views.tickets.live.POLL_SECONDS", 0.05)
    monkeypatch.setattr("views.tickets.live.RETRY_SECONDS", 0.05)
    monkeypatch.setattr(near_turn, "LOAD_SECONDS", 0.01)  # the fake client reports no load


class Phone:
    """What the phone did: sounds played (their source) and vibrations."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.played: list[str] = []
        self.vibrated = 0
        app.fake_method("Audio", "play", lambda control, args: self.played.append(control.src))
        app.fake_method("HapticFeedback", "vibrate", lambda control, args: self._vibrate())

    def _vibrate(self) -> None:
        self.vibrated += 1


def tab_title(app) -> str:  # type: ignore[no-untyped-def]
    """The title as the client has it (the browser tab's)."""
    return str(app.client.page.props["title"])


async def waiting_room(client, make_client, ahead: int):  # type: ignore[no-untyped-def]
    """``ahead`` patients booked and checked in before me; the poli's console."""
    poli = await service_id(client, code="poli-umum")
    for serial in range(1, ahead + 1):
        await arrive(client, await book(client, poli, serial=serial))
    mine = await book(client, poli, serial=ahead + 1)
    staff = make_client()
    await staff.staff.login("poli.pkm-sumber", "rembang-demo")
    return poli, mine, staff


async def test_five_ahead_chimes_vibrates_and_shows_a_banner_once(
    app_main, client, make_client
):  # type: ignore[no-untyped-def]
    poli, mine, staff = await waiting_room(client, make_client, ahead=7)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        phone = Phone(app)
        await app.wait_for(lambda: shown(app, "people-ahead") == "7 orang di depan Anda")
        assert not app.exists(identifier="near-turn-banner")
        assert (phone.played, phone.vibrated, tab_title(app)) == ([], 0, APP_NAME)

        await staff.staff.call_next(poli, counter="Ruang 1")
        await app.wait_for(lambda: shown(app, "people-ahead") == "6 orang di depan Anda")
        assert not app.exists(identifier="near-turn-banner")  # 6 is not near yet

        await staff.staff.call_next(poli, counter="Ruang 1")
        await app.wait_for(lambda: app.exists(identifier="near-turn-banner"))
        assert shown(app, "near-turn-banner") == (
            "Giliran Anda sudah dekat: tinggal 5 orang lagi di depan Anda. "
            "Segeralah datang dan lapor di anjungan atau loket."
        )
        await app.wait_for(lambda: phone.played and phone.vibrated)
        assert phone.played == ["sounds/near-turn.wav"] and phone.vibrated == 1
        assert tab_title(app) == "(5) Antrean Anda dekat"

        # the queue moves on: the banner and the title follow, the chime does not repeat
        await staff.staff.call_next(poli, counter="Ruang 1")
        await app.wait_for(lambda: tab_title(app) == "(4) Antrean Anda dekat")
        assert shown(app, "near-turn-banner").startswith(
            "Giliran Anda sudah dekat: tinggal 4 orang lagi"
        )
        await app.navigate("/tiket")  # opened again: still told, not chimed again
        assert tab_title(app) == APP_NAME
        await app.navigate(f"/tiket/{mine.booking_code}")
        await app.wait_for(lambda: tab_title(app) == "(4) Antrean Anda dekat")
        assert (phone.played, phone.vibrated) == (["sounds/near-turn.wav"], 1)

        # I arrive; the rest are called, then me: no longer near, it is my turn
        await arrive(client, mine)
        await app.wait_for(lambda: "Tetaplah di dekat ruang tunggu" in shown(app, "near-turn-banner"))
        for _ in range(4):
            await staff.staff.call_next(poli, counter="Ruang 1")
        await app.wait_for(lambda: tab_title(app) == "Giliran Anda berikutnya")
        await staff.staff.call_next(poli, counter="Ruang 1")
        await app.wait_for(lambda: app.exists(identifier="called-banner"))
        assert not app.exists(identifier="near-turn-banner")
        assert tab_title(app) == APP_NAME
        assert (phone.played, phone.vibrated) == (["sounds/near-turn.wav"], 1)


async def test_the_person_can_choose_three_and_the_banner_speaks_their_language(
    app_main, client, make_client
):  # type: ignore[no-untyped-def]
    poli, mine, staff = await waiting_room(client, make_client, ahead=5)
    prefs = {"lsr.preferences": json.dumps({"language": "en", "near_turn": 3})}
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}", shared_preferences=prefs) as app:
        phone = Phone(app)
        await app.wait_for(lambda: shown(app, "people-ahead") == "5 people ahead of you")
        assert not app.exists(identifier="near-turn-banner")  # 5 is near for others, not here
        await staff.staff.call_next(poli, counter="Ruang 1")
        await staff.staff.call_next(poli, counter="Ruang 1")
        await app.wait_for(lambda: app.exists(identifier="near-turn-banner"))
        assert shown(app, "near-turn-banner").startswith("Your turn is near: 3 people ahead of you.")
        assert tab_title(app) == "(3) Your turn is near"
        await app.wait_for(lambda: phone.played and phone.vibrated)


async def test_a_device_that_cannot_vibrate_or_play_still_shows_the_banner(
    app_main, client, make_client
):  # type: ignore[no-untyped-def]
    _poli, mine, _staff = await waiting_room(client, make_client, ahead=2)

    def refuses(_control, _args):  # type: ignore[no-untyped-def]
        raise RuntimeError("not supported on this platform")

    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        app.fake_method("Audio", "play", refuses)
        app.fake_method("HapticFeedback", "vibrate", refuses)
        await app.wait_for(lambda: app.exists(identifier="near-turn-banner"))
        assert shown(app, "near-turn-banner").startswith(
            "Giliran Anda sudah dekat: tinggal 2 orang lagi"
        )
        assert tab_title(app) == "(2) Antrean Anda dekat"


async def test_in_pengaturan_the_person_chooses_when_or_turns_it_off(
    app_main, client, make_client
):  # type: ignore[no-untyped-def]
    _poli, mine, _staff = await waiting_room(client, make_client, ahead=4)
    async with run_app(app_main, route="/pengaturan") as app:
        assert radio_group_of(app, "near-turn-5").value == "5"  # the app's, until chosen
        await tap_radio(app, "near-turn-3", "3")
        assert json.loads(app.shared_preferences["lsr.preferences"])["near_turn"] == 3
        await app.navigate(f"/tiket/{mine.booking_code}")
        await app.wait_for(lambda: shown(app, "people-ahead") == "4 orang di depan Anda")
        assert not app.exists(identifier="near-turn-banner")  # 4 is not near at 3

        await app.navigate("/pengaturan")
        await app.click(identifier="near-turn-0")
        assert radio_group_of(app, "near-turn-0").value == "0"
        assert app.exists(text="Jangan beri tanda")
