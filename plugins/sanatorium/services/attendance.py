"""Whether an approved nominee went: the record later candidates are ranked by."""

from tortoise.transactions import atomic

from core.api import ErrorCode, Principal, ServiceError, save_versioned, today
from plugins.sanatorium.models import SanatoriumBatch, SanatoriumNomination
from plugins.sanatorium.permissions import NOMINATE
from plugins.sanatorium.services.common import S, locked_nomination, refuse


@atomic()
async def record_attendance(principal: Principal, nomination_id: int, attended: bool) -> SanatoriumNomination:
    """APPROVED → ATTENDED | NO_SHOW, once the batch has begun."""
    principal.require(NOMINATE)
    nomination = await locked_nomination(principal, nomination_id)
    if nomination.status is not S.APPROVED:
        raise refuse(nomination, "登记参加情况")
    batch = await SanatoriumBatch.get(id=nomination.batch_id)
    if today() < batch.starts_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "批次开始前不能登记参加情况", "attended")
    nomination.status = S.ATTENDED if attended else S.NO_SHOW
    await save_versioned(nomination, ["status"])
    return nomination
