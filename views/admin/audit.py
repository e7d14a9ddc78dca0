"""The audit trail on the admin face: who did what, when, with the state before and
after; filtered by facility (Dinkes), person, action and days, newest first, a page at
a time, and downloaded as CSV with the same filters. An admin reads their own
facility's rows; Dinkes every row."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, cast

import flet as ft

from api_client import ApiClient, ApiError, ApiStatusError, Unauthorized
from api_client.models import AuditEntry, AuditPage, StaffMe
from components.download import open_download
from components.facility_states import RetryButton
from components.message_line import message_line
from components.ticket_advice import device_today
from session.context import use_session, use_t
from session.i18n import Translator, error_message
from views.admin.audit_words import action_label, field_label, role_label, subject_label
from views.admin.facility_filter import FacilityFilter, facility_name, use_facilities

PAGE_SIZE = 25
ALL = "all"


@dataclass(frozen=True)
class AuditFilters:
    facility_id: str | None
    actor: str = ""
    action: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1

    def query(self) -> dict[str, Any]:
        return {"facility_id": self.facility_id, "actor": self.actor.strip() or None,
                "action": self.action, "date_from": self.date_from, "date_to": self.date_to}


def change_words(t: Translator, entry: AuditEntry) -> str:
    """`Nama: Kiosk Senin » Kiosk malam; Aktif: ya » tidak`: ids, numbers, statuses, each
    field by its name where it has one (» rather than an arrow: Roboto has it, so no
    empty box offline)."""
    before, after = entry.before or {}, entry.after or {}
    parts = []
    for key in [*before, *(k for k in after if k not in before)]:
        name = field_label(t, key)
        if key in before and key in after:
            parts.append(f"{name}: {_value(t, before[key])} » {_value(t, after[key])}")
        elif key in after:
            parts.append(f"{name}: {_value(t, after[key])}")
        else:
            parts.append(f"{name}: {_value(t, before[key])} » –")
    return "; ".join(parts)


def _value(t: Translator, value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return t.gettext("ya") if value else t.gettext("tidak")
    return str(value)


@ft.component
def AuditSection(client: ApiClient, me: StaffMe, expired: Callable[[], object]) -> ft.Control:
    session = use_session()
    t = session.t
    _ = t.gettext
    page = ft.context.page
    facilities = use_facilities(client, me)
    filters, set_filters = ft.use_state(AuditFilters(facility_id=me.facility_id))
    actor_draft, set_actor_draft = ft.use_state("")
    result, set_result = ft.use_state(cast(AuditPage | None, None))
    actions, set_actions = ft.use_state(cast(list[str], []))
    problem, set_problem = ft.use_state("")
    downloading, set_downloading = ft.use_state(False)
    attempt, set_attempt = ft.use_state(0)
    launcher = ft.use_memo(lambda: ft.UrlLauncher(), [])

    async def signed_out() -> None:
        outcome = expired()
        if inspect.isawaitable(outcome):
            await outcome

    def problem_of(err: ApiError) -> str:
        if isinstance(err, ApiStatusError) and err.fields:
            return error_message(t, err.fields[0].code, err.fields[0].params)
        return error_message(t, err.code)

    async def load() -> None:
        set_result(None)
        try:
            set_result(await client.audit.page(**filters.query(), page=filters.page, page_size=PAGE_SIZE))
            set_problem("")
        except Unauthorized:
            await signed_out()
        except ApiError as err:
            set_problem(problem_of(err))

    async def load_actions() -> None:
        try:
            set_actions(await client.audit.actions(facility_id=filters.facility_id))
        except Unauthorized:
            await signed_out()
        except ApiError:
            set_actions([])  # the filter then offers "every action" only

    async def download() -> None:
        set_downloading(True)
        try:
            link = await client.audit.download_link(**filters.query())
            api_url = session.deps.settings.api_url
            assert api_url is not None  # main() shows nothing else without one
            await open_download(page, launcher, link, api_url=api_url)
        except Unauthorized:
            await signed_out()
        except ApiError as err:
            set_problem(problem_of(err))
        finally:
            set_downloading(False)

    ft.use_effect(load, [filters, attempt])
    ft.use_effect(load_actions, [filters.facility_id])

    def change(**changes: Any) -> None:
        set_filters(replace(filters, page=1, **changes))

    body: list[ft.Control] = [
        ft.Text(_("Jejak audit"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
        AuditFilterBar(me, facilities, filters, actions, actor_draft, set_actor_draft, change,
                       download, downloading),
    ]
    if problem:
        body += [message_line(problem, identifier="audit-error", error=True),
                 ft.Row([RetryButton(lambda: set_attempt(attempt + 1), identifier="audit-retry")])]
    elif result is None:
        body.append(ft.Row([ft.ProgressRing(), ft.Text(_("Memuat…"))]))
    elif not result.entries:
        body.append(ft.Semantics(identifier="audit-empty", content=ft.Text(
            _("Tidak ada catatan yang cocok dengan saringan ini."))))
    else:
        body += [
            AuditTable(result.entries, facilities, show_facility=filters.facility_id is None),
            AuditPager(result, lambda number: set_filters(replace(filters, page=number))),
        ]
    return ft.Semantics(identifier="admin-audit", content=ft.Column(
        body, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    ))


def _picked(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


@ft.component
def AuditFilterBar(
    me: StaffMe, facilities: list, filters: AuditFilters, actions: list[str],  # type: ignore[type-arg]
    actor_draft: str, on_actor_draft: Callable[[str], None], change: Callable[..., None],
    on_download: Callable[[], Any], downloading: bool,
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    page = ft.context.page

    def pick(which: str) -> None:
        current = filters.date_from if which == "from" else filters.date_to
        today = device_today()

        def chosen(e: ft.Event[ft.DatePicker]) -> None:
            day = _picked(e.control.value)
            if day is not None:
                change(**({"date_from": day} if which == "from" else {"date_to": day}))

        page.show_dialog(ft.DatePicker(
            value=dt.datetime.combine(current or today, dt.time()),
            first_date=dt.datetime(2020, 1, 1), last_date=dt.datetime.combine(today, dt.time()),
            help_text=_("Dari tanggal") if which == "from" else _("Sampai tanggal"), on_change=chosen,
        ))

    def date_button(which: str, label: str, day: dt.date | None) -> ft.Control:
        shown = t.format_date(day, "d MMM yyyy") if day else _("semua")
        return ft.Semantics(identifier=f"audit-{which}", content=ft.OutlinedButton(
            content=f"{label}: {shown}", icon=ft.Icons.CALENDAR_MONTH, height=44,
            on_click=lambda: pick(which),
        ))

    def apply_actor() -> None:
        change(actor=actor_draft)

    def clear() -> None:
        on_actor_draft("")
        change(actor="", action=None, date_from=None, date_to=None)

    action_options = [ft.DropdownOption(key=ALL, text=_("Semua tindakan"))] + [
        ft.DropdownOption(key=a, text=action_label(t, a))
        for a in sorted(actions, key=lambda a: action_label(t, a))]
    controls: list[ft.Control] = [
        FacilityFilter(me, facilities, filters.facility_id, lambda f: change(facility_id=f),
                       identifier="audit-facility"),
        ft.Semantics(identifier="audit-actor", content=ft.TextField(
            label=_("Petugas"), hint_text=_("Nama pengguna"), value=actor_draft, width=240, dense=True,
            on_change=lambda e: on_actor_draft(e.control.value or ""), on_submit=apply_actor,
        )),
        ft.Semantics(identifier="audit-action", label=_("Tindakan"), content=ft.Dropdown(
            label=_("Tindakan"), value=filters.action or ALL, width=260, options=action_options,
            on_select=lambda e: change(action=None if (e.control.value or ALL) == ALL else e.control.value),
        )),
        date_button("from", _("Dari"), filters.date_from),
        date_button("to", _("Sampai"), filters.date_to),
        ft.Semantics(identifier="audit-apply", content=ft.FilledButton(
            _("Terapkan"), icon=ft.Icons.FILTER_ALT, height=44, on_click=apply_actor)),
    ]
    if filters.date_from or filters.date_to or filters.actor or filters.action:
        controls.append(ft.Semantics(identifier="audit-clear", content=ft.TextButton(
            _("Hapus saringan"), on_click=clear)))
    controls.append(ft.Semantics(identifier="audit-download", content=ft.FilledTonalButton(
        content=_("Menyiapkan…") if downloading else _("Unduh CSV"), icon=ft.Icons.DOWNLOAD,
        height=44, disabled=downloading, on_click=on_download,
    )))
    return ft.Row(controls, wrap=True, spacing=8, run_spacing=8,
                  vertical_alignment=ft.CrossAxisAlignment.CENTER)


def _when(t: Translator, moment: dt.datetime) -> str:
    return t.gettext("{date}, {time}").format(date=t.format_date(moment, "medium"),
                                              time=t.format_time(moment))


@ft.component
def AuditTable(entries: list[AuditEntry], facilities: list, *, show_facility: bool) -> ft.Control:  # type: ignore[type-arg]
    t = use_t()
    _ = t.gettext
    headers = [_("Waktu (WIB)"), _("Petugas"), _("Peran"), *([_("Faskes")] if show_facility else []),
               _("Tindakan"), _("Objek"), _("Perubahan")]

    def row(entry: AuditEntry) -> ft.DataRow:
        cells: list[ft.Control] = [
            ft.Text(_when(t, entry.at)), ft.Text(entry.actor, weight=ft.FontWeight.BOLD),
            ft.Text(role_label(t, entry.role)),
        ]
        if show_facility:
            cells.append(ft.Text(facility_name(facilities, entry.facility_id) if entry.facility_id else "–"))
        cells += [ft.Text(action_label(t, entry.action)),
                  ft.Text(subject_label(t, entry.subject)),
                  ft.Container(width=380, content=ft.Text(change_words(t, entry),
                                                          theme_style=ft.TextThemeStyle.BODY_SMALL))]
        return ft.DataRow(cells=[ft.DataCell(cell) for cell in cells])

    return ft.Semantics(identifier="audit-list", content=ft.Row(scroll=ft.ScrollMode.AUTO, controls=[
        ft.DataTable(
            columns=[ft.DataColumn(label=ft.Text(h, weight=ft.FontWeight.BOLD)) for h in headers],
            rows=[row(e) for e in entries], column_spacing=16, data_row_min_height=48,
            data_row_max_height=48,
        ),
    ]))


@ft.component
def AuditPager(result: AuditPage, on_page: Callable[[int], None]) -> ft.Control:
    t = use_t()
    _ = t.gettext
    first = (result.page - 1) * result.page_size + 1
    last = first + len(result.entries) - 1
    pages = max(1, -(-result.total // result.page_size))
    return ft.Row(spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER, controls=[
        ft.Semantics(identifier="audit-page", content=ft.Text(_("Baris {first}–{last} dari {total}").format(
            first=t.format_number(first), last=t.format_number(last), total=t.format_number(result.total)))),
        ft.Semantics(identifier="audit-previous", content=ft.OutlinedButton(
            _("Sebelumnya"), icon=ft.Icons.CHEVRON_LEFT, height=44, disabled=result.page <= 1,
            on_click=lambda: on_page(result.page - 1))),
        ft.Semantics(identifier="audit-next", content=ft.OutlinedButton(
            _("Berikutnya"), icon=ft.Icons.CHEVRON_RIGHT, height=44, disabled=result.page >= pages,
            on_click=lambda: on_page(result.page + 1))),
    ])
