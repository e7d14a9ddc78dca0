"""The facility part of the directory desk: its facts, its opening hours per weekday,
its unconfirmed marks (each with "Tandai dicek") and who confirmed which, when."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.facility_hours import weekday_name
from session.i18n import N_, Translator, error_message
from views.admin.directory_model import DirectoryDesk

FACT_LABELS = {
    "name": N_("Nama"), "address": N_("Alamat"), "phone": N_("Nomor telepon"), "kecamatan": N_("Kecamatan"),
    "lat": N_("Garis lintang"), "lon": N_("Garis bujur"),
}
MARK_LABELS = {
    "name": N_("Nama"), "address": N_("Alamat"), "phone": N_("Nomor telepon"), "kecamatan": N_("Kecamatan"),
    "coordinates": N_("Titik lokasi"), "hours": N_("Jam buka"), "services": N_("Daftar layanan"),
}


def field_error(t: Translator, desk: DirectoryDesk, key: str) -> str | None:
    problem = desk.field_errors.get(key)
    return error_message(t, problem[0], problem[1]) if problem else None


def facility_panel(t: Translator, desk: DirectoryDesk) -> ft.Control:
    _ = t.gettext

    def fact(name: str) -> ft.Control:
        return ft.Semantics(identifier=f"facility-{name}", content=ft.TextField(
            label=_(FACT_LABELS[name]), value=desk.facts.get(name, ""), dense=True,
            error=field_error(t, desk, name), col={"xs": 12, "md": 6},
            on_change=lambda e: desk.set_fact(name, e.control.value),
        ))

    return ft.Card(content=ft.Container(padding=16, content=ft.Column(spacing=12, controls=[
        ft.Text(_("Data faskes"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD),
        ft.ResponsiveRow([fact(n) for n in FACT_LABELS], spacing=12, run_spacing=12),
        ft.Text(_("Jam buka loket"), theme_style=ft.TextThemeStyle.TITLE_SMALL),
        *[hours_row(t, desk, d) for d in range(7)],
        ft.Row([ft.Semantics(identifier="facility-save", content=ft.FilledButton(
            _("Simpan data faskes"), icon=ft.Icons.SAVE, height=44, disabled=desk.busy,
            on_click=desk.save_facility,
        ))]),
    ])))


def hours_row(t: Translator, desk: DirectoryDesk, weekday: int) -> ft.Control:
    _ = t.gettext
    span = desk.hours.get(weekday)
    problem = next((field_error(t, desk, k) for k in desk.field_errors if k.startswith("hours")), None)

    def toggle(e: ft.Event[ft.Checkbox]) -> None:
        desk.set_hours(weekday, ("07:30", "12:00") if e.control.value else None)

    def set_time(which: int, value: str) -> None:
        current = desk.hours.get(weekday) or ("07:30", "12:00")
        desk.set_hours(weekday, (value, current[1]) if which == 0 else (current[0], value))

    controls: list[ft.Control] = [ft.Container(width=140, content=ft.Semantics(
        identifier=f"hours-open-{weekday}", content=ft.Checkbox(
            label=weekday_name(t, weekday), value=span is not None, on_change=toggle)))]
    if span is None:
        controls.append(ft.Text(_("Tutup"), color=ft.Colors.OUTLINE))
    else:
        controls += [
            ft.Semantics(identifier=f"hours-opens-{weekday}", content=ft.TextField(
                label=_("Buka"), value=span[0], width=96, dense=True,
                on_change=lambda e: set_time(0, e.control.value))),
            ft.Semantics(identifier=f"hours-closes-{weekday}", content=ft.TextField(
                label=_("Tutup"), value=span[1], width=96, dense=True,
                on_change=lambda e: set_time(1, e.control.value))),
        ]
    row = ft.Row(controls, spacing=8, vertical_alignment=ft.CrossAxisAlignment.CENTER, wrap=True)
    if problem and weekday == 0:
        return ft.Column([ft.Text(problem, color=ft.Colors.ERROR), row], spacing=4)
    return row


def marks_panel(t: Translator, desk: DirectoryDesk) -> ft.Control:
    """Each unconfirmed mark with its button; then who confirmed which, when."""
    _ = t.gettext
    data = desk.data
    assert data is not None
    lines: list[ft.Control] = [ft.Text(_("Belum dikonfirmasi"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                       weight=ft.FontWeight.BOLD)]
    if not data.facility.unconfirmed:
        lines.append(ft.Text(_("Semua data faskes ini sudah dikonfirmasi.")))
    for mark in data.facility.unconfirmed:
        label = _(MARK_LABELS[mark]) if mark in MARK_LABELS else mark

        lines.append(ft.Row(spacing=8, vertical_alignment=ft.CrossAxisAlignment.CENTER, controls=[
            ft.Icon(ft.Icons.HELP_OUTLINE, color=ft.Colors.TERTIARY),
            ft.Text(label, expand=True),
            ft.Semantics(identifier=f"confirm-{mark}", content=ft.OutlinedButton(
                _("Tandai dicek"), icon=ft.Icons.CHECK, height=40, disabled=desk.busy,
                on_click=_confirmer(desk, mark),
            )),
        ]))
    for done in data.confirmed:
        label = _(MARK_LABELS[done.field]) if done.field in MARK_LABELS else done.field
        lines.append(ft.Semantics(identifier=f"confirmed-{done.field}", content=ft.Row(spacing=8, controls=[
            ft.Icon(ft.Icons.VERIFIED, color=ft.Colors.PRIMARY),
            ft.Text(_("{field}: dikonfirmasi oleh {by} pada {date} pukul {time}").format(
                field=label, by=done.by, date=t.format_datetime(done.at, "d MMMM y"),
                time=t.format_time(done.at)), expand=True),
        ])))
    return ft.Card(content=ft.Container(ft.Column(lines, spacing=8), padding=16))


def _confirmer(desk: DirectoryDesk, mark: str) -> Callable[[], Awaitable[None]]:
    async def confirm() -> None:
        await desk.confirm(mark)

    return confirm
