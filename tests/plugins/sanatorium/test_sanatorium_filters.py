"""Each sanatorium connection narrowed by its ``filter`` input, through the API: the rows each
condition keeps, conditions combined, the deprecated loose arguments still honoured, and an ID
of the wrong type matching nothing."""

import datetime as dt
from typing import Any

import pytest
from sanatorium_helpers import CREATE_PLAN, CREATE_SITE, REVIEW, YEAR, add_batch, hero, nominate, ok, setup_plan

from core.settings import Settings
from core.testing import make_client


@pytest.fixture
async def san(db):
    client = await make_client(Settings(plugins=["sanatorium"]))
    yield client
    await client.http.aclose()


def rows(data: dict[str, Any], field: str, *path: str) -> list[Any]:
    """The ``path`` value of each node of connection ``field``, in order."""
    values = []
    for edge in data[field]["edges"]:
        value = edge["node"]
        for key in path:
            value = value[key]
        values.append(value)
    return values


async def catalog(san) -> dict[str, Any]:
    """The province's plan for this year with a June batch (open) at its site, an August batch
    (planned) at a second site, next year's plan with a batch, and the city's own plan and site."""
    tree = await setup_plan(san)
    dept, city = tree["dept"]["id"], tree["city"]["id"]
    seaside = ok(await san.mutate(CREATE_SITE, {"ownerId": dept, "name": "海滨疗养基地", "beds": 50}))["sanatoriumSite"]
    ok(await san.mutate(CREATE_SITE, {"ownerId": city, "name": "市疗养所", "beds": 20}))
    august = await add_batch(san, tree["plan"]["id"], seaside["id"], dt.date(YEAR, 8, 1), status="PLANNED")
    plan = {"ownerId": dept, "year": YEAR + 1, "tier": "PROVINCIAL", "title": "明年省级疗养", "totalQuota": 5}
    next_year = ok(await san.mutate(CREATE_PLAN, plan))["sanatoriumPlan"]
    later = await add_batch(san, next_year["id"], tree["site"]["id"], dt.date(YEAR + 1, 5, 1))
    plan = {"ownerId": city, "year": YEAR, "tier": "CITY", "title": "市级疗养", "totalQuota": 5}
    ok(await san.mutate(CREATE_PLAN, plan))
    return {**tree, "seaside": seaside, "august": august, "next_year": next_year, "later": later}


SITES = "query ($f: SanatoriumSiteFilter) { sanatoriumSites(filter: $f) { totalCount edges { node { name } } } }"


async def test_sites_by_owner_and_name(san):
    world = await catalog(san)
    assert rows(await san(SITES), "sanatoriumSites", "name") == ["太湖疗养院", "海滨疗养基地", "市疗养所"]
    assert rows(await san(SITES, {"f": {"search": "海滨"}}), "sanatoriumSites", "name") == ["海滨疗养基地"]
    by_city = await san(SITES, {"f": {"ownerId": world["city"]["id"]}})
    assert rows(by_city, "sanatoriumSites", "name") == ["市疗养所"]
    both = await san(SITES, {"f": {"ownerId": world["dept"]["id"], "search": "疗养院"}})
    assert rows(both, "sanatoriumSites", "name") == ["太湖疗养院"]


PLANS = """query ($f: SanatoriumPlanFilter, $year: Int) { sanatoriumPlans(filter: $f, year: $year) {
  totalCount edges { node { title } } } }"""


async def test_plans_by_year_tier_and_owner(san):
    world = await catalog(san)
    assert rows(await san(PLANS), "sanatoriumPlans", "title") == ["明年省级疗养", f"{YEAR} 年省级疗养", "市级疗养"]
    assert rows(await san(PLANS, {"f": {"year": YEAR + 1}}), "sanatoriumPlans", "title") == ["明年省级疗养"]
    assert rows(await san(PLANS, {"f": {"tier": "CITY"}}), "sanatoriumPlans", "title") == ["市级疗养"]
    by_city = await san(PLANS, {"f": {"ownerId": world["city"]["id"]}})
    assert rows(by_city, "sanatoriumPlans", "title") == ["市级疗养"]
    this_year = await san(PLANS, {"f": {"year": YEAR, "tier": "PROVINCIAL"}})
    assert rows(this_year, "sanatoriumPlans", "title") == [f"{YEAR} 年省级疗养"]
    # the deprecated argument still narrows, together with the filter; the filter wins a clash
    assert rows(await san(PLANS, {"year": YEAR + 1}), "sanatoriumPlans", "title") == ["明年省级疗养"]
    combined = await san(PLANS, {"year": YEAR, "f": {"tier": "CITY"}})
    assert rows(combined, "sanatoriumPlans", "title") == ["市级疗养"]
    clash = await san(PLANS, {"year": YEAR, "f": {"year": YEAR + 1}})
    assert rows(clash, "sanatoriumPlans", "title") == ["明年省级疗养"]
    wrong_type = await san(PLANS, {"f": {"ownerId": world["batch"]["id"]}})
    assert wrong_type["sanatoriumPlans"] == {"totalCount": 0, "edges": []}


BATCHES = """query ($f: SanatoriumBatchFilter, $plan: ID) { sanatoriumBatches(filter: $f, planId: $plan) {
  totalCount edges { node { id } } } }"""


