"""What a screen reader says on every citizen screen (tests/browser/citizen_tour.py),
read from the accessibility tree Flutter builds in Chromium, on an Android phone.

Every interactive control (button, link, checkbox, radio, switch, tab, slider, text
field) has a name of its own, and no two controls on one screen share a name. A name is
what the control itself carries: its `aria-label`, its own text (a button is named by
its content), or a text field's label; never the label of a group around it (a
`ft.Semantics(label=…)` around an unnamed checkbox names the group, and the checkbox is
read as "checkbox"). Flutter's back arrow reads its name twice ("Kembali Kembali",
label and tooltip): a name said twice counts once.

Touch-target sizes: tests/browser/test_targets_browser.py.
"""

from __future__ import annotations

import httpx
import pytest

from api_client.identity import spell_booking_code
from tests.browser.citizen_tour import (
    ANDROID,
    SUMBER,
    People,
    browser_state,
    go,
    people_of,
    screenfuls,
    settled,
    tour,
)
from tests.browser.conftest import by_id, screenshot
from views.faskes.contact import phone_shown

PHONE = {"width": 412, "height": 915}
CONTROLS = """(root) => {
  const host = root || document.querySelector('flt-semantics-host');
  const ROLES = ['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'slider', 'menuitem'];
  const said = (text) => {
    const words = (text || '').replace(/\\s+/g, ' ').trim();
    const half = words.split(' ');
    const n = half.length / 2;
    return n >= 1 && Number.isInteger(n) && half.slice(0, n).join(' ') === half.slice(n).join(' ')
      ? half.slice(0, n).join(' ') : words;
  };
  return [...host.querySelectorAll('[role], input, textarea')]
    .filter(e => ROLES.includes(e.getAttribute('role')) || ['INPUT', 'TEXTAREA'].includes(e.tagName))
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => {
      const field = ['INPUT', 'TEXTAREA'].includes(e.tagName);
      const labelled = (e.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
        .map(id => document.getElementById(id)?.textContent || '').join(' ');
      const name = e.getAttribute('aria-label') || labelled
        || (field ? [...(e.labels || [])].map(l => l.textContent).join(' ') : e.innerText);
      const node = e.closest('[flt-semantics-identifier]');
      return {name: said(name), kind: field ? e.tagName.toLowerCase() : e.getAttribute('role'),
              id: node ? node.getAttribute('flt-semantics-identifier') : ''};
    });
}"""


def controls(page, root=None) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return page.evaluate(CONTROLS, root)


# A setup tried again (after a hung browser) books for a new patient: the first try's
# booking would answer already_booked.
SERIALS = iter(range(7820, 7830))


@pytest.fixture(scope="module")
def people(web_server) -> People:  # type: ignore[no-untyped-def]
    return people_of(web_server, next(SERIALS))


def test_every_control_on_every_citizen_screen_has_a_name_of_its_own(new_page, web_server, people):  # type: ignore[no-untyped-def]
    page = new_page("/", viewport=PHONE, storage_state=browser_state(web_server.url, people, text_scale=1.0),
                    **ANDROID)
    unnamed: dict[str, list[str]] = {}
    twice: dict[str, list[str]] = {}
    counted = 0
    for name in tour(page, people, web_server):
        for _stop in screenfuls(page, PHONE):
            found = controls(page)
            counted += len(found)
            names = [c["name"] for c in found]
            unnamed[name] = sorted({f"{c['kind']} {c['id']}" for c in found if not c["name"]}
                                   | set(unnamed.get(name, [])))
            twice[name] = sorted({n for n in names if n and names.count(n) > 1} | set(twice.get(name, [])))
        if unnamed[name] or twice[name]:
            screenshot(page, f"a11y-{name}")
    assert counted > 100
    assert {k: v for k, v in unnamed.items() if v} == {}, "controls without a name of their own"
    assert {k: v for k, v in twice.items() if v} == {}, "two controls with one name on a screen"


def test_the_booking_code_address_phone_and_service_buttons_read_as_they_should(new_page, web_server, people):  # type: ignore[no-untyped-def]
    """The ticket's code is text read character by character in its groups, not an
    empty text box; the facility's address and phone are text; each "Ambil nomor" button
    says which service it books."""
    facility = httpx.get(f"{web_server.api_url}/facilities/{SUMBER}", timeout=10).json()
    page = new_page(f"/tiket/{people.booking_code}", viewport=PHONE, **ANDROID)
    code = by_id(page, "booking-code").first
    code.wait_for(state="attached", timeout=30_000)
    assert code.locator("input, textarea").count() == 0
    said = code.get_attribute("aria-label") or code.text_content()
    assert said == spell_booking_code(people.booking_code)

    go(page, f"/faskes/{SUMBER}")
    settled(page, f"book-{people.poli_umum}")
    books = {}
    fields = 0
    texts = ""
    for _stop in screenfuls(page, PHONE):
        books |= {c["id"]: c["name"] for c in controls(page) if c["id"].startswith("book-")}
        fields += page.locator("flt-semantics-host").locator("input, textarea").count()
        texts += page.evaluate("""() => [...document.querySelectorAll('flt-semantics-host *')]
            .map(e => (e.getAttribute('aria-label') || '') + ' ' + e.textContent).join(' ')""")
    assert fields == 0, "the facility page has no text to type into"
    assert facility["address"] and facility["address"] in texts
    assert facility["phone"] and phone_shown(facility["phone"]) in texts
    services = {f"book-{s['id']}": s["name"] for s in facility["services"]}
    assert len(books) >= 3
    assert books == {key: f"Ambil nomor {services[key]}" for key in books}
