"""sanatorium：荣誉疗养（第十条：分层级、分批次）。

Departments publish annual plans per tier with total and per-agency quotas, sites and
batches; agencies nominate eligible retirees (eligibility computed from award records,
configurable per tier); nominations go through reviews level by level; attendance is recorded
afterwards. Imports from the core only through ``core.api`` and ``core.hookspecs``.
"""

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, Field, field_validator

from core.api import (
    AGENCY_MANAGER,
    AGENCY_STAFF,
    DEPARTMENT_ADMIN,
    PORTAL_READONLY,
    RETIREE,
    Agency,
    AttachmentTarget,
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
    ScopeRule,
    TypeExtension,
    by_id_loader,
    children_loader,
    enums,
    hookimpl,
)
from plugins.sanatorium.models import SanatoriumReviewLevel, SanatoriumTier

AwardLevel = enums.AwardLevel
AwardPeriod = enums.AwardPeriod


class AwardRule(BaseModel):
    """Awards of these levels qualify (optionally only of one period, only wartime ones)."""

    model_config = {"extra": "forbid"}

    label: str = Field("", description="规则说明，如“服役期间一等功”")
    levels: list[AwardLevel] = Field(description="符合的奖励等级")
    period: AwardPeriod | None = Field(None, description="限定时期；不填表示不限")
    wartime_only: bool = Field(False, description="仅战时奖励")
    needs_recommendation: bool = Field(False, description="须经推荐（如市级推荐）方可入选")


_HONOR_TITLES = [
    AwardLevel.CMC_HONORARY_TITLE, AwardLevel.MAJOR_UNIT_HONORARY_TITLE, AwardLevel.ARMY_UNIT_HONORARY_TITLE,
]


def _provincial() -> list[AwardRule]:
    """The provincial example of DOMAIN.md."""
    return [
        AwardRule(
            label="服役期间军级以上单位授予荣誉称号、一等功、战斗英雄",
            levels=[*_HONOR_TITLES, AwardLevel.FIRST_CLASS_MERIT, AwardLevel.COMBAT_HERO],
            period=AwardPeriod.DURING_SERVICE,
        ),
        AwardRule(
            label="服役期间战时二等功",
            levels=[AwardLevel.SECOND_CLASS_MERIT],
            period=AwardPeriod.DURING_SERVICE,
            wartime_only=True,
        ),
        AwardRule(
            label="移交后国家级、省部级荣誉称号或全国、全省先进军休干部",
            levels=[
                AwardLevel.NATIONAL_HONOR, AwardLevel.PROVINCIAL_HONOR,
                AwardLevel.NATIONAL_MODEL_RETIREE, AwardLevel.PROVINCIAL_MODEL_RETIREE,
            ],
            period=AwardPeriod.AFTER_HANDOVER,
        ),
        AwardRule(
            label="二等功（经市级推荐）", levels=[AwardLevel.SECOND_CLASS_MERIT], needs_recommendation=True
        ),
        AwardRule(
            label="战时三等功（经市级推荐）",
            levels=[AwardLevel.THIRD_CLASS_MERIT],
            wartime_only=True,
            needs_recommendation=True,
        ),
    ]


def _national() -> list[AwardRule]:
    return [
        AwardRule(
            label="服役期间中央军委或大单位授予荣誉称号、战斗英雄",
            levels=[AwardLevel.CMC_HONORARY_TITLE, AwardLevel.MAJOR_UNIT_HONORARY_TITLE, AwardLevel.COMBAT_HERO],
            period=AwardPeriod.DURING_SERVICE,
        ),
        AwardRule(
            label="移交后国家级荣誉称号或全国先进军休干部",
            levels=[AwardLevel.NATIONAL_HONOR, AwardLevel.NATIONAL_MODEL_RETIREE],
            period=AwardPeriod.AFTER_HANDOVER,
        ),
    ]


def _local() -> list[AwardRule]:
    return [
        *[rule.model_copy(update={"needs_recommendation": False}) for rule in _provincial()],
        AwardRule(label="三等功", levels=[AwardLevel.THIRD_CLASS_MERIT]),
    ]


def _default_eligibility() -> dict[SanatoriumTier, list[AwardRule]]:
    return {
        SanatoriumTier.NATIONAL: _national(),
        SanatoriumTier.PROVINCIAL: _provincial(),
        SanatoriumTier.CITY: _local(),
        SanatoriumTier.COUNTY: _local(),
    }


class SanatoriumSettings(BaseModel):
    """``[plugin_settings.sanatorium]`` in junxiu.toml."""

    model_config = {"extra": "forbid"}

    eligibility: dict[SanatoriumTier, list[AwardRule]] = Field(
        default_factory=_default_eligibility, description="各层级的入选条件（任一规则满足即符合）"
    )
    review_levels: list[SanatoriumReviewLevel] = Field(
        default_factory=lambda: [
            SanatoriumReviewLevel.AGENCY, SanatoriumReviewLevel.CITY, SanatoriumReviewLevel.PROVINCE,
            SanatoriumReviewLevel.MINISTRY,
        ],
        description="逐级审核的层级（自下而上）：只取推荐机构到计划所属部门之间实际存在的层级，计划所属部门总是最后审核",
    )
    max_companions: int = Field(1, ge=0, le=5, description="每人最多随行家属数（批次允许家属时）")

    @field_validator("eligibility")
    @classmethod
    def _keep_default_tiers(cls, value: dict[SanatoriumTier, list[AwardRule]]) -> dict[SanatoriumTier, list[AwardRule]]:
        """A tier the instance does not rewrite keeps its default rules."""
        return {**_default_eligibility(), **value}


