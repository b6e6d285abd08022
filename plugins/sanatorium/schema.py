"""GraphQL of honor sanatorium stays: ``Sanatorium*`` types, ``sanatorium*`` queries, the
workflow mutations and the ``Retiree.sanatoriumNominations`` / ``sanatoriumEligibility``
extensions. Resolvers only translate; rules live in ``services``."""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import strawberry
from strawberry.types import Info
from tortoise.queryset import QuerySet

from core.api import (
    DEFAULT_PAGE_SIZE,
    AgencyRef,
    Connection,
    ErrorCode,
    ModelNode,
    RetireeRef,
    ServiceError,
    decode_id,
    enums,
    get_visible,
    input_values,
    loaded_field,
    mutation,
    paginate,
    paginate_sequence,
    payload,
    refers,
    reveals,
    sensitive,
    sensitive_field,
)
from plugins.sanatorium import models as m
from plugins.sanatorium import services
from plugins.sanatorium.loaders import (
    BATCH,
    BATCHES_BY_PLAN,
    COMPANIONS,
    NOMINATIONS_BY_BATCH,
    NOMINATIONS_BY_RETIREE,
    OCCUPANCY,
    PLAN_BY_ID,
    QUOTAS_BY_PLAN,
    REVIEWS,
    SITE,
)
from plugins.sanatorium.models import (
    SanatoriumBatchStatus,
    SanatoriumDecision,
    SanatoriumFitness,
    SanatoriumNominationStatus,
    SanatoriumReviewLevel,
    SanatoriumTier,
)
from plugins.sanatorium.permissions import NOMINATE, PLAN, REVIEW


def _load(info: Info, name: str, key: Any) -> Any:
    return info.context.loader(name).load(key)


@strawberry.type(description="疗养地")
class SanatoriumSite(ModelNode):
    __model__ = m.SanatoriumSite

    name: str = strawberry.field(description="名称")
    region: str = strawberry.field(description="所在地区")
    address: str = strawberry.field(description="地址")
    beds: int = strawberry.field(description="床位数")
    version: int = strawberry.field(description="版本号（乐观锁）")

    owner: AgencyRef | None = loaded_field("core.agency", "owner_id", "所属（管理该疗养地的）退役军人事务部门")


@strawberry.type(description="计划中分配给某一机构（及其下级）的名额")
class SanatoriumQuota:
    quota: int = strawberry.field(description="名额（人）")

    agency: AgencyRef | None = loaded_field("core.agency", "agency_id", "获得名额的机构")


@strawberry.type(description="名额使用情况（报表）")
class SanatoriumQuotaUse:
    quota: int = strawberry.field(description="名额（人）")
    used: int = strawberry.field(description="已占用（已推荐、审核中、已通过、已参加）")
    remaining: int = strawberry.field(description="剩余")
    agency_row: strawberry.Private[Any]

    @strawberry.field(description="机构；为空表示计划总名额")
    async def agency(self, info: Info) -> AgencyRef | None:
        return None if self.agency_row is None else await _load(info, "core.agency", self.agency_row.id)


@strawberry.type(description="荣誉疗养年度计划（某一层级，由退役军人事务部门制定）")
class SanatoriumPlan(ModelNode):
    __model__ = m.SanatoriumPlan

    year: int = strawberry.field(description="年度")
    tier: SanatoriumTier = strawberry.field(description="层级")
    title: str = strawberry.field(description="标题")
    total_quota: int = strawberry.field(description="总名额（人，不含随行家属）")
    version: int = strawberry.field(description="版本号（乐观锁）")

    owner: AgencyRef | None = loaded_field("core.agency", "owner_id", "制定计划的部门")

    quotas: list[SanatoriumQuota] = loaded_field(QUOTAS_BY_PLAN, "id", "各机构名额")

    batches: list["SanatoriumBatch"] = loaded_field(BATCHES_BY_PLAN, "id", "批次（按开始日期）")

    @strawberry.field(description="名额使用情况：第一行为总名额，其后为各机构（报表，逐计划计算）")
    async def quota_usage(self, info: Info) -> list[SanatoriumQuotaUse]:
        rows = await services.quota_usage(info.context.principal, self.id)  # type: ignore[attr-defined]
        return [
            SanatoriumQuotaUse(quota=r.quota, used=r.used, remaining=r.remaining, agency_row=r.agency) for r in rows
        ]


