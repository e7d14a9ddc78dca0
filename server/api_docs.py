"""The API's documentation page at `/api/docs` (Swagger UI), with every file it needs
served from this origin: FastAPI's own page loads Swagger UI from a public CDN
(nothing on the offline machines, and outside the Content-Security-Policy) and starts
it with an inline script (refused by the policy). Swagger UI's files come from the
fastapi-offline package; the page and its start script are ours, so the policy needs
no exception. `LSR_API_DOCS=false` turns the page off (404); the schema itself
(`/api/openapi.json`) stays, for the apps and integrators.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

SWAGGER_UI = Path(fastapi_offline.__file__).resolve().parent / "static"
DOCS_PATH = "/docs"
ASSETS_PATH = "/docs/assets"

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="icon" type="image/png" href="{assets}/favicon.png">
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body data-openapi-url="{openapi}">
<div id="swagger-ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{docs}/start.js"></script>
</body>
</html>
"""

# What FastAPI's get_swagger_ui_html writes inline, as a file of this origin.
START = """"use strict";
window.ui = SwaggerUIBundle({
  url: document.body.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""


def install_api_docs(api: FastAPI, *, mount_path: str) -> None:
    """The page, its start script and Swagger UI's files, under `mount_path` + /docs."""
    page = PAGE.format(
        title=escape(f"{api.title} - Swagger UI"),
        assets=escape(mount_path + ASSETS_PATH),
        docs=escape(mount_path + DOCS_PATH),
        openapi=escape(mount_path + str(api.openapi_url)),
    )

    @api.get(DOCS_PATH, include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return HTMLResponse(page)

    @api.get(f"{DOCS_PATH}/start.js", include_in_schema=False)
    def docs_start() -> Response:
        return Response(START, media_type="text/javascript")

    api.mount(ASSETS_PATH, StaticFiles(directory=SWAGGER_UI), name="api-docs-assets")
