"""Dokter (the admin face): a facility's doctors, their weekly sessions and their
absences. Add, edit and retire a doctor; mark one absent on one of their coming
practice days (the booked patients are told: `server/doctors/absences.py`); withdraw
an absence. A facility's admin sees their facility; Dinkes picks one.

`DoctorsSection(client, me, expired)`, as every section of the admin face."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Awaitable, Callable
from functools import partial
from typing import cast

import flet as ft
from pydantic import ValidationError

from api_client import ApiClient, ApiError, Unauthorized, ValidationFailed
from api_client.models import Doctor, DoctorAbsence, DoctorAbsenceIn, Facility, FacilityDetail, StaffMe
from components.facility_hours import today_in_rembang
from components.facility_states import RetryButton
from session.context import use_t
from session.i18n import Translator, error_message
from session.typed import keyed
from views.admin.doctor_form import AbsenceForm, DoctorDraft, DoctorForm, sessions_text

Expired = Callable[[], Awaitable[None] | None]


async def _tell_expired(expired: Expired) -> None:
    result = expired()
    if inspect.isawaitable(result):
        await result


def field_errors(t: Translator, draft: DoctorDraft, fields: list[tuple[str, str, dict]]) -> dict[str, str]:  # type: ignore[type-arg]
    """(path, code, params) → messages by the form's field; a session's by its weekday."""
    days = [d for d, (s, e) in sorted(draft.hours.items()) if s.strip() or e.strip()]
    out: dict[str, str] = {}
    for path, code, params in fields:
        parts = path.split(".")
        if parts[0] == "sessions" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(days):
            key = f"weekday.{days[int(parts[1])]}"
        else:
            key = parts[0]
        out.setdefault(key, error_message(t, code, params))
    return out


@ft.component
def DoctorsSection(client: ApiClient, me: StaffMe, expired: Expired) -> ft.Control:
    t = use_t()
    _ = t.gettext
    facilities, set_facilities = ft.use_state(cast(list[Facility], []))
    facility_id, set_facility_id = ft.use_state(me.facility_id)

    async def load_facilities() -> None:
        if me.facility_id is None:
            try:
                set_facilities(await client.facilities.list())
            except ApiError:
                return

    ft.use_effect(load_facilities, [])
    picker: list[ft.Control] = []
    if me.facility_id is None:
        picker.append(ft.Semantics(identifier="doctors-facility", content=ft.Dropdown(
            label=_("Faskes"), value=facility_id, width=360,
            options=[ft.DropdownOption(key=f.id, text=f.name) for f in facilities],
            on_select=lambda e: set_facility_id(e.control.value),
        )))
    body: list[ft.Control] = [
        ft.Text(_("Dokter dan jadwal praktik"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                weight=ft.FontWeight.BOLD),
        *picker,
    ]
    if facility_id is None:
        body.append(ft.Text(_("Pilih faskes untuk melihat dokternya.")))
    else:
        body.append(keyed(f"doctors-{facility_id}", FacilityDoctors)(client, facility_id, expired))
    return ft.Column(body, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


@ft.component
def FacilityDoctors(client: ApiClient, facility_id: str, expired: Expired) -> ft.Control:
    t = use_t()
    _ = t.gettext
    facility, set_facility = ft.use_state(cast(FacilityDetail | None, None))
    doctors, set_doctors = ft.use_state(cast(list[Doctor] | None, None))
    absences, set_absences = ft.use_state(cast(list[DoctorAbsence], []))
    problem, set_problem = ft.use_state("")
    notice, set_notice = ft.use_state("")
    editing, set_editing = ft.use_state(cast(int | None, None))  # doctor id, 0: a new one
    absent_of, set_absent_of = ft.use_state(cast(int | None, None))  # doctor id
    errors, set_errors = ft.use_state(cast(dict[str, str], {}))
    saving, set_saving = ft.use_state(False)

    async def failed(err: ApiError) -> None:
        if isinstance(err, Unauthorized):
            await _tell_expired(expired)
        else:
            set_problem(error_message(t, err.code))

    async def load() -> None:
        try:
            set_facility(await client.facilities.get(facility_id))
            set_doctors(await client.doctors.managed(facility_id))
            set_absences(await client.doctors.absences(facility_id))
            set_problem("")
        except ApiError as err:
            await failed(err)

    ft.use_effect(load, [facility_id])

    async def save(draft: DoctorDraft) -> None:
        set_errors({})
        try:
            data = draft.wire()
        except ValidationError as err:
            set_errors(field_errors(t, draft, [
                (".".join(str(p) for p in e["loc"]), e["type"], e.get("ctx") or {}) for e in err.errors()
            ]))
            return
        set_saving(True)
        try:
            if editing:
                saved = await client.doctors.edit(facility_id, editing, data)
                set_notice(_("Data {doctor} disimpan.").format(doctor=saved.name))
            else:
                saved = await client.doctors.add(facility_id, data)
                set_notice(_("{doctor} ditambahkan.").format(doctor=saved.name))
            set_editing(None)
            await load()
        except ValidationFailed as err:
            set_errors(field_errors(t, draft, [(f.field, f.code, f.params) for f in err.fields]))
        except ApiError as err:
            await failed(err)
        finally:
            set_saving(False)

    async def retire(doctor: Doctor) -> None:
        try:
            await client.doctors.retire(facility_id, doctor.id)
            set_notice(_("{doctor} tidak praktik lagi di faskes ini.").format(doctor=doctor.name))
            await load()
        except ApiError as err:
            await failed(err)

    async def mark_absent(doctor: Doctor, day: dt.date, reason: str) -> None:
        set_errors({})
        try:
            absence = DoctorAbsenceIn(service_date=day, reason=reason.strip())
        except ValidationError as err:
            first = err.errors()[0]
            set_errors({"absence": error_message(t, first["type"], first.get("ctx") or {})})
            return
        set_saving(True)
        try:
            done = await client.doctors.mark_absent(facility_id, doctor.id, absence)
            set_notice(absence_outcome(t, done))
            set_absent_of(None)
            await load()
        except ValidationFailed as err:
            set_errors({"absence": error_message(t, err.fields[0].code, err.fields[0].params)
                        if err.fields else error_message(t, err.code)})
        except ApiError as err:
            set_errors({"absence": error_message(t, err.code)})
            if isinstance(err, Unauthorized):
                await _tell_expired(expired)
        finally:
            set_saving(False)

    async def withdraw(absence: DoctorAbsence) -> None:
        try:
            await client.doctors.withdraw_absence(facility_id, absence.id)
            set_notice(_("Catatan tidak praktik {doctor} dicabut.").format(doctor=absence.doctor_name))
            await load()
        except ApiError as err:
            await failed(err)

    if problem:
        return ft.Column([
            ft.Semantics(identifier="doctors-error", content=ft.Text(problem, color=ft.Colors.ERROR)),
            ft.Row([RetryButton(load)]),
        ])
    if facility is None or doctors is None:
        return ft.ProgressRing()
    services = list(facility.services)
    names = {s.id: s.name for s in services}

    def open_form(doctor_id: int | None, *, absence: bool = False) -> None:
        """One form at a time: a doctor's (0: a new one), or an absence's (`absence`)."""
        set_editing(None if absence else doctor_id)
        set_absent_of(doctor_id if absence else None)
        set_errors({})
        set_notice("")

    def opener(doctor_id: int, *, absence: bool = False) -> Callable[[], None]:
        return lambda: open_form(doctor_id, absence=absence)

    out: list[ft.Control] = []
    if notice:
        out.append(ft.Semantics(identifier="doctors-notice", live_region=True,
                                content=ft.Text(notice, color=ft.Colors.PRIMARY, weight=ft.FontWeight.BOLD)))
    if editing is not None:
        current = next((d for d in doctors if d.id == editing), None)
        out.append(keyed(f"form-{editing}", DoctorForm)(
            DoctorDraft.of(current) if current else DoctorDraft(), services, errors, saving, save,
            lambda: open_form(None), editing == 0,
        ))
    else:
        out.append(ft.Row([ft.Semantics(identifier="doctor-new", content=ft.FilledButton(
            _("Tambah dokter"), icon=ft.Icons.PERSON_ADD,
            on_click=lambda: open_form(0),
        ))]))
    today = today_in_rembang()
    for doctor in doctors:  # keyed: the notice and the form above come and go
        out.append(keyed(f"doctor-{doctor.id}", DoctorCard)(
            doctor, names.get(doctor.service_id, ""),
            on_edit=opener(doctor.id), on_absent=opener(doctor.id, absence=True),
            on_retire=partial(retire, doctor),
        ))
        if absent_of == doctor.id:
            out.append(keyed(f"absence-{doctor.id}", AbsenceForm)(
                doctor, today, errors.get("absence", ""), saving,
                partial(mark_absent, doctor),
                lambda: open_form(None),
            ))
    out.append(ft.Text(_("Dokter tidak praktik (mendatang)"), theme_style=ft.TextThemeStyle.TITLE_LARGE,
                       weight=ft.FontWeight.BOLD))
    if not absences:
        out.append(ft.Text(_("Belum ada catatan dokter tidak praktik.")))
    out += [AbsenceRow(a, names.get(a.service_id, ""), on_withdraw=partial(withdraw, a)) for a in absences]
    return ft.Semantics(identifier="doctors-list", content=ft.Column(
        out, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))


def absence_outcome(t: Translator, absence: DoctorAbsence) -> str:
    _ = t.gettext
    if absence.closes_service:
        return t.ngettext(
            "Dicatat. Tidak ada dokter lain hari itu: layanan ditutup, {n} booking dibatalkan dan "
            "pasiennya diberi tahu.",
            "Dicatat. Tidak ada dokter lain hari itu: layanan ditutup, {n} booking dibatalkan dan "
            "pasiennya diberi tahu.",
            absence.cancelled,
        ).format(n=t.format_number(absence.cancelled))
    return _("Dicatat. Dokter lain tetap praktik: booking tetap berlaku, pasien melihat pemberitahuan "
             "di tiketnya.")


@ft.component
def DoctorCard(
    doctor: Doctor, service_name: str, on_edit: Callable[[], object], on_absent: Callable[[], object],
    on_retire: Callable[[], Awaitable[None]],
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    confirming, set_confirming = ft.use_state(False)

    async def retire_confirmed() -> None:
        set_confirming(False)
        await on_retire()
    marks: list[ft.Control] = []
    if "name" in doctor.unconfirmed:
        marks.append(ft.Text(_("Nama contoh, belum dikonfirmasi: tidak ditampilkan ke pasien"),
                             color=ft.Colors.ERROR, theme_style=ft.TextThemeStyle.BODY_SMALL))
    if not doctor.active:
        marks.append(ft.Text(_("Tidak praktik lagi"), color=ft.Colors.ON_SURFACE_VARIANT))
    actions: list[ft.Control] = []
    if doctor.active:
        actions = [
            ft.Semantics(identifier=f"doctor-edit-{doctor.id}", content=ft.OutlinedButton(
                _("Ubah"), icon=ft.Icons.EDIT, on_click=on_edit)),
            ft.Semantics(identifier=f"doctor-absent-{doctor.id}", content=ft.OutlinedButton(
                _("Catat tidak praktik"), icon=ft.Icons.EVENT_BUSY, on_click=on_absent,
                disabled=not doctor.sessions)),
            ft.Semantics(identifier=f"doctor-retire-{doctor.id}", content=ft.TextButton(
                _("Tidak praktik lagi"), icon=ft.Icons.PERSON_REMOVE,
                on_click=lambda: set_confirming(True))),
        ]
        if confirming:
            actions = [
                ft.Text(_("{doctor} tidak praktik lagi di faskes ini? Jadwalnya hilang dari layar "
                          "pasien dan tidak bisa dikembalikan.").format(doctor=doctor.name)),
                ft.Semantics(identifier=f"doctor-retire-confirm-{doctor.id}", content=ft.FilledButton(
                    _("Ya, tidak praktik lagi"), on_click=retire_confirmed,
                    style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR))),
                ft.TextButton(_("Batal"), on_click=lambda: set_confirming(False)),
            ]
    sip = doctor.sip or _("SIP belum diisi")
    return ft.Semantics(identifier=f"doctor-{doctor.id}", content=ft.Card(content=ft.Container(
        padding=16, content=ft.Column(spacing=6, controls=[
            ft.Text(doctor.name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD),
            ft.Text(f"{service_name} · {sip}"),
            ft.Text(sessions_text(t, doctor)),
            *marks,
            ft.Row(actions, spacing=8, wrap=True),
        ]),
    )))


@ft.component
def AbsenceRow(
    absence: DoctorAbsence, service_name: str, on_withdraw: Callable[[], Awaitable[None]]
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    if absence.withdrawn_at is not None:
        what = _("Dicabut")
    elif absence.closes_service:
        what = _("{service} ditutup hari itu").format(service=service_name)
    else:
        what = _("Booking tetap berlaku")
    return ft.Semantics(identifier=f"absence-{absence.id}", content=ft.Row(wrap=True, spacing=12, controls=[
        ft.Icon(ft.Icons.EVENT_BUSY),
        ft.Text(f"{t.format_date(absence.service_date, 'full')}: {absence.doctor_name} ({absence.reason})",
                expand=True),
        ft.Text(what, color=ft.Colors.ON_SURFACE_VARIANT),
        *([] if absence.withdrawn_at else [ft.Semantics(
            identifier=f"absence-withdraw-{absence.id}",
            content=ft.TextButton(_("Cabut"), icon=ft.Icons.UNDO, on_click=on_withdraw))]),
    ]))
