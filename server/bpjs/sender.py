"""Sends what waits in the outbox (`server.bpjs.outbox`) to Antrol, in the order it
happened per visit, and records how it went:

* claimed first (`claimed_until`): two instances never send the same row at once; a
  claim of a process that died runs out after `LSR_BPJS_CLAIM_SECONDS` and the row is
  sent again; a round whose claim ran out (BPJS slow) stops before its next row;
* sent again after a crash between BPJS's answer and our record of it: BPJS answers
  that it has it already ("sudah ada"), which counts as sent — so each message takes
  effect at BPJS once;
* BPJS unreachable (no connection, timeout, 5xx): tried again with a doubling wait
  (`backoff`), and the rest of the round waits too (BPJS is down for everyone);
* BPJS refuses it (any code but 200): `failed`, with BPJS's message, until an
  administrator sends it again (`retry`) — after mapping a poli, say. A message that
  cannot be built for a reason nobody foresaw (a seal that no longer opens) fails
  that row alone, with the exception's type: never the round of every facility;
* a facility whose bridge an administrator turned off sends nothing: its rows wait,
  untouched, and go as soon as the bridge is on again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from dataclasses import dataclass

import httpx
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from api_client.models import BpjsOutboxReason as Reason
from server.bpjs import antrol
from server.bpjs.credentials import FacilityCredentials
from server.bpjs.messages import Message, NotYet, Skip, Unsendable, message_for
from server.bpjs.outbox import State
from server.bpjs.tables import BridgeRow, OutboxRow
from server.periodic import cancelled
from server.state import AppState

log = logging.getLogger(__name__)

ROUND = 50  # rows claimed per round
FIRST_WAIT = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(hours=1)
NOT_YET_WAIT = dt.timedelta(minutes=1)  # a walk-in still at the loket
ALREADY_THERE = ("sudah ada", "duplikasi", "sudah dibatalkan", "sudah terdaftar")
PERSONAL_NUMBER = re.compile(r"\+?\d{9,}")  # a NIK (16), a card (13), a phone (10-13)


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed try: 30 s, 1 min, 2 min, … at most an hour."""
    return min(FIRST_WAIT * (1 << min(max(attempts - 1, 0), 16)), LONGEST_WAIT)


@dataclass(frozen=True)
class Claimed:
    row_id: int
    credentials: FacilityCredentials
    message: Message
    claimed_until: dt.datetime


def claim(state: AppState, now: dt.datetime) -> tuple[list[Claimed], int]:
    """The rows due now, each the first still waiting of its visit, claimed until
    `now` + `bpjs_claim_seconds`, with the message each sends; and how many rows were
    settled here instead (nothing to send, or a message that cannot be built)."""
    until = now + dt.timedelta(seconds=state.settings.bpjs_claim_seconds)
    earlier = aliased(OutboxRow)
    first_of_visit = (select(func.min(earlier.id)).where(
        earlier.visit_id == OutboxRow.visit_id, earlier.state == State.waiting.value,
    ).scalar_subquery())
    claimed: list[Claimed] = []
    settled = 0
    with state.db.write_transaction() as session:
        rows = session.scalars(
            select(OutboxRow).where(
                OutboxRow.state == State.waiting.value, OutboxRow.next_attempt_at <= now,
                or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until < now),
                OutboxRow.id == first_of_visit,
                OutboxRow.facility_id.in_(select(BridgeRow.facility_id).where(BridgeRow.enabled)),
            ).order_by(OutboxRow.next_attempt_at, OutboxRow.id).limit(ROUND).with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            credentials = state.bpjs.get(row.facility_id)
            if credentials is None:
                _wait(row, now, Reason.no_credentials)
                continue
            try:
                built = message_for(session, state.directory, state.vault, row, credentials.variant, now)
            except NotYet as why:
                _wait(row, now, why.reason, after=NOT_YET_WAIT)
                continue
            except Unsendable as why:
                _settle(row, State.failed, now, reason=why.reason)
                settled += 1
                continue
            except SQLAlchemyError:
                raise  # the database, not the row: the round is tried again
            except Exception as err:  # noqa: BLE001 - one row's bug must not stop every row
                # Its type only: an exception's text may quote the patient's data.
                log.error("BPJS outbox row %s: its message could not be built (%s)", row.id,
                          type(err).__name__)
                _settle(row, State.failed, now, reason=Reason.unbuilt, message=type(err).__name__)
                settled += 1
                continue
            if isinstance(built, Skip):
                _settle(row, State.skipped, now, reason=built.reason)
                settled += 1
                continue
            row.claimed_until = until
            claimed.append(Claimed(row.id, credentials, built, until))
    return claimed, settled


