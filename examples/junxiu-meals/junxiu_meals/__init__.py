"""junxiu-meals：助餐服务插件（第三方插件示例）。

Retirees' lunches and dinners: staff order a meal for a retiree (optionally delivered to the
home, 送餐上门); each day's meal has an instance-wide capacity; a retiree's death cancels the
meals ordered for after it. Imports from the core only through ``core.api``.

This module only registers: the plugin spec and the hook implementations, some of them
imported from the module that owns what they register (permissions, loaders).
"""

import datetime as dt
from collections.abc import Sequence

from core.api import (
    GraphQLContribution,
    ModelRegistration,
    PluginSpec,
    Principal,
    Retiree,
    ScopeRule,
    TypeExtension,
    hookimpl,
)

# hooks that live beside what they register: importing them here is what registers them
from junxiu_meals.loaders import register_loaders  # noqa: F401
from junxiu_meals.permissions import READ, register_permissions  # noqa: F401
from junxiu_meals.settings import MealsSettings

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


# --8<-- [start:register_models]
@hookimpl
def register_models() -> ModelRegistration:
    return ModelRegistration(modules=["junxiu_meals.models"], migrations="junxiu_meals.migrations")
    # --8<-- [end:register_models]


# --8<-- [start:register_scope_rules]
@hookimpl
def register_scope_rules() -> Sequence[ScopeRule]:
    from junxiu_meals.models import MealOrder

    return [ScopeRule(MealOrder, agency_path="retiree__agency", retiree_path="retiree_id", read_permission=READ)]
    # --8<-- [end:register_scope_rules]


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
