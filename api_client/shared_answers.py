"""One parsed copy of an answer that is the same for everyone.

The service's web app has a client per web session, and every session that opens the
Faskes list fetches the same directory: parsed into its own twenty `Facility` models,
~85 KB a session (bench/web_sessions.py --trace). Each session still asks the service
(what it shows is as fresh as before); when the answer is equal to the last one parsed
in this process, it gets that one's models back. Wire models are frozen
(api_client/models.py), so a shared one cannot be changed under another session.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter

T = TypeVar("T")


class LastAnswer(Generic[T]):
    def __init__(self, adapter: TypeAdapter[T]) -> None:
        self._adapter = adapter
        self._last: tuple[Any, T] | None = None

    def parse(self, data: Any) -> T:
        """`data` validated, or the models of the last answer if it was equal."""
        last = self._last
        if last is not None and last[0] == data:
            return last[1]
        parsed = self._adapter.validate_python(data)
        self._last = (data, parsed)
        return parsed
