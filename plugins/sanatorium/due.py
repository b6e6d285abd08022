"""What falls due in sanatorium: nominations awaiting a review at the principal's level."""

import datetime as dt

from core.api import Agency, DueItem, Principal, approval_level, scoped
from plugins.sanatorium.models import SanatoriumNomination, SanatoriumNominationStatus, SanatoriumReviewLevel
from plugins.sanatorium.permissions import REVIEW

AWAITING_REVIEW = (SanatoriumNominationStatus.NOMINATED, SanatoriumNominationStatus.UNDER_REVIEW)


async def pending_reviews(principal: Principal, today: dt.date) -> list[DueItem]:
    """Nominations in the principal's scope whose pending level is the principal's agency's
    own level, due before their batch begins."""
    if principal.agency_id is None or not principal.can(REVIEW):
        return []
    level = SanatoriumReviewLevel(approval_level(await Agency.get(id=principal.agency_id)).value)
    nominations = (
        await scoped(SanatoriumNomination, principal)
        .filter(status__in=AWAITING_REVIEW, pending_level=level)
        .select_related("batch", "retiree")
    )
    return [
        DueItem(
            title=f"审核疗养推荐：{nomination.retiree.name}",
            due_on=nomination.batch.starts_on,
            record=nomination,
            detail=f"{nomination.batch.name}（{nomination.batch.starts_on:%Y-%m-%d} 开始）",
        )
        for nomination in nominations
    ]
