"""GraphQL of the elder university: ``University*`` types, the public catalogue
(``universityClasses`` with filters), enrolment, sessions and attendance, reports, and the
``Retiree.universityEnrolments`` extension. Resolvers only translate; rules live in ``services``."""

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from core.api import (
    DEFAULT_PAGE_SIZE,
    AgencyRef,
    Connection,
    ModelNode,
    RetireeRef,
    ServiceError,
    decode_id,
    loaded_field,
    mutation,
    paginate,
    payload,
    payload_of,
    refers,
    scoped,
    today,
)
from plugins.university import models, services
from plugins.university.loaders import (
    ATTENDANCE_BY_SESSION,
    CAMPUS,
    CLASS,
    CLASS_COUNTS,
    CLASS_RATES,
    COURSE,
    ENROLMENT,
    ENROLMENT_RATES,
    ENROLMENTS_BY_CLASS,
    ENROLMENTS_BY_RETIREE,
    SESSION,
    SESSIONS_BY_CLASS,
    TERM,
    WAITLIST_POSITIONS,
)
from plugins.university.models import (
    AttendanceStatus,
    CampusKind,
    ClassMode,
    CourseCategory,
    EnrolmentStatus,
)
from plugins.university.permissions import ATTENDANCE, ENROL, MANAGE, SELF_ENROL


def _load(info: Info, name: str, key: Any) -> Any:
    return info.context.loader(name).load(key)


# ---- types -----------------------------------------------------------------------------------


@strawberry.type(description="老年大学校区：总校、设在军休机构的分校或教学点")
class UniversityCampus(ModelNode):
    __model__ = models.UniversityCampus

    name: str = strawberry.field(description="校区名称")
    kind: CampusKind = strawberry.field(description="校区类型")
    address: str = strawberry.field(description="地址")
    version: int = strawberry.field(description="乐观锁版本号")

    agency: AgencyRef | None = loaded_field("core.agency", "agency_id", "所在（承办）机构；不在可见范围时为空")


@strawberry.type(description="学期")
class UniversityTerm(ModelNode):
    __model__ = models.UniversityTerm

    name: str = strawberry.field(description="学期名称，如“2026年春季学期”")
    starts_on: dt.date = strawberry.field(description="开始日期")
    ends_on: dt.date = strawberry.field(description="结束日期")
    version: int = strawberry.field(description="乐观锁版本号：修改时原样提交")

    @strawberry.field(description="停课日（节假日等，生成课次时跳过）")
    def holidays(self) -> list[dt.date]:
        return [dt.date.fromisoformat(day) for day in self.holidays]  # type: ignore[attr-defined]

    agency: AgencyRef | None = loaded_field("core.agency", "agency_id", "主办机构；不在可见范围时为空")


@strawberry.type(description="课程")
class UniversityCourse(ModelNode):
    __model__ = models.UniversityCourse

    name: str = strawberry.field(description="课程名称")
    category: CourseCategory = strawberry.field(description="课程类别")
    description: str = strawberry.field(description="课程简介")
    version: int = strawberry.field(description="乐观锁版本号")


@strawberry.type(description="每周上课时段")
class UniversityScheduleSlot:
    weekday: int = strawberry.field(description="星期：1 为周一，7 为周日")
    start: str = strawberry.field(description="上课时间 HH:MM")
    end: str = strawberry.field(description="下课时间 HH:MM")

    @strawberry.field(description="中文说明，如“星期一 09:00–10:30”")
    def label(self) -> str:
        return services.Slot(self.weekday, self.start, self.end).label()


