"""Business rules of honor sanatorium stays (Art. 10). Resolvers, the CLI, the demo loader,
the event handlers and tests call these; each write runs in one transaction."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tortoise.transactions import atomic

from core.api import (
    Agency,
    ApprovalChain,
    ApprovalDecision,
    ErrorCode,
    Principal,
    Retiree,
    RetireeAward,
    ServiceError,
    approval_chain,
    as_level,
    check_lengths,
    enums,
    get_visible,
    is_within,
    line_ids,
    plugin_settings,
    require_text,
    save_versioned,
    scoped,
    today,
)
from plugins.sanatorium.errors import QUOTA_NOT_ALLOTTED
from plugins.sanatorium.models import (
    OCCUPYING,
    OPEN_STATUSES,
    SanatoriumBatch,
    SanatoriumBatchStatus,
    SanatoriumCompanion,
    SanatoriumDecision,
    SanatoriumFitness,
    SanatoriumNomination,
    SanatoriumNominationStatus,
    SanatoriumPlan,
    SanatoriumQuota,
    SanatoriumReview,
    SanatoriumReviewLevel,
    SanatoriumSite,
    SanatoriumTier,
)

if TYPE_CHECKING:
    from plugins.sanatorium import AwardRule, SanatoriumSettings

PLUGIN_NAME = "sanatorium"
S = SanatoriumNominationStatus

#: the department level that owns a plan of each tier
TIER_OWNER_LEVEL = {
    SanatoriumTier.NATIONAL: enums.DepartmentLevel.MINISTRY,
    SanatoriumTier.PROVINCIAL: enums.DepartmentLevel.PROVINCE,
    SanatoriumTier.CITY: enums.DepartmentLevel.CITY,
    SanatoriumTier.COUNTY: enums.DepartmentLevel.COUNTY,
}
#: legal transitions of a nomination (reviews and submission have their own functions)
#: a retiree with one of these in a plan is not nominated again in it
_TAKEN = (*OPEN_STATUSES, S.ATTENDED)
_WITHDRAWABLE = (S.DRAFT, S.NOMINATED, S.UNDER_REVIEW, S.APPROVED)
_BATCH_TRANSITIONS = {
    SanatoriumBatchStatus.PLANNED: {SanatoriumBatchStatus.OPEN},
    SanatoriumBatchStatus.OPEN: {SanatoriumBatchStatus.CLOSED},
    SanatoriumBatchStatus.CLOSED: {SanatoriumBatchStatus.OPEN, SanatoriumBatchStatus.COMPLETED},
    SanatoriumBatchStatus.COMPLETED: set(),
}


def settings() -> "SanatoriumSettings":
    from plugins.sanatorium import SanatoriumSettings

    return plugin_settings(PLUGIN_NAME, SanatoriumSettings)


def _perm(name: str) -> str:
    import plugins.sanatorium as plugin

    return getattr(plugin, name)


# --- eligibility --------------------------------------------------------------------------


@dataclass
class TierEligibility:
    """Whether a retiree's awards qualify for one tier, and which awards do."""

    tier: SanatoriumTier
    eligible: bool
    needs_recommendation: bool
    awards: list[Any] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


def _matches(rule: "AwardRule", award: Any) -> bool:
    return (
        award.level in rule.levels
        and (rule.period is None or award.period is rule.period)
        and (not rule.wartime_only or award.wartime)
    )


def tier_eligibility(tier: SanatoriumTier, awards: Sequence[Any]) -> TierEligibility:
    rules = settings().eligibility.get(tier, [])
    direct = [(rule, a) for rule in rules if not rule.needs_recommendation for a in awards if _matches(rule, a)]
    if direct:
        picked = direct
        needs = False
    else:
        picked = [(rule, a) for rule in rules if rule.needs_recommendation for a in awards if _matches(rule, a)]
        needs = bool(picked)
    qualifying = list({id(a): a for _, a in picked}.values())
    labels = list(dict.fromkeys(rule.label for rule, _ in picked if rule.label))
    return TierEligibility(tier, bool(picked), needs, qualifying, labels)


