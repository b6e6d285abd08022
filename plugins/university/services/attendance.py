"""Attendance at sessions, the attendance rates it gives, and completion of a class by them."""

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from tortoise.transactions import atomic

from core.api import ErrorCode, Principal, ServiceError, check_lengths, get_visible, today
from plugins.university.models import (
    PRESENT_STATUSES,
    AttendanceStatus,
    EnrolmentStatus,
    UniversityAttendance,
    UniversityClass,
    UniversityEnrolment,
    UniversitySession,
)
from plugins.university.permissions import ATTENDANCE
from plugins.university.services.classes import managed_class
from plugins.university.settings import current_settings


@atomic()
async def record_attendance(
    principal: Principal, session_id: int, entries: Sequence[Mapping[str, Any]]
) -> UniversitySession:
    """Record (or correct) attendance at a session for enrolments of its class: each entry has
    ``enrolment_id``, ``status`` and, optionally, ``reason``. A leave needs a reason; online
    attendance (ONLINE) counts as present."""
    principal.require(ATTENDANCE)
    session = await get_visible(UniversitySession, session_id, principal, "sessionId")
    await managed_class(principal, session.university_class_id, "sessionId")
    if session.held_on > today():
        raise ServiceError(ErrorCode.DATE_ORDER, "课次尚未开始，不能记录考勤", "sessionId")
    for index, entry in enumerate(entries):
        prefix = f"entries.{index}."
        status = entry["status"]
        enrolment = await UniversityEnrolment.get_or_none(
            id=entry["enrolment_id"], university_class_id=session.university_class_id
        )
        if enrolment is None or enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED):
            raise ServiceError(ErrorCode.NOT_FOUND, "不是本班已录取的学员", prefix + "enrolmentId")
        reason = entry.get("reason", "").strip()
        if status is AttendanceStatus.LEAVE and not reason:
            raise ServiceError(ErrorCode.REQUIRED, "请假须填写原因", prefix + "reason")
        check_lengths(UniversityAttendance, {"reason": reason}, prefix)
        current = await UniversityAttendance.get_or_none(session_id=session.id, enrolment_id=enrolment.id)
        if current is None:
            await UniversityAttendance.create(
                session_id=session.id,
                enrolment_id=enrolment.id,
                retiree_id=enrolment.retiree_id,
                status=status,
                reason=reason,
            )
        else:
            current.status, current.reason = status, reason
            await current.save(update_fields=["status", "reason", "recorded_at"])
    return session


async def _held_sessions(class_ids: Sequence[int]) -> Counter[int]:
    """How many sessions of each class have taken place (up to today)."""
    rows = await UniversitySession.filter(university_class_id__in=list(class_ids), held_on__lte=today()).values_list(
        "university_class_id", flat=False
    )
    return Counter(class_id for (class_id,) in rows)


async def class_attendance_rates(class_ids: Sequence[int]) -> dict[int, float | None]:
    """Per class: present (offline or online) records over all records; None before any."""
    rows = await UniversityAttendance.filter(session__university_class_id__in=list(class_ids)).values_list(
        "session__university_class_id", "status"
    )
    total: Counter[int] = Counter()
    present: Counter[int] = Counter()
    for class_id, status in rows:
        total[class_id] += 1
        present[class_id] += AttendanceStatus(status) in PRESENT_STATUSES
    return {cid: (present[cid] / total[cid] if total[cid] else None) for cid in class_ids}


async def enrolment_attendance_rates(enrolments: Sequence[UniversityEnrolment]) -> dict[int, float | None]:
    """Per enrolment: sessions attended (offline or online) over sessions held; None before any
    and while waitlisted."""
    held = await _held_sessions(sorted({e.university_class_id for e in enrolments}))
    rows = await UniversityAttendance.filter(
        enrolment_id__in=[e.id for e in enrolments], status__in=PRESENT_STATUSES, session__held_on__lte=today()
    ).values_list("enrolment_id", flat=False)
    attended = Counter(enrolment_id for (enrolment_id,) in rows)
    return {
        e.id: (
            attended[e.id] / held[e.university_class_id]
            if held[e.university_class_id] and e.status is not EnrolmentStatus.WAITLISTED
            else None
        )
        for e in enrolments
    }


@atomic()
async def complete_class(principal: Principal, class_id: int) -> list[UniversityEnrolment]:
    """Mark as COMPLETED every enrolled student whose attendance rate meets the
    ``completion_threshold`` setting; returns those completed now."""
    principal.require(ATTENDANCE)
    await managed_class(principal, class_id, "classId")
    row = await UniversityClass.filter(id=class_id).select_for_update().get()
    if not await UniversitySession.filter(university_class_id=row.id, held_on__lte=today()).exists():
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该班级还没有已上的课次", "classId")
    enrolled = await UniversityEnrolment.filter(university_class_id=row.id, status=EnrolmentStatus.ENROLLED)
    rates = await enrolment_attendance_rates(enrolled)
    threshold = current_settings().completion_threshold
    completed = [e for e in enrolled if (rates[e.id] or 0) >= threshold]
    for enrolment in completed:
        enrolment.status = EnrolmentStatus.COMPLETED
        await enrolment.save(update_fields=["status", "updated_at"])
    return completed
