"""Reports without writes: enrolment counts per class, the demand for each course of a term,
and a class roster for the CLI export."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from core.api import ErrorCode, Principal, ServiceError, enums, get_visible, scoped
from plugins.university.models import (
    EnrolmentStatus,
    UniversityClass,
    UniversityCourse,
    UniversityEnrolment,
    UniversityTerm,
)
from plugins.university.services.attendance import enrolment_attendance_rates


async def class_counts(class_ids: Sequence[int]) -> dict[int, Counter[EnrolmentStatus]]:
    """Per class: how many enrolments it has in each status."""
    rows = await UniversityEnrolment.filter(university_class_id__in=list(class_ids)).values_list(
        "university_class_id", "status"
    )
    counts: dict[int, Counter[EnrolmentStatus]] = defaultdict(Counter)
    for class_id, status in rows:
        counts[class_id][EnrolmentStatus(status)] += 1
    return {cid: counts[cid] for cid in class_ids}


@dataclass(frozen=True)
class CourseDemand:
    course: UniversityCourse
    classes: int
    capacity: int
    enrolled: int
    waitlisted: int


async def course_demand(principal: Principal, term_id: int) -> list[CourseDemand]:
    """Per course of a term: published classes, places, enrolled and waitlist length (the
    demand a next term should meet), most waitlisted first. Counts only, no personal data."""
    term = await get_visible(UniversityTerm, term_id, principal, "termId")
    classes = await scoped(UniversityClass, principal).filter(term_id=term.id)
    counts = await class_counts([c.id for c in classes])
    by_course: dict[int, list[UniversityClass]] = defaultdict(list)
    for row in classes:
        by_course[row.course_id].append(row)
    courses = {c.id: c for c in await UniversityCourse.filter(id__in=list(by_course))}
    result = [
        CourseDemand(
            course=courses[course_id],
            classes=len(rows),
            capacity=sum(r.capacity for r in rows),
            enrolled=sum(
                counts[r.id][EnrolmentStatus.ENROLLED] + counts[r.id][EnrolmentStatus.COMPLETED] for r in rows
            ),
            waitlisted=sum(counts[r.id][EnrolmentStatus.WAITLISTED] for r in rows),
        )
        for course_id, rows in by_course.items()
    ]
    return sorted(result, key=lambda d: (-d.waitlisted, d.course.name))


@dataclass(frozen=True)
class RosterLine:
    number: int
    name: str
    gender: str
    agency: str
    status: str
    attendance_rate: float | None


async def roster(class_id: int) -> tuple[UniversityClass, list[RosterLine]]:
    """The class roster (enrolled and completed, then waitlisted in order) for the CLI export."""
    row = await UniversityClass.get_or_none(id=class_id)
    if row is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "班级不存在", "classId")
    enrolments = (
        await UniversityEnrolment.filter(
            university_class_id=row.id,
            status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.WAITLISTED),
        )
        .prefetch_related("retiree__agency")
        .order_by("applied_at", "id")
    )
    order = {EnrolmentStatus.ENROLLED: 0, EnrolmentStatus.COMPLETED: 0, EnrolmentStatus.WAITLISTED: 1}
    enrolments.sort(key=lambda e: order[e.status])
    rates = await enrolment_attendance_rates(enrolments)
    labels = {
        EnrolmentStatus.ENROLLED: "已录取",
        EnrolmentStatus.COMPLETED: "已结业",
        EnrolmentStatus.WAITLISTED: "候补",
    }
    lines = [
        RosterLine(
            number=index,
            name=e.retiree.name,
            gender="男" if e.retiree.gender is enums.Gender.MALE else "女",
            agency=e.retiree.agency.name,
            status=labels[e.status],
            attendance_rate=rates[e.id],
        )
        for index, e in enumerate(enrolments, start=1)
    ]
    return row, lines
