"""Agencies through the GraphQL API: tree, move, merge, close and their rules."""

from core.testing import create_agency, create_retiree, create_staff, province
from core.testing.factories import CREATE_AGENCY

AGENCIES = """
query ($filter: AgencyFilter, $first: Int) {
  agencies(first: $first, filter: $filter) {
    totalCount edges { node { id name kind status parent { name } children { name } } }
  }
}"""
MOVE = "mutation ($input: MoveAgencyInput!) { moveAgency(input: $input) { agency { parent { id } } userErrors { field code } } }"
MERGE = """mutation ($input: MergeAgenciesInput!) { mergeAgencies(input: $input) {
  source { status mergedInto { id } } target { id staffQuota retirees { totalCount } staffMembers { totalCount } children { name } }
  userErrors { field code message } } }"""
CLOSE = "mutation ($input: CloseAgencyInput!) { closeAgency(input: $input) { agency { status closedOn } userErrors { field code message } } }"
UPDATE = "mutation ($input: UpdateAgencyInput!) { updateAgency(input: $input) { agency { name version } userErrors { field code } } }"


async def test_tree_and_subtree_filter(gql):
    tree = await province(gql)
    other_city = await create_agency(gql, "苏州市退役军人事务局", "DEPARTMENT", tree["dept"]["id"])
    await create_agency(gql, "苏州市军休所", "INSTITUTE", other_city["id"])
    data = await gql(AGENCIES, {"filter": {"within": tree["city"]["id"]}})
    names = [edge["node"]["name"] for edge in data["agencies"]["edges"]]
    assert names == ["南京市退役军人事务局", "南京市第一军休所", "南京市第二军休所"]
    assert data["agencies"]["totalCount"] == 3
    city = data["agencies"]["edges"][0]["node"]
    assert city["parent"]["name"] == "江苏省退役军人事务厅"
    assert [c["name"] for c in city["children"]] == ["南京市第一军休所", "南京市第二军休所"]
    everything = await gql(AGENCIES, {"filter": {"kind": "INSTITUTE"}})
    assert everything["agencies"]["totalCount"] == 3


async def test_create_agency_rules(gql):
    tree = await province(gql)
    cases = [
        ({"name": "无上级所", "kind": "INSTITUTE", "divisionCode": "320100"}, "parentId", "REQUIRED"),
        ({"name": "所", "kind": "INSTITUTE", "divisionCode": "3201", "parentId": tree["city"]["id"]}, "divisionCode", "INVALID_VALUE"),
        ({"name": "长" * 101, "kind": "INSTITUTE", "divisionCode": "320100", "parentId": tree["city"]["id"]}, "name", "TOO_LONG"),
        ({"name": "站下设所", "kind": "CENTER", "divisionCode": "320100", "parentId": tree["first"]["id"]}, "parentId", "INVALID_HIERARCHY"),
        ({"name": "部门缺层级", "kind": "DEPARTMENT", "divisionCode": "320100", "parentId": tree["dept"]["id"]}, "level", "REQUIRED"),
        ({"name": "错 ID", "kind": "INSTITUTE", "divisionCode": "320100", "parentId": "bm90LWFuLWlk"}, "parentId", "INVALID_ID"),
    ]
    for values, field, code in cases:
        payload = await gql.mutate(CREATE_AGENCY, values)
        assert payload["agency"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)], values
    data = await gql(AGENCIES, {"first": 100})
    assert data["agencies"]["totalCount"] == 4  # nothing half-written


