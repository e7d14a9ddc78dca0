"""Every knob of the client in one place."""

from __future__ import annotations

DEFAULT_BASE_URL = "http://127.0.0.1:8000/api"
CONNECT_TIMEOUT = 5.0  # seconds: a weak village signal needs some patience
READ_TIMEOUT = 15.0
RETRY_ATTEMPTS = 4  # in all, the first try included
RETRY_WAIT_INITIAL = 0.3
RETRY_WAIT_MAX = 5.0
RETRY_TIMEOUT = 30.0  # all attempts together
RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
EVENTS_RECONNECT_MAX = 10.0  # seconds between reconnects of a live event stream
USER_AGENT = "LayananSehatRembang/1 (api_client)"
