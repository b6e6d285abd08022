"""Business rules of the elder university. Resolvers, the CLI, the demo loader and tests call these.

Writes that change who holds a place lock the class row first, so concurrent enrolments and
withdrawals of one class run one after another on PostgreSQL and never overbook it.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tortoise.transactions import atomic

from core.api import (
    Agency,
    ErrorCode,
    Principal,
    Retiree,
    ServiceError,
    check_lengths,
    check_version,
    enums,
    get_visible,
    plugin_settings,
    require_active_agency,
    require_text,
    save_versioned,
    today,
)
from plugins.university.errors import SESSIONS_OVERLAP
from plugins.university.models import (
    ACTIVE_STATUSES,
    PRESENT_STATUSES,
    Attendance,
    AttendanceStatus,
    Campus,
    CampusKind,
    ClassMode,
    Course,
    CourseCategory,
    Enrolment,
    EnrolmentStatus,
    Session,
    Term,
    UniversityClass,
)

if TYPE_CHECKING:
    from plugins.university import UniversitySettings

PLUGIN_NAME = "university"
WEEKDAY_LABELS = "一二三四五六日"


def settings() -> "UniversitySettings":
    from plugins.university import UniversitySettings

    return plugin_settings(PLUGIN_NAME, UniversitySettings)


def _perm(name: str) -> str:
    import plugins.university as plugin

    return getattr(plugin, name)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def _managed_class(principal: Principal, class_id: int, field: str) -> UniversityClass:
    row = await get_visible(UniversityClass, class_id, principal, field)
    campus = await Campus.get(id=row.campus_id)
    try:
        await get_visible(Agency, campus.agency_id, principal, field)
    except ServiceError:
        raise ServiceError(ErrorCode.NOT_FOUND, "记录不存在或不在可管理范围内", field) from None
    return row


# ---- catalogue -------------------------------------------------------------------------------


@atomic()
async def create_campus(principal: Principal, agency_id: int, name: str, kind: CampusKind, address: str = "") -> Campus:
    """A campus at an agency in the principal's subtree."""
    principal.require(_perm("MANAGE"))
    await require_active_agency(principal, agency_id, "agencyId")
    values = {"name": require_text(name, "name"), "address": address.strip()}
    check_lengths(Campus, values)
    return await Campus.create(agency_id=agency_id, kind=kind, **values)


def _holidays(term_start: dt.date, term_end: dt.date, holidays: Iterable[dt.date]) -> list[str]:
    days = sorted(set(holidays))
    for index, day in enumerate(days):
        if not term_start <= day <= term_end:
            raise ServiceError(ErrorCode.DATE_ORDER, f"停课日 {day} 不在学期内", f"holidays.{index}")
    return [day.isoformat() for day in days]


@atomic()
async def create_term(
    principal: Principal,
    agency_id: int,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    holidays: Sequence[dt.date] = (),
) -> Term:
    """A term organised by an agency in the principal's subtree; holidays lie within it."""
    principal.require(_perm("MANAGE"))
    await require_active_agency(principal, agency_id, "agencyId")
    if ends_on < starts_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "学期结束日期不能早于开始日期", "endsOn")
    values = {"name": require_text(name, "name")}
    check_lengths(Term, values)
    return await Term.create(
        agency_id=agency_id,
        starts_on=starts_on,
        ends_on=ends_on,
        holidays=_holidays(starts_on, ends_on, holidays),
        **values,
    )


@atomic()
async def update_term(principal: Principal, term_id: int, version: int, values: Mapping[str, Any]) -> Term:
    """Rename a term, move its dates or change its holidays (sessions already generated stay)."""
    principal.require(_perm("MANAGE"))
    term = await get_visible(Term, term_id, principal, "id")
    await require_active_agency(principal, term.agency_id, "id")
    term = await Term.filter(id=term_id).select_for_update().get()
    check_version(term, version)
    if values.get("name") is not None:
        term.name = require_text(values["name"], "name")
        check_lengths(Term, {"name": term.name})
    term.starts_on = values.get("starts_on") or term.starts_on
    term.ends_on = values.get("ends_on") or term.ends_on
    if term.ends_on < term.starts_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "学期结束日期不能早于开始日期", "endsOn")
    holidays = values.get("holidays")
    current = [dt.date.fromisoformat(day) for day in term.holidays]
    term.holidays = _holidays(term.starts_on, term.ends_on, current if holidays is None else holidays)
    await save_versioned(term)
    return term


