"""Every table; importing this package registers them all on ``Base.metadata``."""

from ekinerja_tutor.persistence.base import Base
from ekinerja_tutor.persistence.models.accounts import Account, AccountRole, RecoveryCode
from ekinerja_tutor.persistence.models.audit import AuditEvent
from ekinerja_tutor.persistence.models.daily import DailyEntry, PeriodUnlock, RencanaAksi
from ekinerja_tutor.persistence.models.drive import DriveContent, DriveItem, DriveShare
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
from ekinerja_tutor.persistence.models.step_notes import StepNote
from ekinerja_tutor.persistence.models.tickets import (
    CannedReply,
    Ticket,
    TicketEvent,
    TicketMessage,
)
from ekinerja_tutor.persistence.models.training import (
    Certificate,
    InstallationSecret,
    PracticeFailure,
    TrainingEnrolment,
    TrainingSession,
)

__all__ = [
    "Account",
    "AccountRole",
    "Assessment",
    "Attendance",
    "AuditEvent",
    "Base",
    "CannedReply",
    "Certificate",
    "DailyEntry",
    "DriveContent",
    "DriveItem",
    "DriveShare",
    "Feedback",
    "Iki",
    "InstallationSecret",
    "Lampiran",
    "LessonProgress",
    "LessonStatus",
    "LessonStepRecord",
    "PerilakuExpectation",
    "PeriodUnlock",
    "PerjanjianKinerja",
    "Person",
    "PlantedDefect",
    "PracticeFailure",
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
    "StepNote",
    "Ticket",
    "TicketEvent",
    "TicketMessage",
    "TrainingEnrolment",
    "TrainingSession",
    "Unit",
    "UnitPeriodResult",
]
