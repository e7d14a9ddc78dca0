"""Settings of the central service, read from the environment (prefix `LSR_`).

The embedded default needs none of them: a SQLite file under `./data`, a secret
generated on first run and kept beside it. Demo accounts only with `LSR_DEMO=true`
(`make run` sets it); without, the first account comes from `python -m server.accounts`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from server.clock import Clock, system_clock
from server.keys.ring import Secrets
from session.rembang_clock import demo_start, starting_at


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LSR_", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="SQLite file and generated secret")
    database_url: str | None = Field(
        default=None,
        validation_alias="DATABASE_URL",
        description="postgresql+psycopg://… in production; SQLite under data_dir when unset",
    )
    secret_key: str | None = Field(
        default=None, min_length=32,
        description="the one secret every key is derived from (server/keys/ring.py); back it up",
    )
    previous_secret_key: str | None = Field(
        default=None, min_length=32,
        description="the old secret while the secret is changed: set it, rotate, then unset it",
    )
    demo: bool = Field(
        default=False,
        description="seed demo staff accounts and kiosk keys (`make run` turns it on); "
        "off disables existing demo credentials at start",
    )
    demo_history_days: int = Field(
        default=84, ge=0, le=366,
        description="with demo on: days of generated past visits (server/seed/history.py); 0 = none",
    )
    demo_clock: str | None = Field(
        default=None,
        description="with demo on: the system runs as if it were this WIB time (HH:MM) today, "
        "or this day and time (YYYY-MM-DD HH:MM), or this day at the real time (YYYY-MM-DD), "
        "when it starts, then the clock moves on; "
        "for trying it outside opening hours or on a closed day",
    )
    require_totp: bool | None = Field(
        default=None,
        description="admins (Dinkes, facility admins) sign in with a one-time code of an "
        "authenticator app; unset: required unless demo is on",
    )
    token_minutes: int = Field(default=30, ge=1, le=24 * 60)
    sqlite_synchronous: str = Field(
        default="NORMAL",
        pattern="^(NORMAL|FULL)$",
        description="NORMAL survives a killed process; FULL also survives power loss",
    )
    booking_days_ahead: int = Field(default=7, ge=0, le=60)
    max_active_bookings_per_phone: int = Field(
        default=5, ge=1,
        description="online bookings one phone number may hold at once across the regency "
        "(booked or checked in, today or later): one phone can serve a family",
    )
    max_active_bookings_per_nik: int = Field(
        default=3, ge=1,
        description="online bookings one NIK may hold at once across the regency, on top of "
        "one per service and day",
    )
    check_in_radius_m: int = Field(
        default=300, ge=50,
        description="a self check-in in the app counts within this distance of the facility",
    )
    check_in_radius_unconfirmed_m: int = Field(
        default=2000, ge=50,
        description="the same for a facility whose coordinates the seed marks unconfirmed",
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="wrong sign-ins from one address before it must wait"
    )
    login_lockout_seconds: int = Field(
        default=60, ge=1, description="that first wait; doubles per further failure, at most an hour"
    )
    login_username_max_failures: int = Field(
        default=20, ge=1,
        description="wrong sign-ins for one username from anywhere before every address that "
        "failed for it (and never signed in to it) waits after each failure",
    )
    login_address_max_failures: int = Field(
        default=30, ge=1,
        description="wrong sign-ins from one address within an hour, whatever the usernames, "
        "before that address must wait (doubling, at most an hour)",
    )
    login_concurrency: int = Field(
        default=1, ge=1,
        description="password checks (argon2) running at once per instance (docs/benchmarks.md)",
    )
    rate_limits: bool = Field(default=True, description="off only for load benchmarks and tests")
    loopback_api_url: str = Field(
        default="http://127.0.0.1:8000/api",
        description="where this process's web sessions reach its own API",
    )
    directory_refresh_seconds: float = Field(
        default=30, gt=0, description="how often an instance reads facilities and closures again"
    )
    api_docs: bool = Field(
        default=True,
        description="Swagger UI at /api/docs with its files from this origin (server/api_docs.py)",
    )
    web_session_timeout_seconds: int = Field(
        default=300, ge=30, description="how long a closed tab's web session is kept"
    )
    attention_loket_wait_minutes: float = Field(
        default=30, gt=0,
        description="the dashboard's attention list names a facility whose p90 loket wait "
        "(arrival until called at the loket) over the period is longer",
    )
    attention_poli_wait_minutes: float = Field(
        default=60, gt=0,
        description="the same for the poli wait (from the loket until called at the poli)",
    )
    attention_no_show_percent: float = Field(
        default=10, ge=0, le=100,
        description="the same for the share of visits that were no-shows, in percent",
    )
    bpjs_credentials_file: Path | None = Field(
        default=None,
        description="each bridged facility's BPJS credentials (YAML, chmod 600, outside the "
        "repository; server/bpjs/credentials.py); unset: the BPJS bridge is off everywhere",
    )
    bpjs_send_seconds: float = Field(
        default=5, gt=0, description="how often an instance sends what waits in the BPJS outbox"
    )
    bpjs_claim_seconds: float = Field(
        default=120, gt=0,
        description="an instance sending an outbox row holds it this long; a row held by a "
        "process that died is sent again after it (BPJS then says it has it: counted as sent)",
    )
    web_build_dir: Path | None = Field(
        default=None,
        description="where the service keeps the web app's compressed files (server.web_build, "
        "built at start when missing); unset: `web` under data_dir",
    )

    @field_validator("demo_clock")
    @classmethod
    def _clock_time(cls, value: str | None) -> str | None:
        if not value:
            return None
        demo_start(value, dt.datetime.now(dt.UTC))  # ValueError: what it must look like
        return value

    @model_validator(mode="after")
    def _demo_clock_only_in_demo(self) -> Settings:
        if self.demo_clock and not self.demo:
            raise ValueError(
                f"LSR_DEMO_CLOCK={self.demo_clock} runs the service at a made-up time: "
                "only for the demo system (LSR_DEMO=true); unset it"
            )
        return self

    def clock(self, *, real: Clock = system_clock) -> Clock:
        """The service's clock: the real one, or the demo clock (`LSR_DEMO_CLOCK`)."""
        return starting_at(self.demo_clock, real=real) if self.demo_clock else real

    @property
    def totp_required(self) -> bool:
        return self.require_totp if self.require_totp is not None else not self.demo

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / 'layanan.db').resolve()}"

    def resolved_web_build_dir(self) -> Path:
        return self.web_build_dir or self.data_dir / "web"

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept in the data folder."""
        if self.secret_key:
            return self.secret_key
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "secret.key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    def resolved_secrets(self) -> Secrets:
        return Secrets(current=self.resolved_secret_key(), previous=self.previous_secret_key)
