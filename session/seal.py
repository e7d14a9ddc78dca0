"""Sealing what a device keeps about people: AES-256-GCM from `cryptography`, a fresh
96-bit nonce for every seal, and the purpose bound in as associated data, so a box
made for one thing does not open as another. A box that was changed, cut short, or is
opened with another key raises `SealBroken`; it never yields wrong data.

A box is text: `s1.` then base64url(nonce ‖ ciphertext ‖ tag)."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
VERSION = "s1."


class SealBroken(ValueError):
    """The box cannot be opened: changed, cut short, not a box, or another key."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def seal(key: bytes, value: Any, *, purpose: str) -> str:
    nonce = secrets.token_bytes(NONCE_BYTES)
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    box = nonce + AESGCM(_checked(key)).encrypt(nonce, plain, purpose.encode())
    return VERSION + base64.urlsafe_b64encode(box).decode("ascii")


def unseal(key: bytes, text: object, *, purpose: str) -> Any:
    if not isinstance(text, str) or not text.startswith(VERSION):
        raise SealBroken("not a sealed box")
    try:
        box = base64.urlsafe_b64decode(text[len(VERSION):].encode("ascii"))
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise SealBroken("the box is not base64url") from exc
    if len(box) < NONCE_BYTES + 16:
        raise SealBroken(f"the box is {len(box)} bytes, too short to hold anything")
    try:
        plain = AESGCM(_checked(key)).decrypt(box[:NONCE_BYTES], box[NONCE_BYTES:], purpose.encode())
    except InvalidTag as exc:
        raise SealBroken("the box was changed, or this is not its key") from exc
    return json.loads(plain)


def _checked(key: bytes) -> bytes:
    if len(key) != KEY_BYTES:
        raise SealBroken(f"a key must have {KEY_BYTES} bytes, got {len(key)}")
    return key
