"""The view-test harness, proven on a tiny demo app written here.

The demo has what our screens use: a nested ``ft.Router`` (``/`` and
``/detail/:id`` under it, so there is a back stack), a ``use_state`` counter with
an async click handler, a TextField whose value reaches a handler, navigation by
``page.navigate`` and by the client, dependencies through ``ft.create_context`` /
``ft.use_context``, an ``@ft.observable`` shared state and ``ft.use_effect``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import flet as ft
import pytest
from flet.messaging.protocol import MessageAction

from tests.views.harness import FletAppError, iter_controls, run_app

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


# ---------------------------------------------------------------------------
# The demo app
# ---------------------------------------------------------------------------


@ft.observable
@dataclass
class Basket:
    items: list[str] = field(default_factory=list)


@dataclass
class Deps:
    """What a real app passes through context: API client, translator, ..."""

    greeting: str
    basket: Basket
    log: list[str] = field(default_factory=list)


DepsContext = ft.create_context(None)


@ft.component
def Counter():
    count, set_count = ft.use_state(0)

    async def add(e):
        await asyncio.sleep(0)  # an await, like a real API call
        set_count(count + 1)

    return ft.Row(
        [
            ft.Text(f"Jumlah: {count}"),
            ft.Button("Tambah", on_click=add),
        ]
    )


@ft.component
def Greeter():
    deps = ft.use_context(DepsContext)
    name, set_name = ft.use_state("")
    greeting, set_greeting = ft.use_state("")

    async def greet(e):
        await asyncio.sleep(0)
        set_greeting(f"{deps.greeting}, {name}!")

    return ft.Column(
        [
            ft.TextField(
                label="Nama",
                value=name,
                on_change=lambda e: set_name(e.control.value),
                on_submit=greet,
            ),
            ft.Button("Sapa", on_click=greet),
            ft.Text(greeting, visible=bool(greeting)),
        ]
    )


@ft.component
def Home():
    deps = ft.use_context(DepsContext)
    return ft.View(
        route="/",
        appbar=ft.AppBar(title=ft.Text("Beranda")),
        controls=[
            Counter(),
            Greeter(),
            ft.Text(f"Di daftar: {len(deps.basket.items)}"),
            ft.Button("Buka detail 7", on_click=lambda: ft.context.page.navigate("/detail/7")),
            ft.Button("Rusak", on_click=lambda: 1 / 0),
        ],
    )


@ft.component
def Detail():
    deps = ft.use_context(DepsContext)
    params = ft.use_route_params()
    status, set_status = ft.use_state("Memuat…")
    loaded = ft.use_ref(None)

    async def load():
        loaded.current = params["id"]
        deps.log.append(f"load {params['id']}")
        await asyncio.sleep(0)  # an await, like fetching the facility
        set_status("Dimuat")

    def cleanup():
        # flet 1.0.5 runs the cleanup= of the *new* render before the new setup, so
        # what is to be cleaned up is read from a ref, not from this render's params.
        deps.log.append(f"cleanup {loaded.current}")

    ft.use_effect(load, [params["id"]], cleanup=cleanup)

    def add_to_basket():
        deps.basket.items.append(params["id"])

    return ft.View(
        route=f"/detail/{params['id']}",
        appbar=ft.AppBar(title=ft.Text(f"Detail {params['id']}")),
        controls=[
            ft.Text(status),
            ft.Semantics(
                identifier="add-to-basket",
                label="Tambah ke daftar",
                content=ft.IconButton(ft.Icons.ADD, on_click=add_to_basket),
            ),
            ft.Button("Kembali ke beranda", on_click=lambda: ft.context.page.navigate("/")),
        ],
    )


@ft.component
def App(deps: Deps):
    return DepsContext(
        deps,
        lambda: ft.Router(
            [
                ft.Route(
                    component=Home,
                    children=[ft.Route(path="detail/:id", component=Detail)],
                )
            ],
            manage_views=True,
        ),
    )


def make_main(deps: Deps | None = None):
    deps = deps or Deps(greeting="Halo", basket=Basket())

    async def main(page: ft.Page):
        page.title = "Demo"
        page.render_views(App, deps)

    return main


def routes(app) -> list[str]:
    return [v.route for v in app.views]


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


async def test_client_registers_and_gets_page_patch_before_main_runs():
    seen: dict[str, object] = {}

    async def main(page: ft.Page):
        client = page.session.connection.client
        seen["before_main"] = [m.action for m in client.messages]
        seen["route"] = page.route
        seen["web"] = page.web
        page.render_views(App, Deps(greeting="Halo", basket=Basket()))

    async with run_app(main, route="/detail/3") as app:
        # main ran after the client had its REGISTER_CLIENT response
        assert seen["before_main"] == [MessageAction.REGISTER_CLIENT]
        assert seen["route"] == "/detail/3" and seen["web"] is True
        first = app.messages[0]
        assert first.action is MessageAction.REGISTER_CLIENT
        assert first.body["session_id"] == app.session.id
        page_patch = first.body["page_patch"]  # session.get_page_patch(), as decoded
        assert (page_patch["_c"], page_patch["_i"]) == ("Page", 1)
        assert page_patch["route"] == "/detail/3"
        # then main's render went out as patches of that page
        assert app.messages[1].action is MessageAction.PATCH_CONTROL
        assert app.messages[1].body["id"] == 1
        assert app.find(text="Detail 3")


async def test_use_state_counter_with_async_handler():
    async with run_app(make_main()) as app:
        assert app.find(text="Jumlah: 0")
        sent = len(app.messages)
        await app.click(text="Tambah")
        assert app.find(text="Jumlah: 1")
        # the re-render went out as a small diff against the last snapshot
        patches = [m for m in app.messages[sent:] if m.action is MessageAction.PATCH_CONTROL]
        assert len(patches) == 1
        assert patches[0].size < 200
        await app.click(app.find(ft.Button, text="Tambah"))
        assert app.find(text="Jumlah: 2")
        assert not app.exists(text="Jumlah: 1")


async def test_textfield_value_reaches_the_handler():
    async with run_app(make_main()) as app:
        field_ = app.find(ft.TextField, label="Nama")
        await app.fill(field_, "Siti")
        assert app.find(ft.TextField, label="Nama").value == "Siti"
        await app.click(text="Sapa")
        assert app.find(text="Halo, Siti!")

        await app.fill(label="Nama", value="Budi", submit=True)
        assert app.find(text="Halo, Budi!")


async def test_page_navigate_builds_a_back_stack_and_back_pops_it():
    async with run_app(make_main()) as app:
        assert routes(app) == ["/"]
        await app.click(text="Buka detail 7")
        # page.navigate -> push_route on the client -> route_change back
        assert ("Page", "push_route", {"route": "/detail/7"}) in app.invocations
        assert app.route == "/detail/7"
        assert routes(app) == ["/", "/detail/7"]
        assert app.find(text="Detail 7")
        assert app.find(text="Dimuat")  # the mount effect ran and its await finished
        # queries see the top view only, unless told otherwise
        assert not app.exists(text="Tambah")
        assert app.find(text="Tambah", root=app.page)

        await app.back()  # AppBar back arrow / system back
        assert routes(app) == ["/"]
        assert app.history == ["/", "/detail/7", "/"]
        assert app.find(text="Jumlah: 0")


async def test_client_route_change_and_deep_link():
    async with run_app(make_main(), route="/detail/3") as app:
        assert routes(app) == ["/", "/detail/3"]
        assert app.find(text="Detail 3")
        await app.navigate("/detail/5")  # the user edits the URL
        assert routes(app) == ["/", "/detail/5"]
        assert app.find(text="Detail 5")
        assert app.page.route == "/detail/5"
        await app.navigate("/")
        assert routes(app) == ["/"]
        with pytest.raises(AssertionError, match="nothing to pop"):
            await app.back()


async def test_state_survives_navigation_and_stale_controls_are_refused():
    async with run_app(make_main()) as app:
        await app.click(text="Tambah")
        button = app.find(text="Buka detail 7")
        await app.click(button)
        await app.click(text="Kembali ke beranda")
        assert routes(app) == ["/"]
        assert app.find(text="Jumlah: 1")  # Home stayed mounted under Detail
        old_detail_button = app.find(text="Buka detail 7")
        await app.click(old_detail_button)
        stale = app.find(text="Kembali ke beranda")
        await app.back()
        with pytest.raises(LookupError, match="no longer in the page"):
            await app.click(stale)


async def test_context_and_observable_shared_state():
    deps = Deps(greeting="Sugeng rawuh", basket=Basket())
    async with run_app(make_main(deps)) as app:
        await app.fill(label="Nama", value="Sri")
        await app.click(text="Sapa")
        assert app.find(text="Sugeng rawuh, Sri!")  # greeting came through context

        await app.navigate("/detail/4")
        await app.click(identifier="add-to-basket")  # tap lands on the IconButton inside
        await app.click(identifier="add-to-basket")
        assert deps.basket.items == ["4", "4"]
        await app.back()
        assert app.find(text="Di daftar: 2")  # Home re-rendered from the observable


async def test_use_effect_runs_on_mount_reruns_on_deps_and_cleans_up():
    deps = Deps(greeting="Halo", basket=Basket())
    async with run_app(make_main(deps)) as app:
        await app.navigate("/detail/1")
        assert app.find(text="Dimuat")
        await app.navigate("/detail/2")  # same component, new param: cleanup + setup
        await app.navigate("/")  # unmount: cleanup
        assert deps.log == ["load 1", "cleanup 1", "load 2", "cleanup 2"]


async def test_errors_in_handlers_and_main_are_raised():
    async with run_app(make_main()) as app:
        with pytest.raises(FletAppError, match="division by zero"):
            await app.click(text="Rusak")
        # the app keeps running after a handler error, as in the browser
        await app.click(text="Tambah")
        assert app.find(text="Jumlah: 1")

    async def broken_main(page: ft.Page):
        raise RuntimeError("tidak bisa mulai")

    with pytest.raises(FletAppError, match="tidak bisa mulai"):
        async with run_app(broken_main):
            pass


async def test_an_async_effect_that_raises_fails_the_test():
    # flet 1.0.5 shows the user nothing when an async effect raises (the task's
    # exception is only logged when it is garbage-collected); the harness fails.
    @ft.component
    def Facilities():
        async def load():
            await asyncio.sleep(0)
            raise ConnectionError("API tidak terjangkau")

        ft.use_effect(load, [])
        return ft.Text("Memuat…")

    with pytest.raises(FletAppError, match="API tidak terjangkau"):
        async with run_app(lambda page: page.render(Facilities)):
            pass


async def test_sync_main_imperative_controls():
    def main(page: ft.Page):
        out = ft.Text("belum")
        items = ft.Column([])

        def on_click(e):  # a sync handler; the page auto-updates after it
            out.value = f"diklik {e.control.data}"
            items.controls.append(ft.Text(f"baris {len(items.controls)}"))

        page.add(out, items, ft.Button("Klik", data=7, on_click=on_click))

    async with run_app(main) as app:
        await app.click(text="Klik")
        await app.click(text="Klik")
        assert app.find(ft.Text, text_contains="diklik").value == "diklik 7"
        assert [t.value for t in app.find_all(ft.Text, text_contains="baris")] == [
            "baris 0",
            "baris 1",
        ]
        # the second append went out as an "add" diff against the encoder's snapshot
        last = app.messages[-1]
        assert last.action is MessageAction.PATCH_CONTROL
        assert [op[0] for op in last.body["patch"][1:]] == [1]  # 1 = add
        # and the client's copy of the page, rebuilt from the messages, agrees
        assert app.client_sync_problems() == []
        client_texts = [c.props.get("value") for c in app.client.controls().values() if c.type == "Text"]
        assert "baris 1" in client_texts


async def test_a_change_that_never_reaches_the_client_fails_the_test():
    def make(update: bool):
        async def main(page: ft.Page):
            shown = ft.Text("lama")
            page.add(shown)

            async def later():  # e.g. a live-queue listener
                await asyncio.sleep(0)
                shown.value = "baru"
                if update:
                    shown.update()

            page.run_task(later)

        return main

    async with run_app(make(update=True)) as app:
        assert app.find(text="baru")
    with pytest.raises(AssertionError, match="value is 'baru' but the client has 'lama'"):
        async with run_app(make(update=False)):
            pass


async def test_dialogs_are_in_scope_while_open_and_dismiss_fires_on_every_close():
    events: list[str] = []

    @ft.component
    def CancelTicket():
        def confirm(e):
            events.append("ya")
            ft.context.page.pop_dialog()

        def ask(e):
            ft.context.page.show_dialog(
                ft.AlertDialog(
                    title=ft.Text("Batalkan antrean?"),
                    actions=[ft.Button("Ya", on_click=confirm)],
                    on_dismiss=lambda e: events.append("dismiss"),
                )
            )

        return ft.Column([ft.Button("Batal", on_click=ask)])

    async with run_app(lambda page: page.render(CancelTicket)) as app:
        await app.click(text="Batal")
        assert app.find(text="Batalkan antrean?")
        await app.click(text="Ya")
        # flet 1.0.5: the client reports dismiss after pop_dialog() too
        assert events == ["ya", "dismiss"]
        assert not app.exists(text="Ya")
        assert app.page._dialogs.controls == []  # removed once dismissed

        events.clear()
        await app.click(text="Batal")
        await app.dismiss_dialog()  # tap outside the dialog
        assert events == ["dismiss"]
        assert not app.exists(text="Batalkan antrean?")


async def test_device_info_locale_and_shared_preferences():
    async def main(page: ft.Page):
        info = await page.get_device_info()
        prefs = ft.SharedPreferences()
        lang = await prefs.get("lang") or info.locales[0].language_code
        await prefs.set("lang", lang)
        visits = (await prefs.get("visits") or 0) + 1
        await prefs.set("visits", visits)
        page.add(ft.Text(f"bahasa {lang}, browser {info.language}, kunjungan {visits}"))

    async with run_app(main, locale=["jv-ID", "id-ID"]) as app:
        assert app.find(text="bahasa jv, browser jv-ID, kunjungan 1")
        assert app.shared_preferences == {"lang": "jv", "visits": 1}

    stored = {"lang": "en", "visits": 4}
    async with run_app(main, shared_preferences=stored) as app:
        assert app.find(text="bahasa en, browser id-ID, kunjungan 5")


async def test_locale_change_event():
    async def main(page: ft.Page):
        shown = ft.Text("-")

        def on_locale_change(e: ft.LocaleChangeEvent):
            shown.value = e.locales[0].language_code

        page.on_locale_change = on_locale_change
        page.add(shown)

    async with run_app(main) as app:
        await app.change_locale("en-US")
        assert app.find(ft.Text).value == "en"


async def test_queries():
    async with run_app(make_main()) as app:
        with pytest.raises(LookupError, match="no control matches"):
            app.find(text="Tidak ada")
        with pytest.raises(LookupError, match="controls match"):
            app.find(ft.Button)
        assert [b.content for b in app.find_all(ft.Button)] == [
            "Tambah",
            "Sapa",
            "Buka detail 7",
            "Rusak",
        ]
        # the greeting Text is visible=False until there is a greeting
        assert app.find_all(ft.Text, text="") == []
        assert len(app.find_all(ft.Text, include_hidden=True, value="")) == 1
        assert "Beranda" in app.texts()
        assert any(isinstance(c, ft.AppBar) for c in iter_controls(app.top_view))


async def test_two_sessions_at_once_are_independent():
    async with run_app(make_main()) as tab1, run_app(make_main(), route="/detail/2") as tab2:
        await tab1.click(text="Tambah")
        await tab2.navigate("/")
        assert tab1.find(text="Jumlah: 1")
        assert tab2.find(text="Jumlah: 0")
        assert tab1.session.id != tab2.session.id
    # both closed without leaving tasks behind
    assert tab1.session.expires_at is not None
