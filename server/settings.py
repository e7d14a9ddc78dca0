"""Settings of the central service, read from the environment (prefix `LSR_`).

The embedded default needs none of them: a SQLite file under `./data`, a secret
generated on first run and kept beside it, demo accounts seeded.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LSR_", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="SQLite file and generated secret")
    database_url: str | None = Field(
        default=None,
        validation_alias="DATABASE_URL",
        description="postgresql+psycopg://… in production; SQLite under data_dir when unset",
    )
    secret_key: str | None = Field(
        default=None, min_length=32, description="signs staff tokens and keys patient look-up hashes"
    )
    demo: bool = Field(default=True, description="seed demo staff accounts and kiosk keys")
    demo_history_days: int = Field(
        default=28, ge=0, le=366,
        description="with demo on: days of generated past visits (server/seed/history.py); 0 = none",
    )
    token_minutes: int = Field(default=30, ge=1, le=24 * 60)
    sqlite_synchronous: str = Field(
        default="NORMAL",
        pattern="^(NORMAL|FULL)$",
        description="NORMAL survives a killed process; FULL also survives power loss",
    )
    booking_days_ahead: int = Field(default=7, ge=0, le=60)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_seconds: int = Field(default=60, ge=1)
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

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / 'layanan.db').resolve()}"

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
