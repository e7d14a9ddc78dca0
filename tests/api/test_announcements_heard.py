"""An announcement reaches the open screens that show it: published, changed or
withdrawn, it sends a `reconfigured` event on every service it reaches (a facility's
own, one service's, or, from Dinkes, every facility's of a kecamatan), so a facility
page, a booking screen or a TV reads the facility again. Monday 30 November 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiClient
from api_client.models import (
    AnnouncementChange,
    AnnouncementCreate,
    AnnouncementKind,
    RegionalAnnouncementCreate,
)
from tests.api.helpers import SUMBER, service_id
from tests.api.test_doctor_changes_heard import heard

pytestmark = pytest.mark.anyio
WEDNESDAY = dt.date(2026, 12, 2)
LASEM = "pkm-lasem"


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    staff: ApiClient = make_client()
    await staff.staff.login(username, "rembang-demo")
    return staff


def news(**changes: object) -> AnnouncementCreate:
    values: dict[str, object] = {"kind": AnnouncementKind.campaign, "title": "Imunisasi balita",
                                 "body": "Rabu pagi di aula.", "valid_from": WEDNESDAY,
                                 "valid_until": WEDNESDAY}
    return AnnouncementCreate.model_validate(values | changes)


async def test_a_facilitys_news_is_heard_on_each_of_its_services_when_published_changed_withdrawn(
    make_client, client, app,
):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    gigi = await service_id(client, code="poli-gigi")
    published: list[object] = []

    async def publish() -> None:
        published.append(await admin.staff.publish_announcement(SUMBER, news()))

    assert [e.type for e in await heard(app, gigi, publish)] == ["reconfigured"]
    item = published[0]
    change = AnnouncementChange(title="Imunisasi balita (pindah)", body="Rabu pagi di posyandu.",
                                valid_from=WEDNESDAY, valid_until=WEDNESDAY)
    assert [e.type for e in await heard(
        app, gigi, lambda: admin.announcements.change(SUMBER, item.id, change))] == ["reconfigured"]  # type: ignore[attr-defined]
    assert [e.type for e in await heard(
        app, gigi, lambda: admin.announcements.withdraw(SUMBER, item.id))] == ["reconfigured"]  # type: ignore[attr-defined]


async def test_a_closure_of_one_service_is_heard_on_that_service_only(make_client, client, app):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    gigi, umum = await service_id(client, code="poli-gigi"), await service_id(client, code="poli-umum")
    closure = news(kind=AnnouncementKind.closure, title="Poli gigi tutup", service_id=gigi)
    assert [e.type for e in await heard(
        app, umum, lambda: admin.staff.publish_announcement(SUMBER, closure))] == []
    second = news(kind=AnnouncementKind.closure, title="Poli gigi tutup lagi", service_id=gigi,
                  valid_from=WEDNESDAY + dt.timedelta(days=1), valid_until=WEDNESDAY + dt.timedelta(days=1))
    assert "reconfigured" in [e.type for e in await heard(
        app, gigi, lambda: admin.staff.publish_announcement(SUMBER, second))]


async def test_dinkes_news_for_a_kecamatan_is_heard_there_and_not_elsewhere(make_client, client, app):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    lasem_umum = await service_id(client, LASEM, code="poli-umum")
    sumber_umum = await service_id(client, code="poli-umum")
    flood = RegionalAnnouncementCreate(kind=AnnouncementKind.campaign, title="Banjir di Lasem",
                                       body="Jalan ke puskesmas tergenang.", valid_from=WEDNESDAY,
                                       valid_until=WEDNESDAY, kecamatan="Lasem")
    assert [e.type for e in await heard(
        app, lasem_umum, lambda: dinkes.announcements.publish_regional(flood))] == ["reconfigured"]
    elsewhere = flood.model_copy(update={"title": "Banjir di Lasem lagi"})
    assert [e.type for e in await heard(
        app, sumber_umum, lambda: dinkes.announcements.publish_regional(elsewhere))] == []
