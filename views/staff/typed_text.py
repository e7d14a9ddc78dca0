"""The text of a field a person types into, kept so that a render never sends their
keys back over.

A field whose `value` is the component's state loses a fast typist's keys on a busy
service: the change events arrive one by one, each sets the state, and a render made
for an older event gives the browser the older text ("dinkes" became "dies" at the
staff sign-in). `use_typed_text` keeps instead, for one field:

- `text`: what was typed, as the change events came (what a submit reads; a submit
  right after the last key may arrive before the render that would show it);
- `shown()`: what a render gives the field, the text the browser holds now (the
  field control the events came from), unless the form itself set it;
- `set(text)`: the form sets the text (the service's first counter name, or one the
  clerk picked from the suggestions); renders give the field that text until the
  person types again;
- `follow(value)`: the same for a form whose own model holds the text (the walk-in's
  NIK, cleared once a number is out).

    name = use_typed_text()
    ft.TextField(value=name.shown(), on_change=name.typed)
    await client.save(name.text)
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft
from flet.components.hooks.use_ref import MutableRef


class TypedText:
    def __init__(self, initial: str) -> None:
        self.text = initial
        self._field: ft.TextField | None = None
        self._set_here = False
        self._render: Callable[[str], None] = lambda _text: None
        self.on_typed: Callable[[str], object] | None = None

    def typed(self, event: ft.Event[ft.TextField]) -> object:
        """The field's on_change: what the browser holds now, and a render for it."""
        self._field, self._set_here = event.control, False
        self.text = event.control.value or ""
        self._render(self.text)
        return self.on_typed(self.text) if self.on_typed is not None else None

    def set(self, text: str) -> None:
        self.text = text
        self._set_here = True
        self._render(text)

    def follow(self, value: str) -> None:
        """For a form that keeps the text in its own model (changed by `on_typed`, and by
        the form: cleared for the next patient): called on each render, before the field
        is made. A model that differs from what was typed was changed by the form; its
        text is the one shown, and the field's old text is let go."""
        if value != self.text:
            self.text, self._field, self._set_here = value, None, True

    def shown(self) -> str:
        """Until the person types again, what the form set (every render of a batch)."""
        if self._set_here or self._field is None:
            return self.text
        return self._field.value or ""


def use_typed_text(initial: str = "", on_typed: Callable[[str], object] | None = None) -> TypedText:
    """One field's text (see above); `on_typed` hears each change (a form that checks as
    it is typed). Call it on every render, like any hook."""
    kept: MutableRef[TypedText] = ft.use_ref(lambda: TypedText(initial))
    _text, render = ft.use_state(initial)
    typed = kept.current
    assert typed is not None  # made on the first render
    typed._render = render
    typed.on_typed = on_typed
    return typed