@atomic()
async def create_course(
    principal: Principal, agency_id: int, name: str, category: CourseCategory, description: str = ""
) -> Course:
    """A course of the curriculum offered by an agency in the principal's subtree."""
    principal.require(_perm("MANAGE"))
    await require_active_agency(principal, agency_id, "agencyId")
    values = {"name": require_text(name, "name"), "description": description.strip()}
    check_lengths(Course, values)
    return await Course.create(agency_id=agency_id, category=category, **values)


@dataclass(frozen=True)
class Slot:
    """One weekly slot of a class: weekday 1 (Monday) to 7 (Sunday), times as HH:MM."""

    weekday: int
    start: str
    end: str

    def overlaps(self, other: "Slot") -> bool:
        return self.weekday == other.weekday and self.start < other.end and other.start < self.end

    def label(self) -> str:
        return f"星期{WEEKDAY_LABELS[self.weekday - 1]} {self.start}–{self.end}"


def _slot(given: Mapping[str, Any]) -> Slot:
    return Slot(int(given["weekday"]), given["start"], given["end"])


def slots_of(row: UniversityClass) -> list[Slot]:
    return [_slot(s) for s in row.schedule]


def _check_time(value: str, field: str) -> str:
    try:
        parsed = dt.time.fromisoformat(value)
    except ValueError:
        raise ServiceError(ErrorCode.INVALID_VALUE, "时间格式应为 HH:MM", field) from None
    return parsed.strftime("%H:%M")


def _schedule(slots: Sequence[Mapping[str, Any]]) -> list[Slot]:
    if not slots:
        raise ServiceError(ErrorCode.REQUIRED, "至少安排一个每周上课时段", "schedule")
    checked: list[Slot] = []
    for index, slot in enumerate(map(_slot, slots)):
        prefix = f"schedule.{index}."
        if not 1 <= slot.weekday <= 7:
            raise ServiceError(ErrorCode.INVALID_VALUE, "星期应为 1（周一）到 7（周日）", prefix + "weekday")
        start, end = _check_time(slot.start, prefix + "start"), _check_time(slot.end, prefix + "end")
        if end <= start:
            raise ServiceError(ErrorCode.DATE_ORDER, "下课时间应晚于上课时间", prefix + "end")
        current = Slot(slot.weekday, start, end)
        if any(current.overlaps(other) for other in checked):
            raise ServiceError(SESSIONS_OVERLAP, "同一班级的上课时段互相重叠", prefix + "start")
        checked.append(current)
    return sorted(checked, key=lambda s: (s.weekday, s.start))


def _check_class(row: UniversityClass, term: Term) -> None:
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


def _apply_schedule(row: UniversityClass, slots: Sequence[Mapping[str, Any]]) -> None:
    checked = _schedule(slots)
    row.schedule = [{"weekday": s.weekday, "start": s.start, "end": s.end} for s in checked]
    row.weekdays = "," + ",".join(sorted({str(s.weekday) for s in checked})) + ","


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
    principal.require(_perm("MANAGE"))
    unknown = set(values) - CLASS_FIELDS
    if unknown:
        raise TypeError(f"UniversityClass 不能经此设置 {sorted(unknown)}")
    course = await get_visible(Course, course_id, principal, "courseId")
    term = await get_visible(Term, term_id, principal, "termId")
    campus = await get_visible(Campus, campus_id, principal, "campusId")
    await require_active_agency(principal, campus.agency_id, "campusId")
    row = UniversityClass(course_id=course.id, term_id=term.id, campus_id=campus.id, **values)
    _apply_schedule(row, schedule)
    _check_class(row, term)
    await row.save()
    return row


@atomic()
async def update_class(
    principal: Principal,
    class_id: int,
    version: int,
    values: Mapping[str, Any],
    schedule: Sequence[Mapping[str, Any]] | None = None,
) -> UniversityClass:
    """Edit or publish a class. A larger capacity promotes waitlisted retirees at once; a
    capacity below the enrolled count is refused."""
    principal.require(_perm("MANAGE"))
    unknown = set(values) - CLASS_FIELDS
    if unknown:
        raise TypeError(f"UniversityClass 不能经此修改 {sorted(unknown)}")
    await _managed_class(principal, class_id, "id")
    row = await UniversityClass.filter(id=class_id).select_for_update().get()
    check_version(row, version)
    for name, value in values.items():
        if value is not None:
            setattr(row, name, value)
    if schedule is not None:
        _apply_schedule(row, schedule)
    term = await Term.get(id=row.term_id)
    _check_class(row, term)
    enrolled = await Enrolment.filter(university_class_id=row.id, status=EnrolmentStatus.ENROLLED).count()
    if row.capacity < enrolled:
        raise ServiceError(ErrorCode.INVALID_VALUE, f"容量不能少于已录取人数 {enrolled}", "capacity")
    await save_versioned(row)
    await _promote(row, row.capacity - enrolled)
    return row


