"""Kiosk devices on the admin face: a facility's kiosks (name, active, enrolled, last
seen, printer as last reported), enrol one (its key and a QR of the kiosk PC's key
file, shown once), rename, revoke (the key stops at once). An admin sees their own
facility; Dinkes one facility or all (enrolling needs one picked)."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from api_client import ApiClient, ApiError, ApiStatusError, Unauthorized
from api_client.models import KioskDevice, KioskEnrolment, PrinterState, StaffMe
from components.facility_states import RetryButton
from components.message_line import message_line
from components.qr import QrCode
from session.context import use_t
from session.i18n import Translator, error_message
from session.theme import MONO_FONT
from views.admin.facility_filter import FacilityFilter, facility_name, use_facilities


def printer_words(t: Translator, printer: PrinterState | None) -> str:
    _ = t.gettext
    return {
        PrinterState.ok: _("Siap"),
        PrinterState.paper_out: _("Kertas habis"),
        PrinterState.offline: _("Tidak tersambung"),
        PrinterState.none: _("Tanpa printer"),
        None: _("Belum melapor"),
    }[printer]


def moment_words(t: Translator, moment: dt.datetime | None, never: str) -> str:
    if moment is None:
        return never
    return t.gettext("{date}, {time}").format(date=t.format_date(moment, "medium"),
                                              time=t.format_time(moment))


@ft.component
def KioskSection(client: ApiClient, me: StaffMe, expired: Callable[[], object]) -> ft.Control:
    t = use_t()
    _ = t.gettext
    facilities = use_facilities(client, me)
    facility_id, set_facility_id = ft.use_state(me.facility_id)
    devices, set_devices = ft.use_state(cast(list[KioskDevice] | None, None))
    problem, set_problem = ft.use_state("")
    notice, set_notice = ft.use_state("")
    enrolment, set_enrolment = ft.use_state(cast(KioskEnrolment | None, None))
    name, set_name = ft.use_state("")
    name_error, set_name_error = ft.use_state("")
    editing, set_editing = ft.use_state(cast(int | None, None))  # the device being renamed
    new_name, set_new_name = ft.use_state("")
    rename_error, set_rename_error = ft.use_state("")
    confirming, set_confirming = ft.use_state(cast(int | None, None))  # the device to revoke
    busy, set_busy = ft.use_state(False)

    async def signed_out() -> None:
        outcome = expired()
        if inspect.isawaitable(outcome):
            await outcome

    async def load() -> None:
        try:
            set_devices(await client.kiosks.list(facility_id=facility_id))
            set_problem("")
        except Unauthorized:
            await signed_out()
        except ApiError as err:
            set_problem(error_message(t, err.code))

    ft.use_effect(load, [facility_id])

    def field_message(err: ApiError) -> str:
        if isinstance(err, ApiStatusError) and err.fields:
            return error_message(t, err.fields[0].code, err.fields[0].params)
        return error_message(t, err.code)

    async def enrol() -> None:
        if facility_id is None:
            return
        set_busy(True)
        try:
            done = await client.kiosks.enrol(facility_id, name=name)
            set_enrolment(done)
            set_name("")
            set_name_error("")
            set_notice("")
            await load()
        except Unauthorized:
            await signed_out()
        except ApiError as err:
            set_name_error(field_message(err))
        finally:
            set_busy(False)

    async def rename(device: KioskDevice) -> None:
        set_busy(True)
        try:
            renamed = await client.kiosks.rename(device.device_id, name=new_name)
            set_editing(None)
            set_rename_error("")
            set_notice(_("Nama kiosk diganti menjadi “{name}”.").format(name=renamed.name))
            await load()
        except Unauthorized:
            await signed_out()
        except ApiError as err:
            set_rename_error(field_message(err))
        finally:
            set_busy(False)

    async def revoke(device: KioskDevice) -> None:
        set_busy(True)
        try:
            await client.kiosks.revoke(device.device_id)
            set_confirming(None)
            set_notice(_("Kiosk “{name}” dicabut: kuncinya tidak berlaku lagi.").format(name=device.name))
            await load()
        except Unauthorized:
            await signed_out()
        except ApiError as err:
            set_confirming(None)
            set_notice(error_message(t, err.code))
        finally:
            set_busy(False)

    def start_rename(device: KioskDevice) -> None:
        set_confirming(None)
        set_editing(device.device_id)
        set_new_name(device.name)
        set_rename_error("")

    def cancel() -> None:
        set_editing(None)
        set_confirming(None)

    def ask_revoke(device: KioskDevice) -> None:
        set_editing(None)
        set_confirming(device.device_id)

    def choose_facility(chosen: str | None) -> None:
        set_facility_id(chosen)
        set_devices(None)

    heading = ft.Row(spacing=12, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER, controls=[
        ft.Text(_("Kiosk"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
        FacilityFilter(me, facilities, facility_id, choose_facility, identifier="kiosks-facility"),
        ft.Semantics(identifier="kiosks-reload", content=ft.OutlinedButton(
            _("Muat ulang"), icon=ft.Icons.REFRESH, height=44, on_click=load,
        )),
    ])
    body: list[ft.Control] = [heading]
    if enrolment is not None:
        body.append(NewKioskKey(enrolment, lambda: set_enrolment(None)))
    body.append(EnrolForm(
        facility=facility_name(facilities, facility_id) if facility_id else None, name=name,
        error=name_error, busy=busy, on_name=set_name, on_enrol=enrol,
    ))
    if notice:
        body.append(message_line(notice, identifier="kiosks-notice"))
    if problem:
        body += [message_line(problem, identifier="kiosks-error", error=True), ft.Row([RetryButton(load)])]
    elif devices is None:
        body.append(ft.ProgressRing())
    elif not devices:
        body.append(ft.Semantics(identifier="kiosks-empty", content=ft.Text(_("Belum ada kiosk terdaftar."))))
    else:
        body.append(KioskTable(
            devices, facilities, show_facility=facility_id is None, editing=editing, new_name=new_name,
            rename_error=rename_error, confirming=confirming, busy=busy,
            on_new_name=set_new_name, on_start_rename=start_rename, on_rename=rename,
            on_cancel=cancel, on_ask_revoke=ask_revoke, on_revoke=revoke,
        ))
    return ft.Semantics(identifier="admin-kiosks", content=ft.Column(
        body, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    ))


@ft.component
def EnrolForm(
    *, facility: str | None, name: str, error: str, busy: bool, on_name: Callable[[str], None],
    on_enrol: Callable[[], object],
) -> ft.Control:
    _ = use_t().gettext
    if facility is None:
        return ft.Semantics(identifier="kiosk-enrol-pick", content=ft.Text(
            _("Pilih satu faskes untuk mendaftarkan kiosk baru.")))
    return ft.Row(wrap=True, spacing=12, vertical_alignment=ft.CrossAxisAlignment.START, controls=[
        ft.Semantics(identifier="kiosk-enrol-name", content=ft.TextField(
            label=_("Nama kiosk baru"), hint_text=_("mis. Kiosk lobi"), value=name, width=320,
            max_length=60, error=error or None, error_max_lines=3,  # "Sudah ada kiosk aktif bernama …" whole
            on_change=lambda e: on_name(e.control.value or ""),
            on_submit=on_enrol,
        )),
        ft.Semantics(identifier="kiosk-enrol", content=ft.FilledButton(
            _("Daftarkan kiosk di {facility}").format(facility=facility), icon=ft.Icons.ADD,
            disabled=busy or not name.strip(), on_click=on_enrol,  # no fixed height: wraps on a phone
        )),
    ])


@ft.component
def NewKioskKey(enrolment: KioskEnrolment, on_done: Callable[[], None]) -> ft.Control:
    """The key of a kiosk just enrolled: here once, and never again."""
    _ = use_t().gettext
    room = (ft.context.page.width or 1280) - 80  # the card's padding and the face's: a phone has 280
    return ft.Semantics(identifier="kiosk-new-key", content=ft.Card(content=ft.Container(
        padding=16, content=ft.Row(wrap=True, spacing=24, vertical_alignment=ft.CrossAxisAlignment.START,
                                   controls=[
            QrCode(enrolment.setup_text, label=_("Kode QR berkas kunci kiosk"), size=200,
                   identifier="kiosk-key-qr", secret=True),
            ft.Column(width=min(620, room), spacing=8, controls=[
                ft.Text(_("Kunci kiosk “{name}”").format(name=enrolment.device.name),
                        theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD),
                ft.Text(_("Kunci ini hanya ditampilkan sekali. Simpan sekarang di PC kiosk."),
                        color=ft.Colors.ERROR, weight=ft.FontWeight.BOLD),
                ft.Text(_("Buka berkas kunci kiosk (/etc/lsr-kiosk.key) di PC kiosk, lalu pindai "
                          "kode QR ini dengan pemindai kiosk: isinya diketik ke berkas itu. Atau "
                          "salin kunci di bawah ini sebagai LSR_KIOSK_KEY.")),
                # Labelled: a selectable text alone reads as an empty field to a screen reader.
                ft.Semantics(identifier="kiosk-new-key-text", label=enrolment.key, content=ft.Text(
                    enrolment.key, selectable=True, font_family=MONO_FONT,
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM)),
                ft.Semantics(identifier="kiosk-new-key-done", content=ft.FilledTonalButton(
                    _("Sudah disimpan, sembunyikan kunci"), icon=ft.Icons.CHECK,
                    on_click=on_done)),  # no fixed height: two lines on a phone
            ]),
        ]),
    )))


@ft.component
def KioskTable(
    devices: list[KioskDevice], facilities: list, *, show_facility: bool,  # type: ignore[type-arg]
    editing: int | None, new_name: str, rename_error: str, confirming: int | None, busy: bool,
    on_new_name: Callable[[str], None], on_start_rename: Callable[[KioskDevice], None],
    on_rename: Callable[[KioskDevice], object], on_cancel: Callable[[], object],
    on_ask_revoke: Callable[[KioskDevice], object], on_revoke: Callable[[KioskDevice], object],
) -> ft.Control:
    t = use_t()
    _ = t.gettext

    def with_device(
        act: Callable[[KioskDevice], object], device: KioskDevice
    ) -> Callable[[], Awaitable[None]]:
        async def run() -> None:  # an async handler: flet awaits it
            outcome = act(device)
            if inspect.isawaitable(outcome):
                await outcome
        return run

    headers = [_("Nama"), *([_("Faskes")] if show_facility else []), _("Status"), _("Didaftarkan"),
               _("Terakhir terlihat"), _("Printer"), ""]

    def actions(device: KioskDevice) -> ft.Control:
        if not device.active:
            return ft.Text("")
        if editing == device.device_id:
            return ft.Row(spacing=8, controls=[
                ft.Semantics(identifier=f"kiosk-rename-save-{device.device_id}", content=ft.FilledButton(
                    _("Simpan"), height=40, disabled=busy, on_click=with_device(on_rename, device))),
                ft.TextButton(_("Batal"), on_click=on_cancel),
            ])
        if confirming == device.device_id:
            return ft.Row(spacing=8, controls=[
                ft.Semantics(identifier=f"kiosk-revoke-confirm-{device.device_id}", content=ft.FilledButton(
                    _("Ya, cabut"), height=40, disabled=busy, bgcolor=ft.Colors.ERROR,
                    color=ft.Colors.ON_ERROR, on_click=with_device(on_revoke, device))),
                ft.TextButton(_("Batal"), on_click=on_cancel),
            ])
        return ft.Row(spacing=8, controls=[
            ft.Semantics(identifier=f"kiosk-rename-{device.device_id}", content=ft.OutlinedButton(
                _("Ganti nama"), icon=ft.Icons.EDIT, height=40, on_click=lambda: on_start_rename(device))),
            ft.Semantics(identifier=f"kiosk-revoke-{device.device_id}", content=ft.OutlinedButton(
                _("Cabut kunci"), icon=ft.Icons.BLOCK, height=40, on_click=lambda: on_ask_revoke(device))),
        ])

    def name_cell(device: KioskDevice) -> ft.Control:
        if editing == device.device_id:
            return ft.Semantics(identifier=f"kiosk-rename-name-{device.device_id}", content=ft.TextField(
                label=_("Nama kiosk"), value=new_name, dense=True, width=240, max_length=60,
                error=rename_error or None, error_max_lines=3,
                on_change=lambda e: on_new_name(e.control.value or ""),
                on_submit=with_device(on_rename, device),
            ))
        return ft.Text(device.name, weight=ft.FontWeight.BOLD)

    def row(device: KioskDevice) -> ft.DataRow:
        trouble = device.printer in (PrinterState.paper_out, PrinterState.offline)
        cells: list[ft.Control] = [name_cell(device)]
        if show_facility:
            cells.append(ft.Text(facility_name(facilities, device.facility_id)))
        cells += [
            ft.Text(_("Aktif") if device.active else _("Dicabut"),
                    color=None if device.active else ft.Colors.ERROR),
            ft.Text(moment_words(t, device.enrolled_at, _("Tidak tercatat"))),
            ft.Text(moment_words(t, device.last_seen_at, _("Belum pernah"))),
            ft.Text(printer_words(t, device.printer), color=ft.Colors.ERROR if trouble else None,
                    weight=ft.FontWeight.BOLD if trouble else None,
                    tooltip=moment_words(t, device.printer_reported_at, "") or None),
            actions(device),
        ]
        return ft.DataRow(cells=[ft.DataCell(cell) for cell in cells])

    return ft.Semantics(identifier="kiosk-list", content=ft.Row(scroll=ft.ScrollMode.AUTO, controls=[
        ft.DataTable(
            columns=[ft.DataColumn(label=ft.Text(h, weight=ft.FontWeight.BOLD)) for h in headers],
            rows=[row(d) for d in devices], column_spacing=20,
            data_row_min_height=88 if editing is not None else 56,
            data_row_max_height=88 if editing is not None else 56,
        ),
    ]))
