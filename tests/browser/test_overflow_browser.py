"""No citizen screen overflows at any text size on a small and a common phone: every
screen of tests/browser/citizen_tour.py at each size of Pengaturan (session/theme.py
TEXT_SCALES) at 360×740, and at the largest at 412×915 (an Android browser:
touch-sized controls), scrolled from top to bottom, with a PNG of the top of each under
test-output/screenshots/overflow/ (the path is printed). One page per phone and size
moves between screens by address: about 45 s for 18 screens, 3 minutes for all four.

How overflow is found. Flutter paints on a canvas; what the DOM has is the accessibility
tree, whose nodes carry the box Flutter laid each one out in:
- A text with a node of its own (a heading, an app bar title, a text in
  `ft.Semantics`) has the box of its paragraph: as wide as its longest line (or the
  room it was given) and as high as its lines. A line is 1.1 to 1.75 times the font
  size high (Material's are up to 1.5), so the box says which font sizes are
  possible; the test wraps the text word by word at each of them (Roboto, the app's
  own font file, measured on a canvas). If every font size that explains the height
  needs a word wider than the box, a word was broken ("Tang/gal"). A heading (an app
  bar title included) whose height allows one line only, shorter than its text, was
  cut short (ellipsized). Other texts are not judged "cut": a `ft.Semantics` around a
  padded box is taller and wider than its paragraph.
- A control (button, text field, …) or a group holds its text with padding, so only a
  word wider than the whole box at the smallest text size (14 px) surely broke.
- A box cut by the edge of its scrolling list is left out (Flutter cuts the node's box
  too); so are images and a text field's helper and counter (read, not drawn as is).
- Any node that reaches past the left or right edge of the screen (outside a list that
  scrolls sideways) overflowed its row.
What is not seen: plain texts Flutter merges into their parent's label (most body
text) have no box of their own, so a cut or broken word there is found only when the
parent's box is too narrow for it; and Flutter's striped overflow marker is painted
in debug builds only. test_the_detector_finds_what_it_should checks the signals on
boxes made to overflow.
"""

from __future__ import annotations

import pytest

from session.theme import SMALLEST_TEXT, TEXT_SCALES
from tests.browser.citizen_tour import ANDROID, People, browser_state, people_of, screenfuls, tour
from tests.browser.conftest import SCREENSHOTS

PHONES = {"360": {"width": 360, "height": 740}, "412": {"width": 412, "height": 915}}
SHOTS = SCREENSHOTS / "overflow"

OVERFLOW = """async ([rootSelector, least]) => {
  if (!document.fonts.check('16px LsrRoboto')) {  // the Roboto Flutter draws with: the app's own file
    const url = performance.getEntriesByType('resource').map(e => e.name)
      .find(n => /roboto[^/]*\\.(woff2|ttf|otf)$/i.test(n));
    const face = new FontFace('LsrRoboto', `url(${url})`);
    await face.load();
    document.fonts.add(face);
  }
  const ctx = (window.lsrCanvas ||= document.createElement('canvas')).getContext('2d');
  ctx.font = '100px LsrRoboto';
  const em = (text) => ctx.measureText(text).width / 100;  // width per px of font size
  const room = (w) => w * 1.04 + 2;  // Flutter's shaping and bold differ a little from the canvas
  const wrap = (words, size, width) => {  // greedy, as Flutter wraps; a word wider than the line breaks
    let count = 0, used = Infinity, broken = false;
    for (const w of words) {
      const wide = em(w) * size;
      if (wide > room(width)) { broken = true; count += Math.ceil(wide / width); used = Infinity; continue; }
      const space = em(' ') * size;
      if (used + space + wide <= room(width)) used += space + wide; else { count++; used = wide; }
    }
    return [count, broken];
  };
  const LINE = 1.75;  // the tallest line for its font size: Material's 1.5, and a little room
  const host = document.querySelector(rootSelector);
  const CONTROL = ['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'slider', 'menuitem'];
  const FIELD = ['INPUT', 'TEXTAREA'];
  const scroller = (e) => {
    for (let n = e.parentElement; n && n !== host; n = n.parentElement)
      if (/auto|scroll/.test(getComputedStyle(n).overflowY)) return n.getBoundingClientRect();
    return {top: 0, bottom: innerHeight};
  };
  const found = [];
  for (const e of host.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) continue;
    const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(' ');
    const label = (e.getAttribute('aria-label') || own).replace(/\\s+/g, ' ').trim();
    if (!label) continue;
    const name = label.slice(0, 50);
    let sideways = false;
    for (let n = e.parentElement; n && n !== host; n = n.parentElement)
      if (/scroll|auto/.test(getComputedStyle(n).overflowX)) sideways = true;
    if (!sideways && (r.left < -1 || r.right > innerWidth + 1))
      found.push(`"${name}" reaches past the screen's edge `
                 + `(${Math.round(r.left)}…${Math.round(r.right)} px)`);
    // Flutter cuts a node's box at the edge of its scrolling list: measure only whole ones
    const list = scroller(e);
    if (r.top < list.top + 1 || r.bottom > list.bottom - 1 || e.getAttribute('role') === 'img') continue;
    // a text field's helper and counter are read, not drawn ("Sisa 3.000 karakter" for "0/3000")
    const node = e.tagName === 'SPAN' ? e.parentElement : e;  // a label's span is its node's
    const parent = node.parentElement;
    const decoration = parent && parent.querySelector(':scope > input, :scope > textarea');
    if (!FIELD.includes(e.tagName) && decoration) continue;
    const words = label.split(' ');
    if (CONTROL.includes(e.getAttribute('role')) || FIELD.includes(e.tagName) || e.childElementCount) {
      // a control or a group holds its text with padding: only a word wider than the whole
      // box at the smallest text size surely broke (an icon button's label is a tooltip)
      const word = words.find(w => em(w) * least > room(r.width));
      if (word && r.width > 64)
        found.push(`"${name}": "${word}" is wider than its ${Math.round(r.width)}-px box`);
      continue;
    }
    let explained = false, whole = false, cut = false;
    for (let size = least; size <= r.height / 1.1; size += 0.5) {
      const [count, broken] = wrap(words, size, r.width);
      const ratio = r.height / (count * size);
      if (ratio >= 1.1 && ratio <= LINE) { explained = true; if (!broken) whole = true; }
      const oneLine = r.height / size;
      if (oneLine >= 1.1 && oneLine <= LINE && count > 1) cut = true;
    }
    const size = `${Math.round(r.width)}×${Math.round(r.height)} px`;
    if (explained && !whole) found.push(`"${name}": a word is broken (${size})`);
    else if (!explained && cut && /^H[1-6]$/.test(e.tagName)) found.push(`"${name}" is cut short (${size})`);
  }
  return found;
}"""


