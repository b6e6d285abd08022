"""The example third-party plugin through the API: enabled by config, its query, mutation
and Retiree extension work, and a core event reaches it inside the write."""

import datetime as dt

import pytest

from core import clock
from core.settings import Settings
from core.testing import create_retiree, make_client, province

ORDER = """mutation ($input: OrderMealInput!) { orderMeal(input: $input) {
  mealOrder { meal status price retiree { name } } userErrors { field code } } }"""


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


async def test_plugin_absent_when_not_enabled(db):
    core_only = await make_client(Settings(plugins=[]))
    body = await core_only.raw("{ mealOrders(first: 1) { totalCount } }")
    assert "mealOrders" in body["errors"][0]["message"]
    assert (await core_only("{ plugins { name } }"))["plugins"] == []
    await core_only.http.aclose()


ORDERS = """query ($filter: MealOrderFilter, $servedOn: Date) {
  mealOrders(first: 20, filter: $filter, servedOn: $servedOn) {
    totalCount edges { node { servedOn meal retiree { name } } } } }"""


async def test_meal_orders_are_filtered_by_each_condition(meals):
    tree = await province(meals)
    first = await create_retiree(meals, tree["first"]["id"], name="吴振华")
    second = await create_retiree(meals, tree["first"]["id"], name="郑光明")
    day = [(clock.today() + dt.timedelta(days=n)).isoformat() for n in range(4)]
    for retiree, served_on, meal, delivery in (
        (first, day[1], "LUNCH", True),
        (first, day[2], "DINNER", False),
        (second, day[1], "DINNER", True),
        (second, day[3], "LUNCH", False),
    ):
        order = {"retireeId": retiree["id"], "servedOn": served_on, "meal": meal, "delivery": delivery}
        assert (await meals.mutate(ORDER, order))["userErrors"] == []
    died = await meals(
        "mutation ($input: RecordRetireeDeathInput!) { recordRetireeDeath(input: $input) { userErrors { code } } }",
        {"input": {"id": second["id"], "diedOn": day[0]}},
    )
    assert died["recordRetireeDeath"]["userErrors"] == []

    async def found(**variables):
        data = (await meals(ORDERS, variables))["mealOrders"]
        rows = [(e["node"]["servedOn"], e["node"]["meal"], e["node"]["retiree"]["name"]) for e in data["edges"]]
        assert data["totalCount"] == len(rows)
        return rows

    assert await found(filter={"retireeId": second["id"]}) == [
        (day[1], "DINNER", "郑光明"),
        (day[3], "LUNCH", "郑光明"),
    ]
    assert await found(filter={"status": "ORDERED"}) == [(day[1], "LUNCH", "吴振华"), (day[2], "DINNER", "吴振华")]
    assert await found(filter={"meal": "DINNER", "delivery": True}) == [(day[1], "DINNER", "郑光明")]
    assert await found(filter={"servedFrom": day[2], "servedTo": day[3]}) == [
        (day[2], "DINNER", "吴振华"),
        (day[3], "LUNCH", "郑光明"),
    ]
    # the deprecated argument still answers, and narrows the filter's answer
    assert await found(servedOn=day[1]) == [(day[1], "DINNER", "郑光明"), (day[1], "LUNCH", "吴振华")]
    assert await found(servedOn=day[1], filter={"meal": "LUNCH"}) == [(day[1], "LUNCH", "吴振华")]


async def test_a_malformed_retiree_id_in_the_filter_is_refused_by_code(meals):
    body = await meals.raw(ORDERS, {"filter": {"retireeId": "bm90IGFuIGlk"}})
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "INVALID_ID", "field": "retireeId"}


# --8<-- [start:roles]
async def test_staff_order_within_their_institute_and_a_retiree_only_reads(role_clients):
    ids = role_clients.world.ids
    lunch = {"servedOn": (clock.today() + dt.timedelta(days=1)).isoformat(), "meal": "LUNCH"}
    staff = role_clients["AGENCY_STAFF"]  # the home institute's staff member
    ordered = await staff.mutate(ORDER, {**lunch, "retireeId": ids["home_retiree"]})
    assert ordered["userErrors"] == []
    elsewhere = await staff.mutate(ORDER, {**lunch, "retireeId": ids["sibling_retiree"]})
    assert elsewhere["userErrors"] == [{"field": "retireeId", "code": "NOT_FOUND"}]

    retiree = role_clients["RETIREE"]  # 本人: reads meal orders, orders none
    refused = await retiree.mutate(ORDER, {**lunch, "retireeId": ids["self"]})
    assert refused["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    mine = await retiree("{ mealOrders(first: 10) { totalCount } }")
    assert mine["mealOrders"]["totalCount"] == 0
    # --8<-- [end:roles]
