"""The admin face (`/admin`) and its Akun petugas section: Dinkes creates an admin for
Puskesmas Sulang and sees the one-time password once; an admin deactivates a clerk
after reading what it does; a username that breaks the rules is named in the field;
counter staff are told the face is not for them. In-process against the real service
at Monday 30 November 2026, 08:00 WIB."""

from __future__ import annotations

import flet as ft
import pytest

from api_client import ApiClient, Forbidden, Unauthorized
from api_client.models import ErrorCode
from tests.views.harness import run_app
from tests.views.test_staff_console import shown, sign_in

pytestmark = pytest.mark.anyio
SULANG = "pkm-sulang"


async def open_accounts(app, username: str) -> None:  # type: ignore[no-untyped-def]
    await sign_in(app, username)
    await app.wait_for(lambda: app.exists(identifier="account-new"))
    await app.wait_for(lambda: not app.find(identifier="account-new").content.disabled)


async def account_id(dinkes: ApiClient, username: str) -> int:
    return next(a.id for a in await dinkes.accounts.list() if a.username == username)


async def test_dinkes_creates_an_admin_and_sees_the_one_time_password_once(app_main, make_client):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/admin") as app:
        await open_accounts(app, "dinkes")
        assert app.exists(ft.NavigationRail)  # the section picker, beside the section
        await app.click(identifier="account-new")
        await app.fill(app.find(ft.TextField, label="Nama pengguna"), "kepala.sulang")
        role = app.find(ft.Dropdown, label="Peran")
        await app.trigger(role, "select", "admin", props={"value": "admin"})
        facility = app.find(ft.Dropdown, label="Faskes akun")
        await app.trigger(facility, "select", SULANG, props={"value": SULANG})
        await app.click(identifier="account-create")
        await app.wait_for(lambda: app.exists(identifier="one-time-password"))
        secret = app.find(identifier="one-time-password").content.value
        assert "kepala.sulang" in shown(app, "one-time-password-panel")
        assert "kepala.sulang" in shown(app, "account-list")

        await app.click(identifier="one-time-password-done")
        await app.wait_for(lambda: not app.exists(identifier="one-time-password-panel"))
        assert not any(secret in text for text in app.texts())  # gone for good

    newcomer = make_client()
    with pytest.raises(Forbidden) as err:
        await newcomer.staff.login("kepala.sulang", secret)
    assert err.value.code == ErrorCode.password_change_required
    token = await newcomer.staff.change_password("kepala.sulang", secret, "kopi-sulang-pagi-42")
    assert token.facility_id == SULANG


async def test_an_admin_deactivates_a_clerk_only_after_reading_what_it_does(app_main, make_client):  # type: ignore[no-untyped-def]
    clerk = make_client()
    await clerk.staff.login(f"loket.{SULANG}", "rembang-demo")
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    target = await account_id(dinkes, f"loket.{SULANG}")
    own = await account_id(dinkes, f"admin.{SULANG}")
    async with run_app(app_main, route="/admin") as app:
        await open_accounts(app, f"admin.{SULANG}")
        await app.wait_for(lambda: app.exists(identifier=f"account-row-{target}"))
        assert not app.exists(identifier="accounts-facility")  # an admin sees their own facility only
        assert not app.exists(identifier=f"account-deactivate-{own}")  # nor touches their own account
        assert not app.exists(identifier=f"account-row-{await account_id(dinkes, 'loket.pkm-sumber')}")

        await app.click(identifier=f"account-deactivate-{target}")
        await app.wait_for(lambda: app.exists(identifier="account-confirmation"))
        assert shown(app, "account-confirmation").startswith(
            f"Nonaktifkan akun loket.{SULANG}? Akun ini tidak bisa masuk lagi, dan sesi yang sedang "
            "terbuka langsung berakhir.")
        assert (await clerk.staff.me()).username == f"loket.{SULANG}"  # nothing done yet

        await app.click(identifier="account-confirm")
        await app.wait_for(lambda: app.exists(identifier="accounts-notice"))
        assert shown(app, "accounts-notice") == (
            f"Akun loket.{SULANG} dinonaktifkan; sesi yang terbuka sudah berakhir.")
        assert shown(app, f"account-state-{target}").startswith("Nonaktif")
        assert not app.exists(identifier=f"account-deactivate-{target}")
    with pytest.raises(Unauthorized):
        await clerk.staff.me()


