"""Sign-in throttling without a lock-out weapon: wrong passwords make the address that
sent them wait, longer each time; a stranger elsewhere never keeps a clerk out."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import func, select

from api_client import ApiClient, RateLimited, Unauthorized
from server.app import create_app
from server.settings import Settings
from server.staff.tables import SignInFailureRow
from server.staff.throttle import forget_stale_counts
from tests.support.clock import FakeClock
from tests.support.served import as_served

pytestmark = pytest.mark.anyio
CLERK = "loket.pkm-sumber"
RIGHT = "rembang-demo"


async def fail(client: ApiClient, username: str = CLERK) -> None:
    with pytest.raises(Unauthorized):
        await client.staff.login(username, "salah")


async def test_wrong_passwords_from_one_address_make_it_wait_longer_each_time(
    make_client, clock: FakeClock  # type: ignore[no-untyped-def]
):
    desk = make_client(forwarded_for="10.1.0.7")
    for _ in range(5):
        await fail(desk)
    with pytest.raises(RateLimited) as err:
        await desk.staff.login(CLERK, RIGHT)  # even the right one, for now
    assert err.value.code == "login_locked"
    assert 50 <= (err.value.retry_after or 0) <= 61
    clock.advance(seconds=61)
    await fail(desk)
    with pytest.raises(RateLimited) as err:
        await desk.staff.login(CLERK, RIGHT)
    assert (err.value.retry_after or 0) > 100  # doubled
    clock.advance(seconds=121)
    assert (await desk.staff.login(CLERK, RIGHT)).username == CLERK


async def test_a_strangers_hundred_failures_elsewhere_never_keep_the_clerk_out(
    make_client, clock: FakeClock  # type: ignore[no-untyped-def]
):
    own_desk = make_client(forwarded_for="10.1.0.7")
    await own_desk.staff.login(CLERK, RIGHT)  # her usual PC
    await own_desk.staff.logout()
    stranger = make_client(forwarded_for="203.0.113.9")
    for _ in range(100):
        with pytest.raises((Unauthorized, RateLimited)):
            await stranger.staff.login(CLERK, "tebakan")
    for host in range(1, 21):  # and a crowd, one guess each: past the per-username limit
        await fail(make_client(forwarded_for=f"198.51.100.{host}"))
    assert (await own_desk.staff.login(CLERK, RIGHT)).username == CLERK
    await fail(own_desk)  # she mistypes once: still only her own address's allowance
    assert (await own_desk.staff.login(CLERK, RIGHT)).username == CLERK
    new_pc = make_client(forwarded_for="10.1.0.8")  # a clean address gets its try too
    assert (await new_pc.staff.login(CLERK, RIGHT)).username == CLERK
    with pytest.raises(RateLimited):
        await stranger.staff.login(CLERK, RIGHT)


async def test_under_attack_each_failing_address_gets_one_guess_at_a_time(
    make_client, clock: FakeClock  # type: ignore[no-untyped-def]
):
    """The per-username limit: once 20 failures came from anywhere, an address that
    failed for the account (and never signed in to it) waits after each failure."""
    for host in range(1, 21):
        await fail(make_client(forwarded_for=f"198.51.100.{host}"))
    guesser = make_client(forwarded_for="198.51.100.1")
    with pytest.raises(RateLimited) as err:
        await guesser.staff.login(CLERK, RIGHT)
    assert 50 <= (err.value.retry_after or 0) <= 61
    clock.advance(seconds=61)
    assert (await guesser.staff.login(CLERK, RIGHT)).username == CLERK


async def test_a_wrong_password_and_an_unknown_username_get_the_same_answer(app):  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(as_served(app))
    async with httpx.AsyncClient(transport=transport, base_url="http://lsr.test") as raw:
        answers = [
            await raw.post("/api/auth/login", json={"username": name, "password": "salah"},
                           headers={"X-Forwarded-For": "192.0.2.4"})
            for name in (CLERK, "tidak.ada") for _ in range(6)
        ]
    as_seen = [(a.status_code, a.json(), a.headers.get("retry-after")) for a in answers]
    assert as_seen[:6] == as_seen[6:]  # an attacker learns nothing about which name exists
    assert [s for s, _, _ in as_seen[:6]] == [401] * 5 + [429]


async def test_the_counts_are_shared_by_every_instance_on_the_database(
    settings: Settings, clock: FakeClock, app, make_client  # type: ignore[no-untyped-def]
):
    other = create_app(settings, clock=clock)
    try:
        on_a = make_client(forwarded_for="10.9.9.9")
        on_b = ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(as_served(other)),  # type: ignore[arg-type]
                         forwarded_for="10.9.9.9")
        for instance in (on_a, on_b, on_a, on_b, on_a):
            await fail(instance)
        with pytest.raises(RateLimited):
            await on_b.staff.login(CLERK, RIGHT)
        await on_b.close()
    finally:
        other.state.lsr.db.dispose()


async def sign_ins(app, usernames: list[str], *, password: str = "salah",  # type: ignore[no-untyped-def]
                   client: tuple[str, int] = ("127.0.0.1", 123), forwarded_for: str | None = None,
                   together: bool = False) -> list[httpx.Response]:
    """Raw sign-ins (no retries) through uvicorn's proxy headers, from `client`;
    `together`: all at once."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    transport = httpx.ASGITransport(as_served(app), client=client)
    async with httpx.AsyncClient(transport=transport, base_url="http://lsr.test/api") as raw:
        def one(name: str):  # type: ignore[no-untyped-def]
            return raw.post("/auth/login", json={"username": name, "password": password},
                            headers=headers)
        if together:
            return list(await asyncio.gather(*(one(name) for name in usernames)))
        return [await one(name) for name in usernames]


