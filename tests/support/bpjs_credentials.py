"""A BPJS credentials file as the service reads it (`LSR_BPJS_CREDENTIALS_FILE`,
server/bpjs/credentials.py): YAML, chmod 600 unless a test wants it readable."""

from __future__ import annotations

from pathlib import Path

SUMBER_FKTP = """
pkm-sumber:
  variant: fktp
  base_url: https://apijkn-dev.bpjs-kesehatan.go.id/antreanfktp_dev
  cons_id: "cons-4711"
  secret: "secret-Sumber-9f8e7d6c"
  user_key: "userkey-Sumber-0a1b2c3d"
  pcare_username: pcare-sumber
  pcare_password: "pcare-pass-Sumber-55"
  ws_username: mobilejkn
  ws_password: "ws-pass-Sumber-123456"
"""
"""Puskesmas Sumber's (Antrean FKTP) credentials, none of them real."""


def credentials_file(folder: Path, text: str, *, mode: int = 0o600) -> Path:
    path = folder / "bpjs.yaml"
    path.write_text(text)
    path.chmod(mode)
    return path
