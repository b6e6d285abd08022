"""The meal service's DataLoaders, declared in one place."""

from collections.abc import Sequence

from core.api import LoaderRegistration, children_loader, hookimpl

ORDERS_BY_RETIREE = "meals.orders_by_retiree"


# --8<-- [start:register_loaders]
@hookimpl
def register_loaders() -> Sequence[LoaderRegistration]:
    from junxiu_meals.models import MealOrder  # models load only when the plugin is enabled

    return [LoaderRegistration(ORDERS_BY_RETIREE, children_loader(MealOrder, "retiree_id"))]
    # --8<-- [end:register_loaders]
