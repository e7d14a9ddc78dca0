"""Staff accounts as administrators manage them (`client.accounts`): Dinkes every
account, a facility's admin those of their facility. A one-time password comes back
once (`StaffAccountIssued.one_time_password`): show it, never keep it."""

from __future__ import annotations

import builtins

from pydantic import TypeAdapter

from api_client._http import Http
from api_client.models import (
    Role,
    StaffAccount,
    StaffAccountCreate,
    StaffAccountIssued,
    TotpRequirement,
)

_ACCOUNTS = TypeAdapter(list[StaffAccount])


class StaffAccounts:
    def __init__(self, http: Http) -> None:
        self._http = http

    async def list(self, *, facility_id: str | None = None) -> builtins.list[StaffAccount]:
        """Within reach: Dinkes every account (or `facility_id`'s), an admin their facility's."""
        return _ACCOUNTS.validate_python(
            await self._http.request("GET", "/admin/accounts", params={"facility_id": facility_id})
        )

    async def create(self, *, username: str, role: Role, facility_id: str | None) -> StaffAccountIssued:
        """`facility_id` None: a Dinkes account (Dinkes only)."""
        body = StaffAccountCreate(username=username, role=role, facility_id=facility_id)
        return StaffAccountIssued.model_validate(await self._http.request(
            "POST", "/admin/accounts", json_body=body.model_dump(mode="json"),
        ))

    async def deactivate(self, account_id: int) -> StaffAccount:
        """Its open sign-ins (and their tokens) end at once."""
        return StaffAccount.model_validate(
            await self._http.request("POST", f"/admin/accounts/{account_id}/deactivate")
        )

    async def reactivate(self, account_id: int) -> StaffAccountIssued:
        """A deactivated account signs in again, with a new one-time password."""
        return StaffAccountIssued.model_validate(
            await self._http.request("POST", f"/admin/accounts/{account_id}/reactivate")
        )

    async def reset_password(self, account_id: int) -> StaffAccountIssued:
        return StaffAccountIssued.model_validate(
            await self._http.request("POST", f"/admin/accounts/{account_id}/reset-password")
        )

    async def require_totp(self, account_id: int, *, required: bool = True) -> StaffAccount:
        return StaffAccount.model_validate(await self._http.request(
            "PUT", f"/admin/accounts/{account_id}/totp-required",
            json_body=TotpRequirement(required=required).model_dump(),
        ))
