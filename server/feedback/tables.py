"""Survey answers: one row per visit, one column per SKM element (U1–U9), and the
respondent's profile in the SKM report's categories when given (each NULL if skipped).

Anonymous by design: the row points at the visit only to keep it to one survey per
visit; the index and the reports never read anything personal.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api_client.models import SkmElement
from server.db import Base, UtcDateTime

SCORE_COLUMNS = {element: f"u{n}_{element.value}" for n, element in enumerate(SkmElement, 1)}


class SurveyRow(Base):
    __tablename__ = "survey"
    __table_args__ = (
        Index("ix_survey_facility_date", "facility_id", "service_date"),
        *(
            CheckConstraint(f"{column} BETWEEN 1 AND 4", name=f"ck_survey_{column}")
            for column in SCORE_COLUMNS.values()
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), unique=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    service_date: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))
    u1_persyaratan: Mapped[int] = mapped_column(Integer)
    u2_prosedur: Mapped[int] = mapped_column(Integer)
    u3_waktu: Mapped[int] = mapped_column(Integer)
    u4_biaya: Mapped[int] = mapped_column(Integer)
    u5_produk: Mapped[int] = mapped_column(Integer)
    u6_kompetensi: Mapped[int] = mapped_column(Integer)
    u7_perilaku: Mapped[int] = mapped_column(Integer)
    u8_pengaduan: Mapped[int] = mapped_column(Integer)
    u9_sarana: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    age_group: Mapped[str | None] = mapped_column(String(10), nullable=True)  # AgeGroup
    sex: Mapped[str | None] = mapped_column(String(10), nullable=True)  # Sex
    education: Mapped[str | None] = mapped_column(String(10), nullable=True)  # Education
    job: Mapped[str | None] = mapped_column(String(16), nullable=True)  # Job
    submitted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)

