"""Survei kepuasan (`/tiket/:booking_code/survei`): after a done visit, nine questions
with four big answers each, an optional part about the respondent (views/tickets/
survey_profile.py), an optional comment, sent once, then thanks.

Sent once: a second tap while sending does nothing, and the request carries one
idempotency key for this screen, so a retry after a lost answer is replayed, not
refused. The service refuses a second survey for the visit (`survey_already_given`).
"""

from __future__ import annotations

import asyncio
from enum import StrEnum
from typing import cast

import flet as ft
from pydantic_core import PydanticCustomError

from api_client import ApiConnectionError, ApiError, new_idempotency_key
from api_client.models import ErrorCode, RespondentProfile, SkmElement, SurveyState
from api_client.text import multi_line
from components.facility_states import RetryButton
from components.offline_banner import OfflineBanner
from session.context import citizen_channel, use_session
from session.i18n import error_message
from session.typed import use_ref
from views.tickets.survey_profile import RespondentQuestions, given
from views.tickets.survey_questions import SurveyQuestion
from views.tickets.survey_thanks import SurveyThanks

COMMENT_MAX = 1000  # SurveyCreate.comment


@ft.component
def SurveyView() -> ft.View:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    code = ft.use_route_params()["booking_code"]
    state, set_state = ft.use_state(cast(SurveyState | None, None))
    problem, set_problem = ft.use_state("")
    scores, set_scores = ft.use_state(dict[SkmElement, int]())
    comment, set_comment = ft.use_state("")
    profile, set_profile = ft.use_state(RespondentProfile())
    busy, set_busy = ft.use_state(False)
    thanked, set_thanked = ft.use_state(cast(str | None, None))  # the facility's name once sent
    queued, set_queued = ft.use_state(False)  # kept in the device's outbox (offline)
    unreached, set_unreached = ft.use_state(False)  # the visit could not be loaded: offer a retry
    key = use_ref(new_idempotency_key)
    sending = use_ref(lambda: False)
    # scores and comment as the events came (a tap may beat a render)
    typed_scores = use_ref(dict[SkmElement, int])
    typed_comment = use_ref(lambda: "")
    typed_profile = use_ref(RespondentProfile)

    async def load() -> None:
        set_problem("")
        set_unreached(False)
        try:
            set_state(await client.feedback.state(code))
        except ApiError as err:
            set_unreached(isinstance(err, ApiConnectionError))
            set_problem(error_message(t, err.code))

    ft.use_effect(load, [code])

    def choose(element: SkmElement, value: int) -> None:
        typed_scores.current = {**typed_scores.current, element: value}
        set_scores(typed_scores.current)

    def describe(field: str, value: StrEnum | None) -> None:
        typed_profile.current = typed_profile.current.model_copy(update={field: value})
        set_profile(typed_profile.current)

    def write(value: str) -> None:
        typed_comment.current = value
        set_comment(value)

    async def send() -> None:
        answers = typed_scores.current
        if sending.current or len(answers) < len(SkmElement):
            return
        try:  # the service's own rule (api_client/text.py), before anything is sent
            multi_line(typed_comment.current)
        except PydanticCustomError as err:
            set_problem(error_message(t, err.type))
            return
        sending.current = True
        set_busy(True)
        set_problem("")
        try:
            receipt = await client.feedback.give(
                code, scores=answers, comment=typed_comment.current.strip() or None,
                idempotency_key=key.current, channel=citizen_channel(ft.context.page),
                respondent=given(typed_profile.current),
            )
        except ApiError as err:
            outbox = session.deps.outbox
            if outbox is not None and isinstance(err, ApiConnectionError):  # same key, later
                await asyncio.to_thread(
                    outbox.survey, code, scores=answers, comment=typed_comment.current.strip() or None,
                    key=key.current, respondent=given(typed_profile.current),
                )
                set_queued(True)
            else:
                set_problem(error_message(t, err.code))
                sending.current = False
        else:
            set_thanked(receipt.facility_name)
        finally:
            set_busy(False)

    controls: list[ft.Control] = [OfflineBanner(session.deps.connectivity)]
    if thanked is not None:
        controls.append(SurveyThanks(thanked))
    elif queued:
        controls.append(_note("survey-queued", _("Penilaian akan dikirim saat koneksi kembali.")))
    elif state is None and not problem:
        controls.append(ft.Row([ft.ProgressRing(), ft.Text(_("Memuat…"))],
                               alignment=ft.MainAxisAlignment.CENTER))
    elif state is not None and state.given:
        controls.append(_note("survey-closed", error_message(t, ErrorCode.survey_already_given)))
    elif state is not None and not state.visit_done:
        controls.append(_note("survey-closed", error_message(t, ErrorCode.visit_not_done)))
    elif state is not None and state.closed:
        controls.append(_note("survey-closed", error_message(t, ErrorCode.survey_closed)))
    elif state is not None:
        left = len(SkmElement) - len(scores)
        controls += [
            ft.Text(_("Penilaian pelayanan {facility}").format(facility=state.facility_name),
                    theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
            ft.Text(_("Pilih satu jawaban untuk setiap pertanyaan. Penilaian disimpan tanpa nama."),
                    theme_style=ft.TextThemeStyle.BODY_LARGE),
            *[SurveyQuestion(n, element, scores.get(element), choose)
              for n, element in enumerate(SkmElement, 1)],
            RespondentQuestions(profile, describe),
            ft.Semantics(identifier="survey-comment", content=ft.TextField(
                label=_("Saran atau komentar (boleh dikosongkan)"), value=comment, multiline=True,
                min_lines=3, max_length=COMMENT_MAX, on_change=lambda e: write(e.control.value),
                helper=_("Jangan tulis nama, NIK, atau nomor HP di sini."), helper_max_lines=3,
            )),
            ft.Semantics(identifier="survey-left", live_region=True, content=ft.Text(
                t.ngettext("Masih {n} pertanyaan lagi.", "Masih {n} pertanyaan lagi.", left)
                .format(n=left) if left else _("Semua pertanyaan sudah dijawab."),
            )),
            ft.Semantics(identifier="survey-send", content=ft.FilledButton(
                _("Kirim penilaian"), icon=ft.Icons.SEND, height=52,
                disabled=busy or left > 0, on_click=send,
            )),
        ]
    if problem and thanked is None:
        controls.append(_note("survey-error", problem, error=True))
    if unreached and state is None:
        controls.append(ft.Row([RetryButton(load)]))
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Survei kepuasan"))),
        scroll=ft.ScrollMode.AUTO,
        padding=16,
        controls=[ft.SafeArea(content=ft.Column(
            controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        ))],
    )


def _note(identifier: str, text: str, *, error: bool = False) -> ft.Control:
    return ft.Semantics(identifier=identifier, live_region=True, content=ft.Text(
        text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
        color=ft.Colors.ERROR if error else None,
    ))
