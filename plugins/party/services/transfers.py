"""组织关系转接: introduction letters ``ISSUED → REPORTED → RECEIPTED | EXPIRED``. The core's
transfer and receive events open them; a letter not reported within its validity expires."""

import datetime as dt

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import atomic

from core.api import (
    Agency,
    ErrorCode,
    Principal,
    Retiree,
    ServiceError,
    check_lengths,
    enums,
    get_visible,
    save_versioned,
    today,
)
from plugins.party.errors import LETTER_EXPIRED, LETTER_TO_OWN_ORGANISATION, NOT_A_BRANCH
from plugins.party.models import (
    CURRENT_STATUSES,
    LetterDirection,
    LetterStatus,
    MemberStatus,
    OrganisationKind,
    PartyMember,
    PartyOrganisation,
    PartyTransferLetter,
)
from plugins.party.permissions import MEMBERS
from plugins.party.services.organisations import end_posts_of
from plugins.party.settings import current_settings

#: what a retiree's political status says of a membership to expect from elsewhere
MEMBER_STATUSES = (enums.PoliticalStatus.CPC_MEMBER, enums.PoliticalStatus.CPC_PROBATIONARY)
TRANSFERRED_OUT = "组织关系转出"


def effective_status(letter: PartyTransferLetter, on: dt.date) -> LetterStatus:
    """An issued letter past its validity has expired, whether or not anyone marked it."""
    if letter.status is LetterStatus.ISSUED and letter.valid_until < on:
        return LetterStatus.EXPIRED
    return letter.status


def with_status(queryset: QuerySet[PartyTransferLetter], status: LetterStatus, on: dt.date) -> QuerySet:
    """Letters whose effective status is ``status`` on ``on``."""
    if status is LetterStatus.EXPIRED:
        return queryset.filter(Q(status=LetterStatus.EXPIRED) | Q(status=LetterStatus.ISSUED, valid_until__lt=on))
    if status is LetterStatus.ISSUED:
        return queryset.filter(status=LetterStatus.ISSUED, valid_until__gte=on)
    return queryset.filter(status=status)


def _valid_until(issued_on: dt.date) -> dt.date:
    return issued_on + dt.timedelta(days=current_settings().letter_valid_days)


async def _end_membership(member: PartyMember, on: dt.date) -> None:
    member.status, member.ended_on, member.end_reason = MemberStatus.ENDED, on, TRANSFERRED_OUT
    await save_versioned(member, ["status", "ended_on", "end_reason"])
    await end_posts_of(member.id, on)


async def open_outgoing(retiree: Retiree, from_agency: Agency, to_agency: Agency | None) -> None:
    """A retiree moved elsewhere: their branch issues a letter to the receiving agency (or out
    of the system); the membership stays until the letter is reported or receipted."""
    member = await PartyMember.filter(retiree_id=retiree.id, status__in=CURRENT_STATUSES).first()
    if member is None:
        return
    branch = await PartyOrganisation.get(id=member.branch_id)
    issued = today()
    await PartyTransferLetter.create(
        direction=LetterDirection.OUTGOING,
        retiree_id=retiree.id,
        member_id=member.id,
        agency_id=branch.agency_id or from_agency.id,
        to_agency_id=to_agency.id if to_agency else None,
        from_name=branch.name,
        to_name=f"{to_agency.name}党组织" if to_agency else "本系统以外的党组织",
        issued_on=issued,
        valid_until=_valid_until(issued),
    )


async def open_incoming(retiree: Retiree) -> None:
    """A retiree received whose political status says party member, with no membership here:
    a letter to expect, to be reported at a branch of the receiving agency."""
    if retiree.political_status not in MEMBER_STATUSES:
        return
    if await PartyMember.filter(retiree_id=retiree.id, status__in=CURRENT_STATUSES).exists():
        return
    agency = await Agency.get(id=retiree.agency_id)
    issued = today()
    await PartyTransferLetter.create(
        direction=LetterDirection.INCOMING,
        retiree_id=retiree.id,
        agency_id=agency.id,
        from_name="原组织关系所在党组织",
        to_name=f"{agency.name}党组织",
        issued_on=issued,
        valid_until=_valid_until(issued),
    )


