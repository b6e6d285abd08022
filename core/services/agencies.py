"""Agencies (Art. 23 设置、调整): create, update, move, merge and close."""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from tortoise.expressions import F
from tortoise.queryset import QuerySet
from tortoise.transactions import atomic

from core import clock
from core.errors import ErrorCode, ServiceError
from core.host import fire
from core.models import Agency, Retiree, Staff
from core.models.base import save_versioned
from core.models.enums import AgencyKind, AgencyStatus, Employment, RetireeStatus, StaffStatus
from core.permissions import AGENCY_WRITE
from core.principal import Principal
from core.scope import scoped
from core.services.common import accept, assign, check_version, get_visible, lock_visible
from core.tree import is_within
from core.validation import check_range, require_text

_DIVISION_CODE = re.compile(r"^\d{6}$")
#: which kinds may sit directly under which (a province: 厅 → 局 → 中心/所 → 站)
_ALLOWED_PARENTS: dict[AgencyKind, set[AgencyKind]] = {
    AgencyKind.DEPARTMENT: {AgencyKind.DEPARTMENT},
    AgencyKind.CENTER: {AgencyKind.DEPARTMENT},
    AgencyKind.INSTITUTE: {AgencyKind.DEPARTMENT, AgencyKind.CENTER},
    AgencyKind.STATION: {AgencyKind.DEPARTMENT, AgencyKind.CENTER, AgencyKind.INSTITUTE},
}


EDITABLE = frozenset({
    "kind", "level", "name", "division_code", "address", "phone",
    "legal_representative", "established_on", "staff_quota",
})


def _validate(values: Mapping[str, Any]) -> None:
    if "name" in values:
        require_text(values["name"], "name")
    code = values.get("division_code")
    if code is not None and not _DIVISION_CODE.match(code):
        raise ServiceError(ErrorCode.INVALID_VALUE, "行政区划代码应为 6 位数字（GB/T 2260）", "divisionCode")
    check_range(values.get("staff_quota"), 0, 100_000, "staffQuota")
    established = values.get("established_on")
    if established is not None and established > clock.today():
        raise ServiceError(ErrorCode.DATE_ORDER, "成立日期不能晚于今天", "establishedOn")


def _check_kind(kind: AgencyKind, level: Any, parent: Agency | None) -> None:
    if kind is AgencyKind.DEPARTMENT and level is None:
        raise ServiceError(ErrorCode.REQUIRED, "退役军人事务部门须填写行政层级", "level")
    if kind is not AgencyKind.DEPARTMENT and level is not None:
        raise ServiceError(ErrorCode.INVALID_VALUE, "只有退役军人事务部门有行政层级", "level")
    if parent is None:
        if kind is not AgencyKind.DEPARTMENT:
            raise ServiceError(ErrorCode.REQUIRED, "军休机构须有上级部门", "parentId")
        return
    if parent.status is not AgencyStatus.ACTIVE:
        raise ServiceError(ErrorCode.AGENCY_INACTIVE, "上级机构已撤销或已合并", "parentId")
    if parent.kind not in _ALLOWED_PARENTS[kind]:
        raise ServiceError(ErrorCode.INVALID_HIERARCHY, "该类型机构不能设在所选上级之下", "parentId")


async def _parent(principal: Principal, parent_id: int | None) -> Agency | None:
    if parent_id is None:
        if not principal.is_system:
            raise ServiceError(ErrorCode.FORBIDDEN, "只有系统管理员可以创建顶级部门", "parentId")
        return None
    return await lock_visible(Agency, parent_id, principal, "parentId")


@atomic()
async def create_agency(
    principal: Principal, values: Mapping[str, Any], parent_id: int | None
) -> Agency:
    principal.require(AGENCY_WRITE)
    values = accept(Agency, values, EDITABLE, creating=True)
    _validate(values)
    parent = await _parent(principal, parent_id)
    _check_kind(values["kind"], values.get("level"), parent)
    agency = Agency(parent=parent)
    assign(agency, values)
    await agency.save()
    agency.path = f"{parent.path if parent else '/'}{agency.id}/"
    await agency.save(update_fields=["path"])
    return agency


