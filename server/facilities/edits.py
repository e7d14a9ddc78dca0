"""Changing the facility directory (admin): a facility's own facts and hours, its
unconfirmed marks cleared one by one, its services added, renamed, disabled.

Each change is checked, audited with before and after in its own transaction, and
told to the open screens by a `directory_changed` event per service
(`server.facilities.service_settings.tell_screens`); the router reloads the directory
after the commit, the other instances within `LSR_DIRECTORY_REFRESH_SECONDS`.
Quotas, average minutes and counters change from a date on:
`server.facilities.service_settings`."""

from __future__ import annotations

import datetime as dt

import phonenumbers
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api_client.models import (
    ErrorCode,
    FacilityChange,
    FieldError,
    OpeningHours,
    ServiceChange,
    ServiceCreate,
    TicketStatus,
)
from server.audit import trail
from server.clock import service_date_of
from server.errors import ApiProblem, field_problem
from server.facilities.quotas import SINCE_EVER
from server.facilities.service_settings import add_version, tell_screens, week_text
from server.facilities.tables import FacilityRow, HoursRow, ServiceRow, ServiceSettingRow
from server.queue.tables import TicketRow
from server.staff.auth import Principal

KECAMATAN = {
    "Sumber": "33.17.01", "Bulu": "33.17.02", "Gunem": "33.17.03", "Sale": "33.17.04",
    "Sarang": "33.17.05", "Sedan": "33.17.06", "Pamotan": "33.17.07", "Sulang": "33.17.08",
    "Kaliori": "33.17.09", "Rembang": "33.17.10", "Pancur": "33.17.11", "Kragan": "33.17.12",
    "Sluke": "33.17.13", "Lasem": "33.17.14",
}
# Kabupaten Rembang with a margin of a few kilometres (as the seed file's bounds).
LAT_RANGE = (-7.2, -6.4)
LON_RANGE = (111.0, 111.9)
_ACTIVE = [s.value for s in (TicketStatus.booked, TicketStatus.checked_in, TicketStatus.called,
                             TicketStatus.serving)]


# ------------------------------------------------------------------ facility


def change_facility(
    *, session: Session, facility_id: str, data: FacilityChange, now: dt.datetime, by: Principal
) -> None:
    row = session.get_one(FacilityRow, facility_id)
    before = facility_snapshot(session, row)
    if data.name is not None:
        _name_free(session, facility_id, data.name)
        row.name = data.name
    if data.address is not None:
        row.address = data.address
    if data.phone is not None:
        row.phone = facility_phone(data.phone)
    if data.kecamatan is not None:
        row.kecamatan, row.kecamatan_code = _kecamatan(data.kecamatan)
    if data.lat is not None or data.lon is not None:
        row.lat, row.lon = _inside_rembang(
            row.lat if data.lat is None else data.lat, row.lon if data.lon is None else data.lon
        )
    if data.hours is not None:
        _replace_hours(session, facility_id, check_hours(data.hours))
    session.flush()
    after = facility_snapshot(session, row)
    if after == before:
        return
    trail.record(session=session, principal=by, action="change_facility", subject=f"facility:{facility_id}",
                 facility_id=facility_id, at=now, before=before, after=after)
    tell_screens(session=session, facility_id=facility_id, service_ids=_service_ids(session, facility_id),
                 now=now)


def _name_free(session: Session, facility_id: str, name: str) -> None:
    """Citizens choose a facility by its name: no two share one (case and spaces aside)."""
    holder = session.scalar(select(FacilityRow.id).where(
        (FacilityRow.id != facility_id) & (func.lower(func.trim(FacilityRow.name)) == name.strip().lower())
    ))
    if holder is not None:
        raise field_problem("name", ErrorCode.facility_name_taken,
                            f"name {name!r} is taken by facility {holder}: no two facilities share a name",
                            name=name.strip())


def confirm_mark(
    *, session: Session, facility_id: str, field: str, now: dt.datetime, by: Principal
) -> None:
    """Clear one `unconfirmed` mark: checked by `by` at `now`."""
    row = session.get_one(FacilityRow, facility_id)
    marks = list(row.unconfirmed or [])
    if field not in marks:
        raise field_problem(
            "field", ErrorCode.mark_not_unconfirmed,
            f"{field!r} is not marked unconfirmed at {facility_id}; marked: {marks}", mark=field,
        )
    row.unconfirmed = [m for m in marks if m != field]
    row.confirmed = [*(row.confirmed or []), {"field": field, "by": by.name, "at": now.isoformat()}]
    trail.record(session=session, principal=by, action="confirm_facility_mark",
                 subject=f"facility:{facility_id}", facility_id=facility_id, at=now,
                 before={"unconfirmed": ",".join(marks)}, after={"unconfirmed": ",".join(row.unconfirmed)})
    tell_screens(session=session, facility_id=facility_id, service_ids=_service_ids(session, facility_id),
                 now=now)