@atomic()
async def issue_letter(
    principal: Principal,
    member_id: int,
    to_name: str,
    to_organisation_id: int | None = None,
    number: str | None = None,
    issued_on: dt.date | None = None,
) -> PartyTransferLetter:
    """Issue an outgoing letter for a member (to a branch on the platform, or only named)."""
    principal.require(MEMBERS)
    member = await get_visible(PartyMember, member_id, principal, "memberId")
    if member.status not in CURRENT_STATUSES or member.retiree_id is None:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "只能为党籍存续的军休干部党员开具介绍信", "memberId")
    branch = await PartyOrganisation.get(id=member.branch_id)
    target = None
    if to_organisation_id is not None:
        target = await get_visible(PartyOrganisation, to_organisation_id, principal, "toOrganisationId")
        if target.id == branch.id:
            raise ServiceError(LETTER_TO_OWN_ORGANISATION, "介绍信不能开往党员现在所在的党支部", "toOrganisationId")
    day = issued_on or today()
    if day > today():
        raise ServiceError(ErrorCode.DATE_ORDER, "开具日期不能晚于今天", "issuedOn")
    values = {"to_name": (to_name or "").strip(), "number": (number or "").strip()}
    if not values["to_name"]:
        raise ServiceError(ErrorCode.REQUIRED, "须写明转往的党组织", "toName")
    check_lengths(PartyTransferLetter, values)
    return await PartyTransferLetter.create(
        direction=LetterDirection.OUTGOING,
        retiree_id=member.retiree_id,
        member_id=member.id,
        agency_id=branch.agency_id,
        from_name=branch.name,
        to_organisation_id=to_organisation_id,
        to_agency_id=target.agency_id if target else None,
        issued_on=day,
        valid_until=_valid_until(day),
        **values,
    )


async def _locked(principal: Principal, letter_id: int) -> PartyTransferLetter:
    await get_visible(PartyTransferLetter, letter_id, principal, "letterId")
    return await PartyTransferLetter.filter(id=letter_id).select_for_update().get()


@atomic()
async def report_letter(
    principal: Principal, letter_id: int, reported_on: dt.date | None = None, branch_id: int | None = None
) -> PartyTransferLetter:
    """报到: the member reported to the receiving organisation within the letter's validity. An
    outgoing letter reported at a branch on the platform moves the membership there at once."""
    principal.require(MEMBERS)
    letter = await _locked(principal, letter_id)
    day = reported_on or today()
    if effective_status(letter, today()) is LetterStatus.EXPIRED or day > letter.valid_until:
        raise ServiceError(LETTER_EXPIRED, "介绍信已超过有效期", "letterId")
    if letter.status is not LetterStatus.ISSUED:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "只有待报到的介绍信可以登记报到", "letterId")
    if not letter.issued_on <= day <= today():
        raise ServiceError(ErrorCode.DATE_ORDER, "报到日期须在开具之后、今天之前", "reportedOn")
    if branch_id is not None:
        branch = await get_visible(PartyOrganisation, branch_id, principal, "branchId")
        if branch.kind is not OrganisationKind.BRANCH:
            raise ServiceError(NOT_A_BRANCH, "须报到到党支部", "branchId")
        await _move_membership(letter, branch, day)
        letter.to_organisation_id, letter.to_name = branch.id, branch.name
    letter.status, letter.reported_on = LetterStatus.REPORTED, day
    await save_versioned(letter, ["status", "reported_on", "to_organisation_id", "to_name"])
    return letter


async def _move_membership(letter: PartyTransferLetter, branch: PartyOrganisation, on: dt.date) -> None:
    if letter.member_id is None:
        return  # an incoming letter: the branch registers the member (addPartyMember)
    old = await PartyMember.get(id=letter.member_id)
    if old.branch_id == branch.id:
        raise ServiceError(LETTER_TO_OWN_ORGANISATION, "党员已在该党支部", "branchId")
    if old.status not in CURRENT_STATUSES:
        return
    status = old.status
    await _end_membership(old, on)
    moved = await PartyMember.create(
        retiree_id=old.retiree_id,
        name=old.name,
        branch_id=branch.id,
        status=status,
        joined_on=old.joined_on,
        joined_month=old.joined_month,
        confirmed_on=old.confirmed_on,
    )
    letter.member_id = moved.id


@atomic()
async def receipt_letter(
    principal: Principal, letter_id: int, receipted_on: dt.date | None = None
) -> PartyTransferLetter:
    """回执: the receiving organisation confirmed; the transfer is complete and a membership
    still held here (the member went off the platform) ends."""
    principal.require(MEMBERS)
    letter = await _locked(principal, letter_id)
    if letter.status is not LetterStatus.REPORTED:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "只有已报到的介绍信可以登记回执", "letterId")
    day = receipted_on or today()
    if not letter.reported_on <= day <= today():  # type: ignore[operator]
        raise ServiceError(ErrorCode.DATE_ORDER, "回执日期须在报到之后、今天之前", "receiptedOn")
    if letter.direction is LetterDirection.OUTGOING and letter.member_id is not None:
        member = await PartyMember.get(id=letter.member_id)
        if member.status in CURRENT_STATUSES and letter.to_organisation_id is None:
            await _end_membership(member, day)
    letter.status, letter.receipted_on = LetterStatus.RECEIPTED, day
    await save_versioned(letter, ["status", "receipted_on"])
    return letter