@atomic()
async def update_agency(
    principal: Principal, agency_id: int, version: int, values: Mapping[str, Any]
) -> Agency:
    principal.require(AGENCY_WRITE)
    agency = await lock_visible(Agency, agency_id, principal)
    check_version(agency, version)
    values = accept(Agency, values, EDITABLE, creating=False)
    _validate(values)
    if agency.status is not AgencyStatus.ACTIVE:
        raise ServiceError(ErrorCode.AGENCY_INACTIVE, "已撤销或已合并的机构不能修改")
    parent = await Agency.get_or_none(id=agency.parent_id) if agency.parent_id else None
    kind = values.get("kind", agency.kind)
    _check_kind(kind, values.get("level", agency.level), parent)
    if kind is not agency.kind:
        await _check_children_fit(agency.id, kind, "kind")
    quota = values.get("staff_quota")
    if quota is not None and await _established_count(agency.id) > quota:
        raise ServiceError(ErrorCode.STAFF_QUOTA_EXCEEDED, "现有在编人员已超过新的编制员额", "staffQuota")
    changed = assign(agency, values)
    await save_versioned(agency, changed)
    return agency


async def _check_children_fit(agency_id: int, kind: AgencyKind, field: str) -> None:
    """Every active sub-agency must be allowed under an agency of ``kind``."""
    for child in await Agency.filter(parent_id=agency_id, status=AgencyStatus.ACTIVE):
        if kind not in _ALLOWED_PARENTS[child.kind]:
            raise ServiceError(
                ErrorCode.INVALID_HIERARCHY, f"下级机构 {child.name} 不能设在该类型机构之下", field
            )


async def _rewrite_subtree_paths(old_prefix: str, new_prefix: str) -> None:
    for row in await Agency.filter(path__startswith=old_prefix).only("id", "path"):
        await Agency.filter(id=row.id).update(path=new_prefix + row.path[len(old_prefix):])


@atomic()
async def move_agency(principal: Principal, agency_id: int, new_parent_id: int) -> Agency:
    principal.require(AGENCY_WRITE)
    agency = await lock_visible(Agency, agency_id, principal)
    parent = await lock_visible(Agency, new_parent_id, principal, "parentId")
    if is_within(parent, agency):
        raise ServiceError(ErrorCode.INVALID_HIERARCHY, "不能把机构移到它自身或其下级之下", "parentId")
    if agency.status is not AgencyStatus.ACTIVE:
        raise ServiceError(ErrorCode.AGENCY_INACTIVE, "已撤销或已合并的机构不能移动")
    _check_kind(agency.kind, agency.level, parent)
    old_prefix, new_prefix = agency.path, f"{parent.path}{agency.id}/"
    await _rewrite_subtree_paths(old_prefix, new_prefix)
    agency.parent_id = parent.id
    agency.path = new_prefix
    await save_versioned(agency, ["parent_id", "path"])
    return agency


async def _established_count(agency_id: int) -> int:
    return await Staff.filter(
        agency_id=agency_id, status=StaffStatus.ACTIVE, employment=Employment.ESTABLISHED
    ).count()


async def check_staff_quota(agency: Agency, adding: int = 1) -> None:
    """Refuse when established staff of ``agency`` would exceed its 编制员额 (Art. 30)."""
    if agency.staff_quota is not None and await _established_count(agency.id) + adding > agency.staff_quota:
        raise ServiceError(
            ErrorCode.STAFF_QUOTA_EXCEEDED,
            f"{agency.name} 的在编人员将超过编制员额 {agency.staff_quota}",
            "agencyId",
        )


