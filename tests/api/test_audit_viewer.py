"""The audit trail viewer: an admin reads their own facility's rows, Dinkes every row;
filters by facility, person, action and days (WIB); newest first, a page at a time;
the same rows as CSV, with the staff token or a two-minute link for exactly those
filters."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from api_client import ApiClient, Forbidden, Unauthorized, ValidationFailed
from tests.api.helpers import SUMBER
from tests.support.clock import FakeClock
from tests.support.served import as_served

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    client = make_client()
    await client.staff.login(username, "rembang-demo")
    return client


@pytest.fixture
async def trail(make_client, clock: FakeClock) -> dict[str, ApiClient]:  # type: ignore[no-untyped-def]
    """Kiosk changes in Sumber and Lasem over two days (Monday and Tuesday, WIB),
    by each facility's admin and by Dinkes; each signed in at the end (Tuesday 09:00)."""
    admins = {who: make_client() for who in ("admin.pkm-sumber", "admin.pkm-lasem", "dinkes")}

    async def as_(who: str) -> ApiClient:  # a fresh sign-in after each jump of the clock
        await admins[who].staff.login(who, "rembang-demo")
        return admins[who]

    sumber = await (await as_("admin.pkm-sumber")).kiosks.enrol(SUMBER, name="Kiosk Senin")  # Mon 08:00
    clock.advance(minutes=5)
    await (await as_("admin.pkm-lasem")).kiosks.enrol(LASEM, name="Kiosk Lasem")  # Mon 08:05
    clock.set(2026, 12, 1, 0, 30)  # Tuesday 00:30 WIB, still Monday in UTC (17:30)
    await (await as_("dinkes")).kiosks.rename(sumber.device.device_id, name="Kiosk malam")
    clock.set(2026, 12, 1, 9, 0)  # Tuesday
    await (await as_("admin.pkm-sumber")).kiosks.revoke(sumber.device.device_id)
    for who in admins:
        await as_(who)
    return admins


async def test_an_admin_reads_only_their_facilitys_rows_newest_first(trail):  # type: ignore[no-untyped-def]
    page = await trail["admin.pkm-sumber"].audit.page(action=None)
    kiosk_rows = [e for e in page.entries if e.action.startswith("kiosk")]
    assert [e.action for e in kiosk_rows] == ["kiosk_key.revoke", "kiosk.rename", "kiosk_key.issue"]
    assert {e.facility_id for e in page.entries} == {SUMBER}
    assert [e.at for e in page.entries] == sorted((e.at for e in page.entries), reverse=True)
    assert kiosk_rows[1].actor == "dinkes" and kiosk_rows[1].before == {"name": "Kiosk Senin"}
    # Dinkes and a facility's admin share the role `admin`; the trail tells them apart.
    assert [e.role for e in kiosk_rows] == ["admin", "dinkes", "admin"]
    with pytest.raises(Forbidden):
        await trail["admin.pkm-sumber"].audit.page(facility_id=LASEM)
    with pytest.raises(Forbidden):
        await trail["admin.pkm-sumber"].audit.actions(facility_id=LASEM)


async def test_dinkes_reads_every_facility_and_filters_by_facility_person_action_and_day(trail):  # type: ignore[no-untyped-def]
    import datetime as dt

    dinkes = trail["dinkes"]
    everything = await dinkes.audit.page()
    assert {SUMBER, LASEM} <= {e.facility_id for e in everything.entries}
    lasem = await dinkes.audit.page(facility_id=LASEM)
    assert {e.facility_id for e in lasem.entries} == {LASEM}
    by_dinkes = await dinkes.audit.page(actor="dinkes")
    assert [e.action for e in by_dinkes.entries] == ["kiosk.rename"]
    issued = await dinkes.audit.page(action="kiosk_key.issue")
    assert sorted(e.facility_id for e in issued.entries) == [LASEM, SUMBER]
    monday = await dinkes.audit.page(date_from=dt.date(2026, 11, 30), date_to=dt.date(2026, 11, 30))
    assert {e.action for e in monday.entries} == {"kiosk_key.issue"}
    tuesday = await dinkes.audit.page(date_from=dt.date(2026, 12, 1))
    assert [e.action for e in tuesday.entries] == ["kiosk_key.revoke", "kiosk.rename"]  # days in WIB
    assert {"kiosk_key.issue", "kiosk.rename", "kiosk_key.revoke"} <= set(await dinkes.audit.actions())
    assert "kiosk.rename" not in await trail["admin.pkm-lasem"].audit.actions()
    with pytest.raises(ValidationFailed) as reversed_days:
        await dinkes.audit.page(date_from=dt.date(2026, 12, 1), date_to=dt.date(2026, 11, 30))
    assert reversed_days.value.fields[0].code == "date_range_reversed"


