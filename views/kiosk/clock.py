"""The kiosk PC's clock in Rembang (WIB): today's date on the start screen and which
services are open now. Tests replace `now` to agree with the service's clock."""

from __future__ import annotations

import datetime as dt

from session import rembang_clock


def now() -> dt.datetime:
    return rembang_clock.now()
