"""The audit trail in words a person reads: the stored codes of actions (`kiosk_key.issue`),
roles (`admin`, `person`), subjects (`kiosk:12`) and changed fields (`active`) as
localized labels. A code this module does not know yet is shown as stored, so a new
action is never hidden."""

from __future__ import annotations

from session.i18n import N_, Translator

ACTIONS = {
    "account.create": N_("Akun dibuat"),
    "account.reset_password": N_("Kata sandi diatur ulang"),
    "account.deactivate": N_("Akun dinonaktifkan"),
    "account.reactivate": N_("Akun diaktifkan lagi"),
    "account.reset_totp": N_("Autentikator diatur ulang"),
    "account.require_totp": N_("Autentikator diwajibkan"),
    "account.change_password": N_("Kata sandi diganti"),
    "account.second_factor_held": N_("Masuk ditahan: kode autentikator diperlukan"),
    "kiosk_key.issue": N_("Kiosk didaftarkan"),
    "kiosk_key.revoke": N_("Kiosk dicabut"),
    "kiosk.rename": N_("Nama kiosk diganti"),
    "change_facility": N_("Data faskes diubah"),
    "confirm_facility_mark": N_("Data faskes dikonfirmasi"),
    "create_service": N_("Layanan ditambahkan"),
    "change_service": N_("Layanan diubah"),
    "change_service_settings": N_("Kuota atau loket diubah"),
    "change_service_hours": N_("Jam layanan diubah"),
    "add_doctor": N_("Dokter ditambahkan"),
    "change_doctor": N_("Data dokter diubah"),
    "retire_doctor": N_("Dokter tidak praktik lagi"),
    "record_doctor_absence": N_("Dokter dicatat tidak praktik"),
    "withdraw_doctor_absence": N_("Catatan tidak praktik dicabut"),
    "bpjs_map_poli": N_("Kode poli BPJS diisi"),
    "bpjs_unmap_poli": N_("Kode poli BPJS dihapus"),
    "bpjs_map_doctor": N_("Kode dokter BPJS diisi"),
    "bpjs_unmap_doctor": N_("Kode dokter BPJS dihapus"),
    "bpjs_bridge_on": N_("Jembatan BPJS dinyalakan"),
    "bpjs_bridge_off": N_("Jembatan BPJS dimatikan"),
    "bpjs_retry": N_("Kiriman ke BPJS dikirim ulang"),
    "bpjs_retry_failed": N_("Semua kiriman BPJS yang gagal dikirim ulang"),
    "publish_announcement": N_("Pengumuman diterbitkan"),
    "publish_regional_announcement": N_("Pengumuman se-kabupaten diterbitkan"),
    "change_announcement": N_("Pengumuman diubah"),
    "withdraw_announcement": N_("Pengumuman dicabut"),
    "close_early": N_("Antrean ditutup lebih awal"),
    "call": N_("Nomor dipanggil"),
    "call_number": N_("Nomor tertentu dipanggil"),
    "recall": N_("Nomor dipanggil ulang"),
    "start_serving": N_("Mulai dilayani"),
    "finish": N_("Selesai dilayani"),
    "skip": N_("Pasien tidak hadir"),
    "transfer": N_("Dikirim ke layanan berikutnya"),
    "requeue": N_("Dikembalikan ke antrean"),
    "change_lane": N_("Jalur antrean diubah"),
    "pause_counter": N_("Loket dijeda"),
    "resume_counter": N_("Loket dibuka lagi"),
    "cancel": N_("Booking dibatalkan"),
    "check_in_at_desk": N_("Check-in di loket"),
    "preview_booking": N_("Booking dilihat di loket"),
    "find_bookings": N_("Booking dicari di loket"),
    "view_patient": N_("Data pasien dilihat"),
    "reply_complaint": N_("Pengaduan dibalas"),
    "complaint_status": N_("Status pengaduan diubah"),
    "privacy_export": N_("Data pribadi diekspor"),
    "privacy_withdraw_consent": N_("Persetujuan ditarik"),
    "privacy_anonymise": N_("Data pribadi dianonimkan"),
}

ROLES = {"loket": N_("Loket"), "poli": N_("Poli"), "apotek": N_("Apotek"), "admin": N_("Admin"),
         "dinkes": N_("Dinkes"), "kiosk": N_("Kiosk"), "person": N_("Pasien")}

SUBJECTS = {
    "staff": N_("Akun {id}"), "kiosk": N_("Kiosk {id}"), "facility": N_("Faskes {id}"),
    "service": N_("Layanan {id}"), "doctor": N_("Dokter {id}"), "doctor_absence": N_("Tidak praktik {id}"),
    "announcement": N_("Pengumuman {id}"), "closure": N_("Penutupan {id}"), "ticket": N_("Tiket {id}"),
    "complaint": N_("Pengaduan {id}"), "visit": N_("Kunjungan {id}"),
}

FIELDS = {
    "name": N_("Nama"), "active": N_("Aktif"), "paused": N_("Dijeda"), "paused_at": N_("Dijeda pada"),
    "counter": N_("Loket/ruang"), "cancelled": N_("Dibatalkan"), "unconfirmed": N_("Belum dikonfirmasi"),
    "totp_required": N_("Wajib autentikator"), "password_change_required": N_("Kata sandi harus diganti"),
    "sessions_ended": N_("Sesi diakhiri"), "reason": N_("Alasan"), "hours": N_("Jam"), "status": N_("Status"),
    "service_id": N_("Layanan"), "role": N_("Peran"), "facility_id": N_("Faskes"),
    "kecamatan": N_("Kecamatan"), "number": N_("Nomor"), "ticket_id": N_("Tiket"), "until": N_("Sampai"),
    "schedule": N_("Jadwal"), "reopened_days": N_("Hari dibuka lagi"), "wrong_codes": N_("Kode salah"),
    "kodepoli": N_("Kode poli BPJS"), "kodedokter": N_("Kode dokter BPJS"), "enabled": N_("Menyala"),
}


def field_label(t: Translator, key: str) -> str:
    """A field of an audit row's before/after; one not named here shows as stored."""
    label = FIELDS.get(key)
    return t.gettext(label) if label else key


def action_label(t: Translator, code: str) -> str:
    label = ACTIONS.get(code)
    return t.gettext(label) if label else code


def role_label(t: Translator, code: str) -> str:
    label = ROLES.get(code)
    return t.gettext(label) if label else code


def subject_label(t: Translator, subject: str) -> str:
    """`kiosk:12` → "Kiosk 12"; `person` (a look-up that found no one) → "Pasien"."""
    kind, _sep, ident = subject.partition(":")
    if not ident:
        return role_label(t, subject)
    label = SUBJECTS.get(kind)
    return t.gettext(label).format(id=ident) if label else subject
