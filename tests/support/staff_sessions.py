"""What the service thinks of a staff account's sign-ins."""

from __future__ import annotations

from sqlalchemy import func, select

from server.staff.tables import StaffAccountRow, StaffSessionRow


def open_sign_ins(service_app, username: str) -> int:  # type: ignore[no-untyped-def]
    """How many sign-ins of the account the service still honours."""
    with service_app.state.lsr.db.read() as session:
        return int(session.scalar(
            select(func.count()).select_from(StaffSessionRow)
            .join(StaffAccountRow, StaffAccountRow.id == StaffSessionRow.account_id)
            .where(StaffAccountRow.username == username, StaffSessionRow.ended_at.is_(None))
        ) or 0)