def record(state: AppState, claimed: Claimed, outcome: antrol.Answer | antrol.Unreachable,
           now: dt.datetime) -> None:
    """How one send went, unless the claim ran out meanwhile (another instance owns it)."""
    with state.db.write_transaction() as session:
        row = session.get(OutboxRow, claimed.row_id, with_for_update=True)
        if row is None or row.claimed_until != claimed.claimed_until or row.state != State.waiting.value:
            return
        if isinstance(outcome, antrol.Unreachable):
            row.attempts += 1
            _wait(row, now, Reason.unreachable, message=str(outcome), after=backoff(row.attempts))
        elif outcome.ok or any(s in outcome.message.lower() for s in ALREADY_THERE):
            row.attempts += 1
            _settle(row, State.sent, now, code=str(outcome.code), message=_without_numbers(outcome.message))
        else:
            row.attempts += 1
            _settle(row, State.failed, now, code=str(outcome.code), message=_without_numbers(outcome.message))


def _without_numbers(said: str) -> str:
    """BPJS's message as kept: the outbox keeps no personal data, and BPJS may quote
    the NIK, card or phone number it refuses."""
    return PERSONAL_NUMBER.sub("…", said)


def release(state: AppState, claimed: list[Claimed]) -> None:
    """Claims not sent this round (BPJS went away): due again at once next round. A
    claim that ran out and was taken by another instance is left to it."""
    if claimed:
        with state.db.write_transaction() as session:
            session.execute(update(OutboxRow).where(
                OutboxRow.id.in_([c.row_id for c in claimed]),
                OutboxRow.claimed_until == claimed[0].claimed_until,  # one round, one claim time
            ).values(claimed_until=None))


def retry(session: Session, row_id: int, now: dt.datetime) -> OutboxRow | None:
    """An administrator sends a failed (or waiting) row again now."""
    row = session.get(OutboxRow, row_id, with_for_update=True)
    if row is None or row.state == State.sent.value:
        return row
    row.state, row.next_attempt_at, row.claimed_until = State.waiting.value, now, None
    return row


def _wait(row: OutboxRow, now: dt.datetime, reason: Reason, *, message: str | None = None,
          after: dt.timedelta = LONGEST_WAIT) -> None:
    row.next_attempt_at, row.claimed_until, row.last_code = now + after, None, None
    row.reason, row.last_message = reason.value, message[:300] if message else None


def _settle(row: OutboxRow, state_: State, now: dt.datetime, *, reason: Reason | None = None,
            code: str | None = None, message: str | None = None) -> None:
    row.state, row.claimed_until, row.last_code = state_.value, None, code
    row.reason, row.last_message = (reason.value if reason else None), message[:300] if message else None
    if state_ is State.sent:
        row.sent_at = now


async def send_round(state: AppState, client: httpx.AsyncClient) -> int:
    """Claim what is due and send it, one at a time in order; stop the round at the
    first sign that BPJS is away. Returns how many rows were settled (answered by BPJS,
    or with nothing to send): 0 when nothing more can be done now."""
    now = state.clock()
    claimed, answered = await asyncio.to_thread(claim, state, now)
    for i, c in enumerate(claimed):
        if state.clock() >= c.claimed_until:
            break  # BPJS was slow: the claim ran out, another instance may own the rest now
        try:
            outcome: antrol.Answer | antrol.Unreachable = await antrol.send(
                client, c.credentials, c.message, timestamp=int(state.clock().timestamp()))
        except antrol.Unreachable as err:
            outcome = err
        await asyncio.to_thread(record, state, c, outcome, state.clock())
        if isinstance(outcome, antrol.Unreachable):
            await asyncio.to_thread(release, state, claimed[i + 1:])
            break
        answered += 1
    return answered


class Sender:
    """The outbox's loop in an instance's lifespan, every `every_seconds`; idle (one
    query a round) while no facility is bridged."""

    def __init__(self, state: AppState, *, every_seconds: float,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.state = state
        self.every_seconds = every_seconds
        self.transport = transport
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self.state.bpjs:
            self._task = asyncio.create_task(self._run(), name="bpjs-outbox")

    async def stop(self) -> None:
        await cancelled(self._task)

    async def _run(self) -> None:
        async with httpx.AsyncClient(transport=self.transport) as client:
            while True:
                try:
                    while await send_round(self.state, client) >= ROUND:
                        pass  # more is due: go on at once
                except Exception:  # the database briefly away: try again next round
                    log.warning("BPJS outbox round failed; again in %s s", self.every_seconds,
                                exc_info=True)
                await asyncio.sleep(self.every_seconds)
