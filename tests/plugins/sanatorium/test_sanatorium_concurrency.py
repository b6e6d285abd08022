"""Concurrent nominations for the last place of a batch never overbook, on both databases:
PostgreSQL locks the plan and batch rows while places are counted; SQLite runs each
mutation's transaction alone. A check and write outside one transaction would overbook here."""

import asyncio

from sanatorium_helpers import hero, nominate, ok, setup_plan

from core.settings import Settings
from core.testing import make_client


async def test_last_place_goes_to_exactly_one(db):
    client = await make_client(Settings(plugins=["sanatorium"]))
    tree = await setup_plan(client, capacity=2, total=20)
    first = await hero(client, tree["first"]["id"], "先到")
    ok(await nominate(client, tree["batch"]["id"], first["id"]))
    people = [await hero(client, tree[key]["id"], f"争{i}") for i, key in enumerate(["first", "second"] * 3)]
    results = await asyncio.gather(*(nominate(client, tree["batch"]["id"], p["id"]) for p in people))
    won = [r for r in results if not r["userErrors"]]
    lost = [r["userErrors"][0]["code"] for r in results if r["userErrors"]]
    assert len(won) == 1 and lost == ["CAPACITY_EXCEEDED"] * (len(people) - 1), results
    data = await client("query ($id: ID!) { sanatoriumBatch(id: $id) { occupied capacity } }", {"id": tree["batch"]["id"]})
    assert data["sanatoriumBatch"] == {"occupied": 2, "capacity": 2}
    await client.http.aclose()
