"""The BPJS page's "Kiriman ke BPJS": what the facility tells BPJS (registrations,
task times, cancellations) and how it went: the counts by state, the messages of one
state with BPJS's own words, and "Kirim ulang" for what failed (after mapping a poli,
say). Booking codes only: no patient's data here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiClient
from api_client.models import BpjsMessage, BpjsOutboxKind, BpjsOutboxReason, BpjsOutboxState
from components.facility_states import RetryButton
from session.context import use_t
from session.i18n import N_, Translator, error_message
from session.typed import use_state_from
from views.admin.bpjs_outbox_model import OutboxWatch
from views.admin.kiosks import moment_words

STATES = {
    BpjsOutboxState.failed: N_("Gagal"),
    BpjsOutboxState.waiting: N_("Menunggu"),
    BpjsOutboxState.sent: N_("Terkirim"),
    BpjsOutboxState.skipped: N_("Tidak dikirim"),
}
REASONS = {
    BpjsOutboxReason.unreachable: N_("BPJS tidak bisa dihubungi; dicoba lagi otomatis."),
    BpjsOutboxReason.no_credentials: N_("Kredensial BPJS faskes ini belum dipasang di server."),
    BpjsOutboxReason.waiting_for_poli: N_(
        "Menunggu pasien diteruskan ke poli; didaftarkan ke BPJS di poli itu."),
    BpjsOutboxReason.poli_not_mapped: N_(
        "Poli ini belum punya kode poli BPJS. Isi kodenya di bawah, lalu kirim ulang."),
    BpjsOutboxReason.doctor_not_mapped: N_(
        "Belum ada dokter berkode BPJS yang praktik di poli ini pada hari itu. "
        "Isi kode dokter, lalu kirim ulang."),
    BpjsOutboxReason.no_nik: N_(
        "Pasien datang langsung tanpa NIK; BPJS tidak menerima pendaftaran tanpa NIK."),
    BpjsOutboxReason.never_reached_poli: N_("Kunjungan ini tidak sampai ke poli berkode BPJS."),
    BpjsOutboxReason.not_reported: N_("Antrean FKTP tidak menerima tahap ini."),
    BpjsOutboxReason.sent_as_cancel: N_("Sudah dikirim sebagai pembatalan."),
    BpjsOutboxReason.cancelled_by_bpjs: N_("Dibatalkan lewat Mobile JKN; BPJS sudah tahu."),
    BpjsOutboxReason.unbuilt: N_(
        "Kiriman ini tidak bisa disusun karena gangguan di sistem. Hubungi pengelola sistem."),
}
KINDS = {
    BpjsOutboxKind.add: N_("Pendaftaran antrean"),
    BpjsOutboxKind.cancel: N_("Pembatalan"),
}


@ft.component
def OutboxPanel(client: ApiClient, facility_id: str, expired: Callable[[], Awaitable[None]]) -> ft.Control:
    t = use_t()
    _ = t.gettext
    watch = use_state_from(lambda: OutboxWatch(client, facility_id, expired=expired))[0]

    async def follow() -> None:  # the page's facility (Dinkes may pick another)
        await watch.follow(facility_id)

    ft.use_effect(follow, [facility_id])
    lines: list[ft.Control] = [
        ft.Text(_("Kiriman ke BPJS"), weight=ft.FontWeight.BOLD, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Text(_("Pendaftaran, waktu tiap tahap layanan, dan pembatalan dikirim ke BPJS sendiri; "
                  "yang gagal menunggu di sini sampai dikirim ulang."),
                theme_style=ft.TextThemeStyle.BODY_SMALL),
    ]
    if watch.problem is not None:
        lines.append(ft.Semantics(identifier="bpjs-outbox-error", content=ft.Text(
            error_message(t, *watch.problem), color=ft.Colors.ERROR)))
        if watch.outbox is None:
            lines.append(ft.Row([RetryButton(watch.load)]))
    outbox = watch.outbox
    if outbox is None:
        if watch.problem is None:
            lines.append(ft.ProgressRing())
        return _card(lines)

    def state_button(state: BpjsOutboxState, word: str) -> ft.Control:
        label = f"{_(word)} ({outbox.counts.get(state, 0)})"
        button = (ft.FilledTonalButton(label, icon=ft.Icons.CHECK) if state is watch.shown
                  else ft.OutlinedButton(label, on_click=lambda _e: watch.show(state)))
        return ft.Semantics(identifier=f"bpjs-outbox-state-{state.value}", content=button)

    # Buttons that wrap, not a segmented bar: four counts do not fit 360 px at the
    # largest text size side by side.
    lines.append(ft.Semantics(identifier="bpjs-outbox-states", content=ft.Row(
        wrap=True, spacing=8, run_spacing=8,
        controls=[state_button(state, word) for state, word in STATES.items()])))
    lines.append(ft.Semantics(identifier="bpjs-outbox-summary", content=ft.Text(
        summary(t, outbox.oldest_waiting_at, outbox.last_sent_at))))
    if watch.shown is BpjsOutboxState.failed and outbox.counts.get(BpjsOutboxState.failed, 0):
        lines.append(ft.Semantics(identifier="bpjs-outbox-retry-all", content=ft.FilledTonalButton(
            _("Kirim ulang semua yang gagal"), icon=ft.Icons.REPLAY, disabled=watch.busy,
            on_click=watch.retry_failed)))
    if watch.retried is not None:
        lines.append(ft.Text(t.ngettext("{n} kiriman akan dikirim ulang.", "{n} kiriman akan dikirim ulang.",
                                        watch.retried).format(n=watch.retried), color=ft.Colors.PRIMARY))
    if not outbox.messages:
        lines.append(ft.Text(_("Tidak ada kiriman di sini.")))
    lines += [message_row(t, watch, m) for m in outbox.messages]
    return _card(lines)


def summary(t: Translator, oldest_waiting: dt.datetime | None, last_sent: dt.datetime | None) -> str:
    _ = t.gettext
    sent = (_("Terakhir terkirim: {when}.").format(when=moment_words(t, last_sent, ""))
            if last_sent else _("Belum ada yang terkirim."))
    if oldest_waiting:
        return sent + " " + _("Menunggu sejak {when}.").format(when=moment_words(t, oldest_waiting, ""))
    return sent


def what(t: Translator, m: BpjsMessage) -> str:
    _ = t.gettext
    if m.kind is BpjsOutboxKind.task:
        return _("Waktu tahap {task}").format(task=m.task_id)
    return _(KINDS[m.kind])


def message_row(t: Translator, watch: OutboxWatch, m: BpjsMessage) -> ft.Control:
    _ = t.gettext
    said = _(REASONS[m.reason]) if m.reason is not None else ""
    if m.last_code:
        said = _("BPJS ({code}): {message}").format(code=m.last_code, message=m.last_message or "")
    lines: list[ft.Control] = [
        ft.Text(f"{m.booking_code} · {what(t, m)}", weight=ft.FontWeight.BOLD, selectable=True),
        ft.Text(moment_words(t, m.happened_at, ""), theme_style=ft.TextThemeStyle.BODY_SMALL),
    ]
    if said:
        lines.append(ft.Text(said, selectable=True,
                             color=ft.Colors.ERROR if m.state is BpjsOutboxState.failed else None))
    if m.state is BpjsOutboxState.waiting and m.next_attempt_at is not None:
        lines.append(ft.Text(t.ngettext("Dicoba lagi {when} (sudah {n} kali).",
                                        "Dicoba lagi {when} (sudah {n} kali).", m.attempts)
                             .format(when=moment_words(t, m.next_attempt_at, ""), n=m.attempts),
                             theme_style=ft.TextThemeStyle.BODY_SMALL))
    if m.state is BpjsOutboxState.failed:
        lines.append(ft.Semantics(identifier=f"bpjs-outbox-retry-{m.id}", content=ft.OutlinedButton(
            _("Kirim ulang"), icon=ft.Icons.REPLAY, disabled=watch.busy,
            on_click=lambda _e: watch.retry(m.id))))
    return ft.Semantics(identifier=f"bpjs-message-{m.id}", content=ft.Container(
        padding=ft.Padding.symmetric(vertical=8),
        border=ft.Border.only(top=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
        content=ft.Column(lines, spacing=4)))


def _card(lines: list[ft.Control]) -> ft.Control:
    return ft.Semantics(identifier="bpjs-outbox", content=ft.Card(content=ft.Container(
        padding=16, content=ft.Column(lines, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))))
