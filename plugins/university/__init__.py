"""university：军休老年大学（《办法》第二十条：线上线下融合，满足军休干部终身学习需求）。

Terms, courses by category, classes offline, online and hybrid on campuses (main campus,
branches at agencies, teaching points), a public catalogue retirees browse, enrolment by staff
or by the retiree themself with capacity and waitlists, sessions generated from the weekly
schedule, attendance and completion. Imports from the core only through ``core.api``.
"""

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, Field

from core.api import (
    AGENCY_MANAGER,
    AGENCY_READ,
    AGENCY_STAFF,
    DEPARTMENT_ADMIN,
    PORTAL_READONLY,
    RETIREE,
    Agency,
    CommandRegistration,
    DueItemSource,
    ErrorCodeRegistration,
    GraphQLContribution,
    LoaderRegistration,
    ModelRegistration,
    Permission,
    PluginSpec,
    Principal,
    Retiree,
    RoleRegistration,
    ScopeRule,
    TypeExtension,
    hookimpl,
)


class UniversitySettings(BaseModel):
    """``[plugin_settings.university]`` in junxiu.toml."""

    model_config = {"extra": "forbid"}

    max_classes_per_term: int = Field(3, ge=1, le=20, description="每名军休干部每学期最多报名（含候补）的班级数")
    completion_threshold: float = Field(
        0.8, ge=0, le=1, description="结业所需出勤率（到课与线上听课之和占已上课次的比例）"
    )


PLUGIN = PluginSpec(
    name="university",
    label="军休老年大学",
    version="0.1.0",
    core_versions=">=0.1,<0.3",
    settings=UniversitySettings,
    description="学期、课程、线上线下班级、自助报名与候补、课次与考勤、结业与统计（第二十条）",
)

READ = "university.read"
MANAGE = "university.manage"
ENROL = "university.enrol"
ATTENDANCE = "university.attendance"
SELF_ENROL = "university.self_enrol"


@hookimpl
def register_models() -> ModelRegistration:
    return ModelRegistration(modules=["plugins.university.models"], migrations="plugins.university.migrations")


@hookimpl
def register_scope_rules() -> Sequence[ScopeRule]:
    from plugins.university.models import Attendance, Campus, Course, Enrolment, Session, Term, UniversityClass

    return [
        # catalogue: no personal data, visible to every holder of university.read
        ScopeRule(Campus, "agency", read_permission=READ, public=True),
        ScopeRule(Term, "agency", read_permission=READ, public=True),
        ScopeRule(Course, "agency", read_permission=READ, public=True),
        # drafts (unpublished classes and their sessions) only within the campus's agency subtree
        ScopeRule(
            UniversityClass,
            "campus__agency",
            read_permission=READ,
            public=True,
            public_filter={"published": True},
        ),
        ScopeRule(
            Session,
            "university_class__campus__agency",
            read_permission=READ,
            public=True,
            public_filter={"university_class__published": True},
        ),
        # personal: the retiree's agency subtree, the campus running the class, or the retiree
        ScopeRule(
            Enrolment,
            ("retiree__agency", "university_class__campus__agency"),
            retiree_path="retiree_id",
            read_permission=READ,
        ),
        ScopeRule(
            Attendance,
            ("retiree__agency", "session__university_class__campus__agency"),
            retiree_path="retiree_id",
            read_permission=READ,
        ),
    ]


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


@hookimpl
def register_graphql() -> GraphQLContribution:
    from plugins.university import schema

    return GraphQLContribution(
        query=schema.UniversityQuery,
        mutation=schema.UniversityMutation,
        types=list(schema.TYPES),
        extensions=[TypeExtension(target="Retiree", fields=schema.RetireeUniversityExtension)],
    )


@hookimpl
def register_loaders() -> Sequence[LoaderRegistration]:
    from plugins.university.schema import LOADERS

    return LOADERS


# --8<-- [start:register_commands]
@hookimpl
def register_commands() -> Sequence[CommandRegistration]:
    from plugins.university.commands import app

    return [CommandRegistration("university", app, "军休老年大学：花名册导出")]
# --8<-- [end:register_commands]


@hookimpl
async def load_demo_data(principal: Principal, seed: int) -> None:
    from plugins.university.demo import load_demo

    await load_demo(principal, seed)


@hookimpl
async def retiree_deceased(retiree: Retiree, died_on: dt.date, principal: Principal) -> None:
    from plugins.university.services import withdraw_all

    await withdraw_all(retiree.id, "军休干部去世")


# --8<-- [start:retiree_transferred]
@hookimpl
async def retiree_transferred(
    retiree: Retiree, from_agency: Agency, to_agency: Agency | None, principal: Principal
) -> None:
    from plugins.university.services import withdraw_all

    await withdraw_all(retiree.id, "军休干部转出")
# --8<-- [end:retiree_transferred]


# --8<-- [start:agency_merged]
@hookimpl
async def agency_merged(source: Agency, target: Agency, principal: Principal) -> None:
    from plugins.university.services import move_agency_records

    await move_agency_records(source.id, target.id)
# --8<-- [end:agency_merged]


@hookimpl
def register_error_codes() -> Sequence[ErrorCodeRegistration]:
    from plugins.university.errors import ERROR_CODES

    return ERROR_CODES


@hookimpl
def register_due_items() -> Sequence[DueItemSource]:
    from plugins.university.due import unrecorded_attendance

    return [DueItemSource("university.unrecorded_attendance", "未登记考勤的课次", unrecorded_attendance)]
