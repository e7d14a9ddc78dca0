"""Sign-in of the staff console: username and password, a plain sentence when they are
wrong, and how long to wait when too many wrong tries from this device must wait.

A one-time password (set by an operator with `python -m server.accounts`) leads to a
second step: the new password, typed twice, which signs in.

The token lands in the session's `ApiClient` (memory only: never stored in the
browser). A connection failure keeps what was typed; a wrong password clears the
password only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiClient, ApiConnectionError, ApiError, RateLimited
from api_client.models import StaffMe, TokenResponse
from views.i18n import Translator, error_message

OnSignedIn = Callable[[StaffMe], Awaitable[None]]
NEW_PASSWORD_REFUSALS = frozenset({"password_too_short", "password_unchanged"})


def lockout_sentence(t: Translator, retry_after: float | None) -> str:
    """`Terlalu banyak … Coba lagi dalam 2 menit.`: the wait in words, rounded."""
    if not retry_after:
        return error_message(t, "login_locked")
    wait = t.format_duration(dt.timedelta(seconds=max(1, round(retry_after))))
    return t.gettext(
        "Terlalu banyak percobaan masuk yang salah dari perangkat ini. Coba lagi dalam {wait}."
    ).format(wait=wait)


@ft.component
def SignInForm(t: Translator, client: ApiClient, on_signed_in: OnSignedIn, ended: bool) -> ft.Control:
    _ = t.gettext
    username, set_username = ft.use_state("")
    password, set_password = ft.use_state("")
    missing, set_missing = ft.use_state(frozenset())
    problem, set_problem = ft.use_state(None)
    busy, set_busy = ft.use_state(False)
    step, set_step = ft.use_state("password")  # "password", then "new_password" when asked
    in_flight = ft.use_ref(False)
    # What was typed, as the change events came: a submit right after the last key
    # may arrive before the re-render that would give it the new state.
    typed = ft.use_ref(None)
    if typed.current is None:
        typed.current = {"username": "", "password": "", "new_password": "", "repeat": ""}
    new_password, set_new_password = ft.use_state("")
    repeat, set_repeat = ft.use_state("")
    setters = {"username": set_username, "password": set_password,
               "new_password": set_new_password, "repeat": set_repeat}

    def change(field: str, value: str) -> None:
        typed.current[field] = value
        setters[field](value)

    def clear_password() -> None:
        change("password", "")

    async def submit(_event: object = None) -> None:
        if in_flight.current:
            return
        name, secret = typed.current["username"].strip(), typed.current["password"]
        empty = frozenset(field for field, value in (("username", name), ("password", secret))
                          if not value)
        set_missing(empty)
        if empty:
            return
        in_flight.current = True
        set_busy(True)
        set_problem(None)
        try:
            if step == "new_password":
                token = await new_password_sign_in(name, secret)
                if token is None:
                    return
            else:
                token = await client.staff.login(name, secret)
        except RateLimited as err:
            clear_password()
            set_problem(lockout_sentence(t, err.retry_after))
        except ApiConnectionError as err:
            set_problem(error_message(t, err.code))  # keep what was typed
        except ApiError as err:
            if err.code == "password_change_required":
                set_step("new_password")  # keep the one-time password: it proves who asks
            elif err.code not in NEW_PASSWORD_REFUSALS:
                clear_password()
            set_problem(error_message(t, err.code))
        else:
            await on_signed_in(
                StaffMe(username=token.username, role=token.role, facility_id=token.facility_id)
            )
        finally:
            in_flight.current = False
            set_busy(False)

    async def new_password_sign_in(name: str, secret: str) -> TokenResponse | None:
        new, again = typed.current["new_password"], typed.current["repeat"]
        empty = frozenset(f for f, v in (("new_password", new), ("repeat", again)) if not v)
        set_missing(empty)
        if empty:
            return None
        if new != again:
            set_problem(_("Kedua kata sandi baru tidak sama. Ketik lagi."))
            return None
        return await client.staff.change_password(name, secret, new)

    required = error_message(t, "missing")
    controls: list[ft.Control] = [
        ft.Text(_("Masuk sebagai petugas"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                weight=ft.FontWeight.BOLD),
        ft.Text(_("Gunakan akun petugas dari puskesmas atau rumah sakit Anda."),
                theme_style=ft.TextThemeStyle.BODY_LARGE),
    ]
    if ended:
        controls.append(ft.Semantics(identifier="session-ended", content=ft.Text(
            _("Sesi Anda sudah berakhir. Silakan masuk lagi."),
            theme_style=ft.TextThemeStyle.BODY_LARGE, color=ft.Colors.ON_SURFACE_VARIANT,
        )))
    controls += [
        ft.Semantics(identifier="staff-username", content=ft.TextField(
            label=_("Nama pengguna"), value=username, autofocus=True,
            error=required if "username" in missing else None,
            on_change=lambda e: change("username", e.control.value),
            on_submit=submit,
        )),
        ft.Semantics(identifier="staff-password", content=ft.TextField(
            label=_("Kata sandi"), value=password, password=True,
            error=required if "password" in missing else None,
            on_change=lambda e: change("password", e.control.value),
            on_submit=submit,
        )),
    ]
    if step == "new_password":
        controls += [
            ft.Semantics(identifier="staff-new-password", content=ft.TextField(
                label=_("Kata sandi baru (paling sedikit 12 karakter)"), value=new_password,
                password=True, error=required if "new_password" in missing else None,
                on_change=lambda e: change("new_password", e.control.value), on_submit=submit,
            )),
            ft.Semantics(identifier="staff-repeat-password", content=ft.TextField(
                label=_("Ulangi kata sandi baru"), value=repeat, password=True,
                error=required if "repeat" in missing else None,
                on_change=lambda e: change("repeat", e.control.value), on_submit=submit,
            )),
        ]
    if problem:  # a new key for a new sentence (see staff_current.NoticeLine)
        controls.append(ft.Semantics(
            identifier="sign-in-error", live_region=True, key=problem,
            content=ft.Text(problem, color=ft.Colors.ERROR, theme_style=ft.TextThemeStyle.BODY_LARGE),
        ))
    controls.append(ft.Semantics(identifier="sign-in", content=ft.FilledButton(
        content=_("Sedang masuk…") if busy else (
            _("Simpan dan masuk") if step == "new_password" else _("Masuk")
        ),
        icon=ft.Icons.LOGIN, disabled=busy, on_click=submit, height=48,
    )))
    return ft.Container(
        alignment=ft.Alignment.TOP_CENTER,
        content=ft.Container(
            width=440, padding=24, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            content=ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        ),
    )