# ---- enrolment -------------------------------------------------------------------------------


async def _promote(row: UniversityClass, places: int) -> list[Enrolment]:
    """Move the first ``places`` waitlisted (in order of application) to ENROLLED."""
    if places <= 0:
        return []
    waiting = (
        await Enrolment.filter(university_class_id=row.id, status=EnrolmentStatus.WAITLISTED)
        .order_by("applied_at", "id")
        .limit(places)
    )
    for enrolment in waiting:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_at = _now()
        await enrolment.save(update_fields=["status", "enrolled_at", "updated_at"])
    return waiting


async def _check_clash(retiree_id: int, row: UniversityClass, term: Term) -> None:
    mine = slots_of(row)
    others = await Enrolment.filter(
        retiree_id=retiree_id,
        status__in=ACTIVE_STATUSES,
        university_class__term__starts_on__lte=term.ends_on,
        university_class__term__ends_on__gte=term.starts_on,
    ).prefetch_related("university_class")
    for other in others:
        for slot in slots_of(other.university_class):
            if any(slot.overlaps(own) for own in mine):
                raise ServiceError(
                    ErrorCode.SCHEDULE_CONFLICT,
                    f"与已报名的“{other.university_class.name}”上课时间冲突（{slot.label()}）",
                    "classId",
                )


@atomic()
async def enrol(principal: Principal, class_id: int, retiree_id: int | None = None) -> Enrolment:
    """Enrol a retiree in a published class during its enrolment window.

    Staff (``university.enrol``) enrol a retiree in their scope; a retiree user
    (``university.self_enrol``) enrols themself (``retiree_id`` omitted or their own). With the
    class full the enrolment is WAITLISTED, in order of application. Refused: the same class
    twice, a clash with another active enrolment in an overlapping term, more than
    ``max_classes_per_term`` active enrolments in the term.
    """
    own = principal.retiree_id
    if own is not None and (retiree_id is None or retiree_id == own):
        principal.require(_perm("SELF_ENROL"))
        retiree_id = own
    else:
        principal.require(_perm("ENROL"))
        if retiree_id is None:
            raise ServiceError(ErrorCode.REQUIRED, "须指定报名的军休干部", "retireeId")
    retiree = await get_visible(Retiree, retiree_id, principal, "retireeId")
    if retiree.status is not enums.RetireeStatus.ACTIVE:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该军休干部已去世或已转出，不能报名", "retireeId")
    visible = await get_visible(UniversityClass, class_id, principal, "classId")
    # the lock: concurrent enrolments and withdrawals of this class queue here (PostgreSQL)
    row = await UniversityClass.filter(id=visible.id).select_for_update().get()
    if not row.published:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该班级尚未发布，不能报名", "classId")
    if not row.enrol_opens_on <= today() <= row.enrol_closes_on:
        raise ServiceError(
            ErrorCode.INVALID_TRANSITION,
            f"不在报名时间内（{row.enrol_opens_on} 至 {row.enrol_closes_on}）",
            "classId",
        )
    active = Enrolment.filter(retiree_id=retiree_id, status__in=ACTIVE_STATUSES)
    if await active.filter(university_class_id=row.id).exists():
        raise ServiceError(ErrorCode.DUPLICATE, "已报名该班级（含候补）", "classId")
    term = await Term.get(id=row.term_id)
    limit = settings().max_classes_per_term
    if await active.filter(university_class__term_id=term.id).count() >= limit:
        raise ServiceError(ErrorCode.LIMIT_REACHED, f"每学期最多报名 {limit} 个班级（含候补）", "classId")
    await _check_clash(retiree_id, row, term)
    enrolled = await Enrolment.filter(university_class_id=row.id, status=EnrolmentStatus.ENROLLED).count()
    has_place = enrolled < row.capacity
    return await Enrolment.create(
        university_class_id=row.id,
        retiree_id=retiree_id,
        status=EnrolmentStatus.ENROLLED if has_place else EnrolmentStatus.WAITLISTED,
        enrolled_at=_now() if has_place else None,
        self_enrolled=principal.retiree_id == retiree_id,
    )


