"""The demo credentials follow `LSR_DEMO` on every start.

Demo accounts and demo kiosk keys (marked `demo`, seeded with demo on) must not
outlive the demo: a start with demo off disables them, so a database that began as
a demo cannot be signed into with the published demo passwords. A start with demo
on enables them again (the one-command demo keeps working after a start without).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from server.staff.tables import KioskDeviceRow, StaffAccountRow


@dataclass(frozen=True)
class DemoSwitch:
    accounts: int
    kiosk_keys: int

    def sentence(self, *, demo: bool) -> str:
        verb = "enabled" if demo else "disabled"
        return (f"demo {'on' if demo else 'off'}: {verb} {self.accounts} demo staff accounts "
                f"and {self.kiosk_keys} demo kiosk keys")


def apply_demo_setting(*, session: Session, demo: bool) -> DemoSwitch:
    """Enable (demo on) or disable (demo off) every demo credential; how many changed."""
    return DemoSwitch(
        accounts=_switch(session, StaffAccountRow, demo=demo),
        kiosk_keys=_switch(session, KioskDeviceRow, demo=demo),
    )


def _switch(session: Session, row: type[StaffAccountRow] | type[KioskDeviceRow], *, demo: bool) -> int:
    changed = session.scalars(
        update(row).where(row.demo.is_(True), row.active.is_(not demo))
        .values(active=demo).returning(row.id)
    ).all()
    return len(changed)
