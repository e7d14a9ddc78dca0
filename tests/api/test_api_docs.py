"""/api/docs is Swagger UI with every file from this origin (no CDN: nothing loads
offline, and the Content-Security-Policy would refuse it), or nothing at all when
the operator turns it off."""

from __future__ import annotations

import re

import httpx
import pytest

from server.app import create_app

pytestmark = pytest.mark.anyio


@pytest.fixture
def app_with_docs(settings, clock, request):  # type: ignore[no-untyped-def]
    application = create_app(settings.model_copy(update={"api_docs": request.param}), clock=clock)
    yield application
    application.state.lsr.db.dispose()


def http(app) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test")


@pytest.mark.parametrize("app_with_docs", [True], indirect=True)
async def test_the_docs_page_loads_everything_from_this_origin(app_with_docs):  # type: ignore[no-untyped-def]
    async with http(app_with_docs) as client:
        page = await client.get("/api/docs")
        assert page.status_code == 200 and "Swagger UI" in page.text
        assert "<script>" not in page.text  # nothing inline: the policy allows no inline script
        assert not re.search(r"(src|href)=\"(https?:)?//", page.text)  # no other origin
        files = re.findall(r"(?:src|href)=\"(/[^\"]+)\"", page.text)
        assert any(f.endswith("swagger-ui-bundle.js") for f in files)
        for path in files:
            answer = await client.get(path)
            assert answer.status_code == 200, path
            assert len(answer.content) > 100, path
        schema = await client.get(re.search(r'data-openapi-url="([^"]+)"', page.text).group(1))  # type: ignore[union-attr]
        assert schema.json()["info"]["title"] == "Layanan Sehat Rembang API"


@pytest.mark.parametrize("app_with_docs", [False], indirect=True)
async def test_docs_turned_off_are_not_found_and_the_schema_stays(app_with_docs):  # type: ignore[no-untyped-def]
    async with http(app_with_docs) as client:
        assert (await client.get("/api/docs")).status_code == 404
        assert (await client.get("/api/docs/assets/swagger-ui-bundle.js")).status_code == 404
        assert (await client.get("/api/redoc")).status_code == 404
        assert (await client.get("/api/openapi.json")).status_code == 200