async def test_move_refuses_cycles_and_updates_subtree(gql):
    tree = await province(gql)
    station = await create_agency(gql, "服务站", "STATION", tree["first"]["id"])
    cycle = await gql.mutate(MOVE, {"id": tree["city"]["id"], "parentId": station["id"]})
    assert cycle["userErrors"] == [{"field": "parentId", "code": "INVALID_HIERARCHY"}]
    other_city = await create_agency(gql, "苏州市退役军人事务局", "DEPARTMENT", tree["dept"]["id"])
    moved = await gql.mutate(MOVE, {"id": tree["first"]["id"], "parentId": other_city["id"]})
    assert moved["userErrors"] == [] and moved["agency"]["parent"]["id"] == other_city["id"]
    data = await gql(AGENCIES, {"filter": {"within": other_city["id"]}})
    assert {e["node"]["name"] for e in data["agencies"]["edges"]} == {"苏州市退役军人事务局", "南京市第一军休所", "服务站"}


async def test_merge_moves_people_and_children(gql):
    tree = await province(gql)
    await create_retiree(gql, tree["first"]["id"])
    await create_staff(gql, tree["first"]["id"], employment="ESTABLISHED")
    await create_agency(gql, "第一所服务站", "STATION", tree["first"]["id"])
    second = await gql.mutate(UPDATE, {"id": tree["second"]["id"], "version": 1, "staffQuota": 3})
    assert second == {"agency": {"name": "南京市第二军休所", "version": 2}, "userErrors": []}
    quota = await gql("query ($id: ID!) { agency(id: $id) { staffQuota } }", {"id": tree["second"]["id"]})
    assert quota["agency"]["staffQuota"] == 3
    payload = await gql.mutate(MERGE, {"sourceId": tree["first"]["id"], "targetId": tree["second"]["id"]})
    assert payload["userErrors"] == []
    assert payload["source"] == {"status": "MERGED", "mergedInto": {"id": tree["second"]["id"]}}
    target = payload["target"]
    assert target["retirees"]["totalCount"] == 1 and target["staffMembers"]["totalCount"] == 1
    assert target["staffQuota"] == 5 and [c["name"] for c in target["children"]] == ["第一所服务站"]
    again = await gql.mutate(MERGE, {"sourceId": tree["first"]["id"], "targetId": tree["second"]["id"]})
    assert again["userErrors"][0]["code"] == "AGENCY_INACTIVE"


async def test_close_refuses_non_empty_then_closes(gql):
    tree = await province(gql)
    retiree = await create_retiree(gql, tree["second"]["id"])
    refused = await gql.mutate(CLOSE, {"id": tree["second"]["id"]})
    assert refused["agency"] is None and refused["userErrors"][0]["code"] == "AGENCY_NOT_EMPTY"
    transfer = await gql(
        "mutation ($input: TransferRetireeInput!) { transferRetiree(input: $input) { userErrors { code } } }",
        {"input": {"id": retiree["id"], "toAgencyId": tree["first"]["id"], "transferredOn": "2024-01-02"}},
    )
    assert transfer["transferRetiree"]["userErrors"] == []
    closed = await gql.mutate(CLOSE, {"id": tree["second"]["id"], "closedOn": "2024-02-01"})
    assert closed == {"agency": {"status": "CLOSED", "closedOn": "2024-02-01"}, "userErrors": []}
    to_closed = await gql(
        "mutation ($input: TransferRetireeInput!) { transferRetiree(input: $input) { userErrors { field code } } }",
        {"input": {"id": retiree["id"], "toAgencyId": tree["second"]["id"], "transferredOn": "2024-03-01"}},
    )
    assert to_closed["transferRetiree"]["userErrors"] == [{"field": "toAgencyId", "code": "AGENCY_INACTIVE"}]


async def test_stale_version_is_refused(gql):
    tree = await province(gql)
    first = await gql.mutate(UPDATE, {"id": tree["second"]["id"], "version": 1, "name": "南京市第二军休所（新址）"})
    assert first == {"agency": {"name": "南京市第二军休所（新址）", "version": 2}, "userErrors": []}
    stale = await gql.mutate(UPDATE, {"id": tree["second"]["id"], "version": 1, "name": "旧名"})
    assert stale == {"agency": None, "userErrors": [{"field": "version", "code": "STALE_VERSION"}]}