@strawberry.type(description="疗养批次")
class SanatoriumBatch(ModelNode):
    __model__ = m.SanatoriumBatch

    name: str = strawberry.field(description="批次名称")
    starts_on: dt.date = strawberry.field(description="开始日期")
    ends_on: dt.date = strawberry.field(description="结束日期")
    capacity: int = strawberry.field(description="容量（人，含随行家属）")
    family_allowed: bool = strawberry.field(description="是否允许家属随行")
    programme: str = strawberry.field(description="活动安排，如政治学习、红色教育、健康体检")
    status: SanatoriumBatchStatus = strawberry.field(description="状态")
    version: int = strawberry.field(description="版本号（乐观锁）")

    plan: SanatoriumPlan | None = loaded_field(PLAN_BY_ID, "plan_id", "所属计划")

    site: SanatoriumSite | None = loaded_field(SITE, "site_id", "疗养地")

    occupied: int = loaded_field(OCCUPANCY, "id", "已占用名额（人，含随行家属）")

    nominations: list["SanatoriumNomination"] = loaded_field(
        NOMINATIONS_BY_BATCH, "id", "本批次的推荐（在可见范围内）；状态为已通过、已参加的即疗养名单"
    )


@strawberry.type(description="随行家属")
class SanatoriumCompanion:
    name: str = strawberry.field(description="姓名")
    relation: enums.FamilyRelation = strawberry.field(description="与军休干部的关系")


@strawberry.type(description="一次审核：层级、审核人、意见与时间")
class SanatoriumReview:
    level: SanatoriumReviewLevel = strawberry.field(description="审核层级")
    decision: SanatoriumDecision = strawberry.field(description="审核结论")
    opinion: str = strawberry.field(description="审核意见")
    reviewer_name: str = strawberry.field(description="审核人")
    reviewed_at: dt.datetime = strawberry.field(description="审核时间")

    reviewer_agency: AgencyRef | None = loaded_field("core.agency", "reviewer_agency_id", "审核人所在机构或部门")


@strawberry.type(description="疗养推荐：军休干部、批次、随行家属、健康评估与逐级审核")
class SanatoriumNomination(ModelNode):
    __model__ = m.SanatoriumNomination

    status: SanatoriumNominationStatus = strawberry.field(description="状态")
    pending_level: SanatoriumReviewLevel | None = strawberry.field(description="待审核的层级；无待审时为空")
    recommendation: str = strawberry.field(description="推荐意见（凭须推荐的奖励入选时必填）")
    reason: str = strawberry.field(description="撤回原因")

    @sensitive("健康评估结论；适宜、不宜属于健康信息，无 core.sensitive.read 权限时为空（未评估照常显示）")
    def fitness(self, info: Info) -> SanatoriumFitness | None:
        value = self.fitness  # type: ignore[attr-defined]
        if value is SanatoriumFitness.PENDING or reveals(info, self, "fitness"):
            return value
        return None

    fitness_checked_on: dt.date | None = strawberry.field(description="健康评估日期")
    fitness_note: str = sensitive_field("fitness_note", lambda value: "****", "健康评估说明")
    nominated_at: dt.datetime | None = strawberry.field(description="提交推荐的时间")
    created_at: dt.datetime = strawberry.field(description="创建时间")
    version: int = strawberry.field(description="版本号（乐观锁）")

    retiree: RetireeRef | None = loaded_field("core.retiree", "retiree_id", "被推荐的军休干部")

    agency: AgencyRef | None = loaded_field("core.agency", "agency_id", "推荐机构（名额所属）")

    batch: SanatoriumBatch | None = loaded_field(BATCH, "batch_id", "批次")

    companions: list[SanatoriumCompanion] = loaded_field(COMPANIONS, "id", "随行家属")

    reviews: list[SanatoriumReview] = loaded_field(REVIEWS, "id", "审核记录（按时间）")


