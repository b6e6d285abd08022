"""The candidates of a plan through the API: the attendance history each carries and the fair
order it gives (never attended first, then the least recently attended), who a batch's dates
leave out, and who is never a candidate; the refusals of the service behind it."""

import datetime as dt

import pytest
from sanatorium_helpers import CREATE_PLAN, WITHDRAW, YEAR, add_batch, hero, nominate, ok, setup_plan, stay

from core.api import SYSTEM, ErrorCode, ServiceError, decode_id
from core.settings import Settings
from core.testing import create_agency, make_client
from plugins.sanatorium import services

QUERY = """query ($plan: ID!, $batch: ID) { sanatoriumCandidates(filter: { planId: $plan, batchId: $batch }) {
  edges { node { retiree { name } timesAttended lastAttendedOn } } } }"""


@pytest.fixture
async def san(db):
    client = await make_client(Settings(plugins=["sanatorium"]))
    yield client
    await client.http.aclose()


async def candidates(gql, plan: str, batch: str | None = None) -> list[tuple[str, int, str | None]]:
    data = await gql(QUERY, {"plan": plan, "batch": batch})
    return [
        (n["retiree"]["name"], n["timesAttended"], n["lastAttendedOn"])
        for n in (e["node"] for e in data["sanatoriumCandidates"]["edges"])
    ]


async def city_plan(gql, tree, total: int = 10) -> str:
    created = await gql.mutate(
        CREATE_PLAN, {"ownerId": tree["city"]["id"], "year": YEAR, "tier": "CITY", "title": "市级", "totalQuota": total}
    )
    return ok(created)["sanatoriumPlan"]["id"]


async def test_the_history_counts_attended_stays_and_ranks_the_least_recent_first(san):
    tree = await setup_plan(san)
    plan, site = tree["plan"]["id"], tree["site"]["id"]
    january = await add_batch(san, plan, site, dt.date(YEAR, 1, 2), 3)
    march = await add_batch(san, plan, site, dt.date(YEAR, 3, 2), 3)
    february = await add_batch(san, await city_plan(san, tree), site, dt.date(YEAR, 2, 2), 3)
    late, early, twice, absent, never = [
        await hero(san, tree["first"]["id"], name) for name in ("三月去", "一月去", "去两次", "没去", "从未")
    ]
    # created first, gone last: the order is by the date of the last stay, not by ID
    await stay(san, march["id"], late["id"])
    await stay(san, january["id"], early["id"])
    await stay(san, january["id"], twice["id"])
    await stay(san, february["id"], twice["id"])
    await stay(san, january["id"], absent["id"], attended=False)  # a no-show is no stay
    dropped = ok(await nominate(san, march["id"], never["id"]))["sanatoriumNomination"]["id"]
    ok(await san.mutate(WITHDRAW, {"nominationId": dropped, "reason": "本人放弃"}))  # nor is a withdrawn one
    next_year = ok(
        await san.mutate(
            CREATE_PLAN,
            {
                "ownerId": tree["dept"]["id"],
                "year": YEAR + 1,
                "tier": "PROVINCIAL",
                "title": "明年",
                "totalQuota": 5,
            },
        )
    )["sanatoriumPlan"]["id"]
    assert await candidates(san, next_year) == [
        ("没去", 0, None),
        ("从未", 0, None),
        ("一月去", 1, f"{YEAR}-01-04"),
        ("去两次", 2, f"{YEAR}-02-04"),
        ("三月去", 1, f"{YEAR}-03-04"),
    ]


async def test_a_batch_leaves_out_only_those_with_a_stay_overlapping_its_dates(san):
    """The setup's batch runs 1–7 June; stays in another plan's batches touching those dates
    (both ends count) leave a retiree out, stays before or after do not, nor withdrawn ones."""
    tree = await setup_plan(san)
    other = await city_plan(san, tree)
    site = tree["site"]["id"]
    batches = {
        "相接于首日": await add_batch(san, other, site, dt.date(YEAR, 5, 26), 7),  # 26 May – 1 June
        "重叠": await add_batch(san, other, site, dt.date(YEAR, 6, 5), 7),  # 5 – 11 June
        "之前": await add_batch(san, other, site, dt.date(YEAR, 5, 25), 7),  # 25 – 31 May
        "之后": await add_batch(san, other, site, dt.date(YEAR, 6, 8), 7),  # 8 – 14 June
    }
    for name, batch in batches.items():
        ok(await nominate(san, batch["id"], (await hero(san, tree["first"]["id"], name))["id"]))
    withdrawn = await hero(san, tree["first"]["id"], "重叠但撤回")
    taken = ok(await nominate(san, batches["重叠"]["id"], withdrawn["id"]))["sanatoriumNomination"]["id"]
    ok(await san.mutate(WITHDRAW, {"nominationId": taken, "reason": "本人放弃"}))
    plan = tree["plan"]["id"]
    everyone = [name for name, *_ in await candidates(san, plan)]
    assert everyone == ["相接于首日", "重叠", "之前", "之后", "重叠但撤回"]
    free = [name for name, *_ in await candidates(san, plan, tree["batch"]["id"])]
    assert free == ["之前", "之后", "重叠但撤回"]


async def test_only_the_plans_own_taken_nominations_and_other_provinces_are_left_out(san):
    tree = await setup_plan(san)
    plan, batch = tree["plan"]["id"], tree["batch"]["id"]
    taken, gave_up = await hero(san, tree["first"]["id"], "已推荐"), await hero(san, tree["first"]["id"], "已撤回")
    ok(await nominate(san, batch, taken["id"]))
    dropped = ok(await nominate(san, batch, gave_up["id"]))["sanatoriumNomination"]["id"]
    ok(await san.mutate(WITHDRAW, {"nominationId": dropped, "reason": "本人放弃"}))
    elsewhere = await create_agency(
        san, "杭州市军休所", "INSTITUTE", (await create_agency(san, "浙江省退役军人事务厅", "DEPARTMENT"))["id"]
    )
    await hero(san, elsewhere["id"], "外省英雄")  # eligible, visible, but not under the plan's owner
    assert [name for name, *_ in await candidates(san, plan)] == ["已撤回"]


async def test_the_service_names_the_id_it_cannot_see(san):
    """The API shows an unknown plan or batch as no candidates; the service itself says which ID."""
    tree = await setup_plan(san)
    plan = decode_id(tree["plan"]["id"], "SanatoriumPlan", "planId")
    for call, field in (
        (services.candidates(SYSTEM, 999999), "planId"),
        (services.candidates(SYSTEM, plan, 999999), "batchId"),
        (services.quota_usage(SYSTEM, 999999), "planId"),
    ):
        with pytest.raises(ServiceError) as refused:
            await call
        assert (refused.value.code, refused.value.field) == (ErrorCode.NOT_FOUND, field)
