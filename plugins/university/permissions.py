"""The plugin's permission codes and its role. Other modules import these constants rather
than spelling the codes."""

from collections.abc import Sequence

from core.api import (
    AGENCY_MANAGER,
    AGENCY_READ,
    AGENCY_STAFF,
    DEPARTMENT_ADMIN,
    PORTAL_READONLY,
    RETIREE,
    Permission,
    RoleRegistration,
    hookimpl,
)

READ = "university.read"
MANAGE = "university.manage"
ENROL = "university.enrol"
ATTENDANCE = "university.attendance"
SELF_ENROL = "university.self_enrol"


@hookimpl
def register_permissions() -> Sequence[Permission]:
    workers = (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF)
    return [
        Permission(READ, "查看老年大学课程目录与报名", (*workers, RETIREE, PORTAL_READONLY)),
        Permission(MANAGE, "管理校区、学期、课程、班级与课次", (DEPARTMENT_ADMIN, AGENCY_MANAGER)),
        Permission(ENROL, "为军休干部报名、退课", workers),
        Permission(ATTENDANCE, "记录考勤、办理结业", workers),
        Permission(SELF_ENROL, "本人报名、退课", (RETIREE,)),
    ]


# --8<-- [start:register_roles]
TEACHER = "UNIVERSITY_TEACHER"


@hookimpl
def register_roles() -> Sequence[RoleRegistration]:
    # a teacher sees the catalogue and the agencies running classes, and records attendance: nothing else
    return [RoleRegistration(TEACHER, "教师", (READ, ATTENDANCE, AGENCY_READ))]


# --8<-- [end:register_roles]
