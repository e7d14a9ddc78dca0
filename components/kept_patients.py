"""What the person is told about the patients this device keeps, in the two places
that keep or show them (the booking's patient step, Pengaturan): where they are kept,
sealed, and that a box that would not open was let go. Both must stay true to
session/patient_book.py and docs/privacy.md."""

from __future__ import annotations

import flet as ft

from components.message_line import message_line
from session.i18n import Translator


def kept_where(t: Translator, *, web: bool) -> str:
    """The sentence under "Simpan data pasien di perangkat ini"."""
    if web:
        return t.gettext(
            "Supaya lain kali cukup sekali sentuh. Nama, NIK, tanggal lahir, nomor HP dan nomor BPJS "
            "disimpan terkunci (terenkripsi) di browser ini saja, tidak di server kami, dan bisa "
            "dihapus di Pengaturan. Siapa pun yang memakai browser ini bisa memakainya: jangan "
            "dicentang di komputer umum atau milik orang lain.")
    return t.gettext(
        "Supaya lain kali cukup sekali sentuh. Nama, NIK, tanggal lahir, nomor HP dan nomor BPJS "
        "disimpan terkunci (terenkripsi) di HP ini saja, tidak di server kami, dan bisa dihapus "
        "di Pengaturan. Siapa pun yang memakai HP ini bisa memakainya: jangan dicentang di HP "
        "orang lain.")


def unreadable_notice(t: Translator) -> ft.Control:
    return message_line(t.gettext(
        "Data pasien yang tersimpan di perangkat ini tidak bisa dibuka (rusak, atau kuncinya "
        "hilang), jadi tidak ditampilkan. Isi lagi data pasien saat mengambil nomor; yang lama "
        "akan diganti."), identifier="saved-patients-unreadable", error=True)
