"""How the TV's tiles fit their text: a service's whole name (wrapped on two lines at
most, never cut), the number, and where to go, at the largest size every tile allows.

Flutter lays the text out in the browser, so here widths are estimated from Roboto's
character widths, on the generous side (a wrong guess must give a line too many, never
one too few: an extra line costs a little size, a missing one clips the text). The
sizes are "design pixels" of a 1920×1080 screen; a smaller screen multiplies them all
by `screen_unit` (a 1366×768 TV: 0.71).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DESIGN_WIDTH = 1920
DESIGN_HEIGHT = 1080
GRID_HEIGHT = 800  # of a 1080-line screen, between the top line and the running text
GRID_WIDTH = 1420  # beside "the last called"
CLOSED_TEXT = 28  # the "Tutup hari ini" line under the grid
GAP = 16
PAD_X = 20 + 4  # a tile's padding and its (flash) border, each side
PAD_Y = 8 + 4
LINE_HEIGHT = 1.2  # Roboto's line is 1.17 of its size; the rest is margin

NAME = 32  # text sizes at full scale
NUMBER = 108
WHERE = 34
NOTE = 24  # "12 menunggu", "Loket 2 istirahat"
CLOSED = 64  # "Tutup" where the number would be
MAX_NAME_LINES = 2
MAX_WHERE_LINES = 2
SAMPLE_NUMBER = "A-000"  # the width every number is given (numbers change; tiles must not)

# Roboto's advance widths in thousandths of an em, for " " to "~" and "—…·•" (measured
# in Chromium from the Roboto that flet's web client bundles); Flutter's bold is drawn
# from the same font, a little wider. Any other character counts as an "M".
_CHARS = "".join(chr(c) for c in range(32, 127)) + "—…·•"
_WIDTHS = (
    248, 257, 320, 616, 562, 732, 622, 174, 342, 348, 431, 567, 196, 276, 263, 412, 562, 562, 562,
    562, 562, 562, 562, 562, 562, 562, 242, 211, 508, 549, 522, 472, 898, 652, 623, 651, 656, 568,
    553, 681, 713, 272, 552, 627, 538, 873, 713, 688, 631, 688, 616, 593, 597, 648, 636, 887, 627,
    601, 599, 265, 410, 265, 418, 451, 309, 544, 561, 523, 564, 530, 347, 561, 551, 243, 239, 507,
    243, 876, 552, 570, 561, 568, 338, 516, 327, 551, 484, 751, 496, 473, 496, 338, 244, 338, 680,
    781, 669, 261, 337,
)
_ADVANCE = dict(zip(_CHARS, _WIDTHS, strict=True))
_OTHER = _ADVANCE["M"]
BOLD = 1.04
MARGIN = 1.04  # kerning, rounding, and the bold strokes of a real screen


def char_width(char: str) -> float:
    """In ems."""
    return _ADVANCE.get(char, _OTHER) / 1000


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    return sum(char_width(c) for c in text) * size * (BOLD if bold else 1.0) * MARGIN


def lines(text: str, size: float, width: float, *, bold: bool = False) -> int:
    """Lines `text` takes in `width` px, wrapped at spaces as Flutter does (a word wider
    than the line is broken)."""
    if width <= 0:
        return 1_000
    count, used = 1, 0.0
    space = text_width(" ", size, bold=bold)
    for word in text.split():
        w = text_width(word, size, bold=bold)
        if used and used + space + w <= width:
            used += space + w
            continue
        if used:
            count += 1
        count += max(0, math.ceil(w / width) - 1)
        used = w - (math.ceil(w / width) - 1) * width
    return count


@dataclass(frozen=True)
class TileText:
    """What one tile has to show (translated): its name, the waiting count beside it,
    where to go (or why it is closed), and a note (a paused counter)."""

    name: str = ""
    waiting: str = ""
    where: str = ""
    note: str = ""
    closed: bool = False


def closed_line_height(text: str, width: float = GRID_WIDTH) -> float:
    """Design px of the "Tutup hari ini" line (its padding, icon and gap included): as
    many lines as its text needs, never cut."""
    count = lines(text, CLOSED_TEXT, width - 2 * 20 - 44)
    return count * CLOSED_TEXT * LINE_HEIGHT + 2 * 10 + GAP


def screen_unit(width: float | None, height: float | None) -> float:
    """Design pixels → screen pixels: 1.0 at 1920×1080, 0.71 at 1366×768."""
    if not width or not height:
        return 1.0
    return max(0.3, min(1.5, width / DESIGN_WIDTH, height / DESIGN_HEIGHT))


def roomy(scale: float) -> bool:
    """Big enough tiles show the waiting count beside the name."""
    return scale >= 0.75


def tile_fits(text: TileText, scale: float, width: float, height: float) -> bool:
    """Whether a tile of `width`×`height` design px holds `text` at `scale`."""
    inner_w, inner_h = width - 2 * PAD_X, height - 2 * PAD_Y
    if text_width(SAMPLE_NUMBER, NUMBER * scale, bold=True) > inner_w:
        return False
    beside = text_width(text.waiting, NOTE * scale) + 12 if roomy(scale) and text.waiting else 0
    name = lines(text.name, NAME * scale, inner_w - beside, bold=True)
    where = lines(text.where, (NOTE if text.closed else WHERE) * scale, inner_w)
    if name > MAX_NAME_LINES or where > MAX_WHERE_LINES:
        return False
    middle = CLOSED if text.closed else NUMBER
    note = lines(text.note, NOTE * scale, inner_w) if text.note else 0
    needed = (name * NAME + middle + where * (NOTE if text.closed else WHERE) + note * NOTE)
    return needed * scale * LINE_HEIGHT <= inner_h


def grid_shape(
    n: int, *, width: float = GRID_WIDTH, height: float = GRID_HEIGHT,
    texts: list[TileText] | None = None,
) -> tuple[int, float]:
    """(columns, text scale) for `n` tiles in `width`×`height` design px: the columns
    that allow the largest text, in steps of 5 %. 9 one-line tiles fit 3×3 at full
    size; a hospital's 26 fit 6 a row at about half (one TV per wing reads better)."""
    sample = texts or [TileText()] * n

    def scale(columns: int) -> float:
        rows = max(1, math.ceil(n / columns))
        tile_w = (width - GAP * (columns - 1)) / columns
        tile_h = (height - GAP * (rows - 1)) / rows
        for step in range(20, 0, -1):
            s = step / 20
            if all(tile_fits(text, s, tile_w, tile_h) for text in sample):
                return s
        return 0.05

    columns = max(range(1, 8), key=lambda c: (scale(c), -c))
    return columns, scale(columns)
