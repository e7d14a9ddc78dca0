"""Konsol Petugas (`/staff`): sign in, choose the service and counter, then serve.

Behind the staff guard (session/staff_session.py, components/staff_guard.py): the
sign-in token lives only in this session's `ApiClient`; it is renewed every
`REFRESH_SECONDS` while the console is open (the service allows that for a 12-hour
shift); when the service says the sign-in is no longer valid, the console forgets
everything and shows the sign-in form again. A reload of the tab keeps the session
(Flet re-attaches it); opening `/staff` again in the same session asks the service
who is signed in.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from api_client.models import Role, StaffAction, StaffMe
from components.announcement_desk import AnnouncementDesk
from components.staff_guard import face_scroll, guard_gate
from session.context import use_session
from session.staff_session import use_staff_guard
from session.typed import keyed
from views.staff.complaint_desk import ComplaintDesk
from views.staff.console_bar import Destination, bar_actions, part_destination
from views.staff.desk import DeskScreen
from views.staff.post import Post, PostPicker

REFRESH_SECONDS = 20 * 60  # tokens last 30 minutes


@ft.component
def StaffConsoleView() -> ft.View:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    post_state: tuple[Post | None, Callable[[Post | None], None]] = ft.use_state(None)
    post, set_post = post_state
    part, set_part = ft.use_state("queue")  # "queue", "complaints" or "announcements"

    def forget_post() -> None:
        set_part("queue")
        set_post(None)

    guard = use_staff_guard(
        client, on_signed_in=lambda _me: set_post(None), on_signed_out=forget_post,
        refresh_seconds=REFRESH_SECONDS,
    )
    staff = guard.staff
    handles_complaints = staff is not None and StaffAction.view_complaints in staff.may
    manages_announcements = staff is not None and StaffAction.manage_announcements in staff.may
    page = ft.context.page
    destinations = [
        *([part_destination(t, part, "complaints", set_part)] if handles_complaints else []),
        *([part_destination(t, part, "announcements", set_part)] if manages_announcements else []),
        *([Destination("staff-admin", _("Administrasi"), ft.Icons.ADMIN_PANEL_SETTINGS,
                       lambda: page.navigate("/admin"))]
          if staff is not None and staff.role is Role.admin else []),
    ]
    actions = bar_actions(t, destinations, guard, width=page.width or 1280)

    def work(me: StaffMe) -> ft.Control:
        if part == "complaints" and handles_complaints:
            return keyed(f"complaints-{me.username}", ComplaintDesk)(client, me, guard.expired)
        if part == "announcements" and manages_announcements:
            return keyed(f"announcements-{me.username}", AnnouncementDesk)(client, me, guard.expired)
        if post is None:
            return keyed(f"post-{me.username}", PostPicker)(client, me, set_post, guard.expired)
        return keyed(f"desk-{post.service.id}-{post.counter}", DeskScreen)(
            client, post, lambda: set_post(None), guard.expired, may=me.may,
        )

    body = guard_gate(client, guard)
    scroll = face_scroll(body)
    if body is None:
        assert staff is not None  # the gate lets only a signed-in staff member through
        body = work(staff)
    return ft.View(
        route="/staff",
        appbar=ft.AppBar(title=ft.Text(_("Konsol Petugas")), actions=actions),
        scroll=scroll,
        padding=16,
        controls=[ft.SafeArea(content=body, expand=scroll is None)],  # the form's column scrolls
    )


__all__ = ["Post", "StaffConsoleView"]
