"""university：军休老年大学（《办法》第二十条：线上线下融合，满足军休干部终身学习需求）。

Terms, courses by category, classes offline, online and hybrid on campuses (main campus,
branches at agencies, teaching points), a public catalogue retirees browse, enrolment by staff
or by the retiree themself with capacity and waitlists, sessions generated from the weekly
schedule, attendance and completion. Imports from the core only through ``core.api``.
"""

import datetime as dt
from collections.abc import Sequence

from core.api import (
    Agency,
    CommandRegistration,
    DueItemSource,
    ErrorCodeRegistration,
    GraphQLContribution,
    ModelRegistration,
    PluginSpec,
    Principal,
    Retiree,
    ScopeRule,
    TypeExtension,
    hookimpl,
)
from plugins.university.loaders import register_loaders
from plugins.university.permissions import READ, register_permissions, register_roles
from plugins.university.settings import UniversitySettings

PLUGIN = PluginSpec(
    name="university",
    label="军休老年大学",
    version="0.1.0",
    core_versions=">=0.1,<0.3",
    settings=UniversitySettings,
    description="学期、课程、线上线下班级、自助报名与候补、课次与考勤、结业与统计（第二十条）",
)

# register_permissions, register_roles (permissions.py) and register_loaders (loaders.py) are
# hook implementations too: imported here, they are registered with this module
__all__ = ["PLUGIN", "register_loaders", "register_permissions", "register_roles"]


@hookimpl
def register_models() -> ModelRegistration:
    return ModelRegistration(modules=["plugins.university.models"], migrations="plugins.university.migrations")


@hookimpl
def register_scope_rules() -> Sequence[ScopeRule]:
    from plugins.university.models import (
        UniversityAttendance,
        UniversityCampus,
        UniversityClass,
        UniversityCourse,
        UniversityEnrolment,
        UniversitySession,
        UniversityTerm,
    )

    return [
        # catalogue: no personal data, visible to every holder of university.read
        ScopeRule(UniversityCampus, "agency", read_permission=READ, public=True),
        ScopeRule(UniversityTerm, "agency", read_permission=READ, public=True),
        ScopeRule(UniversityCourse, "agency", read_permission=READ, public=True),
        # drafts (unpublished classes and their sessions) only within the campus's agency subtree
        ScopeRule(
            UniversityClass,
            "campus__agency",
            read_permission=READ,
            public=True,
            public_filter={"published": True},
        ),
        ScopeRule(
            UniversitySession,
            "university_class__campus__agency",
            read_permission=READ,
            public=True,
            public_filter={"university_class__published": True},
        ),
        # personal: the retiree's agency subtree, the campus running the class, or the retiree
        ScopeRule(
            UniversityEnrolment,
            ("retiree__agency", "university_class__campus__agency"),
            retiree_path="retiree_id",
            read_permission=READ,
        ),
        ScopeRule(
            UniversityAttendance,
            ("retiree__agency", "session__university_class__campus__agency"),
            retiree_path="retiree_id",
            read_permission=READ,
        ),
    ]


@hookimpl
def register_graphql() -> GraphQLContribution:
    from plugins.university import schema

    return GraphQLContribution(
        query=schema.UniversityQuery,
        mutation=schema.UniversityMutation,
        types=list(schema.TYPES),
        extensions=[TypeExtension(target="Retiree", fields=schema.RetireeUniversityExtension)],
    )


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
