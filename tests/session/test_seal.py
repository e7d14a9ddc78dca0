"""Sealing the patients a device keeps (session/seal.py, session/seal_keys.py,
session/patient_book.py), without a page: a box opens with its key only, any change
to it is caught, patients kept in the clear before are sealed on the first load, a box
that will not open gives an empty list (never a crash), and forgetting the last
patient deletes the box and its key."""

from __future__ import annotations

import asyncio
import base64
import json
import stat
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from session.patient_book import ENTRY, PURPOSE, PatientBook
from session.seal import SealBroken, new_key, seal, unseal
from session.seal_keys import GivenKey, KeyFile, KeyRing, KeystoreKey
from session.state import SavedProfile
from session.storage import DeviceFileStorage, MemoryStorage

pytestmark = pytest.mark.anyio

SITI = SavedProfile(name="Siti Aminah", nik="3317145506900001", phone="+6281234567890",
                    birth_date="1990-06-15", bpjs_number="0001234567890", payer="jkn")
BUDI = SavedProfile(name="Budi Santoso", nik="3317141203850002", phone="+6281298765432",
                    birth_date="1985-03-12")


def test_a_sealed_box_opens_with_its_key_into_what_was_sealed() -> None:
    key = new_key()
    value = [asdict(SITI), asdict(BUDI)]
    box = seal(key, value, purpose=PURPOSE)
    assert unseal(key, box, purpose=PURPOSE) == value
    for secret in (SITI.name, SITI.nik, SITI.phone, SITI.bpjs_number, "Siti", "3317"):
        assert secret not in box


def test_the_same_patients_seal_differently_each_time() -> None:
    key = new_key()
    assert seal(key, [asdict(SITI)], purpose=PURPOSE) != seal(key, [asdict(SITI)], purpose=PURPOSE)


@pytest.mark.parametrize("position", [0, 11, 12, 40, -17, -1])  # nonce, ciphertext, tag
def test_a_box_changed_by_one_bit_does_not_open(position: int) -> None:
    key = new_key()
    box = seal(key, [asdict(SITI)], purpose=PURPOSE)
    raw = bytearray(base64.urlsafe_b64decode(box.removeprefix("s1.")))
    raw[position] ^= 0x01
    with pytest.raises(SealBroken):
        unseal(key, "s1." + base64.urlsafe_b64encode(bytes(raw)).decode(), purpose=PURPOSE)


def test_a_box_cut_short_does_not_open() -> None:
    key = new_key()
    box = seal(key, [asdict(SITI)], purpose=PURPOSE)
    raw = base64.urlsafe_b64decode(box.removeprefix("s1."))
    with pytest.raises(SealBroken):
        unseal(key, "s1." + base64.urlsafe_b64encode(raw[:-1]).decode(), purpose=PURPOSE)


@pytest.mark.parametrize("damaged", ["", "s1.", "s1.!!!", "s1.AAAA", "plain text", None, 42, {"a": 1}])
def test_what_is_no_box_does_not_open(damaged: object) -> None:
    with pytest.raises(SealBroken):
        unseal(new_key(), damaged, purpose=PURPOSE)


def test_a_box_does_not_open_with_another_key_or_for_another_purpose() -> None:
    key = new_key()
    box = seal(key, [asdict(SITI)], purpose=PURPOSE)
    with pytest.raises(SealBroken):
        unseal(new_key(), box, purpose=PURPOSE)
    with pytest.raises(SealBroken):
        unseal(key, box, purpose="lsr/something-else")
    with pytest.raises(SealBroken):
        unseal(key[:16], box, purpose=PURPOSE)


def browser_book(storage: MemoryStorage, key: bytes | None) -> PatientBook:
    return PatientBook(storage, KeyRing(GivenKey("browser", key)))


async def stored(storage: MemoryStorage, key: str) -> Any:
    return await storage.load(key)


async def test_patients_kept_in_the_clear_before_are_sealed_on_the_first_load() -> None:
    storage = MemoryStorage()
    plain_wallet = {"tickets": [], "profiles": [asdict(SITI), asdict(BUDI)]}
    await storage.save("wallet", plain_wallet)
    key = new_key()

    profiles, unreadable = await browser_book(storage, key).load(plain_wallet)

    assert (profiles, unreadable) == ([SITI, BUDI], False)
    raw = json.dumps([await stored(storage, "wallet"), await stored(storage, ENTRY)])
    for secret in (SITI.name, SITI.nik, BUDI.name, BUDI.nik, SITI.phone, SITI.bpjs_number):
        assert secret not in raw
    assert await stored(storage, "wallet") == {"tickets": []}
    again = await browser_book(storage, key).load(await stored(storage, "wallet"))
    assert again == ([SITI, BUDI], False)


