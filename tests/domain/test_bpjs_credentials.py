"""The BPJS credentials file: each facility's keys, read at start, never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.bpjs.credentials import CredentialsError, Variant, load_credentials
from server.bpjs.signing import request_headers, signature
from tests.support.bpjs_credentials import credentials_file

SECRET = "rahasia-konsumen-12345"
FILE = f"""
rsud-soetrasno:
  variant: rs
  base_url: https://apijkn-dev.bpjs-kesehatan.go.id/antreanrs_dev/
  cons_id: "1234"
  secret: "{SECRET}"
  user_key: "kunci-pengguna-rs"
  ws_username: mobilejkn
  ws_password: "sandi-ws-yang-panjang"
pkm-sumber:
  variant: fktp
  base_url: https://apijkn-dev.bpjs-kesehatan.go.id/antreanfktp_dev
  cons_id: "5678"
  secret: "rahasia-pkm"
  user_key: "kunci-pengguna-pkm"
  pcare_username: "0030B011"
  pcare_password: "sandi-pcare"
  ws_username: mobilejkn
  ws_password: "sandi-ws-puskesmas"
"""


def test_each_facility_gets_its_variant_and_url_and_no_secret_shows_in_a_repr(tmp_path: Path) -> None:
    found = load_credentials(credentials_file(tmp_path, FILE))
    variants = {k: v.variant for k, v in found.items()}
    assert variants == {"rsud-soetrasno": Variant.rs, "pkm-sumber": Variant.fktp}
    assert found["rsud-soetrasno"].url == "https://apijkn-dev.bpjs-kesehatan.go.id/antreanrs_dev"
    shown = repr(found) + str(found)
    assert SECRET not in shown and "sandi-ws-yang-panjang" not in shown and "sandi-pcare" not in shown


def test_no_file_means_no_bridge() -> None:
    assert load_credentials(None) == {}


def test_a_file_others_can_read_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="chmod 600"):
        load_credentials(credentials_file(tmp_path, FILE, mode=0o644))


def test_a_wrong_file_says_where_without_repeating_a_secret(tmp_path: Path) -> None:
    broken = FILE.replace("variant: fktp", "variant: klinik").replace(
        '  pcare_username: "0030B011"\n', "")
    with pytest.raises(CredentialsError) as refused:
        load_credentials(credentials_file(tmp_path, broken))
    said = str(refused.value)
    assert "pkm-sumber.variant" in said and "rahasia-pkm" not in said and SECRET not in said


def test_a_puskesmas_needs_its_pcare_sign_in(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="pcare_username and pcare_password"):
        load_credentials(credentials_file(tmp_path, FILE.replace('  pcare_username: "0030B011"\n', "")))


def test_the_headers_carry_the_signature_of_cons_id_and_timestamp(tmp_path: Path) -> None:
    found = load_credentials(credentials_file(tmp_path, FILE))
    rs, fktp = found["rsud-soetrasno"], found["pkm-sumber"]
    headers = request_headers(rs, 1764470000)
    assert headers["X-cons-id"] == "1234" and headers["X-timestamp"] == "1764470000"
    assert headers["X-signature"] == signature("1234", SECRET, "1764470000")
    assert headers["X-signature"] != signature("1234", SECRET, "1764470001")
    assert "X-authorization" not in headers
    # base64("0030B011:sandi-pcare:095")
    assert request_headers(fktp, 1)["X-authorization"] == "Basic MDAzMEIwMTE6c2FuZGktcGNhcmU6MDk1"
