"""The outbox (api_client/outbox.py) against the real app: actions made offline wait
in the device store and reach the service exactly once, in order, even when the app
is killed between the service's commit and the outbox writing "sent".
"""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from api_client import ApiClient, ApiConnectionError
from api_client.models import (
    AgeGroup,
    ComplaintCategory,
    Job,
    Payer,
    RespondentProfile,
    SkmElement,
    TicketStatus,
)
from api_client.outbox import Outbox
from api_client.store import DeviceStore
from server.complaints.tables import ComplaintRow
from server.feedback.tables import SurveyRow
from server.queue.tables import TicketRow
from tests.api.helpers import arrive, book, service_id

pytestmark = pytest.mark.anyio

SUMBER = "pkm-sumber"
SCORES = dict.fromkeys(SkmElement, 4)


class Offline(httpx.AsyncBaseTransport):
    """No network at all: every request fails to connect."""

    def __init__(self) -> None:
        self.attempts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        raise httpx.ConnectError("network is unreachable", request=request)


class AppKilled(BaseException):
    """The process dies: nothing after this line of the app runs."""


class KilledAfterCommit(httpx.AsyncBaseTransport):
    """Passes `survives` answers to the app, then lets the service commit the next
    request and kills the app before the answer reaches it."""

    def __init__(self, app, survives: int) -> None:  # type: ignore[no-untyped-def]
        self.inner = httpx.ASGITransport(app)
        self.survives = survives

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)  # committed on the service
        if self.survives == 0:
            raise AppKilled
        self.survives -= 1
        return response


def on(transport: httpx.AsyncBaseTransport) -> ApiClient:
    return ApiClient("http://lsr.test/api", transport=transport, retry_attempts=1)


