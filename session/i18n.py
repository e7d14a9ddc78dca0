"""The language of one session: gettext catalogs and Babel formats for id, jv and en.

Web sessions share one process, so the language is never process-wide: each
session builds its own ``Translator`` and hands it down with ``ft.create_context``
(never ``gettext.install()``). Only the read-only catalogs are cached.

Source strings (msgids) are Bahasa Indonesia, the default language. Mark them so
``scripts/i18n.py`` finds them::

    t.gettext("Nomor antrean")
    t.ngettext("{n} orang di depan Anda", "{n} orang di depan Anda", n).format(n=n)
    LABEL = N_("Pilih tanggal")      # module level: translated later, t.gettext(LABEL)

Dates, times, numbers and money go through the ``format_*`` methods (Babel, in
Asia/Jakarta), never f-strings. ``error_message`` turns an API or form error code
into a plain sentence.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers

from api_client.identity import IdentityCode
from api_client.models import ErrorCode

SUPPORTED = ("id", "jv", "en")
DEFAULT = "id"
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "jv": "Basa Jawa", "en": "English"}
"""Each language in itself, for the language picker (not translated, by convention)."""
APP_NAME = "Layanan Sehat Rembang"
"""The service's name: a name, the same in every language (never marked for translation)."""
FORMAT_LOCALES = {"id": "id", "jv": "jv", "en": "en_ID"}
"""Babel's locale for dates, times, numbers and money: English as written in Indonesia
(30 November 2026, 06.30, Rp150.000), not American."""

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
TIMEZONE = ZoneInfo("Asia/Jakarta")

# Deprecated ISO 639 codes that some platforms still report (old Java/Android, Google).
_ALIASES = {"in": "id", "jw": "jv"}


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it yet (translate at render)."""
    return message


class Plural(NamedTuple):
    singular: str
    plural: str
    count_param: str
    """The name of the parameter whose number picks the form."""


def N_plural(singular: str, plural: str, *, count: str) -> Plural:  # noqa: N802
    """Mark a message that has a plural form (extracted with keyword ``N_plural:1,2``)."""
    return Plural(singular, plural, count)


@functools.cache
def _catalog(language: str, localedir: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir, languages=[language], fallback=False)


def pick_language(device_locales: Sequence[str], saved: str | None) -> str:
    """The language of a new session.

    The user's saved choice wins; otherwise the first supported language of the
    device (``"jv-ID"`` → ``"jv"``, ``"en_US"`` → ``"en"``; ``"ms"`` is skipped);
    otherwise Bahasa Indonesia.
    """
    if saved in SUPPORTED:
        return saved
    for tag in device_locales:
        code = re.split(r"[-_.@]", tag.strip(), maxsplit=1)[0].lower()
        code = _ALIASES.get(code, code)
        if code in SUPPORTED:
            return code
    return DEFAULT


class Translator:
    """Translations and formats for one session in one language.

    ``Translator("jv")`` loads ``locales/jv/LC_MESSAGES/messages.mo`` and raises if
    it is missing: a language is either complete or not offered.
    """

    def __init__(self, language: str = DEFAULT, *, localedir: Path = LOCALE_DIR) -> None:
        if language not in SUPPORTED:
            raise ValueError(f"language must be one of {', '.join(SUPPORTED)}, got {language!r}")
        self.language = language
        self.locale = Locale.parse(FORMAT_LOCALES[language])
        self._catalog = _catalog(language, str(localedir))

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"

    @property
    def flutter_locale(self) -> str:
        """The language for Flutter's own widgets: it has no Javanese, so ``jv`` → ``id``."""
        return DEFAULT if self.language == "jv" else self.language

    # ------------------------------------------------------------------ messages

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """For one Indonesian word that needs two translations (``"tombol"``, ``"Daftar"``)."""
        return self._catalog.pgettext(context, message)

    # ------------------------------------------------------------------- formats

    def format_date(self, value: dt.date, format: str = "medium") -> str:
        """``format_date(date(2026, 11, 30), "full")`` → ``"Senin, 30 November 2026"`` in id.

        A datetime is first moved to Asia/Jakarta, so the day is the day in Rembang.
        """
        if isinstance(value, dt.datetime):
            value = _in_wib(value).date()
        return dates.format_date(value, format, locale=self.locale)

    def format_time(self, value: dt.time | dt.datetime, format: str = "short") -> str:
        """``08.05`` in id and en, ``08:05`` in jv: 24-hour; a datetime is shown in WIB."""
        if isinstance(value, dt.datetime):
            value = _in_wib(value)
        return dates.format_time(value, format, tzinfo=TIMEZONE, locale=self.locale)

    def format_datetime(self, value: dt.datetime, format: str = "medium") -> str:
        return dates.format_datetime(_in_wib(value), format, tzinfo=TIMEZONE, locale=self.locale)

    def format_duration(self, value: dt.timedelta) -> str:
        """A rough length of time: ``"25 menit"``, ``"2 jam"``, ``"25 minutes"``."""
        return dates.format_timedelta(value, locale=self.locale)

    def format_number(self, value: int | float | Decimal) -> str:
        """``1.234.567`` in every language (en as written in Indonesia)."""
        return numbers.format_decimal(value, locale=self.locale)

    def format_money(self, rupiah: int | Decimal) -> str:
        """``Rp150.000`` in id and en, ``Rp 150.000`` in jv."""
        return numbers.format_currency(rupiah, "IDR", locale=self.locale)


