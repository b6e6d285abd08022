"""Nominating a retiree for a batch, as a draft or submitted, and withdrawing: eligibility,
quotas, the batch's capacity and overlapping stays are checked under the plan and batch locks."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from tortoise.queryset import QuerySet
from tortoise.transactions import atomic

from core.api import (
    Agency,
    ErrorCode,
    Principal,
    Retiree,
    RetireeAward,
    ServiceError,
    check_lengths,
    enums,
    get_visible,
    is_within,
    line_ids,
    require_text,
    save_versioned,
    scoped,
)
from plugins.sanatorium.errors import QUOTA_NOT_ALLOTTED
from plugins.sanatorium.models import (
    OCCUPYING,
    SanatoriumBatch,
    SanatoriumBatchStatus,
    SanatoriumCompanion,
    SanatoriumNomination,
    SanatoriumNominationStatus,
    SanatoriumPlan,
    SanatoriumQuota,
    SanatoriumReviewLevel,
)
from plugins.sanatorium.permissions import NOMINATE
from plugins.sanatorium.services.common import TAKEN, S, close, locked_nomination, refuse, used_below
from plugins.sanatorium.services.eligibility import tier_eligibility
from plugins.sanatorium.services.reviews import review_chain
from plugins.sanatorium.settings import current_settings

_WITHDRAWABLE = (S.DRAFT, S.NOMINATED, S.UNDER_REVIEW, S.APPROVED)


def nominations_query(
    principal: Principal,
    batch_id: int | None = None,
    plan_id: int | None = None,
    status: SanatoriumNominationStatus | None = None,
    pending_level: SanatoriumReviewLevel | None = None,
) -> QuerySet[SanatoriumNomination]:
    """The nominations the principal may read, of that batch, plan, status and pending review
    level if given."""
    queryset = scoped(SanatoriumNomination, principal)
    if batch_id is not None:
        queryset = queryset.filter(batch_id=batch_id)
    if plan_id is not None:
        queryset = queryset.filter(batch__plan_id=plan_id)
    if status is not None:
        queryset = queryset.filter(status=status)
    if pending_level is not None:
        queryset = queryset.filter(pending_level=pending_level)
    return queryset


async def _occupied(batch_id: int) -> int:
    people = await SanatoriumNomination.filter(batch_id=batch_id, status__in=OCCUPYING).count()
    companions = await SanatoriumCompanion.filter(
        nomination__batch_id=batch_id, nomination__status__in=OCCUPYING
    ).count()
    return people + companions


async def _check_places(nomination: SanatoriumNomination, batch: SanatoriumBatch, plan: SanatoriumPlan) -> None:
    """Quota of the plan, of the nominating agency, and the batch capacity (companions count).
    Runs with the plan and batch rows locked, so concurrent nominations serialise."""
    if await used_below(plan.id, "/") >= plan.total_quota:
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
            if await used_below(plan.id, holder.path) >= quota.quota:
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


async def _check_overlap(retiree_id: int, batch: SanatoriumBatch) -> None:
    clash = SanatoriumNomination.filter(
        retiree_id=retiree_id,
        status__in=TAKEN,
        batch__starts_on__lte=batch.ends_on,
        batch__ends_on__gte=batch.starts_on,
    )
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
    principal.require(NOMINATE)
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
    if await SanatoriumNomination.exists(batch__plan_id=plan.id, retiree_id=retiree.id, status__in=TAKEN):
        raise ServiceError(ErrorCode.DUPLICATE, "该军休干部在本计划中已有推荐", "retireeId")
    await _check_overlap(retiree.id, batch)
    config = current_settings()
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


@atomic()
async def submit_nomination(principal: Principal, nomination_id: int) -> SanatoriumNomination:
    """DRAFT → NOMINATED, checking quotas and capacity under the plan and batch locks."""
    principal.require(NOMINATE)
    visible = await get_visible(SanatoriumNomination, nomination_id, principal, "nominationId")
    plan, batch = await _lock_plan_and_batch(visible.batch_id)
    nomination = await SanatoriumNomination.filter(id=visible.id).select_for_update().get()
    if nomination.status is not S.DRAFT:
        raise refuse(nomination, "提交")
    if batch.status is not SanatoriumBatchStatus.OPEN:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该批次当前不接受推荐", "nominationId")
    await _submit(nomination, batch, plan)
    return nomination


@atomic()
async def withdraw_nomination(principal: Principal, nomination_id: int, reason: str) -> SanatoriumNomination:
    principal.require(NOMINATE)
    nomination = await locked_nomination(principal, nomination_id)
    if nomination.status not in _WITHDRAWABLE:
        raise refuse(nomination, "撤回")
    require_text(reason, "reason")
    check_lengths(SanatoriumNomination, {"reason": reason})
    await close(nomination, S.WITHDRAWN, reason.strip())
    return nomination