@strawberry.type(description="据以入选的立功受奖记录")
class SanatoriumQualifyingAward:
    awarded_on: dt.date = strawberry.field(description="获奖日期")
    level: enums.AwardLevel = strawberry.field(description="等级")
    period: enums.AwardPeriod = strawberry.field(description="时期")
    wartime: bool = strawberry.field(description="是否战时")
    awarding_body: str = strawberry.field(description="授予单位")


def _awards(rows: Sequence[Any]) -> list[SanatoriumQualifyingAward]:
    return [
        SanatoriumQualifyingAward(
            awarded_on=a.awarded_on, level=a.level, period=a.period, wartime=a.wartime, awarding_body=a.awarding_body
        )
        for a in rows
    ]


@strawberry.type(description="某一层级的疗养资格（由立功受奖记录按插件设置计算）")
class SanatoriumTierEligibility:
    tier: SanatoriumTier = strawberry.field(description="层级")
    eligible: bool = strawberry.field(description="是否符合条件")
    needs_recommendation: bool = strawberry.field(description="是否须经推荐方可入选（如二等功须市级推荐）")
    rules: list[str] = strawberry.field(description="满足的规则说明")
    qualifying_awards: list[SanatoriumQualifyingAward] = strawberry.field(description="据以符合条件的奖励")


def _tier(verdict: services.TierEligibility) -> SanatoriumTierEligibility:
    return SanatoriumTierEligibility(
        tier=verdict.tier,
        eligible=verdict.eligible,
        needs_recommendation=verdict.needs_recommendation,
        rules=verdict.rules,
        qualifying_awards=_awards(verdict.awards),
    )


@strawberry.type(description="疗养候选人（按公平原则排序：从未参加的在前，其次为最早参加的）")
class SanatoriumCandidate:
    last_attended_on: dt.date | None = strawberry.field(description="最近一次参加疗养的结束日期")
    times_attended: int = strawberry.field(description="参加疗养次数")
    eligibility: SanatoriumTierEligibility = strawberry.field(description="对该计划层级的资格")
    retiree_row: strawberry.Private[Any]

    @strawberry.field(description="军休干部")
    def retiree(self) -> RetireeRef:
        return self.retiree_row


@strawberry.type(description="军休干部的荣誉疗养字段（由 sanatorium 插件添加）")
class RetireeSanatoriumExtension:
    sanatorium_nominations: list[SanatoriumNomination] = loaded_field(
        NOMINATIONS_BY_RETIREE, "id", "该军休干部的疗养推荐（在可见范围内）"
    )

    @strawberry.field(description="各层级疗养资格：是否符合及据以符合的奖励")
    async def sanatorium_eligibility(self, info: Info) -> list[SanatoriumTierEligibility]:
        awards = await _load(info, "core.awards", self.id)  # type: ignore[attr-defined]
        return [_tier(verdict) for verdict in services.eligibility(awards)]


# --- inputs and payloads ------------------------------------------------------------------


@strawberry.input(description="新建疗养地")
class CreateSanatoriumSiteInput:
    owner_id: strawberry.ID = refers("Agency", "所属退役军人事务部门 ID")
    name: str = strawberry.field(description="名称")
    beds: int = strawberry.field(description="床位数")
    region: str = strawberry.field(default="", description="所在地区")
    address: str = strawberry.field(default="", description="地址")