def _in_wib(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError(f"datetime must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(TIMEZONE)


# ---------------------------------------------------------------- error messages
#
# Every machine-readable code the app can meet: the API's (`ErrorCode`, which the
# server raises with), the client's own (api_client/errors.py), identity checks
# (`IdentityCode`), free text (api_client/text.py) and pydantic's built-in form errors. Placeholders are
# the error's params; the sentences are for people who never used such an app.

GENERIC_ERROR = N_("Maaf, terjadi kesalahan. Silakan coba lagi.")

_DATE_AGAIN = N_("Tanggal tidak benar. Silakan pilih tanggal lagi.")
_CHOOSE_OPTION = N_("Pilih salah satu pilihan yang tersedia.")

_MESSAGES: dict[str, str | Plural] = {
    # Booking and check-in
    ErrorCode.quota_full: N_("Kuota hari itu sudah penuh. Silakan pilih tanggal lain."),
    ErrorCode.already_booked: N_("Anda sudah punya nomor antrean di layanan ini pada tanggal itu."),
    ErrorCode.service_closed: N_(
        "Layanan ini tutup pada waktu itu. Silakan lihat jadwal buka dan pilih hari lain."
    ),
    ErrorCode.service_always_open: N_(
        "Layanan ini buka 24 jam, jadi antreannya tidak bisa ditutup lebih awal."
    ),
    ErrorCode.date_outside_window: N_(
        "Tanggal ini tidak bisa dipilih. Pilih tanggal antara {first} dan {last}."
    ),
    ErrorCode.service_not_bookable: N_(
        "Layanan ini tidak menerima pendaftaran online. Silakan datang langsung."
    ),
    ErrorCode.service_not_walkin: N_(
        "Nomor antrean layanan ini tidak bisa diambil di sini. Silakan daftar online dulu."
    ),
    ErrorCode.bpjs_required: N_("Untuk pasien BPJS (JKN), isi nomor kartu BPJS 13 angka."),
    ErrorCode.priority_reason_required: N_(
        "Pilih alasan antrean prioritas: lansia, ibu hamil, balita, atau disabilitas."
    ),
    ErrorCode.priority_age: N_(
        "Antrean prioritas lansia untuk umur 60 tahun ke atas, balita untuk anak di bawah 5 "
        "tahun, dihitung dari tanggal lahir pada hari berobat."
    ),
    ErrorCode.phone_booking_limit: N_(
        "Nomor HP ini sudah mencapai batas jumlah nomor antrean yang masih berlaku di seluruh "
        "Rembang. Batalkan salah satu di Tiket Saya, atau ambil nomor langsung di anjungan "
        "atau loket."
    ),
    ErrorCode.nik_booking_limit: N_(
        "NIK ini sudah mencapai batas jumlah nomor antrean yang masih berlaku untuk satu orang di "
        "seluruh Rembang. Batalkan salah satu di Tiket Saya, atau ambil nomor langsung di "
        "anjungan atau loket."
    ),
    ErrorCode.booking_not_found: N_("Kode booking tidak ditemukan. Periksa lagi kodenya."),
    ErrorCode.person_not_found: N_("Tidak ada kunjungan yang tercatat untuk NIK itu."),
    ErrorCode.booking_in_future: N_(
        "Pendaftaran ini untuk hari lain. Silakan datang pada tanggal yang tertulis."
    ),
    ErrorCode.booking_expired: N_(
        "Tanggal pendaftaran ini sudah lewat. Silakan daftar lagi untuk mendapat nomor antrean baru."
    ),
    ErrorCode.booking_cancelled: N_("Pendaftaran ini sudah dibatalkan."),
    ErrorCode.already_checked_in: N_("Kedatangan Anda sudah tercatat. Silakan tunggu nomor Anda dipanggil."),
    ErrorCode.check_in_not_near: N_(
        "Lokasi HP Anda belum di dekat tempat berobat ini, jadi kedatangan belum bisa dicatat "
        "dari HP. Pindai kode QR tiket ini di anjungan atau tunjukkan ke loket."
    ),
    ErrorCode.check_in_location_required: N_(
        "Lokasi HP tidak bisa dibaca, jadi kedatangan tidak bisa dicatat dari HP. "
        "Pindai kode QR tiket ini di anjungan atau tunjukkan ke loket."
    ),
    ErrorCode.wrong_facility: N_("Pendaftaran ini untuk puskesmas atau rumah sakit lain, bukan di sini."),
    ErrorCode.cannot_cancel: N_(
        "Antrean ini tidak bisa dibatalkan lagi karena sudah dipanggil atau dilayani."
    ),
    # Staff console
    ErrorCode.wrong_ticket_status: N_(
        "Nomor ini tidak bisa diproses sekarang karena statusnya sudah berubah. Muat ulang daftar antrean."
    ),
    ErrorCode.transfer_target_invalid: N_("Nomor antrean tidak bisa dipindahkan ke layanan itu."),
    ErrorCode.ticket_number_not_found: N_("Nomor itu tidak ada di antrean layanan ini hari ini."),
    ErrorCode.ticket_not_arrived: N_("Pasien dengan nomor itu belum check-in. Catat kedatangannya dulu."),
    ErrorCode.ticket_at_counter: N_("Nomor itu sedang dipanggil atau dilayani di loket lain."),
    ErrorCode.ticket_already_done: N_("Nomor itu sudah selesai dilayani atau sudah dipindahkan."),
    ErrorCode.ticket_not_today: N_("Nomor itu bukan antrean hari ini."),
    ErrorCode.ticket_not_skipped: N_(
        "Hanya nomor yang dicatat tidak hadir hari ini yang bisa dikembalikan ke antrean."
    ),
    ErrorCode.ticket_not_waiting: N_("Jalur hanya bisa diubah untuk nomor yang masih menunggu."),
    ErrorCode.ticket_replaced: N_(
        "Pasien ini sudah mengambil nomor baru hari ini. Panggil nomor yang baru."
    ),
    ErrorCode.lane_unchanged: N_("Nomor itu sudah di jalur tersebut."),
    ErrorCode.counter_busy: N_(
        "Masih ada pasien di loket ini. Selesaikan, lewati, atau pindahkan dulu sebelum memanggil nomor lain."
    ),
    ErrorCode.counter_paused: N_("Loket sedang istirahat. Tekan Lanjut melayani (P) untuk memanggil lagi."),
    ErrorCode.counter_not_paused: N_("Loket ini tidak sedang istirahat."),
    ErrorCode.booking_search_incomplete: N_(
        "Cari dengan nama dan tanggal lahir (contoh: Siti Aminah 15-06-1990), atau dengan "
        "4 angka terakhir NIK atau nomor HP."
    ),
    ErrorCode.booking_search_digits: N_(
        "Ketik 4 angka terakhir NIK atau nomor HP, atau nomornya lengkap."
    ),
    ErrorCode.booking_search_too_many: N_(
        "Terlalu banyak pendaftaran yang cocok. Cari dengan nama dan tanggal lahir, atau dengan "
        "NIK atau nomor HP lengkap."
    ),
    ErrorCode.invalid_credentials: N_("Nama pengguna atau kata sandi salah."),
    ErrorCode.login_locked: N_(
        "Terlalu banyak percobaan masuk yang salah. Silakan coba lagi beberapa menit lagi."
    ),
    ErrorCode.password_change_required: N_(
        "Kata sandi ini dibuat oleh operator dan hanya berlaku sekali. Buat kata sandi baru Anda."
    ),
    ErrorCode.password_too_short: N_("Kata sandi baru harus paling sedikit 12 karakter."),
    ErrorCode.password_unchanged: N_("Kata sandi baru harus berbeda dari kata sandi sekarang."),
    ErrorCode.totp_required: N_("Isi kode 6 angka dari aplikasi autentikator Anda."),
    ErrorCode.totp_invalid: N_(
        "Kode itu salah, sudah kedaluwarsa, atau sudah pernah dipakai. Isi kode yang sekarang."
    ),
    ErrorCode.totp_enrolment_required: N_("Akun ini harus memakai aplikasi autentikator. Siapkan dulu."),
    ErrorCode.password_changed_totp_enrolment_required: N_(
        "Kata sandi baru sudah disimpan. Akun ini harus memakai aplikasi autentikator: siapkan sekarang."
    ),
    ErrorCode.totp_locked: N_(
        "Terlalu banyak kode yang salah untuk akun ini. Silakan coba lagi beberapa menit lagi."
    ),
    ErrorCode.totp_already_enabled: N_(
        "Akun ini sudah memakai aplikasi autentikator. Bila ponsel hilang, minta operator mengaturnya ulang."
    ),
    ErrorCode.totp_not_pending: N_("Mulai lagi dari masuk dengan kata sandi."),
    ErrorCode.unauthorized: N_("Silakan masuk (login) dengan akun Anda terlebih dahulu."),
    ErrorCode.rate_limited: N_(
        "Terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar, lalu coba lagi."
    ),
    ErrorCode.forbidden: N_("Akun Anda tidak punya izin untuk melakukan ini."),
    ErrorCode.date_range_reversed: N_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
    ErrorCode.date_in_past: N_("Tanggal ini sudah lewat. Pilih hari ini atau tanggal sesudahnya."),
    ErrorCode.service_not_of_facility: N_("Layanan yang dipilih bukan layanan faskes ini."),
    ErrorCode.closure_too_long: N_plural(
        "Masa tutup paling lama {max} hari. Pilih tanggal selesai yang lebih awal.",
        "Masa tutup paling lama {max} hari. Pilih tanggal selesai yang lebih awal.",
        count="max",
    ),
    ErrorCode.date_range_too_long: N_plural(
        "Dasbor menampilkan paling banyak {max} hari. Pilih rentang tanggal yang lebih pendek.",
        "Dasbor menampilkan paling banyak {max} hari. Pilih rentang tanggal yang lebih pendek.",
        count="max",
    ),
    # Survey and complaints
    ErrorCode.survey_already_given: N_("Penilaian untuk kunjungan ini sudah diberikan. Terima kasih."),
    ErrorCode.visit_not_done: N_("Penilaian bisa diberikan setelah pelayanan Anda selesai."),
    ErrorCode.survey_closed: N_("Penilaian untuk kunjungan ini sudah ditutup: penilaian bisa "
                                "diberikan sampai 30 hari setelah kunjungan."),
    ErrorCode.survey_incomplete: N_("Jawab kesembilan pertanyaan terlebih dahulu."),
    ErrorCode.complaint_not_found: N_("Kode pengaduan tidak ditemukan. Periksa lagi kodenya."),
    ErrorCode.complaint_closed: N_("Pengaduan ini sudah selesai dan tidak bisa dibalas lagi."),
    ErrorCode.complaint_status_backward: N_("Status pengaduan tidak bisa dikembalikan ke tahap sebelumnya."),
    ErrorCode.complaint_reply_required: N_("Tulis balasan untuk pelapor sebelum menandai pengaduan selesai."),
    ErrorCode.contact_consent_required: N_(
        "Centang persetujuan jika ingin meninggalkan kontak, atau kosongkan nama dan nomor HP."
    ),
    # Requests, lookups, the connection
    ErrorCode.idempotency_key_reused: N_("Permintaan tidak bisa diproses. Silakan mulai lagi dari awal."),
    ErrorCode.request_in_progress: N_("Permintaan Anda masih diproses. Tunggu sebentar, lalu coba lagi."),
    ErrorCode.validation_failed: N_("Ada isian yang belum benar. Periksa lagi bagian yang ditandai."),
    ErrorCode.not_found: N_("Yang Anda cari tidak ditemukan."),
    ErrorCode.method_not_allowed: GENERIC_ERROR,  # a bug in the app: nothing the user can do
    ErrorCode.service_not_found: N_("Layanan ini tidak ditemukan. Mungkin sudah tidak tersedia."),
    ErrorCode.facility_not_found: N_("Puskesmas atau rumah sakit ini tidak ditemukan."),
    ErrorCode.ticket_not_found: N_("Nomor antrean ini tidak ditemukan."),
    ErrorCode.patient_not_at_counter: N_(
        "Data pasien hanya terlihat saat nomornya dipanggil atau sedang dilayani di loket atau ruang."
    ),
    ErrorCode.patient_at_other_counter: N_(
        "Data pasien ini hanya terlihat oleh petugas yang memanggil nomornya. Bila pasien "
        "pindah ke meja Anda, panggil ulang nomornya dari sini."
    ),
    # Announcements and closures (the console)
    ErrorCode.announcement_not_found: N_("Pengumuman ini tidak ditemukan di faskes ini."),
    ErrorCode.announcement_withdrawn: N_("Pengumuman ini sudah dicabut dan tidak bisa diubah lagi."),
    ErrorCode.announcement_ended: N_("Masa pengumuman ini sudah lewat dan tidak bisa diubah lagi."),
    # The directory (admin)
    ErrorCode.hours_overlap: N_("Satu hari hanya boleh punya satu jam buka. Hari ini diisi dua kali."),
    ErrorCode.hours_reversed: N_("Jam tutup harus sesudah jam buka."),
    ErrorCode.facility_phone_invalid: N_(
        "Nomor telepon tidak benar. Contoh: (0295) 701011 atau 0812 3456 7890."
    ),
    ErrorCode.outside_rembang: N_(
        "Titik lokasi ini di luar Kabupaten Rembang. Periksa lagi garis lintang dan garis bujur."
    ),
    ErrorCode.mark_not_unconfirmed: N_(
        "Isian ini tidak lagi bertanda belum dikonfirmasi. Muat ulang untuk melihat siapa yang "
        "mengonfirmasinya."
    ),
    ErrorCode.prefix_taken: N_(
        "Huruf antrean {prefix} sudah dipakai {service} di faskes ini. Pilih huruf lain."
    ),
    ErrorCode.prefix_in_use: N_(
        "Masih ada nomor antrean dengan huruf lama untuk hari ini atau sesudahnya. Nomor yang sudah "
        "diberikan tidak boleh berubah, jadi hurufnya baru bisa diganti setelah semuanya selesai."
    ),
    ErrorCode.service_code_taken: N_("Kode ini sudah dipakai layanan lain di faskes ini."),
    ErrorCode.quota_below_booked: N_plural(
        "Pada {date} sudah ada {booked} pesanan, jadi kuotanya tidak bisa kurang dari {booked}.",
        "Pada {date} sudah ada {booked} pesanan, jadi kuotanya tidak bisa kurang dari {booked}.",
        count="booked",
    ),
    ErrorCode.counter_repeated: N_("Nama loket atau ruang {counter} ditulis dua kali."),
    # Staff accounts (the admin face)
    ErrorCode.account_not_found: N_("Akun petugas ini tidak ditemukan."),
    ErrorCode.account_active: N_("Akun ini sudah aktif. Muat ulang daftarnya."),
    ErrorCode.account_inactive: N_("Akun ini sudah dinonaktifkan."),
    ErrorCode.own_account: N_(
        "Akun Anda sendiri tidak bisa dinonaktifkan atau diubah di sini. Minta administrator lain."
    ),
    ErrorCode.username_length: N_(
        "Nama pengguna harus {min} sampai {max} karakter, yang diisi {length} karakter."
    ),
    ErrorCode.username_characters: N_(
        "Nama pengguna hanya boleh berisi huruf kecil, angka, titik, tanda hubung (-) dan garis "
        "bawah (_), diawali huruf atau angka. Contoh: loket.pkm-sulang"
    ),
    ErrorCode.username_taken: N_("Nama pengguna {username} sudah dipakai. Pilih nama lain."),
    ErrorCode.role_not_allowed: N_("Peran ini tidak bisa dipilih untuk akun petugas."),
    ErrorCode.facility_required: N_("Pilih faskes untuk akun ini. Hanya akun Dinkes yang tanpa faskes."),
    # Kiosk devices and the audit trail (the admin face)
    ErrorCode.kiosk_not_found: N_("Kiosk ini tidak ditemukan."),
    ErrorCode.kiosk_name_taken: N_("Sudah ada kiosk aktif bernama “{name}” di faskes ini. Pilih nama lain."),
    ErrorCode.kiosk_revoked: N_("Kiosk ini sudah dicabut; kuncinya tidak berlaku lagi."),
    ErrorCode.audit_export_too_large: N_(
        "Terlalu banyak baris untuk satu berkas CSV ({count}; paling banyak {max}). "
        "Persempit tanggal atau saringannya."
    ),
    # Doctors, their schedules and absences (the admin face)
    ErrorCode.doctor_not_found: N_("Dokter ini tidak ditemukan di faskes ini."),
    ErrorCode.doctor_retired: N_("Dokter ini sudah tidak praktik lagi dan tidak bisa diubah."),
    ErrorCode.doctor_sessions_overlap: N_(
        "Jadwal {starts}–{ends} bertabrakan dengan jadwal lain pada hari yang sama."
    ),
    ErrorCode.doctor_session_reversed: N_("Jam selesai ({ends}) harus sesudah jam mulai ({starts})."),
    ErrorCode.doctor_not_scheduled: N_("Dokter ini tidak punya jadwal praktik pada {date}."),
    ErrorCode.doctor_already_absent: N_("Dokter ini sudah dicatat tidak praktik pada tanggal itu."),
    ErrorCode.doctor_not_bookable: N_(
        "Dokter yang Anda pilih tidak praktik di layanan ini pada {date}. Pilih dokter lain "
        "atau \"Dokter mana saja\"."
    ),
    ErrorCode.absence_not_found: N_("Catatan dokter tidak praktik ini tidak ditemukan di faskes ini."),
    ErrorCode.absence_withdrawn: N_("Catatan ini sudah dicabut."),
    ErrorCode.kecamatan_unknown: N_(
        "Kecamatan {kecamatan} tidak dikenal. Pilih salah satu dari 14 kecamatan di Kabupaten Rembang."
    ),
    ErrorCode.facility_name_taken: N_("Nama “{name}” sudah dipakai faskes lain. Pilih nama lain."),
    ErrorCode.service_has_numbers: N_plural(
        "Masih ada {count} nomor antrean layanan ini untuk hari ini atau sesudahnya. Layani dulu, "
        "atau tutup layanan pada hari-hari itu lewat Pengumuman (pesanan dibatalkan dan pasien "
        "diberi tahu), baru nonaktifkan.",
        "Masih ada {count} nomor antrean layanan ini untuk hari ini atau sesudahnya. Layani dulu, "
        "atau tutup layanan pada hari-hari itu lewat Pengumuman (pesanan dibatalkan dan pasien "
        "diberi tahu), baru nonaktifkan.",
        count="count",
    ),
    ErrorCode.totp_lift_dinkes_only: N_(
        "Hanya Dinkes yang bisa mencabut kewajiban aplikasi autentikator. Hubungi Dinkes."
    ),
    ErrorCode.date_too_far: N_plural(
        "Tanggal ini terlalu jauh. Paling lambat {max} hari dari hari ini, yaitu {last}.",
        "Tanggal ini terlalu jauh. Paling lambat {max} hari dari hari ini, yaitu {last}.",
        count="max",
    ),
    ErrorCode.announcement_of_absence: N_(
        "Pengumuman ini berasal dari catatan dokter tidak praktik dan hanya bisa diubah di bagian Dokter: "
        "cabut catatannya, lalu catat lagi bila perlu."
    ),
    # The BPJS page (the admin face)
    ErrorCode.bpjs_poli_code: N_(
        "Kode poli BPJS terdiri dari 3 huruf atau angka, misalnya INT, ANA, atau 001. "
        "Lihat kodenya di HFIS."
    ),
    ErrorCode.bpjs_doctor_code: N_(
        "Kode dokter BPJS berupa angka saja, misalnya 34050. Lihat kodenya di HFIS."
    ),
    ErrorCode.bpjs_poli_code_taken: N_(
        "Kode {code} sudah dipakai untuk {service}. Satu kode untuk satu layanan."
    ),
    ErrorCode.bpjs_doctor_code_taken: N_(
        "Kode {code} sudah dipakai untuk {doctor}. Satu kode untuk satu dokter."
    ),
    ErrorCode.bpjs_not_poli: N_("Hanya layanan poli yang punya kode poli BPJS."),
    ErrorCode.bpjs_credentials_missing: N_(
        "Kredensial BPJS belum dipasang di server untuk faskes ini. Minta pengelola server memasangnya."
    ),
    ErrorCode.bpjs_variant_mismatch: N_(
        "Kredensial BPJS di server untuk jenis faskes lain (puskesmas memakai Antrean FKTP, rumah sakit "
        "Antrean RS). Minta pengelola server memperbaikinya."
    ),
    ErrorCode.bpjs_no_poli_mapped: N_("Isi dulu kode poli BPJS untuk paling sedikit satu layanan."),
    ErrorCode.bpjs_last_poli_code: N_(
        "Ini kode poli terakhir. Matikan dulu jembatan BPJS, baru kode ini bisa dihapus."
    ),
    ErrorCode.bpjs_message_not_found: N_("Kiriman ke BPJS ini tidak ditemukan. Muat ulang halaman."),
    "server_error": N_("Layanan sedang ada gangguan. Silakan coba lagi beberapa saat lagi."),
    "connection_failed": N_("Tidak bisa terhubung. Periksa koneksi internet Anda, lalu coba lagi."),
    "timeout": N_("Server terlalu lama menjawab. Silakan coba lagi."),
    # Identity (api_client/identity.py)
    IdentityCode.nik_not_digits: N_("NIK hanya boleh berisi angka."),
    IdentityCode.nik_length: N_plural(
        "NIK harus 16 angka, yang diisi {length} angka.",
        "NIK harus 16 angka, yang diisi {length} angka.",
        count="length",
    ),
    IdentityCode.nik_region: N_(
        "NIK tidak dikenal: 6 angka pertamanya bukan kode wilayah. Periksa lagi NIK di KTP atau KK."
    ),
    # TRANSLATORS: digits 7-12 of a NIK are the birth date DDMMYY (day + 40 for women).
    IdentityCode.nik_birth_date: N_(
        "Angka tanggal lahir di dalam NIK (angka ke-7 sampai ke-12) tidak benar. "
        "Periksa lagi NIK di KTP atau KK."
    ),
    IdentityCode.nik_serial: N_("4 angka terakhir NIK tidak boleh 0000. Periksa lagi NIK di KTP atau KK."),
    IdentityCode.bpjs_not_digits: N_("Nomor kartu BPJS hanya boleh berisi angka."),
    IdentityCode.bpjs_length: N_plural(
        "Nomor kartu BPJS harus 13 angka, yang diisi {length} angka.",
        "Nomor kartu BPJS harus 13 angka, yang diisi {length} angka.",
        count="length",
    ),
    IdentityCode.phone_invalid: N_("Nomor HP tidak benar. Contoh: 0812 3456 7890."),
    IdentityCode.phone_not_mobile: N_("Isi nomor HP, bukan nomor telepon rumah atau kantor."),
    IdentityCode.birth_date_mismatch: N_(
        "Tanggal lahir tidak sama dengan yang tertulis di NIK. Periksa lagi tanggal lahir dan NIK."
    ),
    IdentityCode.name_empty: N_("Nama wajib diisi."),
    IdentityCode.name_too_long: N_("Nama terlalu panjang: paling banyak {max} huruf, yang diisi {length}."),
    IdentityCode.name_chars: N_("Nama hanya boleh berisi huruf, spasi, dan tanda ' . , -"),
    IdentityCode.name_mixed_script: N_(
        "Nama mencampur huruf Latin dengan huruf lain yang mirip (misalnya huruf Kiril atau Yunani). "
        "Ketik ulang nama dengan huruf biasa seperti di KTP."
    ),
    IdentityCode.name_not_latin: N_("Tulis nama dengan huruf Latin (A sampai Z) seperti di KTP."),
    IdentityCode.reference_id_number: N_(
        "Nomor surat permintaan tidak boleh berisi NIK, nomor BPJS, atau nomor HP "
        "(10 angka atau lebih berturut-turut). Tulis nomor suratnya saja, misalnya SR/2026/117."
    ),
    # Free text (api_client/text.py)
    "text_control_chars": N_(
        "Tulisan ini berisi karakter kontrol yang tersembunyi. "
        "Ketik ulang tanpa menempelkan (paste) teks dari tempat lain."
    ),
    "text_bidi_chars": N_(
        "Tulisan ini berisi karakter tersembunyi yang membalik arah tulisan. "
        "Ketik ulang tanpa menempelkan (paste) teks dari tempat lain."
    ),
    "text_invisible_chars": N_(
        "Tulisan ini berisi karakter yang tidak terlihat. "
        "Ketik ulang tanpa menempelkan (paste) teks dari tempat lain."
    ),
    "text_combining_marks": N_(
        "Tulisan ini berisi terlalu banyak tanda yang ditumpuk pada satu huruf "
        "(paling banyak {max}). Ketik ulang tanpa menempelkan (paste) teks dari tempat lain."
    ),
    # Pydantic's own form errors
    "missing": N_("Bagian ini wajib diisi."),
    "string_too_short": N_plural(
        "Terlalu pendek. Isi paling sedikit {min_length} karakter.",
        "Terlalu pendek. Isi paling sedikit {min_length} karakter.",
        count="min_length",
    ),
    "string_too_long": N_plural(
        "Terlalu panjang. Isi paling banyak {max_length} karakter.",
        "Terlalu panjang. Isi paling banyak {max_length} karakter.",
        count="max_length",
    ),
    "date_parsing": _DATE_AGAIN,
    "date_from_datetime_parsing": _DATE_AGAIN,
    "date_type": _DATE_AGAIN,
    "int_parsing": N_("Isi dengan angka."),
    "enum": _CHOOSE_OPTION,
    "literal_error": _CHOOSE_OPTION,
    "string_pattern_mismatch": N_("Bentuk isiannya tidak sesuai."),
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def has_message(code: str) -> bool:
    """Whether ``code`` has its own sentence (else ``error_message`` says ``GENERIC_ERROR``)."""
    return _canonical(code) in _MESSAGES


def _canonical(code: str) -> str:
    return "server_error" if re.fullmatch(r"http_5\d\d", code) else code


def error_message(t: Translator, code: str, params: Mapping[str, object] | None = None) -> str:
    """A plain sentence in ``t``'s language for an error code and its params.

    ``error_message(t, "nik_length", {"length": 15})`` → ``"NIK harus 16 angka, yang
    diisi 15 angka."`` Numbers and ISO dates in ``params`` are shown the local way.
    An unknown code, or one whose params are missing, gives ``GENERIC_ERROR``.
    """
    params = params or {}
    entry = _MESSAGES.get(_canonical(code), GENERIC_ERROR)
    if isinstance(entry, Plural):
        count = params.get(entry.count_param)
        if not isinstance(count, int):
            return t.gettext(GENERIC_ERROR)
        text = t.ngettext(entry.singular, entry.plural, count)
    else:
        text = t.gettext(entry)
    try:
        return text.format_map({key: _shown(t, value) for key, value in params.items()})
    except (KeyError, IndexError, ValueError):
        return t.gettext(GENERIC_ERROR)


def _shown(t: Translator, value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return t.format_number(value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return t.format_date(dt.date.fromisoformat(value), "long")
        except ValueError:
            return value
    return value
