"""Every table, imported once so that `Base.metadata` is complete (Alembic, tests)."""

from server.announcements.tables import AnnouncementRow
from server.audit.tables import AuditEventRow
from server.bpjs.tables import BridgeRow, DoctorMapRow, JknVisitRow, OutboxRow, PoliMapRow
from server.complaints.tables import ComplaintRow, ComplaintUpdateRow
from server.db import Base
from server.doctors.tables import DoctorAbsenceRow
from server.events.tables import QueueEventRow
from server.facilities.tables import (
    ClosureRow,
    DoctorRow,
    DoctorScheduleRow,
    FacilityRow,
    HoursRow,
    ServiceRow,
)
from server.feedback.tables import SurveyRow
from server.idempotency import IdempotencyRow
from server.keys.tables import KeyGenerationRow
from server.queue.tables import CounterBreakRow, ServiceDayRow, TaskTimeRow, TicketRow, VisitRow
from server.staff.tables import (
    KioskDeviceRow,
    RecoveryCodeRow,
    SignInFailureRow,
    StaffAccountRow,
    StaffSessionRow,
)

metadata = Base.metadata

__all__ = [
    "AnnouncementRow", "AuditEventRow", "BridgeRow", "DoctorMapRow", "JknVisitRow", "OutboxRow",
    "PoliMapRow", "DoctorAbsenceRow",
    "ClosureRow", "CounterBreakRow", "DoctorRow", "DoctorScheduleRow", "FacilityRow", "HoursRow",
    "IdempotencyRow", "ComplaintRow", "ComplaintUpdateRow", "KeyGenerationRow", "SurveyRow",
    "KioskDeviceRow", "QueueEventRow", "ServiceDayRow", "ServiceRow", "StaffAccountRow", "StaffSessionRow",
    "SignInFailureRow", "RecoveryCodeRow",
    "TaskTimeRow", "TicketRow", "VisitRow", "metadata",
]
