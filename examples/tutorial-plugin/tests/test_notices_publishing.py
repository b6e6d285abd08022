"""Publishing and reading notices beyond the tests the generator wrote (test_notices.py): the
distribution is discovered, the schema gains the plugin only when it is enabled, a notice left
undated is published today, every filter condition, the expected failures, and staff reading
and publishing within their scope. Kept from before the tutorial started from the generator."""

from core import clock
from core.host import PluginHost, discover
from core.schema.build import build_schema
from core.settings import Settings
from core.testing import province

PUBLISH = """mutation ($input: PublishNoticeInput!) { publishNotice(input: $input) {
  notice { title publishedOn agency { name } } userErrors { field code } } }"""


def test_the_distribution_declares_the_plugin():
    found = discover()["notices"]
    assert found.distribution == "junxiu-tutorial-notices"
    assert found.entry_point.value == "junxiu_notices"


def test_the_schema_gains_the_plugin_only_when_enabled():
    schema = build_schema(PluginHost(Settings(plugins=["notices"])))._schema
    assert "notices" in schema.query_type.fields
    assert "publishNotice" in schema.mutation_type.fields
    assert "notices" in schema.type_map["Agency"].fields
    core_only = build_schema(PluginHost(Settings(plugins=[])))._schema
    assert "notices" not in core_only.query_type.fields and "Notice" not in core_only.type_map


async def test_publish_and_read_notices(gql):
    tree = await province(gql)
    published = await gql.mutate(
        PUBLISH,
        {
            "agencyId": tree["first"]["id"],
            "title": "春节慰问安排",
            "body": "腊月廿六上门慰问。",
            "publishedOn": "2026-02-10",
        },
    )
    assert published == {
        "notice": {"title": "春节慰问安排", "publishedOn": "2026-02-10", "agency": {"name": "南京市第一军休所"}},
        "userErrors": [],
    }
    undated = await gql.mutate(PUBLISH, {"agencyId": tree["second"]["id"], "title": "体检通知", "body": "周三体检。"})
    assert undated["notice"]["publishedOn"] == clock.today().isoformat()  # publishedOn left out: today

    data = await gql("{ notices(first: 10) { totalCount edges { node { title } } } }")
    assert data["notices"]["totalCount"] == 2
    agency = await gql(f'{{ agency(id: "{tree["first"]["id"]}") {{ notices {{ title }} }} }}')
    assert agency["agency"]["notices"] == [{"title": "春节慰问安排"}]


async def test_notices_are_filtered_by_publication_date_and_text(gql):
    tree = await province(gql)
    for title, body, published_on in (
        ("春节慰问安排", "腊月廿六上门慰问。", "2026-02-10"),
        ("体检通知", "周三上午体检，请空腹。", "2026-03-04"),
        ("书画展", "展出春节期间的书画作品。", "2026-03-20"),
    ):
        notice = {"agencyId": tree["first"]["id"], "title": title, "body": body, "publishedOn": published_on}
        assert (await gql.mutate(PUBLISH, notice))["userErrors"] == []

    async def titles(filter: dict) -> list[str]:
        query = "query ($filter: NoticeFilter) { notices(filter: $filter) { edges { node { title } } } }"
        return [edge["node"]["title"] for edge in (await gql(query, {"filter": filter}))["notices"]["edges"]]

    assert await titles({"publishedFrom": "2026-03-04"}) == ["书画展", "体检通知"]
    assert await titles({"publishedTo": "2026-03-04"}) == ["体检通知", "春节慰问安排"]
    assert await titles({"search": "春节"}) == ["书画展", "春节慰问安排"]  # in the body, in the title
    assert await titles({"search": "春节", "publishedTo": "2026-02-28"}) == ["春节慰问安排"]


async def test_expected_failures_are_user_errors(gql):
    tree = await province(gql)
    empty = await gql.mutate(PUBLISH, {"agencyId": tree["first"]["id"], "title": " ", "body": "正文"})
    assert empty == {"notice": None, "userErrors": [{"field": "title", "code": "REQUIRED"}]}
    long = await gql.mutate(PUBLISH, {"agencyId": tree["first"]["id"], "title": "长" * 101, "body": "正文"})
    assert long["userErrors"] == [{"field": "title", "code": "TOO_LONG"}]
    wrong = await gql.mutate(PUBLISH, {"agencyId": "bm90IGFuIGlk", "title": "标题", "body": "正文"})
    assert wrong["userErrors"] == [{"field": "agencyId", "code": "INVALID_ID"}]


async def test_staff_see_and_publish_within_their_scope(role_clients):
    ids, admin = role_clients.world.ids, role_clients["admin"]
    for unit, title in (("home_agency", "一所的通知"), ("sibling_agency", "二所的通知")):
        assert (await admin.mutate(PUBLISH, {"agencyId": ids[unit], "title": title, "body": "正文"}))[
            "userErrors"
        ] == []

    manager = role_clients["AGENCY_MANAGER"]  # the home institute's manager
    seen = await manager("{ notices(first: 10) { edges { node { title } } } }")
    assert seen["notices"]["edges"] == [{"node": {"title": "一所的通知"}}]
    outside = await manager.mutate(PUBLISH, {"agencyId": ids["sibling_agency"], "title": "越权", "body": "正文"})
    assert outside["userErrors"] == [{"field": "agencyId", "code": "NOT_FOUND"}]

    worker = role_clients["AGENCY_STAFF"]  # holds no notices.publish
    refused = await worker.mutate(PUBLISH, {"agencyId": ids["home_agency"], "title": "通知", "body": "正文"})
    assert refused["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
