"""The SKM index (PermenPANRB 14/2017) against examples computed by hand: mean of the
nine element means × 25, rounded half up to two decimals, then banded:
25.00–64.99 D, 65.00–76.60 C, 76.61–88.30 B, 88.31–100 A."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from api_client.models import SkmBand, SkmElement
from server.feedback.skm import band_of, converted, index_of_means, skm_index

U = list(SkmElement)


def response(*scores: int) -> dict[SkmElement, int]:
    assert len(scores) == 9
    return dict(zip(U, scores, strict=True))


def all_elements(mean: Fraction) -> dict[SkmElement, Fraction]:
    return dict.fromkeys(U, mean)


def test_four_respondents_computed_by_hand():
    # U1..U9 sums 14 13 11 12 14 14 15 11 11 (total 115) over 4 people:
    # means 3.5 3.25 2.75 3 3.5 3.5 3.75 2.75 2.75; 115/36 × 25 = 79.861… → 79.86, B.
    result = skm_index([
        response(4, 4, 3, 3, 4, 4, 4, 3, 3),
        response(3, 3, 3, 2, 3, 3, 4, 3, 2),
        response(4, 3, 3, 4, 4, 4, 4, 3, 3),
        response(3, 3, 2, 3, 3, 3, 3, 2, 3),
    ])
    assert result.respondents == 4
    assert result.index == Decimal("79.86") and result.band is SkmBand.B
    assert result.band_label == "Baik"
    by_element = {e.element: e for e in result.elements}
    assert by_element[SkmElement.persyaratan].mean == Fraction(7, 2)
    assert by_element[SkmElement.persyaratan].index == Decimal("87.50")
    assert by_element[SkmElement.persyaratan].band is SkmBand.B
    assert by_element[SkmElement.waktu].index == Decimal("68.75")
    assert by_element[SkmElement.waktu].band is SkmBand.C
    assert by_element[SkmElement.perilaku].index == Decimal("93.75")
    assert by_element[SkmElement.perilaku].band is SkmBand.A
    assert [e.element for e in result.elements] == U


def test_exactly_sixty_five_from_five_real_responses_is_c():
    # 45 scores summing to 117: 117 / 45 = 2.6; × 25 = 65.00, the lowest C.
    result = skm_index([
        response(3, 3, 3, 3, 3, 3, 2, 2, 2),
        response(3, 3, 3, 3, 3, 2, 3, 2, 2),
        response(2, 3, 3, 3, 2, 3, 3, 3, 2),
        response(3, 2, 2, 3, 2, 3, 3, 3, 2),
        response(2, 2, 2, 2, 3, 3, 3, 2, 3),
    ])
    assert result.index == Decimal("65.00") and result.band is SkmBand.C


def test_the_extremes():
    assert skm_index([response(*[4] * 9)]).index == Decimal("100.00")
    assert skm_index([response(*[4] * 9)]).band is SkmBand.A
    assert skm_index([response(*[1] * 9)]).index == Decimal("25.00")
    assert skm_index([response(*[1] * 9)]).band_label == "Tidak Baik"


@pytest.mark.parametrize(("mean", "index", "band"), [
    # on and beside each edge; mean = index / 25
    (Fraction("2.5996"), "64.99", SkmBand.D),
    (Fraction("2.6"), "65.00", SkmBand.C),
    (Fraction("2.6004"), "65.01", SkmBand.C),
    (Fraction("3.0636"), "76.59", SkmBand.C),
    (Fraction("3.064"), "76.60", SkmBand.C),
    (Fraction("3.0644"), "76.61", SkmBand.B),
    (Fraction("3.5316"), "88.29", SkmBand.B),
    (Fraction("3.532"), "88.30", SkmBand.B),
    (Fraction("3.5324"), "88.31", SkmBand.A),
    # between the published edges: rounding decides (half up)
    (Fraction("2.59978"), "64.99", SkmBand.D),  # 64.9945
    (Fraction("2.5998"), "65.00", SkmBand.C),  # 64.995
    (Fraction("3.06419"), "76.60", SkmBand.C),  # 76.60475
    (Fraction("3.0642"), "76.61", SkmBand.B),  # 76.605
    (Fraction("3.5322"), "88.31", SkmBand.A),  # 88.305
    (Fraction("3.53219"), "88.30", SkmBand.B),  # 88.30475
])
def test_band_edges(mean, index, band):  # type: ignore[no-untyped-def]
    result = index_of_means(all_elements(mean), respondents=1)
    assert result.index == Decimal(index)
    assert result.band is band
    assert all(e.band is band for e in result.elements)


def test_the_mean_is_of_element_means_not_a_weighted_0111_sum():
    # 0.111 × 9 = 0.999 would publish a perfect service as 99.90
    assert index_of_means(all_elements(Fraction(4)), respondents=3).index == Decimal("100.00")


def test_uneven_elements():
    means = all_elements(Fraction(3))
    means[SkmElement.biaya] = Fraction(4)  # (8 × 3 + 4) / 9 = 28/9 → 77.777… → 77.78 B
    result = index_of_means(means, respondents=1)
    assert result.index == Decimal("77.78") and result.band is SkmBand.B


def test_nobody_answered_has_no_index():
    result = skm_index([])
    assert result.respondents == 0 and result.index is None and result.band is None


def test_a_response_must_score_every_element_on_1_to_4():
    with pytest.raises(ValueError, match="missing"):
        skm_index([{SkmElement.biaya: 4}])
    with pytest.raises(ValueError, match="1–4"):
        skm_index([response(5, 4, 4, 4, 4, 4, 4, 4, 4)])
    with pytest.raises(ValueError):
        band_of(Decimal("24.99"))
    assert converted(Fraction(13, 4)) == Decimal("81.25")
