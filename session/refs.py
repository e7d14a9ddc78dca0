"""`use_ref` for a value that is never None: what a handler reads as it was typed, an
idempotency key, a flag that a send is under way.

flet's `MutableRef.current` is typed `T | None` whatever it starts with, so each read of
a ref that starts with "" or {} would need a None check that can never fire. This is
flet's hook (one `use_ref` slot, kept for the component's life, changing `current`
re-renders nothing) with the value typed as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import flet as ft
from flet.components.hooks.use_ref import MutableRef

T = TypeVar("T")


@dataclass(eq=False)
class Ref(Generic[T]):
    current: T


def use_ref(initial: Callable[[], T]) -> Ref[T]:
    """`initial` makes the first value, on the first render only:
    `use_ref(new_idempotency_key)`, `use_ref(lambda: "")`."""
    held: MutableRef[Ref[T]] = ft.use_ref(lambda: Ref(initial()))
    ref = held.current
    assert ref is not None  # made on the first render, never set again
    return ref
