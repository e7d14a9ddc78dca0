"""Step 2: who pays. BPJS (JKN) or Umum, each with the places left on the chosen day."""

from __future__ import annotations

from functools import partial

import flet as ft

from api_client.models import Payer
from session.context import use_t
from views.booking.frame import ChoiceButton, Notice
from views.booking.wizard import BookingWizard


@ft.component
def PayerStep(wizard: BookingWizard) -> ft.Control:
    t = use_t()
    _ = t.gettext
    day, chosen = wizard.chosen_day, wizard.payer
    if day is None:
        return ft.ProgressRing(semantics_label=_("Memuat jadwal…"))

    def places(left: int) -> str:
        if left <= 0:
            return _("Penuh")
        return t.ngettext("Sisa {n} tempat", "Sisa {n} tempat", left).format(
            n=t.format_number(left)
        )

    options = [
        (Payer.jkn, _("BPJS Kesehatan (JKN / KIS)"),
         _("Pakai kartu BPJS Kesehatan atau KIS. Siapkan nomor kartunya (13 angka)."),
         day.left_jkn),
        (Payer.non_jkn, _("Umum (tanpa BPJS)"),
         _("Bayar sendiri sesuai tarif puskesmas atau rumah sakit."),
         day.left_non_jkn),
    ]
    controls: list[ft.Control] = [
        Notice(_("Tanggal: {date}").format(date=t.format_date(day.service_date, "full")))
    ]
    controls += [
        ChoiceButton(
            identifier=f"payer-{payer.value}",
            title=title,
            lines=[explain, places(left)],
            selected=payer == chosen,
            disabled=left <= 0,
            on_click=partial(wizard.choose_payer, payer),
        )
        for payer, title, explain, left in options
    ]
    return ft.Column(controls, spacing=10, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
