"""What falls due in party: committees whose term ends soon (换届), one item per organisation,
due on the earliest end of a current post's term."""

import datetime as dt

from core.api import DueItem, Principal, scoped
from plugins.party.models import PartyCommitteePost
from plugins.party.permissions import MANAGE
from plugins.party.settings import current_settings


async def renewals(principal: Principal, today: dt.date) -> list[DueItem]:
    """Organisations in the principal's scope with a post whose term ends within the notice period."""
    if not principal.can(MANAGE):
        return []
    horizon = today + dt.timedelta(days=current_settings().renewal_notice_days)
    posts = await (
        scoped(PartyCommitteePost, principal)
        .filter(ended_on__isnull=True, term_ends_on__lte=horizon)
        .order_by("term_ends_on", "id")
        .select_related("organisation")
    )
    first: dict[int, PartyCommitteePost] = {}
    for post in posts:
        first.setdefault(post.organisation_id, post)
    return [
        DueItem(
            title=f"党组织换届：{post.organisation.name}",
            due_on=post.term_ends_on,
            record=post.organisation,
            detail=f"本届任期 {post.term_starts_on:%Y-%m-%d} 至 {post.term_ends_on:%Y-%m-%d}",
        )
        for post in first.values()
    ]
