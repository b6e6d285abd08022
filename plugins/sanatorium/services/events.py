"""What the core's events do to sanatorium rows; each runs inside the firing write's
transaction, so a failure here rolls that write back."""

from core.api import Agency, Retiree, is_within, save_versioned
from plugins.sanatorium.models import (
    OPEN_STATUSES,
    SanatoriumBatch,
    SanatoriumNomination,
    SanatoriumPlan,
    SanatoriumQuota,
)
from plugins.sanatorium.services.common import S, close


async def withdraw_open_nominations(retiree_id: int, reason: str) -> int:
    rows = await SanatoriumNomination.filter(retiree_id=retiree_id, status__in=OPEN_STATUSES).select_for_update()
    for row in rows:
        await close(row, S.WITHDRAWN, reason)
    return len(rows)


async def follow_transfer(retiree: Retiree, to_agency: Agency | None) -> None:
    """Out of the system: withdrawn. To another agency: the nomination moves with the retiree
    when the new agency is still under the plan's owner, and is withdrawn otherwise."""
    if to_agency is None:
        await withdraw_open_nominations(retiree.id, "军休干部已移交本系统以外，推荐自动撤回")
        return
    rows = await SanatoriumNomination.filter(retiree_id=retiree.id, status__in=OPEN_STATUSES).select_for_update()
    for row in rows:
        batch = await SanatoriumBatch.get(id=row.batch_id)
        plan = await SanatoriumPlan.get(id=batch.plan_id)
        owner = await Agency.get(id=plan.owner_id)
        if is_within(to_agency, owner):
            row.agency_id = to_agency.id
            await save_versioned(row, ["agency_id"])
        else:
            await close(row, S.WITHDRAWN, f"军休干部已转至{to_agency.name}（不在计划辖区内），推荐自动撤回")


async def follow_merge(source: Agency, target: Agency) -> None:
    """The source's nominations and quotas move to the target (quotas add up)."""
    await SanatoriumNomination.filter(agency_id=source.id).update(agency_id=target.id)
    for quota in await SanatoriumQuota.filter(agency_id=source.id):
        existing = await SanatoriumQuota.get_or_none(plan_id=quota.plan_id, agency_id=target.id)
        if existing is None:
            quota.agency_id = target.id
            await quota.save(update_fields=["agency_id"])
        else:
            existing.quota += quota.quota
            await existing.save(update_fields=["quota"])
            await quota.delete()
