"""The complaint form: which facility, what about, what happened; a contact only if
the person wants to be called back, and only after saying so in plain words.

Checked here first with the service's own rules and codes (`api_client.identity`,
`ComplaintCreate`), so a problem found here and one sent back read the same. Sent
once: a second tap while sending does nothing; one idempotency key per complaint.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import flet as ft
from pydantic_core import PydanticCustomError

from api_client import ApiConnectionError, ApiError, ValidationFailed, new_idempotency_key
from api_client.identity import normalize_name, normalize_phone
from api_client.models import Complaint, ComplaintCategory, ComplaintContact, ErrorCode, Facility
from api_client.text import multi_line
from components.complaint_words import category_words
from components.facility_states import RetryButton
from components.labeled_checkbox import LabeledCheckbox
from components.message_line import message_line
from session.context import citizen_channel, use_session
from session.i18n import error_message
from session.typed import use_ref

TEXT_MIN, TEXT_MAX = 10, 3000  # ComplaintCreate.text
FIELDS = ("facility_id", "category", "text", "name", "phone", "contact_consent")


def check(draft: dict[str, object]) -> dict[str, tuple[str, dict[str, object]]]:
    """Problems as (code, params) by field; empty when the draft can be sent."""
    found: dict[str, tuple[str, dict[str, object]]] = {}
    if not draft.get("facility_id"):
        found["facility_id"] = ("missing", {})
    if not draft.get("category"):
        found["category"] = ("missing", {})
    text = str(draft.get("text") or "").strip()
    if not text:
        found["text"] = ("missing", {})
    elif len(text) < TEXT_MIN:
        found["text"] = ("string_too_short", {"min_length": TEXT_MIN})
    elif len(text) > TEXT_MAX:
        found["text"] = ("string_too_long", {"max_length": TEXT_MAX})
    else:
        try:
            multi_line(text)
        except PydanticCustomError as err:
            found["text"] = (err.type, dict(err.context or {}))
    if draft.get("contact_consent"):
        name, phone = str(draft.get("name") or "").strip(), str(draft.get("phone") or "").strip()
        if not name and not phone:
            found["phone"] = ("missing", {})
        for field, value, normalize in (("name", name, normalize_name), ("phone", phone, normalize_phone)):
            if value:
                try:
                    normalize(value)
                except PydanticCustomError as err:
                    found[field] = (err.type, dict(err.context or {}))
    return found


@ft.component
def ComplaintForm(on_sent: Callable[[Complaint], Awaitable[None]]) -> ft.Control:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    facilities, set_facilities = ft.use_state(list[Facility]())
    draft, set_draft = ft.use_state(dict[str, object]())
    errors, set_errors = ft.use_state(dict[str, str]())
    problem, set_problem = ft.use_state("")
    load_problem, set_load_problem = ft.use_state("")  # the facilities could not be loaded
    busy, set_busy = ft.use_state(False)
    queued, set_queued = ft.use_state(False)  # the last one waits in the device's outbox
    typed = use_ref(dict[str, object])  # as the change events came: a tap may beat the re-render
    key = use_ref(new_idempotency_key)
    sending = use_ref(lambda: False)

    async def load() -> None:
        set_load_problem("")
        try:
            set_facilities(await client.facilities.list())
        except ApiError as err:
            set_load_problem(error_message(t, err.code))

    ft.use_effect(load, [])

    def clear() -> None:
        key.current = new_idempotency_key()
        typed.current = {}
        set_draft({})

    def change(field: str, value: object) -> None:
        typed.current[field] = value
        set_draft(dict(typed.current))
        if field in errors:
            set_errors({k: v for k, v in errors.items() if k != field})

    async def send() -> None:
        if sending.current:
            return
        values = dict(typed.current)
        found = check(values)
        set_errors({field: error_message(t, code, params) for field, (code, params) in found.items()})
        if found:
            set_problem(error_message(t, ErrorCode.validation_failed))
            return
        sending.current = True
        set_busy(True)
        set_problem("")
        set_queued(False)
        consent = bool(values.get("contact_consent"))
        contact = ComplaintContact(
            name=str(values.get("name") or "").strip() or None,
            phone=str(values.get("phone") or "").strip() or None,
        ) if consent else None
        facility_id, category = str(values["facility_id"]), ComplaintCategory(str(values["category"]))
        text, outbox = str(values["text"]).strip(), session.deps.outbox
        try:
            sent = await client.complaints.send(
                facility_id=facility_id, category=category, text=text, contact=contact,
                contact_consent=consent, idempotency_key=key.current,
                channel=citizen_channel(ft.context.page),
            )
        except ValidationFailed as err:
            set_errors({f.field.removeprefix("contact."): error_message(t, f.code, f.params)
                        for f in err.fields})
            set_problem(error_message(t, err.code))
        except ApiError as err:
            if outbox is not None and isinstance(err, ApiConnectionError):  # same key, later
                await asyncio.to_thread(
                    outbox.complaint, facility_id=facility_id, category=category, text=text,
                    contact=contact, contact_consent=consent, key=key.current,
                )
                set_queued(True)
                clear()
            else:
                set_problem(error_message(t, err.code))
        else:
            clear()
            await on_sent(sent)
        finally:
            sending.current = False
            set_busy(False)

    def picked(field: str) -> str | None:
        value = draft.get(field)
        return value if isinstance(value, str) else None

    consent = bool(draft.get("contact_consent"))
    place = _("Puskesmas atau rumah sakit")
    places = _("Daftar puskesmas dan rumah sakit")  # the arrow that opens the list
    controls: list[ft.Control] = [] if not load_problem else [
        message_line(load_problem, identifier="complaint-load-error", error=True),
        ft.Row([RetryButton(load)]),
    ]
    controls += [
        ft.Semantics(identifier="complaint-facility", label=place, content=ft.Dropdown(
            label=place, value=picked("facility_id"),
            enable_filter=True, editable=True, expand=True, error_text=errors.get("facility_id"),
            trailing_icon=ft.Icon(ft.Icons.ARROW_DROP_DOWN, semantics_label=places),
            selected_trailing_icon=ft.Icon(ft.Icons.ARROW_DROP_UP, semantics_label=places),
            options=[ft.DropdownOption(key=f.id, text=f.name) for f in facilities],
            on_select=lambda e: change("facility_id", e.control.value),
        )),
        ft.Semantics(identifier="complaint-category", label=_("Tentang apa?"), content=ft.Dropdown(
            label=_("Tentang apa?"), value=picked("category"),
            expand=True, error_text=errors.get("category"),
            options=[ft.DropdownOption(key=c.value, text=category_words(t, c)) for c in ComplaintCategory],
            on_select=lambda e: change("category", e.control.value),
        )),
        ft.Semantics(identifier="complaint-text", content=ft.TextField(
            label=_("Ceritakan apa yang terjadi"), value=str(draft.get("text") or ""), multiline=True,
            min_lines=4, max_length=TEXT_MAX, error=errors.get("text"),
            helper=_("Tulis kapan, di bagian mana, dan apa yang terjadi."), helper_max_lines=3,
            on_change=lambda e: change("text", e.control.value),
        )),
        LabeledCheckbox("complaint-consent", _("Saya ingin dihubungi petugas tentang pengaduan ini"),
                        consent, lambda value: change("contact_consent", value)),
        ft.Text(_("Jika dicentang, nama dan nomor HP Anda hanya dipakai untuk menindaklanjuti "
                  "pengaduan ini. Keduanya disimpan terkunci dan tidak pernah ditampilkan utuh. "
                  "Tanpa kontak, pengaduan Anda tetap diproses."),
                theme_style=ft.TextThemeStyle.BODY_MEDIUM),
    ]
    if consent:
        controls += [
            ft.Semantics(identifier="complaint-name", content=ft.TextField(
                label=_("Nama (boleh dikosongkan)"), value=str(draft.get("name") or ""),
                error=errors.get("name"), on_change=lambda e: change("name", e.control.value),
            )),
            ft.Semantics(identifier="complaint-phone", content=ft.TextField(
                label=_("Nomor HP"), value=str(draft.get("phone") or ""),
                keyboard_type=ft.KeyboardType.PHONE, error=errors.get("phone"),
                on_change=lambda e: change("phone", e.control.value),
            )),
        ]
    controls.append(ft.Semantics(identifier="complaint-send", content=ft.FilledButton(
        _("Kirim pengaduan"), icon=ft.Icons.SEND, height=52, disabled=busy, on_click=send,
    )))
    if queued:
        controls.append(message_line(
            _("Pengaduan disimpan di HP ini dan akan dikirim saat koneksi kembali."),
            identifier="complaint-queued",
        ))
    if problem:
        controls.append(message_line(problem, identifier="complaint-error", error=True))
    return ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
