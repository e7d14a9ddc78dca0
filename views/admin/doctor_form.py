"""The forms of the doctors section: a doctor (name, SIP, service, one session per
weekday) and an absence (one of the doctor's coming practice days, and why). Plain
data in, one `on_save` out; the section sends it and shows the service's answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

import flet as ft

from api_client.models import Doctor, DoctorIn, DoctorWeekSession, Service
from components.facility_hours import span_text, weekday_name
from session.context import use_t
from session.i18n import Translator

WEEK = range(7)
ABSENCE_WEEKS = 8  # how far ahead the absence form offers the doctor's days


@dataclass(frozen=True)
class DoctorDraft:
    """What the form holds: `hours[weekday]` = (starts, ends) as typed, "" for none."""

    name: str = ""
    sip: str = ""
    service_id: int | None = None
    hours: dict[int, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, doctor: Doctor) -> DoctorDraft:
        return cls(doctor.name, doctor.sip or "", doctor.service_id,
                   {s.weekday: (s.starts, s.ends) for s in doctor.sessions})

    def wire(self) -> DoctorIn:
        """Raises pydantic's ValidationError for what the service would refuse anyway."""
        sessions = [DoctorWeekSession(weekday=d, starts=s.strip(), ends=e.strip())
                    for d, (s, e) in sorted(self.hours.items()) if s.strip() or e.strip()]
        return DoctorIn(name=self.name.strip(), sip=self.sip.strip() or None,
                        service_id=self.service_id or 0, sessions=sessions)


def practice_days(doctor: Doctor, today: dt.date, weeks: int = ABSENCE_WEEKS) -> list[dt.date]:
    """The doctor's coming days with a session, from today on."""
    weekdays = {s.weekday for s in doctor.sessions}
    return [d for d in (today + dt.timedelta(days=n) for n in range(weeks * 7)) if d.weekday() in weekdays]


def sessions_text(t: Translator, doctor: Doctor) -> str:
    if not doctor.sessions:
        return t.gettext("Belum ada jadwal praktik")
    return ", ".join(f"{weekday_name(t, s.weekday)} {span_text(t, s.starts, s.ends)}"
                     for s in doctor.sessions)


@ft.component
def DoctorForm(
    draft0: DoctorDraft, services: list[Service], errors: dict[str, str], saving: bool,
    on_save: Callable[[DoctorDraft], Awaitable[None]], on_cancel: Callable[[], None], new: bool,
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    draft, set_draft = ft.use_state(draft0)

    async def save_clicked() -> None:
        await on_save(draft)

    def set_hours(weekday: int, which: int, value: str) -> None:
        starts, ends = draft.hours.get(weekday, ("", ""))
        pair = (value, ends) if which == 0 else (starts, value)
        set_draft(replace(draft, hours={**draft.hours, weekday: pair}))

    def hour_field(weekday: int, which: int) -> ft.Control:
        value = draft.hours.get(weekday, ("", ""))[which]
        key = f"sessions.{weekday}.{'starts' if which == 0 else 'ends'}"
        return ft.Semantics(identifier=f"doctor-{key}", content=ft.TextField(
            label=_("Mulai") if which == 0 else _("Selesai"), hint_text="07:30", value=value, width=110,
            dense=True, error=errors.get(f"weekday.{weekday}"),
            on_change=lambda e: set_hours(weekday, which, e.control.value),
        ))

    rows: list[ft.Control] = [
        ft.Row([ft.Text(weekday_name(t, d), width=90), hour_field(d, 0), hour_field(d, 1)],
               spacing=8, wrap=True)
        for d in WEEK
    ]
    return ft.Semantics(identifier="doctor-form", content=ft.Container(
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12, padding=16,
        content=ft.Column(spacing=12, controls=[
            ft.Text(_("Tambah dokter") if new else _("Ubah data dokter"),
                    theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD),
            ft.TextField(label=_("Nama dokter"), value=draft.name, error=errors.get("name"),
                         on_change=lambda e: set_draft(replace(draft, name=e.control.value))),
            ft.TextField(label=_("Nomor SIP (boleh kosong)"), value=draft.sip, error=errors.get("sip"),
                         on_change=lambda e: set_draft(replace(draft, sip=e.control.value))),
            ft.Dropdown(
                label=_("Layanan"), value=str(draft.service_id) if draft.service_id else None,
                error_text=errors.get("service_id"),
                options=[ft.DropdownOption(key=str(s.id), text=s.name) for s in services],
                on_select=lambda e: set_draft(replace(draft, service_id=int(e.control.value))),
            ),
            ft.Text(_("Jadwal praktik mingguan (kosongkan hari tanpa praktik)"),
                    theme_style=ft.TextThemeStyle.TITLE_SMALL),
            *rows,
            *([ft.Text(errors["sessions"], color=ft.Colors.ERROR)] if "sessions" in errors else []),
            ft.Row(spacing=12, wrap=True, controls=[
                ft.Semantics(identifier="doctor-save", content=ft.FilledButton(
                    _("Simpan"), icon=ft.Icons.SAVE, disabled=saving,
                    on_click=save_clicked,
                )),
                ft.TextButton(_("Batal"), on_click=on_cancel),
            ]),
        ]),
    ))


@ft.component
def AbsenceForm(
    doctor: Doctor, today: dt.date, error: str, saving: bool,
    on_save: Callable[[dt.date, str], Awaitable[None]], on_cancel: Callable[[], None],
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    days = practice_days(doctor, today)
    day, set_day = ft.use_state(days[0] if days else None)
    reason, set_reason = ft.use_state("")
    width = ft.context.page.width or 1280
    date_format = "full" if width >= 600 else "EEE, d MMM y"  # a phone: "Jum, 4 Des 2026" whole

    async def save_clicked() -> None:
        if day is not None:
            await on_save(day, reason)
    return ft.Semantics(identifier="absence-form", content=ft.Container(
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12, padding=16,
        content=ft.Column(spacing=12, controls=[
            ft.Text(_("{doctor} tidak praktik").format(doctor=doctor.name),
                    theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD),
            ft.Text(_("Bila tidak ada dokter lain yang praktik di layanan ini pada hari itu, layanan "
                      "ditutup hari itu dan booking yang ada dibatalkan dengan alasan ini. Bila ada, "
                      "booking tetap berlaku dan pasien melihat pemberitahuan di tiketnya.")),
            ft.Semantics(identifier="absence-day", label=_("Tanggal"), content=ft.Dropdown(
                label=_("Tanggal"), value=day.isoformat() if day else None, width=min(340, width - 80),
                options=[ft.DropdownOption(key=d.isoformat(), text=t.format_date(d, date_format))
                         for d in days],
                on_select=lambda e: set_day(dt.date.fromisoformat(e.control.value)),
            )),
            ft.Semantics(identifier="absence-reason", content=ft.TextField(
                label=_("Alasan (dibaca pasien)"), hint_text=_("Cuti tahunan"), value=reason,
                on_change=lambda e: set_reason(e.control.value))),
            *([ft.Semantics(identifier="absence-error", content=ft.Text(error, color=ft.Colors.ERROR))]
              if error else []),
            ft.Row(spacing=12, wrap=True, controls=[
                ft.Semantics(identifier="absence-save", content=ft.FilledButton(
                    _("Catat tidak praktik"), icon=ft.Icons.EVENT_BUSY,
                    disabled=saving or day is None,
                    on_click=save_clicked,
                )),
                ft.TextButton(_("Batal"), on_click=on_cancel),
            ]),
        ]),
    ))