def overflows(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(OVERFLOW, ["flt-semantics-host", SMALLEST_TEXT])


def scrolled_overflows(page, phone: dict[str, int]) -> list[str]:  # type: ignore[no-untyped-def]
    """The screen from top to bottom."""
    found: list[str] = []
    for _ in screenfuls(page, phone):
        found += [f for f in overflows(page) if f not in found]
    return found


# A setup tried again (after a hung browser) books for a new patient: the first try's
# booking would answer already_booked.
SERIALS = iter(range(7810, 7820))


@pytest.fixture(scope="module")
def people(web_server) -> People:  # type: ignore[no-untyped-def]
    return people_of(web_server, next(SERIALS))


# The small phone at every text size; the common one, wider, at the largest only (at a
# smaller size it has more room than the small phone: 90 s of CI for nothing found).
SIZES = [("360", scale) for scale in TEXT_SCALES] + [("412", max(TEXT_SCALES))]


@pytest.mark.parametrize(("phone", "scale"), SIZES)
def test_no_citizen_screen_overflows(new_page, web_server, people, phone, scale):  # type: ignore[no-untyped-def]
    viewport = PHONES[phone]
    state = browser_state(web_server.url, people, text_scale=scale)
    page = new_page("/", viewport=viewport, storage_state=state, **ANDROID)
    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"screenshots: {SHOTS}")
    found: dict[str, list[str]] = {}
    screens = 0
    for name in tour(page, people, web_server):
        screens += 1
        page.screenshot(path=str(SHOTS / f"{name}-{phone}-{scale}.png"))
        if problems := scrolled_overflows(page, viewport):
            found[name] = problems
    assert screens >= 18
    assert found == {}


def test_the_detector_finds_what_it_should(new_page):  # type: ignore[no-untyped-def]
    """The signals above on boxes made like Flutter's (a text's node is its paragraph):
    "Tanggal" at 24 px in a box half its width, two lines high; a title at 26 px cut to
    120 px on one line; a row past the right edge; and the same texts laid out well."""
    page = new_page("/", viewport=PHONES["360"])
    page.evaluate("""() => {
      const fake = document.createElement('div');
      fake.id = 'fake-host';
      const box = (text, left, top, width, height) => {
        const e = document.createElement('h2');
        e.textContent = text;
        e.style.cssText = `position:fixed;margin:0;font-size:10px;left:${left}px;top:${top}px;`
                        + `width:${width}px;height:${height}px;overflow:hidden`;
        fake.append(e);
      };
      box('Tanggal', 10, 10, 45, 56);               // broken: two lines of 24 px
      box('Tanggal', 10, 80, 84, 28);               // whole: one line of 24 px
      box('Pilih hari kunjungan', 10, 120, 120, 30); // a 26-px title on one line, cut
      box('Pilih hari kunjungan', 10, 160, 230, 30); // the same title with room
      box('Poli Umum', 300, 200, 100, 20);          // past the right edge of a 360-px screen
      document.body.append(fake);
    }""")
    found = page.evaluate(OVERFLOW, ["#fake-host", SMALLEST_TEXT])
    page.evaluate("() => document.getElementById('fake-host').remove()")
    assert found == [
        '"Tanggal": a word is broken (45×56 px)',
        '"Pilih hari kunjungan" is cut short (120×30 px)',
        '"Poli Umum" reaches past the screen\'s edge (300…400 px)',
    ]
