"""What the core's events do to nominations and quotas, through the API: a death or a transfer
closes or moves only the retiree's open nominations (a past stay stays as it was), with the
reason written on them; a merge moves the source's nominations and quotas to the target,
adding up the quotas of a plan both hold."""

import datetime as dt

import pytest
from sanatorium_helpers import CREATE_PLAN, YEAR, add_batch, hero, nominate, ok, setup_plan, stay

from core import clock
from core.settings import Settings
from core.testing import create_agency, make_client

DEATH = "mutation ($input: RecordRetireeDeathInput!) { recordRetireeDeath(input: $input) { userErrors { code } } }"
TRANSFER = "mutation ($input: TransferRetireeInput!) { transferRetiree(input: $input) { userErrors { code } } }"
MERGE = "mutation ($input: MergeAgenciesInput!) { mergeAgencies(input: $input) { userErrors { code } } }"
NOMINATION = "query ($id: ID!) { sanatoriumNomination(id: $id) { status reason agency { name } } }"
QUOTAS = "query ($id: ID!) { sanatoriumPlan(id: $id) { quotas { quota agency { name } } } }"


@pytest.fixture
async def san(db):
    client = await make_client(Settings(plugins=["sanatorium"]))
    yield client
    await client.http.aclose()


async def state(gql, nomination: str) -> tuple[str, str, str]:
    row = (await gql(NOMINATION, {"id": nomination}))["sanatoriumNomination"]
    return row["status"], row["reason"], row["agency"]["name"]


async def january(gql, tree) -> str:
    """A batch in January of the city's plan, begun already."""
    city = ok(
        await gql.mutate(
            CREATE_PLAN,
            {
                "ownerId": tree["city"]["id"],
                "year": YEAR,
                "tier": "CITY",
                "title": "市级",
                "totalQuota": 5,
            },
        )
    )["sanatoriumPlan"]["id"]
    return (await add_batch(gql, city, tree["site"]["id"], dt.date(YEAR, 1, 2), 3))["id"]


async def with_past_stay(gql, tree, batch: str, name: str) -> tuple[dict, str, str]:
    """A retiree of the first institute who went in the January batch and is now nominated
    for the province's June batch: (retiree, past stay, open nomination)."""
    person = await hero(gql, tree["first"]["id"], name)
    past = await stay(gql, batch, person["id"])
    open_ = ok(await nominate(gql, tree["batch"]["id"], person["id"]))["sanatoriumNomination"]["id"]
    return person, past, open_


async def test_death_withdraws_the_open_nomination_and_keeps_the_past_stay(san):
    tree = await setup_plan(san)
    person, past, open_ = await with_past_stay(san, tree, await january(san, tree), "将故")
    ok((await san(DEATH, {"input": {"id": person["id"], "diedOn": clock.today().isoformat()}}))["recordRetireeDeath"])
    assert await state(san, open_) == ("WITHDRAWN", "军休干部已去世，推荐自动撤回", "南京市第一军休所")
    assert await state(san, past) == ("ATTENDED", "", "南京市第一军休所")


async def test_a_transfer_moves_or_withdraws_only_the_retirees_open_nominations(san):
    tree = await setup_plan(san)
    zhejiang = await create_agency(san, "浙江省退役军人事务厅", "DEPARTMENT")
    hangzhou = await create_agency(san, "杭州市军休所", "INSTITUTE", zhejiang["id"])
    stays = await hero(san, tree["first"]["id"], "留所")
    stayer = ok(await nominate(san, tree["batch"]["id"], stays["id"]))["sanatoriumNomination"]["id"]
    today, past_batch = clock.today().isoformat(), await january(san, tree)
    cases = [  # (name, where to, the open nomination afterwards)
        ("所内调", {"toAgencyId": tree["second"]["id"]}, ("NOMINATED", "", "南京市第二军休所")),
        (
            "调外省",
            {"toAgencyId": hangzhou["id"]},
            ("WITHDRAWN", "军休干部已转至杭州市军休所（不在计划辖区内），推荐自动撤回", "南京市第一军休所"),
        ),
        (
            "出系统",
            {"destination": "外省军休机构"},
            ("WITHDRAWN", "军休干部已移交本系统以外，推荐自动撤回", "南京市第一军休所"),
        ),
    ]
    for name, where, expected in cases:
        person, past, open_ = await with_past_stay(san, tree, past_batch, name)
        moved = await san(TRANSFER, {"input": {"id": person["id"], "transferredOn": today, **where}})
        ok(moved["transferRetiree"])
        assert await state(san, open_) == expected, name
        # the January stay stays where and as it was; another retiree's nomination is untouched
        assert await state(san, past) == ("ATTENDED", "", "南京市第一军休所"), name
        assert await state(san, stayer) == ("NOMINATED", "", "南京市第一军休所"), name


async def test_a_merge_moves_nominations_and_adds_up_quotas_per_plan(san):
    tree = await setup_plan(san, total=10, quotas={"first": 2, "second": 1})
    next_year = ok(
        await san.mutate(
            CREATE_PLAN,
            {
                "ownerId": tree["dept"]["id"],
                "year": YEAR + 1,
                "tier": "PROVINCIAL",
                "title": "明年",
                "totalQuota": 5,
                "quotas": [{"agencyId": tree["second"]["id"], "quota": 1}],
            },
        )
    )["sanatoriumPlan"]["id"]
    person = await hero(san, tree["second"]["id"], "二所甲")
    nomination = ok(await nominate(san, tree["batch"]["id"], person["id"]))["sanatoriumNomination"]["id"]
    ok(
        (await san(MERGE, {"input": {"sourceId": tree["second"]["id"], "targetId": tree["first"]["id"]}}))[
            "mergeAgencies"
        ]
    )
    assert await state(san, nomination) == ("NOMINATED", "", "南京市第一军休所")
    # both held a quota of this year's plan: they add up; only the second held one of next year's: it moves
    this_year = (await san(QUOTAS, {"id": tree["plan"]["id"]}))["sanatoriumPlan"]["quotas"]
    assert this_year == [{"quota": 3, "agency": {"name": "南京市第一军休所"}}]
    assert (await san(QUOTAS, {"id": next_year}))["sanatoriumPlan"]["quotas"] == [
        {"quota": 1, "agency": {"name": "南京市第一军休所"}}
    ]
    usage = await san(
        "query ($id: ID!) { sanatoriumPlan(id: $id) { quotaUsage { quota used } } }", {"id": tree["plan"]["id"]}
    )
    assert usage["sanatoriumPlan"]["quotaUsage"] == [{"quota": 10, "used": 1}, {"quota": 3, "used": 1}]