@strawberry.input(description="一个机构的名额")
class SanatoriumQuotaInput:
    agency_id: strawberry.ID = refers("Agency", "机构 ID（计划所属部门的下级）")
    quota: int = strawberry.field(description="名额（人）")


@strawberry.input(description="新建年度计划")
class CreateSanatoriumPlanInput:
    owner_id: strawberry.ID = refers("Agency", "制定计划的部门 ID（其行政层级须与计划层级一致）")
    year: int = strawberry.field(description="年度")
    tier: SanatoriumTier = strawberry.field(description="层级")
    title: str = strawberry.field(description="标题")
    total_quota: int = strawberry.field(description="总名额（人）")
    quotas: list[SanatoriumQuotaInput] = strawberry.field(default_factory=list, description="各机构名额；可留空")


@strawberry.input(description="设置（或调整）一个机构在计划中的名额")
class SetSanatoriumQuotaInput:
    plan_id: strawberry.ID = refers("SanatoriumPlan", "计划 ID")
    agency_id: strawberry.ID = refers("Agency", "机构 ID")
    quota: int = strawberry.field(description="名额（人），不得少于已占用数")


@strawberry.input(description="新建批次")
class CreateSanatoriumBatchInput:
    plan_id: strawberry.ID = refers("SanatoriumPlan", "计划 ID")
    site_id: strawberry.ID = refers("SanatoriumSite", "疗养地 ID")
    name: str = strawberry.field(description="批次名称")
    starts_on: dt.date = strawberry.field(description="开始日期（须在计划年度内）")
    ends_on: dt.date = strawberry.field(description="结束日期（须在计划年度内）")
    capacity: int = strawberry.field(description="容量（人，含随行家属；不超过床位数）")
    family_allowed: bool = strawberry.field(default=False, description="是否允许家属随行")
    programme: str = strawberry.field(default="", description="活动安排")


@strawberry.input(description="变更批次状态")
class ChangeSanatoriumBatchStatusInput:
    batch_id: strawberry.ID = refers("SanatoriumBatch", "批次 ID")
    status: SanatoriumBatchStatus = strawberry.field(description="新状态")


@strawberry.input(description="随行家属")
class SanatoriumCompanionInput:
    name: str = strawberry.field(description="姓名")
    relation: enums.FamilyRelation = strawberry.field(description="关系")


@strawberry.input(description="推荐疗养人选")
class NominateSanatoriumCandidateInput:
    batch_id: strawberry.ID = refers("SanatoriumBatch", "批次 ID")
    retiree_id: strawberry.ID = refers("Retiree", "军休干部 ID")
    companions: list[SanatoriumCompanionInput] = strawberry.field(default_factory=list, description="随行家属")
    recommendation: str = strawberry.field(default="", description="推荐意见")
    submit: bool = strawberry.field(default=True, description="是否立即提交（否则存为草稿，不占名额）")


@strawberry.input(description="提交草稿推荐")
class SubmitSanatoriumNominationInput:
    nomination_id: strawberry.ID = refers("SanatoriumNomination", "推荐 ID")


@strawberry.input(description="登记疗养前健康评估")
class RecordSanatoriumFitnessCheckInput:
    nomination_id: strawberry.ID = refers("SanatoriumNomination", "推荐 ID")
    fitness: SanatoriumFitness = strawberry.field(description="评估结论")
    checked_on: dt.date = strawberry.field(description="评估日期")
    note: str = strawberry.field(default="", description="评估说明（健康信息，敏感）")


@strawberry.input(description="审核推荐（本级）")
class ReviewSanatoriumNominationInput:
    nomination_id: strawberry.ID = refers("SanatoriumNomination", "推荐 ID")
    decision: SanatoriumDecision = strawberry.field(description="审核结论")
    opinion: str = strawberry.field(default="", description="审核意见（不同意时必填）")


@strawberry.input(description="撤回推荐")
class WithdrawSanatoriumNominationInput:
    nomination_id: strawberry.ID = refers("SanatoriumNomination", "推荐 ID")
    reason: str = strawberry.field(description="撤回原因")


