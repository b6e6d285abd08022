"""What the aggregates share: who may change a department's catalog rows, the places a plan
has used, and the locked nomination row every workflow step starts from."""

from typing import Any

from core.api import Agency, ErrorCode, Principal, ServiceError, enums, get_visible, is_within, save_versioned
from plugins.sanatorium.models import (
    OCCUPYING,
    OPEN_STATUSES,
    SanatoriumNomination,
    SanatoriumNominationStatus,
    SanatoriumPlan,
)

S = SanatoriumNominationStatus
#: a retiree with one of these in a plan is not nominated again in it
TAKEN = (*OPEN_STATUSES, S.ATTENDED)


async def department(principal: Principal, agency_id: int, field_name: str) -> Agency:
    """A visible, active department (the owner of a site or a plan)."""
    agency = await get_visible(Agency, agency_id, principal, field_name)
    if agency.kind is not enums.AgencyKind.DEPARTMENT:
        raise ServiceError(ErrorCode.INVALID_VALUE, "须为退役军人事务部门", field_name)
    if agency.status is not enums.AgencyStatus.ACTIVE:
        raise ServiceError(ErrorCode.AGENCY_INACTIVE, "该部门已撤销或已合并", field_name)
    return agency


def positive(value: int, field_name: str, label: str) -> None:
    if value < 1 or value > 100000:
        raise ServiceError(ErrorCode.INVALID_VALUE, f"{label}应在 1 到 100000 之间", field_name)


async def owned(principal: Principal, model: Any, pk: int, field_name: str, owner_path: str) -> Any:
    """A catalog row the principal may change: visible, and owned by an agency in its subtree
    (agencies below only read what a department shares with them)."""
    row = await get_visible(model, pk, principal, field_name)
    if not principal.is_system:
        owner = await Agency.get(id=await _owner_id(row, owner_path))
        if principal.agency_path is None or not is_within(owner, principal.agency_path):
            raise ServiceError(ErrorCode.FORBIDDEN, "只有计划所属部门（或其上级）可以修改", field_name)
    return row


async def _owner_id(row: Any, owner_path: str) -> int:
    if owner_path == "owner":
        return row.owner_id
    plan = await SanatoriumPlan.get(id=row.plan_id)
    return plan.owner_id


async def used_below(plan_id: int, agency_path: str) -> int:
    """Places of the plan taken by nominations of agencies at or below ``agency_path``."""
    return await SanatoriumNomination.filter(
        batch__plan_id=plan_id, status__in=OCCUPYING, agency__path__startswith=agency_path
    ).count()


async def locked_nomination(principal: Principal, nomination_id: int) -> SanatoriumNomination:
    """A visible nomination, its row locked for the rest of the transaction. Only this row:
    ``lock_visible`` would lock it through the scope's joins, the retiree's agency rows too."""
    visible = await get_visible(SanatoriumNomination, nomination_id, principal, "nominationId")
    return await SanatoriumNomination.filter(id=visible.id).select_for_update().get()


def refuse(nomination: SanatoriumNomination, action: str) -> ServiceError:
    return ServiceError(
        ErrorCode.INVALID_TRANSITION, f"状态为 {nomination.status.value} 的推荐不能{action}", "nominationId"
    )


async def close(nomination: SanatoriumNomination, status: Any, reason: str) -> None:
    nomination.status, nomination.pending_level, nomination.reason = status, None, reason[:500]
    await save_versioned(nomination, ["status", "pending_level", "reason"])
