"""Sign-in of the staff console and the dashboard: username and password, a plain
sentence when they are wrong, and how long to wait when too many wrong tries came
from this device.

Steps the service can ask for, in the same form (what was typed stays):
- a one-time password (set by an operator with `python -m server.accounts`): choose a
  new password, typed twice; that signs in;
- an admin with an authenticator app: its 6-digit code, or a recovery code;
- an admin who must have one and has none: the new key (QR code and text), its first
  code, then the recovery codes, shown once (components/staff_totp.py). After a new
  password the service says the change is done and the app comes next; the form goes
  on with the new password.

The token lands in the session's `ApiClient` (memory only: never stored in the
browser). A connection failure keeps what was typed; a wrong password clears the
password only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import flet as ft
from flet.components.hooks.use_ref import MutableRef

from api_client import ApiClient, ApiConnectionError, ApiError, RateLimited
from api_client.models import ErrorCode, StaffMe, TokenResponse, TotpEnrolment
from components.staff_totp import RecoveryCodes, TotpKey
from session.context import use_t
from session.i18n import Translator, error_message

OnSignedIn = Callable[[StaffMe], Awaitable[None]]
Recovery = tuple[list[str], TokenResponse]
PASSWORD_CHANGED_ENROL_NEXT = ErrorCode.password_changed_totp_enrolment_required
NEW_PASSWORD_REFUSALS = frozenset({ErrorCode.password_too_short, ErrorCode.password_unchanged})
FIELDS = ("username", "password", "new_password", "repeat", "code")


def lockout_sentence(
    t: Translator, retry_after: float | None, code: str = ErrorCode.login_locked
) -> str:
    """`Terlalu banyak … Coba lagi dalam 2 menit.`: the wait in words, rounded. `code`:
    `login_locked` (this device's wrong sign-ins) or `totp_locked` (the account's wrong
    codes)."""
    if not retry_after:
        locked = ErrorCode.totp_locked if code == ErrorCode.totp_locked else ErrorCode.login_locked
        return error_message(t, locked)
    wait = t.format_duration(dt.timedelta(seconds=max(1, round(retry_after))))
    if code == ErrorCode.totp_locked:
        return t.gettext(
            "Terlalu banyak kode yang salah untuk akun ini. Coba lagi dalam {wait}."
        ).format(wait=wait)
    return t.gettext(
        "Terlalu banyak percobaan masuk yang salah dari perangkat ini. Coba lagi dalam {wait}."
    ).format(wait=wait)


def signed_in_as(token: TokenResponse) -> StaffMe:
    return StaffMe(
        username=token.username, role=token.role, facility_id=token.facility_id,
        serves=token.serves, may=token.may,
    )


@ft.component
def SignInForm(client: ApiClient, on_signed_in: OnSignedIn, ended: bool) -> ft.Control:
    t = use_t()
    _ = t.gettext
    values = {name: ft.use_state("") for name in FIELDS}
    missing_state: tuple[frozenset[str], Callable[[frozenset[str]], None]] = ft.use_state(frozenset())
    missing, set_missing = missing_state
    problem_state: tuple[str | None, Callable[[str | None], None]] = ft.use_state(None)
    problem, set_problem = problem_state
    busy, set_busy = ft.use_state(False)
    # "password", "new_password", "code" (authenticator), "enrol" (a new authenticator)
    step, set_step = ft.use_state("password")
    needs_code, set_needs_code = ft.use_state(False)  # a new password of an admin with an app
    enrolment_state: tuple[TotpEnrolment | None, Callable[[TotpEnrolment | None], None]] = ft.use_state(None)
    enrolment, set_enrolment = enrolment_state
    # (codes, token) once the app is set up
    recovery_state: tuple[Recovery | None, Callable[[Recovery | None], None]] = ft.use_state(None)
    recovery, set_recovery = recovery_state
    in_flight = ft.use_ref(False)
    code_ref: MutableRef[ft.Ref[ft.TextField]] = ft.use_ref(lambda: ft.Ref[ft.TextField]())
    code_box = code_ref.current
    assert code_box is not None  # made on the first render

    # What was typed, as the change events came: a submit right after the last key
    # may arrive before the re-render that would give it the new state.
    typed_ref: MutableRef[dict[str, str]] = ft.use_ref(lambda: dict.fromkeys(FIELDS, ""))
    typed = typed_ref.current
    assert typed is not None  # made on the first render

    # Each field as the browser edits it (from its change events), and the fields the
    # form itself set (a password cleared after a refusal). A render gives a field the
    # text it holds now, not the state of a change event still on its way: on a busy
    # service, keys typed meanwhile were sent back over ("dinkes" became "dies").
    live_ref: MutableRef[dict[str, ft.TextField]] = ft.use_ref(dict)
    live = live_ref.current
    set_here_ref: MutableRef[set[str]] = ft.use_ref(set)
    set_here = set_here_ref.current
    assert live is not None and set_here is not None  # made on the first render

    def typed_in(field: str, box: ft.TextField) -> None:
        live[field] = box
        typed[field] = box.value or ""
        values[field][1](typed[field])

    def change(field: str, value: str) -> None:
        set_here.add(field)
        typed[field] = value
        values[field][1](value)

    def shown(field: str) -> str:
        box = live.get(field)
        if field in set_here or box is None:
            set_here.discard(field)
            return values[field][0]
        return box.value or ""

    def asks_code() -> bool:
        return step in ("code", "enrol") or needs_code

    async def focus_code() -> None:
        """The code field takes the focus when it appears: the clerk types at once,
        not into the password field that had it."""
        if asks_code() and code_box.current is not None:
            await code_box.current.focus()

    ft.use_effect(focus_code, [step, needs_code])

    def empty_fields() -> frozenset[str]:
        wanted = ["username", "password"]
        if step == "new_password":
            wanted += ["new_password", "repeat"]
        if asks_code():
            wanted.append("code")
        return frozenset(f for f in wanted if not typed[f].strip())

    async def attempt() -> TokenResponse | None:
        name, secret = typed["username"].strip(), typed["password"]
        code = typed["code"].strip() or None
        if step == "new_password":
            if typed["new_password"] != typed["repeat"]:
                set_problem(_("Kedua kata sandi baru tidak sama. Ketik lagi."))
                return None
            return await client.staff.change_password(
                name, secret, typed["new_password"], totp_code=code if needs_code else None,
            )
        if step == "enrol":
            confirmed = await client.staff.confirm_totp(name, secret, code or "")
            set_recovery((confirmed.recovery_codes, confirmed.token))
            return None
        return await client.staff.login(name, secret, totp_code=code if step == "code" else None)

    async def refused(err: ApiError) -> None:
        """Move to the step the service asks for, or say what was wrong."""
        code = err.code
        if code == ErrorCode.password_change_required:
            set_step("new_password")  # keep the one-time password: it proves who asks
        elif code == ErrorCode.totp_required:
            if step == "new_password":
                set_needs_code(True)
            else:
                set_step("code")
        elif code == ErrorCode.totp_invalid:
            change("code", "")
        elif code in (ErrorCode.totp_enrolment_required, PASSWORD_CHANGED_ENROL_NEXT):
            if code == PASSWORD_CHANGED_ENROL_NEXT:  # the new password is the one from now on
                change("password", typed["new_password"])
            set_enrolment(await client.staff.enrol_totp(
                typed["username"].strip(), typed["password"]
            ))
            change("code", "")
            set_step("enrol")
            set_problem(None)
            return
        elif code not in NEW_PASSWORD_REFUSALS:
            change("password", "")
            set_step("password")
        set_problem(error_message(t, code))

    async def submit(_event: object = None) -> None:
        if in_flight.current:
            return
        empty = empty_fields()
        set_missing(empty)
        if empty:
            return
        in_flight.current = True
        set_busy(True)
        set_problem(None)
        try:
            token = await attempt()
        except RateLimited as err:
            change("password", "")
            change("code", "")
            set_step("password")
            set_problem(lockout_sentence(t, err.retry_after, err.code))
        except ApiConnectionError as err:
            set_problem(error_message(t, err.code))  # keep what was typed
        except ApiError as err:
            try:
                await refused(err)
            except ApiError as again:
                set_problem(error_message(t, again.code))
        else:
            if token is not None:
                await on_signed_in(signed_in_as(token))
        finally:
            in_flight.current = False
            set_busy(False)

    if recovery is not None:
        codes, token = recovery

        async def done() -> None:
            await on_signed_in(signed_in_as(token))

        return RecoveryCodes(codes, done)

    required = error_message(t, "missing")

    def field(name: str, identifier: str, label: str, *, password: bool = True,
              autofocus: bool = False, ref: ft.Ref[ft.TextField] | None = None) -> ft.Control:
        return ft.Semantics(identifier=identifier, content=ft.TextField(
            label=label, value=shown(name), password=password, autofocus=autofocus, ref=ref,
            error=required if name in missing else None,
            error_max_lines=3,  # wrapped, not cut, on a phone at the largest text
            on_change=lambda e: typed_in(name, e.control), on_submit=submit,
        ))

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
        field("username", "staff-username", _("Nama pengguna"), password=False, autofocus=True),
        field("password", "staff-password", _("Kata sandi")),
    ]
    if step == "new_password":
        controls += [
            field("new_password", "staff-new-password", _("Kata sandi baru (paling sedikit 12 karakter)")),
            field("repeat", "staff-repeat-password", _("Ulangi kata sandi baru")),
        ]
    if step == "enrol" and enrolment is not None:
        controls.append(TotpKey(enrolment))
    if asks_code():
        controls.append(field("code", "staff-totp-code", _("Kode 6 angka dari aplikasi autentikator"),
                              password=False, ref=code_box))
        if step != "enrol":
            controls.append(ft.Text(
                _("Ponsel tidak ada? Ketik salah satu kode pemulihan Anda sebagai gantinya."),
                theme_style=ft.TextThemeStyle.BODY_MEDIUM, color=ft.Colors.ON_SURFACE_VARIANT,
            ))
    if problem:  # a new key for a new sentence (see staff_current.NoticeLine)
        controls.append(ft.Semantics(
            identifier="sign-in-error", live_region=True, key=problem,
            content=ft.Text(problem, color=ft.Colors.ERROR, theme_style=ft.TextThemeStyle.BODY_LARGE),
        ))
    label = {"new_password": _("Simpan dan masuk"), "enrol": _("Aktifkan dan masuk")}.get(step, _("Masuk"))
    controls.append(ft.Semantics(identifier="sign-in", content=ft.FilledButton(
        content=_("Sedang masuk…") if busy else label,
        icon=ft.Icons.LOGIN, disabled=busy, on_click=submit,
    )))
    return ft.Container(
        alignment=ft.Alignment.TOP_CENTER,
        content=ft.Container(
            width=440, padding=24, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            content=ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        ),
    )
