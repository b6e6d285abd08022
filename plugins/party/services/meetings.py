"""Meetings (三会一课 and more): a branch's record of a meeting held, attendance per member
(送学上门, 补学, advance exemptions), ``DRAFT → SUBMITTED → APPROVED | RETURNED`` through the
core's approval chain, and compliance per branch and period from configurable cadences."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import atomic

from core.api import (
    Agency,
    ApprovalChain,
    ApprovalDecision,
    ApprovalLevel,
    ErrorCode,
    Principal,
    ServiceError,
    approval_chain,
    check_lengths,
    enums,
    get_visible,
    managing_agency,
    require_text,
    save_versioned,
    today,
)
from plugins.party.errors import MEETING_IN_FUTURE, NOT_A_MEMBER, NOT_BRANCH_SECRETARY
from plugins.party.models import (
    CURRENT_STATUSES,
    AttendanceMode,
    MeetingKind,
    MeetingStatus,
    OrganisationKind,
    PartyAttendance,
    PartyCommitteePost,
    PartyMeeting,
    PartyMeetingReview,
    PartyMember,
    PartyOrganisation,
    ReviewDecision,
)
from plugins.party.permissions import MANAGE, MEETINGS
from plugins.party.settings import current_settings

#: the statuses in which a meeting's record and attendance may still change
EDITABLE = (MeetingStatus.DRAFT, MeetingStatus.RETURNED)
#: what counts as held for compliance: a record submitted or approved
COUNTED = (MeetingStatus.SUBMITTED, MeetingStatus.APPROVED)
#: attendance modes that need a reason
WITH_REASON = (AttendanceMode.ABSENT, AttendanceMode.EXEMPTED)


async def _branch_of_meeting(principal: Principal, organisation_id: int, field: str) -> PartyOrganisation:
    """The organisation a principal may run meetings of: in scope, and for a retiree one whose
    branch they hold a current post in (scope already lets them see no other)."""
    organisation = await get_visible(PartyOrganisation, organisation_id, principal, field)
    branch_id = organisation.parent_id if organisation.kind is OrganisationKind.GROUP else organisation.id
    if (
        principal.retiree_id is not None
        and not await PartyCommitteePost.filter(
            organisation_id=branch_id, holder_retiree_id=principal.retiree_id
        ).exists()
    ):
        raise ServiceError(NOT_BRANCH_SECRETARY, "只能管理本人任职的党支部的会议", field)
    return organisation


async def _editable(principal: Principal, meeting_id: int, field: str = "meetingId") -> PartyMeeting:
    meeting = await get_visible(PartyMeeting, meeting_id, principal, field)
    await _branch_of_meeting(principal, meeting.organisation_id, field)
    return await PartyMeeting.filter(id=meeting_id).select_for_update().get()


@atomic()
async def create_meeting(
    principal: Principal,
    organisation_id: int,
    kind: MeetingKind,
    held_on: dt.date,
    topic: str,
    presenter: str = "",
    recorder: str = "",
    minutes: str = "",
) -> PartyMeeting:
    """Record a meeting held (a draft): 党小组会 by a 党小组, every other kind by a branch."""
    principal.require(MEETINGS)
    organisation = await _branch_of_meeting(principal, organisation_id, "organisationId")
    wanted = OrganisationKind.GROUP if kind is MeetingKind.GROUP else OrganisationKind.BRANCH
    if organisation.kind is not wanted:
        raise ServiceError(ErrorCode.INVALID_VALUE, "党小组会由党小组召开，其他会议由党支部召开", "organisationId")
    if held_on > today():
        raise ServiceError(MEETING_IN_FUTURE, "会议日期在今天之后", "heldOn")
    values = {
        "topic": require_text(topic, "topic"),
        "presenter": (presenter or "").strip(),
        "recorder": (recorder or "").strip(),
        "minutes": (minutes or "").strip(),
    }
    check_lengths(PartyMeeting, values)
    branch_id = organisation.parent_id if organisation.kind is OrganisationKind.GROUP else organisation.id
    return await PartyMeeting.create(
        organisation_id=organisation.id, branch_id=branch_id, kind=kind, held_on=held_on, **values
    )


@atomic()
async def record_attendance(
    principal: Principal, meeting_id: int, entries: Sequence[Mapping[str, Any]]
) -> PartyMeeting:
    """Record how members took part (a member already recorded is corrected). Only members of
    the meeting's branch; an absence or an advance exemption needs its reason."""
    principal.require(MEETINGS)
    meeting = await _editable(principal, meeting_id)
    if meeting.status not in EDITABLE:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "已提交或已通过的会议不能再改考勤", "meetingId")
    for index, entry in enumerate(entries):
        member = await PartyMember.get_or_none(id=entry["member_id"])
        if member is None or member.branch_id != meeting.branch_id or member.status not in CURRENT_STATUSES:
            raise ServiceError(NOT_A_MEMBER, "不是本支部的党员", f"entries.{index}.memberId")
        mode, reason = entry["mode"], (entry.get("reason") or "").strip()
        if mode in WITH_REASON and not reason:
            raise ServiceError(ErrorCode.REQUIRED, "缺席或请假须写明原因", f"entries.{index}.reason")
        check_lengths(PartyAttendance, {"reason": reason}, f"entries.{index}.")
        row = await PartyAttendance.get_or_none(meeting_id=meeting.id, member_id=member.id)
        if row is None:
            await PartyAttendance.create(meeting_id=meeting.id, member_id=member.id, mode=mode, reason=reason)
        else:
            row.mode, row.reason = mode, reason
            await save_versioned(row, ["mode", "reason"])
    return meeting