def eligibility(awards: Sequence[Any]) -> list[TierEligibility]:
    return [tier_eligibility(tier, awards) for tier in SanatoriumTier]


# --- the review chain (core.approvals over the agency tree) --------------------------------


async def review_chain(nomination: SanatoriumNomination) -> ApprovalChain:
    """From the nominating agency up to the plan's owner, who approves last; the levels in
    between as configured (``review_levels``)."""
    batch = await SanatoriumBatch.get(id=nomination.batch_id)
    plan = await SanatoriumPlan.get(id=batch.plan_id)
    agency = await Agency.get(id=nomination.agency_id)
    owner = await Agency.get(id=plan.owner_id)
    return await approval_chain(agency, owner, [as_level(level) for level in settings().review_levels])


# --- sites, plans, quotas, batches --------------------------------------------------------


async def _department(principal: Principal, agency_id: int, field_name: str) -> Agency:
    agency = await get_visible(Agency, agency_id, principal, field_name)
    if agency.kind is not enums.AgencyKind.DEPARTMENT:
        raise ServiceError(ErrorCode.INVALID_VALUE, "须为退役军人事务部门", field_name)
    if agency.status is not enums.AgencyStatus.ACTIVE:
        raise ServiceError(ErrorCode.AGENCY_INACTIVE, "该部门已撤销或已合并", field_name)
    return agency


def _positive(value: int, field_name: str, label: str) -> None:
    if value < 1 or value > 100000:
        raise ServiceError(ErrorCode.INVALID_VALUE, f"{label}应在 1 到 100000 之间", field_name)


async def _owned(principal: Principal, model: Any, pk: int, field_name: str, owner_path: str) -> Any:
    """A catalog row the principal may change: visible, and owned by an agency in its subtree
    (agencies below only read what a department shares with them)."""
    row = await get_visible(model, pk, principal, field_name)
    if not principal.is_system:
        owner = await Agency.get(id=await _owner_id(row, owner_path))
        if principal.agency_path is None or not is_within(owner, principal.agency_path):
            raise ServiceError(ErrorCode.FORBIDDEN, "只有计划所属部门（或其上级）可以修改", field_name)
    return row


async def _owner_id(row: Any, owner_path: str) -> int:
    if owner_path == "owner":
        return row.owner_id
    plan = await SanatoriumPlan.get(id=row.plan_id)
    return plan.owner_id


@atomic()
async def create_site(
    principal: Principal, owner_id: int, name: str, beds: int, region: str = "", address: str = ""
) -> SanatoriumSite:
    principal.require(_perm("PLAN"))
    owner = await _department(principal, owner_id, "ownerId")
    require_text(name, "name")
    _positive(beds, "beds", "床位数")
    values = {"name": name.strip(), "region": region.strip(), "address": address.strip()}
    check_lengths(SanatoriumSite, values)
    return await SanatoriumSite.create(owner_id=owner.id, beds=beds, **values)


@atomic()
async def create_plan(
    principal: Principal,
    owner_id: int,
    year: int,
    tier: SanatoriumTier,
    title: str,
    total_quota: int,
    quotas: Sequence[Mapping[str, int]] = (),
) -> SanatoriumPlan:
    """An annual plan of one tier; the owner's level must match the tier (省厅 → 省级)."""
    principal.require(_perm("PLAN"))
    owner = await _department(principal, owner_id, "ownerId")
    if owner.level is not TIER_OWNER_LEVEL[tier]:
        raise ServiceError(ErrorCode.INVALID_VALUE, "计划层级须与所属部门的行政层级一致", "tier")
    if not 2000 <= year <= 2100:
        raise ServiceError(ErrorCode.INVALID_VALUE, "年度应在 2000 到 2100 之间", "year")
    require_text(title, "title")
    check_lengths(SanatoriumPlan, {"title": title})
    _positive(total_quota, "totalQuota", "总名额")
    if await SanatoriumPlan.exists(owner_id=owner.id, year=year, tier=tier):
        raise ServiceError(ErrorCode.DUPLICATE, f"该部门 {year} 年已有该层级的计划", "year")
    plan = await SanatoriumPlan.create(
        owner_id=owner.id, year=year, tier=tier, title=title.strip(), total_quota=total_quota
    )
    for index, row in enumerate(quotas):
        await _set_quota(principal, plan, owner, row["agency_id"], row["quota"], f"quotas.{index}.")
    await _check_quota_sum(plan)
    return plan