async def _withdraw_locked(enrolment: Enrolment, reason: str) -> list[Enrolment]:
    row = await UniversityClass.filter(id=enrolment.university_class_id).select_for_update().get()
    enrolment = await Enrolment.get(id=enrolment.id)
    if enrolment.status not in ACTIVE_STATUSES:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该报名已退课或已结业", "id")
    held_place = enrolment.status is EnrolmentStatus.ENROLLED
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_at = _now()
    enrolment.withdraw_reason = reason
    await enrolment.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    return await _promote(row, 1) if held_place else []


@atomic()
async def withdraw(principal: Principal, enrolment_id: int, reason: str = "") -> Enrolment:
    """Withdraw an enrolment (staff, or the retiree their own); a freed place goes to the
    first waitlisted of the class in the same transaction."""
    enrolment = await get_visible(Enrolment, enrolment_id, principal, "enrolmentId")
    if principal.retiree_id is not None and enrolment.retiree_id == principal.retiree_id:
        principal.require(_perm("SELF_ENROL"))
    else:
        principal.require(_perm("ENROL"))
    check_lengths(Enrolment, {"withdraw_reason": reason.strip()}, "")
    await _withdraw_locked(enrolment, reason.strip() or ("本人退课" if principal.retiree_id else "工作人员办理退课"))
    return await Enrolment.get(id=enrolment_id)


async def withdraw_all(retiree_id: int, reason: str) -> int:
    """Withdraw every active enrolment of a retiree (death, transfer); runs in the caller's
    transaction and promotes the waitlists. Returns how many were withdrawn."""
    enrolments = await Enrolment.filter(retiree_id=retiree_id, status__in=ACTIVE_STATUSES).order_by("id")
    for enrolment in enrolments:
        await _withdraw_locked(enrolment, reason)
    return len(enrolments)


async def move_agency_records(source_id: int, target_id: int) -> None:
    """After an agency merge its campuses, terms and courses belong to the target."""
    for model in (Campus, Term, Course):
        await model.filter(agency_id=source_id).update(agency_id=target_id)


# ---- sessions and attendance ----------------------------------------------------------------


@atomic()
async def generate_sessions(principal: Principal, class_id: int) -> list[Session]:
    """Create the sessions of a class for every date of its term that matches a schedule slot,
    skipping the term's holidays; sessions that exist already are kept (idempotent)."""
    principal.require(_perm("MANAGE"))
    await _managed_class(principal, class_id, "classId")
    row = await UniversityClass.filter(id=class_id).select_for_update().get()
    term = await Term.get(id=row.term_id)
    holidays = {dt.date.fromisoformat(day) for day in term.holidays}
    existing = {(s.held_on, s.starts_at) for s in await Session.filter(university_class_id=row.id)}
    created = []
    day = term.starts_on
    while day <= term.ends_on:
        if day not in holidays:
            for slot in slots_of(row):
                if slot.weekday == day.isoweekday() and (day, slot.start) not in existing:
                    created.append(
                        Session(university_class_id=row.id, held_on=day, starts_at=slot.start, ends_at=slot.end)
                    )
        day += dt.timedelta(days=1)
    if created:
        await Session.bulk_create(created)
    return await Session.filter(university_class_id=row.id).order_by("held_on", "starts_at")


