"""Sites and the batches a plan sends to them: their dates, capacity and status, and the
roster of a batch."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tortoise.queryset import QuerySet
from tortoise.transactions import atomic

from core.api import (
    Agency,
    ErrorCode,
    Principal,
    Retiree,
    ServiceError,
    check_lengths,
    get_visible,
    require_text,
    save_versioned,
    scoped,
    today,
)
from plugins.sanatorium.models import (
    OCCUPYING,
    SanatoriumBatch,
    SanatoriumBatchStatus,
    SanatoriumCompanion,
    SanatoriumNomination,
    SanatoriumPlan,
    SanatoriumSite,
)
from plugins.sanatorium.permissions import PLAN
from plugins.sanatorium.services.common import S, department, owned, positive

_BATCH_TRANSITIONS = {
    SanatoriumBatchStatus.PLANNED: {SanatoriumBatchStatus.OPEN},
    SanatoriumBatchStatus.OPEN: {SanatoriumBatchStatus.CLOSED},
    SanatoriumBatchStatus.CLOSED: {SanatoriumBatchStatus.OPEN, SanatoriumBatchStatus.COMPLETED},
    SanatoriumBatchStatus.COMPLETED: set(),
}


def sites_query(
    principal: Principal, owner_id: int | None = None, search: str | None = None
) -> QuerySet[SanatoriumSite]:
    """The sites the principal may read, of that owning department and with that text in the
    name if given."""
    queryset = scoped(SanatoriumSite, principal)
    if owner_id is not None:
        queryset = queryset.filter(owner_id=owner_id)
    if search is not None and search.strip():
        queryset = queryset.filter(name__icontains=search.strip())
    return queryset


@atomic()
async def create_site(
    principal: Principal, owner_id: int, name: str, beds: int, region: str = "", address: str = ""
) -> SanatoriumSite:
    principal.require(PLAN)
    owner = await department(principal, owner_id, "ownerId")
    require_text(name, "name")
    positive(beds, "beds", "床位数")
    values = {"name": name.strip(), "region": region.strip(), "address": address.strip()}
    check_lengths(SanatoriumSite, values)
    return await SanatoriumSite.create(owner_id=owner.id, beds=beds, **values)


def batches_query(
    principal: Principal,
    plan_id: int | None = None,
    site_id: int | None = None,
    status: SanatoriumBatchStatus | None = None,
) -> QuerySet[SanatoriumBatch]:
    """The batches the principal may read, of that plan, site and status if given."""
    queryset = scoped(SanatoriumBatch, principal)
    if plan_id is not None:
        queryset = queryset.filter(plan_id=plan_id)
    if site_id is not None:
        queryset = queryset.filter(site_id=site_id)
    if status is not None:
        queryset = queryset.filter(status=status)
    return queryset


def _check_batch_dates(plan: SanatoriumPlan, starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "结束日期不能早于开始日期", "endsOn")
    for value, name in ((starts_on, "startsOn"), (ends_on, "endsOn")):
        if value.year != plan.year:
            raise ServiceError(ErrorCode.DATE_ORDER, f"批次日期须在计划年度 {plan.year} 年内", name)


@atomic()
async def create_batch(
    principal: Principal,
    plan_id: int,
    site_id: int,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int,
    family_allowed: bool = False,
    programme: str = "",
) -> SanatoriumBatch:
    principal.require(PLAN)
    plan = await owned(principal, SanatoriumPlan, plan_id, "planId", "owner")
    site = await get_visible(SanatoriumSite, site_id, principal, "siteId")
    require_text(name, "name")
    check_lengths(SanatoriumBatch, {"name": name, "programme": programme})
    _check_batch_dates(plan, starts_on, ends_on)
    positive(capacity, "capacity", "容量")
    if capacity > site.beds:
        raise ServiceError(ErrorCode.INVALID_VALUE, f"容量不能超过疗养地床位数 {site.beds}", "capacity")
    return await SanatoriumBatch.create(
        plan_id=plan.id,
        site_id=site.id,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        family_allowed=family_allowed,
        programme=programme.strip(),
    )


@atomic()
async def change_batch_status(principal: Principal, batch_id: int, status: SanatoriumBatchStatus) -> SanatoriumBatch:
    """PLANNED → OPEN → CLOSED → COMPLETED (a closed batch may reopen)."""
    principal.require(PLAN)
    batch = await owned(principal, SanatoriumBatch, batch_id, "batchId", "plan")
    batch = await SanatoriumBatch.filter(id=batch.id).select_for_update().get()
    if status not in _BATCH_TRANSITIONS[batch.status]:
        raise ServiceError(
            ErrorCode.INVALID_TRANSITION, f"批次状态不能从 {batch.status.value} 变为 {status.value}", "status"
        )
    if status is SanatoriumBatchStatus.COMPLETED and today() < batch.ends_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "批次结束前不能标记为已结束", "status")
    batch.status = status
    await save_versioned(batch, ["status"])
    return batch


@dataclass
class RosterLine:
    name: str
    gender: str
    age: int
    agency: str
    companions: str
    status: str
    fitness: str


_GENDER = {"MALE": "男", "FEMALE": "女"}
_RELATION = {"SPOUSE": "配偶", "CHILD": "子女", "PARENT": "父母", "SIBLING": "兄弟姐妹", "OTHER": "其他亲属"}
STATUS_LABEL = {
    "DRAFT": "草稿",
    "NOMINATED": "已推荐",
    "UNDER_REVIEW": "审核中",
    "APPROVED": "审核通过",
    "REJECTED": "未通过",
    "WITHDRAWN": "已撤回",
    "ATTENDED": "已参加",
    "NO_SHOW": "未参加",
}
_FITNESS = {"PENDING": "未评估", "FIT": "适宜", "UNFIT": "不宜"}


async def roster(
    principal: Principal, batch_id: int, statuses: Iterable[Any] = (*OCCUPYING, S.NO_SHOW)
) -> list[RosterLine]:
    """The people of a batch (no ID numbers): for the department's roster and its CSV export."""
    batch = await get_visible(SanatoriumBatch, batch_id, principal, "batchId")
    nominations = await scoped(SanatoriumNomination, principal).filter(batch_id=batch.id, status__in=list(statuses))
    retirees = {r.id: r for r in await Retiree.filter(id__in=[n.retiree_id for n in nominations])}
    agencies = {a.id: a for a in await Agency.filter(id__in=[n.agency_id for n in nominations])}
    companions: dict[int, list[str]] = defaultdict(list)
    for c in await SanatoriumCompanion.filter(nomination_id__in=[n.id for n in nominations]):
        companions[c.nomination_id].append(f"{c.name}（{_RELATION[c.relation.value]}）")
    lines = []
    for n in nominations:
        r = retirees[n.retiree_id]
        lines.append(
            RosterLine(
                r.name,
                _GENDER[r.gender.value],
                r.age(),
                agencies[n.agency_id].name,
                "、".join(companions[n.id]),
                STATUS_LABEL[n.status.value],
                _FITNESS[n.fitness.value],
            )
        )
    return lines
