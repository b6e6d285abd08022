"""流动党员 through the API: registering a member flowing out or in changes their status, an
outflowing member's reports fall due on the cadence (a setting) and feed the to-do list."""

import datetime as dt

from party_world import PARTY, branch, made, outflow

from core import clock
from core.testing import province

STATUS = "query ($id: ID!) { node(id: $id) { ... on PartyMember { status flows { direction homeOrganisation } } } }"


async def test_an_outflowing_member_reports_on_a_cadence(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    formed = await branch(gql, tree["first"])
    member = formed["members"][0]
    starts = clock.today() - dt.timedelta(days=200)
    flow = await made(gql, "flow", outflow(member, starts.isoformat()))
    assert flow["reportOverdue"] is True  # no report in the three months since leaving
    status = (await gql(STATUS, {"id": member}))["node"]
    assert status == {
        "status": "FLOWING_OUT",
        "flows": [{"direction": "OUTFLOW", "homeOrganisation": "本所军休干部党支部"}],
    }
    twice = await gql.mutate(PARTY["flow"], outflow(member))
    assert twice["userErrors"] == [{"field": "memberId", "code": "DUPLICATE"}]
    todo = await gql("{ viewer { todo(first: 50) { edges { node { title overdue record { id } } } } } }")
    items = [e["node"] for e in todo["viewer"]["todo"]["edges"] if e["node"]["title"].startswith("流出党员报告")]
    assert [(item["record"]["id"], item["overdue"]) for item in items] == [(flow["id"], True)]
    reported = await made(gql, "flow_report", {"flowId": flow["id"]})
    assert reported["reportOverdue"] is False and reported["lastReportedOn"] == clock.today().isoformat()
    todo = await gql("{ viewer { todo(first: 50) { edges { node { title } } } } }")
    assert not [e for e in todo["viewer"]["todo"]["edges"] if e["node"]["title"].startswith("流出党员报告")]
    # still a formal member for the formation rules
    counted = await gql(
        "query ($f: PartyFlowingMemberFilter) { partyFlowingMembers(first: 5, filter: $f) { totalCount } }",
        {"f": {"direction": "OUTFLOW", "branchId": formed["branch"]}},
    )
    assert counted["partyFlowingMembers"]["totalCount"] == 1


async def test_an_inflowing_member_has_no_reports_due(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    formed = await branch(gql, tree["first"])
    inflow = {**outflow(formed["members"][1]), "direction": "INFLOW", "homeOrganisation": "甘肃省兰州市某单位党支部"}
    flow = await made(gql, "flow", inflow)
    assert (flow["nextReportDue"], flow["reportOverdue"]) == (None, False)
    refused = await gql.mutate(PARTY["flow_report"], {"flowId": flow["id"]})
    assert refused["userErrors"] == [{"field": "flowId", "code": "INVALID_VALUE"}]
    backwards = await gql.mutate(PARTY["flow"], {**outflow(formed["members"][2]), "endsOn": "2000-01-01"})
    assert backwards["userErrors"] == [{"field": "endsOn", "code": "DATE_ORDER"}]
