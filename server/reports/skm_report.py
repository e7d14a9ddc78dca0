"""The SKM report of a facility (or of every facility) for a month, in the form of
PermenPANRB 14/2017: the number of respondents, each of the nine elements' total
score, NRR (mean) and weighted NRR, the index (the weighted NRRs summed × 25), the
mutu band (A–D) and the kinerja words, and the respondents' profile by age group,
sex, education and job ("Tidak diisi": skipped).

The weight is 1/9 per element, as for the published index (server/feedback/skm.py):
the regulation writes it 0,111, which would cap a perfect service at 99,90. So the
index here is the dashboard's and the public one, to the hundredth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from api_client.models import AgeGroup, Education, Job, Sex, SkmElement
from server.facilities.directory import Directory
from server.feedback.skm import SkmResult, index_of_means
from server.feedback.tables import SCORE_COLUMNS, SurveyRow
from server.reports.files import Report, Table
from server.reports.month import Month

ELEMENT_NAMES = {
    SkmElement.persyaratan: "Persyaratan",
    SkmElement.prosedur: "Sistem, Mekanisme dan Prosedur",
    SkmElement.waktu: "Waktu Penyelesaian",
    SkmElement.biaya: "Biaya/Tarif",
    SkmElement.produk: "Produk Spesifikasi Jenis Pelayanan",
    SkmElement.kompetensi: "Kompetensi Pelaksana",
    SkmElement.perilaku: "Perilaku Pelaksana",
    SkmElement.pengaduan: "Penanganan Pengaduan, Saran dan Masukan",
    SkmElement.sarana: "Sarana dan Prasarana",
}
PROFILE: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("age_group", "Umur", {
        AgeGroup.upto_20: "≤ 20 tahun", AgeGroup.from_21_to_30: "21–30 tahun",
        AgeGroup.from_31_to_40: "31–40 tahun", AgeGroup.from_41_to_50: "41–50 tahun",
        AgeGroup.from_51_to_60: "51–60 tahun", AgeGroup.over_60: "> 60 tahun",
    }),
    ("sex", "Jenis kelamin", {Sex.male: "Laki-laki", Sex.female: "Perempuan"}),
    ("education", "Pendidikan", {
        Education.none: "Tidak sekolah", Education.sd: "SD", Education.smp: "SMP",
        Education.sma: "SMA/SMK", Education.diploma: "D1–D3", Education.s1: "D4/S1",
        Education.s2_up: "S2 ke atas",
    }),
    ("job", "Pekerjaan", {
        Job.civil_servant: "PNS/TNI/Polri", Job.private: "Pegawai swasta", Job.entrepreneur: "Wirausaha",
        Job.farmer_fisher: "Petani/nelayan", Job.student: "Pelajar/mahasiswa",
        Job.homemaker: "Ibu rumah tangga", Job.none: "Tidak bekerja", Job.other: "Lainnya",
    }),
)
NOT_GIVEN = "Tidak diisi"
WEIGHT = Fraction(1, len(SkmElement))


@dataclass(frozen=True)
class ElementLine:
    code: str  # U1 … U9
    element: SkmElement
    total: int  # the scores summed
    nrr: Fraction  # the mean, 1–4
    weighted: Fraction  # nrr × 1/9
    converted: Decimal  # nrr × 25, two decimals
    band: str


@dataclass(frozen=True)
class SkmFigures:
    """What the report says, before it is laid out as tables."""

    respondents: int
    elements: list[ElementLine]
    index: Decimal | None
    band: str | None
    kinerja: str | None
    profile: dict[str, dict[str | None, int]]  # column → category (None: skipped) → respondents


def skm_figures(*, session: Session, facility_id: str | None, month: Month) -> SkmFigures:
    where = _where(facility_id, month)
    columns = [getattr(SurveyRow, c) for c in SCORE_COLUMNS.values()]
    count, *sums = session.execute(
        select(func.count(SurveyRow.id), *(func.sum(c) for c in columns)).where(where)
    ).one()
    count = int(count or 0)
    profile = {
        column: {value: int(n) for value, n in session.execute(
            select(getattr(SurveyRow, column), func.count(SurveyRow.id)).where(where)
            .group_by(getattr(SurveyRow, column))
        ).all()}
        for column, _, _ in PROFILE
    }
    if not count:
        return SkmFigures(0, [], None, None, None, profile)
    totals = {element: int(total) for element, total in zip(SCORE_COLUMNS, sums, strict=True)}
    result: SkmResult = index_of_means({e: Fraction(t, count) for e, t in totals.items()}, count)
    lines = [
        ElementLine(code=f"U{n}", element=s.element, total=totals[s.element], nrr=s.mean,
                    weighted=s.mean * WEIGHT, converted=s.index, band=s.band.value)
        for n, s in enumerate(result.elements, start=1)
    ]
    return SkmFigures(count, lines, result.index, result.band.value if result.band else None,
                      result.band_label, profile)


def _where(facility_id: str | None, month: Month) -> ColumnElement[bool]:
    where = SurveyRow.service_date.between(month.first, month.last)
    return where & (SurveyRow.facility_id == facility_id) if facility_id else where


def facility_name(directory: Directory, facility_id: str | None) -> str:
    if facility_id is None:
        return "Semua faskes Kabupaten Rembang"
    return directory.facilities[facility_id].row.name


def skm_report(
    *, session: Session, directory: Directory, facility_id: str | None, month: Month
) -> Report:
    figures = skm_figures(session=session, facility_id=facility_id, month=month)
    unit = facility_name(directory, facility_id)
    summary = Table("Ringkasan", ("Keterangan", "Nilai"), [
        ("Unit pelayanan", unit),
        ("Periode survei", f"{month.label()} ({month.first.isoformat()} s.d. {month.last.isoformat()})"),
        ("Jumlah responden", figures.respondents),
        ("Nilai IKM (konversi)", float(figures.index) if figures.index is not None else None),
        ("Mutu pelayanan", figures.band),
        ("Kinerja unit pelayanan", figures.kinerja),
        ("Catatan", "Bobot tiap unsur 1/9 (dalam PermenPANRB 14/2017 ditulis 0,111); "
                    "IKM = jumlah NRR tertimbang × 25."),
    ], formats={1: "0.00"})
    weighted_sum = sum((line.weighted for line in figures.elements), Fraction(0))
    elements = Table(
        "Nilai per unsur",
        ("Kode", "Unsur pelayanan", "Jumlah nilai", "NRR", "NRR tertimbang", "Nilai konversi", "Mutu"),
        [(line.code, ELEMENT_NAMES[line.element], line.total, _float(line.nrr, 3), _float(line.weighted, 3),
          float(line.converted), line.band) for line in figures.elements]
        + ([("", "Jumlah NRR tertimbang", None, None, _float(weighted_sum, 3), None, None),
            ("", "IKM (jumlah NRR tertimbang × 25)", None, None, None, float(figures.index), figures.band)]
           if figures.index is not None else []),
        formats={3: "0.000", 4: "0.000", 5: "0.00"},
    )
    profile = Table("Profil responden", ("Karakteristik", "Kategori", "Jumlah", "Persen"),
                    _profile_rows(figures.profile, figures.respondents), formats={3: "0.0"})
    name = f"laporan-skm-{facility_id or 'semua'}-{month.key}"
    return Report(f"Laporan Survei Kepuasan Masyarakat: {unit}, {month.label()}", name,
                  [summary, elements, profile])


def _profile_rows(
    profile: Mapping[str, Mapping[str | None, int]], respondents: int
) -> list[tuple[str, str, int, float | None]]:
    rows = []
    for column, heading, categories in PROFILE:
        counted = profile.get(column, {})
        for value, words in [*categories.items(), (None, NOT_GIVEN)]:
            n = counted.get(value, 0)  # a StrEnum is its value as a key
            rows.append((heading, words, n, round(100 * n / respondents, 1) if respondents else None))
    return rows


def _float(value: Fraction, places: int) -> float:
    return round(float(value), places)