def held_by_service(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return {
            "complaint": session.scalar(select(func.count()).select_from(ComplaintRow)),
            "survey": session.scalar(select(func.count()).select_from(SurveyRow)),
            "cancel": session.scalar(select(func.count()).select_from(TicketRow).where(
                TicketRow.status == TicketStatus.cancelled.value)),
        }


async def done_visit(client: ApiClient, staff: ApiClient, sid: int, serial: int) -> str:
    booking = await book(client, sid, serial=serial, payer=Payer.non_jkn)
    await arrive(client, booking)
    called = await staff.staff.call_next(sid, counter="Poli Umum")
    assert called is not None
    await staff.staff.done(called.ticket_id)
    return booking.booking_code


async def test_fifty_offline_actions_reach_the_service_exactly_once_despite_kills(  # type: ignore[no-untyped-def]
    client, make_client, app, tmp_path: Path,
):
    staff = make_client()
    await staff.staff.login(f"admin.{SUMBER}", "rembang-demo")
    sid = await service_id(client, SUMBER, "poli-umum")
    to_cancel = [(await book(client, sid, serial=s)).booking_code for s in range(1, 21)]
    surveyed = [await done_visit(client, staff, sid, serial) for serial in range(101, 106)]
    assert held_by_service(app) == {"complaint": 0, "survey": 0, "cancel": 0}

    path = tmp_path / "device" / "store.json"
    outbox = Outbox(DeviceStore(path))
    actions = (
        [lambda c=c: outbox.cancel(c) for c in to_cancel]
        + [lambda c=c: outbox.survey(c, scores=SCORES) for c in surveyed]
        + [lambda n=n: outbox.complaint(
            facility_id=SUMBER, category=ComplaintCategory.pelayanan,
            text=f"Pengaduan nomor {n}: antrean terlalu lama.") for n in range(25)]
    )
    random.Random(8).shuffle(actions)
    made = [act() for act in actions]
    assert len({p.key for p in made}) == 50  # each with its own key, made when the user acted

    offline = Offline()
    result = await outbox.send(on(offline))
    assert (result.sent, result.waiting, offline.attempts) == ([], 50, 1)
    with pytest.raises(ApiConnectionError):  # a number is never issued offline
        await book(on(offline), sid, serial=999)
    assert len(outbox.pending()) == 50

    for survives in (17, 20):
        with pytest.raises(AppKilled):
            await Outbox(DeviceStore(path)).send(on(KilledAfterCommit(app, survives)))
        # restarted: the killed action was committed by the service but is still pending here
        outbox = Outbox(DeviceStore(path))
        sent_so_far = 50 - len(outbox.pending())
        assert sum(held_by_service(app).values()) == sent_so_far + 1

    result = await outbox.send(on(httpx.ASGITransport(app)))

    assert (len(result.sent), result.refused, result.waiting) == (50 - 17 - 20, [], 0)
    assert Outbox(DeviceStore(path)).pending() == []
    assert held_by_service(app) == {"complaint": 25, "survey": 5, "cancel": 20}
    for code in to_cancel:
        assert (await client.bookings.get(code)).ticket.status is TicketStatus.cancelled


async def test_actions_are_sent_in_the_order_they_were_made(client, app, tmp_path: Path):  # type: ignore[no-untyped-def]
    outbox = Outbox(DeviceStore(tmp_path / "store.json"))
    texts = [f"Pengaduan ke-{n} tentang kebersihan ruang tunggu." for n in range(5)]
    for text in texts:
        outbox.complaint(facility_id=SUMBER, category=ComplaintCategory.fasilitas, text=text)
    await outbox.send(on(httpx.ASGITransport(app)))
    with app.state.lsr.db.read() as session:
        assert list(session.scalars(select(ComplaintRow.text).order_by(ComplaintRow.id))) == texts


async def test_an_action_the_service_refuses_for_good_is_dropped_and_reported(client, app, tmp_path: Path):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    booking = await book(client, sid, serial=7)
    outbox = Outbox(DeviceStore(tmp_path / "store.json"))
    outbox.survey(booking.booking_code, scores=SCORES)  # the visit is not done: never accepted
    outbox.cancel(booking.booking_code)
    result = await outbox.send(on(httpx.ASGITransport(app)))
    assert [(p.kind, err.code) for p, err in result.refused] == [("survey", "visit_not_done")]
    assert [p.kind for p in result.sent] == ["cancel"]
    assert outbox.pending() == []


async def test_a_service_answering_500_keeps_the_action_for_later(tmp_path: Path):  # type: ignore[no-untyped-def]
    def down(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"error": {"code": "unavailable", "message": "maintenance"}})

    outbox = Outbox(DeviceStore(tmp_path / "store.json"))
    outbox.cancel("ABCD-EFGH-JKLM")
    result = await outbox.send(on(httpx.MockTransport(down)))
    assert (result.sent, result.waiting) == ([], 1)
    assert [p.kind for p in outbox.pending()] == ["cancel"]


async def test_a_survey_kept_offline_reaches_the_service_with_its_respondent_profile(  # type: ignore[no-untyped-def]
    client, make_client, app, tmp_path: Path,
):
    staff = make_client()
    await staff.staff.login(f"admin.{SUMBER}", "rembang-demo")
    sid = await service_id(client, SUMBER, "poli-umum")
    codes = [await done_visit(client, staff, sid, serial) for serial in (201, 202)]
    path = tmp_path / "store.json"
    outbox = Outbox(DeviceStore(path))
    outbox.survey(codes[0], scores=SCORES,
                  respondent=RespondentProfile(age_group=AgeGroup.over_60, job=Job.farmer_fisher))
    outbox.survey(codes[1], scores=SCORES)  # skipped: none
    await Outbox(DeviceStore(path)).send(on(httpx.ASGITransport(app)))  # after a restart
    with app.state.lsr.db.read() as session:
        stored = session.execute(select(SurveyRow.age_group, SurveyRow.sex, SurveyRow.job)
                                 .order_by(SurveyRow.id)).all()
    assert [tuple(r) for r in stored] == [("over_60", None, "farmer_fisher"), (None, None, None)]
