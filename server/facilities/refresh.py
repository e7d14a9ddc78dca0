"""Each instance keeps the facility directory (hours, services, closures) and the key
generations in memory. An admin's change (a closure announcement) reloads the
directory at once on the instance that took it; the others read both again every
`LSR_DIRECTORY_REFRESH_SECONDS`, so with several instances a closure closes booking
everywhere within that time, and a key rotation (`python -m server.keys rotate`)
waits that long before each of its steps. A failed read keeps the last ones."""

from __future__ import annotations

from server.periodic import Periodic
from server.state import AppState


def directory_refresher(state: AppState) -> Periodic:
    def refresh() -> None:
        state.reload_directory()
        state.reload_keys()

    return Periodic("directory-refresh", refresh,
                    every_seconds=state.settings.directory_refresh_seconds)
