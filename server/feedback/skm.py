"""The Survei Kepuasan Masyarakat index (PermenPANRB 14/2017), as pure functions.

Each of the nine elements gets its mean score (NRR, 1–4). The index is the mean of
the nine element means, converted ×25 (the regulation weighs each element 1/9; it
writes that weight as 0.111, which would cap a perfect score at 99.90, so the exact
1/9 is used). Arithmetic is exact (fractions); the converted index is rounded half
up to two decimals, as it is published, and the band is read from that rounded
number:

| converted index | band | mutu pelayanan |
|-----------------|------|----------------|
| 25.00 – 64.99   | D    | Tidak Baik     |
| 65.00 – 76.60   | C    | Kurang Baik    |
| 76.61 – 88.30   | B    | Baik           |
| 88.31 – 100.00  | A    | Sangat Baik    |

So 76.604 is C (it rounds to 76.60) and 76.605 is B (it rounds to 76.61): no value
falls between the published edges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from api_client.models import SkmBand, SkmElement

CONVERSION = 25
BAND_FLOORS: tuple[tuple[Decimal, SkmBand], ...] = (
    (Decimal("88.31"), SkmBand.A),
    (Decimal("76.61"), SkmBand.B),
    (Decimal("65.00"), SkmBand.C),
    (Decimal("25.00"), SkmBand.D),
)
BAND_LABELS = {
    SkmBand.A: "Sangat Baik", SkmBand.B: "Baik", SkmBand.C: "Kurang Baik", SkmBand.D: "Tidak Baik",
}


@dataclass(frozen=True)
class ElementScore:
    element: SkmElement
    mean: Fraction
    index: Decimal
    band: SkmBand


@dataclass(frozen=True)
class SkmResult:
    respondents: int
    elements: list[ElementScore]
    index: Decimal | None
    band: SkmBand | None

    @property
    def band_label(self) -> str | None:
        return BAND_LABELS[self.band] if self.band else None


def converted(mean: Fraction) -> Decimal:
    """A mean on 1–4 as the published 25–100 value, rounded half up to 0.01."""
    exact = mean * CONVERSION
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def band_of(index: Decimal) -> SkmBand:
    """The band of a converted index (already rounded to two decimals)."""
    if not Decimal(25) <= index <= Decimal(100):
        raise ValueError(f"an SKM index lies between 25 and 100, got {index}")
    return next(band for floor, band in BAND_FLOORS if index >= floor)


def skm_index(responses: Iterable[Mapping[SkmElement, int]]) -> SkmResult:
    """The index of some responses; each response scores every element 1–4."""
    totals = dict.fromkeys(SkmElement, 0)
    count = 0
    for response in responses:
        missing = set(SkmElement) - set(response)
        if missing:
            raise ValueError(f"a response must score all nine elements; missing {sorted(missing)}")
        for element, score in response.items():
            if score not in (1, 2, 3, 4):
                raise ValueError(f"{element} is scored 1–4, got {score}")
            totals[element] += score
        count += 1
    if count == 0:
        return SkmResult(respondents=0, elements=[], index=None, band=None)
    return index_of_means({e: Fraction(total, count) for e, total in totals.items()}, count)


def index_of_means(means: Mapping[SkmElement, Fraction], respondents: int) -> SkmResult:
    """The index from the nine element means (NRR), e.g. summed in the database."""
    elements = []
    for element in SkmElement:
        value = converted(means[element])
        elements.append(ElementScore(element, means[element], value, band_of(value)))
    overall = converted(sum((means[e] for e in SkmElement), Fraction(0)) / len(SkmElement))
    return SkmResult(respondents=respondents, elements=elements, index=overall, band=band_of(overall))
