"""Staff accounts in the admin face, as observable data with methods (no Flet page
needed): the accounts within reach (Dinkes: every facility's, or one facility's; an
admin: their facility's), a new account being written, a deactivation or a password
reset waiting for its confirmation, and the one-time password of the last creation or
reset, held only until the administrator says it is written down (then it is gone:
the service never shows it again)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

import flet as ft

from api_client import ApiClient
from api_client.models import Facility, Role, StaffAccount, StaffAccountIssued, StaffMe
from session.form_requests import FormRequests

"""An error code and its params (translated by `session.i18n.error_message`)."""
CREATABLE_ROLES = (Role.loket, Role.poli, Role.apotek, Role.admin)


@dataclass(frozen=True)
class NewAccount:
    """The form of a new account. `facility_id` None: a Dinkes account (Dinkes only)."""

    username: str = ""
    role: Role = Role.loket
    facility_id: str | None = None


@dataclass(frozen=True)
class Asked:
    """A change waiting for the administrator's confirmation: "deactivate", "reset" or
    "reactivate"."""

    kind: str
    account: StaffAccount


@dataclass(frozen=True)
class Done:
    """What the last change did, for the notice line: "deactivated", "totp_required",
    "totp_lifted"."""

    kind: str
    username: str


@ft.observable
class AccountBoard(FormRequests):
    def __init__(
        self, client: ApiClient, me: StaffMe, *, on_signed_out: Callable[[], Awaitable[None]]
    ) -> None:
        super().__init__(on_signed_out)
        self._client = client
        self.me = me
        self.facility_filter: str | None = me.facility_id  # Dinkes: None = every facility
        self.facilities: list[Facility] = []
        self.accounts: list[StaffAccount] | None = None
        self.draft: NewAccount | None = None
        self.asked: Asked | None = None
        self.issued: StaffAccountIssued | None = None
        self.done: Done | None = None

    @property
    def is_dinkes(self) -> bool:
        return self.me.facility_id is None

    def facility_name(self, facility_id: str | None) -> str | None:
        """The facility's name (None for a Dinkes account, or one not loaded)."""
        return next((f.name for f in self.facilities if f.id == facility_id), facility_id)

    # ------------------------------------------------------------------ reading

    async def load(self) -> None:
        if not self.facilities:
            await self._ask(self._load_facilities)
        await self._ask(self._load_accounts)

    async def choose_facility(self, facility_id: str | None) -> None:
        """Dinkes: one facility's accounts, or every one's (None)."""
        self.facility_filter = facility_id
        self.accounts = None
        await self._ask(self._load_accounts)

    async def _load_facilities(self) -> None:
        self.facilities = sorted(await self._client.facilities.list(), key=lambda f: f.name)

    async def _load_accounts(self) -> None:
        self.accounts = list(await self._client.accounts.list(facility_id=self.facility_filter))

    # ------------------------------------------------------------------ a new account

    def write(self) -> None:
        self.asked = None
        self.field_errors = {}
        self.draft = NewAccount(facility_id=self.facility_filter or self.me.facility_id)

    def edit(self, **changes: Any) -> None:
        if self.draft is None:
            return
        self.draft = replace(self.draft, **changes)
        self.field_errors = {k: v for k, v in self.field_errors.items() if k not in changes}

    def cancel(self) -> None:
        self.draft = None
        self.asked = None
        self.field_errors = {}

    async def create(self) -> None:
        draft = self.draft
        if draft is None or self.busy:
            return
        if not draft.username.strip():
            self.field_errors = {"username": ("missing", {})}
            return

        async def send() -> None:
            self.issued = await self._client.accounts.create(
                username=draft.username.strip(), role=draft.role, facility_id=draft.facility_id,
            )
            self.draft = None
            self.done = None
            await self._load_accounts()

        await self._ask(send)

    # ------------------------------------------------------------------ changes

    def ask(self, kind: str, account: StaffAccount) -> None:
        """Deactivate, reactivate or reset the password of `account`, once confirmed."""
        self.draft = None
        self.asked = Asked(kind, account)

    async def confirm(self) -> None:
        asked = self.asked
        if asked is None or self.busy:
            return

        async def send() -> None:
            if asked.kind == "deactivate":
                await self._client.accounts.deactivate(asked.account.id)
                self.done = Done("deactivated", asked.account.username)
                self.issued = None
            elif asked.kind == "reactivate":
                self.issued = await self._client.accounts.reactivate(asked.account.id)
                self.done = None
            else:
                self.issued = await self._client.accounts.reset_password(asked.account.id)
                self.done = None
            self.asked = None
            await self._load_accounts()

        await self._ask(send)

    async def toggle_totp(self, account: StaffAccount) -> None:
        async def send() -> None:
            changed = await self._client.accounts.require_totp(account.id, required=not account.totp_required)
            self.done = Done("totp_required" if changed.totp_required else "totp_lifted", account.username)
            await self._load_accounts()

        await self._ask(send)

    def written_down(self) -> None:
        """The one-time password goes from the screen, for good."""
        self.issued = None