@strawberry.type(description="教学班：某学期在某校区开设的一门课程，线下、线上或线上线下同步")
class UniversityClass(ModelNode):
    __model__ = models.UniversityClass

    name: str = strawberry.field(description="班级名称")
    teacher: str = strawberry.field(description="任课教师")
    mode: ClassMode = strawberry.field(description="授课方式")
    venue: str = strawberry.field(description="上课地点（线下、同步授课）")
    online_link: str = strawberry.field(description="线上课堂链接（线上、同步授课）")
    capacity: int = strawberry.field(description="容量（录取人数上限）")
    enrol_opens_on: dt.date = strawberry.field(description="报名开始日期")
    enrol_closes_on: dt.date = strawberry.field(description="报名截止日期")
    published: bool = strawberry.field(description="是否已发布到课程目录（未发布的仅管理方可见）")
    version: int = strawberry.field(description="乐观锁版本号：修改时原样提交")

    @strawberry.field(description="每周上课时段")
    def schedule(self) -> list[UniversityScheduleSlot]:
        return [UniversityScheduleSlot(weekday=s.weekday, start=s.start, end=s.end) for s in services.slots_of(self)]  # type: ignore[arg-type]

    @strawberry.field(description="今天是否在报名时间内")
    def enrolment_open(self) -> bool:
        return self.enrol_opens_on <= today() <= self.enrol_closes_on  # type: ignore[attr-defined]

    course: UniversityCourse | None = loaded_field(COURSE, "course_id", "课程")

    term: UniversityTerm | None = loaded_field(TERM, "term_id", "学期")

    campus: UniversityCampus | None = loaded_field(CAMPUS, "campus_id", "校区")

    @strawberry.field(description="已录取人数（含已结业）")
    async def enrolled_count(self, info: Info) -> int:
        counts = await _load(info, CLASS_COUNTS, self.id)  # type: ignore[attr-defined]
        return counts[EnrolmentStatus.ENROLLED] + counts[EnrolmentStatus.COMPLETED]

    @strawberry.field(description="候补人数")
    async def waitlist_count(self, info: Info) -> int:
        return (await _load(info, CLASS_COUNTS, self.id))[EnrolmentStatus.WAITLISTED]  # type: ignore[attr-defined]

    @strawberry.field(description="剩余名额")
    async def places_left(self, info: Info) -> int:
        counts = await _load(info, CLASS_COUNTS, self.id)  # type: ignore[attr-defined]
        taken = counts[EnrolmentStatus.ENROLLED] + counts[EnrolmentStatus.COMPLETED]
        return max(0, self.capacity - taken)  # type: ignore[attr-defined]

    attendance_rate: float | None = loaded_field(
        CLASS_RATES, "id", "出勤率（到课与线上听课占全部考勤记录的比例，0–1）；尚无考勤时为空"
    )

    sessions: list["UniversitySession"] = loaded_field(SESSIONS_BY_CLASS, "id", "课次（按日期）")

    enrolments: list["UniversityEnrolment"] = loaded_field(
        ENROLMENTS_BY_CLASS, "id", "报名记录（花名册；只含可见范围内的学员）"
    )


@strawberry.type(description="报名记录：一名军休干部在一个班级的录取、候补、退课或结业")
class UniversityEnrolment(ModelNode):
    __model__ = models.UniversityEnrolment

    status: EnrolmentStatus = strawberry.field(description="报名状态")
    self_enrolled: bool = strawberry.field(description="是否本人报名")
    applied_at: dt.datetime = strawberry.field(description="报名时间（候补按此先后递补）")
    enrolled_at: dt.datetime | None = strawberry.field(description="录取时间")
    withdrawn_at: dt.datetime | None = strawberry.field(description="退课时间")
    withdraw_reason: str = strawberry.field(description="退课原因")

    retiree: RetireeRef | None = loaded_field("core.retiree", "retiree_id", "报名的军休干部；不在可见范围时为空")

    university_class: UniversityClass | None = loaded_field(CLASS, "university_class_id", "班级")

    waitlist_position: int | None = loaded_field(WAITLIST_POSITIONS, "id", "候补顺位（1 为下一个递补）；非候补时为空")

    attendance_rate: float | None = loaded_field(
        ENROLMENT_RATES, "id", "本人出勤率（已上课次中到课或线上听课的比例，0–1）；尚未上课时为空"
    )


