"""Schemathesis over the whole OpenAPI: no server error and no response that breaks
its own schema, whatever is sent. The live event streams never end, so they are
left out here and tested with a real server in tests/server/test_live_server.py.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from server.app import create_app
from server.settings import Settings
from tests.support.clock import FakeClock, wib


@pytest.fixture(scope="module")
def api_schema(sqlite_databases, tmp_path_factory):  # type: ignore[no-untyped-def]
    app = create_app(
        Settings(
            database_url=sqlite_databases.new(),
            data_dir=tmp_path_factory.mktemp("fuzz"),
            secret_key="fuzz-secret-for-layanan-sehat-rembang-01",
            demo=True,
        ),
        clock=FakeClock(wib(2026, 11, 30, 8, 0)),
    )
    api = next(route.app for route in app.routes if getattr(route, "path", "") == "/api")
    yield schemathesis.openapi.from_asgi("/openapi.json", api).exclude(path_regex=r"/events$")
    app.state.lsr.db.dispose()


CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
]


def test_no_input_makes_the_api_fail_or_break_its_schema(api_schema) -> None:  # type: ignore[no-untyped-def]
    # Each operation in turn (schemathesis' pytest plugin does not load on pytest 9).
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def fuzz(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(checks=CHECKS)

        try:
            fuzz()
        except Exception as exc:  # collect every operation's failure, then report all
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