async def test_the_trail_comes_a_page_at_a_time_with_the_total(trail):  # type: ignore[no-untyped-def]
    dinkes = trail["dinkes"]
    first = await dinkes.audit.page(page=1, page_size=2)
    second = await dinkes.audit.page(page=2, page_size=2)
    assert first.total == second.total >= 4
    assert len(first.entries) == 2 and not {e.id for e in first.entries} & {e.id for e in second.entries}
    assert first.entries[-1].at >= second.entries[0].at


@pytest.mark.parametrize("who", ["loket.pkm-sumber", "poli.pkm-lasem", "kiosk"])
async def test_only_admins_read_the_trail(make_client, who):  # type: ignore[no-untyped-def]
    client = (make_client(kiosk_key="demo-kiosk-pkm-sumber") if who == "kiosk"
              else await signed_in(make_client, who))
    for act in (client.audit.page, client.audit.actions, client.audit.download_link):
        with pytest.raises(Forbidden):
            await act()
    with pytest.raises(Unauthorized):
        await make_client().audit.page()


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def test_the_csv_holds_the_same_rows_for_the_token_and_for_a_short_lived_link(trail, app, clock):  # type: ignore[no-untyped-def]
    admin = trail["admin.pkm-sumber"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(as_served(app)),
                                 base_url="http://lsr.test") as browser:
        token = admin._http.headers["Authorization"]
        answer = await browser.get("/api/admin/audit.csv", params={"action": "kiosk.rename"},
                                   headers={"Authorization": token})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        assert "attachment" in answer.headers["content-disposition"]
        rows = read_csv(answer.text)
        assert [(r["actor"], r["facility_id"], r["action"], r["at_wib"]) for r in rows] == [
            ("dinkes", SUMBER, "kiosk.rename", "2026-12-01T00:30:00+07:00")]
        everything = read_csv((await browser.get("/api/admin/audit.csv",
                                                 headers={"Authorization": token})).text)
        assert {r["facility_id"] for r in everything} == {SUMBER}  # an admin: their own only

        link = await admin.audit.download_link(action="kiosk.rename")
        assert "download=" in link.url and "kiosk.rename" in link.url
        by_link = await browser.get(link.url)  # no token header, as a browser opens it
        assert by_link.status_code == 200 and read_csv(by_link.text) == rows
        other_filter = link.url.replace("kiosk.rename", "kiosk_key.issue")
        assert (await browser.get(other_filter)).status_code == 401  # the link names one file
        clock.advance(minutes=3)
        assert (await browser.get(link.url)).status_code == 401  # two minutes only
        assert (await browser.get("/api/admin/audit.csv")).status_code == 401


async def test_an_admins_link_cannot_be_bent_to_another_facility(trail, app):  # type: ignore[no-untyped-def]
    with pytest.raises(Forbidden):
        await trail["admin.pkm-sumber"].audit.download_link(facility_id=LASEM)
    link = await trail["admin.pkm-sumber"].audit.download_link()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(as_served(app)),
                                 base_url="http://lsr.test") as browser:
        bent = await browser.get(f"{link.url}&facility_id={LASEM}")
        assert bent.status_code == 401