@strawberry.type(description="课次：班级按每周时段在学期内的一次上课")
class UniversitySession(ModelNode):
    __model__ = models.UniversitySession

    held_on: dt.date = strawberry.field(description="上课日期")
    starts_at: str = strawberry.field(description="上课时间 HH:MM")
    ends_at: str = strawberry.field(description="下课时间 HH:MM")
    topic: str = strawberry.field(description="本次课内容")

    university_class: UniversityClass | None = loaded_field(CLASS, "university_class_id", "班级")

    attendance: list["UniversityAttendance"] = loaded_field(
        ATTENDANCE_BY_SESSION, "id", "本课次的考勤（只含可见范围内的学员）"
    )


@strawberry.type(description="一名学员在一个课次的考勤")
class UniversityAttendance(ModelNode):
    __model__ = models.UniversityAttendance

    status: AttendanceStatus = strawberry.field(description="出勤情况")
    reason: str = strawberry.field(description="请假或缺课原因")
    recorded_at: dt.datetime = strawberry.field(description="记录时间")

    session: UniversitySession | None = loaded_field(SESSION, "session_id", "课次")

    enrolment: UniversityEnrolment | None = loaded_field(ENROLMENT, "enrolment_id", "报名记录")


@strawberry.type(description="某学期一门课程的需求：开班数、名额、录取与候补人数（不含个人信息）")
class UniversityCourseDemand:
    course: UniversityCourse = strawberry.field(description="课程")
    classes: int = strawberry.field(description="已发布（或可管理）的班级数")
    capacity: int = strawberry.field(description="名额合计")
    enrolled: int = strawberry.field(description="已录取人数")
    waitlisted: int = strawberry.field(description="候补人数（未满足的需求）")


@strawberry.type(description="军休干部的老年大学字段（由 university 插件添加）")
class RetireeUniversityExtension:
    university_enrolments: list[UniversityEnrolment] = loaded_field(
        ENROLMENTS_BY_RETIREE, "id", "该军休干部在老年大学的报名记录（按报名时间）"
    )


# ---- queries ---------------------------------------------------------------------------------


@strawberry.input(description="校区筛选条件（各条件同时满足）")
class UniversityCampusFilter:
    agency_id: strawberry.ID | None = strawberry.field(default=None, description="所在（承办）机构")
    kind: CampusKind | None = strawberry.field(default=None, description="校区类型")


@strawberry.input(description="学期筛选条件（各条件同时满足）")
class UniversityTermFilter:
    agency_id: strawberry.ID | None = strawberry.field(default=None, description="主办机构")
    active_on: dt.date | None = strawberry.field(default=None, description="包含该日期的学期（传今天即本学期）")


@strawberry.input(description="课程筛选条件（各条件同时满足）")
class UniversityCourseFilter:
    category: CourseCategory | None = strawberry.field(default=None, description="课程类别")
    agency_id: strawberry.ID | None = strawberry.field(default=None, description="开课机构")


@strawberry.input(description="课程目录筛选条件（各条件同时满足）")
class UniversityClassFilter:
    term_id: strawberry.ID | None = strawberry.field(default=None, description="学期")
    course_id: strawberry.ID | None = strawberry.field(default=None, description="课程")
    category: CourseCategory | None = strawberry.field(default=None, description="课程类别")
    mode: ClassMode | None = strawberry.field(default=None, description="授课方式")
    campus_id: strawberry.ID | None = strawberry.field(default=None, description="校区")
    day_of_week: int | None = strawberry.field(default=None, description="在星期几上课（1 为周一，7 为周日）")
    has_places: bool | None = strawberry.field(default=None, description="true 只看尚有名额的，false 只看已满的")
    published: bool | None = strawberry.field(default=None, description="true 只看已发布的（门户目录页应传 true）")
    search: str | None = strawberry.field(default=None, description="班级名称包含的文字")


