"""Business rules of the meal service. Resolvers, the demo loader and tests call these."""

import datetime as dt
from decimal import Decimal

from tortoise.queryset import QuerySet
from tortoise.transactions import atomic

from core.api import (
    ErrorCode,
    Principal,
    Retiree,
    ServiceError,
    enums,
    lock_visible,
    plugin_settings,
    scoped,
    today,
)
from junxiu_meals.models import Meal, MealOrder, MealOrderStatus
from junxiu_meals.permissions import ORDER
from junxiu_meals.settings import MealsSettings

PLUGIN_NAME = "meals"


def settings() -> MealsSettings:
    return plugin_settings(PLUGIN_NAME, MealsSettings)


def meal_orders_query(
    principal: Principal,
    *,
    retiree_id: int | None = None,
    status: MealOrderStatus | None = None,
    meal: Meal | None = None,
    delivery: bool | None = None,
    served_from: dt.date | None = None,
    served_to: dt.date | None = None,
) -> QuerySet[MealOrder]:
    """The orders in the principal's scope that meet every condition given, by the day served."""
    conditions = {
        "retiree_id": retiree_id,
        "status": status,
        "meal": meal,
        "delivery": delivery,
        "served_on__gte": served_from,
        "served_on__lte": served_to,
    }
    given = {lookup: value for lookup, value in conditions.items() if value is not None}
    return scoped(MealOrder, principal).filter(**given).order_by("served_on", "meal", "id")


@atomic()
async def order_meal(
    principal: Principal,
    retiree_id: int,
    served_on: dt.date,
    meal: Meal,
    delivery: bool = False,
) -> MealOrder:
    """Order one meal for a retiree in scope who is still served (在册).

    Refused when the day is past, when that day's meal is fully booked (``daily_capacity``
    across the whole instance), or when the retiree already has that meal ordered.
    """
    principal.require(ORDER)
    config = settings()
    # Locking the retiree serialises concurrent orders for one person (PostgreSQL).
    retiree = await lock_visible(Retiree, retiree_id, principal, "retireeId")
    if retiree.status is not enums.RetireeStatus.ACTIVE:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该军休干部已去世或已转出，不能订餐", "retireeId")
    if served_on < today():
        raise ServiceError(ErrorCode.DATE_ORDER, "用餐日期不能早于今天", "servedOn")
    booked = MealOrder.filter(served_on=served_on, meal=meal, status=MealOrderStatus.ORDERED)
    if await booked.filter(retiree_id=retiree_id).exists():
        raise ServiceError(ErrorCode.DUPLICATE, f"该军休干部 {served_on} 的{_label(meal)}已预订", "servedOn")
    if await booked.count() >= config.daily_capacity:
        raise ServiceError(
            ErrorCode.INVALID_VALUE,
            f"{served_on} 的{_label(meal)}已订满（每餐次限 {config.daily_capacity} 份）",
            "servedOn",
        )
    return await MealOrder.create(
        retiree_id=retiree_id,
        served_on=served_on,
        meal=meal,
        delivery=delivery,
        price=Decimal(config.default_price),
    )


async def cancel_future_orders(retiree_id: int, died_on: dt.date) -> int:
    """Cancel a deceased retiree's orders for meals after the death (and any from today on).

    Runs inside the caller's transaction (the ``retiree_deceased`` event); returns the count.
    """
    cutoff = min(today(), died_on + dt.timedelta(days=1))
    return await MealOrder.filter(retiree_id=retiree_id, served_on__gte=cutoff, status=MealOrderStatus.ORDERED).update(
        status=MealOrderStatus.CANCELLED
    )


def _label(meal: Meal) -> str:
    return {Meal.LUNCH: "午餐", Meal.DINNER: "晚餐"}[meal]
