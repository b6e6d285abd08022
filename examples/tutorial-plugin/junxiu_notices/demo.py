"""Demo records of notices: about some of the retirees still served, dated over the coming month."""

import datetime as dt
import random

from core.api import Principal, Retiree, enums, today
from junxiu_notices.services import publish_notice

DEMO_RECORDS = 12


async def load_demo(principal: Principal, seed: int) -> int:
    """Record one for each of up to ``DEMO_RECORDS`` active retirees; returns the count."""
    rng = random.Random(seed)
    retirees = await Retiree.filter(status=enums.RetireeStatus.ACTIVE).order_by("id").limit(60)
    chosen = rng.sample(retirees, min(DEMO_RECORDS, len(retirees)))
    for retiree in chosen:
        await publish_notice(
            principal,
            agency_id=retiree.agency_id,
            retiree_id=retiree.id,
            title="通知公告（演示）",
            body="演示数据",
            published_on=today() + dt.timedelta(days=rng.randint(0, 30)),
        )
    return len(chosen)