@strawberry.input(description="报名记录筛选条件（各条件同时满足）")
class UniversityEnrolmentFilter:
    class_id: strawberry.ID | None = strawberry.field(default=None, description="班级")
    term_id: strawberry.ID | None = strawberry.field(default=None, description="学期")
    status: EnrolmentStatus | None = strawberry.field(default=None, description="报名状态")


@strawberry.input(description="课次筛选条件（各条件同时满足）")
class UniversitySessionFilter:
    class_id: strawberry.ID | None = strawberry.field(default=None, description="班级")
    held_from: dt.date | None = strawberry.field(default=None, description="上课日期不早于")
    held_to: dt.date | None = strawberry.field(default=None, description="上课日期不晚于")


#: how a filter's fields narrow a queryset: field → (the node type of the global ID it holds,
#: or None for a plain value; the lookups the value must meet)
Lookups = Mapping[str, tuple[str | None, tuple[str, ...]]]
CAMPUS_LOOKUPS: Lookups = {"agency_id": ("Agency", ("agency_id",)), "kind": (None, ("kind",))}
TERM_LOOKUPS: Lookups = {
    "agency_id": ("Agency", ("agency_id",)),
    "active_on": (None, ("starts_on__lte", "ends_on__gte")),
}
COURSE_LOOKUPS: Lookups = {"category": (None, ("category",)), "agency_id": ("Agency", ("agency_id",))}
ENROLMENT_LOOKUPS: Lookups = {
    "class_id": ("UniversityClass", ("university_class_id",)),
    "term_id": ("UniversityTerm", ("university_class__term_id",)),
    "status": (None, ("status",)),
}
SESSION_LOOKUPS: Lookups = {
    "class_id": ("UniversityClass", ("university_class_id",)),
    "held_from": (None, ("held_on__gte",)),
    "held_to": (None, ("held_on__lte",)),
}
#: why a loose argument is deprecated: it moved into the connection's filter
MOVED = "请改用 filter.{}；将在 0.3 删除"


def _given(filter: Any, **deprecated: Any) -> dict[str, Any]:
    """The conditions a filter sets, over those the deprecated loose arguments (still honoured) set."""
    given = {name: value for name, value in deprecated.items() if value is not None}
    if filter is not None:
        given.update((name, value) for name, value in vars(filter).items() if value is not None)
    return given


def _narrowed(queryset: Any, given: Mapping[str, Any], lookups: Lookups) -> Any:
    """The queryset narrowed by each given condition; a malformed global ID matches nothing."""
    for name, value in given.items():
        node_type, names = lookups[name]
        try:
            key = decode_id(value, node_type, name) if node_type else value
        except ServiceError:
            return queryset.filter(id__isnull=True)
        queryset = queryset.filter(**dict.fromkeys(names, key))
    return queryset


async def _class_queryset(info: Info, where: UniversityClassFilter | None) -> Any:
    queryset = scoped(models.UniversityClass, info.context.principal)
    if not info.context.principal.can(MANAGE):
        # drafts in a reader's subtree stay reachable by id, but the catalogue lists what is on offer
        queryset = queryset.filter(published=True)
    if where is None:
        return queryset.order_by("id")
    if where.term_id is not None:
        queryset = queryset.filter(term_id=decode_id(where.term_id, "UniversityTerm", "termId"))
    if where.course_id is not None:
        queryset = queryset.filter(course_id=decode_id(where.course_id, "UniversityCourse", "courseId"))
    if where.campus_id is not None:
        queryset = queryset.filter(campus_id=decode_id(where.campus_id, "UniversityCampus", "campusId"))
    if where.category is not None:
        queryset = queryset.filter(course__category=where.category)
    if where.mode is not None:
        queryset = queryset.filter(mode=where.mode)
    if where.day_of_week is not None:
        queryset = queryset.filter(weekdays__contains=f",{where.day_of_week},")
    if where.published is not None:
        queryset = queryset.filter(published=where.published)
    if where.search:
        queryset = queryset.filter(name__icontains=where.search.strip())
    if where.has_places is not None:
        rows = await queryset.values_list("id", "capacity")
        counts = await services.class_counts([pk for pk, _ in rows])
        with_places = [
            pk
            for pk, capacity in rows
            if counts[pk][EnrolmentStatus.ENROLLED] + counts[pk][EnrolmentStatus.COMPLETED] < capacity
        ]
        chosen = with_places if where.has_places else sorted({pk for pk, _ in rows} - set(with_places))
        queryset = models.UniversityClass.filter(id__in=chosen)
    return queryset.order_by("id")


