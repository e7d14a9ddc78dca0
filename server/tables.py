"""Every table, imported once so that `Base.metadata` is complete (Alembic, tests)."""

from server.announcements.tables import AnnouncementRow
from server.db import Base
from server.facilities.tables import (
    ClosureRow,
    DoctorRow,
    DoctorScheduleRow,
    FacilityRow,
    HoursRow,
    ServiceRow,
)
from server.queues.tables import (
    IdempotencyRow,
    QueueEventRow,
    ServiceDayRow,
    TaskTimeRow,
    TicketRow,
    VisitRow,
)
from server.staff.tables import KioskDeviceRow, StaffAccountRow

metadata = Base.metadata

__all__ = [
    "AnnouncementRow", "ClosureRow", "DoctorRow", "DoctorScheduleRow", "FacilityRow", "HoursRow",
    "IdempotencyRow",
    "KioskDeviceRow", "QueueEventRow", "ServiceDayRow", "ServiceRow", "StaffAccountRow",
    "TaskTimeRow", "TicketRow", "VisitRow", "metadata",
]