async def _set_quota(
    principal: Principal, plan: SanatoriumPlan, owner: Agency, agency_id: int, quota: int, prefix: str = ""
) -> SanatoriumQuota | None:
    agency = await get_visible(Agency, agency_id, principal, prefix + "agencyId")
    if agency.id == owner.id or not is_within(agency, owner):
        raise ServiceError(ErrorCode.INVALID_VALUE, "名额只能分配给计划所属部门的下级机构", prefix + "agencyId")
    if quota < 0 or quota > plan.total_quota:
        raise ServiceError(ErrorCode.INVALID_VALUE, "机构名额应在 0 到总名额之间", prefix + "quota")
    row = await SanatoriumQuota.get_or_none(plan_id=plan.id, agency_id=agency.id)
    if row is None:
        return await SanatoriumQuota.create(plan_id=plan.id, agency_id=agency.id, quota=quota)
    row.quota = quota
    await row.save(update_fields=["quota"])
    return row


async def _check_quota_sum(plan: SanatoriumPlan) -> None:
    allotted = sum(row.quota for row in await SanatoriumQuota.filter(plan_id=plan.id))
    if allotted > plan.total_quota:
        raise ServiceError(
            ErrorCode.QUOTA_EXCEEDED, f"各机构名额合计 {allotted} 超过总名额 {plan.total_quota}", "quotas"
        )


@atomic()
async def set_quota(principal: Principal, plan_id: int, agency_id: int, quota: int) -> SanatoriumPlan:
    """Allot (or change) an agency's places in a plan; never below the places already used."""
    principal.require(_perm("PLAN"))
    plan = await _owned(principal, SanatoriumPlan, plan_id, "planId", "owner")
    await SanatoriumPlan.filter(id=plan.id).select_for_update().get()
    owner = await Agency.get(id=plan.owner_id)
    row = await _set_quota(principal, plan, owner, agency_id, quota)
    assert row is not None
    agency = await Agency.get(id=row.agency_id)
    used = await _used_below(plan.id, agency.path)
    if used > quota:
        raise ServiceError(ErrorCode.QUOTA_EXCEEDED, f"该机构已占用 {used} 个名额，不能低于此数", "quota")
    await _check_quota_sum(plan)
    return plan


def _check_batch_dates(plan: SanatoriumPlan, starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "结束日期不能早于开始日期", "endsOn")
    for value, name in ((starts_on, "startsOn"), (ends_on, "endsOn")):
        if value.year != plan.year:
            raise ServiceError(ErrorCode.DATE_ORDER, f"批次日期须在计划年度 {plan.year} 年内", name)


@atomic()
async def create_batch(
    principal: Principal,
    plan_id: int,
    site_id: int,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int,
    family_allowed: bool = False,
    programme: str = "",
) -> SanatoriumBatch:
    principal.require(_perm("PLAN"))
    plan = await _owned(principal, SanatoriumPlan, plan_id, "planId", "owner")
    site = await get_visible(SanatoriumSite, site_id, principal, "siteId")
    require_text(name, "name")
    check_lengths(SanatoriumBatch, {"name": name, "programme": programme})
    _check_batch_dates(plan, starts_on, ends_on)
    _positive(capacity, "capacity", "容量")
    if capacity > site.beds:
        raise ServiceError(ErrorCode.INVALID_VALUE, f"容量不能超过疗养地床位数 {site.beds}", "capacity")
    return await SanatoriumBatch.create(
        plan_id=plan.id, site_id=site.id, name=name.strip(), starts_on=starts_on, ends_on=ends_on,
        capacity=capacity, family_allowed=family_allowed, programme=programme.strip(),
    )


