"""Who may call a facility's Mobile JKN web service: BPJS with the facility's username
and password, for a short-lived token scoped to that facility. Every refusal is in
BPJS's envelope (code 201 with the reason), and says nothing about the facility's
secrets or queue."""

from __future__ import annotations

import datetime as dt

import pytest

from server.bpjs.credentials import Variant
from server.bpjs.ws.auth import TOKEN_MINUTES
from server.ratelimit import BPJS_WS_WRONG_PASSWORD
from tests.api.bpjs_ws_helpers import (
    FKTP_POLI,
    PASSWORD,
    RS_POLI,
    RSUD,
    SUMBER,
    USERNAME,
    bridge,
    credentials,
    ok,
    open_bpjs,
    refused,
)

pytestmark = pytest.mark.anyio
DAY = dt.date(2026, 12, 1)


@pytest.fixture
def state(app):  # type: ignore[no-untyped-def]
    return app.state.lsr


async def status_of(bpjs, **changes):  # type: ignore[no-untyped-def]
    return await bpjs.call("POST", "statusantrean", {
        "kodepoli": RS_POLI, "kodedokter": None, "tanggalperiksa": DAY.isoformat(),
        "jampraktek": "08:00-12:00", **changes})


async def test_the_right_password_gets_a_token_that_opens_the_service(app, state) -> None:  # type: ignore[no-untyped-def]
    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    bpjs = open_bpjs(app, RSUD)
    ok(await bpjs.sign_in())
    assert bpjs.token
    status = ok(await status_of(bpjs))
    assert status["namapoli"] == "Poli Penyakit Dalam" and status["kuotajkn"] == 30
    # POST token answers the same (the name several RS implementations use).
    token = ok(await bpjs.raw("POST", "token", headers={"x-username": USERNAME, "x-password": PASSWORD}))
    ok(await bpjs.call("POST", "statusantrean", {"kodepoli": RS_POLI, "tanggalperiksa": DAY.isoformat()},
                       token=token["token"]))


async def test_a_wrong_password_or_username_gets_no_token(app, state) -> None:  # type: ignore[no-untyped-def]
    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    bpjs = open_bpjs(app, RSUD)
    for answer in (await bpjs.sign_in("salah-password-123"), await bpjs.sign_in(PASSWORD[:-1]),
                   await bpjs.sign_in(PASSWORD, username="admin"), await bpjs.sign_in(""),
                   await bpjs.raw("GET", "auth")):
        message = refused(answer, "password")
        assert PASSWORD not in message
    assert bpjs.token is None


async def test_calls_without_a_valid_token_are_refused(app, state, clock) -> None:  # type: ignore[no-untyped-def]
    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    bpjs = open_bpjs(app, RSUD)
    refused(await bpjs.raw("POST", "statusantrean", json={"kodepoli": RS_POLI,
                                                           "tanggalperiksa": DAY.isoformat()}), "token")
    refused(await status_of(bpjs), "token")  # an empty x-token
    refused(await bpjs.call("POST", "statusantrean", {}, token="not.a.token"), "token")
    ok(await bpjs.sign_in())
    refused(await bpjs.call("POST", "statusantrean", {}, username="someone-else"), "token")
    # A token signed with another key (forged) is refused like garbage.
    head, claims, _ = bpjs.token.split(".")
    refused(await bpjs.call("POST", "statusantrean", {}, token=f"{head}.{claims}.AAAA"), "token")


async def test_a_token_expires_and_a_replay_after_that_is_refused(app, state, clock) -> None:  # type: ignore[no-untyped-def]
    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    bpjs = open_bpjs(app, RSUD)
    ok(await bpjs.sign_in())
    clock.advance(minutes=TOKEN_MINUTES - 1)
    ok(await status_of(bpjs))
    clock.advance(minutes=1)
    refused(await status_of(bpjs), "kedaluwarsa")
    ok(await bpjs.sign_in())
    ok(await status_of(bpjs))


async def test_a_token_of_another_facility_opens_nothing_here(app, state) -> None:  # type: ignore[no-untyped-def]
    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    bridge(state, SUMBER, Variant.fktp, poli=("poli-umum", FKTP_POLI))
    sumber, rsud = open_bpjs(app, SUMBER), open_bpjs(app, RSUD)
    ok(await sumber.sign_in())  # same username and password at both
    refused(await rsud.call("POST", "statusantrean", {"kodepoli": RS_POLI, "tanggalperiksa": DAY.isoformat()},
                            token=sumber.token), "token")


