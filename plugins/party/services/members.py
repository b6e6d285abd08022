"""Party members: retirees and staff registered in one branch at a time, their standing
(预备、正式 …), 入党 and 转正 dates with 党龄 from 转正, and the end of a membership."""

import datetime as dt

from tortoise.queryset import QuerySet
from tortoise.transactions import atomic

from core.api import ErrorCode, Principal, Retiree, ServiceError, Staff, enums, get_visible, save_versioned, today
from plugins.party.errors import ALREADY_IN_BRANCH, GROUP_NOT_IN_BRANCH, NOT_A_BRANCH, ORGANISATION_NOT_ACTIVE
from plugins.party.models import (
    CURRENT_STATUSES,
    FORMAL_STATUSES,
    MemberStatus,
    OrganisationKind,
    OrganisationStatus,
    PartyMember,
    PartyOrganisation,
)
from plugins.party.permissions import MEMBERS
from plugins.party.services.organisations import end_posts_of

#: the core's political status a membership status stands for (the others leave it as it is)
POLITICAL_STATUS = {
    MemberStatus.FORMAL: enums.PoliticalStatus.CPC_MEMBER,
    MemberStatus.FLOWING_IN: enums.PoliticalStatus.CPC_MEMBER,
    MemberStatus.FLOWING_OUT: enums.PoliticalStatus.CPC_MEMBER,
    MemberStatus.PROBATIONARY: enums.PoliticalStatus.CPC_PROBATIONARY,
}
#: statuses a membership may be registered with (an ended one is not registered)
REGISTERED = (MemberStatus.FORMAL, MemberStatus.PROBATIONARY, MemberStatus.FLOWING_IN, MemberStatus.FLOWING_OUT)


def standing_years(confirmed_on: dt.date | None, on: dt.date) -> int | None:
    """党龄: whole years since 转正 (a probationary member has none yet)."""
    if confirmed_on is None:
        return None
    return on.year - confirmed_on.year - ((on.month, on.day) < (confirmed_on.month, confirmed_on.day))


def _check_dates(status: MemberStatus, joined_on: dt.date, confirmed_on: dt.date | None) -> None:
    if joined_on > today():
        raise ServiceError(ErrorCode.DATE_ORDER, "入党日期不能晚于今天", "joinedOn")
    if status is MemberStatus.PROBATIONARY and confirmed_on is not None:
        raise ServiceError(ErrorCode.INVALID_VALUE, "预备党员尚未转正，不能填写转正日期", "confirmedOn")
    if status is not MemberStatus.PROBATIONARY and confirmed_on is None:
        raise ServiceError(ErrorCode.REQUIRED, "正式党员须填写转正日期", "confirmedOn")
    if confirmed_on is not None and not joined_on <= confirmed_on <= today():
        raise ServiceError(ErrorCode.DATE_ORDER, "转正日期须在入党日期之后、今天之前", "confirmedOn")


async def _person(principal: Principal, retiree_id: int | None, staff_id: int | None) -> tuple[str, dict[str, int]]:
    if (retiree_id is None) == (staff_id is None):
        raise ServiceError(ErrorCode.REQUIRED, "须且只须指明一名军休干部或一名工作人员", "retireeId")
    if retiree_id is not None:
        retiree = await get_visible(Retiree, retiree_id, principal, "retireeId")
        if retiree.status is not enums.RetireeStatus.ACTIVE:
            raise ServiceError(ErrorCode.INVALID_TRANSITION, "军休干部已去世或已移交，不能登记为党员", "retireeId")
        return retiree.name, {"retiree_id": retiree.id}
    assert staff_id is not None
    staff = await get_visible(Staff, staff_id, principal, "staffId")
    if staff.status is not enums.StaffStatus.ACTIVE:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该工作人员已离开，不能登记为党员", "staffId")
    return staff.name, {"staff_id": staff.id}


async def _branch_and_group(
    principal: Principal, branch_id: int, group_id: int | None
) -> tuple[PartyOrganisation, int | None]:
    branch = await get_visible(PartyOrganisation, branch_id, principal, "branchId")
    if branch.kind is not OrganisationKind.BRANCH:
        raise ServiceError(NOT_A_BRANCH, "党员只能编入党支部", "branchId")
    if branch.status is OrganisationStatus.DISSOLVED:
        raise ServiceError(ORGANISATION_NOT_ACTIVE, "该党支部已撤销", "branchId")
    if group_id is None:
        return branch, None
    group = await get_visible(PartyOrganisation, group_id, principal, "groupId")
    if group.kind is not OrganisationKind.GROUP or group.parent_id != branch.id:
        raise ServiceError(GROUP_NOT_IN_BRANCH, "党小组不属于该党支部", "groupId")
    return branch, group.id


@atomic()
async def add_member(
    principal: Principal,
    branch_id: int,
    status: MemberStatus,
    joined_on: dt.date,
    retiree_id: int | None = None,
    staff_id: int | None = None,
    group_id: int | None = None,
    confirmed_on: dt.date | None = None,
) -> PartyMember:
    """Register a retiree or a staff member in a branch (and optionally one of its 党小组). A
    person belongs to one branch at a time: moving branches ends the old membership first."""
    principal.require(MEMBERS)
    name, person = await _person(principal, retiree_id, staff_id)
    branch, group = await _branch_and_group(principal, branch_id, group_id)
    if status not in REGISTERED:
        raise ServiceError(ErrorCode.INVALID_VALUE, "登记时的状态只能是正式、预备、流入或流出", "status")
    _check_dates(status, joined_on, confirmed_on)
    if await PartyMember.filter(**person, status__in=CURRENT_STATUSES).select_for_update().exists():
        field = "retireeId" if "retiree_id" in person else "staffId"
        raise ServiceError(ALREADY_IN_BRANCH, f"{name}已在一个党支部中", field)
    member = await PartyMember.create(
        name=name,
        branch_id=branch.id,
        group_id=group,
        status=status,
        joined_on=joined_on,
        joined_month=joined_on.month,
        confirmed_on=confirmed_on,
        **person,
    )
    await keep_political_status(member)
    return member


async def keep_political_status(member: PartyMember) -> None:
    """The person's political status on the core's record follows the membership (中共党员 or
    中共预备党员)."""
    political = POLITICAL_STATUS.get(member.status)
    if political is None:
        return
    person = await (Retiree.get(id=member.retiree_id) if member.retiree_id else Staff.get(id=member.staff_id))
    if person.political_status is not political:
        person.political_status = political
        await save_versioned(person, ["political_status"])


def political_birthdays(queryset: QuerySet[PartyMember], month: int) -> QuerySet[PartyMember]:
    """Current members who joined the party in ``month`` (政治生日), by day of the month."""
    return queryset.filter(status__in=CURRENT_STATUSES, joined_month=month)


def fifty_year_honourees(queryset: QuerySet[PartyMember], year: int) -> QuerySet[PartyMember]:
    """Members in good standing whose 党龄 reaches 50 years by 1 July of ``year`` (光荣在党50年)."""
    return queryset.filter(status__in=FORMAL_STATUSES, confirmed_on__lte=dt.date(year - 50, 7, 1))


async def end_memberships(retiree_id: int, ended_on: dt.date, reason: str) -> None:
    """A retiree's current membership ends (去世): status ENDED, and every post it held."""
    for member in await PartyMember.filter(retiree_id=retiree_id, status__in=CURRENT_STATUSES):
        member.status, member.ended_on, member.end_reason = MemberStatus.ENDED, ended_on, reason
        await save_versioned(member, ["status", "ended_on", "end_reason"])
        await end_posts_of(member.id, ended_on)