@atomic()
async def change_batch_status(
    principal: Principal, batch_id: int, status: SanatoriumBatchStatus
) -> SanatoriumBatch:
    """PLANNED → OPEN → CLOSED → COMPLETED (a closed batch may reopen)."""
    principal.require(_perm("PLAN"))
    batch = await _owned(principal, SanatoriumBatch, batch_id, "batchId", "plan")
    batch = await SanatoriumBatch.filter(id=batch.id).select_for_update().get()
    if status not in _BATCH_TRANSITIONS[batch.status]:
        raise ServiceError(
            ErrorCode.INVALID_TRANSITION, f"批次状态不能从 {batch.status.value} 变为 {status.value}", "status"
        )
    if status is SanatoriumBatchStatus.COMPLETED and today() < batch.ends_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "批次结束前不能标记为已结束", "status")
    batch.status = status
    await save_versioned(batch, ["status"])
    return batch


# --- nominations --------------------------------------------------------------------------


async def _occupied(batch_id: int) -> int:
    people = await SanatoriumNomination.filter(batch_id=batch_id, status__in=OCCUPYING).count()
    companions = await SanatoriumCompanion.filter(
        nomination__batch_id=batch_id, nomination__status__in=OCCUPYING
    ).count()
    return people + companions


async def _used_below(plan_id: int, agency_path: str) -> int:
    return await SanatoriumNomination.filter(
        batch__plan_id=plan_id, status__in=OCCUPYING, agency__path__startswith=agency_path
    ).count()


async def _check_places(nomination: SanatoriumNomination, batch: SanatoriumBatch, plan: SanatoriumPlan) -> None:
    """Quota of the plan, of the nominating agency, and the batch capacity (companions count).
    Runs with the plan and batch rows locked, so concurrent nominations serialise."""
    if await _used_below(plan.id, "/") >= plan.total_quota:
        raise ServiceError(ErrorCode.QUOTA_EXCEEDED, f"计划总名额 {plan.total_quota} 已用完", "batchId")
    quotas = await SanatoriumQuota.filter(plan_id=plan.id)
    if quotas:
        agency = await Agency.get(id=nomination.agency_id)
        line = line_ids(agency)
        covering = [q for q in quotas if q.agency_id in line]
        if not covering:
            raise ServiceError(QUOTA_NOT_ALLOTTED, "本机构在该计划中没有分配名额", "retireeId")
        for quota in covering:
            holder = await Agency.get(id=quota.agency_id)
            if await _used_below(plan.id, holder.path) >= quota.quota:
                raise ServiceError(
                    ErrorCode.QUOTA_EXCEEDED, f"{holder.name}的名额（{quota.quota} 人）已用完", "retireeId"
                )
    companions = await SanatoriumCompanion.filter(nomination_id=nomination.id).count()
    needed = 1 + companions
    occupied = await _occupied(batch.id)
    if occupied + needed > batch.capacity:
        raise ServiceError(
            ErrorCode.CAPACITY_EXCEEDED,
            f"批次容量 {batch.capacity} 人，已占 {occupied} 人，不足以安排本人及随行家属 {needed} 人",
            "batchId",
        )


async def _lock_plan_and_batch(batch_id: int) -> tuple[SanatoriumPlan, SanatoriumBatch]:
    batch = await SanatoriumBatch.get(id=batch_id)
    plan = await SanatoriumPlan.filter(id=batch.plan_id).select_for_update().get()
    batch = await SanatoriumBatch.filter(id=batch_id).select_for_update().get()
    return plan, batch


async def _check_overlap(retiree_id: int, batch: SanatoriumBatch, exclude: int | None = None) -> None:
    clash = SanatoriumNomination.filter(
        retiree_id=retiree_id,
        status__in=_TAKEN,
        batch__starts_on__lte=batch.ends_on,
        batch__ends_on__gte=batch.starts_on,
    )
    if exclude is not None:
        clash = clash.exclude(id=exclude)
    if await clash.exists():
        raise ServiceError(ErrorCode.SCHEDULE_CONFLICT, "该军休干部已有时间重叠的疗养批次", "batchId")