@strawberry.type
class UniversityQuery:
    @strawberry.field(description="老年大学校区")
    async def university_campuses(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: UniversityCampusFilter | None = None,
    ) -> Connection[UniversityCampus]:
        queryset = _narrowed(scoped(models.UniversityCampus, info.context.principal), _given(filter), CAMPUS_LOOKUPS)
        return await paginate(queryset.order_by("id"), first, after, info)

    @strawberry.field(description="学期（最近开始的在前）")
    async def university_terms(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: UniversityTermFilter | None = None,
    ) -> Connection[UniversityTerm]:
        queryset = _narrowed(scoped(models.UniversityTerm, info.context.principal), _given(filter), TERM_LOOKUPS)
        return await paginate(queryset.order_by("-starts_on", "id"), first, after, info)

    @strawberry.field(description="课程（按类别、名称）")
    async def university_courses(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: UniversityCourseFilter | None = None,
        category: Annotated[
            CourseCategory | None,
            strawberry.argument(description="只看该类别", deprecation_reason=MOVED.format("category")),
        ] = None,
    ) -> Connection[UniversityCourse]:
        given = _given(filter, category=category)
        queryset = _narrowed(scoped(models.UniversityCourse, info.context.principal), given, COURSE_LOOKUPS)
        return await paginate(queryset.order_by("category", "name", "id"), first, after, info)

    @strawberry.field(description="课程目录：班级列表（已发布的对所有有权限者公开；未发布的仅管理方可见）")
    async def university_classes(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: UniversityClassFilter | None = None,
    ) -> Connection[UniversityClass]:
        try:
            queryset = await _class_queryset(info, filter)
        except ServiceError:
            queryset = scoped(models.UniversityClass, info.context.principal).filter(id__isnull=True)
        return await paginate(queryset, first, after, info)

    @strawberry.field(description="按 ID 取一个班级；不存在或不可见时为空")
    async def university_class(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="班级 ID")]
    ) -> UniversityClass | None:
        try:
            pk = decode_id(id, "UniversityClass", "id")
        except ServiceError:
            return None
        return await scoped(models.UniversityClass, info.context.principal).get_or_none(id=pk)

    @strawberry.field(description="报名记录（可见范围内；军休干部本人只看到自己的，即“我的课程”）")
    async def university_enrolments(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: UniversityEnrolmentFilter | None = None,
    ) -> Connection[UniversityEnrolment]:
        queryset = scoped(models.UniversityEnrolment, info.context.principal)
        queryset = _narrowed(queryset, _given(filter), ENROLMENT_LOOKUPS)
        return await paginate(queryset.order_by("applied_at", "id"), first, after, info)

    @strawberry.field(description="课次（按日期）")
    async def university_sessions(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: UniversitySessionFilter | None = None,
        class_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="只看该班级的", deprecation_reason=MOVED.format("classId")),
        ] = None,
        held_from: Annotated[
            dt.date | None,
            strawberry.argument(description="上课日期不早于", deprecation_reason=MOVED.format("heldFrom")),
        ] = None,
        held_to: Annotated[
            dt.date | None,
            strawberry.argument(description="上课日期不晚于", deprecation_reason=MOVED.format("heldTo")),
        ] = None,
    ) -> Connection[UniversitySession]:
        given = _given(filter, class_id=class_id, held_from=held_from, held_to=held_to)
        queryset = _narrowed(scoped(models.UniversitySession, info.context.principal), given, SESSION_LOOKUPS)
        return await paginate(queryset.order_by("held_on", "starts_at", "id"), first, after, info)

    @strawberry.field(description="某学期各课程的需求（候补多的在前），供下学期增开班级参考")
    async def university_course_demand(
        self, info: Info, term_id: Annotated[strawberry.ID, strawberry.argument(description="学期 ID")]
    ) -> list[UniversityCourseDemand]:
        try:
            rows = await services.course_demand(info.context.principal, decode_id(term_id, "UniversityTerm", "termId"))
        except ServiceError:
            return []
        return [
            UniversityCourseDemand(
                course=row.course,
                classes=row.classes,
                capacity=row.capacity,  # type: ignore[arg-type]
                enrolled=row.enrolled,
                waitlisted=row.waitlisted,
            )
            for row in rows
        ]


