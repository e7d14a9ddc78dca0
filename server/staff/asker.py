"""The asker of a write, checked again inside its transaction.

A request's sign-in is checked when it arrives (`server.staff.principal`), outside the
transaction it then writes in: an administrator deactivated between that check and the
write would still change things. So every admin write locks the asker's account row in
its own transaction and checks it is still active there: a deactivation waits for the
write, or the write sees the deactivation and changes nothing (401, as any ended
sign-in).

    with asker_transaction(state.db, principal) as session:
        kiosk_devices.enrol(session=session, principal=principal, ...)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import Database
from server.staff.auth import Principal
from server.staff.sessions import ended
from server.staff.tables import KioskDeviceRow, StaffAccountRow


def lock_asker(
    session: Session, principal: Principal, *, with_account: int | None = None
) -> Sequence[StaffAccountRow]:
    """Lock the asker's account (and account `with_account`, in id order: two
    administrators changing each other wait for one another, never deadlock) for this
    transaction; the rows locked. 401 unless the asker's account is still active (a
    deactivation is a change of that row: it waits for this transaction, or this one
    sees it). A kiosk: its device must still be enrolled (no rows)."""
    if principal.device_id is not None:
        device = session.scalars(select(KioskDeviceRow).where(KioskDeviceRow.id == principal.device_id)
                                 .with_for_update()).first()
        if device is None or not device.active:
            raise ended()
        return []
    wanted = StaffAccountRow.username == principal.name
    if with_account is not None:
        wanted = wanted | (StaffAccountRow.id == with_account)
    locked = session.scalars(select(StaffAccountRow).where(wanted).order_by(StaffAccountRow.id)
                             .with_for_update()).all()
    asker = next((r for r in locked if r.username == principal.name), None)
    if asker is None or not asker.active:
        raise ended()
    return locked


@contextmanager
def asker_transaction(db: Database, principal: Principal) -> Iterator[Session]:
    """A write transaction whose asker is checked again inside it (`lock_asker`)."""
    with db.write_transaction() as session:
        lock_asker(session, principal)
        yield session
