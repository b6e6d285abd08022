"""Concurrent nominations for the last place of a batch never overbook (PostgreSQL: the plan
and batch rows are locked while places are counted)."""

import asyncio

import pytest
from conftest import DIALECT, make_client
from sanatorium_helpers import hero, nominate, ok, setup_plan

from core.settings import Settings

pytestmark = pytest.mark.skipif(DIALECT != "postgres", reason="row locks serialise only on PostgreSQL")


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
