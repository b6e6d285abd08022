"""sanatorium：荣誉疗养（第十条：分层级、分批次）。

Departments publish annual plans per tier with total and per-agency quotas, sites and
batches; agencies nominate eligible retirees (eligibility computed from award records,
configurable per tier); nominations go through reviews level by level; attendance is recorded
afterwards. Imports from the core only through ``core.api`` and ``core.hookspecs``.
"""

import datetime as dt
from collections.abc import Sequence

from core.api import (
    Agency,
    AttachmentTarget,
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
from plugins.sanatorium import models as m
from plugins.sanatorium.due import pending_reviews
from plugins.sanatorium.errors import ERROR_CODES
from plugins.sanatorium.loaders import register_loaders as register_loaders
from plugins.sanatorium.permissions import NOMINATE, READ
from plugins.sanatorium.permissions import register_permissions as register_permissions
from plugins.sanatorium.services import follow_merge, follow_transfer, withdraw_open_nominations
from plugins.sanatorium.settings import SanatoriumSettings

PLUGIN = PluginSpec(
    name="sanatorium",
    label="荣誉疗养",
    version="0.1.0",
    core_versions=">=0.1,<0.3",
    settings=SanatoriumSettings,
    description="分层级、分批次组织荣誉疗养：年度计划与名额、疗养地与批次、按立功受奖自动判定资格、推荐与逐级审核",
)


@hookimpl
def register_models() -> ModelRegistration:
    return ModelRegistration(modules=["plugins.sanatorium.models"], migrations="plugins.sanatorium.migrations")


@hookimpl
def register_scope_rules() -> Sequence[ScopeRule]:
    # Catalog rows (sites, plans, quotas, batches) belong to the owning department and are
    # shared down its subtree, so the institutes that nominate see them, other branches do not.
    # Nominations and reviews are personal: scoped by the retiree's agency, and the retiree.
    return [
        ScopeRule(m.SanatoriumSite, agency_path="owner", read_permission=READ, shared_path="owner"),
        ScopeRule(m.SanatoriumPlan, agency_path="owner", read_permission=READ, shared_path="owner"),
        ScopeRule(
            m.SanatoriumQuota,
            agency_path=("plan__owner", "agency"),
            read_permission=READ,
            shared_path="plan__owner",
        ),
        ScopeRule(m.SanatoriumBatch, agency_path="plan__owner", read_permission=READ, shared_path="plan__owner"),
        ScopeRule(
            m.SanatoriumNomination, agency_path="retiree__agency", retiree_path="retiree_id", read_permission=READ
        ),
        ScopeRule(
            m.SanatoriumCompanion,
            agency_path="nomination__retiree__agency",
            retiree_path="nomination__retiree_id",
            read_permission=READ,
        ),
        ScopeRule(
            m.SanatoriumReview,
            agency_path="nomination__retiree__agency",
            retiree_path="nomination__retiree_id",
            read_permission=READ,
        ),
    ]


@hookimpl
def register_graphql() -> GraphQLContribution:
    from plugins.sanatorium import schema

    return GraphQLContribution(
        query=schema.SanatoriumQuery,
        mutation=schema.SanatoriumMutation,
        types=schema.TYPES,
        extensions=[TypeExtension(target="Retiree", fields=schema.RetireeSanatoriumExtension)],
    )


@hookimpl
def register_commands() -> Sequence[CommandRegistration]:
    from plugins.sanatorium.commands import app

    return [CommandRegistration("sanatorium", app, help="荣誉疗养：导出批次名单、名额使用情况")]


@hookimpl
async def load_demo_data(principal: Principal, seed: int) -> None:
    from plugins.sanatorium.demo import load_demo

    await load_demo(principal, seed)


@hookimpl
async def retiree_deceased(retiree: Retiree, died_on: dt.date, principal: Principal) -> None:
    await withdraw_open_nominations(retiree.id, "军休干部已去世，推荐自动撤回")


@hookimpl
async def retiree_transferred(
    retiree: Retiree, from_agency: Agency, to_agency: Agency | None, principal: Principal
) -> None:
    await follow_transfer(retiree, to_agency)


@hookimpl
async def agency_merged(source: Agency, target: Agency, principal: Principal) -> None:
    await follow_merge(source, target)


@hookimpl
def register_error_codes() -> Sequence[ErrorCodeRegistration]:
    return ERROR_CODES


@hookimpl
def register_due_items() -> Sequence[DueItemSource]:
    return [DueItemSource("sanatorium.pending_reviews", "待本级审核的疗养推荐", pending_reviews)]


@hookimpl
def register_attachment_targets() -> Sequence[AttachmentTarget]:
    # health-check scans before a stay: health data, read only with core.sensitive.read
    return [AttachmentTarget("SanatoriumNomination", m.SanatoriumNomination, NOMINATE, sensitive=True)]
