"""Shared state of one session, as plain observable data (testable without a page).

`Preferences` and `Wallet` are saved to the device (Android, kiosk: TinyDB) or the
browser (client storage) after every change, and loaded when a session starts. The
wallet's patients are kept apart, sealed (session/patient_book.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import flet as ft

from api_client.models import Booking


@ft.observable
@dataclass
class Preferences:
    language: str = "id"
    text_scale: float = 1.0  # 1.0, 1.25, 1.5
    high_contrast: bool = False
    dark: bool = False
    followed: list[str] = field(default_factory=list)  # facility ids shown on Beranda
    near_turn: int | None = None  # people ahead when the ticket chimes; None: the app's

    def to_json(self) -> dict[str, Any]:
        # Not dataclasses.asdict: observable lists do not deep-copy.
        return {
            name: list(value) if isinstance(value, list) else value
            for name in self.__dataclass_fields__
            for value in (getattr(self, name),)
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Preferences:
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class SavedTicket:
    """What this device remembers of a booking: enough to list it and open it."""

    booking_code: str
    facility_id: str
    facility_name: str
    service_name: str
    service_date: str  # ISO date
    display_number: str

    @classmethod
    def of(cls, booking: Booking) -> SavedTicket:
        return cls(
            booking_code=booking.booking_code,
            facility_id=booking.facility_id,
            facility_name=booking.facility_name,
            service_name=booking.ticket.service_name,
            service_date=booking.service_date.isoformat(),
            display_number=booking.ticket.display_number,
        )

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.service_date)


@dataclass(frozen=True)
class SavedProfile:
    """A patient whose details this device keeps, so booking again is quick: with the
    way they paid last time and the version of the consent text they agreed to, the
    next booking for them is one tap after the day (views/booking/wizard.py)."""

    name: str
    nik: str
    phone: str
    birth_date: str  # ISO date
    bpjs_number: str | None = None
    payer: str | None = None  # the last booking's ("jkn" / "non_jkn")
    consent_version: str | None = None  # the consent text agreed to with that booking

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SavedProfile:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@ft.observable
@dataclass
class Wallet:
    tickets: list[SavedTicket] = field(default_factory=list)
    profiles: list[SavedProfile] = field(default_factory=list)
    patients_unreadable: bool = False
    """The sealed patients were there but could not be opened (Pengaturan says so)."""

    def keep_ticket(self, booking: Booking) -> None:
        saved = SavedTicket.of(booking)
        self.tickets = [t for t in self.tickets if t.booking_code != saved.booking_code] + [saved]

    def forget_ticket(self, booking_code: str) -> None:
        self.tickets = [t for t in self.tickets if t.booking_code != booking_code]

    def keep_profile(self, profile: SavedProfile) -> None:
        """Keep (or refresh) a patient: the last one used comes last. A BPJS number
        known before stays when this booking was paid otherwise."""
        before = self.profile_of(profile.nik)
        if before is not None and profile.bpjs_number is None:
            profile = replace(profile, bpjs_number=before.bpjs_number)
        self.profiles = [p for p in self.profiles if p.nik != profile.nik] + [profile]

    def profile_of(self, nik: str) -> SavedProfile | None:
        return next((p for p in self.profiles if p.nik == nik), None)

    def forget_profile(self, nik: str) -> None:
        self.profiles = [p for p in self.profiles if p.nik != nik]

    def to_json(self) -> dict[str, Any]:
        """The tickets; the patients are sealed apart (session/patient_book.py)."""
        return {"tickets": [asdict(t) for t in self.tickets]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Wallet:
        return cls(tickets=[SavedTicket(**t) for t in (data or {}).get("tickets", [])])
