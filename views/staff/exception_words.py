"""What the day's exceptions say at the desk: the notice after each, a lane in words,
and the place rule of a ticket returned to the waiting list (the service's rule,
server/queue/rules.py: called after the next two calls)."""

from __future__ import annotations

from api_client.models import Lane
from components.lanes import lane_label
from session.i18n import N_, Translator

REQUEUE_RULE = N_("Nomor yang dikembalikan dipanggil setelah dua panggilan berikutnya.")


def place_words(t: Translator, calls_left: int) -> str:
    """Where a returned ticket stands: "kembali · dipanggil setelah 2 panggilan"."""
    if calls_left <= 0:
        return t.gettext("kembali · dipanggil berikutnya")
    return t.ngettext(
        "kembali · dipanggil setelah {n} panggilan", "kembali · dipanggil setelah {n} panggilan",
        calls_left,
    ).format(n=t.format_number(calls_left))


def exception_sentence(t: Translator, kind: str, params: dict[str, object]) -> str:
    """The notice after an exception ("" for a kind that is not one)."""
    _ = t.gettext
    match kind:
        case "requeued":
            return _("{number} kembali ke antrean: dipanggil setelah dua panggilan berikutnya.").format(
                number=params["number"])
        case "lane_changed":
            lane = lane_label(t, Lane(str(params["lane"])), params.get("reason"))  # type: ignore[arg-type]
            return _("{number} sekarang di jalur {lane}.").format(number=params["number"], lane=lane)
        case "paused":
            return _("{counter} istirahat: tidak ada nomor yang dipanggil ke sini sampai Anda tekan "
                     "Lanjut (P).").format(counter=params["counter"])
        case "resumed":
            return _("{counter} melayani lagi.").format(counter=params["counter"])
    return ""
