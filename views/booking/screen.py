"""Ambil Nomor Antrean: five plain steps, one decision each.

    1 date  ->  2 payer  ->  3 patient  ->  4 consent  ->  5 confirm  ->  /tiket/<code>

Everything typed lives in this view's state, so going back, a full quota or a
lost connection loses nothing. One idempotency key is made when the confirm step
is shown and reused for every retry of that booking: a double tap or a retry
after a lost answer gives one booking.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace

import flet as ft

from api_client import ApiClient, ApiError, new_idempotency_key
from api_client.errors import ApiConnectionError, Conflict, QuotaFull, ValidationFailed
from api_client.identity import mask_nik
from api_client.models import DayAvailability, ErrorCode, FacilityDetail, Payer
from components.offline_banner import OfflineBanner
from session.context import citizen_channel, save_wallet, use_session
from session.i18n import error_message
from session.state import SavedProfile
from views.booking.confirm_step import ConfirmStep, SendProblem, Summary
from views.booking.consent_step import CONSENT_VERSION, ConsentStep
from views.booking.day_step import DayStep
from views.booking.frame import BackButton, Notice, StepHeader
from views.booking.patient_form import PatientForm
from views.booking.patient_validation import (
    PatientDraft,
    Problem,
    check_all,
    check_field,
    server_problems,
    to_patient,
    to_profile,
)
from views.booking.payer_step import PayerStep

STEPS = 5
BIRTH_PARTS = frozenset({"birth_day", "birth_month", "birth_year"})


@ft.component
def BookingView() -> ft.View:
    session = use_session()
    t = session.t
    _ = t.gettext
    client: ApiClient = session.deps.client
    page = ft.context.page
    params = ft.use_route_params()
    facility_id, service_id = params["facility_id"], int(params["service_id"])

    detail, set_detail = ft.use_state(None)
    days, set_days = ft.use_state(list[DayAvailability]())
    load_error, set_load_error = ft.use_state("")
    step, set_step = ft.use_state(1)
    day, set_day = ft.use_state(None)
    payer, set_payer = ft.use_state(None)
    draft, set_draft = ft.use_state(PatientDraft())
    problems, set_problems = ft.use_state(dict[str, Problem]())
    save_profile, set_save_profile = ft.use_state(False)
    agreed, set_agreed = ft.use_state(False)
    consent_missing, set_consent_missing = ft.use_state(False)
    key, set_key = ft.use_state("")
    sending, set_sending = ft.use_state(False)
    problem, set_problem = ft.use_state(None)
    in_flight = ft.use_ref(False)
    typed = ft.use_ref(None)  # the draft as of the last keystroke, for handlers of older renders
    if typed.current is None:
        typed.current = draft

    async def refresh_days() -> None:
        """Fresh places left; on failure the last known ones stay on screen."""
        try:
            set_days((await client.facilities.availability(service_id)).days)
        except ApiError:
            return

    async def change_date() -> None:
        set_problem(None)
        set_step(1)
        await refresh_days()

    async def load() -> None:
        set_load_error("")
        try:
            facility, availability = await asyncio.gather(
                client.facilities.get(facility_id), client.facilities.availability(service_id)
            )
        except ApiError as err:
            set_load_error(err.code)
            return
        set_detail(facility)
        set_days(availability.days)

    ft.use_effect(load, [facility_id, service_id])

    facility: FacilityDetail | None = detail
    service = next((s for s in facility.services if s.id == service_id), None) if facility else None
    chosen_day = next((d for d in days if d.service_date == day), None)

    def go(to: int) -> None:
        if to == STEPS:
            set_key(new_idempotency_key())  # one booking, however many tries
            set_problem(None)
        set_step(to)

    def choose_day(value: dt.date) -> None:
        set_day(value)
        set_problem(None)
        go(2)

    def choose_payer(value: Payer) -> None:
        set_payer(value)
        if value is not Payer.jkn:
            set_problems(lambda old: {f: p for f, p in old.items() if f != "bpjs_number"})
        go(3)

    def change_field(field: str, value: str) -> None:
        typed.current = replace(typed.current, **{field: value})
        set_draft(typed.current)
        name = "birth_date" if field in BIRTH_PARTS else field
        set_problems(lambda old: {f: p for f, p in old.items() if f != name})

    def leave_field(field: str) -> None:
        if field == "birth_date" and not typed.current.birth_date_complete():
            return  # still typing the other parts
        found = check_field(field, typed.current, payer)
        set_problems(lambda old: {**{f: p for f, p in old.items() if f != field},
                                  **({field: found} if found else {})})

    def pick_profile(profile: SavedProfile) -> None:
        typed.current = PatientDraft.of(profile)
        set_draft(typed.current)
        set_problems({})

    def patient_next() -> None:
        found = check_all(typed.current, payer)
        set_problems(found)
        if not found:
            go(4)

    def consent_next() -> None:
        set_consent_missing(not agreed)
        if agreed:
            go(5)

    def pick_next_date(value: dt.date) -> None:
        set_day(value)
        set_problem(None)
        set_step(2)

    async def confirm() -> None:
        if in_flight.current or payer is None or day is None:
            return  # a second tap while the first is on its way
        in_flight.current = True
        set_sending(True)
        set_problem(None)
        patient = to_patient(draft, payer)
        try:
            booking = await client.bookings.create(
                service_id=service_id, service_date=day, payer=payer, patient=patient,
                consent_version=CONSENT_VERSION, idempotency_key=key,
                channel=citizen_channel(ft.context.page),
            )
        except QuotaFull as err:
            set_problem(SendProblem("quota_full", err.code, next_available=tuple(err.next_available)))
            await refresh_days()
        except ValidationFailed as err:
            found = server_problems(err.fields)
            on_form = {f: p for f, p in found.items() if f in PATIENT_FIELDS}
            if on_form:
                set_problems(on_form)
                set_step(3)
            else:
                code, params = next(iter(found.values()), (err.code, {}))
                set_problem(SendProblem("error", code, params))
        except Conflict as err:  # kept by the service for this key: a new tap, a new key
            set_key(new_idempotency_key())
            set_problem(SendProblem("error", err.code))
        except ApiConnectionError as err:
            set_problem(SendProblem("connection", err.code))
        except ApiError as err:
            set_problem(SendProblem("error", err.code))
        else:
            session.wallet.keep_ticket(booking)
            if save_profile:
                session.wallet.keep_profile(to_profile(patient))
            await save_wallet(session)
            await page.push_route(f"/tiket/{booking.booking_code}")
            return  # leave in_flight set: this booking is done
        finally:
            set_sending(False)
        in_flight.current = False

    titles = {
        1: (_("Pilih tanggal berobat"),
            _("Hari apa Anda akan datang? Hari yang tutup atau penuh tidak bisa dipilih.")),
        2: (_("Pilih cara bayar"), _("Apakah Anda berobat dengan BPJS Kesehatan?")),
        3: (_("Data pasien"), _("Siapa yang akan berobat? Isi sesuai KTP atau Kartu Keluarga.")),
        4: (_("Persetujuan data"), _("Bacalah dulu bagaimana data pasien dipakai.")),
        5: (_("Periksa lagi"),
            _("Jika semua sudah benar, tekan tombol di bawah untuk mengambil nomor antrean.")),
    }
    body: list[ft.Control]
    if load_error:
        body = [
            Notice(error_message(t, load_error), error=True, identifier="booking-load-error"),
            ft.OutlinedButton(content=_("Coba lagi"), icon=ft.Icons.REFRESH, on_click=load),
        ]
    elif facility is None:
        body = [ft.ProgressRing(semantics_label=_("Memuat jadwal…"))]
    elif service is None:
        body = [Notice(error_message(t, ErrorCode.service_not_found), error=True)]
    else:
        title, subtitle = titles[step]
        content = {
            1: lambda: DayStep(days, day, choose_day),
            2: lambda: PayerStep(chosen_day, payer, choose_payer),
            3: lambda: PatientForm(draft, problems, payer, session.wallet.profiles, save_profile,
                                   change_field, leave_field, pick_profile, set_save_profile,
                                   patient_next),
            4: lambda: ConsentStep(facility.name, service.name, agreed, consent_missing,
                                   set_agreed, consent_next),
            5: lambda: ConfirmStep(
                Summary(facility.name, service.name, day, payer, draft.name.strip(),
                        mask_nik(to_patient(draft, payer).nik)),
                sending, problem, confirm, pick_next_date, change_date,
                lambda: page.navigate("/tiket"),
            ),
        }[step]()
        body = [
            ft.Text(f"{facility.name} · {service.name}", theme_style=ft.TextThemeStyle.TITLE_SMALL,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            StepHeader(step, STEPS, title, subtitle),
            content,
        ]
        if step > 1:
            body.append(BackButton(lambda: set_step(step - 1), disabled=sending))
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Ambil Nomor Antrean"))),
        padding=0,
        controls=[
            ft.Column(
                key=f"booking-step-{step}",  # a new step starts at the top
                scroll=ft.ScrollMode.AUTO,
                expand=True,
                spacing=20,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                controls=[ft.Container(padding=16, content=ft.Column(
                    [OfflineBanner(session.deps.connectivity), *body], spacing=20,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH))],
            )
        ],
    )


PATIENT_FIELDS = frozenset({"name", "nik", "phone", "birth_date", "bpjs_number"})
