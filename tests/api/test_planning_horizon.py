"""How far ahead an administrator may plan (server/horizon.py): a quota change, a
doctor's absence, an announcement or a closure up to 366 days ahead, not a typo's
year 9999. Refused with 422 `date_too_far` on the field, naming the limit and the last
date. Today is Monday 30 November 2026 (WIB): the last date is 1 December 2027. On
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiClient, ApiStatusError
from api_client.models import (
    AnnouncementChange,
    AnnouncementCreate,
    AnnouncementKind,
    DoctorAbsenceIn,
    RegionalAnnouncementCreate,
    ServiceSettingsChange,
)
from server.horizon import HORIZON_DAYS
from tests.api.helpers import SUMBER, service_id

pytestmark = pytest.mark.anyio
LAST = dt.date(2027, 12, 1)  # a Wednesday, 366 days after 30 November 2026
TYPO = dt.date(9999, 12, 29)


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    client = make_client()
    await client.staff.login(username, "rembang-demo")
    return client


async def refusal(call) -> tuple[int, str, str, dict[str, object]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ApiStatusError) as err:
        await call
    [field] = err.value.fields
    return err.value.status, field.field, field.code, field.params


def settings(day: dt.date) -> ServiceSettingsChange:
    return ServiceSettingsChange(effective_from=day, quota_jkn=[5] * 7, quota_non_jkn=[5] * 7,
                                 quota_walkin=[5] * 7, avg_service_minutes=6)


def closure(first: dt.date, last: dt.date) -> AnnouncementCreate:
    return AnnouncementCreate(kind=AnnouncementKind.closure, title="Renovasi", body="Tutup",
                              valid_from=first, valid_until=last)


async def test_a_quota_change_from_year_9999_is_refused_up_to_the_last_date_accepted(client, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    sid = await service_id(client, code="poli-umum")
    for day in (TYPO, LAST + dt.timedelta(days=1)):
        assert await refusal(admin.directory_admin.change_settings(sid, settings(day))) == (
            422, "effective_from", "date_too_far", {"max": HORIZON_DAYS, "last": "2027-12-01"})
    changed = await admin.directory_admin.change_settings(sid, settings(LAST))
    assert LAST in {v.effective_from for v in changed.settings}


async def test_an_absence_in_year_9999_is_refused(client, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    gigi = await service_id(client, code="poli-gigi")
    doctor = next(d for d in await admin.doctors.managed(SUMBER) if d.service_id == gigi)
    for day in (TYPO, LAST + dt.timedelta(days=7)):  # the next Wednesday: one past the horizon
        assert await refusal(admin.doctors.mark_absent(SUMBER, doctor.id, DoctorAbsenceIn(
            service_date=day, reason="Cuti"))) == (
            422, "service_date", "date_too_far", {"max": HORIZON_DAYS, "last": "2027-12-01"})
    recorded = await admin.doctors.mark_absent(SUMBER, doctor.id, DoctorAbsenceIn(service_date=LAST,
                                                                                  reason="Cuti"))
    assert recorded.service_date == LAST


async def test_a_closure_or_announcement_in_year_9999_is_refused(client, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    dinkes = await signed_in(make_client, "dinkes")
    too_far = (422, "valid_until", "date_too_far", {"max": HORIZON_DAYS, "last": "2027-12-01"})
    assert await refusal(admin.staff.publish_announcement(SUMBER, closure(TYPO, TYPO))) == too_far
    assert await refusal(admin.announcements.preview(SUMBER, closure(TYPO, TYPO))) == too_far
    assert await refusal(dinkes.announcements.publish_regional(RegionalAnnouncementCreate(
        kind=AnnouncementKind.closure, title="Libur", body="x", valid_from=TYPO, valid_until=TYPO,
    ))) == too_far
    published = await admin.staff.publish_announcement(SUMBER, closure(LAST, LAST))
    assert await refusal(admin.announcements.change(SUMBER, published.id, AnnouncementChange(
        title="Renovasi", body="Tutup", valid_from=LAST, valid_until=LAST + dt.timedelta(days=1)))) == too_far
    assert LAST in {c.service_date for c in await client.facilities.closures(SUMBER)}
