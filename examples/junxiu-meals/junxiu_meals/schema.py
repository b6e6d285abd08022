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
    decode_id,
    input_values,
    loaded_field,
    mutation,
    paginate,
    payload,
    refers,
)
from junxiu_meals import services
from junxiu_meals.loaders import ORDERS_BY_RETIREE
from junxiu_meals.models import Meal, MealOrderStatus
from junxiu_meals.models import MealOrder as MealOrderModel
from junxiu_meals.permissions import ORDER


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


@strawberry.input(description="订餐记录筛选条件（各条件同时满足）")
class MealOrderFilter:
    retiree_id: strawberry.ID | None = strawberry.field(default=None, description="用餐的军休干部 ID")
    status: MealOrderStatus | None = strawberry.field(default=None, description="状态")
    meal: Meal | None = strawberry.field(default=None, description="餐次")
    delivery: bool | None = strawberry.field(default=None, description="true 只看送餐上门的，false 只看堂食的")
    served_from: dt.date | None = strawberry.field(default=None, description="用餐日期不早于")
    served_to: dt.date | None = strawberry.field(default=None, description="用餐日期不晚于")


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
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: MealOrderFilter | None = None,
        served_on: Annotated[
            dt.date | None,
            strawberry.argument(
                description="只看该用餐日期的",
                deprecation_reason="请改用 filter.servedFrom 与 filter.servedTo；将在 0.3 删除",
            ),
        ] = None,
    ) -> Connection[MealOrder]:
        criteria = input_values(filter) if filter else {}
        if criteria.get("retiree_id") is not None:
            criteria["retiree_id"] = decode_id(criteria["retiree_id"], "Retiree", "retireeId")
        queryset = services.meal_orders_query(info.context.principal, **criteria)
        if served_on is not None:  # the deprecated argument, for clients not yet on filter
            queryset = queryset.filter(served_on=served_on)
        return await paginate(queryset, first, after, info)


@strawberry.type
class MealsMutation:
    order_meal = mutation(
        "为军休干部订餐（每人每天每餐次一份，受每日份数上限约束）",
        requires=ORDER,
        service=services.order_meal,
        input=OrderMealInput,
        payload=OrderMealPayload,
    )