@atomic()
async def nominate(
    principal: Principal,
    batch_id: int,
    retiree_id: int,
    companions: Sequence[Mapping[str, Any]] = (),
    recommendation: str = "",
    submit: bool = True,
) -> SanatoriumNomination:
    """Nominate an eligible retiree of the principal's scope for a batch (as a draft, or
    submitted at once: then quotas and capacity are checked under a lock)."""
    principal.require(_perm("NOMINATE"))
    visible = await get_visible(SanatoriumBatch, batch_id, principal, "batchId")
    retiree = await get_visible(Retiree, retiree_id, principal, "retireeId")
    plan, batch = await _lock_plan_and_batch(visible.id)
    await Retiree.filter(id=retiree.id).select_for_update().get()  # one person, one at a time
    retiree = await Retiree.get(id=retiree.id)
    if retiree.status is not enums.RetireeStatus.ACTIVE:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该军休干部已去世或已转出", "retireeId")
    allowed = (SanatoriumBatchStatus.OPEN,) if submit else (SanatoriumBatchStatus.PLANNED, SanatoriumBatchStatus.OPEN)
    if batch.status not in allowed:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该批次当前不接受推荐", "batchId")
    owner = await Agency.get(id=plan.owner_id)
    agency = await Agency.get(id=retiree.agency_id)
    if not is_within(agency, owner):
        raise ServiceError(ErrorCode.INVALID_VALUE, "该军休干部不在计划所属部门的辖区内", "retireeId")
    awards = await RetireeAward.filter(retiree_id=retiree.id)
    verdict = tier_eligibility(plan.tier, awards)
    if not verdict.eligible:
        raise ServiceError(ErrorCode.INVALID_VALUE, "该军休干部的立功受奖情况不符合该层级疗养条件", "retireeId")
    if verdict.needs_recommendation and not recommendation.strip():
        raise ServiceError(ErrorCode.REQUIRED, "凭该奖励入选须填写推荐意见", "recommendation")
    check_lengths(SanatoriumNomination, {"recommendation": recommendation})
    if await SanatoriumNomination.exists(batch__plan_id=plan.id, retiree_id=retiree.id, status__in=_TAKEN):
        raise ServiceError(ErrorCode.DUPLICATE, "该军休干部在本计划中已有推荐", "retireeId")
    await _check_overlap(retiree.id, batch)
    config = settings()
    if companions and not batch.family_allowed:
        raise ServiceError(ErrorCode.INVALID_VALUE, "该批次不安排家属随行", "companions")
    if len(companions) > config.max_companions:
        raise ServiceError(ErrorCode.INVALID_VALUE, f"随行家属最多 {config.max_companions} 人", "companions")
    nomination = await SanatoriumNomination.create(
        batch_id=batch.id, retiree_id=retiree.id, agency_id=retiree.agency_id, recommendation=recommendation.strip()
    )
    for index, values in enumerate(companions):
        require_text(values.get("name"), f"companions.{index}.name")
        check_lengths(SanatoriumCompanion, {"name": values["name"]}, f"companions.{index}.")
        await SanatoriumCompanion.create(
            nomination_id=nomination.id, name=values["name"].strip(), relation=values["relation"]
        )
    if submit:
        await _submit(nomination, batch, plan)
    return nomination


async def _submit(nomination: SanatoriumNomination, batch: SanatoriumBatch, plan: SanatoriumPlan) -> None:
    await _check_places(nomination, batch, plan)
    chain = await review_chain(nomination)
    nomination.status = S.NOMINATED
    nomination.pending_level = SanatoriumReviewLevel(chain.first.level.value)
    nomination.nominated_at = dt.datetime.now(dt.UTC)
    await save_versioned(nomination, ["status", "pending_level", "nominated_at"])


async def _nomination(principal: Principal, nomination_id: int) -> SanatoriumNomination:
    visible = await get_visible(SanatoriumNomination, nomination_id, principal, "nominationId")
    return await SanatoriumNomination.filter(id=visible.id).select_for_update().get()


def _refuse(nomination: SanatoriumNomination, action: str) -> ServiceError:
    return ServiceError(
        ErrorCode.INVALID_TRANSITION, f"状态为 {nomination.status.value} 的推荐不能{action}", "nominationId"
    )