def facility_phone(text: str) -> str:
    """A telephone number in Indonesia (fixed line or mobile), as E.164."""
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise field_problem("phone", ErrorCode.facility_phone_invalid,
                            f"phone must be a telephone number in Indonesia, got {text!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_hours(hours: list[OpeningHours]) -> dict[int, tuple[int, int]]:
    """One span per open weekday, opening before it closes."""
    out: dict[int, tuple[int, int]] = {}
    for i, h in enumerate(hours):
        if h.weekday in out:
            raise field_problem(f"hours.{i}.weekday", ErrorCode.hours_overlap,
                                f"weekday {h.weekday} is given twice: its hours would overlap",
                                weekday=h.weekday)
        opens, closes = _minute(h.opens), _minute(h.closes)
        if closes <= opens:
            raise field_problem(f"hours.{i}.closes", ErrorCode.hours_reversed,
                                f"hours on weekday {h.weekday} must close after they open, got "
                                f"{h.opens}-{h.closes}", weekday=h.weekday)
        out[h.weekday] = (opens, closes)
    return out


def _minute(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _kecamatan(name: str) -> tuple[str, str]:
    for known, code in KECAMATAN.items():
        if known.lower() == name.strip().lower():
            return known, code
    raise field_problem("kecamatan", ErrorCode.kecamatan_unknown,
                        f"kecamatan must be one of Rembang's 14, got {name!r}", kecamatan=name)


def _inside_rembang(lat: float, lon: float) -> tuple[float, float]:
    if not LAT_RANGE[0] <= lat <= LAT_RANGE[1]:
        raise field_problem("lat", ErrorCode.outside_rembang,
                            f"lat must be within {LAT_RANGE} (Kabupaten Rembang), got {lat}")
    if not LON_RANGE[0] <= lon <= LON_RANGE[1]:
        raise field_problem("lon", ErrorCode.outside_rembang,
                            f"lon must be within {LON_RANGE} (Kabupaten Rembang), got {lon}")
    return lat, lon


def _replace_hours(session: Session, facility_id: str, hours: dict[int, tuple[int, int]]) -> None:
    session.execute(delete(HoursRow).where((HoursRow.facility_id == facility_id)
                                           & HoursRow.service_id.is_(None)))
    session.add_all(HoursRow(facility_id=facility_id, service_id=None, weekday=d, opens_minute=o,
                             closes_minute=c) for d, (o, c) in sorted(hours.items()))


def facility_snapshot(session: Session, row: FacilityRow) -> dict[str, str | float]:
    hours = session.scalars(select(HoursRow).where((HoursRow.facility_id == row.id)
                                                   & HoursRow.service_id.is_(None))
                            .order_by(HoursRow.weekday))
    # The facility's public facts (no person's data): what a screen shows anyway.
    return {"name": row.name, "address": row.address, "phone": row.phone, "kecamatan": row.kecamatan,
            "lat": row.lat, "lon": row.lon,
            "hours": " ".join(f"{h.weekday}:{h.opens_minute}-{h.closes_minute}" for h in hours)}


def _service_ids(session: Session, facility_id: str) -> list[int]:
    return list(session.scalars(select(ServiceRow.id).where(ServiceRow.facility_id == facility_id)))


# ------------------------------------------------------------------ services


def create_service(
    *, session: Session, facility_id: str, data: ServiceCreate, now: dt.datetime, by: Principal
) -> ServiceRow:
    """A new service, offered at once with its quotas (in force since ever: it has no
    days before)."""
    _prefix_free(session, facility_id, data.prefix, but=None)
    if session.scalar(select(ServiceRow.id).where((ServiceRow.facility_id == facility_id)
                                                  & (ServiceRow.code == data.code))) is not None:
        raise field_problem("code", ErrorCode.service_code_taken,
                            f"code {data.code!r} is taken by another service of {facility_id}")
    today = service_date_of(now).weekday()
    row = ServiceRow(
        facility_id=facility_id, code=data.code, name=data.name, kind=data.kind.value, prefix=data.prefix,
        online=data.online, walkin=data.walkin, quota_jkn=data.quota_jkn[today],
        quota_non_jkn=data.quota_non_jkn[today], quota_walkin=data.quota_walkin[today],
        avg_service_minutes=data.avg_service_minutes, unconfirmed=[], disabled=False,
    )
    session.add(row)
    session.flush()
    add_version(session=session, service_id=row.id, effective_from=SINCE_EVER, data=data, now=now, by=by)
    trail.record(session=session, principal=by, action="create_service", subject=f"service:{row.id}",
                 facility_id=facility_id, at=now,
                 after={**service_snapshot(row), "quota_jkn": week_text(data.quota_jkn),
                        "quota_non_jkn": week_text(data.quota_non_jkn),
                        "quota_walkin": week_text(data.quota_walkin)})
    tell_screens(session=session, facility_id=facility_id, service_ids=[row.id], now=now)
    return row


def change_service(
    *, session: Session, service_id: int, data: ServiceChange, now: dt.datetime, by: Principal
) -> ServiceRow:
    row = session.get_one(ServiceRow, service_id)
    before = service_snapshot(row)
    if data.prefix is not None and data.prefix != row.prefix:
        _prefix_free(session, row.facility_id, data.prefix, but=row.id)
        _no_numbers_ahead(session, row, now, to="prefix")
        row.prefix = data.prefix
    if data.disabled and not row.disabled:
        _no_numbers_ahead(session, row, now, to="disabled")
    for name in ("name", "online", "walkin", "disabled"):
        value = getattr(data, name)
        if value is not None:
            setattr(row, name, value)
    session.flush()
    after = service_snapshot(row)
    if after != before:
        trail.record(session=session, principal=by, action="change_service", subject=f"service:{row.id}",
                     facility_id=row.facility_id, at=now, before=before, after=after)
        tell_screens(session=session, facility_id=row.facility_id, service_ids=[row.id], now=now)
    return row


def service_snapshot(row: ServiceRow) -> dict[str, str | bool]:
    return {"code": row.code, "name": row.name, "kind": row.kind, "prefix": row.prefix,
            "online": row.online, "walkin": row.walkin, "disabled": row.disabled}


def _prefix_free(session: Session, facility_id: str, prefix: str, *, but: int | None) -> None:
    holder = session.scalar(select(ServiceRow.name).where(
        (ServiceRow.facility_id == facility_id) & (ServiceRow.prefix == prefix)
        & (ServiceRow.id != (but or 0))
    ))
    if holder is not None:
        raise field_problem("prefix", ErrorCode.prefix_taken,
                            f"prefix {prefix!r} is taken by {holder} at {facility_id}: a prefix is unique "
                            "in a facility", prefix=prefix, service=holder)


def _no_numbers_ahead(session: Session, row: ServiceRow, now: dt.datetime, *, to: str) -> None:
    """Refuse (409) changing `to` ("prefix" or "disabled") while tickets of the service
    for today or later are still to be served (booked, checked in, called, serving).
    The prefix: numbers already issued never change. Disabling: a disabled service
    leaves the console's list, so nobody could call them; closing those days first (an
    announcement of the kind closure) cancels the bookings and tells the patients."""
    held = session.scalar(select(func.count()).select_from(TicketRow).where(
        (TicketRow.service_id == row.id) & (TicketRow.service_date >= service_date_of(now))
        & TicketRow.status.in_(_ACTIVE)
    )) or 0
    if not held:
        return
    code = ErrorCode.prefix_in_use if to == "prefix" else ErrorCode.service_has_numbers
    why = (f"they carry prefix {row.prefix!r}: numbers already issued never change" if to == "prefix"
           else "a disabled service leaves the console, so nobody could call them")
    raise ApiProblem(
        409, code,
        f"{held} tickets of service {row.id} for today or later are still to be served and {why}; "
        f"{to} cannot change until they are (or their days are closed)",
        fields=[FieldError(field=to, code=code, message=f"{held} tickets still to be served",
                           params={"count": held})],
    )


def settings_rows(session: Session, service_ids: list[int]) -> dict[int, list[ServiceSettingRow]]:
    out: dict[int, list[ServiceSettingRow]] = {}
    for v in session.scalars(select(ServiceSettingRow).where(ServiceSettingRow.service_id.in_(service_ids))
                             .order_by(ServiceSettingRow.effective_from)):
        out.setdefault(v.service_id, []).append(v)
    return out
