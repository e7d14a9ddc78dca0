"""The key generations: which derived keys exist, and which one seals new values.

No key is stored: each generation's keys are derived from the service's secret
(server.keys.ring). A row records the generation's key id, its state, and a
fingerprint of the secret it was derived from (so a service started with the wrong
secret says so at once, instead of failing to open personal data later).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UtcDateTime


class KeyGenerationRow(Base):
    __tablename__ = "key_generation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kid: Mapped[str] = mapped_column(String(16), unique=True)
    state: Mapped[str] = mapped_column(String(10))  # next, active, retiring, retired
    secret_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    retired_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
