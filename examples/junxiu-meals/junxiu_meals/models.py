"""Tortoise models of the ``meals`` app (tables prefixed ``meals_``)."""

from enum import Enum

import strawberry
from tortoise import fields
from tortoise.models import Model

v = strawberry.enum_value


@strawberry.enum(description="餐次")
class Meal(Enum):
    LUNCH = v("LUNCH", description="午餐")
    DINNER = v("DINNER", description="晚餐")


@strawberry.enum(description="订餐状态")
class MealOrderStatus(Enum):
    ORDERED = v("ORDERED", description="已预订")
    CANCELLED = v("CANCELLED", description="已取消")


class MealOrder(Model):
    """One meal (lunch or dinner) ordered for one retiree on one day."""

    id = fields.IntField(primary_key=True)
    retiree: fields.ForeignKeyRelation["Retiree"] = fields.ForeignKeyField(  # noqa: F821
        "core.Retiree", related_name="meal_orders", on_delete=fields.RESTRICT
    )
    served_on = fields.DateField(db_index=True)
    meal = fields.CharEnumField(Meal)
    delivery = fields.BooleanField(default=False)
    price = fields.DecimalField(max_digits=8, decimal_places=2)
    status = fields.CharEnumField(MealOrderStatus, default=MealOrderStatus.ORDERED, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "meals_order"
        ordering = ["served_on", "meal", "id"]


__all__ = ["Meal", "MealOrder", "MealOrderStatus"]
