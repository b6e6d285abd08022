"""The example third-party plugin through the API: enabled by config, its query, mutation
and Retiree extension work, and a core event reaches it inside the write."""

import datetime as dt

import pytest
from conftest import make_client
from factories import create_retiree, province

from core import clock
from core.settings import Settings

ORDER = "mutation ($input: OrderMealInput!) { orderMeal(input: $input) { mealOrder { meal status price retiree { name } } userErrors { field code } } }"


@pytest.fixture
async def meals(db):
    client = await make_client(Settings(plugins=["meals"], plugin_settings={"meals": {"daily_capacity": 1}}))
    yield client
    await client.http.aclose()


async def test_order_extension_and_death_event(meals):
    tree = await province(meals)
    first = await create_retiree(meals, tree["first"]["id"], name="吴振华")
    second = await create_retiree(meals, tree["first"]["id"], name="郑光明")
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    ordered = await meals.mutate(ORDER, {"retireeId": first["id"], "servedOn": tomorrow, "meal": "LUNCH"})
    assert ordered["userErrors"] == [] and ordered["mealOrder"]["retiree"] == {"name": "吴振华"}
    full = await meals.mutate(ORDER, {"retireeId": second["id"], "servedOn": tomorrow, "meal": "LUNCH"})
    assert full["mealOrder"] is None and full["userErrors"][0]["code"] == "INVALID_VALUE"
    died = await meals(
        "mutation ($input: RecordRetireeDeathInput!) { recordRetireeDeath(input: $input) { userErrors { code } } }",
        {"input": {"id": first["id"], "diedOn": clock.today().isoformat()}},
    )
    assert died["recordRetireeDeath"]["userErrors"] == []
    data = await meals(f'{{ retiree(id: "{first["id"]}") {{ mealOrders {{ status }} }} plugins {{ name label }} }}')
    assert data["retiree"]["mealOrders"] == [{"status": "CANCELLED"}]
    assert data["plugins"] == [{"name": "meals", "label": "助餐服务"}]


async def test_plugin_absent_when_not_enabled(gql):
    body = await gql.raw("{ mealOrders(first: 1) { totalCount } }")
    assert "mealOrders" in body["errors"][0]["message"]
    assert (await gql("{ plugins { name } }"))["plugins"] == []
