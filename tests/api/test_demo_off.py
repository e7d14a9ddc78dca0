"""Demo is off unless asked for: no demo credential works on a service started without it."""

from __future__ import annotations

import logging

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text

from api_client import ApiClient, Unauthorized
from server.app import create_app
from server.migrate import alembic_config
from server.seed.load import demo_kiosk_key, kiosk_key_hash
from server.settings import Settings
from server.staff.tables import KioskDeviceRow, StaffAccountRow
from tests.api.helpers import service_id
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio


def test_demo_is_off_unless_the_environment_turns_it_on(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("LSR_DEMO", raising=False)
    assert Settings().demo is False
    monkeypatch.setenv("LSR_DEMO", "true")
    assert Settings().demo is True


@pytest.fixture
def restarted_without_demo(settings: Settings, clock: FakeClock, app, caplog: pytest.LogCaptureFixture):  # type: ignore[no-untyped-def]
    """The demo database of `app`, started again with demo off, and what its start logged."""
    caplog.set_level(logging.INFO, logger="server.app")
    application = create_app(settings.model_copy(update={"demo": False}), clock=clock)
    yield application, [r.getMessage() for r in caplog.records if r.name == "server.app"]
    application.state.lsr.db.dispose()


def client_of(application, **kwargs: object) -> ApiClient:  # type: ignore[no-untyped-def]
    return ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(application), **kwargs)  # type: ignore[arg-type]


async def test_a_demo_database_started_without_demo_refuses_the_demo_passwords_and_keys(
    restarted_without_demo  # type: ignore[no-untyped-def]
):
    restarted, said = restarted_without_demo
    async with client_of(restarted) as staff:
        for username in ("dinkes", "admin.pkm-sumber", "loket.pkm-lasem"):
            with pytest.raises(Unauthorized) as err:
                await staff.staff.login(username, "rembang-demo")
            assert err.value.code == "invalid_credentials"
    async with client_of(restarted, kiosk_key="demo-kiosk-pkm-lasem") as kiosk:
        sid = await service_id(kiosk, facility_id="pkm-lasem", code="poli-umum")
        with pytest.raises(Unauthorized):
            await kiosk.bookings.walk_in(service_id=sid, idempotency_key="demo-off-walkin-1")
    assert "demo off: disabled 81 demo staff accounts and 20 demo kiosk keys" in said


async def test_demo_on_again_brings_the_demo_accounts_back(
    restarted_without_demo, settings: Settings, clock: FakeClock,  # type: ignore[no-untyped-def]
    caplog: pytest.LogCaptureFixture,
):
    caplog.set_level(logging.INFO, logger="server.app")
    again = create_app(settings, clock=clock)
    try:
        async with client_of(again) as staff:
            assert (await staff.staff.login("dinkes", "rembang-demo")).username == "dinkes"
    finally:
        again.state.lsr.db.dispose()
    said = [r.getMessage() for r in caplog.records if r.name == "server.app"]
    assert "demo on: enabled 81 demo staff accounts and 20 demo kiosk keys" in said


def test_an_empty_database_started_without_demo_has_no_account_and_no_kiosk_key(
    tmp_path, clock: FakeClock  # type: ignore[no-untyped-def]
):
    application = create_app(Settings(
        database_url=f"sqlite:///{tmp_path / 'fresh.db'}", data_dir=tmp_path,
        secret_key="test-secret-for-layanan-sehat-rembang-0001", demo=False,
    ), clock=clock)
    try:
        with application.state.lsr.db.read() as session:
            assert session.scalar(select(func.count()).select_from(StaffAccountRow)) == 0
            assert session.scalar(select(func.count()).select_from(KioskDeviceRow)) == 0
    finally:
        application.state.lsr.db.dispose()


def test_the_migration_recognises_the_demo_credentials_seeded_before_it(tmp_path):  # type: ignore[no-untyped-def]
    """A database seeded by an older version (no `demo` mark yet) still gets its demo
    accounts disabled: the migration marks them by their seeded names and key hashes."""
    from alembic import command

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config(engine)

    def upgrade_to(revision: str) -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    upgrade_to("0006")
    with engine.begin() as c:
        c.execute(text("INSERT INTO facility (id, name, type, kecamatan, kecamatan_code, address, "
                       "phone, lat, lon, unconfirmed) VALUES ('pkm-sumber', 'Puskesmas Sumber', "
                       "'puskesmas', 'Sumber', '01', '', '', 0, 0, '[]')"))
        for name, facility in (("dinkes", None), ("poli.pkm-sumber", "pkm-sumber"),
                               ("kepala.sumber", "pkm-sumber")):
            c.execute(text("INSERT INTO staff_account (username, password_hash, role, facility_id, "
                           "active, failed_logins) VALUES (:u, 'x', 'admin', :f, 1, 0)"),
                      {"u": name, "f": facility})
        for name, key_hash in (
            ("Kiosk lobi (demo)", kiosk_key_hash(demo_kiosk_key("pkm-sumber"))),
            ("Kiosk lobi", kiosk_key_hash("a-real-random-key")),
        ):
            c.execute(text("INSERT INTO kiosk_device (facility_id, name, key_hash, active) "
                           "VALUES ('pkm-sumber', :n, :h, 1)"), {"n": name, "h": key_hash})
    upgrade_to("head")
    with engine.connect() as c:
        accounts = dict(c.execute(text("SELECT username, demo FROM staff_account")).all())
        kiosks = dict(c.execute(text("SELECT name, demo FROM kiosk_device")).all())
    engine.dispose()
    assert {k: bool(v) for k, v in accounts.items()} == {
        "dinkes": True, "poli.pkm-sumber": True, "kepala.sumber": False,
    }
    assert {k: bool(v) for k, v in kiosks.items()} == {"Kiosk lobi (demo)": True, "Kiosk lobi": False}
