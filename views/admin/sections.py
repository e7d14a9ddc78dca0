"""The sections of the admin face (`/admin`), one per capability, each shown only to
an account whose sign-in carries its action (`StaffMe.may`; the service checks every
request all the same).

A section is a component with one signature:

    @ft.component
    def KiosksSection(client: ApiClient, me: StaffMe, expired: Expired) -> ft.Control: ...

`me` is who is signed in (Dinkes: `me.facility_id` None, every facility; an admin: their
own); `expired` is awaited when the service says the sign-in is no longer valid
(`api_client.Unauthorized`): the face forgets it and shows the sign-in form again.

A new section is one entry in `SECTIONS` (its place there is its place in the picker):

    AdminSection(key="announcements", label=lambda t: t.gettext("Pengumuman"), icon=ft.Icons.CAMPAIGN,
                 action=StaffAction.manage_announcements, component=AnnouncementDesk),  # as in the console
    AdminSection(key="regional", label=lambda t: t.gettext("Pengumuman kabupaten"), icon=ft.Icons.PUBLIC,
                 action=StaffAction.manage_announcements, component=RegionalSection, dinkes_only=True),
    AdminSection(key="kiosks", label=lambda t: t.gettext("Kiosk"), icon=ft.Icons.POINT_OF_SALE,
                 action=StaffAction.manage_kiosks, component=KiosksSection)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft

from api_client import ApiClient
from api_client.models import StaffAction, StaffMe
from components.announcement_desk import AnnouncementDesk
from session.i18n import Translator
from views.admin.accounts import AccountsSection
from views.admin.audit import AuditSection
from views.admin.bpjs import BpjsSection
from views.admin.directory import DirectorySection
from views.admin.doctors import DoctorsSection
from views.admin.kiosks import KioskSection
from views.admin.regional import RegionalSection

Expired = Callable[[], Awaitable[None]]
"""Awaited by a section when the service answers 401: the sign-in has ended."""
SectionComponent = Callable[[ApiClient, StaffMe, Expired], ft.Control]


@dataclass(frozen=True)
class AdminSection:
    key: str
    """Stable and unique: the picker's identifiers (`admin-section-<key>`) and the section's
    component key (a new sign-in or another section starts it afresh)."""
    label: Callable[[Translator], str]
    """Its name in the picker, in the session's language: `lambda t: t.gettext("…")`."""
    icon: ft.IconData
    action: StaffAction
    """Shown only when the signed-in account `may` do this."""
    component: SectionComponent
    dinkes_only: bool = False
    """Regency-wide work: shown to Dinkes (no facility of its own) alone."""


SECTIONS: tuple[AdminSection, ...] = (
    AdminSection(key="accounts", label=lambda t: t.gettext("Akun petugas"),
                 icon=ft.Icons.MANAGE_ACCOUNTS, action=StaffAction.manage_accounts,
                 component=AccountsSection),
    AdminSection(key="directory", label=lambda t: t.gettext("Direktori faskes"),
                 icon=ft.Icons.LOCAL_HOSPITAL, action=StaffAction.manage_directory,
                 component=DirectorySection),
    AdminSection(key="doctors", label=lambda t: t.gettext("Dokter"), icon=ft.Icons.MEDICAL_SERVICES,
                 action=StaffAction.manage_doctors, component=DoctorsSection),
    AdminSection(key="announcements", label=lambda t: t.gettext("Pengumuman"), icon=ft.Icons.CAMPAIGN,
                 action=StaffAction.manage_announcements, component=AnnouncementDesk),  # as in the console
    AdminSection(key="regional", label=lambda t: t.gettext("Pengumuman kabupaten"), icon=ft.Icons.PUBLIC,
                 action=StaffAction.manage_announcements, component=RegionalSection, dinkes_only=True),
    AdminSection(key="kiosks", label=lambda t: t.gettext("Kiosk"), icon=ft.Icons.POINT_OF_SALE,
                 action=StaffAction.manage_kiosks, component=KioskSection),
    AdminSection(key="bpjs", label=lambda t: t.gettext("BPJS"), icon=ft.Icons.SYNC_ALT,
                 action=StaffAction.manage_bpjs, component=BpjsSection),
    AdminSection(key="audit", label=lambda t: t.gettext("Jejak audit"), icon=ft.Icons.HISTORY,
                 action=StaffAction.view_audit, component=AuditSection),
)


def sections_for(me: StaffMe) -> list[AdminSection]:
    """The sections `me` may use, in the picker's order."""
    return [section for section in SECTIONS
            if section.action in me.may and not (section.dinkes_only and me.facility_id is not None)]