async def test_a_username_against_the_rules_is_named_in_its_field(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/admin") as app:
        await open_accounts(app, f"admin.{SULANG}")
        await app.click(identifier="account-new")
        await app.fill(app.find(ft.TextField, label="Nama pengguna"), "Siti Loket")
        await app.click(identifier="account-create")
        await app.wait_for(lambda: app.find(ft.TextField, label="Nama pengguna").error is not None)
        assert app.find(ft.TextField, label="Nama pengguna").error == (
            "Nama pengguna hanya boleh berisi huruf kecil, angka, titik, tanda hubung (-) dan garis "
            "bawah (_), diawali huruf atau angka. Contoh: loket.pkm-sulang")
        await app.fill(app.find(ft.TextField, label="Nama pengguna"), "ab")
        await app.click(identifier="account-create")
        await app.wait_for(lambda: app.find(ft.TextField, label="Nama pengguna").error is not None)
        assert app.find(ft.TextField, label="Nama pengguna").error == (
            "Nama pengguna harus 3 sampai 40 karakter, yang diisi 2 karakter.")
        assert not app.exists(identifier="one-time-password")


async def test_a_reset_password_is_shown_once_and_the_old_one_stops(app_main, make_client):  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    target = await account_id(dinkes, f"poli.{SULANG}")
    async with run_app(app_main, route="/admin") as app:
        await open_accounts(app, f"admin.{SULANG}")
        await app.wait_for(lambda: app.exists(identifier=f"account-reset-{target}"))
        await app.click(identifier=f"account-reset-{target}")
        await app.click(identifier="account-confirm")
        await app.wait_for(lambda: app.exists(identifier="one-time-password"))
        secret = app.find(identifier="one-time-password").content.value
    with pytest.raises(Unauthorized):
        await make_client().staff.login(f"poli.{SULANG}", "rembang-demo")
    with pytest.raises(Forbidden):
        await make_client().staff.login(f"poli.{SULANG}", secret)  # one-time: to be replaced


async def test_counter_staff_are_told_the_face_is_not_for_them(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/admin") as app:
        await sign_in(app, f"loket.{SULANG}")
        await app.wait_for(lambda: app.exists(identifier="admin-not-for-you"))
        assert shown(app, "admin-not-for-you") == (
            "Administrasi hanya untuk admin faskes dan Dinkes. Akun Anda bekerja di Konsol Petugas.")
        assert not app.exists(identifier="admin-sections")


async def test_on_a_phone_the_sections_are_a_dropdown(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/admin", width=360, height=740) as app:
        await open_accounts(app, "dinkes")
        assert not app.exists(ft.NavigationRail)
        assert app.find(ft.Dropdown, label="Bagian").value == "accounts"


async def test_requiring_an_authenticator_app_is_said_and_holds_at_the_next_sign_in(app_main, make_client):  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    target = await account_id(dinkes, f"apotek.{SULANG}")
    async with run_app(app_main, route="/admin") as app:
        await open_accounts(app, f"admin.{SULANG}")
        await app.wait_for(lambda: app.exists(identifier=f"account-totp-{target}"))
        await app.click(identifier=f"account-totp-{target}")
        await app.wait_for(lambda: app.exists(identifier="accounts-notice"))
        assert shown(app, "accounts-notice") == (
            f"apotek.{SULANG} harus memakai aplikasi autentikator mulai masuk berikutnya.")
        assert "Wajib aplikasi autentikator (belum dipasang)" in shown(app, f"account-state-{target}")
    with pytest.raises(Forbidden) as err:
        await make_client().staff.login(f"apotek.{SULANG}", "rembang-demo")
    assert err.value.code == ErrorCode.totp_enrolment_required


async def test_dinkes_narrows_the_list_to_one_facility(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/admin") as app:
        await open_accounts(app, "dinkes")
        assert "loket.pkm-sumber" in shown(app, "account-list")
        picker = app.find(ft.Dropdown, label="Faskes")
        await app.trigger(picker, "select", SULANG, props={"value": SULANG})
        await app.wait_for(lambda: "loket.pkm-sulang" in shown(app, "account-list"))
        assert "loket.pkm-sumber" not in shown(app, "account-list")
        assert "dinkes" not in shown(app, "account-list").split()


async def test_an_admin_goes_from_the_console_to_administrasi_still_signed_in(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await sign_in(app, f"admin.{SULANG}")
        await app.wait_for(lambda: app.exists(identifier="staff-admin"))
        await app.click(identifier="staff-admin")
        await app.wait_for(lambda: app.exists(identifier="account-list")
                           and f"loket.{SULANG}" in shown(app, "account-list"))
        assert app.route == "/admin"


async def test_counter_staff_see_no_way_to_administrasi_in_the_console(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await sign_in(app, f"loket.{SULANG}")
        await app.wait_for(lambda: app.exists(identifier="sign-out"))
        assert not app.exists(identifier="staff-admin")


async def test_a_clerk_back_from_leave_is_reactivated_after_reading_what_it_does(app_main, make_client):  # type: ignore[no-untyped-def]
    admin = make_client()
    await admin.staff.login(f"admin.{SULANG}", "rembang-demo")
    target = await account_id(admin, f"apotek.{SULANG}")
    await admin.accounts.deactivate(target)
    async with run_app(app_main, route="/admin") as app:
        await open_accounts(app, f"admin.{SULANG}")
        await app.wait_for(lambda: app.exists(identifier=f"account-reactivate-{target}"))
        assert not app.exists(identifier=f"account-reset-{target}")  # nothing else for a deactivated one
        await app.click(identifier=f"account-reactivate-{target}")
        assert shown(app, "account-confirmation").startswith(
            f"Aktifkan lagi akun apotek.{SULANG}? Akun ini mendapat kata sandi sekali pakai baru")
        await app.click(identifier="account-confirm")
        await app.wait_for(lambda: app.exists(identifier="one-time-password"))
        secret = app.find(identifier="one-time-password").content.value
        assert "Aktif" in shown(app, f"account-state-{target}").split(" · ")
        assert not app.exists(identifier=f"account-reactivate-{target}")
    with pytest.raises(Forbidden):
        await make_client().staff.login(f"apotek.{SULANG}", secret)  # one-time: to be replaced
