"""流动党员 (Art. 25), both ways: registering a member's flowing period with the 活动证, the home
organisation and where they attend; an outflowing member reports to the home branch on a
cadence (a setting) and is overdue when a report is missing."""

import datetime as dt

from tortoise.transactions import atomic

from core.api import Agency, ErrorCode, Principal, ServiceError, check_lengths, get_visible, save_versioned, today
from plugins.party.models import CURRENT_STATUSES, FlowDirection, MemberStatus, PartyFlowingMember, PartyMember
from plugins.party.permissions import MEMBERS
from plugins.party.settings import current_settings

STATUS_OF = {FlowDirection.OUTFLOW: MemberStatus.FLOWING_OUT, FlowDirection.INFLOW: MemberStatus.FLOWING_IN}


def next_report_due(flow: PartyFlowingMember) -> dt.date | None:
    """When an outflowing member's next report is due (None for inflow or an ended period)."""
    if flow.direction is not FlowDirection.OUTFLOW or flow.ends_on is not None and flow.ends_on < today():
        return None
    since = flow.last_reported_on or flow.starts_on
    month = since.month - 1 + current_settings().outflow_report_months
    year, month = since.year + month // 12, month % 12 + 1
    day = min(since.day, 28)
    return dt.date(year, month, day)


@atomic()
async def register_flowing(
    principal: Principal,
    member_id: int,
    direction: FlowDirection,
    home_organisation: str,
    attending_organisation: str,
    starts_on: dt.date,
    certificate_number: str | None = None,
    home_agency_id: int | None = None,
    ends_on: dt.date | None = None,
) -> PartyFlowingMember:
    """Register a flowing period; the member's status becomes 流出 or 流入 党员."""
    principal.require(MEMBERS)
    member = await get_visible(PartyMember, member_id, principal, "memberId")
    if member.status not in CURRENT_STATUSES or member.status is MemberStatus.SUSPENDED:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "党籍已终止或停止的党员不能登记为流动党员", "memberId")
    if await PartyFlowingMember.filter(member_id=member.id, ends_on__isnull=True).exists():
        raise ServiceError(ErrorCode.DUPLICATE, "该党员已有一段未结束的流动登记", "memberId")
    if home_agency_id is not None:
        await get_visible(Agency, home_agency_id, principal, "homeAgencyId")
    if starts_on > today():
        raise ServiceError(ErrorCode.DATE_ORDER, "流动开始日期不能晚于今天", "startsOn")
    if ends_on is not None and ends_on < starts_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "流动结束日期不能早于开始日期", "endsOn")
    values = {
        "home_organisation": (home_organisation or "").strip(),
        "attending_organisation": (attending_organisation or "").strip(),
        "certificate_number": (certificate_number or "").strip(),
    }
    for name, field in (("home_organisation", "homeOrganisation"), ("attending_organisation", "attendingOrganisation")):
        if not values[name]:
            raise ServiceError(ErrorCode.REQUIRED, "须写明党组织名称", field)
    check_lengths(PartyFlowingMember, values)
    flow = await PartyFlowingMember.create(
        member_id=member.id,
        direction=direction,
        home_agency_id=home_agency_id,
        starts_on=starts_on,
        ends_on=ends_on,
        **values,
    )
    member.status = STATUS_OF[direction]
    await save_versioned(member, ["status"])
    return flow


@atomic()
async def record_flowing_report(
    principal: Principal, flow_id: int, reported_on: dt.date | None = None
) -> PartyFlowingMember:
    """An outflowing member reported to the home branch (思想、工作、参加组织生活的情况)."""
    principal.require(MEMBERS)
    await get_visible(PartyFlowingMember, flow_id, principal, "flowId")
    flow = await PartyFlowingMember.filter(id=flow_id).select_for_update().get()
    if flow.direction is not FlowDirection.OUTFLOW:
        raise ServiceError(ErrorCode.INVALID_VALUE, "只有流出党员向本支部报告", "flowId")
    day = reported_on or today()
    if not flow.starts_on <= day <= today():
        raise ServiceError(ErrorCode.DATE_ORDER, "报告日期须在流动开始之后、今天之前", "reportedOn")
    if flow.last_reported_on is None or day > flow.last_reported_on:
        flow.last_reported_on = day
        await save_versioned(flow, ["last_reported_on"])
    return flow
