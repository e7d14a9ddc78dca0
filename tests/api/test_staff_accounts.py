"""`python -m server.accounts`: how an operator starts without demo data, and how a
one-time password becomes the owner's own."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from api_client import ApiClient, Forbidden, Unauthorized, ValidationFailed
from api_client.models import Role
from server.accounts import run
from server.settings import Settings
from server.staff.tables import KioskDeviceRow
from tests.api.helpers import service_id
from tests.support.clock import FakeClock
from tests.support.live_server import ROOT

pytestmark = pytest.mark.anyio
NEW_PASSWORD = "sapi-lasem-berlari-7"  # noqa: S105 - a test password


def accounts(settings: Settings, clock: FakeClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = run(list(argv), settings=settings, clock=clock, out=out, operator_name="budi")
    return status, out.getvalue()


def shown_once(said: str) -> str:
    """The secret at the end of the command's sentence."""
    return said.strip().rsplit(": ", 1)[1]


async def test_the_first_dinkes_account_must_replace_its_one_time_password(
    settings: Settings, clock: FakeClock, client: ApiClient, make_client  # type: ignore[no-untyped-def]
):
    status, said = accounts(settings, clock, "first-dinkes", "kepala.dinkes")
    assert status == 0, said
    one_time = shown_once(said)
    assert len(one_time) >= 16
    with pytest.raises(Forbidden) as err:
        await client.staff.login("kepala.dinkes", one_time)
    assert err.value.code == "password_change_required"
    with pytest.raises(ValidationFailed) as short:
        await client.staff.change_password("kepala.dinkes", one_time, "pendek")
    assert short.value.code == "password_too_short"
    token = await client.staff.change_password("kepala.dinkes", one_time, NEW_PASSWORD)
    assert (token.role, token.facility_id) == (Role.admin, None)
    assert (await client.staff.me()).username == "kepala.dinkes"
    later = make_client()
    with pytest.raises(Unauthorized):
        await later.staff.login("kepala.dinkes", one_time)  # one time only
    assert (await later.staff.login("kepala.dinkes", NEW_PASSWORD)).username == "kepala.dinkes"


def test_the_first_dinkes_account_is_only_for_an_empty_system(settings: Settings, clock: FakeClock):
    assert accounts(settings, clock, "first-dinkes", "kepala.dinkes")[0] == 0
    status, said = accounts(settings, clock, "first-dinkes", "orang.lain")
    assert status == 1
    assert "refused: 1 active accounts exist already" in said


async def test_accounts_belong_to_a_facility_unless_they_are_dinkes(
    settings: Settings, clock: FakeClock, client: ApiClient
):
    status, said = accounts(settings, clock, "create", "siti.loket", "--role", "loket")
    assert (status, said.startswith("refused: a loket account needs a facility")) == (1, True)
    status, said = accounts(settings, clock, "create", "siti.loket", "--role", "loket",
                            "--facility", "pkm-nowhere")
    assert (status, "facility 'pkm-nowhere' does not exist" in said) == (1, True)
    status, said = accounts(settings, clock, "create", "siti.loket", "--role", "loket",
                            "--facility", "pkm-sumber")
    assert status == 0, said
    token = await client.staff.change_password("siti.loket", shown_once(said), NEW_PASSWORD)
    assert (token.role, token.facility_id) == (Role.loket, "pkm-sumber")
    assert accounts(settings, clock, "create", "siti.loket", "--role", "poli",
                    "--facility", "pkm-sumber")[0] == 1  # the name is taken


async def test_a_reset_password_replaces_the_old_one_and_must_be_changed(
    settings: Settings, clock: FakeClock, client: ApiClient, make_client  # type: ignore[no-untyped-def]
):
    await client.staff.login("admin.pkm-sumber", "rembang-demo")
    status, said = accounts(settings, clock, "reset-password", "admin.pkm-sumber")
    assert status == 0, said
    with pytest.raises(Unauthorized):
        await client.staff.me()  # the open sign-in ended
    fresh = make_client()
    with pytest.raises(Unauthorized):
        await fresh.staff.login("admin.pkm-sumber", "rembang-demo")
    with pytest.raises(Forbidden) as err:
        await fresh.staff.login("admin.pkm-sumber", shown_once(said))
    assert err.value.code == "password_change_required"


