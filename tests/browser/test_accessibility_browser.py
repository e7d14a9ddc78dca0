"""Every interactive control on the citizen screens has an accessible name, read from
Flutter's accessibility tree in Chromium.

Touch-target sizes are not checked here: desktop Chromium gets Flutter's desktop
density (shrink-wrapped 40 px icon buttons), while a phone gets padded 48 px targets;
Pengaturan checks its own rows (tests/browser/test_preferences_browser.py).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

INTERACTIVE = (
    '[role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="switch"], '
    '[role="tab"], [role="slider"], input, textarea'
)
SCREENS = ["/", "/faskes", "/faskes/pkm-sumber", "/tiket", "/pengaturan", "/pengaduan"]
NAME = """el => {
  const own = el.getAttribute('aria-label') || el.innerText.trim() || el.placeholder || '';
  if (own) return own;
  if (el.labels && el.labels.length) return el.labels[0].innerText;
  const labelled = el.closest('[aria-label]');
  return labelled ? labelled.getAttribute('aria-label') : '';
}"""


@pytest.mark.parametrize("path", SCREENS)
def test_every_control_has_a_name(new_page, path: str):  # type: ignore[no-untyped-def]
    page = new_page(path)
    page.locator(INTERACTIVE).first.wait_for(timeout=20_000)
    page.wait_for_timeout(1_500)  # data-driven controls have arrived
    unnamed = [
        control.evaluate("el => el.outerHTML.slice(0, 160)")
        for control in page.locator(INTERACTIVE).all()
        if control.is_visible() and not (control.evaluate(NAME) or "").strip()
    ]
    screenshot(page, f"a11y{path.replace('/', '-')}")
    assert unnamed == [], f"controls without a name on {path}"
