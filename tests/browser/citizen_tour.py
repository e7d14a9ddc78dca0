"""Every citizen screen, walked in one browser page: the route table of views/app.py
(Beranda, Faskes, a facility, Ambil Nomor, the service, the five booking steps, Tiket,
a booked ticket, the survey after a done visit, Pengaduan, a complaint just sent
(sent through the form) and a complaint's status,
Pengaturan with Data saya at its end).

The page moves by address, as the browser's back and forward buttons do (a
`popstate`), not by a reload: the session, its text size and its saved patient stay,
and a screen is ready in about a second. Nothing here taps Beranda's tiles.

`tour(page, people, web_server)` yields each screen's (or booking step's) name once it is shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from api_client import new_idempotency_key
from api_client.models import ComplaintCategory
from tests.api.helpers import nik_for
from tests.browser.conftest import Api, by_id, type_into
from tests.browser.test_feedback_browser import choose
from tests.browser.test_staff_browser import Lasem
from tests.browser.test_ticket_browser import book_online

SUMBER = "pkm-sumber"
ANDROID = {
    "user_agent": "Mozilla/5.0 (Linux; Android 13; SM-A045F) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/120.0.0.0 Mobile Safari/537.36",
    "is_mobile": True,
    "has_touch": True,
}


@dataclass(frozen=True)
class People:
    """What the screens show: a booked ticket, a done visit (for the survey), a sent
    complaint, and the saved patient and tickets of a returning person's phone."""

    booking_code: str
    done_code: str
    tracking_code: str
    poli_umum: int
    wallet: dict[str, object]


def people_of(web_server, serial: int) -> People:  # type: ignore[no-untyped-def]
    """Book, finish a visit and send a complaint through the API (each module passes
    its own `serial`: one active booking per patient and day)."""
    api = Api(web_server.api_url, days_ahead=web_server.days_ahead)
    try:
        return _people(api, web_server, serial)
    finally:
        api.close()


def _people(api: Api, web_server, serial: int) -> People:  # type: ignore[no-untyped-def]
    booking = api(book_online(api.client(), serial))
    lasem = Lasem(api)
    visit = lasem.walk_in()
    lasem.empty_queue()  # calls and finishes every waiting ticket, ours included
    complaint = api(api.client().complaints.send(
        facility_id=SUMBER, category=ComplaintCategory.fasilitas,
        text="Kursi ruang tunggu kurang, banyak lansia berdiri.", idempotency_key=new_idempotency_key(),
    ))
    detail = httpx.get(f"{web_server.api_url}/facilities/{SUMBER}", timeout=10).json()
    poli_umum = next(s["id"] for s in detail["services"] if s["code"] == "poli-umum")
    siti = {"name": "Siti Aminah", "nik": nik_for(serial), "phone": "+6281234560001",
            "birth_date": "1990-06-05", "bpjs_number": f"{serial:013d}", "payer": "jkn",
            "consent_version": "2026-11"}
    tickets = [{"booking_code": b.booking_code, "facility_id": b.facility_id,
                "facility_name": b.facility_name, "service_name": b.ticket.service_name,
                "service_date": b.service_date.isoformat(), "display_number": b.ticket.display_number}
               for b in (booking, visit)]
    return People(booking.booking_code, visit.booking_code, complaint.tracking_code, poli_umum,
                  {"tickets": tickets, "profiles": [siti]})


def browser_state(url: str, people: People, *, text_scale: float) -> dict[str, object]:
    """A returning person's browser (Flutter keeps SharedPreferences in localStorage as
    `flutter.<key>`, our JSON text encoded once more)."""
    prefs = {"language": "id", "text_scale": text_scale, "high_contrast": False, "dark": False,
             "followed": [SUMBER]}
    local = [{"name": f"flutter.lsr.{key}", "value": json.dumps(json.dumps(value))}
             for key, value in (("preferences", prefs), ("wallet", people.wallet))]
    return {"cookies": [], "origins": [{"origin": url, "localStorage": local}]}


def go(page, path: str) -> None:  # type: ignore[no-untyped-def]
    """To `path` without reloading: what the browser's back and forward buttons do."""
    page.evaluate("p => { history.pushState(null, '', p); dispatchEvent(new PopStateEvent('popstate')); }",
                  path)


