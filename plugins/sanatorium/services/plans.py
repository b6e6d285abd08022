"""Annual plans of a tier and the places they allot: the total, each agency's quota, and how
many of them are used."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tortoise.queryset import QuerySet
from tortoise.transactions import atomic

from core.api import (
    Agency,
    ErrorCode,
    Principal,
    ServiceError,
    check_lengths,
    enums,
    get_visible,
    is_within,
    require_text,
    scoped,
)
from plugins.sanatorium.models import SanatoriumPlan, SanatoriumQuota, SanatoriumTier
from plugins.sanatorium.permissions import PLAN
from plugins.sanatorium.services.common import department, owned, positive, used_below

#: the department level that owns a plan of each tier
TIER_OWNER_LEVEL = {
    SanatoriumTier.NATIONAL: enums.DepartmentLevel.MINISTRY,
    SanatoriumTier.PROVINCIAL: enums.DepartmentLevel.PROVINCE,
    SanatoriumTier.CITY: enums.DepartmentLevel.CITY,
    SanatoriumTier.COUNTY: enums.DepartmentLevel.COUNTY,
}


def plans_query(
    principal: Principal, year: int | None = None, tier: SanatoriumTier | None = None, owner_id: int | None = None
) -> QuerySet[SanatoriumPlan]:
    """The plans the principal may read, of that year, tier and owning department if given."""
    queryset = scoped(SanatoriumPlan, principal)
    if year is not None:
        queryset = queryset.filter(year=year)
    if tier is not None:
        queryset = queryset.filter(tier=tier)
    if owner_id is not None:
        queryset = queryset.filter(owner_id=owner_id)
    return queryset


@atomic()
async def create_plan(
    principal: Principal,
    owner_id: int,
    year: int,
    tier: SanatoriumTier,
    title: str,
    total_quota: int,
    quotas: Sequence[Mapping[str, int]] = (),
) -> SanatoriumPlan:
    """An annual plan of one tier; the owner's level must match the tier (省厅 → 省级)."""
    principal.require(PLAN)
    owner = await department(principal, owner_id, "ownerId")
    if owner.level is not TIER_OWNER_LEVEL[tier]:
        raise ServiceError(ErrorCode.INVALID_VALUE, "计划层级须与所属部门的行政层级一致", "tier")
    if not 2000 <= year <= 2100:
        raise ServiceError(ErrorCode.INVALID_VALUE, "年度应在 2000 到 2100 之间", "year")
    require_text(title, "title")
    check_lengths(SanatoriumPlan, {"title": title})
    positive(total_quota, "totalQuota", "总名额")
    if await SanatoriumPlan.exists(owner_id=owner.id, year=year, tier=tier):
        raise ServiceError(ErrorCode.DUPLICATE, f"该部门 {year} 年已有该层级的计划", "year")
    plan = await SanatoriumPlan.create(
        owner_id=owner.id, year=year, tier=tier, title=title.strip(), total_quota=total_quota
    )
    for index, row in enumerate(quotas):
        await _set_quota(principal, plan, owner, row["agency_id"], row["quota"], f"quotas.{index}.")
    await _check_quota_sum(plan)
    return plan


async def _set_quota(
    principal: Principal, plan: SanatoriumPlan, owner: Agency, agency_id: int, quota: int, prefix: str = ""
) -> SanatoriumQuota:
    agency = await get_visible(Agency, agency_id, principal, prefix + "agencyId")
    if agency.id == owner.id or not is_within(agency, owner):
        raise ServiceError(ErrorCode.INVALID_VALUE, "名额只能分配给计划所属部门的下级机构", prefix + "agencyId")
    if quota < 0 or quota > plan.total_quota:
        raise ServiceError(ErrorCode.INVALID_VALUE, "机构名额应在 0 到总名额之间", prefix + "quota")
    if quota > 0 and agency.status is not enums.AgencyStatus.ACTIVE:  # 0 takes back a closed agency's places
        raise ServiceError(ErrorCode.AGENCY_INACTIVE, f"{agency.name} 已撤销或已合并", prefix + "agencyId")
    row = await SanatoriumQuota.get_or_none(plan_id=plan.id, agency_id=agency.id)
    if row is None:
        return await SanatoriumQuota.create(plan_id=plan.id, agency_id=agency.id, quota=quota)
    row.quota = quota
    await row.save(update_fields=["quota"])
    return row


async def _check_quota_sum(plan: SanatoriumPlan) -> None:
    allotted = sum(row.quota for row in await SanatoriumQuota.filter(plan_id=plan.id))
    if allotted > plan.total_quota:
        raise ServiceError(
            ErrorCode.QUOTA_EXCEEDED, f"各机构名额合计 {allotted} 超过总名额 {plan.total_quota}", "quotas"
        )


@atomic()
async def set_quota(principal: Principal, plan_id: int, agency_id: int, quota: int) -> SanatoriumPlan:
    """Allot (or change) an agency's places in a plan; never below the places already used."""
    principal.require(PLAN)
    plan = await owned(principal, SanatoriumPlan, plan_id, "planId", "owner")
    await SanatoriumPlan.filter(id=plan.id).select_for_update().get()
    owner = await Agency.get(id=plan.owner_id)
    row = await _set_quota(principal, plan, owner, agency_id, quota)
    agency = await Agency.get(id=row.agency_id)
    used = await used_below(plan.id, agency.path)
    if used > quota:
        raise ServiceError(ErrorCode.QUOTA_EXCEEDED, f"该机构已占用 {used} 个名额，不能低于此数", "quota")
    await _check_quota_sum(plan)
    return plan


@dataclass
class QuotaUse:
    agency: Agency | None
    quota: int
    used: int

    @property
    def remaining(self) -> int:
        return max(self.quota - self.used, 0)


async def quota_usage(principal: Principal, plan_id: int) -> list[QuotaUse]:
    """Per agency with a quota, the places used (nominated, in review, approved or attended);
    the first row (agency None) is the plan's total."""
    plan = await get_visible(SanatoriumPlan, plan_id, principal, "planId")
    rows = [QuotaUse(None, plan.total_quota, await used_below(plan.id, "/"))]
    quotas = await SanatoriumQuota.filter(plan_id=plan.id)
    agencies = {a.id: a for a in await Agency.filter(id__in=[q.agency_id for q in quotas])}
    for quota in quotas:
        agency = agencies[quota.agency_id]
        rows.append(QuotaUse(agency, quota.quota, await used_below(plan.id, agency.path)))
    return rows
