"""Actions that can wait for the network: cancellations, SKM surveys and complaints
made while offline, kept in the device store and sent when the connection returns.

    outbox = Outbox(DeviceStore(path))
    outbox.complaint(facility_id="pkm-sumber", category=..., text="...")   # offline: kept
    result = await outbox.send(client)                                        # later

Each action gets its idempotency key when the user acts, and keeps it: if the app is
killed after the service committed an action but before the outbox recorded it as
sent, the next `send` repeats it with the same key and the service answers with the
first result instead of doing it twice. (A cancellation is idempotent by itself:
cancelling a cancelled booking answers with it.) Actions are sent one at a time, in
the order the user made them; the first that cannot get through stops the round.

A booking is never queued here: a queue number is issued by the service only, so
creating a booking offline fails at once with `ApiConnectionError`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from api_client.client import ApiClient
from api_client.errors import ApiConnectionError, ApiStatusError, RateLimited, ServerError
from api_client.models import (
    Channel,
    CitizenChannel,
    ComplaintCategory,
    ComplaintContact,
    RespondentProfile,
    SkmElement,
)
from api_client.store import DeviceStore

Kind = Literal["cancel", "survey", "complaint"]
STORE_KEY = "outbox"
SENT_COMPLAINTS_KEY = "outbox.sent_complaints"
KEEP_SENT_COMPLAINTS = 20


@dataclass(frozen=True)
class Pending:
    """One action waiting to be sent; `payload` is what the client method needs."""

    key: str
    kind: Kind
    payload: dict[str, Any]
    queued_at: str


@dataclass
class SendResult:
    sent: list[Pending] = field(default_factory=list)
    refused: list[tuple[Pending, ApiStatusError]] = field(default_factory=list)
    """Answered with a final no (e.g. the ticket was already called): dropped, since
    sending again cannot change the answer; the screen says why."""
    waiting: int = 0
    """Still in the outbox: the network (or the service) was not there for them."""


class Outbox:
    def __init__(self, store: DeviceStore, *, clock: Callable[[], dt.datetime] | None = None) -> None:
        self._store = store
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))

    # ------------------------------------------------------------ adding

    def cancel(self, booking_code: str) -> Pending:
        return self._add("cancel", None, {"booking_code": booking_code})

    def survey(
        self, booking_code: str, *, scores: dict[SkmElement, int], comment: str | None = None,
        channel: CitizenChannel = Channel.app, key: str | None = None,
        respondent: RespondentProfile | None = None,
    ) -> Pending:
        return self._add("survey", key, {
            "booking_code": booking_code, "scores": {str(k): v for k, v in scores.items()},
            "comment": comment, "channel": str(channel),
            "respondent": respondent.model_dump(mode="json") if respondent else None,
        })

    def complaint(
        self, *, facility_id: str, category: ComplaintCategory, text: str,
        contact: ComplaintContact | None = None, contact_consent: bool = False,
        channel: CitizenChannel = Channel.app,
        key: str | None = None,
    ) -> Pending:
        """``key``: the idempotency key the screen already sent this action with, if
        it tried first; a lost answer then cannot make it twice."""
        return self._add("complaint", key, {
            "facility_id": facility_id, "category": str(category), "text": text,
            "contact": contact.model_dump(mode="json") if contact else None,
            "contact_consent": contact_consent, "channel": str(channel),
        })

    def pending(self) -> list[Pending]:
        return [Pending(**entry) for entry in self._store.get(STORE_KEY) or []]

    def _add(self, kind: Kind, key: str | None, payload: dict[str, Any]) -> Pending:
        entry = Pending(
            key=key or uuid.uuid4().hex, kind=kind, payload=payload, queued_at=self._clock().isoformat()
        )
        self._store.set(STORE_KEY, [*(asdict(p) for p in self.pending()), asdict(entry)])
        return entry

    def sent_complaints(self) -> list[str]:
        """Tracking codes of complaints this outbox sent, newest first: the person
        never saw them on the screen (they wrote the complaint offline)."""
        return list(self._store.get(SENT_COMPLAINTS_KEY) or [])

    def _remember_complaint(self, answer: object) -> None:
        code = getattr(answer, "tracking_code", None)
        if isinstance(code, str):
            codes = [code, *(c for c in self.sent_complaints() if c != code)]
            self._store.set(SENT_COMPLAINTS_KEY, codes[:KEEP_SENT_COMPLAINTS])

    def _done(self, entry: Pending) -> None:
        self._store.set(STORE_KEY, [asdict(p) for p in self.pending() if p.key != entry.key])

    # ----------------------------------------------------------- sending

    async def send(self, client: ApiClient) -> SendResult:
        """Send what waits, oldest first, each once; stop at the first that cannot
        get through (offline, the service down or busy) and keep it and the rest."""
        result = SendResult()
        queue = self.pending()
        for n, entry in enumerate(queue):
            try:
                answer = await _SENDERS[entry.kind](client, entry)
            except (ApiConnectionError, ServerError, RateLimited):
                result.waiting = len(queue) - n
                return result
            except ApiStatusError as refused:
                self._done(entry)
                result.refused.append((entry, refused))
                continue
            if entry.kind == "complaint":
                self._remember_complaint(answer)
            self._done(entry)
            result.sent.append(entry)
        return result


def _citizen_channel(stored: str) -> CitizenChannel:
    return Channel.web if stored == Channel.web else Channel.app


def _cancel(client: ApiClient, entry: Pending) -> Awaitable[object]:
    return client.bookings.cancel(entry.payload["booking_code"])


def _survey(client: ApiClient, entry: Pending) -> Awaitable[object]:
    p = entry.payload
    return client.feedback.give(
        p["booking_code"], scores={SkmElement(k): v for k, v in p["scores"].items()},
        comment=p["comment"], channel=_citizen_channel(p["channel"]), idempotency_key=entry.key,
        respondent=RespondentProfile.model_validate(p["respondent"]) if p.get("respondent") else None,
    )


def _complaint(client: ApiClient, entry: Pending) -> Awaitable[object]:
    p = entry.payload
    return client.complaints.send(
        facility_id=p["facility_id"], category=ComplaintCategory(p["category"]), text=p["text"],
        contact=ComplaintContact.model_validate(p["contact"]) if p["contact"] else None,
        contact_consent=p["contact_consent"], channel=_citizen_channel(p["channel"]),
        idempotency_key=entry.key,
    )


_SENDERS: dict[str, Callable[[ApiClient, Pending], Awaitable[object]]] = {
    "cancel": _cancel, "survey": _survey, "complaint": _complaint,
}