@strawberry.input(description="登记是否参加疗养")
class RecordSanatoriumAttendanceInput:
    nomination_id: strawberry.ID = refers("SanatoriumNomination", "推荐 ID")
    attended: bool = strawberry.field(description="是否参加")


SanatoriumSitePayload = payload("SanatoriumSite", "sanatorium_site", SanatoriumSite, "疗养地")
SanatoriumPlanPayload = payload("SanatoriumPlan", "sanatorium_plan", SanatoriumPlan, "计划")
SanatoriumBatchPayload = payload("SanatoriumBatch", "sanatorium_batch", SanatoriumBatch, "批次")
SanatoriumNominationPayload = payload("SanatoriumNomination", "sanatorium_nomination", SanatoriumNomination, "推荐")


# --- filters and queries --------------------------------------------------------------------


@strawberry.input(description="疗养地筛选条件（各条件同时满足）")
class SanatoriumSiteFilter:
    owner_id: strawberry.ID | None = strawberry.field(default=None, description="所属部门")
    search: str | None = strawberry.field(default=None, description="名称包含的文字")


@strawberry.input(description="年度计划筛选条件（各条件同时满足）")
class SanatoriumPlanFilter:
    year: int | None = strawberry.field(default=None, description="年度")
    tier: SanatoriumTier | None = strawberry.field(default=None, description="层级")
    owner_id: strawberry.ID | None = strawberry.field(default=None, description="制定计划的部门")


@strawberry.input(description="批次筛选条件（各条件同时满足）")
class SanatoriumBatchFilter:
    plan_id: strawberry.ID | None = strawberry.field(default=None, description="所属计划")
    site_id: strawberry.ID | None = strawberry.field(default=None, description="疗养地")
    status: SanatoriumBatchStatus | None = strawberry.field(default=None, description="状态")


@strawberry.input(description="疗养推荐筛选条件（各条件同时满足）")
class SanatoriumNominationFilter:
    batch_id: strawberry.ID | None = strawberry.field(default=None, description="批次")
    plan_id: strawberry.ID | None = strawberry.field(default=None, description="计划（其下全部批次）")
    status: SanatoriumNominationStatus | None = strawberry.field(default=None, description="状态")
    pending_level: SanatoriumReviewLevel | None = strawberry.field(default=None, description="待审核的层级")


@strawberry.input(description="疗养候选人筛选条件：计划必填，可再指定拟推荐的批次")
class SanatoriumCandidateFilter:
    plan_id: strawberry.ID = strawberry.field(description="计划")
    batch_id: strawberry.ID | None = strawberry.field(default=None, description="拟推荐的批次（排除时间重叠者）")


#: the type of the global IDs a filter field holds
_REFERS = {
    "owner_id": "Agency",
    "plan_id": "SanatoriumPlan",
    "site_id": "SanatoriumSite",
    "batch_id": "SanatoriumBatch",
}


def _deprecated(description: str, replacement: str) -> Any:
    """A loose list argument that moved into ``filter``: it still works until 0.3."""
    return strawberry.argument(
        description=description, deprecation_reason=f"请改用 filter.{replacement}；将在 0.3 删除"
    )


def _criteria(where: Any, **loose: Any) -> dict[str, Any] | None:
    """The conditions of a filter as service arguments (global IDs decoded), the deprecated
    loose arguments filling in those it leaves out; None when an ID can match no row."""
    given = {name: value for name, value in loose.items() if value is not None}
    if where is not None:
        given.update({name: value for name, value in input_values(where).items() if value is not None})
    try:
        ids = {name: decode_id(given[name], refers, name) for name, refers in _REFERS.items() if name in given}
    except ServiceError:
        return None
    return {**given, **ids}


