"""Business rules of the elder university, by aggregate: the catalogue (campuses, terms,
courses), classes and their sessions, enrolments, attendance and completion, reports.
Resolvers, the CLI, the demo loader, event hooks and tests call these."""

from plugins.university.services.attendance import (
    class_attendance_rates,
    complete_class,
    enrolment_attendance_rates,
    record_attendance,
)
from plugins.university.services.catalogue import (
    create_campus,
    create_course,
    create_term,
    move_agency_records,
    update_term,
)
from plugins.university.services.classes import create_class, generate_sessions, update_class
from plugins.university.services.enrolments import enrol, withdraw, withdraw_all
from plugins.university.services.reports import CourseDemand, RosterLine, class_counts, course_demand, roster
from plugins.university.services.schedule import Slot, slots_of

__all__ = [
    "CourseDemand",
    "RosterLine",
    "Slot",
    "class_attendance_rates",
    "class_counts",
    "complete_class",
    "course_demand",
    "create_campus",
    "create_class",
    "create_course",
    "create_term",
    "enrol",
    "enrolment_attendance_rates",
    "generate_sessions",
    "move_agency_records",
    "record_attendance",
    "roster",
    "slots_of",
    "update_class",
    "update_term",
    "withdraw",
    "withdraw_all",
]
