"""The attention list: the facilities over a threshold, each with its reasons as codes
and values (the app words them in the user's language).

A facility is listed when, over the period,
- the p90 of the loket wait (1→2) is over `LSR_ATTENTION_LOKET_WAIT_MINUTES`,
- the p90 of the poli wait (3→4) is over `LSR_ATTENTION_POLI_WAIT_MINUTES`,
- its no-show percent is over `LSR_ATTENTION_NO_SHOW_PERCENT`,
- it has an open complaint past its response deadline today, or
- its SKM band is C (Kurang Baik) or D (Tidak Baik).

"Over" is strictly more than the limit; a figure with no data (no visits, no survey)
gives no reason. Facilities with more reasons come first, then by name.
"""

from __future__ import annotations

from api_client.models import (
    Attention,
    AttentionCode,
    AttentionReason,
    AttentionThresholds,
    FacilityFigures,
    SkmBand,
    WaitStage,
)
from server.settings import Settings

WEAK_BANDS = (SkmBand.C, SkmBand.D)


def thresholds(settings: Settings) -> AttentionThresholds:
    return AttentionThresholds(
        loket_wait_p90_minutes=settings.attention_loket_wait_minutes,
        poli_wait_p90_minutes=settings.attention_poli_wait_minutes,
        no_show_percent=settings.attention_no_show_percent,
    )


def reasons(row: FacilityFigures, limits: AttentionThresholds) -> list[AttentionReason]:
    p90 = {w.stage: w.p90_minutes for w in row.waits}
    found = [
        AttentionReason(code=code, value=value, limit=limit)
        for code, value, limit in (
            (AttentionCode.loket_wait_p90, p90.get(WaitStage.loket_wait), limits.loket_wait_p90_minutes),
            (AttentionCode.poli_wait_p90, p90.get(WaitStage.poli_wait), limits.poli_wait_p90_minutes),
            (AttentionCode.no_show_rate, row.no_show_rate, limits.no_show_percent),
        )
        if value is not None and value > limit
    ]
    if row.complaints_overdue > 0:
        found.append(AttentionReason(code=AttentionCode.overdue_complaints, value=row.complaints_overdue,
                                     limit=0))
    if row.skm_band in WEAK_BANDS and row.skm_index is not None:
        found.append(AttentionReason(code=AttentionCode.skm_band, value=row.skm_index, limit=None,
                                     band=row.skm_band))
    return found


def attention_list(rows: list[FacilityFigures], limits: AttentionThresholds) -> list[Attention]:
    listed = [
        Attention(facility_id=row.facility_id, facility_name=row.facility_name or row.facility_id,
                  reasons=found)
        for row in rows
        if row.facility_id is not None and (found := reasons(row, limits))
    ]
    return sorted(listed, key=lambda a: (-len(a.reasons), a.facility_name))