async def _page(
    info: Info,
    query: Callable[..., QuerySet[Any]],
    criteria: dict[str, Any] | None,
    ordering: Sequence[str],
    first: int,
    after: str | None,
) -> Connection[Any]:
    """One page of ``query(principal, **criteria)``, or an empty one when no row can match."""
    if criteria is None:
        return paginate_sequence([], first, after)
    return await paginate(query(info.context.principal, **criteria).order_by(*ordering), first, after, info)


@strawberry.type
class SanatoriumQuery:
    @strawberry.field(description="疗养地列表（本部门及上级部门的）")
    async def sanatorium_sites(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: SanatoriumSiteFilter | None = None,
    ) -> Connection[SanatoriumSite]:
        return await _page(info, services.sites_query, _criteria(filter), ("id",), first, after)

    @strawberry.field(description="年度计划列表（本部门及上级部门制定的；按年度倒序）")
    async def sanatorium_plans(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: SanatoriumPlanFilter | None = None,
        year: Annotated[int | None, _deprecated("只看该年度的", "year")] = None,
        tier: Annotated[SanatoriumTier | None, _deprecated("只看该层级的", "tier")] = None,
    ) -> Connection[SanatoriumPlan]:
        criteria = _criteria(filter, year=year, tier=tier)
        return await _page(info, services.plans_query, criteria, ("-year", "id"), first, after)

    @strawberry.field(description="按 ID 取年度计划")
    async def sanatorium_plan(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="计划 ID")]
    ) -> SanatoriumPlan | None:
        return await _node(info, m.SanatoriumPlan, id, "SanatoriumPlan")

    @strawberry.field(description="批次列表（按开始日期）")
    async def sanatorium_batches(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: SanatoriumBatchFilter | None = None,
        plan_id: Annotated[strawberry.ID | None, _deprecated("只看该计划的", "planId")] = None,
        status: Annotated[SanatoriumBatchStatus | None, _deprecated("只看该状态的", "status")] = None,
    ) -> Connection[SanatoriumBatch]:
        criteria = _criteria(filter, plan_id=plan_id, status=status)
        return await _page(info, services.batches_query, criteria, ("starts_on", "id"), first, after)

    @strawberry.field(description="按 ID 取批次")
    async def sanatorium_batch(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="批次 ID")]
    ) -> SanatoriumBatch | None:
        return await _node(info, m.SanatoriumBatch, id, "SanatoriumBatch")

    @strawberry.field(description="疗养推荐列表（在可见范围内）")
    async def sanatorium_nominations(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: SanatoriumNominationFilter | None = None,
        batch_id: Annotated[strawberry.ID | None, _deprecated("只看该批次的", "batchId")] = None,
        status: Annotated[SanatoriumNominationStatus | None, _deprecated("只看该状态的", "status")] = None,
    ) -> Connection[SanatoriumNomination]:
        criteria = _criteria(filter, batch_id=batch_id, status=status)
        return await _page(info, services.nominations_query, criteria, ("id",), first, after)

    @strawberry.field(description="按 ID 取疗养推荐")
    async def sanatorium_nomination(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="推荐 ID")]
    ) -> SanatoriumNomination | None:
        return await _node(info, m.SanatoriumNomination, id, "SanatoriumNomination")

    @strawberry.field(
        description="计划的候选人：计划所属部门辖区内（且在本人可见范围内）符合条件的在册军休干部，"
        "排除本计划已有推荐及与指定批次时间重叠者；从未参加的在前，其次为最早参加的。计划在 filter.planId 中给出"
    )
    async def sanatorium_candidates(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: SanatoriumCandidateFilter | None = None,
        plan_id: Annotated[strawberry.ID | None, _deprecated("计划 ID", "planId")] = None,
        batch_id: Annotated[strawberry.ID | None, _deprecated("拟推荐的批次 ID（排除时间重叠者）", "batchId")] = None,
    ) -> Connection[SanatoriumCandidate]:
        if filter is None and plan_id is None:
            raise ServiceError(ErrorCode.REQUIRED, "请给出计划：filter.planId", "filter.planId")
        criteria = _criteria(filter, plan_id=plan_id, batch_id=batch_id)
        try:
            found = [] if criteria is None else await services.candidates(info.context.principal, **criteria)
        except ServiceError:  # not visible: an empty list, as for any other query
            found = []
        items = [
            SanatoriumCandidate(
                last_attended_on=c.last_attended_on,
                times_attended=c.times_attended,
                eligibility=_tier(c.eligibility),
                retiree_row=c.retiree,
            )
            for c in found
        ]
        return paginate_sequence(items, first, after)


