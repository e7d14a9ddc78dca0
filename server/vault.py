"""Personal data at rest: sealed with AES-256-GCM, found again by keyed hashes.

NIK, BPJS number, phone, name and birth date are stored sealed; what screens show is
stored masked beside them (`3317********0001`), and look-ups go through HMAC-SHA256
keyed hashes, so the service never needs to open a sealed value to serve a booking.
Opening is for the patient's own export (and nothing else).

Both keys are derived from the service's secret with HKDF, under different labels.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"


def _derive(secret: str, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(
        secret.encode()
    )


class Vault:
    def __init__(self, secret: str) -> None:
        self._aead = AESGCM(_derive(secret, b"layanan-sehat-rembang/seal/v1"))
        self._mac_key = _derive(secret, b"layanan-sehat-rembang/lookup/v1")

    def seal(self, plain: str, *, purpose: str) -> str:
        """`v1.<nonce+ciphertext>`; `purpose` is bound in, so a sealed NIK cannot be
        passed off as a sealed phone."""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plain.encode(), purpose.encode())
        return f"{VERSION}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, token: str, *, purpose: str) -> str:
        version, _, body = token.partition(".")
        if version != VERSION:
            raise ValueError(f"unknown sealed value version {version!r}")
        raw = base64.urlsafe_b64decode(body)
        return self._aead.decrypt(raw[:12], raw[12:], purpose.encode()).decode()

    def lookup_key(self, value: str, *, purpose: str) -> str:
        """The keyed hash that finds a value without storing it."""
        return hmac.new(self._mac_key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
