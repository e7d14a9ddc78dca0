"""Rotating the keys while the service runs (`python -m server.keys rotate`).

1. **prepare**: a new generation, `next`, from the current secret. Instances read it
   (server.facilities.refresh) and from then on open its values and look up its hashes
   too, while still sealing under the active one. Wait until every instance has.
2. **switch**: the new generation `active`, the old one `retiring`. Wait again, so
   that no instance seals under the old key any more.
3. **re-seal**: every value still sealed under another generation is opened and sealed
   again, its row's look-up hashes recomputed from the opened values, in batches of
   short transactions (rows locked one batch at a time) until none is left.
4. **retire**: the old generation `retired`; instances stop looking its hashes up.

Look-ups work throughout: from step 1 until the instances read step 4, they try the
hash under each generation (server.vault `lookup_keys`). A rotation cut short (a
crash, Ctrl-C) is finished by running `rotate` again: it picks up where it stopped.

Idempotency records cannot be re-hashed (the request is not kept): they stay under
their key until they expire (48 hours), and the retired generation still checks them.

One thing a rotation cannot mend alone: two instances that each took a booking of
the same person for the same service and day at the same moment, one under each
key, just after the switch (the one-active-booking check sees both keys, but two
transactions at the same instant on PostgreSQL do not see each other). Re-hashing
the older one then meets the unique index: `rotate` stops with `RotationBlocked`,
naming the visit's id; cancel one of the two bookings and run it again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Table, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.complaints.tables import ComplaintRow
from server.db import Database
from server.idempotency import IdempotencyRow
from server.keys.ring import Secrets, State, load_keyring, record_secret, secret_id
from server.keys.tables import KeyGenerationRow
from server.queue.tables import VisitRow
from server.staff.tables import StaffAccountRow
from server.staff.totp import SEALED_AS as TOTP_SEALED_AS
from server.vault import Vault, sealed_kid

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SealedColumns:
    """A table's sealed columns (column: purpose) and its keyed look-up hashes
    (column: the sealed column it is the hash of)."""

    table: Table
    sealed: dict[str, str]
    hashed: dict[str, str] = field(default_factory=dict)


SEALED = (
    SealedColumns(
        VisitRow.__table__,  # type: ignore[arg-type]
        {"name_sealed": "name", "nik_sealed": "nik", "bpjs_sealed": "bpjs",
         "phone_sealed": "phone", "birth_date_sealed": "birth_date"},
        {"patient_key": "nik_sealed", "phone_key": "phone_sealed"},
    ),
    SealedColumns(
        ComplaintRow.__table__,  # type: ignore[arg-type]
        {"contact_name_sealed": "name", "contact_phone_sealed": "phone"},
    ),
    SealedColumns(
        StaffAccountRow.__table__,  # type: ignore[arg-type]
        {"totp_secret_sealed": TOTP_SEALED_AS},
    ),
)

class RotationBlocked(RuntimeError):
    """A row cannot be re-hashed: it would clash with another row (see above)."""


Step = Callable[[str], None]  # called with the step's name after it: waits for the instances


@dataclass
class Rotation:
    kid: str
    resealed: int = 0  # rows
    retired: list[str] = field(default_factory=list)


def rotate(*, db: Database, secrets: Secrets, now: Callable[[], dt.datetime],
           settle: Step, batch: int = 500) -> Rotation:
    """Run (or finish) a rotation; `settle` waits until every instance has read the
    key generations again (the refresh interval, or less in tests)."""
    with db.write_transaction() as session:
        record_secret(session=session, secrets=secrets)
        rows = {row.state: row for row in session.scalars(select(KeyGenerationRow))
                if row.state != State.retired}
        if State.next not in rows and State.retiring not in rows:
            next_id = (session.scalar(select(func.max(KeyGenerationRow.id))) or 0) + 1
            session.add(KeyGenerationRow(
                id=next_id, kid=f"k{next_id}", state=State.next,
                secret_id=secret_id(secrets.current), created_at=now(),
            ))
            log.info("key generation k%d prepared", next_id)
    if State.retiring not in rows:
        settle("prepared")
        with db.write_transaction() as session:
            session.execute(update(KeyGenerationRow).where(KeyGenerationRow.state == State.active)
                            .values(state=State.retiring))
            session.execute(update(KeyGenerationRow).where(KeyGenerationRow.state == State.next)
                            .values(state=State.active))
        settle("switched")
    with db.read() as session:
        vault = Vault(load_keyring(session=session, secrets=secrets))
    rotation = Rotation(kid=vault.kid)
    for columns in SEALED:
        size = batch
        while True:
            try:
                done = reseal_batch(db=db, vault=vault, columns=columns, batch=size)
            except IntegrityError:
                size = 1  # row by row, to name the row that clashes
                continue
            if not done:
                break
            rotation.resealed += done
            settle("batch")
    with db.write_transaction() as session:
        rotation.retired = list(session.scalars(
            select(KeyGenerationRow.kid).where(KeyGenerationRow.state == State.retiring)
        ))
        session.execute(update(KeyGenerationRow).where(KeyGenerationRow.state == State.retiring)
                        .values(state=State.retired, retired_at=now()))
    settle("retired")
    return rotation


def _not_under(columns: SealedColumns, kid: str) -> ColumnElement[bool]:
    """Rows with a value sealed under another key id than `kid`."""
    c = columns.table.c
    return or_(*(c[name].is_not(None) & ~c[name].startswith(f"{kid}.") for name in columns.sealed))


def reseal_batch(*, db: Database, vault: Vault, columns: SealedColumns, batch: int) -> int:
    """Re-seal up to `batch` rows not yet wholly under the active key; how many."""
    c = columns.table.c
    query = (select(c.id, *(c[n] for n in columns.sealed), *(c[n] for n in columns.hashed))
             .where(_not_under(columns, vault.kid)).order_by(c.id).limit(batch))
    with db.write_transaction() as session:
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        rows = session.execute(query).mappings().all()
        try:
            for row in rows:
                session.execute(update(columns.table).where(c.id == row["id"])
                                .values(**_resealed(vault, columns, row)))
        except IntegrityError:
            if len(rows) == 1:
                raise RotationBlocked(
                    f"{columns.table.name} {rows[0]['id']}: its look-up hash under {vault.kid} "
                    "clashes with another active row of the same person, service and day (two "
                    "bookings made at once during the rotation); cancel one and run rotate again"
                ) from None
            raise
    return len(rows)


def _resealed(vault: Vault, columns: SealedColumns, row: object) -> dict[str, str]:
    values: dict[str, str] = {}
    opened: dict[str, str] = {}
    for name, purpose in columns.sealed.items():
        sealed = row[name]  # type: ignore[index]
        if sealed is None:
            continue
        opened[name] = plain = vault.open(sealed, purpose=purpose)
        values[name] = sealed if sealed_kid(sealed) == vault.kid else vault.seal(plain, purpose=purpose)
    for name, source in columns.hashed.items():
        if row[name] is not None and source in opened:  # type: ignore[index]
            values[name] = vault.lookup_key(opened[source], purpose=columns.sealed[source])
    return values


# ------------------------------------------------------------------- status


@dataclass
class Status:
    generations: list[tuple[str, str]]  # (kid, state), oldest first
    sealed: dict[str, dict[str, int]]  # "table.column": {kid: values}
    idempotency: dict[str, int]  # kid: records

    def by_kid(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for counts in self.sealed.values():
            for kid, n in counts.items():
                total[kid] = total.get(kid, 0) + n
        return total


def status(*, session: Session) -> Status:
    """How many sealed values (and idempotency records) each key id holds."""
    generations = [(row.kid, row.state) for row in
                   session.scalars(select(KeyGenerationRow).order_by(KeyGenerationRow.id))]
    kids = [kid for kid, _ in generations]
    sealed: dict[str, dict[str, int]] = {}
    for columns in SEALED:
        c = columns.table.c
        counts = [
            func.coalesce(func.sum(case((c[name].startswith(f"{kid}."), 1), else_=0)), 0)
            for name in columns.sealed for kid in kids
        ]
        row = session.execute(select(*counts)).one()
        for i, name in enumerate(columns.sealed):
            sealed[f"{columns.table.name}.{name}"] = {
                kid: int(row[i * len(kids) + j]) for j, kid in enumerate(kids)
            }
    idempotency = {kid: int(session.scalar(
        select(func.count()).where(IdempotencyRow.request_hash.startswith(f"{kid}:"))
    ) or 0) for kid in kids}
    return Status(generations=generations, sealed=sealed, idempotency=idempotency)
