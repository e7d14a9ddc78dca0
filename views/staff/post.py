"""Where the officer works today: the service (only those of their facility that their
role serves; Dinkes first picks the facility) and the counter's name, which the TV
shows and says ("Loket 1", "Ruang 2")."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

import flet as ft
from pydantic_core import PydanticCustomError

from api_client import ApiClient, ApiError, Unauthorized
from api_client.models import Facility, FacilityDetail, Service, StaffMe
from api_client.stages import next_stages
from api_client.text import one_line
from components.facility_states import RetryButton
from session.context import use_t
from session.i18n import error_message
from views.staff.queue_rules import default_counter, services_for
from views.staff.typed_text import use_typed_text

COUNTER_MAX = 40


@dataclass(frozen=True)
class Post:
    facility: FacilityDetail
    service: Service
    counter: str

    @property
    def transfer_targets(self) -> list[Service]:
        """Where a patient can be sent on: the facility's services that may be the
        visit's next stage (`api_client.stages`), in the facility's order."""
        return next_stages(self.service, self.facility.services)


@ft.component
def PostPicker(
    client: ApiClient,
    staff: StaffMe,
    on_chosen: Callable[[Post], None],
    on_signed_out: Callable[[], Awaitable[None]],
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    facility_id, set_facility_id = ft.use_state(staff.facility_id)
    facilities, set_facilities = ft.use_state(cast(list[Facility] | None, None))
    detail, set_detail = ft.use_state(cast(FacilityDetail | None, None))
    service_id, set_service_id = ft.use_state(cast(int | None, None))
    typed, set_typed = ft.use_state(False)
    problem, set_problem = ft.use_state(cast(str | None, None))
    counter_error, set_counter_error = ft.use_state(cast(str | None, None))
    # The counter name as typed (views/staff/typed_text.py: a click may beat the re-render,
    # and a render must not send a fast typist's keys back over).
    counter = use_typed_text(on_typed=lambda _text: typed_by_hand())

    async def load_facilities() -> None:
        if staff.facility_id is not None:
            return
        try:
            set_facilities(await client.facilities.list())
        except ApiError as err:
            set_problem(error_message(t, err.code))

    async def load_detail() -> None:
        if facility_id is None:
            return
        set_detail(None)
        set_service_id(None)  # another facility: none of its services is chosen yet
        try:
            fresh = await client.facilities.get(facility_id)
        except Unauthorized:
            await on_signed_out()
            return
        except ApiError as err:
            set_problem(error_message(t, err.code))
            return
        set_problem(None)
        set_detail(fresh)
        mine = services_for(staff, fresh.services)
        if len(mine) == 1:
            pick(mine[0])

    async def load_again() -> None:
        set_problem(None)
        await load_facilities()
        await load_detail()

    ft.use_effect(load_facilities, [])
    ft.use_effect(load_detail, [facility_id])

    def pick(service: Service) -> None:
        set_service_id(service.id)
        if not typed:  # the first counter the admin named for it, else a usual name
            counter.set(service.counters[0] if service.counters else default_counter(service.kind))

    def typed_by_hand() -> None:
        set_typed(True)
        set_counter_error(None)

    def choose_counter(name: str) -> None:
        counter.set(name)
        typed_by_hand()

    def start() -> None:
        if detail is None or service_id is None:  # the button shows only with both
            return
        name = " ".join(counter.text.split())
        if not name:
            set_counter_error(error_message(t, "missing"))
            return
        if len(name) > COUNTER_MAX:
            set_counter_error(error_message(t, "string_too_long", {"max_length": COUNTER_MAX}))
            return
        try:  # the service's own rule (api_client/text.py): it is shown on the TV
            one_line(name)
        except PydanticCustomError as err:
            set_counter_error(error_message(t, err.type))
            return
        service = next(s for s in detail.services if s.id == service_id)
        on_chosen(Post(facility=detail, service=service, counter=name))

    controls: list[ft.Control] = [
        ft.Text(_("Pilih tempat tugas hari ini"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                weight=ft.FontWeight.BOLD),
    ]
    if staff.facility_id is None:
        controls.append(FacilityChoice(facilities, facility_id, set_facility_id))
    if problem:
        controls.append(ft.Semantics(identifier="post-error",
                                     content=ft.Text(problem, color=ft.Colors.ERROR)))
        controls.append(ft.Row([RetryButton(load_again)]))
    if facility_id is not None and detail is None and not problem:
        controls.append(ft.ProgressRing())
    if detail is not None:
        mine = services_for(staff, detail.services)
        controls.append(ft.Text(
            _("Layanan di {facility}").format(facility=detail.name),
            theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
        ))
        if not mine:
            controls.append(ft.Text(_("Akun Anda tidak melayani layanan mana pun di sini.")))
        controls.append(ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[
            ServiceChoice(service, service.id == service_id, pick) for service in mine
        ]))
    if service_id is not None and detail is not None:
        named = next((s.counters for s in detail.services if s.id == service_id), [])
        if len(named) > 1:
            controls.append(CounterSuggestions(named, counter.text, choose_counter))
        controls += [
            ft.Semantics(identifier="counter-name", content=ft.TextField(
                label=_("Nama loket atau ruang"), value=counter.shown(), max_length=COUNTER_MAX,
                helper=_("Contoh: Loket 1, Ruang 2. Layar TV menampilkan dan menyebutkannya."),
                error=counter_error, on_change=counter.typed,
                on_submit=lambda: start(),
            )),
            ft.Semantics(identifier="start-desk", content=ft.FilledButton(
                content=_("Mulai melayani"), icon=ft.Icons.PLAY_ARROW, on_click=start,
            )),
        ]
    return ft.Container(
        alignment=ft.Alignment.TOP_CENTER,
        content=ft.Container(
            width=640, padding=24, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            content=ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        ),
    )


@ft.component
def CounterSuggestions(named: list[str], chosen: str, on_pick: Callable[[str], None]) -> ft.Control:
    """The counters the admin named for this service (Administrasi, Direktori faskes),
    one tap each; another name can still be typed below."""
    _ = use_t().gettext
    return ft.Column(spacing=8, controls=[
        ft.Text(_("Loket atau ruang layanan ini")),
        ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[
            ft.Semantics(identifier=f"counter-choice-{i}", selected=name == chosen, content=(
                ft.FilledTonalButton if name == chosen else ft.OutlinedButton
            )(content=name, on_click=lambda _e, name=name: on_pick(name)))
            for i, name in enumerate(named)
        ]),
    ])


@ft.component
def ServiceChoice(service: Service, selected: bool, on_pick: Callable[[Service], None]) -> ft.Control:
    button = ft.FilledButton if selected else ft.OutlinedButton
    return ft.Semantics(identifier=f"service-{service.code}", selected=selected, content=button(
        content=service.name,
        icon=ft.Icons.CHECK if selected else None,
        on_click=lambda: on_pick(service),
    ))


@ft.component
def FacilityChoice(
    facilities: list[Facility] | None, chosen: str | None,
    on_choose: Callable[[str], None],
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    return ft.Semantics(identifier="post-facility", content=ft.Dropdown(
        label=_("Puskesmas atau rumah sakit"),
        value=chosen,
        enable_filter=True,
        editable=True,
        options=[ft.DropdownOption(key=f.id, text=f.name) for f in facilities or []],
        on_select=lambda e: on_choose(e.control.value),
    ))
