"""Check-in at the desk: one field for a scanned or typed booking code, the last digits
of a NIK or phone, or a name with its birth date; the bookings found; the one to
confirm, with what the clerk checks (masked NIK, payer, service, number, how long ago
it was booked, the NIK-with-another-phone flag); and "Konfirmasi kedatangan"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import flet as ft

from api_client.models import Channel, Payer, StaffBooking
from session import rembang_clock
from session.context import use_t
from session.i18n import Translator, error_message
from views.staff.checkin_model import CheckinNotice, DeskCheckin
from views.staff.current import key_cap
from views.staff.nik_flag import NikFlag, nik_flagged

WIB = dt.timezone(dt.timedelta(hours=7))


def payer_label(t: Translator, payer: Payer | None) -> str:
    _ = t.gettext
    if payer is Payer.jkn:
        return _("JKN")
    if payer is Payer.non_jkn:
        return _("Bayar sendiri")
    return _("Tanpa pendaftaran online")


def booked_ago(t: Translator, created_at: dt.datetime, now: dt.datetime) -> str:
    """"Dipesan hari ini pukul 07.12", "Dipesan kemarin", "Dipesan 2 hari lalu"."""
    days = (now.astimezone(WIB).date() - created_at.astimezone(WIB).date()).days
    if days <= 0:
        at = t.format_time(created_at.astimezone(WIB))
        return t.gettext("Dipesan hari ini pukul {time}").format(time=at)
    if days == 1:
        return t.gettext("Dipesan kemarin")
    return t.ngettext("Dipesan {n} hari lalu", "Dipesan {n} hari lalu", days).format(n=days)


def checkin_sentence(t: Translator, notice: CheckinNotice) -> str:
    _ = t.gettext
    p = notice.params
    match notice.kind:
        case "checked_in":
            return _("{number} ({service}) sudah check-in dan menunggu dipanggil.").format(**p)
        case "none_found":
            return _("Tidak ada pendaftaran hari ini di sini yang cocok dan belum check-in.")
        case "need_birth_date":
            return error_message(t, "booking_search_incomplete")
        case "need_name":
            return _("Tulis juga nama pasien sebelum tanggal lahirnya.")
        case "bad_date":
            return _("Tanggal lahir tidak benar. Contoh: 15-06-1990.")
        case "empty":
            return _("Scan kode QR, atau ketik kode booking, 4 angka terakhir NIK/HP, atau nama dan "
                     "tanggal lahir.")
        case "error" if p.get("code") == "already_checked_in":
            return _("Pasien ini sudah check-in dan tinggal menunggu dipanggil.")
        case "error":
            return error_message(t, str(p.get("code", "")))
    return ""


@ft.component
def CheckinPanel(
    checkin: DeskCheckin,
    on_focus: Callable[[bool], Any],
    field_ref: Any,
) -> ft.Control:
    """`on_focus(True/False)` tells the desk's keys when the field has the keyboard;
    `field_ref.current` is the field, for the key F to focus it."""
    t = use_t()
    _ = t.gettext

    async def submit(e: ft.Event[ft.TextField]) -> None:
        await checkin.submit(e.control.value or "")

    field = ft.TextField(
        key=f"desk-checkin-{checkin.attempt}",
        label=_("Scan atau ketik kode booking / cari pasien"),
        helper=_("Kode booking, 4 angka terakhir NIK/HP atau nomornya lengkap, atau nama dan tanggal lahir "
                 "(Siti Aminah 15-06-1990). Enter untuk mencari."),
        helper_max_lines=3,
        prefix_icon=ft.Icons.QR_CODE_SCANNER,
        text_size=20,
        value=checkin.typed,
        on_change=lambda e: checkin.hear(e.control.value or ""),
        on_submit=submit,
        on_focus=lambda: on_focus(True),
        on_blur=lambda: on_focus(False),
        read_only=checkin.busy is not None,
    )
    field_ref.current = field
    rows: list[ft.Control] = [
        ft.Row([ft.Icon(ft.Icons.HOW_TO_REG), ft.Text(_("Check-in pasien"), expand=True,
                theme_style=ft.TextThemeStyle.TITLE_MEDIUM), key_cap("F")], spacing=8),
        ft.Semantics(identifier="desk-checkin-field", content=field),
    ]
    if checkin.busy in ("search", "preview"):
        rows.append(ft.ProgressBar())
    if checkin.found:
        rows.append(FoundList(checkin))
    if checkin.preview is not None:
        rows.append(PreviewCard(checkin, checkin.preview))
    if checkin.notice is not None:
        error = checkin.notice.kind not in ("checked_in",)
        sentence = checkin_sentence(t, checkin.notice)
        rows.append(ft.Semantics(identifier="desk-checkin-notice", live_region=True, key=sentence,
                                 content=ft.Container(
            padding=12, border_radius=8,
            bgcolor=ft.Colors.ERROR_CONTAINER if error else ft.Colors.SECONDARY_CONTAINER,
            content=ft.Text(sentence, color=ft.Colors.ON_ERROR_CONTAINER if error
                            else ft.Colors.ON_SECONDARY_CONTAINER),
        )))
    return ft.Container(
        padding=16, border_radius=12, border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        content=ft.Column(rows, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
    )


@ft.component
def FoundList(checkin: DeskCheckin) -> ft.Control:
    t = use_t()
    _ = t.gettext

    def row(booking: StaffBooking) -> ft.Control:
        ticket = booking.ticket
        words = " · ".join(filter(None, (
            ticket.display_number, ticket.service_name, booking.patient_name_masked, booking.nik_masked)))

        def choose() -> None:
            checkin.pick(booking)

        return ft.Semantics(identifier=f"desk-found-{ticket.display_number}", content=ft.OutlinedButton(
            content=ft.Text(words, size=16), on_click=choose, disabled=checkin.busy is not None,
        ))

    return ft.Semantics(identifier="desk-found", content=ft.Column([
        ft.Text(t.ngettext("{n} pendaftaran hari ini cocok. Pilih satu.",
                           "{n} pendaftaran hari ini cocok. Pilih satu.", len(checkin.found))
                .format(n=len(checkin.found))),
        *(row(b) for b in checkin.found),
    ], spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))


@ft.component
def PreviewCard(checkin: DeskCheckin, booking: StaffBooking) -> ft.Control:
    t = use_t()
    _ = t.gettext
    ticket = booking.ticket
    facts = [
        (_("Layanan"), ticket.service_name),
        (_("Nama"), booking.patient_name_masked or "–"),
        (_("NIK"), booking.nik_masked or _("Tanpa NIK")),
        (_("Pembayaran"), payer_label(t, booking.payer)),
        (_("Pendaftaran"), booked_ago(t, booking.created_at, rembang_clock.now())),
        # BPJS sends no name with a Mobile JKN booking: say where it came from.
        *([(_("Jalur"), _("Mobile JKN"))] if booking.channel is Channel.mobile_jkn else []),
    ]
    confirming = checkin.busy == "confirm"
    return ft.Semantics(identifier="desk-preview", content=ft.Container(
        padding=16, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        content=ft.Column([
            ft.Semantics(identifier="desk-preview-number", content=ft.Text(
                ticket.display_number, size=40, weight=ft.FontWeight.BOLD, color=ft.Colors.PRIMARY)),
            *(ft.Row([ft.Text(label, width=110, color=ft.Colors.ON_SURFACE_VARIANT),
                      ft.Text(value, weight=ft.FontWeight.W_600, expand=True)]) for label, value in facts),
            *([NikFlag("desk-preview-nik-other-phone", at_counter=True)] if nik_flagged(ticket) else []),
            ft.Row(wrap=True, spacing=12, controls=[
                ft.Semantics(identifier="desk-confirm", content=ft.FilledButton(
                    height=56, disabled=checkin.busy is not None, on_click=checkin.confirm,
                    content=ft.Row(tight=True, spacing=8, controls=[
                        ft.ProgressRing(width=18, height=18, stroke_width=2) if confirming
                        else ft.Icon(ft.Icons.HOW_TO_REG),
                        ft.Text(_("Konfirmasi kedatangan"), size=16, weight=ft.FontWeight.W_600),
                        key_cap("Enter"),
                    ]),
                )),
                ft.Semantics(identifier="desk-preview-cancel", content=ft.OutlinedButton(
                    height=56, disabled=confirming, on_click=checkin.cancel,
                    content=ft.Row(tight=True, spacing=8, controls=[
                        ft.Text(_("Batal"), size=16), key_cap("Esc")]),
                )),
            ]),
        ], spacing=6),
    ))