@atomic()
async def submit_nomination(principal: Principal, nomination_id: int) -> SanatoriumNomination:
    """DRAFT → NOMINATED, checking quotas and capacity under the plan and batch locks."""
    principal.require(_perm("NOMINATE"))
    visible = await get_visible(SanatoriumNomination, nomination_id, principal, "nominationId")
    plan, batch = await _lock_plan_and_batch(visible.batch_id)
    nomination = await SanatoriumNomination.filter(id=visible.id).select_for_update().get()
    if nomination.status is not S.DRAFT:
        raise _refuse(nomination, "提交")
    if batch.status is not SanatoriumBatchStatus.OPEN:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该批次当前不接受推荐", "nominationId")
    await _submit(nomination, batch, plan)
    return nomination


@atomic()
async def record_fitness(
    principal: Principal, nomination_id: int, fitness: SanatoriumFitness, checked_on: dt.date, note: str = ""
) -> SanatoriumNomination:
    """The health assessment before approval (以休为主、安全第一)."""
    principal.require(_perm("NOMINATE"))
    nomination = await _nomination(principal, nomination_id)
    if nomination.status not in (S.DRAFT, S.NOMINATED, S.UNDER_REVIEW):
        raise _refuse(nomination, "登记健康评估")
    if fitness is SanatoriumFitness.PENDING:
        raise ServiceError(ErrorCode.INVALID_VALUE, "请给出评估结论", "fitness")
    if checked_on > today():
        raise ServiceError(ErrorCode.DATE_ORDER, "评估日期不能晚于今天", "checkedOn")
    check_lengths(SanatoriumNomination, {"fitness_note": note})
    nomination.fitness = fitness
    nomination.fitness_checked_on = checked_on
    nomination.fitness_note = note.strip()
    await save_versioned(nomination, ["fitness", "fitness_checked_on", "fitness_note"])
    return nomination


@atomic()
async def review_nomination(
    principal: Principal, nomination_id: int, decision: SanatoriumDecision, opinion: str = ""
) -> SanatoriumNomination:
    """A review at the level the nomination awaits, by the agency of that step of its chain
    (``review_chain``). Approval at the last step (the plan's owner) requires a FIT health
    assessment."""
    principal.require(_perm("REVIEW"))
    nomination = await _nomination(principal, nomination_id)
    if nomination.status not in (S.NOMINATED, S.UNDER_REVIEW) or nomination.pending_level is None:
        raise _refuse(nomination, "审核")
    chain = await review_chain(nomination)
    pending, verdict = as_level(nomination.pending_level), ApprovalDecision(decision.value)
    link = chain.authorize(principal, pending, verdict, opinion, SanatoriumReview, "nominationId")
    last = chain.is_last(pending)
    if verdict is ApprovalDecision.APPROVE and last and nomination.fitness is not SanatoriumFitness.FIT:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "审核通过前须完成健康评估且结论为适宜疗养", "nominationId")
    await chain.record(principal, link, verdict, opinion, SanatoriumReview, nomination_id=nomination.id)
    following = chain.after(pending)
    if verdict is ApprovalDecision.REJECT:
        nomination.status, nomination.pending_level = S.REJECTED, None
    elif following is None:
        nomination.status, nomination.pending_level = S.APPROVED, None
    else:
        nomination.status, nomination.pending_level = S.UNDER_REVIEW, SanatoriumReviewLevel(following.level.value)
    await save_versioned(nomination, ["status", "pending_level"])
    return nomination


@atomic()
async def withdraw_nomination(principal: Principal, nomination_id: int, reason: str) -> SanatoriumNomination:
    principal.require(_perm("NOMINATE"))
    nomination = await _nomination(principal, nomination_id)
    if nomination.status not in _WITHDRAWABLE:
        raise _refuse(nomination, "撤回")
    require_text(reason, "reason")
    check_lengths(SanatoriumNomination, {"reason": reason})
    await _close(nomination, S.WITHDRAWN, reason.strip())
    return nomination


async def _close(nomination: SanatoriumNomination, status: Any, reason: str) -> None:
    nomination.status, nomination.pending_level, nomination.reason = status, None, reason[:500]
    await save_versioned(nomination, ["status", "pending_level", "reason"])