async def test_a_damaged_box_gives_an_empty_list_and_says_so() -> None:
    storage = MemoryStorage()
    key = new_key()
    await browser_book(storage, key).save([SITI])
    record = await stored(storage, ENTRY)
    await storage.save(ENTRY, {**record, "box": record["box"][:-6] + "AAAAAA"})
    assert await browser_book(storage, key).load(None) == ([], True)
    await storage.save(ENTRY, "not even a record")
    assert await browser_book(storage, key).load(None) == ([], True)


async def test_a_box_whose_key_is_gone_gives_an_empty_list_and_the_next_patient_replaces_it() -> None:
    storage = MemoryStorage()
    await browser_book(storage, new_key()).save([SITI])
    other_browser_key = new_key()  # the cookie was cleared: the browser got a new key
    book = browser_book(storage, other_browser_key)
    assert await book.load(None) == ([], True)
    await book.save([BUDI])
    assert await browser_book(storage, other_browser_key).load(None) == ([BUDI], False)


async def test_a_box_that_would_not_open_is_left_alone_until_a_patient_replaces_it(tmp_path: Path) -> None:
    """A keystore that failed at one start may answer at the next: saving tickets in
    between (no patients) neither deletes the box nor its key."""
    storage = DeviceFileStorage(tmp_path / "store.json")
    keystore = Keystore()
    await PatientBook(storage, KeyRing(KeystoreKey(keystore))).save([SITI])
    failing = KeyRing(KeystoreKey(Keystore()))  # answers, but holds no key this time
    book = PatientBook(storage, failing)
    assert await book.load(None) == ([], True)
    await book.save([])
    assert await PatientBook(storage, KeyRing(KeystoreKey(keystore))).load(None) == ([SITI], False)


async def test_a_box_of_another_shape_gives_an_empty_list() -> None:
    storage = MemoryStorage()
    key = new_key()
    not_patients = seal(key, {"not": "a list"}, purpose=PURPOSE)
    await storage.save(ENTRY, {"v": 1, "key": "browser", "box": not_patients})
    assert await browser_book(storage, key).load(None) == ([], True)


async def test_forgetting_the_last_patient_deletes_the_box_and_its_key(tmp_path: Path) -> None:
    storage = DeviceFileStorage(tmp_path / "store.json")
    key_file = KeyFile(tmp_path / "patients.key")
    book = PatientBook(storage, KeyRing(key_file))
    await book.save([SITI, BUDI])
    assert key_file.path.exists()
    await book.save([BUDI])
    assert SITI.nik not in (tmp_path / "store.json").read_text()
    await book.save([])
    assert await storage.load(ENTRY) is None
    assert not key_file.path.exists()
    for secret in (SITI.nik, BUDI.nik, BUDI.name):
        assert secret not in (tmp_path / "store.json").read_text()


async def test_without_a_key_nothing_is_kept() -> None:
    storage = MemoryStorage()
    await browser_book(storage, None).save([SITI])
    assert await storage.load(ENTRY) is None


class Keystore:
    """flet-secure-storage as a phone answers it; `silent`: one that never answers
    (a build without the extension)."""

    def __init__(self, *, silent: bool = False) -> None:
        self.entries: dict[str, str] = {}
        self.silent = silent

    async def _maybe_hang(self) -> None:
        if self.silent:
            await asyncio.Event().wait()

    async def get(self, key: str) -> str | None:
        await self._maybe_hang()
        return self.entries.get(key)

    async def set(self, key: str, value: str) -> None:
        await self._maybe_hang()
        self.entries[key] = value

    async def remove(self, key: str) -> None:
        await self._maybe_hang()
        self.entries.pop(key, None)


async def test_on_a_phone_the_key_goes_to_the_keystore_not_to_a_file(tmp_path: Path) -> None:
    storage = DeviceFileStorage(tmp_path / "store.json")
    keystore = Keystore()
    ring = KeyRing(KeystoreKey(keystore), KeyFile(tmp_path / "patients.key"))
    await PatientBook(storage, ring).save([SITI])
    assert list(keystore.entries) == [KeystoreKey.ENTRY]
    assert not (tmp_path / "patients.key").exists()
    assert (await storage.load(ENTRY))["key"] == "keystore"
    assert await PatientBook(storage, ring).load(None) == ([SITI], False)
    await PatientBook(storage, ring).save([])  # a fresh session forgets the last one
    assert keystore.entries == {}


async def test_a_keystore_that_does_not_answer_leaves_the_key_in_a_file_only_this_app_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(KeystoreKey, "TIMEOUT_SECONDS", 0.05)
    storage = DeviceFileStorage(tmp_path / "store.json")
    ring = KeyRing(KeystoreKey(Keystore(silent=True)), KeyFile(tmp_path / "patients.key"))
    await PatientBook(storage, ring).save([SITI])
    key_file = tmp_path / "patients.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert (await storage.load(ENTRY))["key"] == "file"
    assert await PatientBook(storage, ring).load(None) == ([SITI], False)
