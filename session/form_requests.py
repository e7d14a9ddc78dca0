"""The requests of a form, one at a time, and where their refusals land: on the fields
the service names (`field_errors`, by the field's path: "quota_jkn.0", "username"), else
on the form's problem line (`problem`); a sign-in that has ended goes to the face's guard.

    class AccountBoard(FormRequests):
        def __init__(self, client, *, on_signed_out):
            super().__init__(on_signed_out)
        async def create(self):
            async def send() -> None: ...
            if await self._ask(send): ...
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from api_client import ApiError, ApiStatusError, Unauthorized, ValidationFailed

Problem = tuple[str, dict[str, Any]]
"""An error code and its parameters, put into words by `session.i18n.error_message`."""


class FormRequests:
    def __init__(self, on_signed_out: Callable[[], Awaitable[None]]) -> None:
        self._on_signed_out = on_signed_out
        self.busy = False
        self.problem: Problem | None = None
        self.field_errors: dict[str, Problem] = {}

    async def _ask(self, request: Callable[[], Awaitable[object]]) -> bool:
        """Run one request: True when the service took it; its refusal lands on the
        fields or the problem line; `busy` while it runs."""
        self.busy, self.problem = True, None
        try:
            await request()
            return True
        except Unauthorized:
            await self._on_signed_out()
        except ValidationFailed as err:
            self.field_errors = {f.field: (f.code, dict(f.params)) for f in err.fields}
            if not err.fields:
                self.problem = (err.code, {})
        except ApiStatusError as err:  # a refusal that names its numbers (a 409's count) says them
            self.problem = (err.code, next((dict(f.params) for f in err.fields if f.params), {}))
        except ApiError as err:
            self.problem = (err.code, {})
        finally:
            self.busy = False
        return False
