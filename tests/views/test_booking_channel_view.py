"""Where a booking comes from: the web app (a browser, the Flet web app the service
serves) records `web`, the Android app `app`, and the dashboard's split by channel
counts each where it came from."""

from __future__ import annotations

from pathlib import Path

import flet as ft
import httpx
import pytest

from api_client import ApiClient
from api_client.models import Channel, Dashboard
from session.settings import AppSettings
from session.storage import ClientStorage, DeviceFileStorage
from tests.api.helpers import SUMBER, service_id
from tests.views.test_booking_view import (
    MONDAY,
    agree_and_reach_confirm,
    choose_day_and_payer,
    fill_patient,
    open_booking,
)
from views.app import main_for

pytestmark = pytest.mark.anyio

ANDROID = {  # what an Android phone answers to `page.get_device_info()`
    "locales": [{"language_code": "id", "country_code": "ID"}],
    "available_ram_size": 2 << 30, "board": "msm8953", "bootloader": "unknown", "brand": "xiaomi",
    "device": "tiare", "display": "OPM1", "fingerprint": "xiaomi/tiare", "free_disk_size": 8 << 30,
    "hardware": "qcom", "host": "build", "id": "OPM1", "is_low_ram_device": False,
    "is_physical_device": True, "manufacturer": "Xiaomi", "model": "Redmi Go", "name": "tiare",
    "physical_ram_size": 1 << 30, "product": "tiare", "supported_32_bit_abis": ["armeabi-v7a"],
    "supported_64_bit_abis": [], "supported_abis": ["armeabi-v7a"], "system_features": [],
    "tags": "release-keys", "total_disk_size": 8 << 30, "type": "user",
    "version": {"code_name": "REL", "incremental": "1", "release": "8.1.0", "sdk": 27},
}


async def split(make_client) -> dict[Channel, int]:  # type: ignore[no-untyped-def]
    """Puskesmas Sumber's visits on Monday by channel, as Dinkes reads them."""
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    report: Dashboard = await dinkes.dashboard.get(facility_id=SUMBER, date_from=MONDAY, date_to=MONDAY)
    return {c.channel: c.visits for c in report.channels}


async def book_through(main, client, **options) -> str:  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(main, sid, **options) as app:
        await choose_day_and_payer(app)
        await fill_patient(app)
        await agree_and_reach_confirm(app)
        await app.click(identifier="booking-confirm")
        assert app.route.startswith("/tiket/")
        return app.route.removeprefix("/tiket/")


async def test_a_booking_made_in_the_browser_is_recorded_and_counted_as_web(
    app_main, client, make_client
):  # type: ignore[no-untyped-def]
    before = await split(make_client)
    code = await book_through(app_main, client)
    assert (await client.bookings.get(code)).channel is Channel.web
    after = await split(make_client)
    assert after[Channel.web] == before[Channel.web] + 1
    assert after[Channel.app] == before[Channel.app]


async def test_a_booking_made_in_the_android_app_is_recorded_and_counted_as_app(
    app, client, make_client, tmp_path: Path
):  # type: ignore[no-untyped-def]
    async def phone_storage(_page: ft.Page, _settings: AppSettings) -> ClientStorage:
        return DeviceFileStorage(tmp_path / "layanan-sehat-rembang.json")

    android = main_for(
        AppSettings(),
        make_client=lambda: ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(app)),
        make_storage=phone_storage,
    )
    before = await split(make_client)
    code = await book_through(android, client, web=False, platform="android", device_info=ANDROID)
    assert (await client.bookings.get(code)).channel is Channel.app
    after = await split(make_client)
    assert after[Channel.app] == before[Channel.app] + 1
    assert after[Channel.web] == before[Channel.web]