async def test_batches_by_plan_site_and_status(san):
    world = await catalog(san)
    june, august, later = world["batch"]["id"], world["august"]["id"], world["later"]["id"]
    assert rows(await san(BATCHES), "sanatoriumBatches", "id") == [june, august, later]
    assert rows(await san(BATCHES, {"f": {"status": "PLANNED"}}), "sanatoriumBatches", "id") == [august]
    seaside = await san(BATCHES, {"f": {"siteId": world["seaside"]["id"]}})
    assert rows(seaside, "sanatoriumBatches", "id") == [august]
    next_year = await san(BATCHES, {"f": {"planId": world["next_year"]["id"]}})
    assert rows(next_year, "sanatoriumBatches", "id") == [later]
    open_this_year = await san(BATCHES, {"f": {"planId": world["plan"]["id"], "status": "OPEN"}})
    assert rows(open_this_year, "sanatoriumBatches", "id") == [june]
    deprecated = await san(BATCHES, {"plan": world["plan"]["id"]})
    assert rows(deprecated, "sanatoriumBatches", "id") == [june, august]
    wrong_type = await san(BATCHES, {"f": {"planId": world["site"]["id"]}})
    assert wrong_type["sanatoriumBatches"] == {"totalCount": 0, "edges": []}


NOMINATIONS = """query ($f: SanatoriumNominationFilter, $status: SanatoriumNominationStatus) {
  sanatoriumNominations(filter: $f, status: $status) { totalCount edges { node { retiree { name } } } } }"""


async def test_nominations_by_batch_plan_status_and_pending_level(san):
    world = await catalog(san)
    first = world["first"]["id"]
    reviewed, draft, later = [await hero(san, first, name) for name in ("甲审核中", "乙草稿", "丙明年")]
    nomination = ok(await nominate(san, world["batch"]["id"], reviewed["id"]))["sanatoriumNomination"]["id"]
    ok(await san.mutate(REVIEW, {"nominationId": nomination, "decision": "APPROVE", "opinion": "同意"}))
    ok(await nominate(san, world["batch"]["id"], draft["id"], submit=False))
    ok(await nominate(san, world["later"]["id"], later["id"]))

    def names(data: dict[str, Any]) -> list[str]:
        return rows(data, "sanatoriumNominations", "retiree", "name")

    assert names(await san(NOMINATIONS)) == ["甲审核中", "乙草稿", "丙明年"]
    assert names(await san(NOMINATIONS, {"f": {"batchId": world["batch"]["id"]}})) == ["甲审核中", "乙草稿"]
    assert names(await san(NOMINATIONS, {"f": {"planId": world["next_year"]["id"]}})) == ["丙明年"]
    assert names(await san(NOMINATIONS, {"f": {"status": "DRAFT"}})) == ["乙草稿"]
    assert names(await san(NOMINATIONS, {"f": {"pendingLevel": "CITY"}})) == ["甲审核中"]
    assert names(await san(NOMINATIONS, {"f": {"pendingLevel": "AGENCY"}})) == ["丙明年"]
    this_year = {"planId": world["plan"]["id"], "status": "UNDER_REVIEW"}
    assert names(await san(NOMINATIONS, {"f": this_year})) == ["甲审核中"]
    assert names(await san(NOMINATIONS, {"status": "NOMINATED"})) == ["丙明年"]  # deprecated argument
    assert names(await san(NOMINATIONS, {"f": {"batchId": world["plan"]["id"]}})) == []


CANDIDATES = """query ($f: SanatoriumCandidateFilter, $plan: ID) { sanatoriumCandidates(filter: $f, planId: $plan) {
  totalCount edges { node { retiree { name } } } } }"""


async def test_candidates_need_a_plan_in_the_filter(san):
    world = await catalog(san)
    await hero(san, world["first"]["id"], "六月在疗")
    busy = await hero(san, world["first"]["id"], "已推六月")
    ok(await nominate(san, world["batch"]["id"], busy["id"]))
    plan = world["next_year"]["id"]
    every = await san(CANDIDATES, {"f": {"planId": plan}})
    assert rows(every, "sanatoriumCandidates", "retiree", "name") == ["六月在疗", "已推六月"]
    # a batch of next year does not overlap June: nobody is left out for it
    free = await san(CANDIDATES, {"f": {"planId": plan, "batchId": world["later"]["id"]}})
    assert rows(free, "sanatoriumCandidates", "retiree", "name") == ["六月在疗", "已推六月"]
    this_year = await san(CANDIDATES, {"f": {"planId": world["plan"]["id"], "batchId": world["batch"]["id"]}})
    assert rows(this_year, "sanatoriumCandidates", "retiree", "name") == ["六月在疗"]
    assert rows(await san(CANDIDATES, {"plan": plan}), "sanatoriumCandidates", "retiree", "name") == [
        "六月在疗",
        "已推六月",
    ]  # the deprecated argument
    wrong_type = await san(CANDIDATES, {"f": {"planId": world["batch"]["id"]}})
    assert wrong_type["sanatoriumCandidates"] == {"totalCount": 0, "edges": []}
    missing = await san.raw(CANDIDATES)
    assert missing["data"] is None
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in missing["errors"]] == [
        ("REQUIRED", "filter.planId")
    ]
