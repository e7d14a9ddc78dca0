"""Keys derived from the one secret: one per purpose and key generation, each with a
key id (`kid`).

    key = HKDF-SHA256(secret, info="layanan-sehat-rembang/<purpose>/<kid>")

| purpose | used for | the kid travels in |
|---|---|---|
| `staff-token` | signing staff sign-in tokens (JWT) | the JWT's `kid` header |
| `download-link` | signing the dashboard's two-minute CSV links | the JWT's `kid` header |
| `bpjs-ws-token` | signing the tokens BPJS gets from us (server.bpjs.ws) | the JWT's `kid` header |
| `seal` | AES-256-GCM of personal data (server.vault) | the sealed value's prefix, `k2.…` |
| `lookup` | HMAC look-up hashes (NIK, phone) | the row: its sealed values' prefix |
| `idempotency` | HMAC of a request (server.idempotency) | the stored hash's prefix, `k2:…` |

Generation 1 has the key id `v1`: its seal and look-up keys are the ones the service
used before generations existed, so values sealed then open unchanged.

A generation moves through these states (server.keys.rotation does it):

- `next`: known to every instance (opened, looked up), not yet used for new values;
- `active`: new values are sealed, hashed and signed with it; exactly one;
- `retiring`: still opened and looked up while its values are re-sealed;
- `retired`: no sealed value or look-up hash is left under it. Its token and
  idempotency keys still verify what they signed, which expires (tokens within a
  day, idempotency records after 48 hours).

The secret itself can change too: `LSR_PREVIOUS_SECRET_KEY` holds the old one while
a rotation re-seals everything under a generation of the new one (docs/deploy.md).
Each generation records a fingerprint of its secret, so the right one is used and a
wrong secret is refused at start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.keys.tables import KeyGenerationRow

LABEL = "layanan-sehat-rembang"
FIRST_KID = "v1"


class Purpose(StrEnum):
    staff_token = "staff-token"  # noqa: S105 - a label, not a password
    download_link = "download-link"
    bpjs_ws_token = "bpjs-ws-token"  # noqa: S105 - a label, not a password
    seal = "seal"
    lookup = "lookup"
    idempotency = "idempotency"


class State(StrEnum):
    next = "next"
    active = "active"
    retiring = "retiring"
    retired = "retired"


class KeyringError(RuntimeError):
    """The key generations cannot be used with the configured secrets."""


class UnknownKey(LookupError):
    def __init__(self, kid: str) -> None:
        super().__init__(f"no usable key with key id {kid!r}")
        self.kid = kid


def derive(secret: str, purpose: str, kid: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=f"{LABEL}/{purpose}/{kid}".encode()).derive(secret.encode())


def secret_id(secret: str) -> str:
    """A fingerprint of a secret (not a key: derived under a label no key uses)."""
    return derive(secret, "secret-id", "fingerprint")[:12].hex()


@dataclass(frozen=True)
class Secrets:
    """`LSR_SECRET_KEY`, and while the secret is being changed, the previous one."""

    current: str
    previous: str | None = None

    def by_id(self) -> dict[str, str]:
        found = {secret_id(self.current): self.current}
        if self.previous:
            found.setdefault(secret_id(self.previous), self.previous)
        return found


@dataclass(frozen=True)
class Generation:
    kid: str
    state: State
    keys: dict[Purpose, bytes] = field(repr=False)  # empty: its secret is not configured
    retired_at: dt.datetime | None = None

    @classmethod
    def of(cls, kid: str, state: State, secret: str | None,
           retired_at: dt.datetime | None = None) -> Generation:
        keys = {p: derive(secret, p.value, kid) for p in Purpose} if secret else {}
        return cls(kid=kid, state=state, keys=keys, retired_at=retired_at)


class Keyring:
    """The key generations one instance knows, read from `key_generation`. Immutable:
    a reload builds a new one, so one request uses one keyring throughout."""

    def __init__(self, generations: Iterable[Generation]) -> None:
        self.generations = {g.kid: g for g in generations}
        actives = [g for g in self.generations.values() if g.state is State.active]
        if len(actives) != 1:
            raise KeyringError(f"exactly one active key generation is needed, found {len(actives)}")
        for g in self.generations.values():
            if g.state is not State.retired and not g.keys:
                raise KeyringError(
                    f"key generation {g.kid} ({g.state}) was derived from a secret that is "
                    "neither LSR_SECRET_KEY nor LSR_PREVIOUS_SECRET_KEY: set the secret its "
                    "data was sealed with"
                )
        self.active = actives[0]
        # The look-up hashes to try, the active generation's first.
        self.lookup_kids = (self.active.kid, *(
            g.kid for g in self.generations.values() if g.state in (State.next, State.retiring)
        ))

    @classmethod
    def single(cls, secret: str, kid: str = FIRST_KID) -> Keyring:
        """One active generation, no database (tools, benchmarks, tests)."""
        return cls([Generation.of(kid, State.active, secret)])

    def key(self, purpose: Purpose, kid: str) -> bytes:
        generation = self.generations.get(kid)
        if generation is None or not generation.keys:
            raise UnknownKey(kid)
        return generation.keys[purpose]

    def active_key(self, purpose: Purpose) -> tuple[str, bytes]:
        return self.active.kid, self.active.keys[purpose]


def load_keyring(*, session: Session, secrets: Secrets) -> Keyring:
    known = secrets.by_id()
    rows = session.scalars(select(KeyGenerationRow).order_by(KeyGenerationRow.id))
    return Keyring(
        Generation.of(row.kid, State(row.state), known.get(row.secret_id or ""), row.retired_at)
        for row in rows
    )


def record_secret(*, session: Session, secrets: Secrets) -> None:
    """Record which secret the generations made before fingerprints were kept (the
    `v1` of migration 0008) were derived from: the previous secret while one is set
    (the secret is being changed), else the current one."""
    session.execute(
        update(KeyGenerationRow).where(KeyGenerationRow.secret_id.is_(None))
        .values(secret_id=secret_id(secrets.previous or secrets.current))
    )
