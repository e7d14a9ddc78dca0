"""The editable seed file `server/seed/rembang.yaml`: valid, complete, honest about
what is not confirmed (see docs/domain.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from server.seed.schema import WEEKDAYS, FacilitySeed, SeedFile, WeekHours

SEED_PATH = Path(__file__).resolve().parents[2] / "server" / "seed" / "rembang.yaml"

# docs/domain.md: kecamatan 01..14 of Kabupaten Rembang (33.17), in code order.
_KECAMATAN_IN_ORDER = (
    "Sumber Bulu Gunem Sale Sarang Sedan Pamotan Sulang Kaliori Rembang Pancur Kragan Sluke Lasem"
)
KECAMATAN = {name: f"{n:02d}" for n, name in enumerate(_KECAMATAN_IN_ORDER.split(), start=1)}
PUSKESMAS = set(
    "Sumber, Bulu, Gunem, Sale, Sarang 1, Sarang 2, Sedan, Pamotan, Sulang, Kaliori,"
    " Rembang 1, Rembang 2, Pancur, Kragan 1, Kragan 2, Sluke, Lasem".split(", ")
)
NAME_NOT_CONFIRMED = {"Bulu", "Sale", "Kaliori", "Pancur", "Rembang 1", "Rembang 2"}


@pytest.fixture(scope="module")
def seed() -> SeedFile:
    with SEED_PATH.open(encoding="utf-8") as fh:
        return SeedFile.model_validate(yaml.safe_load(fh))


def _by_id(seed: SeedFile) -> dict[str, FacilitySeed]:
    return {f.id: f for f in seed.facilities}


def test_seventeen_puskesmas_and_three_hospitals(seed: SeedFile) -> None:
    puskesmas = [f for f in seed.facilities if f.type == "puskesmas"]
    hospitals = [f for f in seed.facilities if f.type == "rumah_sakit"]
    assert len(puskesmas) == 17
    assert len(hospitals) == 3
    assert {f.name.removeprefix("Puskesmas ") for f in puskesmas} == PUSKESMAS
    assert {"rsud-soetrasno", "rs-bhina-bhakti-husada", "rsi-arafah"} <= set(_by_id(seed))


def test_rsud_soetrasno_has_21_poli_including_the_reported_ones(seed: SeedFile) -> None:
    rsud = _by_id(seed)["rsud-soetrasno"]
    assert rsud.type == "rumah_sakit"
    poli = [s for s in rsud.services if s.kind == "poli"]
    assert len(poli) >= 21
    names = " ".join(s.name for s in poli)
    for word in ("Jantung", "Kanker", "Onkologi", "Urologi", "Psikiatri", "Jiwa"):
        assert word in names, word
    assert all(s.online and s.walkin for s in poli)
    assert any(s.kind == "ugd" for s in rsud.services)


def test_every_kecamatan_is_real_with_its_code(seed: SeedFile) -> None:
    for f in seed.facilities:
        assert f.kecamatan in KECAMATAN, (f.id, f.kecamatan)
        assert f.kecamatan_code == f"33.17.{KECAMATAN[f.kecamatan]}", f.id
    covered = {f.kecamatan for f in seed.facilities if f.type == "puskesmas"}
    assert covered == set(KECAMATAN), "every kecamatan has a puskesmas"


def test_every_facility_offers_a_way_in(seed: SeedFile) -> None:
    for f in seed.facilities:
        assert any(s.online or s.walkin for s in f.services), f.id
        # The no-app route must always exist: a walk-in loket.
        assert any(s.kind == "loket" and s.walkin for s in f.services), f.id


def test_quotas_match_the_ways_in(seed: SeedFile) -> None:
    for f in seed.facilities:
        for s in f.services:
            where = f"{f.id}/{s.code}"
            if not s.online:
                assert s.quota_jkn == s.quota_non_jkn == 0, where
            if not s.walkin:
                assert s.quota_walkin == 0, where
            if s.kind in ("lab", "apotek"):  # reached by transfer only
                assert not s.online and not s.walkin, where


def _inside(inner: str | None, outer: str | None) -> bool:
    if inner is None:
        return True
    if outer is None:
        return False
    i_open, i_close = inner.split("-")
    o_open, o_close = outer.split("-")
    return o_open <= i_open and i_close <= o_close


def test_doctor_schedules_fall_within_opening_hours(seed: SeedFile) -> None:
    for f in seed.facilities:
        for s in f.services:
            hours: WeekHours = s.hours or f.hours
            for d in s.doctors:
                for day in WEEKDAYS:
                    where = (f.id, s.code, d.name, day)
                    assert _inside(getattr(d.schedule, day), getattr(hours, day)), where


def test_unconfirmed_facts_are_marked(seed: SeedFile) -> None:
    for f in seed.facilities:
        for field in ("address", "phone", "coordinates", "hours"):
            assert field in f.unconfirmed, (f.id, field)
        if f.type == "puskesmas":
            short = f.name.removeprefix("Puskesmas ")
            assert ("name" in f.unconfirmed) == (short in NAME_NOT_CONFIRMED), f.id
            if any(s.kind == "ugd" for s in f.services):
                assert "services" in f.unconfirmed, f.id
        for s in f.services:
            assert "quotas" in s.unconfirmed, (f.id, s.code)
            for d in s.doctors:
                assert "name" in d.unconfirmed, (f.id, s.code, d.name)
    by_id = _by_id(seed)
    assert "kecamatan" in by_id["rs-bhina-bhakti-husada"].unconfirmed
    assert "kecamatan" in by_id["rsi-arafah"].unconfirmed
    assert "21" in by_id["rsud-soetrasno"].source


def test_extra_closures_are_cuti_bersama(seed: SeedFile) -> None:
    dates = [c.date for c in seed.extra_closures]
    assert len(dates) == len(set(dates))
    assert dt.date(2026, 12, 24) in dates
    assert any(d.year == 2027 for d in dates)