async def test_a_facility_not_bridged_answers_not_active_and_nothing_else(app, state) -> None:  # type: ignore[no-untyped-def]
    bpjs = open_bpjs(app, RSUD)
    # No credentials at all.
    refused(await bpjs.sign_in(), "belum aktif")
    # Credentials, but the administrator has not turned the bridge on (or turned it off).
    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI), enabled=False)
    refused(await bpjs.sign_in(), "belum aktif")
    refused(await status_of(bpjs), "belum aktif")
    # A facility that does not exist answers the same.
    state.bpjs["rs-tidak-ada"] = credentials(Variant.rs)
    refused(await open_bpjs(app, "rs-tidak-ada").sign_in(), "belum aktif")


async def test_a_token_from_before_the_bridge_was_turned_off_opens_nothing(app, state) -> None:  # type: ignore[no-untyped-def]
    from server.bpjs.tables import BridgeRow

    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    bpjs = open_bpjs(app, RSUD)
    ok(await bpjs.sign_in())
    with state.db.write_transaction() as session:
        session.get(BridgeRow, RSUD).enabled = False
    refused(await status_of(bpjs), "belum aktif")


async def test_wrong_passwords_are_limited_and_then_even_the_right_one_waits(app, state) -> None:  # type: ignore[no-untyped-def]
    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    state.limiter.enabled = True
    bpjs = open_bpjs(app, RSUD)
    for _ in range(BPJS_WS_WRONG_PASSWORD.limit):
        refused(await bpjs.sign_in("tebakan-password-1"), "password")
    limited = await bpjs.raw("GET", "auth", headers={"x-username": USERNAME, "x-password": PASSWORD},
                             status=429)
    refused(limited, "coba lagi")
    # Another facility's sign-in is not held up.
    bridge(state, SUMBER, Variant.fktp, poli=("poli-umum", FKTP_POLI))
    ok(await open_bpjs(app, SUMBER).sign_in())


async def test_the_variant_decides_which_paths_answer(app, state) -> None:  # type: ignore[no-untyped-def]
    bridge(state, SUMBER, Variant.fktp, poli=("poli-umum", FKTP_POLI))
    bpjs = open_bpjs(app, SUMBER)
    ok(await bpjs.sign_in())
    ok(await bpjs.call("GET", f"antrean/status/{FKTP_POLI}/{DAY.isoformat()}"))
    answer = await bpjs.call("POST", "statusantrean", {"kodepoli": FKTP_POLI,
                                                       "tanggalperiksa": DAY.isoformat()}, status=404)
    assert answer["metadata"]["code"] == 404
    answer = await bpjs.call("GET", "tidak-ada", status=404)
    assert answer["metadata"]["code"] == 404


async def test_a_new_password_ends_the_tokens_issued_before(app, state) -> None:  # type: ignore[no-untyped-def]
    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    bpjs = open_bpjs(app, RSUD)
    ok(await bpjs.sign_in())
    state.bpjs[RSUD] = credentials(Variant.rs, password="kata-sandi-baru-456")
    refused(await status_of(bpjs), "token")
    refused(await bpjs.sign_in(), "password")
    ok(await bpjs.sign_in("kata-sandi-baru-456"))
    ok(await status_of(bpjs))


async def test_a_token_from_before_the_bridge_was_turned_off_stays_dead_when_it_is_on_again(
        app, state, clock) -> None:  # type: ignore[no-untyped-def]
    """Turning the bridge off ends BPJS's session, not just pauses it: the token of before
    does not come back to life when the bridge is on again within its hour."""
    from server.bpjs.tables import BridgeRow

    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    bpjs = open_bpjs(app, RSUD)
    ok(await bpjs.sign_in())
    old = bpjs.token
    clock.advance(minutes=5)
    for enabled in (False, True):
        with state.db.write_transaction() as session:
            row = session.get_one(BridgeRow, RSUD)
            row.enabled, row.changed_at = enabled, clock()
        clock.advance(minutes=1)
    refused(await status_of(bpjs), "token")
    ok(await bpjs.sign_in())
    assert bpjs.token != old
    ok(await status_of(bpjs))


async def test_wrong_passwords_from_elsewhere_do_not_lock_bpjs_out(app, state) -> None:  # type: ignore[no-untyped-def]
    """The limit is per facility and address: someone guessing from another address
    cannot stop BPJS's own sign-in."""
    import httpx

    from tests.support.served import as_served

    bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    state.limiter.enabled = True
    attacker = open_bpjs(app, RSUD)
    attacker.http = httpx.AsyncClient(
        transport=httpx.ASGITransport(as_served(app), client=("127.0.0.1", 4000)),
        base_url="http://lsr.test", headers={"x-forwarded-for": "203.0.113.66"})
    for _ in range(BPJS_WS_WRONG_PASSWORD.limit):
        refused(await attacker.sign_in("tebakan-1234"), "password")
    still = await attacker.raw("GET", "auth", headers={"x-username": USERNAME, "x-password": PASSWORD},
                               status=429)
    refused(still, "coba lagi")
    ok(await open_bpjs(app, RSUD).sign_in())  # BPJS, from its own address