async def test_a_deactivated_account_cannot_sign_in(
    settings: Settings, clock: FakeClock, client: ApiClient
):
    assert accounts(settings, clock, "deactivate", "poli.pkm-sumber")[0] == 0
    with pytest.raises(Unauthorized):
        await client.staff.login("poli.pkm-sumber", "rembang-demo")
    assert accounts(settings, clock, "deactivate", "nobody.anywhere")[0] == 1


async def test_a_kiosk_key_is_shown_once_kept_as_a_hash_and_can_be_revoked(
    settings: Settings, clock: FakeClock, app, make_client  # type: ignore[no-untyped-def]
):
    status, said = accounts(settings, clock, "issue-kiosk-key", "pkm-lasem", "--name", "Lobi timur")
    assert status == 0, said
    key = shown_once(said)
    device_id = int(re.search(r"kiosk device (\d+)", said).group(1))  # type: ignore[union-attr]
    with app.state.lsr.db.read() as session:
        device = session.get(KioskDeviceRow, device_id)
        assert device is not None and device.key_hash == hashlib.sha256(key.encode()).hexdigest()
        everything = session.execute(text("SELECT * FROM kiosk_device")).all()
    assert key not in repr(everything)
    kiosk = make_client(kiosk_key=key)
    sid = await service_id(kiosk, facility_id="pkm-lasem", code="poli-umum")
    assert (await kiosk.bookings.walk_in(service_id=sid, idempotency_key="new-kiosk-1")).ticket
    assert accounts(settings, clock, "revoke-kiosk-key", str(device_id))[0] == 0
    with pytest.raises(Unauthorized):
        await kiosk.bookings.walk_in(service_id=sid, idempotency_key="new-kiosk-2")


def test_each_change_leaves_an_audit_row_naming_the_operator(settings: Settings, clock: FakeClock, app):  # type: ignore[no-untyped-def]
    accounts(settings, clock, "create", "siti.loket", "--role", "loket", "--facility", "pkm-sumber")
    accounts(settings, clock, "deactivate", "siti.loket")
    accounts(settings, clock, "issue-kiosk-key", "pkm-sumber")
    with app.state.lsr.db.read() as session:
        rows = session.execute(text(
            "SELECT actor, action FROM audit_event WHERE action LIKE 'account.%' "
            "OR action LIKE 'kiosk_key.%' ORDER BY id"
        )).all()
    assert [tuple(r) for r in rows] == [
        ("operator:budi", "account.create"), ("operator:budi", "account.deactivate"),
        ("operator:budi", "kiosk_key.issue"),
    ]


def test_the_command_runs_on_the_services_own_settings(tmp_path: Path):
    """The real `python -m server.accounts`, on a fresh data folder without demo data."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LSR_") and k != "DATABASE_URL"}
    env.update(LSR_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT))

    def command(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own tool
            [sys.executable, "-m", "server.accounts", *argv], cwd=ROOT, env=env,
            capture_output=True, text=True, check=False, timeout=120,
        )

    first = command("first-dinkes", "kepala.dinkes")
    assert first.returncode == 0, first.stderr
    assert "Dinkes account kepala.dinkes created" in first.stdout
    listed = command("list")
    assert listed.stdout.splitlines() == ["kepala.dinkes\tadmin\tDinkes\tmust-change-password"]
    assert shown_once(first.stdout) not in listed.stdout
    again = command("first-dinkes", "orang.lain")
    assert again.returncode == 1 and again.stdout.startswith("refused:")


def test_no_account_exists_before_the_operator_makes_one(tmp_path: Path, clock: FakeClock):
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'x.db'}",
                        secret_key="test-secret-for-layanan-sehat-rembang-0001", demo=False)
    status, said = accounts(settings, clock, "list")
    assert (status, said) == (0, "")
