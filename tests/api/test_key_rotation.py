"""Rotating the keys while people keep booking: every value opens afterwards, look-ups
(booking code and phone, a NIK) work before, during and after, no value is left under
the old key, and a staff token signed before the rotation works until it expires.
The secret itself can be changed the same way, with the old one as
`LSR_PREVIOUS_SECRET_KEY` during the rotation."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import httpx
import jwt
import pytest
from sqlalchemy import insert, select, update

from api_client import ApiClient, Conflict, Unauthorized, new_idempotency_key
from api_client.models import ComplaintCategory, ComplaintContact, Payer
from server.app import create_app
from server.complaints.tables import ComplaintRow
from server.keys.ring import Keyring, KeyringError, Purpose, derive
from server.keys.rotation import SEALED, RotationBlocked, rotate, status
from server.queue.tables import VisitRow
from server.settings import Settings
from server.state import AppState
from server.vault import Vault
from tests.api.helpers import nik_for, patient, service_id

pytestmark = pytest.mark.anyio

DAY = dt.date(2026, 12, 1)
OLD_SECRET = "test-secret-for-layanan-sehat-rembang-0001"  # tests/conftest.py
NEW_SECRET = "a-new-secret-for-layanan-sehat-rembang-0002"


@dataclass(frozen=True)
class Booked:
    serial: int
    phone: str
    code: str


async def book(client: ApiClient, sid: int, serial: int) -> Booked:
    phone = f"0812-7000-{serial:04d}"
    booking = await client.bookings.create(
        service_id=sid, service_date=DAY, payer=Payer.jkn if serial % 2 else Payer.non_jkn,
        patient=patient(serial, phone=phone), consent_version="2026-11",
        idempotency_key=new_idempotency_key(),
    )
    return Booked(serial, phone, booking.booking_code)


async def found_by_everyone(client: ApiClient, dinkes: ApiClient, booked: Booked) -> None:
    """The person (code + phone) and Dinkes (NIK) both find the booking, opened."""
    assert (await client.bookings.lookup(booking_code=booked.code, phone=booked.phone)).booking_code \
        == booked.code
    own = await client.privacy.export(booking_code=booked.code, phone=booked.phone)
    by_nik = await dinkes.privacy.export_by_nik(nik_for(booked.serial), request_reference="SR/2026/117")
    for export in (own, by_nik):
        assert [v.booking_code for v in export.visits] == [booked.code]
        visit = export.visits[0]
        assert (visit.nik, visit.name, visit.birth_date) == (
            nik_for(booked.serial), "Siti Aminah", dt.date(1990, 6, 5))
        assert visit.phone == "+62812" + booked.phone[5:].replace("-", "")


def sealed_values(state: AppState) -> list[str]:
    with state.db.read() as session:
        return [value for columns in SEALED for row in session.execute(
            select(*(columns.table.c[name] for name in columns.sealed))) for value in row if value]


@pytest.fixture
async def dinkes(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login("dinkes", "rembang-demo")
    return staff


async def test_a_rotation_while_people_keep_booking_leaves_everything_readable_and_nothing_under_the_old_key(  # noqa: E501
    app, client, dinkes  # type: ignore[no-untyped-def]
):
    state: AppState = app.state.lsr
    sid = await service_id(client, code="poli-umum")
    booked = [await book(client, sid, serial) for serial in range(1, 6)]
    await client.complaints.send(
        facility_id="pkm-sumber", category=ComplaintCategory.antrean, text="Antrean lama sekali.",
        contact=ComplaintContact(name="Siti Aminah", phone="0812-3456-7890"), contact_consent=True,
        idempotency_key=new_idempotency_key(),
    )
    for b in booked:
        await found_by_everyone(client, dinkes, b)
    assert {value[:3] for value in sealed_values(state)} == {"v1."}

    loop = asyncio.get_running_loop()
    seen: list[tuple[str, str, tuple[str, ...]]] = []

    async def meanwhile(step: str) -> None:
        state.reload_keys()  # what every instance's refresher does
        seen.append((step, state.vault.kid, state.keyring.lookup_kids))
        booked.append(await book(client, sid, 100 + len(seen)))
        for b in (booked[0], booked[-1]):
            await found_by_everyone(client, dinkes, b)
        with pytest.raises(Conflict) as again:  # one active booking per patient still holds
            await book(client, sid, booked[0].serial)
        assert again.value.code == "already_booked"

    def settle(step: str) -> None:  # the rotation's waits, in its own thread
        asyncio.run_coroutine_threadsafe(meanwhile(step), loop).result()

    done = await asyncio.to_thread(rotate, db=state.db, secrets=state.secrets, now=state.clock,
                                   settle=settle, batch=2)

    assert (done.kid, done.retired) == ("k2", ["v1"])
    steps = [step for step, _, _ in seen]
    assert steps[:2] == ["prepared", "switched"] and steps[-1] == "retired"
    assert steps.count("batch") >= 4  # several batches, a booking between each
    assert seen[0][1:] == ("v1", ("v1", "k2"))  # prepared: sealed under v1, both looked up
    assert seen[1][1:] == ("k2", ("k2", "v1"))  # switched: sealed under k2, both looked up
    assert seen[-1][1:] == ("k2", ("k2",))  # retired: only k2
    for b in booked:
        await found_by_everyone(client, dinkes, b)
    assert {value[:3] for value in sealed_values(state)} == {"k2."}
    with state.db.read() as session:
        found = status(session=session)
        complaint = session.scalars(select(ComplaintRow)).one()
    assert found.by_kid()["v1"] == 0 and found.by_kid()["k2"] == len(sealed_values(state))
    assert found.generations == [("v1", "retired"), ("k2", "active")]
    assert state.vault.open(complaint.contact_phone_sealed, purpose="phone") == "+6281234567890"


async def test_a_staff_token_signed_before_a_rotation_works_until_it_expires(app, make_client, clock):  # type: ignore[no-untyped-def]
    state: AppState = app.state.lsr
    before = make_client()
    token = (await before.staff.login("dinkes", "rembang-demo")).access_token
    assert jwt.get_unverified_header(token)["kid"] == "v1"
    with pytest.raises(jwt.InvalidSignatureError):  # signed with its own key, not the secret
        jwt.decode(token, OLD_SECRET, algorithms=["HS256"])
    rotate(db=state.db, secrets=state.secrets, now=state.clock, settle=lambda _step: state.reload_keys())

    after = make_client()
    assert jwt.get_unverified_header(
        (await after.staff.login("dinkes", "rembang-demo")).access_token)["kid"] == "k2"
    assert (await before.staff.me()).username == "dinkes"
    clock.advance(minutes=state.settings.token_minutes)
    with pytest.raises(Unauthorized):
        await before.staff.me()


async def me_with(app, token: str) -> int:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as http:
        return (await http.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})).status_code


async def test_a_token_signed_with_the_raw_secret_or_an_unknown_kid_is_refused(app, client):  # type: ignore[no-untyped-def]
    signed_in = await client.staff.login("dinkes", "rembang-demo")
    claims = jwt.decode(signed_in.access_token, options={"verify_signature": False})  # an open sign-in
    for forged in (
        jwt.encode(claims, OLD_SECRET, algorithm="HS256"),
        jwt.encode(claims, OLD_SECRET, algorithm="HS256", headers={"kid": "v1"}),
        jwt.encode(claims, derive(OLD_SECRET, Purpose.download_link, "v1"), algorithm="HS256",
                   headers={"kid": "v1"}),  # another purpose's key
        jwt.encode(claims, derive(OLD_SECRET, Purpose.staff_token, "k9"), algorithm="HS256",
                   headers={"kid": "k9"}),
    ):
        assert await me_with(app, forged) == 401
    genuine = jwt.encode(claims, derive(OLD_SECRET, Purpose.staff_token, "v1"), algorithm="HS256",
                         headers={"kid": "v1"})
    assert await me_with(app, genuine) == 200


async def test_the_secret_itself_is_changed_by_a_rotation_with_the_previous_secret_set(  # type: ignore[no-untyped-def]
    app, client, database_url: str, tmp_path: Path, clock
):
    sid = await service_id(client, code="poli-umum")
    first = await book(client, sid, 1)

    def started(secret: str, previous: str | None = None):  # type: ignore[no-untyped-def]
        return create_app(Settings(
            database_url=database_url, data_dir=tmp_path, secret_key=secret,
            previous_secret_key=previous, demo=True, rate_limits=False,
        ), clock=clock)

    with pytest.raises(KeyringError, match="LSR_PREVIOUS_SECRET_KEY"):
        started(NEW_SECRET)  # the data is sealed under the old secret: refused at start
    changing = started(NEW_SECRET, previous=OLD_SECRET)
    try:
        state: AppState = changing.state.lsr
        done = rotate(db=state.db, secrets=state.secrets, now=state.clock,
                      settle=lambda _step: state.reload_keys())
        assert done.kid == "k2"
    finally:
        changing.state.lsr.db.dispose()
    renewed = started(NEW_SECRET)  # the old secret is no longer needed
    try:
        transport = httpx.ASGITransport(renewed)
        async with ApiClient("http://lsr.test/api", transport=transport) as person, \
                ApiClient("http://lsr.test/api", transport=transport) as dinkes:
            await dinkes.staff.login("dinkes", "rembang-demo")
            await found_by_everyone(person, dinkes, first)
    finally:
        renewed.state.lsr.db.dispose()
    with pytest.raises(KeyringError):
        started(OLD_SECRET)  # and the old one alone opens nothing


async def test_a_request_retried_after_a_rotation_replays_the_answer_it_got_before(app, client):  # type: ignore[no-untyped-def]
    state: AppState = app.state.lsr
    sid = await service_id(client, code="poli-umum")

    def again():  # type: ignore[no-untyped-def]
        return client.bookings.create(
            service_id=sid, service_date=DAY, payer=Payer.jkn, patient=patient(3),
            consent_version="2026-11", idempotency_key="retried-across-rotation",
        )

    first = await again()
    rotate(db=state.db, secrets=state.secrets, now=state.clock, settle=lambda _step: state.reload_keys())
    assert state.vault.kid == "k2"
    assert await again() == first  # its record is still checked under the retired v1 key


async def test_a_double_booking_made_at_the_switch_stops_the_rotation_until_one_is_cancelled(app, client):  # type: ignore[no-untyped-def]
    """Two instances booking one person at the same instant, one under each key: the
    rotation names the visit and stops, instead of leaving it under the old key."""
    state: AppState = app.state.lsr
    sid = await service_id(client, code="poli-umum")
    first = await book(client, sid, 1)
    under_k2 = Vault(Keyring.single(OLD_SECRET, kid="k2")).lookup_key(nik_for(1), purpose="nik")
    with state.db.write_transaction() as session:
        visit = session.scalars(select(VisitRow).where(VisitRow.booking_code == first.code)).one()
        twin = {c.name: getattr(visit, c.key) for c in VisitRow.__table__.columns if c.name != "id"}
        session.execute(insert(VisitRow).values({**twin, "booking_code": "TWIN00000000",
                                                 "patient_key": under_k2}))

    def rotating() -> None:
        rotate(db=state.db, secrets=state.secrets, now=state.clock, settle=lambda _step: state.reload_keys())

    with pytest.raises(RotationBlocked, match=f"visit {visit.id}: .* cancel one"):
        rotating()
    assert (await client.bookings.lookup(booking_code=first.code, phone=first.phone)).booking_code \
        == first.code  # meanwhile everything still works
    with state.db.write_transaction() as session:
        session.execute(update(VisitRow).where(VisitRow.booking_code == "TWIN00000000")
                        .values(active=False))
    rotating()  # finishes the rotation under way
    assert {value[:3] for value in sealed_values(state)} == {"k2."}
