"""Personal data at rest: nothing readable in the database, masked on the wire."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag
from sqlalchemy import text

from server.vault import Vault
from tests.api.helpers import book, nik_for, service_id

pytestmark = pytest.mark.anyio


async def test_a_booking_leaves_no_nik_phone_bpjs_or_name_readable_in_the_database(client, app):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    booking = await book(client, sid, serial=42)
    with app.state.lsr.db.read() as session:
        rows = session.execute(text("SELECT * FROM visit")).mappings().all()
    dump = repr([dict(r) for r in rows])
    for secret in (nik_for(42), "6281234567890", "0000000000042", "Siti Aminah", "1990-06-05"):
        assert secret not in dump
    assert "3317********0042" in dump  # the masked copy screens show
    assert booking.nik_masked == "3317********0042"
    vault: Vault = app.state.lsr.vault
    sealed = rows[0]["nik_sealed"]
    assert vault.open(sealed, purpose="nik") == nik_for(42)


def test_a_sealed_value_opens_only_for_its_purpose_and_its_key():
    vault = Vault("a-secret-of-at-least-thirty-two-characters")
    sealed = vault.seal("3317014506900001", purpose="nik")
    assert sealed != vault.seal("3317014506900001", purpose="nik")  # a fresh nonce each time
    with pytest.raises(InvalidTag):
        vault.open(sealed, purpose="phone")
    with pytest.raises(InvalidTag):
        Vault("another-secret-of-at-least-thirty-two-chars").open(sealed, purpose="nik")
    assert vault.lookup_key("x", purpose="nik") != vault.lookup_key("x", purpose="phone")
