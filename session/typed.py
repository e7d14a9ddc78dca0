"""Three of flet's hook idioms with the types mypy can follow.

flet's own signatures lose the type in three common cases:
- `ft.use_ref(...)`: `current` is `T | None` whatever it starts with, so a ref that
  starts with "" or {} needs a None check at every read that can never fire;
- `ft.use_state(factory)`: `T | Callable[[], T]` leaves mypy unable to tell `T` from
  the factory;
- `Component(..., key=...)`: `@ft.component` takes `key` among the arguments and keeps
  it, but its type is the function's own signature, which has no `key` (a ParamSpec
  cannot add a keyword).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar

import flet as ft
from flet.components.hooks.use_ref import MutableRef

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(eq=False)
class Ref(Generic[T]):
    current: T


def use_ref(initial: Callable[[], T]) -> Ref[T]:
    """flet's `use_ref`: kept for the component's life, changing `current` re-renders
    nothing. `initial` makes the first value, on the first render only:
    `use_ref(new_idempotency_key)`, `use_ref(lambda: "")`."""
    held: MutableRef[Ref[T]] = ft.use_ref(lambda: Ref(initial()))
    ref = held.current
    assert ref is not None  # made on the first render, never set again
    return ref


def use_state_from(make: Callable[[], T]) -> tuple[T, Callable[[T], None]]:
    """flet's `use_state` whose first value `make` computes, on the first render only."""
    first: Any = make  # flet calls a callable initial value itself
    state: tuple[T, Callable[[T], None]] = ft.use_state(first)
    return state


def keyed(key: str | int, component: Callable[P, R]) -> Callable[P, R]:
    """`component` under flet's identity `key` (a new key: a fresh component, its state
    and effects started anew), its arguments type-checked:
    `keyed(f"reply-{complaint.id}", ReplyBox)(client, complaint)`."""
    render: Callable[..., R] = component

    def with_key(*args: P.args, **kwargs: P.kwargs) -> R:
        return render(*args, key=key, **kwargs)

    return with_key
