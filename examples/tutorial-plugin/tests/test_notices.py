"""通知公告 through the GraphQL API, as a client calls it. The fixtures come from junxiu's
pytest plugin (core.testing): ``gql`` is a system administrator's client of an app with this
plugin enabled, on an emptied database; ``scope_matrix`` runs the core's leak checks over this
plugin's types for every role."""

import datetime as dt

from core.api import today
from core.testing import create_retiree, province

CREATE = """
mutation ($input: PublishNoticeInput!) {
  publishNotice(input: $input) {
    notice { title publishedOn agency { name } retiree { name } }
    userErrors { field code }
  }
}"""
LIST = """
query ($filter: NoticeFilter) {
  notices(first: 10, filter: $filter) { totalCount edges { node { title } } }
}"""


async def test_records_are_created_and_listed_with_their_filter(gql):
    tree = await province(gql)
    retiree = await create_retiree(gql, tree["first"]["id"], name="张建国")
    created = await gql.mutate(
        CREATE,
        {
            "agencyId": tree["first"]["id"],
            "retireeId": retiree["id"],
            "title": "春节慰问",
            "body": "腊月廿六上门慰问。",
            "publishedOn": "2025-01-20",
        },
    )
    assert created == {
        "notice": {
            "title": "春节慰问",
            "publishedOn": "2025-01-20",
            "agency": {"name": "南京市第一军休所"},
            "retiree": {"name": "张建国"},
        },
        "userErrors": [],
    }
    second = {"agencyId": tree["second"]["id"], "title": "重阳节活动", "body": "登高。", "publishedOn": "2025-10-29"}
    assert (await gql.mutate(CREATE, second))["userErrors"] == []

    assert (await gql(LIST))["notices"]["totalCount"] == 2
    found = (await gql(LIST, {"filter": {"search": "上门"}}))["notices"]
    assert found == {"totalCount": 1, "edges": [{"node": {"title": "春节慰问"}}]}
    later = (await gql(LIST, {"filter": {"publishedFrom": "2025-06-01"}}))["notices"]
    assert later["edges"] == [{"node": {"title": "重阳节活动"}}]
    about = await gql(f'{{ retiree(id: "{retiree["id"]}") {{ notices {{ title }} }} }}')
    assert about["retiree"]["notices"] == [{"title": "春节慰问"}]


async def test_a_retiree_of_another_agency_is_refused(gql):
    tree = await province(gql)
    elsewhere = await create_retiree(gql, tree["second"]["id"])
    values = {"agencyId": tree["first"]["id"], "retireeId": elsewhere["id"], "title": "春节慰问", "body": "慰问。"}
    refused = await gql.mutate(CREATE, values)
    assert refused == {
        "notice": None,
        "userErrors": [{"field": "retireeId", "code": "NOTICES_RETIREE_ELSEWHERE"}],
    }
    assert (await gql(LIST))["notices"]["totalCount"] == 0


async def test_no_role_reaches_a_record_outside_its_scope(scope_matrix):
    async def populate(admin, institute):
        values = {"agencyId": institute["agency"], "retireeId": institute["retiree"], "title": "慰问", "body": "慰问。"}
        assert (await admin.mutate(CREATE, values))["userErrors"] == []

    await scope_matrix(populate)


# --8<-- [start:retiree_deceased]
DEATH = """
mutation ($input: RecordRetireeDeathInput!) { recordRetireeDeath(input: $input) { userErrors { code } } }"""


async def test_a_death_withdraws_the_notices_addressed_to_the_retiree_after_it(gql):
    tree = await province(gql)
    retiree = await create_retiree(gql, tree["first"]["id"])
    values = {"agencyId": tree["first"]["id"], "retireeId": retiree["id"], "title": "体检", "body": "周三体检。"}
    for published_on in ("2025-03-01", "2025-06-01"):
        assert (await gql.mutate(CREATE, values | {"publishedOn": published_on}))["userErrors"] == []
    assert (await gql.mutate(DEATH, {"id": retiree["id"], "diedOn": "2025-04-01"}))["userErrors"] == []
    about = await gql(f'{{ retiree(id: "{retiree["id"]}") {{ notices {{ publishedOn }} }} }}')
    assert about["retiree"]["notices"] == [{"publishedOn": "2025-03-01"}]
    # --8<-- [end:retiree_deceased]


# --8<-- [start:register_due_items]
TODO = "{ viewer { todo { edges { node { source title dueOn } } } } }"


async def test_the_notices_of_the_coming_week_are_to_check(gql):
    tree = await province(gql)
    for days in (0, 3, 8):  # today's is out already; the one in 8 days is not due yet
        published_on = (today() + dt.timedelta(days=days)).isoformat()
        values = {"agencyId": tree["first"]["id"], "title": f"{days} 天后", "body": "正文", "publishedOn": published_on}
        assert (await gql.mutate(CREATE, values))["userErrors"] == []
    soon = (today() + dt.timedelta(days=3)).isoformat()
    expected = {"source": "notices.upcoming", "title": "核对即将发布的通知：3 天后", "dueOn": soon}
    assert (await gql(TODO))["viewer"]["todo"]["edges"] == [{"node": expected}]
    # --8<-- [end:register_due_items]
