"""BPJS in the admin face (`manage_bpjs`: a facility's admin, or Dinkes for any): the
Mobile JKN bridge of one facility. Whether the server holds its BPJS credentials (yes
or no, and which Antrean; never the credentials), the bridge's switch with why it
cannot be turned on yet, and two tables: each poli service with its BPJS poli code,
each doctor with their BPJS doctor code, saved row by row.

`BpjsSection(client, me, expired)`, as every section of the admin face
(views/admin/sections.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

import flet as ft

from api_client import ApiClient
from api_client.models import BpjsPage, BpjsVariant, StaffMe
from components.facility_states import RetryButton
from session.context import use_t
from session.i18n import N_, Translator, error_message
from session.typed import keyed, use_state_from
from views.admin.bpjs_model import BpjsDesk, doctor_row, service_row
from views.admin.bpjs_outbox import OutboxPanel
from views.admin.kiosks import moment_words

VARIANTS = {BpjsVariant.fktp: N_("Antrean FKTP (puskesmas)"), BpjsVariant.rs: N_("Antrean RS (rumah sakit)")}


@ft.component
def BpjsSection(client: ApiClient, me: StaffMe, expired: Callable[[], Awaitable[None]]) -> ft.Control:
    t = use_t()
    _ = t.gettext
    desk = use_state_from(lambda: BpjsDesk(client, facility_id=me.facility_id, expired=expired))[0]
    ft.use_effect(desk.load, [])

    async def choose(e: ft.Event[ft.Dropdown]) -> None:
        if e.control.value:
            await desk.choose_facility(e.control.value)

    controls: list[ft.Control] = [ft.Text(_("Jembatan BPJS (Mobile JKN)"), weight=ft.FontWeight.BOLD,
                                          theme_style=ft.TextThemeStyle.HEADLINE_SMALL)]
    if desk.own_facility is None:
        controls.append(ft.Semantics(identifier="bpjs-facility", label=_("Faskes"), content=ft.Dropdown(
            label=_("Faskes"), value=desk.facility_id, width=320, on_select=choose,
            options=[ft.DropdownOption(key=f.id, text=f.name) for f in desk.facilities],
        )))
    if desk.problem is not None:
        controls.append(ft.Semantics(identifier="bpjs-error", content=ft.Text(
            error_message(t, *desk.problem), color=ft.Colors.ERROR)))
        if desk.page is None:
            controls.append(ft.Row([RetryButton(desk.load)]))
    if desk.facility_id is None:
        controls.append(ft.Text(_("Pilih faskes untuk melihat jembatan BPJS-nya.")))
    elif desk.page is None:
        if desk.problem is None:
            controls.append(ft.ProgressRing())
    else:
        controls.append(bridge_panel(t, desk, desk.page))
        if desk.page.credentials:
            # Keyed: an error line above comes and goes; moved, the panel would load again.
            controls.append(keyed(f"outbox-{desk.page.facility_id}", OutboxPanel)(
                client, desk.page.facility_id, expired))
        controls += [codes_note(t), services_panel(t, desk, desk.page), doctors_panel(t, desk, desk.page)]
    return ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def bridge_panel(t: Translator, desk: BpjsDesk, page: BpjsPage) -> ft.Control:
    _ = t.gettext
    if page.credentials and page.variant is not None:
        credentials = _("Kredensial BPJS: terpasang di server, {variant}.").format(
            variant=_(VARIANTS[page.variant]))
    else:
        credentials = _("Kredensial BPJS: belum dipasang di server.")
    bridge = page.bridge
    if bridge.changed_at is None:
        state = _("Jembatan mati: pesanan Mobile JKN belum masuk ke antrean faskes ini.")
    elif bridge.enabled:
        state = _("Menyala sejak {when}, oleh {who}.").format(when=moment_words(t, bridge.changed_at, ""),
                                                                who=bridge.changed_by)
    else:
        state = _("Dimatikan {when}, oleh {who}.").format(when=moment_words(t, bridge.changed_at, ""),
                                                          who=bridge.changed_by)

    async def switched(e: ft.Event[ft.Switch]) -> None:
        await desk.switch(bool(e.control.value))

    lines: list[ft.Control] = [
        ft.Semantics(identifier="bpjs-switch", content=ft.Switch(
            label=_("Jembatan BPJS menyala"), value=bridge.enabled, on_change=switched,
            disabled=desk.busy is not None or (not bridge.enabled and bool(page.blocked_by)))),
        ft.Semantics(identifier="bpjs-bridge-state", content=ft.Text(state)),
        ft.Semantics(identifier="bpjs-credentials", content=ft.Text(credentials)),
    ]
    if page.blocked_by and not bridge.enabled:
        lines.append(ft.Semantics(identifier="bpjs-blocked", content=ft.Column(spacing=4, controls=[
            ft.Text(_("Belum bisa dinyalakan:"), weight=ft.FontWeight.BOLD),
            *[ft.Text(f"• {error_message(t, code)}", color=ft.Colors.ERROR) for code in page.blocked_by],
        ])))
    return ft.Card(content=ft.Container(padding=16, content=ft.Column(lines, spacing=8)))


def codes_note(t: Translator) -> ft.Control:
    _ = t.gettext
    return ft.Semantics(identifier="bpjs-note", content=ft.Text(_(
        "Kode poli dan kode dokter diberikan BPJS Kesehatan dan tercatat di HFIS; daftar kodenya juga ada "
        "di referensi poli dan dokter Antrean BPJS. Pasien Mobile JKN hanya bisa memesan layanan yang punya "
        "kode poli. Kosongkan kode lalu simpan untuk menghapusnya."
    ), theme_style=ft.TextThemeStyle.BODY_MEDIUM))


def services_panel(t: Translator, desk: BpjsDesk, page: BpjsPage) -> ft.Control:
    _ = t.gettext
    rows: list[ft.Control] = [ft.Text(_("Layanan dan kode poli BPJS"), weight=ft.FontWeight.BOLD,
                                      theme_style=ft.TextThemeStyle.TITLE_MEDIUM)]
    for s in page.services:
        detail = _("Nonaktif") if s.disabled else (
            _("Kode poli: {code}").format(code=s.kodepoli) if s.kodepoli else _("Belum ada kode poli"))

        rows.append(code_row(t, desk, row=service_row(s.service_id), title=f"{s.prefix} · {s.name}",
                             detail=detail, label=_("Kode poli BPJS"), hint="INT / 001",
                             on_save=partial(desk.save_service, s.service_id),
                             capitalize=True))
    if not page.services:
        rows.append(ft.Text(_("Faskes ini belum punya layanan poli.")))
    return ft.Column(rows, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def doctors_panel(t: Translator, desk: BpjsDesk, page: BpjsPage) -> ft.Control:
    _ = t.gettext
    names = {s.service_id: s.name for s in page.services}
    rows: list[ft.Control] = [ft.Text(_("Dokter dan kode dokter BPJS"), weight=ft.FontWeight.BOLD,
                                      theme_style=ft.TextThemeStyle.TITLE_MEDIUM)]
    for d in page.doctors:
        where = names.get(d.service_id, "")
        code = (_("Kode dokter: {code}").format(code=d.kodedokter) if d.kodedokter
                else _("Belum ada kode dokter"))
        detail = " · ".join(p for p in (where, code if d.active else _("Tidak praktik lagi")) if p)

        rows.append(code_row(t, desk, row=doctor_row(d.doctor_id), title=d.name, detail=detail,
                             label=_("Kode dokter BPJS"), hint="34050", numeric=True,
                             on_save=partial(desk.save_doctor, d.doctor_id),
                             editable=d.active or d.kodedokter is not None))
    if not page.doctors:
        rows.append(ft.Text(_("Faskes ini belum punya dokter. Tambahkan di bagian Dokter.")))
    return ft.Column(rows, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def code_row(
    t: Translator, desk: BpjsDesk, *, row: str, title: str, detail: str, label: str, hint: str,
    on_save: Callable[[], Awaitable[None]], capitalize: bool = False, numeric: bool = False,
    editable: bool = True,
) -> ft.Control:
    """One service or doctor: its name, its code now, a field and "Simpan"; the row's
    refusal, or "Disimpan", under them."""
    _ = t.gettext
    ident = row.replace(":", "-")
    problem = desk.row_errors.get(row)

    async def submitted(_e: ft.Event[ft.TextField]) -> None:
        await on_save()

    lines: list[ft.Control] = [
        ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.BOLD),
        ft.Text(detail, theme_style=ft.TextThemeStyle.BODY_SMALL),
    ]
    if editable:
        lines.append(ft.Row(wrap=True, spacing=8, run_spacing=8,
                            vertical_alignment=ft.CrossAxisAlignment.CENTER, controls=[
            ft.Semantics(identifier=f"bpjs-code-{ident}", content=ft.TextField(
                label=label, hint_text=hint, value=desk.drafts.get(row, ""), width=180, dense=True,
                max_length=12, counter="",
                capitalization=ft.TextCapitalization.CHARACTERS if capitalize else None,
                keyboard_type=ft.KeyboardType.NUMBER if numeric else ft.KeyboardType.TEXT,
                error=error_message(t, *problem) if problem else None,
                on_change=lambda e: desk.type_code(row, e.control.value),
                on_submit=submitted,
            )),
            ft.Semantics(identifier=f"bpjs-save-{ident}", content=ft.FilledTonalButton(
                _("Simpan"), icon=ft.Icons.SAVE, disabled=desk.busy is not None,
                on_click=on_save)),
        ]))
    if desk.saved == row:
        lines.append(ft.Semantics(identifier=f"bpjs-saved-{ident}", content=ft.Text(
            _("Disimpan."), color=ft.Colors.PRIMARY, weight=ft.FontWeight.BOLD)))
    return ft.Semantics(identifier=f"bpjs-row-{ident}", content=ft.Card(content=ft.Container(
        padding=12, content=ft.Column(lines, spacing=6))))
