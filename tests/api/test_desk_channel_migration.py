"""Migration 0013: walk-ins issued by staff at the loket were stored as channel "staff";
they read as "desk" afterwards, in the visits and in the answers replayed for an
idempotency key (a replay must still parse). On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import create_engine, text

from api_client.models import Booking, Channel
from server.migrate import alembic_config

OLD_ANSWER = (
    '{"booking_code":"K7QD2M9FXH3TA","facility_id":"pkm-lasem","facility_name":"Puskesmas Lasem",'
    '"service_date":"2026-11-30","payer":null,"channel":"staff","ticket":{"ticket_id":1,"service_id":1,'
    '"service_name":"Loket Pendaftaran","service_date":"2026-11-30","number":1,"display_number":"A-001",'
    '"lane":"regular","status":"checked_in","counter":null,"people_ahead":0,"estimated_call_at":null,'
    '"called_at":null},"patient_name_masked":null,"nik_masked":null,'
    '"created_at":"2026-11-30T01:00:00Z","checked_in_at":"2026-11-30T01:00:00Z"}'
)


def _migrate(engine, revision: str, *, down: bool = False) -> None:  # type: ignore[no-untyped-def]
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_stored_staff_walk_ins_become_desk_walk_ins(database_url):  # type: ignore[no-untyped-def]
    engine = create_engine(database_url)
    try:
        _migrate(engine, "0012", down=True)
        at = dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC)
        with engine.begin() as c:
            service = c.execute(text("SELECT id FROM service WHERE facility_id = 'pkm-lasem' "
                                     "ORDER BY id LIMIT 1")).scalar_one()
            for code, channel in (("K7QD2M9FXH3TA", "staff"), ("K7QD2M9FXH3TB", "kiosk")):
                c.execute(text(
                    "INSERT INTO visit (booking_code, facility_id, service_id, service_date, channel, "
                    "active, created_at) VALUES (:code, 'pkm-lasem', :service, :day, :channel, :active, :at)"
                ), {"code": code, "service": service, "day": at.date(), "channel": channel,
                    "active": True, "at": at})
            c.execute(text(
                "INSERT INTO idempotency_key (key, request_hash, status_code, body, created_at) "
                "VALUES ('old-walk-in', 'v1:x', 201, :body, :at)"
            ), {"body": OLD_ANSWER, "at": at})
        _migrate(engine, "0013")
        with engine.connect() as c:
            channels = dict(c.execute(text(
                "SELECT booking_code, channel FROM visit WHERE booking_code LIKE 'K7QD2M9FXH3T%'")).all())
            replayed = c.execute(
                text("SELECT body FROM idempotency_key WHERE key = 'old-walk-in'")).scalar_one()
        assert channels == {"K7QD2M9FXH3TA": "desk", "K7QD2M9FXH3TB": "kiosk"}
        assert Booking.model_validate_json(replayed).channel is Channel.desk
    finally:
        _migrate(engine, "head")
        engine.dispose()