def codes(answers: list[httpx.Response]) -> list[str]:
    return [a.json()["error"]["code"] if a.status_code >= 400 else "ok" for a in answers]


async def test_a_burst_of_simultaneous_guesses_gets_no_more_checks_than_the_allowance(
    app, settings: Settings  # type: ignore[no-untyped-def]
):
    answers = await sign_ins(app, [CLERK] * 30, forwarded_for="10.2.0.9", together=True)
    said = codes(answers)
    assert said.count("invalid_credentials") == settings.login_max_failures  # no slack
    assert said.count("login_locked") == 30 - settings.login_max_failures
    assert all(a.headers["retry-after"] for a in answers if a.status_code == 429)


async def test_one_address_trying_ever_new_usernames_waits_but_a_clerk_elsewhere_does_not(
    app, settings: Settings, make_client  # type: ignore[no-untyped-def]
):
    assert settings.login_address_max_failures == 30
    said = codes(await sign_ins(app, [f"tebakan.{n}" for n in range(40)], forwarded_for="203.0.113.77"))
    assert said == ["invalid_credentials"] * 30 + ["login_locked"] * 10
    late = await sign_ins(app, [CLERK], password=RIGHT, forwarded_for="203.0.113.77")
    assert late[0].status_code == 429 and int(late[0].headers["retry-after"]) > 0
    clerk = make_client(forwarded_for="10.1.0.7")
    assert (await clerk.staff.login(CLERK, RIGHT)).username == CLERK


async def test_x_forwarded_for_from_anyone_but_the_local_proxy_is_ignored(app):  # type: ignore[no-untyped-def]
    """An address chosen by the caller would give every guess a fresh allowance."""
    spoofed = [await sign_ins(app, [CLERK], client=("198.51.100.200", 4000),
                              forwarded_for=f"10.3.0.{n}") for n in range(6)]
    assert codes([a for answer in spoofed for a in answer]) == ["invalid_credentials"] * 5 + ["login_locked"]
    # nor read again by the service when the ASGI server does not vouch for it
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test/api") as raw:
        answers = [await raw.post("/auth/login", json={"username": "kasir.pkm-lasem", "password": "x"},
                                  headers={"X-Forwarded-For": f"10.3.1.{n}"}) for n in range(6)]
    assert codes(answers) == ["invalid_credentials"] * 5 + ["login_locked"]


async def test_an_ipv6_host_counts_as_its_whole_64_network(app):  # type: ignore[no-untyped-def]
    """One host can take any of 2^64 addresses: changing them buys no new guesses."""
    answers = [(await sign_ins(app, [CLERK], client=(f"2001:db8:1:2::{n:x}", 4000)))[0]
               for n in range(1, 7)]
    assert codes(answers) == ["invalid_credentials"] * 5 + ["login_locked"]
    neighbour = await sign_ins(app, [CLERK], password=RIGHT, client=("2001:db8:1:3::1", 4000))
    assert neighbour[0].status_code == 200  # the next /64 is someone else


async def test_a_flood_of_made_up_usernames_leaves_no_rows_once_it_no_longer_counts(
    app, clock: FakeClock, make_client  # type: ignore[no-untyped-def]
):
    await sign_ins(app, [f"tebakan.{n}" for n in range(10)], forwarded_for="203.0.113.78")
    desk = make_client(forwarded_for="10.1.0.7")
    await desk.staff.login(CLERK, RIGHT)  # an address that signed in is kept: it is her own
    db = app.state.lsr.db
    with db.read() as session:
        before = session.scalar(select(func.count()).select_from(SignInFailureRow))
    assert forget_stale_counts(db=db, now=clock()) == 0  # all still count
    clock.advance(hours=25)
    forget_stale_counts(db=db, now=clock())  # the service's hourly job (server/app.py)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(SignInFailureRow)) == 1 < before