@atomic()
async def merge_agencies(principal: Principal, source_id: int, target_id: int) -> tuple[Agency, Agency]:
    """Move the source's retirees, staff and sub-agencies to the target; the source becomes
    MERGED and its staff quota passes to the target."""
    principal.require(AGENCY_WRITE)
    if source_id == target_id:
        raise ServiceError(ErrorCode.INVALID_VALUE, "不能把机构合并到自身", "targetId")
    source = await lock_visible(Agency, source_id, principal, "sourceId")
    target = await lock_visible(Agency, target_id, principal, "targetId")
    for row, field in ((source, "sourceId"), (target, "targetId")):
        if row.status is not AgencyStatus.ACTIVE:
            raise ServiceError(ErrorCode.AGENCY_INACTIVE, f"{row.name} 已撤销或已合并", field)
    if is_within(target, source):
        raise ServiceError(ErrorCode.INVALID_HIERARCHY, "不能合并到本机构的下级机构", "targetId")
    if source.kind is AgencyKind.DEPARTMENT and target.kind is not AgencyKind.DEPARTMENT:
        raise ServiceError(ErrorCode.INVALID_HIERARCHY, "部门只能并入部门", "targetId")
    await _check_children_fit(source.id, target.kind, "targetId")
    quota = None if target.staff_quota is None else target.staff_quota + (source.staff_quota or 0)
    arriving = await _established_count(source.id)
    if quota is not None and await _established_count(target.id) + arriving > quota:
        raise ServiceError(
            ErrorCode.STAFF_QUOTA_EXCEEDED, f"合并后在编人员将超过 {target.name} 的编制员额 {quota}", "targetId"
        )
    await Retiree.filter(agency_id=source.id).update(agency_id=target.id)
    await Staff.filter(agency_id=source.id).update(agency_id=target.id)
    for child in await Agency.filter(parent_id=source.id, status=AgencyStatus.ACTIVE):
        await _rewrite_subtree_paths(child.path, f"{target.path}{child.id}/")
        await Agency.filter(id=child.id).update(parent_id=target.id, version=F("version") + 1)
    if quota != target.staff_quota:
        target.staff_quota = quota
        await save_versioned(target, ["staff_quota"])
    source.status = AgencyStatus.MERGED
    source.merged_into_id = target.id
    source.closed_on = clock.today()
    await save_versioned(source, ["status", "merged_into_id", "closed_on"])
    await fire("agency_merged", source=source, target=target, principal=principal)
    return source, target


@atomic()
async def close_agency(principal: Principal, agency_id: int, closed_on: dt.date | None) -> Agency:
    principal.require(AGENCY_WRITE)
    agency = await lock_visible(Agency, agency_id, principal)
    if agency.status is not AgencyStatus.ACTIVE:
        raise ServiceError(ErrorCode.AGENCY_INACTIVE, "机构已撤销或已合并")
    retirees = await Retiree.filter(agency_id=agency.id, status=RetireeStatus.ACTIVE).count()
    staff = await Staff.filter(agency_id=agency.id, status=StaffStatus.ACTIVE).count()
    children = await Agency.filter(parent_id=agency.id, status=AgencyStatus.ACTIVE).count()
    if retirees or staff or children:
        raise ServiceError(
            ErrorCode.AGENCY_NOT_EMPTY,
            f"机构仍有在册军休干部 {retirees} 人、在岗工作人员 {staff} 人、下级机构 {children} 个",
        )
    closed_on = closed_on or clock.today()
    if closed_on > clock.today():
        raise ServiceError(ErrorCode.DATE_ORDER, "撤销日期不能晚于今天", "closedOn")
    if agency.established_on and closed_on < agency.established_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "撤销日期不能早于成立日期", "closedOn")
    agency.status = AgencyStatus.CLOSED
    agency.closed_on = closed_on
    await save_versioned(agency, ["status", "closed_on"])
    await fire("agency_closed", agency=agency, principal=principal)
    return agency


async def require_active_agency(principal: Principal, agency_id: int, field: str) -> Agency:
    """A visible agency that can take retirees or staff (locked for the transaction)."""
    agency = await lock_visible(Agency, agency_id, principal, field)
    if agency.status is not AgencyStatus.ACTIVE:
        raise ServiceError(ErrorCode.AGENCY_INACTIVE, f"{agency.name} 已撤销或已合并", field)
    return agency




async def subtree_path(principal: Principal, agency_id: int, field: str) -> str:
    """The materialised path of a visible agency, to filter its subtree."""
    return (await get_visible(Agency, agency_id, principal, field)).path


async def agencies_query(
    principal: Principal,
    *,
    within: int | None = None,
    kind: AgencyKind | None = None,
    status: AgencyStatus | None = None,
    search: str | None = None,
) -> QuerySet[Agency]:
    queryset = scoped(Agency, principal)
    if within is not None:
        queryset = queryset.filter(path__startswith=await subtree_path(principal, within, "within"))
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    if status is not None:
        queryset = queryset.filter(status=status)
    if search:
        queryset = queryset.filter(name__icontains=search.strip())
    return queryset
