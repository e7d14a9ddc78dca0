"""The one loader of the session kit: a screen's data, fetched when it is mounted and
again when what it depends on changes (or on "Coba lagi").

    facility = use_api(lambda: client.facilities.get(facility_id), [facility_id])
    ...
    await facility.reload()  # read again quietly (a live event said it changed)

What a screen shows while loading or after a failure: components/facility_states.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import flet as ft
from flet.components.hooks.use_ref import MutableRef

from api_client import ApiError

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    value: T | None
    error: ApiError | None
    loading: bool
    retry: Callable[[], None]
    reload: Callable[[], Awaitable[None]]
    """Read again quietly: what is shown stays until the answer comes, and stays when
    none comes (an `ApiError`); a failure shows no error."""


def use_api(fetch: Callable[[], Awaitable[T]], dependencies: list[Any]) -> Loaded[T]:
    """Run `fetch` when mounted and when a dependency changes (or on `retry`).

    Only the latest run may set the result: a slow answer for an old facility id
    never overwrites the new one. `ApiError`s become `.error`; nothing escapes.
    """
    value_state: tuple[T | None, Callable[[Callable[[T | None], T | None]], None]] = ft.use_state(None)
    value, set_value = value_state
    error_state: tuple[ApiError | None, Callable[[ApiError | None], None]] = ft.use_state(None)
    error, set_error = error_state
    loading, set_loading = ft.use_state(True)
    attempt, set_attempt = ft.use_state(0)
    latest: MutableRef[int] = ft.use_ref(0)

    async def run() -> None:
        mine = (latest.current or 0) + 1
        latest.current = mine
        set_loading(True)
        set_error(None)
        try:
            result = await fetch()
        except ApiError as exc:
            if mine == latest.current:
                set_error(exc)
                set_loading(False)
            return
        if mine == latest.current:
            set_value(lambda _old: result)
            set_loading(False)

    async def reload() -> None:
        at = latest.current
        try:
            result = await fetch()
        except ApiError:
            return
        if at == latest.current:  # not overtaken by a load for another dependency
            set_value(lambda _old: result)
            set_error(None)
            set_loading(False)

    ft.use_effect(run, [*dependencies, attempt])
    return Loaded(value, error, loading, lambda: set_attempt(lambda n: n + 1), reload)
