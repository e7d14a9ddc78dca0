"""One build of the web app's files for every test server on this machine
(server.web_build.ensure_built keys it by flet-web, assets and code): the first web
server of a run on a fresh machine waits a minute or two for it, in the test process
and outside the server's start timeout; every later one finds it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from server.web_build import ensure_built

WEB_BUILD_DIR = Path(tempfile.gettempdir()) / "lsr-web-build"


def shared_web_build() -> Path:
    return ensure_built(WEB_BUILD_DIR)
