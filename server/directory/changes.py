"""One difference between the directory and a file, as the tool shows it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Change(StrEnum):
    added = "added"
    changed = "changed"
    removed = "removed"
    kept = "kept"  # in the file, not applied: `after` says why
    refused = "refused"  # the file cannot be applied: `after` says why


@dataclass(frozen=True)
class Edit:
    change: Change
    facility_id: str | None  # None: a regency-wide closure
    service_code: str | None = None
    what: str = ""
    before: str = ""
    after: str = ""

    @property
    def subject(self) -> str:
        return "/".join(p for p in (self.facility_id or "regency", self.service_code) if p)

    def line(self) -> str:
        if self.change in (Change.kept, Change.refused):
            return f"{self.change:<8} {self.subject}  {self.what}: {self.after}"
        if self.change is Change.changed:
            return f"{self.change:<8} {self.subject}  {self.what}: {self.before} -> {self.after}"
        shown = self.after if self.change is Change.added else self.before
        return f"{self.change:<8} {self.subject}  {self.what}" + (f": {shown}" if shown else "")
