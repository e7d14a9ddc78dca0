"""How a request to BPJS is signed and how its answer is opened (Antrol, both RS and
FKTP): `X-signature` is base64(HMAC-SHA256(secret, cons_id & timestamp)); the answer's
`response` is AES-256-CBC under SHA-256(cons_id + secret + timestamp) (IV: the key's
first 16 bytes), then LZ-string (`decompressFromEncodedURIComponent`), then JSON."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lzstring import LZString

from server.bpjs.credentials import FacilityCredentials, Variant


def signature(cons_id: str, secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), f"{cons_id}&{timestamp}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def request_headers(credentials: FacilityCredentials, timestamp: int) -> dict[str, str]:
    """The headers of one call to Antrol at `timestamp` (Unix seconds, UTC)."""
    stamp = str(timestamp)
    secret = credentials.secret.get_secret_value()
    headers = {
        "X-cons-id": credentials.cons_id,
        "X-timestamp": stamp,
        "X-signature": signature(credentials.cons_id, secret, stamp),
        "user_key": credentials.user_key.get_secret_value(),
        "Content-Type": "application/json",
    }
    if credentials.variant is Variant.fktp and credentials.pcare_username and credentials.pcare_password:
        pcare = f"{credentials.pcare_username}:{credentials.pcare_password.get_secret_value()}:095"
        headers["X-authorization"] = "Basic " + base64.b64encode(pcare.encode()).decode()
    return headers


def answer_key(cons_id: str, secret: str, timestamp: str) -> bytes:
    return hashlib.sha256(f"{cons_id}{secret}{timestamp}".encode()).digest()


def open_response(sealed: str, *, cons_id: str, secret: str, timestamp: str) -> Any:
    """The JSON inside an encrypted `response`. Raises ValueError when it does not open
    (a wrong key, a cut answer)."""
    key = answer_key(cons_id, secret, timestamp)
    try:
        decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
        padded = decryptor.update(base64.b64decode(sealed, validate=True)) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        compressed = (unpadder.update(padded) + unpadder.finalize()).decode()
    except (ValueError, UnicodeDecodeError) as err:
        raise ValueError(f"the answer does not open: {type(err).__name__}") from None
    try:
        text = LZString().decompressFromEncodedURIComponent(compressed)
    except Exception as err:  # noqa: BLE001 - lzstring raises KeyError and others on what is not its
        raise ValueError(f"the answer opens but does not decompress: {type(err).__name__}") from None
    if not text:
        raise ValueError("the answer opens but does not decompress")
    try:
        return json.loads(text)
    except RecursionError:  # a JSONDecodeError is a ValueError already
        raise ValueError("the answer opens but nests too deep") from None