@atomic()
async def record_attendance(
    principal: Principal, session_id: int, entries: Sequence[Mapping[str, Any]]
) -> Session:
    """Record (or correct) attendance at a session for enrolments of its class: each entry has
    ``enrolment_id``, ``status`` and, optionally, ``reason``. A leave needs a reason; online
    attendance (ONLINE) counts as present."""
    principal.require(_perm("ATTENDANCE"))
    session = await get_visible(Session, session_id, principal, "sessionId")
    await _managed_class(principal, session.university_class_id, "sessionId")
    if session.held_on > today():
        raise ServiceError(ErrorCode.DATE_ORDER, "课次尚未开始，不能记录考勤", "sessionId")
    for index, entry in enumerate(entries):
        prefix = f"entries.{index}."
        status = entry["status"]
        enrolment = await Enrolment.get_or_none(
            id=entry["enrolment_id"], university_class_id=session.university_class_id
        )
        if enrolment is None or enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED):
            raise ServiceError(ErrorCode.NOT_FOUND, "不是本班已录取的学员", prefix + "enrolmentId")
        reason = entry.get("reason", "").strip()
        if status is AttendanceStatus.LEAVE and not reason:
            raise ServiceError(ErrorCode.REQUIRED, "请假须填写原因", prefix + "reason")
        check_lengths(Attendance, {"reason": reason}, prefix)
        current = await Attendance.get_or_none(session_id=session.id, enrolment_id=enrolment.id)
        if current is None:
            await Attendance.create(
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


# ---- reports ---------------------------------------------------------------------------------


async def held_sessions(class_ids: Sequence[int]) -> Counter[int]:
    """How many sessions of each class have taken place (up to today)."""
    rows = await Session.filter(university_class_id__in=list(class_ids), held_on__lte=today()).values_list(
        "university_class_id", flat=False
    )
    return Counter(class_id for (class_id,) in rows)


async def class_attendance_rates(class_ids: Sequence[int]) -> dict[int, float | None]:
    """Per class: present (offline or online) records over all records; None before any."""
    rows = await Attendance.filter(session__university_class_id__in=list(class_ids)).values_list(
        "session__university_class_id", "status"
    )
    total: Counter[int] = Counter()
    present: Counter[int] = Counter()
    for class_id, status in rows:
        total[class_id] += 1
        present[class_id] += AttendanceStatus(status) in PRESENT_STATUSES
    return {cid: (present[cid] / total[cid] if total[cid] else None) for cid in class_ids}


async def enrolment_attendance_rates(enrolments: Sequence[Enrolment]) -> dict[int, float | None]:
    """Per enrolment: sessions attended (offline or online) over sessions held; None before any
    and while waitlisted."""
    held = await held_sessions(sorted({e.university_class_id for e in enrolments}))
    rows = await Attendance.filter(
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


async def class_counts(class_ids: Sequence[int]) -> dict[int, Counter[EnrolmentStatus]]:
    rows = await Enrolment.filter(university_class_id__in=list(class_ids)).values_list("university_class_id", "status")
    counts: dict[int, Counter[EnrolmentStatus]] = defaultdict(Counter)
    for class_id, status in rows:
        counts[class_id][EnrolmentStatus(status)] += 1
    return {cid: counts[cid] for cid in class_ids}


@atomic()
async def complete_class(principal: Principal, class_id: int) -> list[Enrolment]:
    """Mark as COMPLETED every enrolled student whose attendance rate meets the
    ``completion_threshold`` setting; returns those completed now."""
    principal.require(_perm("ATTENDANCE"))
    await _managed_class(principal, class_id, "classId")
    row = await UniversityClass.filter(id=class_id).select_for_update().get()
    if not await Session.filter(university_class_id=row.id, held_on__lte=today()).exists():
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该班级还没有已上的课次", "classId")
    enrolled = await Enrolment.filter(university_class_id=row.id, status=EnrolmentStatus.ENROLLED)
    rates = await enrolment_attendance_rates(enrolled)
    threshold = settings().completion_threshold
    completed = [e for e in enrolled if (rates[e.id] or 0) >= threshold]
    for enrolment in completed:
        enrolment.status = EnrolmentStatus.COMPLETED
        await enrolment.save(update_fields=["status", "updated_at"])
    return completed


@dataclass(frozen=True)
class CourseDemand:
    course: Course
    classes: int
    capacity: int
    enrolled: int
    waitlisted: int


async def course_demand(principal: Principal, term_id: int) -> list[CourseDemand]:
    """Per course of a term: published classes, places, enrolled and waitlist length (the
    demand a next term should meet), most waitlisted first. Counts only, no personal data."""
    from core.api import scoped

    term = await get_visible(Term, term_id, principal, "termId")
    classes = await scoped(UniversityClass, principal).filter(term_id=term.id)
    counts = await class_counts([c.id for c in classes])
    by_course: dict[int, list[UniversityClass]] = defaultdict(list)
    for row in classes:
        by_course[row.course_id].append(row)
    courses = {c.id: c for c in await Course.filter(id__in=list(by_course))}
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
        await Enrolment.filter(
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
