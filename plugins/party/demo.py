"""Minimal demo data: a branch at each of the first institutes, with a 党小组, its retirees as
members (formal and one probationary) and a 书记 serving the current term."""

import datetime as dt
import random

from core.api import Agency, Principal, Retiree, enums, today
from plugins.party import services
from plugins.party.models import MemberStatus, OrganisationKind, PostKind


async def load_demo(principal: Principal, seed: int) -> int:
    """Create the branches and members; returns the number of members."""
    rng = random.Random(seed)
    institutes = (
        await Agency.filter(kind=enums.AgencyKind.INSTITUTE, status=enums.AgencyStatus.ACTIVE).order_by("id").limit(3)
    )
    count = 0
    for institute in institutes:
        active = Retiree.filter(agency_id=institute.id, status=enums.RetireeStatus.ACTIVE)
        retirees = await active.order_by("id").limit(8)
        if len(retirees) < 3:
            continue
        branch = await services.create_organisation(
            principal, f"{institute.name}军休干部党支部", OrganisationKind.BRANCH, institute.id
        )
        group = await services.create_organisation(
            principal, "第一党小组", OrganisationKind.GROUP, institute.id, branch.id
        )
        members = []
        for index, retiree in enumerate(retirees):
            joined = dt.date(rng.randint(1960, 1985), rng.randint(1, 12), rng.randint(1, 28))
            probationary = index == len(retirees) - 1
            members.append(
                await services.add_member(
                    principal,
                    branch.id,
                    MemberStatus.PROBATIONARY if probationary else MemberStatus.FORMAL,
                    today() - dt.timedelta(days=100) if probationary else joined,
                    retiree_id=retiree.id,
                    group_id=group.id if index % 2 == 0 else None,
                    confirmed_on=None if probationary else joined.replace(year=joined.year + 1),
                )
            )
        await services.establish_organisation(principal, branch.id, today() - dt.timedelta(days=400))
        await services.appoint_post(
            principal, branch.id, members[0].id, PostKind.SECRETARY, today() - dt.timedelta(days=400)
        )
        count += len(members)
    return count
