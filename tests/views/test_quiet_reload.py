"""`use_api`'s quiet `reload` (session/loader.py), in a real flet session: while it
reads, what was shown stays and no loading shows; a failure keeps it and shows no
error; the answer replaces it. A load that failed is cleared by a reload that works."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import flet as ft
import pytest

from api_client import ApiConnectionError, ApiError
from session.loader import use_api
from tests.views.harness import run_app

pytestmark = pytest.mark.anyio


@dataclass
class Source:
    """Answers the test hands over one by one: a string, or an `ApiError` to raise."""

    answers: asyncio.Queue[str | ApiError] = field(default_factory=asyncio.Queue)
    reloads: list[asyncio.Future[None]] = field(default_factory=list)

    async def fetch(self) -> str:
        answer = await self.answers.get()
        if isinstance(answer, ApiError):
            raise answer
        return answer


@ft.component
def Shown(source: Source) -> ft.Control:
    loaded = use_api(source.fetch, [])
    error = loaded.error.code if loaded.error else "-"

    def again() -> None:  # as a live event does: in the background, in the page's context
        source.reloads.append(asyncio.ensure_future(loaded.reload()))

    return ft.Column([ft.Text(f"value {loaded.value}"), ft.Text(f"loading {loaded.loading}"),
                      ft.Text(f"error {error}"), ft.Button("again", on_click=again)])


def main_of(source: Source):  # type: ignore[no-untyped-def]
    async def main(page: ft.Page) -> None:
        page.render(Shown, source)

    return main


def state(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [t for t in app.texts() if t.split(" ")[0] in {"value", "loading", "error"}]


async def test_a_reload_keeps_what_is_shown_until_its_answer_and_after_a_failure():
    source = Source()
    async with run_app(main_of(source)) as app:
        await app.wait_for(lambda: state(app) == ["value None", "loading True", "error -"])
        source.answers.put_nowait("senin")
        await app.wait_for(lambda: state(app) == ["value senin", "loading False", "error -"])

        await app.click(text="again")
        await app.settle()
        assert state(app) == ["value senin", "loading False", "error -"]  # no spinner while it reads
        source.answers.put_nowait(ApiConnectionError("no signal"))
        await source.reloads[-1]
        await app.settle()
        assert state(app) == ["value senin", "loading False", "error -"]  # nor an error after

        source.answers.put_nowait("selasa")
        await app.click(text="again")
        await app.wait_for(lambda: state(app) == ["value selasa", "loading False", "error -"])


async def test_a_reload_that_works_clears_a_failed_load():
    source = Source()
    async with run_app(main_of(source)) as app:
        source.answers.put_nowait(ApiConnectionError("no signal"))
        await app.wait_for(lambda: state(app) == ["value None", "loading False", "error connection_failed"])
        source.answers.put_nowait("rabu")
        await app.click(text="again")
        await app.wait_for(lambda: state(app) == ["value rabu", "loading False", "error -"])