async def review_chain(meeting: PartyMeeting) -> ApprovalChain:
    """From the branch's agency up to the nearest department above it (always last)."""
    branch = await PartyOrganisation.get(id=meeting.branch_id)
    if branch.agency_id is None:
        raise ServiceError(ErrorCode.INVALID_VALUE, "不属于任何机构的党组织的会议不走审核链", "meetingId")
    agency = await Agency.get(id=branch.agency_id)
    above = await Agency.get_or_none(id=agency.parent_id) if agency.parent_id else None
    owner = (await managing_agency(above, enums.AgencyKind.DEPARTMENT) if above else None) or agency
    return await approval_chain(agency, owner, current_settings().meeting_review_levels)


@atomic()
async def submit_meeting(principal: Principal, meeting_id: int) -> PartyMeeting:
    """Submit a draft (or a returned record) for review at the chain's first step."""
    principal.require(MEETINGS)
    meeting = await _editable(principal, meeting_id)
    if meeting.status not in EDITABLE:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "只有草稿或已退回的会议可以提交", "meetingId")
    chain = await review_chain(meeting)
    meeting.status, meeting.pending_level = MeetingStatus.SUBMITTED, chain.first.level
    await save_versioned(meeting, ["status", "pending_level"])
    return meeting


@atomic()
async def review_meeting(
    principal: Principal, meeting_id: int, decision: ReviewDecision, opinion: str = ""
) -> PartyMeeting:
    """One step of review: approval moves the record up the chain (approved after the last
    step), a refusal returns it to the branch."""
    principal.require(MANAGE)
    await get_visible(PartyMeeting, meeting_id, principal, "meetingId")
    meeting = await PartyMeeting.filter(id=meeting_id).select_for_update().get()
    if meeting.status is not MeetingStatus.SUBMITTED or meeting.pending_level is None:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "会议记录不在待审核状态", "meetingId")
    chain = await review_chain(meeting)
    pending, verdict = ApprovalLevel(meeting.pending_level), ApprovalDecision(decision.value)
    link = chain.authorize(principal, pending, verdict, opinion or "", PartyMeetingReview, "meetingId")
    await chain.record(principal, link, verdict, opinion or "", PartyMeetingReview, meeting_id=meeting.id)
    following = chain.after(pending)
    if verdict is ApprovalDecision.REJECT:
        meeting.status, meeting.pending_level = MeetingStatus.RETURNED, None
    elif following is None:
        meeting.status, meeting.pending_level = MeetingStatus.APPROVED, None
    else:
        meeting.pending_level = following.level
    await save_versioned(meeting, ["status", "pending_level"])
    return meeting


@dataclass(frozen=True)
class ComplianceLine:
    """One meeting kind in one period of a branch's year: how many were held."""

    kind: MeetingKind
    starts_on: dt.date
    ends_on: dt.date
    held: int

    @property
    def satisfied(self) -> bool:
        return self.held > 0

    def overdue(self, on: dt.date) -> bool:
        return not self.satisfied and self.ends_on < on


def _periods(year: int, months: int, until: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The periods of ``months`` months in ``year`` that have begun by ``until``."""
    periods = []
    for first in range(1, 13, months):
        starts = dt.date(year, first, 1)
        if starts > until:
            break
        last = first + months
        ends = dt.date(year + 1, 1, 1) if last > 12 else dt.date(year, last, 1)
        periods.append((starts, ends - dt.timedelta(days=1)))
    return periods


async def compliance(branch_id: int, year: int, on: dt.date) -> list[ComplianceLine]:
    """Each kind with a cadence (a setting), each of its periods begun by ``on`` in ``year``,
    and the meetings held in it (submitted or approved; a draft does not count)."""
    held = await PartyMeeting.filter(
        branch_id=branch_id, status__in=COUNTED, held_on__gte=dt.date(year, 1, 1), held_on__lte=dt.date(year, 12, 31)
    ).values_list("kind", "held_on")
    lines = []
    for kind in MeetingKind:
        months = current_settings().meeting_cadences.get(kind.value, 0)
        if months <= 0:
            continue
        for starts, ends in _periods(year, months, on):
            count = sum(1 for k, day in held if MeetingKind(k) is kind and starts <= day <= ends)
            lines.append(ComplianceLine(kind, starts, ends, count))
    return lines


async def attendance_rate(meeting_ids: Sequence[int]) -> dict[int, float | None]:
    """The share of members recorded who took part, advance exemptions left out of the count."""
    rows = await PartyAttendance.filter(meeting_id__in=list(meeting_ids)).values_list("meeting_id", "mode")
    rates: dict[int, float | None] = {}
    for meeting_id in meeting_ids:
        modes = [AttendanceMode(mode) for m, mode in rows if m == meeting_id]
        counted = [mode for mode in modes if mode is not AttendanceMode.EXEMPTED]
        attended = sum(1 for mode in counted if mode is not AttendanceMode.ABSENT)
        rates[meeting_id] = attended / len(counted) if counted else None
    return rates
