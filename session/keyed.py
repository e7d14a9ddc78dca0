"""A component call with flet's identity `key`, its arguments type-checked.

`@ft.component` takes `key=` among a component's arguments and keeps it for itself
(a new key: a fresh component, its state and effects started anew). Its type is the
decorated function's own signature, which has no `key`, and a ParamSpec cannot add a
keyword, so `ReplyBox(client, complaint, key=...)` is a type error. Instead:

    keyed(f"reply-{complaint.id}", ReplyBox)(client, complaint)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def keyed(key: str, component: Callable[P, R]) -> Callable[P, R]:
    render: Callable[..., R] = component

    def with_key(*args: P.args, **kwargs: P.kwargs) -> R:
        return render(*args, key=key, **kwargs)

    return with_key