async def _node(info: Info, model: Any, value: strawberry.ID, type_name: str) -> Any:
    try:
        return await get_visible(model, decode_id(value, type_name, "id"), info.context.principal)
    except ServiceError:
        return None


@strawberry.type
class SanatoriumMutation:
    create_sanatorium_site = mutation(
        "新建疗养地（部门）",
        requires=PLAN,
        service=services.create_site,
        input=CreateSanatoriumSiteInput,
        payload=SanatoriumSitePayload,
    )
    create_sanatorium_plan = mutation(
        "新建年度计划（部门；层级须与部门行政层级一致）",
        requires=PLAN,
        service=services.create_plan,
        input=CreateSanatoriumPlanInput,
        payload=SanatoriumPlanPayload,
    )
    set_sanatorium_quota = mutation(
        "设置机构名额（部门）",
        requires=PLAN,
        service=services.set_quota,
        input=SetSanatoriumQuotaInput,
        payload=SanatoriumPlanPayload,
    )
    create_sanatorium_batch = mutation(
        "新建批次（部门）",
        requires=PLAN,
        service=services.create_batch,
        input=CreateSanatoriumBatchInput,
        payload=SanatoriumBatchPayload,
    )
    change_sanatorium_batch_status = mutation(
        "变更批次状态：计划中 → 开放推荐 → 推荐截止 → 已结束",
        requires=PLAN,
        service=services.change_batch_status,
        input=ChangeSanatoriumBatchStatusInput,
        payload=SanatoriumBatchPayload,
    )
    nominate_sanatorium_candidate = mutation(
        "推荐疗养人选（受资格、名额、批次容量、时间重叠约束）",
        requires=NOMINATE,
        service=services.nominate,
        input=NominateSanatoriumCandidateInput,
        payload=SanatoriumNominationPayload,
    )
    submit_sanatorium_nomination = mutation(
        "提交草稿推荐（检查名额与容量）",
        requires=NOMINATE,
        service=services.submit_nomination,
        input=SubmitSanatoriumNominationInput,
        payload=SanatoriumNominationPayload,
    )
    record_sanatorium_fitness_check = mutation(
        "登记疗养前健康评估",
        requires=NOMINATE,
        service=services.record_fitness,
        input=RecordSanatoriumFitnessCheckInput,
        payload=SanatoriumNominationPayload,
    )
    review_sanatorium_nomination = mutation(
        "审核推荐：由待审层级的机构或部门审核，末级通过即审核通过",
        requires=REVIEW,
        service=services.review_nomination,
        input=ReviewSanatoriumNominationInput,
        payload=SanatoriumNominationPayload,
    )
    withdraw_sanatorium_nomination = mutation(
        "撤回推荐",
        requires=NOMINATE,
        service=services.withdraw_nomination,
        input=WithdrawSanatoriumNominationInput,
        payload=SanatoriumNominationPayload,
    )
    record_sanatorium_attendance = mutation(
        "登记是否参加疗养（审核通过且批次已开始）",
        requires=NOMINATE,
        service=services.record_attendance,
        input=RecordSanatoriumAttendanceInput,
        payload=SanatoriumNominationPayload,
    )


TYPES = [SanatoriumSite, SanatoriumPlan, SanatoriumBatch, SanatoriumNomination]
