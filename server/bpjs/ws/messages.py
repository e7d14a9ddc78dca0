"""The messages of code 201 (and of success, where the spec gives one), in Bahasa
Indonesia: Mobile JKN shows them to the patient as they are. They say why, never
anything of another patient.
"""

from __future__ import annotations

import datetime as dt

from api_client.models import ErrorCode, ErrorDetail
from server.facilities.directory import ServiceInfo

ARRIVE_EARLY = "Harap datang 30 menit sebelum perkiraan dilayani dan check-in di faskes."
NO_RECORDS = ("Layanan Sehat Rembang tidak menyimpan rekam medis, jadi data pasien baru tidak "
              "disimpan di sini. Nomor antrean tetap berlaku; silakan melengkapi data di loket "
              "pendaftaran saat datang.")


def _date(day: dt.date) -> str:
    return day.isoformat()


def poli_unknown(kodepoli: str, facility: str) -> str:
    return f"Poli {kodepoli[:10]} belum terdaftar di {facility} untuk antrean Mobile JKN"


def duplicate(poli: str, day: dt.date) -> str:
    return (f"Peserta sudah memiliki antrean di {poli} pada tanggal {_date(day)}. "
            "Batalkan antrean itu dahulu bila ingin mengambil yang baru.")


def code_unknown() -> str:
    return "Kode booking tidak ditemukan"


def already_cancelled() -> str:
    return "Antrean ini sudah dibatalkan"


def no_booking_for_card() -> str:
    return "Peserta tidak memiliki antrean Mobile JKN di poli ini pada tanggal tersebut"


def cannot_cancel_arrived() -> str:
    return "Antrean tidak dapat dibatalkan: peserta sudah check-in atau sudah dilayani"


def cannot_cancel_past(day: dt.date) -> str:
    return f"Antrean tanggal {_date(day)} sudah lewat dan tidak dapat dibatalkan"


def check_in_time_wrong() -> str:
    return "Waktu check-in harus hari ini"


def check_in_refused(detail: ErrorDetail, day: dt.date) -> str:
    known: dict[str, str] = {
        ErrorCode.booking_cancelled: "Antrean ini sudah dibatalkan",
        ErrorCode.already_checked_in: "Peserta sudah check-in",
        ErrorCode.booking_in_future: f"Check-in hanya pada tanggal periksa, {_date(day)}",
        ErrorCode.booking_expired: f"Tanggal periksa {_date(day)} sudah lewat",
    }
    return known.get(detail.code, "Check-in tidak dapat dilakukan")


def refusal(detail: ErrorDetail, service: ServiceInfo, day: dt.date) -> str:
    """Why a number was not taken, from our own refusal."""
    poli, when = service.name, _date(day)
    code = detail.code
    if code == ErrorCode.validation_failed and detail.fields:
        code = detail.fields[0].code  # a field problem (the window, the doctor)
    if code == ErrorCode.quota_full:
        nxt = ", ".join(_date(d) for d in detail.next_available)
        return (f"Kuota JKN {poli} tanggal {when} sudah penuh"
                + (f"; masih tersedia tanggal {nxt}" if nxt else ""))
    if code == ErrorCode.already_booked:
        return duplicate(poli, day)
    if code == ErrorCode.service_closed:
        return f"{poli} tutup pada tanggal {when} (hari libur atau di luar jam layanan)"
    if code == ErrorCode.date_outside_window:
        if detail.fields and detail.fields[0].params.get("first") and day < dt.date.fromisoformat(
                str(detail.fields[0].params["first"])):
            return f"Tanggal periksa {when} sudah lewat"
        last = detail.fields[0].params.get("last") if detail.fields else None
        return f"Tanggal periksa {when} di luar masa pendaftaran" + (
            f" (paling lambat {last})" if last else "")
    if code == ErrorCode.service_not_bookable:
        return f"{poli} tidak menerima pendaftaran online"
    if code == ErrorCode.doctor_not_bookable:
        return f"Dokter yang dipilih tidak praktik di {poli} pada tanggal {when}"
    if code in (ErrorCode.phone_booking_limit, ErrorCode.nik_booking_limit):
        return "Batas jumlah antrean aktif untuk NIK atau nomor HP ini sudah tercapai"
    if code == ErrorCode.rate_limited:
        return "Terlalu banyak percobaan; coba lagi nanti"
    return "Pendaftaran tidak dapat diproses"
