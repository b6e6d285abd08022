"""GraphQL of the meal service: ``MealOrder``, ``mealOrders``, ``orderMeal`` and the
``Retiree.mealOrders`` extension. Resolvers only translate; rules live in ``services``."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.types import Info

from core.api import (
    DEFAULT_PAGE_SIZE,
    Connection,
    ModelNode,
    RetireeRef,
    loaded_field,
    mutation,
    paginate,
    payload,
    refers,
    scoped,
)
from junxiu_meals import ORDER, services
from junxiu_meals.models import Meal, MealOrderStatus
from junxiu_meals.models import MealOrder as MealOrderModel

ORDERS_BY_RETIREE = "meals.orders_by_retiree"


@strawberry.type(description="订餐记录（助餐服务）")
class MealOrder(ModelNode):
    __model__ = MealOrderModel

    served_on: dt.date = strawberry.field(description="用餐日期")
    meal: Meal = strawberry.field(description="餐次")
    delivery: bool = strawberry.field(description="是否送餐上门")
    price: Decimal = strawberry.field(description="价格（元）")
    status: MealOrderStatus = strawberry.field(description="状态")
    created_at: dt.datetime = strawberry.field(description="下单时间")

    retiree: RetireeRef | None = loaded_field("core.retiree", "retiree_id", "用餐的军休干部")


@strawberry.type(description="军休干部的助餐字段（由 meals 插件添加）")
class RetireeMealsExtension:
    meal_orders: list[MealOrder] = loaded_field(ORDERS_BY_RETIREE, "id", "该军休干部的订餐记录（按用餐日期）")


@strawberry.input(description="为军休干部订一餐")
class OrderMealInput:
    retiree_id: strawberry.ID = refers("Retiree", "军休干部 ID（须在册）")
    served_on: dt.date = strawberry.field(description="用餐日期，不早于今天")
    meal: Meal = strawberry.field(description="餐次")
    delivery: bool = strawberry.field(default=False, description="是否送餐上门")


OrderMealPayload = payload("OrderMeal", "meal_order", MealOrder, "订餐记录")


@strawberry.type
class MealsQuery:
    @strawberry.field(description="订餐记录列表（在可见范围内，按用餐日期）")
    async def meal_orders(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="本页最多条数（0–100）")] = DEFAULT_PAGE_SIZE,
        after: Annotated[str | None, strawberry.argument(description="从该游标之后取（上一页的 endCursor）")] = None,
        served_on: Annotated[dt.date | None, strawberry.argument(description="只看该用餐日期的")] = None,
    ) -> Connection[MealOrder]:
        queryset = scoped(MealOrderModel, info.context.principal)
        if served_on is not None:
            queryset = queryset.filter(served_on=served_on)
        return await paginate(queryset.order_by("served_on", "meal", "id"), first, after, info)


@strawberry.type
class MealsMutation:
    order_meal = mutation(
        "为军休干部订餐（每人每天每餐次一份，受每日份数上限约束）", requires=ORDER,
        service=services.order_meal, input=OrderMealInput,
        payload=OrderMealPayload,
    )
