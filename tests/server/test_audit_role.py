"""The audit trail is out of the service's reach on PostgreSQL when the service runs
as its own role (docs/deploy.md, server/roles.py): it can add audit rows through
its staff actions, and cannot change, delete, empty or unprotect them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from api_client import ApiClient, new_idempotency_key
from server.roles import grant
from tests.support.databases import PG_URL, PostgresDatabases
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.anyio, pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
def service_role(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A migrated database owned by the test's superuser, and the URL of a plain role
    that the owner granted what `server.roles` grants."""
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    databases = PostgresDatabases(PG_URL)
    owner_url = databases.new()
    role = f"lsr_service_{uuid.uuid4().hex[:8]}"
    with databases.admin.connect() as admin:
        admin.execute(text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"))
    grant(owner_url, role)
    yield owner_url, make_url(owner_url).set(username=role).render_as_string(hide_password=False)
    databases.drop(owner_url)
    with databases.admin.connect() as admin:
        admin.execute(text(f"DROP ROLE {role}"))
    databases.close()


async def test_the_service_role_adds_audit_rows_and_cannot_touch_them(service_role, tmp_path):  # type: ignore[no-untyped-def]
    owner_url, service_url = service_role
    server = LiveServer(tmp_path, service_url)  # starts, checks migrations and seeds as that role
    server.start()
    try:
        async with ApiClient(server.api_url, kiosk_key="demo-kiosk-pkm-lasem") as kiosk, \
                ApiClient(server.api_url) as poli:
            ugd = next(s.id for s in (await kiosk.facilities.get("pkm-lasem")).services if s.code == "ugd")
            await kiosk.bookings.walk_in(service_id=ugd, idempotency_key=new_idempotency_key())
            await poli.staff.login("poli.pkm-lasem", "rembang-demo")
            assert await poli.staff.call_next(ugd, counter="Ruang 1") is not None
    finally:
        server.stop()

    engine = create_engine(service_url)
    refused = {
        "update": "UPDATE audit_event SET action = 'nothing'",
        "delete": "DELETE FROM audit_event",
        "truncate": "TRUNCATE audit_event",
        "disable the trigger": "ALTER TABLE audit_event DISABLE TRIGGER ALL",
        "drop the trigger": "DROP TRIGGER audit_event_no_change ON audit_event",
        "drop the table": "DROP TABLE audit_event",
    }
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT count(*) FROM audit_event")).scalar_one()
            assert rows >= 1  # the call was recorded, by the service role
        for what, statement in refused.items():
            with engine.connect() as connection, pytest.raises(DBAPIError):
                connection.execute(text(statement))
                pytest.fail(f"the service role could {what}")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM audit_event")).scalar_one() == rows
    finally:
        engine.dispose()
