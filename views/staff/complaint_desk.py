"""Pengaduan in the staff console: the facility's complaints (Dinkes: every facility),
open ones first and the oldest on top; open one to read it, reply, move it on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from api_client import ApiClient, ApiError, Unauthorized
from api_client.models import ComplaintForStaff, StaffMe
from components.complaint_details import ComplaintSummary
from components.complaint_history import ComplaintHistory
from components.complaint_words import ComplaintStatusChip, category_words
from components.facility_states import RetryButton
from session.context import use_t
from session.i18n import error_message
from session.typed import keyed
from views.staff.complaint_reply import ComplaintReplyBox


@ft.component
def ComplaintDesk(
    client: ApiClient, staff: StaffMe, on_signed_out: Callable[[], Awaitable[None]]
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    complaints, set_complaints = ft.use_state(cast(list[ComplaintForStaff] | None, None))
    chosen, set_chosen = ft.use_state(cast(int | None, None))  # complaint id
    problem, set_problem = ft.use_state("")

    async def load() -> None:
        try:
            set_complaints(await client.complaints.list())
            set_problem("")
        except Unauthorized:
            await on_signed_out()
        except ApiError as err:
            set_problem(error_message(t, err.code))

    async def changed(fresh: ComplaintForStaff) -> None:
        set_complaints([fresh if c.id == fresh.id else c for c in complaints or []])

    ft.use_effect(load, [])
    rows = complaints or []
    current = next((c for c in rows if c.id == chosen), None)
    heading = ft.Row(spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER, controls=[
        ft.Text(_("Pengaduan"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD,
                expand=True),
        ft.Semantics(identifier="complaints-reload", content=ft.OutlinedButton(
            _("Muat ulang"), icon=ft.Icons.REFRESH, on_click=load,
        )),
    ])
    listing: list[ft.Control] = []
    if problem:
        listing.append(ft.Semantics(identifier="complaints-error",
                                    content=ft.Text(problem, color=ft.Colors.ERROR)))
        listing.append(ft.Row([RetryButton(load)]))
    elif complaints is None:
        listing.append(ft.ProgressRing())
    elif not rows:
        listing.append(ft.Text(_("Belum ada pengaduan.")))

    def opener(complaint_id: int) -> Callable[[], None]:
        return lambda: set_chosen(complaint_id)

    listing += [
        ComplaintRow(c, c.id == chosen, opener(c.id), show_facility=staff.facility_id is None)
        for c in rows
    ]
    detail: list[ft.Control] = []
    if current is not None:
        detail += [
            ComplaintSummary(current),
            ContactLine(current),
            ft.Text(_("Tanggapan"), theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD),
            ComplaintHistory(current),
            keyed(f"reply-{current.id}", ComplaintReplyBox)(client, current, changed, on_signed_out),
        ]
    else:
        detail.append(ft.Text(_("Pilih pengaduan untuk membaca dan membalasnya.")))
    return ft.Column(spacing=16, controls=[
        heading,
        ft.ResponsiveRow(spacing=16, run_spacing=16, controls=[
            ft.Semantics(identifier="complaint-list", col={"xs": 12, "lg": 5}, content=ft.Column(
                listing, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            )),  # `col` on the row's own child: on the column inside, the list took the full width
            ft.Column(detail, col={"xs": 12, "lg": 7}, spacing=12,
                      horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        ]),
    ])


@ft.component
def ComplaintRow(
    complaint: ComplaintForStaff, selected: bool, on_open: Callable[[], None], *, show_facility: bool,
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    lines: list[ft.Control] = [ft.Text(t.format_date(complaint.created_at, "medium"))]
    if show_facility:
        lines.insert(0, ft.Text(complaint.facility_name))
    if complaint.overdue:
        lines.append(ft.Text(_("Lewat batas 5 hari kerja"), color=ft.Colors.ERROR,
                             weight=ft.FontWeight.BOLD))
    lines.append(ComplaintStatusChip(complaint.status, identifier=f"complaint-row-status-{complaint.id}"))
    return ft.Semantics(identifier=f"complaint-row-{complaint.id}", selected=selected, content=ft.Card(
        content=ft.ListTile(
            title=ft.Text(category_words(t, complaint.category), weight=ft.FontWeight.BOLD),
            subtitle=ft.Column(lines, spacing=4, tight=True),
            selected=selected, trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT), on_click=on_open,
        ),
    ))


@ft.component
def ContactLine(complaint: ComplaintForStaff) -> ft.Control:
    """The contact the person agreed to leave, masked: enough to recognise a caller."""
    _ = use_t().gettext
    masked = [v for v in (complaint.contact_name_masked, complaint.contact_phone_masked) if v]
    text = (_("Kontak (disamarkan): {contact}").format(contact=", ".join(masked)) if masked
            else _("Pelapor tidak meninggalkan kontak."))
    return ft.Semantics(identifier="complaint-contact", content=ft.Text(text))


