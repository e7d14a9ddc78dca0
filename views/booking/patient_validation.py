"""The patient form as plain data, and its checks (no Flet: testable on its own).

Each check gives a problem ``(code, params)`` that ``session.i18n.error_message``
turns into a sentence: the same codes as the server's (``api_client.identity``),
so a problem found here and one sent back by the server read the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticCustomError

from api_client.identity import (
    check_birth_date_matches_nik,
    normalize_bpjs,
    normalize_name,
    normalize_nik,
    normalize_phone,
)
from api_client.models import FieldError, PatientIn, Payer
from session.state import SavedProfile

Problem = tuple[str, dict[str, Any]]
"""An error code and its params, e.g. ``("nik_length", {"length": 15})``."""

FIELDS = ("name", "nik", "phone", "birth_date", "bpjs_number")


@dataclass(frozen=True)
class PatientDraft:
    """What the user typed, as typed."""

    name: str = ""
    nik: str = ""
    phone: str = ""
    birth_day: str = ""
    birth_month: str = ""
    birth_year: str = ""
    bpjs_number: str = ""

    @classmethod
    def of(cls, profile: SavedProfile) -> PatientDraft:
        born = dt.date.fromisoformat(profile.birth_date)
        phone = profile.phone
        if phone.startswith("+62"):
            phone = "0" + phone.removeprefix("+62")  # as people write it
        return cls(
            name=profile.name, nik=profile.nik, phone=phone, birth_day=str(born.day),
            birth_month=str(born.month), birth_year=str(born.year),
            bpjs_number=profile.bpjs_number or "",
        )

    def birth_date_complete(self) -> bool:
        return all(p.strip() for p in (self.birth_day, self.birth_month, self.birth_year))


def _custom(err: PydanticCustomError) -> Problem:
    return err.type, dict(err.context or {})


def _birth_date(draft: PatientDraft, *, today: dt.date) -> dt.date:
    if not draft.birth_date_complete():
        raise PydanticCustomError("missing", "birth date is incomplete")
    try:
        born = dt.date(int(draft.birth_year), int(draft.birth_month), int(draft.birth_day))
    except ValueError:
        raise PydanticCustomError("date_parsing", "birth date is not a real date") from None
    if born > today or born.year < 1900:
        raise PydanticCustomError("date_parsing", "birth date is out of range")
    return born


def check_field(
    field: str, draft: PatientDraft, payer: Payer | None, *, today: dt.date | None = None
) -> Problem | None:
    """The problem with one field of ``draft``, or None when it is fine."""
    today = today or dt.date.today()
    try:
        if field == "name":
            normalize_name(draft.name)
        elif field == "nik":
            if not draft.nik.strip():
                return ("missing", {})
            normalize_nik(draft.nik)
        elif field == "phone":
            if not draft.phone.strip():
                return ("missing", {})
            normalize_phone(draft.phone)
        elif field == "birth_date":
            born = _birth_date(draft, today=today)
            if check_field("nik", draft, payer, today=today) is None:
                check_birth_date_matches_nik(draft.nik, born)
        elif field == "bpjs_number" and payer is Payer.jkn:
            if not draft.bpjs_number.strip():
                return ("bpjs_required", {})
            normalize_bpjs(draft.bpjs_number)
    except PydanticCustomError as err:
        return _custom(err)
    return None


def check_all(
    draft: PatientDraft, payer: Payer | None, *, today: dt.date | None = None
) -> dict[str, Problem]:
    """Every field's problem, by field name (empty when the form is fine)."""
    problems = {f: check_field(f, draft, payer, today=today) for f in FIELDS}
    return {f: p for f, p in problems.items() if p is not None}


def to_patient(draft: PatientDraft, payer: Payer) -> PatientIn:
    """The patient to send; call only when ``check_all`` found nothing."""
    return PatientIn(
        name=draft.name,
        nik=draft.nik,
        phone=draft.phone,
        birth_date=_birth_date(draft, today=dt.date.today()),
        bpjs_number=draft.bpjs_number if payer is Payer.jkn else None,
    )


def to_profile(patient: PatientIn, payer: Payer, consent_version: str) -> SavedProfile:
    return SavedProfile(
        name=patient.name, nik=patient.nik, phone=patient.phone,
        birth_date=patient.birth_date.isoformat(), bpjs_number=patient.bpjs_number,
        payer=payer.value, consent_version=consent_version,
    )


def ready_profile(profile: SavedProfile, consent_version: str) -> Payer | None:
    """How a saved patient pays when everything a booking needs is known (their
    details pass every check, their payer is known and they agreed to this version of
    the consent text): then booking for them is one tap. None otherwise."""
    if profile.payer not in {p.value for p in Payer} or profile.consent_version != consent_version:
        return None
    payer = Payer(profile.payer)
    return None if check_all(PatientDraft.of(profile), payer) else payer


def server_problems(fields: Iterable[FieldError]) -> dict[str, Problem]:
    """The server's field errors (``patient.nik``, ``service_date``…) by field name:
    patient fields lose their ``patient.`` prefix; others keep their name."""
    out: dict[str, Problem] = {}
    for error in fields:
        name = error.field.removeprefix("patient.")
        out.setdefault(name, (error.code, dict(error.params)))
    return out
