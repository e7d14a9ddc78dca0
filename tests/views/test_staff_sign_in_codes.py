"""The sign-in form's code steps (admins with `LSR_REQUIRE_TOTP`): an admin without an
authenticator app is led to set one up; one with an app is asked for its code."""

from __future__ import annotations

import flet as ft
import pyotp
import pytest

from server.settings import Settings
from server.staff import accounts
from tests.views.harness import run_app

pytestmark = pytest.mark.anyio
ADMIN, PASSWORD = "admin.pkm-lasem", "rembang-demo"
CODE_FIELD = "Kode 6 angka dari aplikasi autentikator"
NEW_PASSWORD = "sapi-lasem-berlari-7"  # noqa: S105 - a test password
NEW_FIELD = "Kata sandi baru (paling sedikit 12 karakter)"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"require_totp": True})


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


def said(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    """What a screen reader says of a selectable text: its Semantics label (the text
    itself reaches the accessibility tree as an empty field)."""
    return str(app.find(identifier=identifier).label)


async def sign_in(app, username: str = ADMIN, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    await app.wait_for(lambda: app.exists(ft.TextField, label="Nama pengguna"))
    await app.fill(app.find(ft.TextField, label="Nama pengguna"), username)
    await app.fill(app.find(ft.TextField, label="Kata sandi"), password, submit=True)


async def test_an_admin_without_an_app_sets_one_up_and_keeps_the_recovery_codes(app_main, clock):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as console:
        await sign_in(console)
        await console.wait_for(lambda: console.exists(identifier="totp-secret"))
        assert console.exists(identifier="totp-qr")
        secret = said(console, "totp-secret").replace(" ", "")
        await console.fill(console.find(ft.TextField, label=CODE_FIELD), "000000", submit=True)
        await console.wait_for(lambda: console.exists(identifier="sign-in-error"))
        assert shown(console, "sign-in-error").startswith("Kode itu salah")
        await console.fill(console.find(ft.TextField, label=CODE_FIELD),
                           pyotp.TOTP(secret).at(clock.now), submit=True)
        await console.wait_for(lambda: console.exists(identifier="recovery-codes"))
        assert len(said(console, "recovery-codes").split()) == 10
        await console.click(identifier="recovery-codes-saved")
        await console.wait_for(lambda: console.exists(identifier="staff-who"))
        assert shown(console, "staff-who") == f"Masuk sebagai {ADMIN}"


async def test_an_admin_with_an_app_is_asked_for_its_code(app_main, make_client, clock):  # type: ignore[no-untyped-def]
    setup = make_client()
    enrolment = await setup.staff.enrol_totp(ADMIN, PASSWORD)
    await setup.staff.confirm_totp(ADMIN, PASSWORD, pyotp.TOTP(enrolment.secret).at(clock.now))
    clock.advance(seconds=30)
    async with run_app(app_main, route="/staff") as console:
        await sign_in(console)
        await console.wait_for(lambda: console.exists(ft.TextField, label=CODE_FIELD))
        assert shown(console, "sign-in-error") == "Isi kode 6 angka dari aplikasi autentikator Anda."
        assert not console.exists(identifier="staff-who")
        await console.fill(console.find(ft.TextField, label=CODE_FIELD),
                           pyotp.TOTP(enrolment.secret).at(clock.now), submit=True)
        await console.wait_for(lambda: console.exists(identifier="staff-who"))


async def test_an_admin_with_a_one_time_password_chooses_a_new_one_then_sets_up_the_app(
    app_main, app, clock  # type: ignore[no-untyped-def]
):
    """One-time password → new password → the app's key → its code → signed in, and
    the new password is the one that works from then on."""
    with app.state.lsr.db.write_transaction() as session:
        one_time = accounts.reset_password(session=session, username=ADMIN, now=clock(),
                                           by=accounts.operator("budi")).password
    async with run_app(app_main, route="/staff") as console:
        await sign_in(console, password=one_time)
        await console.wait_for(lambda: console.exists(ft.TextField, label=NEW_FIELD))
        await console.fill(console.find(ft.TextField, label=NEW_FIELD), NEW_PASSWORD)
        repeat = console.find(ft.TextField, label="Ulangi kata sandi baru")
        await console.fill(repeat, NEW_PASSWORD, submit=True)
        await console.wait_for(lambda: console.exists(identifier="totp-secret"))
        assert not console.exists(identifier="sign-in-error")
        secret = said(console, "totp-secret").replace(" ", "")
        await console.fill(console.find(ft.TextField, label=CODE_FIELD),
                           pyotp.TOTP(secret).at(clock.now), submit=True)
        await console.wait_for(lambda: console.exists(identifier="recovery-codes"))
        await console.click(identifier="recovery-codes-saved")
        await console.wait_for(lambda: console.exists(identifier="staff-who"))
        assert shown(console, "staff-who") == f"Masuk sebagai {ADMIN}"
