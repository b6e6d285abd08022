"""What falls due in sanatorium: nominations awaiting the review of the principal's agency."""

import datetime as dt

from core.api import Agency, DueItem, Principal, approval_level, as_level, scoped
from plugins.sanatorium.models import SanatoriumNomination, SanatoriumNominationStatus, SanatoriumReviewLevel
from plugins.sanatorium.permissions import REVIEW
from plugins.sanatorium.services import review_chain

AWAITING_REVIEW = (SanatoriumNominationStatus.NOMINATED, SanatoriumNominationStatus.UNDER_REVIEW)


async def pending_reviews(principal: Principal, today: dt.date) -> list[DueItem]:
    """Nominations in the principal's scope whose awaited step of the review chain belongs to
    the principal's agency (a station under an institute never does), due before their batch
    begins. The level narrows the candidates; the chain decides."""
    if principal.agency_id is None or not principal.can(REVIEW):
        return []
    level = SanatoriumReviewLevel(approval_level(await Agency.get(id=principal.agency_id)).value)
    candidates = await scoped(SanatoriumNomination, principal).filter(
        status__in=AWAITING_REVIEW, pending_level=level
    ).select_related("batch", "retiree")
    nominations = [
        nomination
        for nomination in candidates
        if (await review_chain(nomination)).awaiting(as_level(level)).agency.id == principal.agency_id
    ]
    return [
        DueItem(
            title=f"审核疗养推荐：{nomination.retiree.name}",
            due_on=nomination.batch.starts_on,
            record=nomination,
            detail=f"{nomination.batch.name}（{nomination.batch.starts_on:%Y-%m-%d} 开始）",
        )
        for nomination in nominations
    ]
