"""Demo orders: lunches (some delivered) and a few dinners for retirees still served."""

import datetime as dt
import random

from core.api import Principal, Retiree, ServiceError, enums, today
from junxiu_meals.models import Meal
from junxiu_meals.services import order_meal

DEMO_RETIREES = 12


async def load_demo(principal: Principal, seed: int) -> int:
    """Order meals for the next three days for some active retirees; returns the count."""
    rng = random.Random(seed)
    retirees = await Retiree.filter(status=enums.RetireeStatus.ACTIVE).order_by("id").limit(60)
    chosen = rng.sample(retirees, min(DEMO_RETIREES, len(retirees)))
    start = today()
    created = 0
    for retiree in chosen:
        for offset in range(rng.randint(1, 3)):
            meals = [Meal.LUNCH, Meal.DINNER] if rng.random() < 0.3 else [Meal.LUNCH]
            for meal in meals:
                try:
                    await order_meal(
                        principal,
                        retiree.id,
                        start + dt.timedelta(days=offset),
                        meal,
                        delivery=rng.random() < 0.4,
                    )
                except ServiceError:  # e.g. a small daily_capacity in this instance's settings
                    continue
                created += 1
    return created
