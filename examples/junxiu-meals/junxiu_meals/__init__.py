"""junxiu-meals：助餐服务插件（第三方插件示例）。

Retirees' lunches and dinners: staff order a meal for a retiree (optionally delivered to the
home, 送餐上门); each day's meal has an instance-wide capacity; a retiree's death cancels the
meals ordered for after it. Imports from the core only through ``core.api``.
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from pydantic import BaseModel, Field

from core.api import (
    AGENCY_MANAGER,
    AGENCY_STAFF,
    DEPARTMENT_ADMIN,
    RETIREE,
    GraphQLContribution,
    LoaderRegistration,
    ModelRegistration,
    Permission,
    PluginSpec,
    Principal,
    Retiree,
    ScopeRule,
    TypeExtension,
    children_loader,
    hookimpl,
)


class MealsSettings(BaseModel):
    """``[plugin_settings.meals]`` in junxiu.toml."""

    model_config = {"extra": "forbid"}

    daily_capacity: int = Field(120, ge=1, description="每日每餐次可订份数（全实例合计）")
    default_price: Decimal = Field(
        Decimal("12.00"), ge=0, max_digits=8, decimal_places=2, description="每份价格（元）"
    )


# --8<-- [start:plugin_spec]
PLUGIN = PluginSpec(
    name="meals",
    label="助餐服务",
    version="0.1.0",
    core_versions=">=0.1,<0.3",
    settings=MealsSettings,
    description="为军休干部预订午餐、晚餐，可送餐上门；每日每餐次限量，去世后自动取消后续订餐",
)
# --8<-- [end:plugin_spec]
READ = "meals.read"
ORDER = "meals.order"


# --8<-- [start:register_models]
@hookimpl
def register_models() -> ModelRegistration:
    return ModelRegistration(modules=["junxiu_meals.models"], migrations="junxiu_meals.migrations")
# --8<-- [end:register_models]


# --8<-- [start:register_scope_rules]
@hookimpl
def register_scope_rules() -> Sequence[ScopeRule]:
    from junxiu_meals.models import MealOrder

    return [
        ScopeRule(MealOrder, agency_path="retiree__agency", retiree_path="retiree_id", read_permission=READ)
    ]

# --8<-- [start:register_permissions]
@hookimpl
def register_permissions() -> Sequence[Permission]:
    workers = (DEPARTMENT_ADMIN, AGENCY_MANAGER, AGENCY_STAFF)
    return [
        Permission(READ, "查看订餐", (*workers, RETIREE)),
        Permission(ORDER, "为军休干部订餐", workers),
    ]
# --8<-- [end:register_scope_rules]
# --8<-- [end:register_permissions]


# --8<-- [start:register_graphql]
@hookimpl
def register_graphql() -> GraphQLContribution:
    from junxiu_meals import schema

    return GraphQLContribution(
        query=schema.MealsQuery,
        mutation=schema.MealsMutation,
        types=[schema.MealOrder],
        extensions=[TypeExtension(target="Retiree", fields=schema.RetireeMealsExtension)],
    )
# --8<-- [end:register_graphql]


# --8<-- [start:register_loaders]
@hookimpl
def register_loaders() -> Sequence[LoaderRegistration]:
    from junxiu_meals.models import MealOrder
    from junxiu_meals.schema import ORDERS_BY_RETIREE

    return [LoaderRegistration(ORDERS_BY_RETIREE, children_loader(MealOrder, "retiree_id"))]
# --8<-- [end:register_loaders]


# --8<-- [start:load_demo_data]
@hookimpl
async def load_demo_data(principal: Principal, seed: int) -> None:
    from junxiu_meals.demo import load_demo

    await load_demo(principal, seed)
# --8<-- [end:load_demo_data]


# --8<-- [start:retiree_deceased]
@hookimpl
async def retiree_deceased(retiree: Retiree, died_on: dt.date, principal: Principal) -> None:
    from junxiu_meals.services import cancel_future_orders

    await cancel_future_orders(retiree.id, died_on)
# --8<-- [end:retiree_deceased]
