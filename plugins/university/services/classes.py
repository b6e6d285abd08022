"""Classes (教学班) and their sessions: creating, editing and publishing a class, and the
sessions its weekly timetable gives within the term."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from tortoise.transactions import atomic

from core.api import (
    Agency,
    ErrorCode,
    Principal,
    ServiceError,
    accept,
    check_lengths,
    check_version,
    get_visible,
    require_active_agency,
    require_text,
    save_versioned,
)
from plugins.university.models import (
    ClassMode,
    EnrolmentStatus,
    UniversityCampus,
    UniversityClass,
    UniversityCourse,
    UniversityEnrolment,
    UniversitySession,
    UniversityTerm,
)
from plugins.university.permissions import MANAGE
from plugins.university.services.enrolments import promote
from plugins.university.services.schedule import apply_schedule, slots_of

#: the fields of a class its managers set besides its timetable
CLASS_FIELDS = frozenset(
    {
        "name",
        "teacher",
        "mode",
        "venue",
        "online_link",
        "capacity",
        "enrol_opens_on",
        "enrol_closes_on",
        "published",
    }
)
#: what a null clears a field to when a class is edited; a null on any other field is refused
CLASS_CLEARED = {"teacher": "", "venue": "", "online_link": ""}


async def managed_class(principal: Principal, class_id: int, field: str) -> UniversityClass:
    """A class run by a campus of an agency in the principal's subtree (its managers' view:
    a published class is visible further out, but not theirs to run)."""
    row = await get_visible(UniversityClass, class_id, principal, field)
    campus = await UniversityCampus.get(id=row.campus_id)
    try:
        await get_visible(Agency, campus.agency_id, principal, field)
    except ServiceError:
        raise ServiceError(ErrorCode.NOT_FOUND, "记录不存在或不在可管理范围内", field) from None
    return row


def _check_class(row: UniversityClass, term: UniversityTerm) -> None:
    row.name = require_text(row.name, "name")
    check_lengths(UniversityClass, {f: getattr(row, f) for f in ("name", "teacher", "venue", "online_link")})
    if row.capacity < 1:
        raise ServiceError(ErrorCode.INVALID_VALUE, "班级容量至少为 1 人", "capacity")
    if row.mode in (ClassMode.OFFLINE, ClassMode.HYBRID) and not row.venue.strip():
        raise ServiceError(ErrorCode.REQUIRED, "线下或线上线下同步授课须填写上课地点", "venue")
    if row.mode in (ClassMode.ONLINE, ClassMode.HYBRID) and not row.online_link.strip():
        raise ServiceError(ErrorCode.REQUIRED, "线上或线上线下同步授课须填写线上课堂链接", "onlineLink")
    if row.enrol_closes_on < row.enrol_opens_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "报名截止日期不能早于报名开始日期", "enrolClosesOn")
    if row.enrol_closes_on > term.ends_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "报名截止日期不能晚于学期结束日期", "enrolClosesOn")


@atomic()
async def create_class(
    principal: Principal,
    course_id: int,
    term_id: int,
    campus_id: int,
    schedule: Sequence[Mapping[str, Any]],
    values: Mapping[str, Any],
) -> UniversityClass:
    """A class of a course in a term on a campus the principal manages."""
    principal.require(MANAGE)
    values = accept(UniversityClass, values, CLASS_FIELDS, creating=True)
    course = await get_visible(UniversityCourse, course_id, principal, "courseId")
    term = await get_visible(UniversityTerm, term_id, principal, "termId")
    campus = await get_visible(UniversityCampus, campus_id, principal, "campusId")
    await require_active_agency(principal, campus.agency_id, "campusId")
    row = UniversityClass(course_id=course.id, term_id=term.id, campus_id=campus.id, **values)
    apply_schedule(row, schedule)
    _check_class(row, term)
    await row.save()
    return row


@atomic()
async def update_class(principal: Principal, class_id: int, version: int, values: Mapping[str, Any]) -> UniversityClass:
    """Edit or publish a class: a field left out stays as it is, a null clears the teacher,
    venue or online link and is refused elsewhere; ``schedule`` replaces the timetable. A
    larger capacity promotes waitlisted retirees at once; a capacity below the enrolled count
    is refused."""
    principal.require(MANAGE)
    await managed_class(principal, class_id, "id")
    row = await UniversityClass.filter(id=class_id).select_for_update().get()
    check_version(row, version)
    cleared = {name: CLASS_CLEARED.get(name) if value is None else value for name, value in values.items()}
    changes = accept(UniversityClass, cleared, CLASS_FIELDS | {"schedule"}, creating=False)
    if "schedule" in changes:
        apply_schedule(row, changes.pop("schedule"))
    for name, value in changes.items():
        setattr(row, name, value)
    term = await UniversityTerm.get(id=row.term_id)
    _check_class(row, term)
    enrolled = await UniversityEnrolment.filter(university_class_id=row.id, status=EnrolmentStatus.ENROLLED).count()
    if row.capacity < enrolled:
        raise ServiceError(ErrorCode.INVALID_VALUE, f"容量不能少于已录取人数 {enrolled}", "capacity")
    await save_versioned(row)
    await promote(row, row.capacity - enrolled)
    return row


@atomic()
async def generate_sessions(principal: Principal, class_id: int) -> list[UniversitySession]:
    """Create the sessions of a class for every date of its term that matches a schedule slot,
    skipping the term's holidays; sessions that exist already are kept (idempotent)."""
    principal.require(MANAGE)
    await managed_class(principal, class_id, "classId")
    row = await UniversityClass.filter(id=class_id).select_for_update().get()
    term = await UniversityTerm.get(id=row.term_id)
    holidays = {dt.date.fromisoformat(day) for day in term.holidays}
    existing = {(s.held_on, s.starts_at) for s in await UniversitySession.filter(university_class_id=row.id)}
    created = []
    day = term.starts_on
    while day <= term.ends_on:
        if day not in holidays:
            for slot in slots_of(row):
                if slot.weekday == day.isoweekday() and (day, slot.start) not in existing:
                    created.append(
                        UniversitySession(
                            university_class_id=row.id, held_on=day, starts_at=slot.start, ends_at=slot.end
                        )
                    )
        day += dt.timedelta(days=1)
    if created:
        await UniversitySession.bulk_create(created)
    return await UniversitySession.filter(university_class_id=row.id).order_by("held_on", "starts_at")