@atomic()
async def record_attendance(principal: Principal, nomination_id: int, attended: bool) -> SanatoriumNomination:
    """APPROVED → ATTENDED | NO_SHOW, once the batch has begun."""
    principal.require(_perm("NOMINATE"))
    nomination = await _nomination(principal, nomination_id)
    if nomination.status is not S.APPROVED:
        raise _refuse(nomination, "登记参加情况")
    batch = await SanatoriumBatch.get(id=nomination.batch_id)
    if today() < batch.starts_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "批次开始前不能登记参加情况", "attended")
    nomination.status = S.ATTENDED if attended else S.NO_SHOW
    await save_versioned(nomination, ["status"])
    return nomination


# --- events (run inside the firing write's transaction) -----------------------------------


async def withdraw_open_nominations(retiree_id: int, reason: str) -> int:
    rows = await SanatoriumNomination.filter(retiree_id=retiree_id, status__in=OPEN_STATUSES).select_for_update()
    for row in rows:
        await _close(row, S.WITHDRAWN, reason)
    return len(rows)


async def follow_transfer(retiree: Retiree, to_agency: Agency | None) -> None:
    """Out of the system: withdrawn. To another agency: the nomination moves with the retiree
    when the new agency is still under the plan's owner, and is withdrawn otherwise."""
    if to_agency is None:
        await withdraw_open_nominations(retiree.id, "军休干部已移交本系统以外，推荐自动撤回")
        return
    rows = await SanatoriumNomination.filter(retiree_id=retiree.id, status__in=OPEN_STATUSES).select_for_update()
    for row in rows:
        batch = await SanatoriumBatch.get(id=row.batch_id)
        plan = await SanatoriumPlan.get(id=batch.plan_id)
        owner = await Agency.get(id=plan.owner_id)
        if is_within(to_agency, owner):
            row.agency_id = to_agency.id
            await save_versioned(row, ["agency_id"])
        else:
            await _close(row, S.WITHDRAWN, f"军休干部已转至{to_agency.name}（不在计划辖区内），推荐自动撤回")


async def follow_merge(source: Agency, target: Agency) -> None:
    """The source's nominations and quotas move to the target (quotas add up)."""
    await SanatoriumNomination.filter(agency_id=source.id).update(agency_id=target.id)
    for quota in await SanatoriumQuota.filter(agency_id=source.id):
        existing = await SanatoriumQuota.get_or_none(plan_id=quota.plan_id, agency_id=target.id)
        if existing is None:
            quota.agency_id = target.id
            await quota.save(update_fields=["agency_id"])
        else:
            existing.quota += quota.quota
            await existing.save(update_fields=["quota"])
            await quota.delete()


# --- candidates and reports ---------------------------------------------------------------


@dataclass
class Candidate:
    retiree: Retiree
    eligibility: TierEligibility
    last_attended_on: dt.date | None
    times_attended: int


async def candidates(principal: Principal, plan_id: int, batch_id: int | None = None) -> list[Candidate]:
    """Eligible retirees for a plan, within the plan owner's subtree and the principal's scope,
    the deceased and transferred excluded, as are those already nominated in this plan or in a
    batch overlapping ``batch_id``; never attended first, then least recently attended."""
    plan = await get_visible(SanatoriumPlan, plan_id, principal, "planId")
    owner = await Agency.get(id=plan.owner_id)
    rules = settings().eligibility.get(plan.tier, [])
    levels = {level for rule in rules for level in rule.levels}
    awards = await scoped(RetireeAward, principal).filter(
        level__in=list(levels), retiree__status=enums.RetireeStatus.ACTIVE,
        retiree__agency__path__startswith=owner.path,
    )
    by_retiree: dict[int, list[Any]] = defaultdict(list)
    for award in awards:
        by_retiree[award.retiree_id].append(award)
    verdicts = {pk: tier_eligibility(plan.tier, rows) for pk, rows in by_retiree.items()}
    eligible = [pk for pk, verdict in verdicts.items() if verdict.eligible]
    busy = set(
        await SanatoriumNomination.filter(
            retiree_id__in=eligible, batch__plan_id=plan.id, status__in=_TAKEN
        ).values_list("retiree_id", flat=True)
    )
    if batch_id is not None:
        batch = await get_visible(SanatoriumBatch, batch_id, principal, "batchId")
        busy |= set(
            await SanatoriumNomination.filter(
                retiree_id__in=eligible, status__in=_TAKEN,
                batch__starts_on__lte=batch.ends_on, batch__ends_on__gte=batch.starts_on,
            ).values_list("retiree_id", flat=True)
        )
    wanted = [pk for pk in eligible if pk not in busy]
    retirees = await scoped(Retiree, principal).filter(id__in=wanted, status=enums.RetireeStatus.ACTIVE)
    history: dict[int, list[dt.date]] = defaultdict(list)
    for retiree_id, ends_on in await SanatoriumNomination.filter(
        retiree_id__in=wanted, status=S.ATTENDED
    ).values_list("retiree_id", "batch__ends_on"):
        history[retiree_id].append(ends_on)
    found = [
        Candidate(r, verdicts[r.id], max(history[r.id]) if history[r.id] else None, len(history[r.id]))
        for r in retirees
    ]
    found.sort(key=lambda c: (c.last_attended_on is not None, c.last_attended_on or dt.date.min, c.retiree.id))
    return found


