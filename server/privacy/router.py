"""Privacy routes: a person's export, consent withdrawal and anonymisation.

A person proves they own a booking with its code and the phone it was made with, in
the request body (never in the URL, which access logs keep); rate-limited like a
booking look-up, and a wrong code or phone answers alike. What they reach is only
the visits booked with that NIK *and* that phone (`server.privacy.service`). Dinkes
answers a written request for every visit of a NIK under `/staff/privacy/…` (Dinkes
only, after checking the KTP at a desk).

Every action that is answered, by a person or by Dinkes, leaves an audit row in its
own transaction (written by `server.privacy.service`). A person's failed proof leaves
none (it is rate-limited instead). A Dinkes look-up that finds no visit for the NIK
(404 `person_not_found`) leaves a row too, with 0 visits: every look-up by NIK is
accounted for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from api_client.models import (
    Anonymisation,
    BookingLookup,
    ConsentWithdrawal,
    PersonalDataExport,
    PrivacyRequestByNik,
)
from server.deps import NowDep, PrincipalDep, StateDep
from server.errors import ApiProblem, documented
from server.privacy import service as privacy
from server.ratelimit import LOOKUP_PER_CLIENT, client_address
from server.staff.asker import asker_transaction
from server.staff.permissions import require_dinkes
from server.state import AppState

router = APIRouter(tags=["privacy"], responses=documented(401, 403, 404, 422, 429))


Answer = TypeVar("Answer", PersonalDataExport, ConsentWithdrawal, Anonymisation)


def _own(
    state: AppState, request: Request, proof: BookingLookup,
    act: Callable[[Session, privacy.Person], Answer],
) -> Answer:
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    with state.db.write_transaction() as session:  # even an export writes its audit row
        person = privacy.person_by_booking(
            session=session, vault=state.vault, code=proof.booking_code, phone=proof.phone
        )
        return act(session, person)


@router.post("/privacy/export", response_model=PersonalDataExport)
def export_own(proof: BookingLookup, request: Request, state: StateDep, now: NowDep) -> PersonalDataExport:
    """The visits booked with this booking's NIK and phone, at every facility, their own
    data unmasked. Every visit of a NIK: Dinkes, on request (`/staff/privacy/export`)."""
    return _own(state, request, proof, lambda session, person: privacy.export(
        session=session, directory=state.directory, vault=state.vault, person=person, now=now))


@router.post("/privacy/withdraw-consent", response_model=ConsentWithdrawal)
def withdraw_own(proof: BookingLookup, request: Request, state: StateDep, now: NowDep) -> ConsentWithdrawal:
    """Record the withdrawal on the visits booked with this NIK and phone; their future
    bookings not yet checked in are cancelled."""
    return _own(state, request, proof, lambda session, person: privacy.withdraw_consent(
        session=session, directory=state.directory, person=person, now=now))


@router.post("/privacy/anonymise", response_model=Anonymisation)
def anonymise_own(proof: BookingLookup, request: Request, state: StateDep, now: NowDep) -> Anonymisation:
    """Erase the person's data from the visits booked with this NIK and phone; the visits
    stay for statistics."""
    return _own(state, request, proof, lambda session, person: privacy.anonymise(
        session=session, directory=state.directory, person=person, now=now))


# ------------------------------------------------------------------- Dinkes


def _by_nik(
    state: AppState, principal: PrincipalDep, data: PrivacyRequestByNik, what: str, now: dt.datetime,
    act: Callable[[Session, privacy.Person], Answer],
) -> Answer:
    require_dinkes(principal, what)
    try:
        with asker_transaction(state.db, principal) as session:  # a Dinkes deactivated just now: 401
            person = privacy.person_by_nik(session=session, vault=state.vault, nik=data.nik)
            return act(session, person)
    except ApiProblem as problem:
        if problem.detail.code != "person_not_found":
            raise
        with asker_transaction(state.db, principal) as session:  # its own: the 404 is still answered
            privacy.record_nobody_found(session=session, what=what, by=principal,
                                        request_reference=data.request_reference, now=now)
        raise


@router.post("/staff/privacy/export", response_model=PersonalDataExport)
def export_by_nik(
    data: PrivacyRequestByNik, principal: PrincipalDep, state: StateDep, now: NowDep
) -> PersonalDataExport:
    """Dinkes, on a person's request: their export, found by NIK."""
    return _by_nik(state, principal, data, "export", now, lambda session, person: privacy.export(
        session=session, directory=state.directory, vault=state.vault, person=person, now=now,
        by=principal, request_reference=data.request_reference))


@router.post("/staff/privacy/withdraw-consent", response_model=ConsentWithdrawal)
def withdraw_by_nik(
    data: PrivacyRequestByNik, principal: PrincipalDep, state: StateDep, now: NowDep
) -> ConsentWithdrawal:
    return _by_nik(state, principal, data, "withdraw_consent", now, lambda session, person: (
        privacy.withdraw_consent(session=session, directory=state.directory, person=person, now=now,
                                 by=principal, request_reference=data.request_reference)))


@router.post("/staff/privacy/anonymise", response_model=Anonymisation)
def anonymise_by_nik(
    data: PrivacyRequestByNik, principal: PrincipalDep, state: StateDep, now: NowDep
) -> Anonymisation:
    return _by_nik(state, principal, data, "anonymise", now, lambda session, person: privacy.anonymise(
        session=session, directory=state.directory, person=person, now=now,
        by=principal, request_reference=data.request_reference))