def settled(page, ready: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Wait for `ready` (an identifier) if given, then until the accessibility tree
    stops changing (data arrived, animations done), then for the pixels to follow."""
    if ready:
        by_id(page, ready).first.wait_for(state="attached", timeout=20_000)
    before = None
    for _ in range(20):
        page.wait_for_timeout(250)
        now = page.evaluate("""() => [...document.querySelectorAll('flt-semantics-host *')]
            .map(e => { const r = e.getBoundingClientRect();
                        return [e.getAttribute('aria-label'), e.childNodes.length, r.x, r.y, r.width]; })
            .join('|')""")
        if now == before:
            break
        before = now
    page.wait_for_timeout(400)  # the pixels lag the accessibility tree


def shown(page, name: str, path: str, ready: str | None = None) -> str:  # type: ignore[no-untyped-def]
    go(page, path)
    settled(page, ready)
    return name


def tap(page, identifier: str, ready: str) -> None:  # type: ignore[no-untyped-def]
    node = by_id(page, identifier).first
    node.scroll_into_view_if_needed()
    node.click(timeout=20_000)
    settled(page, ready)


def screenfuls(page, phone: dict[str, int], most: int = 6) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Yield at the top of the screen, then after each wheel of most of a screen down
    until nothing changes (Flutter's tree holds only what is near the visible part of
    a long list)."""
    yield
    page.mouse.move(phone["width"] / 2, phone["height"] * 2 / 3)
    tree = "() => document.querySelector('flt-semantics-host').innerHTML.length"
    for _ in range(most):
        before = page.evaluate(tree)
        page.mouse.wheel(0, phone["height"] * 0.8)
        page.wait_for_timeout(400)
        if page.evaluate(tree) == before:
            return
        yield


def send_complaint(page) -> None:  # type: ignore[no-untyped-def]
    """Fill the complaint form and send it: the screen with the tracking code, big."""
    page.mouse.wheel(0, -3000)  # the form starts at the top
    page.wait_for_timeout(300)
    choose(page, "complaint-facility", "Puskesmas Sumber", typed="Sumber")
    choose(page, "complaint-category", "Gedung, kebersihan, dan peralatan")
    type_into(page, "complaint-text", "Kursi ruang tunggu kurang, banyak lansia berdiri.")
    tap(page, "complaint-send", "complaint-code")
    page.mouse.wheel(0, -3000)  # back to the top, where the code is
    settled(page)


def first_open_day(web_server, service_id: int) -> str:  # type: ignore[no-untyped-def]
    days = httpx.get(f"{web_server.api_url}/services/{service_id}/availability", timeout=10).json()["days"]
    return next(d["service_date"] for d in days if d["open"] and d["left_jkn"] > 0)


def tour(page, people: People, web_server) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Every citizen screen in turn; the booking's five steps by tapping through them
    with the saved patient (the confirm step first, then back to each earlier one)."""
    yield shown(page, "beranda", "/")
    yield shown(page, "faskes", "/faskes", "sort-nearest")
    yield shown(page, "faskes-sumber", f"/faskes/{SUMBER}", f"book-{people.poli_umum}")
    yield shown(page, "ambil", "/ambil", f"start-facility-{SUMBER}")
    yield shown(page, "ambil-sumber", f"/ambil/{SUMBER}", f"pick-service-{people.poli_umum}")
    day = first_open_day(web_server, people.poli_umum)
    yield shown(page, "pesan-1-tanggal", f"/ambil/{SUMBER}/{people.poli_umum}", f"day-{day}")
    tap(page, f"day-{day}", "booking-confirm")  # the saved patient: straight to the last step
    yield "pesan-5-periksa"
    tap(page, "booking-other-payer", "payer-jkn")
    yield "pesan-2-bayar"
    tap(page, "payer-jkn", "patient-next")
    yield "pesan-3-pasien"
    tap(page, "patient-next", "consent-next")
    yield "pesan-4-persetujuan"
    yield shown(page, "tiket", "/tiket", "lookup-search")
    yield shown(page, "tiket-terdaftar", f"/tiket/{people.booking_code}", "ticket-qr")
    yield shown(page, "tiket-selesai", f"/tiket/{people.done_code}", "give-survey")
    yield shown(page, "survei", f"/tiket/{people.done_code}/survei", "survey-send")
    yield shown(page, "pengaduan", "/pengaduan", "complaint-send")
    send_complaint(page)
    yield "pengaduan-terkirim"
    yield shown(page, "pengaduan-status", f"/pengaduan/{people.tracking_code}", "complaint-history")
    yield shown(page, "pengaturan", "/pengaturan", "text-size-1.5")
