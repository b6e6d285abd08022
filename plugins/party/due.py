"""What falls due in party: committees whose term ends soon (换届), one item per organisation,
due on the earliest end of a current post's term; introduction letters not yet reported whose
validity ends soon or has ended; meeting kinds a branch has not held in the current period
(due at its end) or the last one (overdue); outflowing members' reports to their branch."""

import datetime as dt

from tortoise.expressions import Q

from core.api import DueItem, Principal, scoped
from plugins.party.models import (
    FlowDirection,
    LetterStatus,
    OrganisationKind,
    OrganisationStatus,
    PartyCommitteePost,
    PartyFlowingMember,
    PartyOrganisation,
    PartyTransferLetter,
)
from plugins.party.permissions import MANAGE, MEETINGS, MEMBERS
from plugins.party.services import compliance, next_report_due
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


async def meetings(principal: Principal, today: dt.date) -> list[DueItem]:
    """For each active branch the principal may run meetings of (a retiree: the branches they
    hold a post in, which is all scope lets them see), each kind not yet held in its current
    period or not held in the period just ended."""
    if not principal.can(MEETINGS):
        return []
    branches = await scoped(PartyOrganisation, principal).filter(
        kind=OrganisationKind.BRANCH, status=OrganisationStatus.ACTIVE
    )
    items = []
    for branch in branches:
        lines = await compliance(branch.id, today.year, today)
        if today.month == 1:  # the periods that ended with last year
            lines += [
                line for line in await compliance(branch.id, today.year - 1, today) if line.ends_on.year < today.year
            ]
        current = {line.kind: line for line in lines if line.starts_on <= today <= line.ends_on}
        ended = {}
        for line in lines:
            if line.ends_on < today and (line.kind not in ended or ended[line.kind].ends_on < line.ends_on):
                ended[line.kind] = line
        for line in [*current.values(), *ended.values()]:
            if not line.satisfied:
                items.append(
                    DueItem(
                        title=f"组织生活未开：{branch.name} {line.kind.value}",
                        due_on=line.ends_on,
                        record=branch,
                        detail=f"{line.starts_on:%Y-%m-%d} 至 {line.ends_on:%Y-%m-%d}",
                    )
                )
    return items


async def outflow_reports(principal: Principal, today: dt.date) -> list[DueItem]:
    """Outflowing members whose next report to the home branch falls due within a month (or is overdue)."""
    if not principal.can(MEMBERS):
        return []
    flows = await (
        scoped(PartyFlowingMember, principal)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), direction=FlowDirection.OUTFLOW)
        .select_related("member")
    )
    items = []
    for flow in flows:
        due = next_report_due(flow)
        if due is not None and due <= today + dt.timedelta(days=30):
            items.append(
                DueItem(
                    title=f"流出党员报告：{flow.member.name}",
                    due_on=due,
                    record=flow,
                    detail=f"在 {flow.attending_organisation} 参加组织生活",
                )
            )
    return items
