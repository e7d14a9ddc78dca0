"""What every request needs, built once per app: the container the FastAPI
dependencies of `server.deps` hand out."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from server.bpjs.credentials import FacilityCredentials
from server.clock import Clock
from server.db import Database
from server.events.bus import EventBus
from server.events.publish import publish_on_commit
from server.facilities.directory import Directory
from server.keys.ring import Keyring, Secrets, load_keyring
from server.ratelimit import RateLimiter
from server.settings import Settings
from server.staff.kiosk_seen import KioskSightings
from server.vault import Vault


@dataclass
class AppState:
    settings: Settings
    db: Database
    directory: Directory
    bus: EventBus
    clock: Clock
    secrets: Secrets
    limiter: RateLimiter
    vault: Vault  # holds the keyring: replaced whole when the key generations are read again
    # Password hashing (argon2) at most `login_concurrency` at a time: server/staff/signin.py
    sign_in_gate: asyncio.Semaphore = field(init=False)
    # When each kiosk was last seen, written at most once a minute: server/staff/kiosk_seen.py
    kiosk_sightings: KioskSightings = field(default_factory=KioskSightings)
    # Each bridged facility's BPJS credentials (server/bpjs/credentials.py); empty: no bridge
    bpjs: dict[str, FacilityCredentials] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sign_in_gate = asyncio.Semaphore(self.settings.login_concurrency)
        publish_on_commit(self.db, self.bus)
        # A screen that hears `reconfigured` reads the facility at once: from this
        # instance's directory, so it is read again before the event goes out (here for
        # the instance that made the change, and for the others as the relay brings it).
        self.bus.before_reconfigured = self.reload_directory

    @property
    def keyring(self) -> Keyring:
        return self.vault.keyring

    def reload_directory(self) -> None:
        with self.db.read() as session:
            self.directory = Directory.load(session)

    def reload_keys(self) -> None:
        """Read the key generations again (a rotation under way elsewhere)."""
        with self.db.read() as session:
            keyring = load_keyring(session=session, secrets=self.secrets)
        if keyring.generations != self.keyring.generations:
            self.vault = Vault(keyring)