# ---- mutations -------------------------------------------------------------------------------


@strawberry.input(description="新建校区")
class CreateUniversityCampusInput:
    agency_id: strawberry.ID = refers("Agency", "所在（承办）机构，须在本人范围内")
    name: str = strawberry.field(description="校区名称，最长 100 字")
    kind: CampusKind = strawberry.field(description="校区类型")
    address: str = strawberry.field(default="", description="地址，最长 200 字")


@strawberry.input(description="新建学期")
class CreateUniversityTermInput:
    agency_id: strawberry.ID = refers("Agency", "主办机构，须在本人范围内")
    name: str = strawberry.field(description="学期名称，最长 100 字")
    starts_on: dt.date = strawberry.field(description="开始日期")
    ends_on: dt.date = strawberry.field(description="结束日期")
    holidays: list[dt.date] = strawberry.field(default_factory=list, description="停课日，须在学期内")


@strawberry.input(description="修改学期（省略的字段不变）")
class UpdateUniversityTermInput:
    id: strawberry.ID = refers("UniversityTerm", "学期 ID", to="term_id")
    version: int = strawberry.field(description="读取时的版本号")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="学期名称")
    starts_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="开始日期")
    ends_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="结束日期")
    holidays: list[dt.date] | None = strawberry.field(
        default=strawberry.UNSET, description="停课日（整体替换；null 清空）"
    )


@strawberry.input(description="新建课程")
class CreateUniversityCourseInput:
    agency_id: strawberry.ID = refers("Agency", "开课机构，须在本人范围内")
    name: str = strawberry.field(description="课程名称，最长 100 字")
    category: CourseCategory = strawberry.field(description="课程类别")
    description: str = strawberry.field(default="", description="课程简介")


@strawberry.input(description="每周上课时段")
class UniversityScheduleSlotInput:
    weekday: int = strawberry.field(description="星期：1 为周一，7 为周日")
    start: str = strawberry.field(description="上课时间 HH:MM")
    end: str = strawberry.field(description="下课时间 HH:MM")


@strawberry.input(description="新建教学班")
class CreateUniversityClassInput:
    course_id: strawberry.ID = refers("UniversityCourse", "课程")
    term_id: strawberry.ID = refers("UniversityTerm", "学期")
    campus_id: strawberry.ID = refers("UniversityCampus", "校区，须由本人范围内的机构承办")
    name: str = strawberry.field(description="班级名称，最长 100 字")
    mode: ClassMode = strawberry.field(description="授课方式")
    capacity: int = strawberry.field(description="容量（录取人数上限）")
    enrol_opens_on: dt.date = strawberry.field(description="报名开始日期")
    enrol_closes_on: dt.date = strawberry.field(description="报名截止日期（不晚于学期结束）")
    schedule: list[UniversityScheduleSlotInput] = strawberry.field(description="每周上课时段，至少一个")
    teacher: str = strawberry.field(default="", description="任课教师")
    venue: str = strawberry.field(default="", description="上课地点（线下、同步授课必填）")
    online_link: str = strawberry.field(default="", description="线上课堂链接（线上、同步授课必填）")
    published: bool = strawberry.field(default=False, description="是否立即发布到课程目录")