PLUGIN = PluginSpec(
    name="sanatorium",
    label="荣誉疗养",
    version="0.1.0",
    core_versions=">=0.1,<0.3",
    settings=SanatoriumSettings,
    description="分层级、分批次组织荣誉疗养：年度计划与名额、疗养地与批次、按立功受奖自动判定资格、推荐与逐级审核",
)
READ = "sanatorium.read"
PLAN = "sanatorium.plan"
NOMINATE = "sanatorium.nominate"
REVIEW = "sanatorium.review"


@hookimpl
def register_models() -> ModelRegistration:
    return ModelRegistration(modules=["plugins.sanatorium.models"], migrations="plugins.sanatorium.migrations")


@hookimpl
def register_scope_rules() -> Sequence[ScopeRule]:
    from plugins.sanatorium import models as m

    # Catalog rows (sites, plans, quotas, batches) belong to the owning department and are
    # shared down its subtree, so the institutes that nominate see them, other branches do not.
    # Nominations and reviews are personal: scoped by the retiree's agency, and the retiree.
    return [
        ScopeRule(m.SanatoriumSite, agency_path="owner", read_permission=READ, shared_path="owner"),
        ScopeRule(m.SanatoriumPlan, agency_path="owner", read_permission=READ, shared_path="owner"),
        ScopeRule(
            m.SanatoriumQuota, agency_path=("plan__owner", "agency"), read_permission=READ,
            shared_path="plan__owner",
        ),
        ScopeRule(m.SanatoriumBatch, agency_path="plan__owner", read_permission=READ, shared_path="plan__owner"),
        ScopeRule(
            m.SanatoriumNomination, agency_path="retiree__agency", retiree_path="retiree_id", read_permission=READ
        ),
        ScopeRule(
            m.SanatoriumCompanion, agency_path="nomination__retiree__agency",
            retiree_path="nomination__retiree_id", read_permission=READ,
        ),
        ScopeRule(
            m.SanatoriumReview, agency_path="nomination__retiree__agency",
            retiree_path="nomination__retiree_id", read_permission=READ,
        ),
    ]


@hookimpl
def register_permissions() -> Sequence[Permission]:
    return [
        Permission(
            READ, "查看荣誉疗养计划、批次与推荐",
            (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF, RETIREE, PORTAL_READONLY),
        ),
        Permission(PLAN, "管理疗养地、年度计划、名额与批次", (DEPARTMENT_ADMIN,)),
        Permission(
            NOMINATE, "推荐疗养人选、登记健康评估与参加情况", (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF)
        ),
        Permission(REVIEW, "按本级审核疗养推荐", (DEPARTMENT_ADMIN, AGENCY_MANAGER)),
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
def register_loaders() -> Sequence[LoaderRegistration]:
    from plugins.sanatorium import models as m
    from plugins.sanatorium import schema

    return [
        LoaderRegistration(schema.SITE, by_id_loader(m.SanatoriumSite)),
        LoaderRegistration(schema.PLAN_BY_ID, by_id_loader(m.SanatoriumPlan)),
        LoaderRegistration(schema.BATCH, by_id_loader(m.SanatoriumBatch)),
        LoaderRegistration(schema.BATCHES_BY_PLAN, children_loader(m.SanatoriumBatch, "plan_id")),
        LoaderRegistration(schema.QUOTAS_BY_PLAN, children_loader(m.SanatoriumQuota, "plan_id")),
        LoaderRegistration(schema.NOMINATIONS_BY_BATCH, children_loader(m.SanatoriumNomination, "batch_id")),
        LoaderRegistration(schema.NOMINATIONS_BY_RETIREE, children_loader(m.SanatoriumNomination, "retiree_id")),
        LoaderRegistration(schema.COMPANIONS, children_loader(m.SanatoriumCompanion, "nomination_id")),
        LoaderRegistration(schema.REVIEWS, children_loader(m.SanatoriumReview, "nomination_id")),
        LoaderRegistration(schema.OCCUPANCY, schema.occupancy_loader),
    ]


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
    from plugins.sanatorium.services import withdraw_open_nominations

    await withdraw_open_nominations(retiree.id, "军休干部已去世，推荐自动撤回")


@hookimpl
async def retiree_transferred(
    retiree: Retiree, from_agency: Agency, to_agency: Agency | None, principal: Principal
) -> None:
    from plugins.sanatorium.services import follow_transfer

    await follow_transfer(retiree, to_agency)


@hookimpl
async def agency_merged(source: Agency, target: Agency, principal: Principal) -> None:
    from plugins.sanatorium.services import follow_merge

    await follow_merge(source, target)


@hookimpl
def register_error_codes() -> Sequence[ErrorCodeRegistration]:
    from plugins.sanatorium.errors import ERROR_CODES

    return ERROR_CODES


@hookimpl
def register_due_items() -> Sequence[DueItemSource]:
    from plugins.sanatorium.due import pending_reviews

    return [DueItemSource("sanatorium.pending_reviews", "待本级审核的疗养推荐", pending_reviews)]


@hookimpl
def register_attachment_targets() -> Sequence[AttachmentTarget]:
    from plugins.sanatorium.models import SanatoriumNomination

    # health-check scans before a stay: health data, read only with core.sensitive.read
    return [AttachmentTarget("SanatoriumNomination", SanatoriumNomination, NOMINATE, sensitive=True)]
