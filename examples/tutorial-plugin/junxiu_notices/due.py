"""What falls due in notices: those to be published in the coming week, to check before they go out."""

import datetime as dt

from core.api import DueItem, Principal, scoped
from junxiu_notices.models import Notice
from junxiu_notices.permissions import PUBLISH

DAYS_AHEAD = 7


async def upcoming_notices(principal: Principal, today: dt.date) -> list[DueItem]:
    """The notices in the principal's scope dated in the next ``DAYS_AHEAD`` days, for those who publish."""
    if not principal.can(PUBLISH):
        return []
    soon = scoped(Notice, principal).filter(published_on__gt=today, published_on__lte=today + dt.timedelta(DAYS_AHEAD))
    return [DueItem(f"核对即将发布的通知：{notice.title}", notice.published_on, notice) for notice in await soon]
