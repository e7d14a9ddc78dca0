"""The patients a device keeps (Pasien tersimpan), sealed: one box under the storage
key `patients`, `{"v": 1, "key": <where its key is>, "box": <session/seal.py>}`.
Nothing of them is kept in the clear, on a phone or in a browser (docs/privacy.md).

- Patients kept before sealing existed (a plain `profiles` list in the wallet) are
  sealed on the first load and taken out of the wallet.
- A box that cannot be opened (changed, cut short, its key gone) gives an empty list
  and `unreadable`, which Pengaturan explains; it is never a crash. It stays as it
  is (the next start tries again) until the next patient kept replaces it.
- When the last patient is forgotten, the box and its key are deleted."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from session.seal import SealBroken, seal, unseal
from session.seal_keys import KeyRing, KeyUnavailable
from session.state import SavedProfile
from session.storage import ClientStorage

log = logging.getLogger(__name__)

ENTRY = "patients"
PURPOSE = "lsr/saved-patients/v1"
FORMAT = 1


class PatientBook:
    def __init__(self, storage: ClientStorage, keys: KeyRing) -> None:
        self._storage = storage
        self._keys = keys
        self._held: tuple[str, bytes] | None = None  # the box's key, once known
        self._kept = True  # a box may be there (until load() or a removal says otherwise)

    async def load(self, wallet: dict[str, Any] | None) -> tuple[list[SavedProfile], bool]:
        """The kept patients, and whether a box was there that could not be opened."""
        profiles: list[SavedProfile] = []
        unreadable = False
        record = await self._storage.load(ENTRY)
        self._kept = record is not None
        if record is not None:
            try:
                profiles = await self._open(record)
            except SealBroken as exc:
                log.warning("the saved patients cannot be opened: %s", exc)
                unreadable = True
                self._kept = False  # left as it is (a keystore that failed once may answer next time)
        plain = [SavedProfile.from_json(p) for p in (wallet or {}).get("profiles") or []]
        if plain:
            known = {p.nik for p in profiles}
            profiles += [p for p in plain if p.nik not in known]
            await self.save(profiles)
            await self._storage.save("wallet", {k: v for k, v in (wallet or {}).items() if k != "profiles"})
        return profiles, unreadable

    async def save(self, profiles: list[SavedProfile]) -> None:
        if not profiles:
            if self._kept:  # not on every ticket saved by someone who keeps no patient
                await self._storage.remove(ENTRY)
                await self._keys.destroy_all()
                self._held, self._kept = None, False
            return
        try:
            if self._held is None:
                self._held = await self._keys.key_to_seal()
        except KeyUnavailable as exc:
            log.warning("the saved patients are kept for this session only: %s", exc)
            return
        name, key = self._held
        box = seal(key, [asdict(p) for p in profiles], purpose=PURPOSE)
        await self._storage.save(ENTRY, {"v": FORMAT, "key": name, "box": box})
        self._kept = True

    async def _open(self, record: object) -> list[SavedProfile]:
        name = record.get("key") if isinstance(record, dict) else None
        if not isinstance(record, dict) or record.get("v") != FORMAT or not isinstance(name, str):
            raise SealBroken("not a box of saved patients")
        key = await self._keys.key_in(name)
        if key is None:
            raise SealBroken(f"the {name} key is gone")
        data = unseal(key, record.get("box"), purpose=PURPOSE)
        try:
            profiles = [SavedProfile.from_json(p) for p in data]
        except (TypeError, AttributeError) as exc:
            raise SealBroken("the box holds no list of patients") from exc
        self._held = (name, key)
        return profiles
