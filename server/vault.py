"""Personal data at rest: sealed with AES-256-GCM, found again by keyed hashes.

NIK, BPJS number, phone, name and birth date are stored sealed; what screens show is
stored masked beside them (`3317********0001`), and look-ups go through HMAC-SHA256
keyed hashes, so the service never needs to open a sealed value to serve a booking.
Opening is for the patient's own export, for the staff serving the patient at a
counter (`server.queue.patient_at_desk`, audited) and for re-sealing under a new key
(`python -m server.keys rotate`).

The keys come from the keyring (server.keys.ring): a sealed value starts with the key
id of the generation that sealed it (`v1.…`, `k2.…`) and opens under that
generation's key for as long as the generation is known.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.keys.ring import Keyring, Purpose


class Vault:
    def __init__(self, keyring: Keyring | str) -> None:
        """A keyring, or a secret alone for a one-generation keyring (tools, tests)."""
        self.keyring = keyring if isinstance(keyring, Keyring) else Keyring.single(keyring)
        self._aeads: dict[str, AESGCM] = {}

    def _aead(self, kid: str) -> AESGCM:
        aead = self._aeads.get(kid)
        if aead is None:
            aead = self._aeads[kid] = AESGCM(self.keyring.key(Purpose.seal, kid))
        return aead

    @property
    def kid(self) -> str:
        """The key id new values are sealed and hashed under."""
        return self.keyring.active.kid

    def seal(self, plain: str, *, purpose: str) -> str:
        """`<kid>.<nonce+ciphertext>`; `purpose` is bound in, so a sealed NIK cannot be
        passed off as a sealed phone."""
        nonce = os.urandom(12)
        sealed = self._aead(self.kid).encrypt(nonce, plain.encode(), purpose.encode())
        return f"{self.kid}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, token: str, *, purpose: str) -> str:
        kid, _, body = token.partition(".")
        raw = base64.urlsafe_b64decode(body)
        return self._aead(kid).decrypt(raw[:12], raw[12:], purpose.encode()).decode()

    def lookup_key(self, value: str, *, purpose: str, kid: str | None = None) -> str:
        """The keyed hash that finds a value without storing it (under the active key)."""
        key = self.keyring.key(Purpose.lookup, kid or self.kid)
        return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    def lookup_keys(self, value: str, *, purpose: str) -> tuple[str, ...]:
        """Its keyed hash under every generation a row may still be found by: the active
        one alone, except during a key rotation."""
        return tuple(self.lookup_key(value, purpose=purpose, kid=kid)
                     for kid in self.keyring.lookup_kids)


def sealed_kid(token: str) -> str:
    """The key id a sealed value was sealed under."""
    return token.partition(".")[0]
