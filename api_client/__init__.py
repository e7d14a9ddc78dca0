"""The one door to the central service: `ApiClient`, its wire models and its errors."""

from api_client.client import ApiClient, new_idempotency_key
from api_client.errors import (
    ApiConnectionError,
    ApiError,
    ApiStatusError,
    ApiTimeoutError,
    Conflict,
    Forbidden,
    NotFound,
    QuotaFull,
    RateLimited,
    ServerError,
    Unauthorized,
    ValidationFailed,
)

__all__ = [
    "ApiClient", "ApiConnectionError", "ApiError", "ApiStatusError", "ApiTimeoutError",
    "Conflict", "Forbidden", "NotFound", "QuotaFull", "RateLimited", "ServerError",
    "Unauthorized", "ValidationFailed", "new_idempotency_key",
]