@dataclass
class QuotaUse:
    agency: Agency | None
    quota: int
    used: int

    @property
    def remaining(self) -> int:
        return max(self.quota - self.used, 0)


async def quota_usage(principal: Principal, plan_id: int) -> list[QuotaUse]:
    """Per agency with a quota, the places used (nominated, in review, approved or attended);
    the first row (agency None) is the plan's total."""
    plan = await get_visible(SanatoriumPlan, plan_id, principal, "planId")
    rows = [QuotaUse(None, plan.total_quota, await _used_below(plan.id, "/"))]
    quotas = await SanatoriumQuota.filter(plan_id=plan.id)
    agencies = {a.id: a for a in await Agency.filter(id__in=[q.agency_id for q in quotas])}
    for quota in quotas:
        agency = agencies[quota.agency_id]
        rows.append(QuotaUse(agency, quota.quota, await _used_below(plan.id, agency.path)))
    return rows


@dataclass
class RosterLine:
    name: str
    gender: str
    age: int
    agency: str
    companions: str
    status: str
    fitness: str


_GENDER = {"MALE": "男", "FEMALE": "女"}
_RELATION = {"SPOUSE": "配偶", "CHILD": "子女", "PARENT": "父母", "SIBLING": "兄弟姐妹", "OTHER": "其他亲属"}
STATUS_LABEL = {
    "DRAFT": "草稿", "NOMINATED": "已推荐", "UNDER_REVIEW": "审核中", "APPROVED": "审核通过", "REJECTED": "未通过",
    "WITHDRAWN": "已撤回", "ATTENDED": "已参加", "NO_SHOW": "未参加",
}
_FITNESS = {"PENDING": "未评估", "FIT": "适宜", "UNFIT": "不宜"}


async def roster(
    principal: Principal, batch_id: int, statuses: Iterable[Any] = (*OCCUPYING, S.NO_SHOW)
) -> list[RosterLine]:
    """The people of a batch (no ID numbers): for the department's roster and its CSV export."""
    batch = await get_visible(SanatoriumBatch, batch_id, principal, "batchId")
    nominations = await scoped(SanatoriumNomination, principal).filter(batch_id=batch.id, status__in=list(statuses))
    retirees = {r.id: r for r in await Retiree.filter(id__in=[n.retiree_id for n in nominations])}
    agencies = {a.id: a for a in await Agency.filter(id__in=[n.agency_id for n in nominations])}
    companions: dict[int, list[str]] = defaultdict(list)
    for c in await SanatoriumCompanion.filter(nomination_id__in=[n.id for n in nominations]):
        companions[c.nomination_id].append(f"{c.name}（{_RELATION[c.relation.value]}）")
    lines = []
    for n in nominations:
        r = retirees[n.retiree_id]
        lines.append(RosterLine(
            r.name, _GENDER[r.gender.value], r.age(), agencies[n.agency_id].name, "、".join(companions[n.id]),
            STATUS_LABEL[n.status.value], _FITNESS[n.fitness.value],
        ))
    return lines