@strawberry.input(description="修改或发布教学班（省略的字段不变）")
class UpdateUniversityClassInput:
    id: strawberry.ID = refers("UniversityClass", "班级 ID", to="class_id")
    version: int = strawberry.field(description="读取时的版本号")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="班级名称")
    mode: ClassMode | None = strawberry.field(default=strawberry.UNSET, description="授课方式")
    capacity: int | None = strawberry.field(default=strawberry.UNSET, description="容量；增加时候补学员按顺序递补")
    enrol_opens_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="报名开始日期")
    enrol_closes_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="报名截止日期")
    schedule: list[UniversityScheduleSlotInput] | None = strawberry.field(
        default=strawberry.UNSET, description="每周上课时段（整体替换）"
    )
    teacher: str | None = strawberry.field(default=strawberry.UNSET, description="任课教师（null 清空）")
    venue: str | None = strawberry.field(default=strawberry.UNSET, description="上课地点（null 清空）")
    online_link: str | None = strawberry.field(default=strawberry.UNSET, description="线上课堂链接（null 清空）")
    published: bool | None = strawberry.field(default=strawberry.UNSET, description="是否发布到课程目录")


@strawberry.input(description="报名：工作人员为军休干部报名，或军休干部本人报名（不填 retireeId）")
class EnrolInUniversityClassInput:
    class_id: strawberry.ID = refers("UniversityClass", "班级")
    retiree_id: strawberry.ID | None = refers("Retiree", "军休干部；本人报名时不填", default=strawberry.UNSET)


@strawberry.input(description="退课")
class WithdrawUniversityEnrolmentInput:
    enrolment_id: strawberry.ID = refers("UniversityEnrolment", "报名记录")
    reason: str = strawberry.field(default="", description="退课原因，最长 200 字")


@strawberry.input(description="按每周时段生成学期内的课次")
class GenerateUniversitySessionsInput:
    class_id: strawberry.ID = refers("UniversityClass", "班级")


@strawberry.input(description="一名学员的考勤")
class UniversityAttendanceEntryInput:
    enrolment_id: strawberry.ID = refers("UniversityEnrolment", "本班的报名记录")
    status: AttendanceStatus = strawberry.field(description="出勤情况")
    reason: str = strawberry.field(default="", description="请假或缺课原因（请假必填）")


@strawberry.input(description="记录一个课次的考勤（已记录的会被更正）")
class RecordUniversityAttendanceInput:
    session_id: strawberry.ID = refers("UniversitySession", "课次")
    entries: list[UniversityAttendanceEntryInput] = strawberry.field(description="各学员的考勤")


@strawberry.input(description="办理结业：出勤率达到结业标准的已录取学员标记为已结业")
class CompleteUniversityClassInput:
    class_id: strawberry.ID = refers("UniversityClass", "班级")


