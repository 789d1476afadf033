"""Every table; importing this package registers them all on ``Base.metadata``."""

from ekinerja_tutor.persistence.base import Base
from ekinerja_tutor.persistence.models.accounts import Account, AccountRole, RecoveryCode
from ekinerja_tutor.persistence.models.audit import AuditEvent
from ekinerja_tutor.persistence.models.daily import DailyEntry, PeriodUnlock, RencanaAksi
from ekinerja_tutor.persistence.models.lessons import (
    LessonProgress,
    LessonStatus,
    LessonStepRecord,
    ScreenVisit,
)
from ekinerja_tutor.persistence.models.office import Person, Unit
from ekinerja_tutor.persistence.models.results import (
    Assessment,
    Attendance,
    Feedback,
    QuarterRecap,
    Realisasi,
    RecapStep,
    UnitPeriodResult,
)
from ekinerja_tutor.persistence.models.sandbox import Sandbox
from ekinerja_tutor.persistence.models.simulation import (
    PlantedDefect,
    SimulationFiring,
    SimulationState,
)
from ekinerja_tutor.persistence.models.skp import (
    Iki,
    Lampiran,
    PerilakuExpectation,
    PerjanjianKinerja,
    Rhk,
    Skp,
)
from ekinerja_tutor.persistence.models.tickets import (
    CannedReply,
    Ticket,
    TicketEvent,
    TicketMessage,
)

__all__ = [
    "Account",
    "AccountRole",
    "Assessment",
    "Attendance",
    "AuditEvent",
    "Base",
    "CannedReply",
    "DailyEntry",
    "Feedback",
    "Iki",
    "Lampiran",
    "LessonProgress",
    "LessonStatus",
    "LessonStepRecord",
    "PerilakuExpectation",
    "PeriodUnlock",
    "PerjanjianKinerja",
    "Person",
    "PlantedDefect",
    "QuarterRecap",
    "Realisasi",
    "RecapStep",
    "RecoveryCode",
    "RencanaAksi",
    "Rhk",
    "Sandbox",
    "ScreenVisit",
    "SimulationFiring",
    "SimulationState",
    "Skp",
    "Ticket",
    "TicketEvent",
    "TicketMessage",
    "Unit",
    "UnitPeriodResult",
]
