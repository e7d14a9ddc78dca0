"""Privacy routes: a person's export, consent withdrawal and anonymisation.

A person proves they own a booking with its code and the phone it was made with, in
the request body (never in the URL, which access logs keep); rate-limited like a
booking look-up, and a wrong code or phone answers alike. Dinkes answers a written
request by NIK under `/staff/privacy/…` (Dinkes only).
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
from server.audit import trail
from server.errors import documented
from server.privacy import service as privacy
from server.ratelimit import LOOKUP_PER_CLIENT, client_address
from server.staff.permissions import require_dinkes
from server.state import AppState, NowDep, PrincipalDep, StateDep

router = APIRouter(tags=["privacy"], responses=documented(401, 403, 404, 422, 429))
T = TypeVar("T")


def _own(
    state: AppState, request: Request, proof: BookingLookup,
    act: Callable[[Session, privacy.Person], T], *, writes: bool = True,
) -> T:
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    with state.db.write_transaction() if writes else state.db.read() as session:
        person = privacy.person_by_booking(
            session, vault=state.vault, code=proof.booking_code, phone=proof.phone
        )
        return act(session, person)


@router.post("/privacy/export", response_model=PersonalDataExport)
def export_own(proof: BookingLookup, request: Request, state: StateDep, now: NowDep) -> PersonalDataExport:
    """All the person's visits at every facility, their own data unmasked."""
    return _own(state, request, proof, lambda session, person: privacy.export(
        session, directory=state.directory, vault=state.vault, person=person, now=now), writes=False)


@router.post("/privacy/withdraw-consent", response_model=ConsentWithdrawal)
def withdraw_own(proof: BookingLookup, request: Request, state: StateDep, now: NowDep) -> ConsentWithdrawal:
    """Record the withdrawal; future bookings not yet checked in are cancelled."""
    return _own(state, request, proof, lambda session, person: privacy.withdraw_consent(
        session, directory=state.directory, person=person, now=now))


@router.post("/privacy/anonymise", response_model=Anonymisation)
def anonymise_own(proof: BookingLookup, request: Request, state: StateDep, now: NowDep) -> Anonymisation:
    """Erase the person's data from every visit; the visits stay for statistics."""
    return _own(state, request, proof, lambda session, person: privacy.anonymise(
        session, directory=state.directory, person=person, now=now))


# ------------------------------------------------------------------- Dinkes


def _by_nik(
    state: AppState, principal: PrincipalDep, data: PrivacyRequestByNik, what: str, now: dt.datetime,
    act: Callable[[Session, privacy.Person], T],
) -> T:
    require_dinkes(principal, what)
    with state.db.write_transaction() as session:
        person = privacy.person_by_nik(session, vault=state.vault, nik=data.nik)
        result = act(session, person)
        visits = result.visits  # type: ignore[attr-defined]
        trail.record(  # the trail names no one: how many visits, never whose
            session, principal=principal, action=f"privacy_{what}", subject="person", at=now,
            after={"visits": visits if isinstance(visits, int) else len(visits)},
        )
        return result


@router.post("/staff/privacy/export", response_model=PersonalDataExport)
def export_by_nik(
    data: PrivacyRequestByNik, principal: PrincipalDep, state: StateDep, now: NowDep
) -> PersonalDataExport:
    """Dinkes, on a person's request: their export, found by NIK."""
    return _by_nik(state, principal, data, "export", now, lambda session, person: privacy.export(
        session, directory=state.directory, vault=state.vault, person=person, now=now))


@router.post("/staff/privacy/withdraw-consent", response_model=ConsentWithdrawal)
def withdraw_by_nik(
    data: PrivacyRequestByNik, principal: PrincipalDep, state: StateDep, now: NowDep
) -> ConsentWithdrawal:
    return _by_nik(state, principal, data, "withdraw_consent", now, lambda session, person: (
        privacy.withdraw_consent(session, directory=state.directory, person=person, now=now)))


@router.post("/staff/privacy/anonymise", response_model=Anonymisation)
def anonymise_by_nik(
    data: PrivacyRequestByNik, principal: PrincipalDep, state: StateDep, now: NowDep
) -> Anonymisation:
    return _by_nik(state, principal, data, "anonymise", now, lambda session, person: privacy.anonymise(
        session, directory=state.directory, person=person, now=now))
