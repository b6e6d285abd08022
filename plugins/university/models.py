"""Tortoise models of the ``university`` app (tables prefixed ``university_``).

Catalogue rows (campuses, terms, courses, classes, sessions) carry no personal data and are
public to every principal holding ``university.read``; enrolments and attendance are personal.
"""

from enum import Enum

import strawberry
from tortoise import fields
from tortoise.models import Model

from core.api import Versioned

v = strawberry.enum_value


@strawberry.enum(name="UniversityCampusKind", description="校区类型")
class CampusKind(Enum):
    MAIN = v("MAIN", description="总校（主校区）")
    BRANCH = v("BRANCH", description="分校（设在军休机构）")
    TEACHING_POINT = v("TEACHING_POINT", description="教学点")


@strawberry.enum(name="UniversityCourseCategory", description="课程类别")
class CourseCategory(Enum):
    REQUIRED = v("REQUIRED", description="必修课（思政、心理健康、养生等）")
    MAJOR = v("MAJOR", description="主修课（声乐、舞蹈、书画、太极、器乐等）")
    ELECTIVE = v("ELECTIVE", description="选修课（茶艺、棋类、摄影等）")


@strawberry.enum(name="UniversityClassMode", description="授课方式（线上线下融合，第二十条）")
class ClassMode(Enum):
    OFFLINE = v("OFFLINE", description="线下面授")
    ONLINE = v("ONLINE", description="线上授课")
    HYBRID = v("HYBRID", description="线上线下同步")


@strawberry.enum(name="UniversityEnrolmentStatus", description="报名状态")
class EnrolmentStatus(Enum):
    ENROLLED = v("ENROLLED", description="已录取")
    WAITLISTED = v("WAITLISTED", description="候补中（有名额时按报名先后递补）")
    WITHDRAWN = v("WITHDRAWN", description="已退课")
    COMPLETED = v("COMPLETED", description="已结业（出勤率达到结业标准）")


ACTIVE_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)


@strawberry.enum(name="UniversityAttendanceStatus", description="出勤情况")
class AttendanceStatus(Enum):
    PRESENT = v("PRESENT", description="到课（线下）")
    ONLINE = v("ONLINE", description="线上听课（计为出勤）")
    ABSENT = v("ABSENT", description="缺课")
    LEAVE = v("LEAVE", description="请假（须填写原因）")


PRESENT_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.ONLINE)


class UniversityCampus(Versioned):
    """A campus of the elder university: the main campus, a branch at an agency or a teaching point."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    kind = fields.CharEnumField(CampusKind)
    agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="university_campuses", on_delete=fields.RESTRICT
    )
    address = fields.CharField(max_length=200, default="")

    class Meta:
        table = "university_campus"
        ordering = ["id"]


class UniversityTerm(Versioned):
    """A term (学期) run by an organising agency, with the dates it holds no classes."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="university_terms", on_delete=fields.RESTRICT
    )
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    holidays = fields.JSONField(default=list)

    class Meta:
        table = "university_term"
        ordering = ["-starts_on", "id"]


class UniversityCourse(Versioned):
    """A course of the curriculum, by category, offered by an organising agency."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    category = fields.CharEnumField(CourseCategory, db_index=True)
    agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="university_courses", on_delete=fields.RESTRICT
    )
    description = fields.TextField(default="")

    class Meta:
        table = "university_course"
        ordering = ["category", "name", "id"]


class UniversityClass(Versioned):
    """A class (教学班) of a course in a term on a campus, with its weekly schedule and capacity.

    schedule is a list of slots {weekday 1-7, start HH:MM, end HH:MM}.
    """

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    course: fields.ForeignKeyRelation[UniversityCourse] = fields.ForeignKeyField(
        "university.UniversityCourse", related_name="classes", on_delete=fields.RESTRICT
    )
    term: fields.ForeignKeyRelation[UniversityTerm] = fields.ForeignKeyField(
        "university.UniversityTerm", related_name="classes", on_delete=fields.RESTRICT
    )
    campus: fields.ForeignKeyRelation[UniversityCampus] = fields.ForeignKeyField(
        "university.UniversityCampus", related_name="classes", on_delete=fields.RESTRICT
    )
    teacher = fields.CharField(max_length=50, default="")
    mode = fields.CharEnumField(ClassMode, db_index=True)
    venue = fields.CharField(max_length=200, default="")
    online_link = fields.CharField(max_length=500, default="")
    schedule = fields.JSONField(default=list)
    weekdays = fields.CharField(max_length=20, default="", db_index=True)
    capacity = fields.IntField()
    enrol_opens_on = fields.DateField()
    enrol_closes_on = fields.DateField()
    published = fields.BooleanField(default=False, db_index=True)

    class Meta:
        table = "university_class"
        ordering = ["id"]


class UniversityEnrolment(Model):
    """One retiree's enrolment in one class, enrolled or waitlisted in order of application."""

    id = fields.IntField(primary_key=True)
    university_class: fields.ForeignKeyRelation[UniversityClass] = fields.ForeignKeyField(
        "university.UniversityClass", related_name="enrolments", on_delete=fields.RESTRICT
    )
    retiree: fields.ForeignKeyRelation["Retiree"] = fields.ForeignKeyField(  # noqa: F821
        "core.Retiree", related_name="university_enrolments", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(EnrolmentStatus, db_index=True)
    self_enrolled = fields.BooleanField(default=False)
    applied_at = fields.DatetimeField(auto_now_add=True)
    enrolled_at = fields.DatetimeField(null=True)
    withdrawn_at = fields.DatetimeField(null=True)
    withdraw_reason = fields.CharField(max_length=200, default="")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "university_enrolment"
        ordering = ["applied_at", "id"]


class UniversitySession(Model):
    """One session (课次) of a class on a date, generated from the weekly schedule."""

    id = fields.IntField(primary_key=True)
    university_class: fields.ForeignKeyRelation[UniversityClass] = fields.ForeignKeyField(
        "university.UniversityClass", related_name="sessions", on_delete=fields.RESTRICT
    )
    held_on = fields.DateField(db_index=True)
    starts_at = fields.CharField(max_length=5)
    ends_at = fields.CharField(max_length=5)
    topic = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "university_session"
        ordering = ["held_on", "starts_at", "id"]
        unique_together = (("university_class", "held_on", "starts_at"),)


class UniversityAttendance(Model):
    """Attendance of one enrolled retiree at one session."""

    id = fields.IntField(primary_key=True)
    session: fields.ForeignKeyRelation[UniversitySession] = fields.ForeignKeyField(
        "university.UniversitySession", related_name="attendance", on_delete=fields.RESTRICT
    )
    enrolment: fields.ForeignKeyRelation[UniversityEnrolment] = fields.ForeignKeyField(
        "university.UniversityEnrolment", related_name="attendance", on_delete=fields.RESTRICT
    )
    retiree: fields.ForeignKeyRelation["Retiree"] = fields.ForeignKeyField(  # noqa: F821
        "core.Retiree", related_name="university_attendance", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(AttendanceStatus)
    reason = fields.CharField(max_length=200, default="")
    recorded_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "university_attendance"
        ordering = ["session_id", "id"]
        unique_together = (("session", "enrolment"),)


__all__ = [
    "ACTIVE_STATUSES",
    "PRESENT_STATUSES",
    "AttendanceStatus",
    "CampusKind",
    "ClassMode",
    "CourseCategory",
    "EnrolmentStatus",
    "UniversityAttendance",
    "UniversityCampus",
    "UniversityClass",
    "UniversityCourse",
    "UniversityEnrolment",
    "UniversitySession",
    "UniversityTerm",
]
