"""The meals plugin's part of the test world: in each institute, the retiree's lunch for
tomorrow. ``scope_matrix`` calls ``populate`` for every institute of its world."""

import datetime as dt

from core import clock
from core.testing import GraphQLClient

ORDER_MEAL = "mutation ($input: OrderMealInput!) { orderMeal(input: $input) { userErrors { code } } }"


async def populate(admin: GraphQLClient, institute: dict[str, str]) -> None:
    """A lunch order of the institute's retiree for tomorrow."""
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    payload = await admin.mutate(ORDER_MEAL, {"retireeId": institute["retiree"], "servedOn": tomorrow, "meal": "LUNCH"})
    assert payload["userErrors"] == [], payload
