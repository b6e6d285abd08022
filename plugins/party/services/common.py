"""What the aggregates share: counting a branch's members and walking the organisation tree."""

import datetime as dt

from plugins.party.models import CURRENT_STATUSES, FORMAL_STATUSES, PartyMember, PartyOrganisation


async def formal_count(branch_id: int) -> int:
    """正式党员 of a branch (flowing members keep their formal standing)."""
    return await PartyMember.filter(branch_id=branch_id, status__in=FORMAL_STATUSES).count()


async def descendant_ids(organisation_id: int) -> list[int]:
    """The organisation and every organisation below it (the tree is shallow: four kinds)."""
    found, frontier = [organisation_id], [organisation_id]
    while frontier:
        frontier = await PartyOrganisation.filter(parent_id__in=frontier).values_list("id", flat=True)
        found.extend(frontier)
    return found


async def member_count_below(organisation_id: int) -> int:
    """Current members of the branches at or below an organisation."""
    return await PartyMember.filter(
        branch_id__in=await descendant_ids(organisation_id), status__in=CURRENT_STATUSES
    ).count()


def years_later(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February falls on 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
