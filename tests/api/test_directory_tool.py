"""`python -m server.directory`: the directory exported as a seed-format file, the
differences of an edited file shown (--dry-run) and applied with the admin screens'
rules, all or nothing. Today is Monday 30 November 2026, 08:00 WIB (tests/conftest.py);
the tool's default effective date is tomorrow."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from api_client import ApiClient
from api_client.models import ServiceSettingsChange
from server.audit.tables import AuditEventRow
from server.db import Database
from server.directory.__main__ import run
from server.facilities.directory import Directory
from server.migrate import upgrade
from server.seed.load import seed_if_empty
from server.settings import Settings
from tests.api.helpers import SUMBER, book, service_id
from tests.support.clock import FakeClock
from tests.support.live_server import ROOT

pytestmark = pytest.mark.anyio

NEXT_MONDAY = dt.date(2026, 12, 7)


def directory(settings: Settings, clock: FakeClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = run(list(argv), settings=settings, clock=clock, out=out, operator_name="budi")
    return status, out.getvalue()


def exported(settings: Settings, clock: FakeClock, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "direktori.yaml"
    assert directory(settings, clock, "export", "-o", str(path))[0] == 0
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def written(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "diedit.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(path)


def changes(said: str) -> set[str]:
    """The lines that apply something: added, changed, removed."""
    return {line for line in said.splitlines() if line.split(" ", 1)[0] in ("added", "changed", "removed")}


def sumber(data: dict[str, Any]) -> dict[str, Any]:
    facility: dict[str, Any] = next(f for f in data["facilities"] if f["id"] == SUMBER)
    return facility


def service(facility: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in facility["services"] if s["code"] == code)
    return found


def edit_five_things(data: dict[str, Any]) -> None:
    """Monday's JKN quota of Poli Umum, Friday's hours, a renamed, a new and a removed service."""
    f = sumber(data)
    service(f, "poli-umum")["quota_jkn"] = {
        "mon": 25,
        "tue": 40,
        "wed": 40,
        "thu": 40,
        "fri": 40,
        "sat": 40,
        "sun": 40,
    }
    f["hours"]["fri"] = "07:30-11:00"
    service(f, "poli-gigi")["name"] = "Poli Gigi"
    f["services"] = [s for s in f["services"] if s["code"] != "kia-kb"]
    f["services"].append(
        {
            "code": "poli-tb",
            "name": "Poli TB",
            "kind": "poli",
            "prefix": "T",
            "online": True,
            "walkin": True,
            "quota_jkn": 5,
            "quota_non_jkn": 2,
            "quota_walkin": 5,
            "avg_service_minutes": 12,
            "counters": ["Ruang TB"],
        }
    )


def test_an_exported_directory_imports_without_a_single_change(settings, clock, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "direktori.yaml"
    assert directory(settings, clock, "export", "-o", str(path)) == (0, "")
    status, said = directory(settings, clock, "import", str(path), "--dry-run")
    assert status == 0, said
    assert changes(said) == set()
    assert "dry run: 0 changes would apply (quotas from 2026-12-01); nothing changed" in said
    # A phone as people write it is the number the directory keeps (E.164): no change.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sumber(data)["phone"] = "0295 701011"
    status, said = directory(settings, clock, "import", written(tmp_path, data), "--dry-run")
    assert (status, changes(said)) == (0, set()), said
    # The seed file as shipped is the same directory too (and still loads unchanged).
    status, said = directory(settings, clock, "import", "server/seed/rembang.yaml", "--dry-run")
    assert (status, changes(said)) == (0, set()), said


def test_the_export_holds_no_account_key_or_personal_data(settings, clock, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "d.yaml"
    directory(settings, clock, "export", "-o", str(path))
    text = path.read_text(encoding="utf-8")
    for secret in (
        "rembang-demo",
        "demo-kiosk",
        "admin.pkm",
        "dinkes",
        "$argon2",
        "test-secret",
        "operator:",
    ):
        assert secret not in text, secret
    assert "Puskesmas Sumber" in text


async def test_an_edited_file_shows_exactly_its_edits_and_import_applies_them(  # type: ignore[no-untyped-def]
    settings, clock, tmp_path, client: ApiClient, app
):
    data = exported(settings, clock, tmp_path)
    edit_five_things(data)
    path = written(tmp_path, data)

    status, said = directory(settings, clock, "import", path, "--dry-run")
    assert status == 0, said
    lines = changes(said)
    assert len(lines) == 5, said
    assert any(
        line.startswith("changed  pkm-sumber/poli-umum  quota_jkn: 40 every day -> mon 25 tue 40")
        for line in lines
    )
    assert (
        "changed  pkm-sumber  hours: mon 07:30-12:00 tue 07:30-12:00 wed 07:30-12:00 thu 07:30-12:00 "
        "fri 07:30-10:30 sat 07:30-12:00 sun closed -> mon 07:30-12:00 tue 07:30-12:00 wed 07:30-12:00 "
        "thu 07:30-12:00 fri 07:30-11:00 sat 07:30-12:00 sun closed" in lines
    )
    assert "changed  pkm-sumber/poli-gigi  name: Poli Gigi & Mulut -> Poli Gigi" in lines
    assert any(line.startswith("added    pkm-sumber/poli-tb  service: Poli TB (T)") for line in lines)
    assert "removed  pkm-sumber/kia-kb  service: KIA/KB: disabled (not deleted; its tickets stay)" in lines
    detail = await client.facilities.get(SUMBER)
    assert "poli-tb" not in {s.code for s in detail.services}  # a dry run changes nothing

    status, said = directory(settings, clock, "import", path)
    assert status == 0, said
    assert "applied 5 changes (quotas from 2026-12-01)" in said
    app.state.lsr.reload_directory()  # as the running service does within its refresh interval
    detail = await client.facilities.get(SUMBER)
    by_code = {s.code: s for s in detail.services}
    assert by_code["poli-gigi"].name == "Poli Gigi"
    assert "kia-kb" not in by_code  # disabled: no longer offered
    assert by_code["poli-tb"].prefix == "T" and by_code["poli-tb"].counters == ["Ruang TB"]
    assert next(h for h in detail.hours if h.weekday == 4).closes == "11:00"
    days = {
        d.service_date: d.quota_jkn
        for d in (await client.facilities.availability(by_code["poli-umum"].id)).days
    }
    assert days[dt.date(2026, 11, 30)] == 40  # today keeps its quota: the change holds from tomorrow
    assert days[NEXT_MONDAY] == 25
    assert days[dt.date(2026, 12, 1)] == 40
    # Applied, it is the directory: the same file shows no change any more.
    status, said = directory(settings, clock, "import", path, "--dry-run")
    assert (status, changes(said)) == (0, set()), said
    with app.state.lsr.db.read() as session:
        rows = session.scalars(select(AuditEventRow).where(AuditEventRow.facility_id == SUMBER)).all()
    actions = sorted(r.action for r in rows)
    assert actions == [
        "change_facility",
        "change_service",
        "change_service",
        "change_service_settings",
        "create_service",
    ], actions
    assert {r.actor for r in rows} == {"operator:budi"}


async def test_a_quota_below_what_is_booked_refuses_the_whole_file_with_the_count(  # type: ignore[no-untyped-def]
    settings, clock, tmp_path, client: ApiClient, app
):
    sid = await service_id(client, code="poli-umum")
    for serial in (1, 2, 3):
        await book(client, sid, serial=serial, day=NEXT_MONDAY)
    data = exported(settings, clock, tmp_path)
    f = sumber(data)
    service(f, "poli-gigi")["name"] = "Poli Gigi"  # comes first in the file: rolled back too
    service(f, "poli-umum")["quota_jkn"] = {
        "mon": 2,
        "tue": 40,
        "wed": 40,
        "thu": 40,
        "fri": 40,
        "sat": 40,
        "sun": 40,
    }
    path = written(tmp_path, data)

    for argv in (("--dry-run",), ()):
        status, said = directory(settings, clock, "import", path, *argv)
        assert status == 1, said
        assert "refused: pkm-sumber/poli-umum: " in said
        assert "3 jkn places are already booked on 2026-12-07: the quota cannot be 2" in said
        assert "nothing was applied" in said
    app.state.lsr.reload_directory()
    detail = await client.facilities.get(SUMBER)
    assert {s.code: s.name for s in detail.services}["poli-gigi"] == "Poli Gigi & Mulut"
    days = {
        d.service_date: (d.quota_jkn, d.left_jkn) for d in (await client.facilities.availability(sid)).days
    }
    assert days[NEXT_MONDAY] == (40, 37)


def test_a_change_never_takes_effect_in_the_past(settings, clock, tmp_path):  # type: ignore[no-untyped-def]
    data = exported(settings, clock, tmp_path)
    status, said = directory(
        settings, clock, "import", written(tmp_path, data), "--effective-from", "2026-11-29"
    )
    assert status == 1
    assert "refused: 2026-11-29 is before today 2026-11-30" in said


def test_a_facility_missing_from_the_file_is_kept_and_said_so(settings, clock, tmp_path, app):  # type: ignore[no-untyped-def]
    data = exported(settings, clock, tmp_path)
    data["facilities"] = [f for f in data["facilities"] if f["id"] != "pkm-lasem"]
    status, said = directory(settings, clock, "import", written(tmp_path, data))
    assert status == 0, said
    assert (
        "kept     pkm-lasem  facility: missing from the file; a facility is never removed by the tool" in said
    )
    assert changes(said) == set()
    app.state.lsr.reload_directory()
    assert "pkm-lasem" in app.state.lsr.directory.facilities


async def test_a_prefix_is_not_changed_while_numbers_with_it_are_issued(  # type: ignore[no-untyped-def]
    settings, clock, tmp_path, client: ApiClient
):
    await book(client, await service_id(client, code="poli-umum"), day=NEXT_MONDAY)
    data = exported(settings, clock, tmp_path)
    service(sumber(data), "poli-umum")["prefix"] = "X"
    status, said = directory(settings, clock, "import", written(tmp_path, data))
    assert status == 1
    assert "changed  pkm-sumber/poli-umum  prefix: B -> X" in said
    assert "1 tickets of service" in said and "carry prefix 'B': numbers already issued never change" in said
    assert (await client.facilities.get(SUMBER)).services[1].prefix == "B"


async def test_doctors_schedules_and_closures_change_from_the_file(  # type: ignore[no-untyped-def]
    settings, clock, tmp_path, app
):
    data = exported(settings, clock, tmp_path)
    gigi = service(sumber(data), "poli-gigi")
    gigi["doctors"][0]["schedule"] = {"mon": "08:00-11:00", "wed": "08:00-11:00"}
    gigi["doctors"].append(
        {"name": "drg. Baru", "sip": "503/123/SIP/2026", "schedule": {"sat": "08:00-12:00"}})
    data["extra_closures"].append({"date": "2026-12-31", "name": "Libur daerah"})
    path = written(tmp_path, data)
    status, said = directory(settings, clock, "import", path)
    assert status == 0, said
    assert changes(said) == {
        "changed  pkm-sumber/poli-gigi  doctor drg. (contoh): mon 07:30-12:00 tue 07:30-12:00 "
        "wed 07:30-12:00 thu 07:30-12:00 fri 07:30-10:30 sat 07:30-12:00 -> mon 08:00-11:00 wed 08:00-11:00",
        "added    pkm-sumber/poli-gigi  doctor drg. Baru: sat 08:00-12:00 · SIP",
        "added    regency  closure 2026-12-31: Libur daerah",
    }
    again = exported(settings, clock, tmp_path)
    assert service(sumber(again), "poli-gigi")["doctors"][1] == {
        "name": "drg. Baru",
        "sip": "503/123/SIP/2026",
        "schedule": {"sat": "08:00-12:00"},
    }
    assert {"date": "2026-12-31", "name": "Libur daerah"} in again["extra_closures"]
    with app.state.lsr.db.read() as session:
        rows = session.scalars(select(AuditEventRow).where(AuditEventRow.actor == "operator:budi")).all()
    # The doctors' own service functions: the Dokter section's audit rows, checks and marks.
    assert sorted(r.action for r in rows) == ["add_closure", "add_doctor", "change_doctor"]
    assert not any("drg" in str(r.before) + str(r.after) for r in rows)  # no names in the trail
    assert not any("503/123" in str(r.before) + str(r.after) for r in rows)  # nor the SIP


def test_the_seed_file_carries_quotas_per_weekday_counters_and_disabled_services(tmp_path):  # type: ignore[no-untyped-def]
    seed = yaml.safe_load(Path("server/seed/rembang.yaml").read_text(encoding="utf-8"))
    f = sumber(seed)
    seed["facilities"] = [f]
    service(f, "poli-umum").update(
        quota_jkn={"mon": 25, "tue": 40, "wed": 40, "thu": 40, "fri": 30, "sat": 20, "sun": 0},
        counters=["Ruang 1", "Ruang 2"],
    )
    service(f, "kia-kb")["disabled"] = True
    path = tmp_path / "seed.yaml"
    path.write_text(yaml.safe_dump(seed), encoding="utf-8")
    db = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        upgrade(db.engine)
        with db.write_transaction() as session:
            assert seed_if_empty(session=session, demo=False, path=path)
        with db.read() as session:
            loaded = Directory.load(session)
    finally:
        db.dispose()
    umum = next(s for s in loaded.services.values() if s.code == "poli-umum")
    assert [umum.quotas_on(NEXT_MONDAY + dt.timedelta(days=d)).jkn for d in range(7)] == [
        25,
        40,
        40,
        40,
        30,
        20,
        0,
    ]
    assert umum.setting_on(NEXT_MONDAY).counters == ("Ruang 1", "Ruang 2")
    assert "kia-kb" not in {s.code for s in loaded.facilities[SUMBER].services}


async def test_a_mark_left_out_of_the_file_is_confirmed_by_the_operator(  # type: ignore[no-untyped-def]
    settings, clock, tmp_path, make_client, app
):
    data = exported(settings, clock, tmp_path)
    f = sumber(data)
    f["unconfirmed"] = [m for m in f["unconfirmed"] if m != "phone"]
    service(f, "poli-umum")["unconfirmed"] = []  # a service's marks: not the tool's
    data["facilities"].append({**f, "id": "pkm-baru", "name": "Puskesmas Baru"})
    path = written(tmp_path, data)
    status, said = directory(settings, clock, "import", path, "--dry-run")
    assert status == 1
    assert "refused: pkm-baru facility: a new facility is not added from a file" in said
    data["facilities"].pop()
    status, said = directory(settings, clock, "import", written(tmp_path, data))
    assert status == 0, said
    assert changes(said) == {
        "changed  pkm-sumber  unconfirmed: address, phone, coordinates, hours -> address, coordinates, hours"
    }
    assert "kept     pkm-sumber/poli-umum  unconfirmed: none not applied: only a facility's marks" in said
    admin = make_client()
    await admin.staff.login(f"admin.{SUMBER}", "rembang-demo")
    app.state.lsr.reload_directory()
    read = await admin.directory_admin.get(SUMBER)
    assert "phone" not in read.facility.unconfirmed
    assert [(c.field, c.by) for c in read.confirmed] == [("phone", "operator:budi")]


def test_python_m_server_directory_runs_on_the_services_own_settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The real command on a fresh data folder: export to standard output, then the
    same file imports without a change."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LSR_") and k != "DATABASE_URL"}
    env.update(LSR_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT))

    def command(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own tool
            [sys.executable, "-m", "server.directory", *argv],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    exported_text = command("export")
    assert exported_text.returncode == 0, exported_text.stderr
    assert exported_text.stdout.startswith("# The directory of Layanan Sehat Rembang")
    (tmp_path / "d.yaml").write_text(exported_text.stdout, encoding="utf-8")
    checked = command("import", str(tmp_path / "d.yaml"), "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "dry run: 0 changes would apply" in checked.stdout


async def test_a_version_planned_later_in_the_admin_face_still_takes_over_on_its_date(  # type: ignore[no-untyped-def]
    settings, clock, tmp_path, make_client, client: ApiClient, app
):
    admin = make_client()
    await admin.staff.login(f"admin.{SUMBER}", "rembang-demo")
    sid = await service_id(client, code="poli-umum")
    planned = ServiceSettingsChange(
        effective_from=dt.date(2026, 12, 14),
        quota_jkn=[10] * 7,
        quota_non_jkn=[20] * 7,
        quota_walkin=[60] * 7,
        avg_service_minutes=8,
        counters=[],
    )
    await admin.directory_admin.change_settings(sid, planned)
    data = exported(settings, clock, tmp_path)
    service(sumber(data), "poli-umum")["quota_jkn"] = 30
    status, said = directory(settings, clock, "import", written(tmp_path, data))
    assert status == 0, said
    assert (
        "kept     pkm-sumber/poli-umum  settings: apply from 2026-12-01 until 2026-12-14, when the version "
        "planned then takes over (change that one in the admin face)" in said
    )
    app.state.lsr.reload_directory()
    umum = app.state.lsr.directory.services[sid]
    assert [umum.quotas_on(dt.date(2026, 12, d)).jkn for d in (1, 13, 14)] == [30, 30, 10]


def test_what_the_screens_refuse_the_file_cannot_do_either(settings, clock, tmp_path):  # type: ignore[no-untyped-def]
    data = exported(settings, clock, tmp_path)
    sumber(data)["phone"] = "12345"
    service(sumber(data), "poli-gigi")["counters"] = ["Ruang 1", "ruang 1"]
    status, said = directory(settings, clock, "import", written(tmp_path, data))
    assert status == 1
    assert "refused: pkm-sumber: phone must be a telephone number in Indonesia, got '12345'" in said
    data = exported(settings, clock, tmp_path)
    service(sumber(data), "poli-gigi")["counters"] = ["Ruang 1", "ruang 1"]
    status, said = directory(settings, clock, "import", written(tmp_path, data))
    assert status == 1
    assert "refused: pkm-sumber/poli-gigi: counter 'ruang 1' is named twice" in said
    data = exported(settings, clock, tmp_path)
    sumber(data)["services"].append({**service(sumber(data), "poli-gigi"), "code": "x", "prefix": "X"})
    status, said = directory(settings, clock, "import", written(tmp_path, data))
    assert status == 1
    assert "refused: pkm-sumber/x: code: String should match pattern" in said