UniversityCampusPayload = payload("UniversityCampus", "university_campus", UniversityCampus, "校区", formerly="campus")
UniversityTermPayload = payload("UniversityTerm", "university_term", UniversityTerm, "学期", formerly="term")
UniversityCoursePayload = payload("UniversityCourse", "university_course", UniversityCourse, "课程", formerly="course")
UniversityClassPayload = payload("UniversityClass", "university_class", UniversityClass, "班级")
UniversityEnrolmentPayload = payload_of(
    "UniversityEnrolment",
    "报名或退课的结果",
    ("university_enrolment", UniversityEnrolment, "报名记录（报名时状态为已录取或候补）"),
    formerly={"enrolment": "university_enrolment"},
)
GenerateUniversitySessionsPayload = payload_of(
    "GenerateUniversitySessions",
    "生成课次的结果",
    ("university_sessions", list[UniversitySession], "该班级的全部课次"),
    formerly={"sessions": "university_sessions"},
)
RecordUniversityAttendancePayload = payload_of(
    "RecordUniversityAttendance",
    "记录考勤的结果",
    ("university_session", UniversitySession, "课次"),
    formerly={"session": "university_session"},
)
CompleteUniversityClassPayload = payload_of(
    "CompleteUniversityClass",
    "办理结业的结果",
    ("university_enrolments", list[UniversityEnrolment], "本次结业的报名记录"),
    formerly={"completed": "university_enrolments"},
)


@strawberry.type
class UniversityMutation:
    enrol_in_university_class = mutation(
        "报名：有名额则录取，满员则候补；不得与已报名班级时间冲突，受每学期报名数上限约束",
        requires=ENROL,
        on_self=SELF_ENROL,
        service=services.enrol,
        input=EnrolInUniversityClassInput,
        payload=UniversityEnrolmentPayload,
    )
    withdraw_university_enrolment = mutation(
        "退课；空出的名额在同一事务中由第一位候补学员递补",
        requires=ENROL,
        on_self=SELF_ENROL,
        service=services.withdraw,
        input=WithdrawUniversityEnrolmentInput,
        payload=UniversityEnrolmentPayload,
    )
    create_university_campus = mutation(
        "新建老年大学校区（总校、分校或教学点）",
        requires=MANAGE,
        service=services.create_campus,
        input=CreateUniversityCampusInput,
        payload=UniversityCampusPayload,
    )
    create_university_term = mutation(
        "新建学期",
        requires=MANAGE,
        service=services.create_term,
        input=CreateUniversityTermInput,
        payload=UniversityTermPayload,
    )
    update_university_term = mutation(
        "修改学期（名称、日期、停课日）",
        requires=MANAGE,
        service=services.update_term,
        input=UpdateUniversityTermInput,
        payload=UniversityTermPayload,
    )
    create_university_course = mutation(
        "新建课程",
        requires=MANAGE,
        service=services.create_course,
        input=CreateUniversityCourseInput,
        payload=UniversityCoursePayload,
    )
    create_university_class = mutation(
        "新建教学班",
        requires=MANAGE,
        service=services.create_class,
        input=CreateUniversityClassInput,
        payload=UniversityClassPayload,
    )
    update_university_class = mutation(
        "修改或发布教学班；扩容时候补学员按顺序递补",
        requires=MANAGE,
        service=services.update_class,
        input=UpdateUniversityClassInput,
        payload=UniversityClassPayload,
    )
    generate_university_sessions = mutation(
        "按每周时段生成学期内的课次（跳过停课日；已有的保留）",
        requires=MANAGE,
        service=services.generate_sessions,
        input=GenerateUniversitySessionsInput,
        payload=GenerateUniversitySessionsPayload,
    )
    record_university_attendance = mutation(
        "记录课次考勤（到课、线上听课、缺课、请假）",
        requires=ATTENDANCE,
        service=services.record_attendance,
        input=RecordUniversityAttendanceInput,
        payload=RecordUniversityAttendancePayload,
    )
    complete_university_class = mutation(
        "办理结业：出勤率达到结业标准（插件设置）的学员标记为已结业",
        requires=ATTENDANCE,
        service=services.complete_class,
        input=CompleteUniversityClassInput,
        payload=CompleteUniversityClassPayload,
    )


TYPES = (
    UniversityCampus,
    UniversityTerm,
    UniversityCourse,
    UniversityClass,
    UniversityEnrolment,
    UniversitySession,
    UniversityAttendance,
    UniversityCourseDemand,
)
