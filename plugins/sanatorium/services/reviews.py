"""The review of a nomination level by level, over the core's approval chain of the agency
tree: from the nominating agency up to the plan's owner."""

from tortoise.transactions import atomic

from core.api import (
    Agency,
    ApprovalChain,
    ApprovalDecision,
    ErrorCode,
    Principal,
    ServiceError,
    approval_chain,
    as_level,
    save_versioned,
)
from plugins.sanatorium.models import (
    SanatoriumBatch,
    SanatoriumDecision,
    SanatoriumFitness,
    SanatoriumNomination,
    SanatoriumPlan,
    SanatoriumReview,
    SanatoriumReviewLevel,
)
from plugins.sanatorium.permissions import REVIEW
from plugins.sanatorium.services.common import S, locked_nomination, refuse
from plugins.sanatorium.settings import current_settings


async def review_chain(nomination: SanatoriumNomination) -> ApprovalChain:
    """From the nominating agency up to the plan's owner, who approves last; the levels in
    between as configured (``review_levels``)."""
    batch = await SanatoriumBatch.get(id=nomination.batch_id)
    plan = await SanatoriumPlan.get(id=batch.plan_id)
    agency = await Agency.get(id=nomination.agency_id)
    owner = await Agency.get(id=plan.owner_id)
    return await approval_chain(agency, owner, [as_level(level) for level in current_settings().review_levels])


@atomic()
async def review_nomination(
    principal: Principal, nomination_id: int, decision: SanatoriumDecision, opinion: str = ""
) -> SanatoriumNomination:
    """A review at the level the nomination awaits, by the agency of that step of its chain
    (``review_chain``). Approval at the last step (the plan's owner) requires a FIT health
    assessment."""
    principal.require(REVIEW)
    nomination = await locked_nomination(principal, nomination_id)
    if nomination.status not in (S.NOMINATED, S.UNDER_REVIEW) or nomination.pending_level is None:
        raise refuse(nomination, "审核")
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
