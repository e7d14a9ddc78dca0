"""Each bridged facility's BPJS credentials, read from a file named by the setting
`LSR_BPJS_CREDENTIALS_FILE` (YAML, kept beside the secret key, never in the
repository). No file: the bridge is off everywhere.

```yaml
rsud-soetrasno:
  variant: rs                 # Antrean RS (hospital); fktp for a puskesmas
  base_url: https://apijkn.bpjs-kesehatan.go.id/antreanrs
  cons_id: "12345"
  secret: "…"                 # consumer secret: signs the requests, derives the answer's key
  user_key: "…"
  ws_username: mobilejkn      # what BPJS gives when it calls our web service
  ws_password: "…"
pkm-sumber:
  variant: fktp
  base_url: https://apijkn.bpjs-kesehatan.go.id/antreanfktp
  cons_id: "…"
  secret: "…"
  user_key: "…"
  pcare_username: "…"         # FKTP only: X-authorization (PCare user, password, app 095)
  pcare_password: "…"
  ws_username: mobilejkn
  ws_password: "…"
```

Secrets are `SecretStr`: a log line, a repr or an error shows `**********`.
"""

from __future__ import annotations

import os
import stat
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, TypeAdapter, model_validator


class Variant(StrEnum):
    rs = "rs"  # Antrean RS: hospitals
    fktp = "fktp"  # Antrean FKTP: puskesmas (first-level care)


class FacilityCredentials(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    variant: Variant
    base_url: str = Field(pattern=r"^https?://", description="Antrol's base URL, without a trailing /")
    cons_id: str = Field(min_length=1)
    secret: SecretStr
    user_key: SecretStr
    pcare_username: str | None = None
    pcare_password: SecretStr | None = None
    ws_username: str = Field(min_length=1)
    ws_password: SecretStr

    @model_validator(mode="after")
    def _fktp_signs_in_to_pcare(self) -> FacilityCredentials:
        if self.variant is Variant.fktp and not (self.pcare_username and self.pcare_password):
            raise ValueError("an FKTP (puskesmas) needs pcare_username and pcare_password")
        if len(self.ws_password.get_secret_value()) < 12:
            raise ValueError("ws_password: at least 12 characters (BPJS signs in with it)")
        return self

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/")


CREDENTIALS = TypeAdapter(dict[str, FacilityCredentials])


class CredentialsError(ValueError):
    """The file cannot be used; the message names the file and what is wrong, never a
    secret."""


def load_credentials(path: Path | None) -> dict[str, FacilityCredentials]:
    """The credentials per facility id; none without a file. A file others may read is
    refused: it holds the keys to the patients' BPJS records."""
    if path is None:
        return {}
    if not path.exists():
        raise CredentialsError(f"{path}: LSR_BPJS_CREDENTIALS_FILE names a file that is not there")
    if os.name == "posix" and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialsError(f"{path}: readable by others; chmod 600 it")
    try:
        raw = yaml.safe_load(path.read_text()) or {}
        return CREDENTIALS.validate_python(raw)
    except (yaml.YAMLError, ValueError) as err:
        # A pydantic error shows the rejected input: keep only where and why.
        raise CredentialsError(f"{path}: {_without_values(err)}") from None


def _without_values(err: Exception) -> str:
    errors = getattr(err, "errors", None)
    if callable(errors):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors(include_input=False)
        )
    return type(err).__name__
