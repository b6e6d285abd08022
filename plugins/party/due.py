"""What falls due in party: committees whose term ends soon (换届), one item per organisation,
due on the earliest end of a current post's term; introduction letters not yet reported whose
validity ends soon or has ended."""

import datetime as dt

from core.api import DueItem, Principal, scoped
from plugins.party.models import LetterStatus, PartyCommitteePost, PartyTransferLetter
from plugins.party.permissions import MANAGE, MEMBERS
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


async def letters(principal: Principal, today: dt.date) -> list[DueItem]:
    """Issued letters in the principal's scope whose validity ends within the notice period
    (or has ended: overdue, to be re-issued or closed)."""
    if not principal.can(MEMBERS):
        return []
    horizon = today + dt.timedelta(days=current_settings().letter_notice_days)
    rows = await (
        scoped(PartyTransferLetter, principal)
        .filter(status=LetterStatus.ISSUED, valid_until__lte=horizon)
        .order_by("valid_until", "id")
    )
    return [
        DueItem(
            title=f"组织关系介绍信待报到：{row.from_name} → {row.to_name}",
            due_on=row.valid_until,
            record=row,
            detail=f"开具于 {row.issued_on:%Y-%m-%d}，有效期至 {row.valid_until:%Y-%m-%d}",
        )
        for row in rows
    ]
