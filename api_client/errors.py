"""Every failure of the API client is an `ApiError`; screens catch that one class
and show `error.code` translated.

    ApiError
    ├── ApiConnectionError           no answer: offline, DNS, refused
    │   └── ApiTimeoutError          the service did not answer in time
    └── ApiStatusError               the service answered with an error
        ├── BadRequest          400
        ├── Unauthorized        401  sign in (again)
        ├── Forbidden           403  not allowed for this account
        ├── NotFound            404
        ├── Conflict            409
        │   └── QuotaFull            .next_available: dates that still have room
        ├── ValidationFailed    422  .fields: [FieldError(field, code, message)]
        ├── RateLimited         429  .retry_after seconds
        └── ServerError         5xx
"""

from __future__ import annotations

import datetime as dt

from api_client.models import ErrorCode, ErrorDetail, FieldError


class ApiError(Exception):
    code: str = "api_error"


class ApiConnectionError(ApiError):
    code = "connection_failed"


class ApiTimeoutError(ApiConnectionError):
    code = "timeout"


class ApiStatusError(ApiError):
    def __init__(self, status: int, detail: ErrorDetail, retry_after: float | None = None) -> None:
        super().__init__(f"{status} {detail.code}: {detail.message}")
        self.status = status
        self.detail = detail
        self.code = detail.code
        self.retry_after = retry_after

    @property
    def fields(self) -> list[FieldError]:
        return self.detail.fields

    @property
    def next_available(self) -> list[dt.date]:
        return self.detail.next_available


class BadRequest(ApiStatusError):
    pass


class Unauthorized(ApiStatusError):
    pass


class Forbidden(ApiStatusError):
    pass


class NotFound(ApiStatusError):
    pass


class Conflict(ApiStatusError):
    pass


class QuotaFull(Conflict):
    pass


class ValidationFailed(ApiStatusError):
    pass


class RateLimited(ApiStatusError):
    pass


class ServerError(ApiStatusError):
    pass


_BY_STATUS: dict[int, type[ApiStatusError]] = {
    400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict,
    422: ValidationFailed, 429: RateLimited,
}


def status_error(status: int, detail: ErrorDetail, retry_after: float | None) -> ApiStatusError:
    if detail.code == ErrorCode.quota_full:
        return QuotaFull(status, detail, retry_after)
    cls = _BY_STATUS.get(status, ServerError if status >= 500 else ApiStatusError)
    return cls(status, detail, retry_after)
