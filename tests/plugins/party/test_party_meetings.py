"""Meetings through the API: a meeting held (never in the future), attendance with 送学上门,
补学 and advance exemptions that do not count as absence, DRAFT → SUBMITTED → APPROVED |
RETURNED through the approval chain, compliance per branch from configurable cadences, and
overdue meeting kinds in the to-do list."""

import datetime as dt

from party_world import PARTY, branch, made, meeting_input

from core import clock
from core.settings import Settings
from core.testing import make_client, province


async def _tree(gql):
    return {key: node["id"] for key, node in (await province(gql)).items()}


async def test_a_meeting_is_recorded_attended_and_approved_up_the_chain(gql):
    tree = await _tree(gql)
    formed = await branch(gql, tree["first"])
    future = await gql.mutate(
        PARTY["meeting"], meeting_input(formed["branch"], held_on=(clock.today() + dt.timedelta(days=1)).isoformat())
    )
    assert future["userErrors"] == [{"field": "heldOn", "code": "PARTY_MEETING_IN_FUTURE"}]
    meeting = await made(gql, "meeting", meeting_input(formed["branch"]))
    first, second, third = formed["members"]
    no_reason = await gql.mutate(
        PARTY["attend"], {"meetingId": meeting["id"], "entries": [{"memberId": first, "mode": "EXEMPTED"}]}
    )
    assert no_reason["userErrors"] == [{"field": "entries.0.reason", "code": "REQUIRED"}]
    other = await branch(gql, tree["first"])
    stranger = await gql.mutate(
        PARTY["attend"],
        {"meetingId": meeting["id"], "entries": [{"memberId": other["members"][0], "mode": "IN_PERSON"}]},
    )
    assert stranger["userErrors"] == [{"field": "entries.0.memberId", "code": "PARTY_NOT_A_MEMBER"}]
    entries = [
        {"memberId": first, "mode": "DELIVERED_HOME"},
        {"memberId": second, "mode": "ABSENT", "reason": "住院"},
        {"memberId": third, "mode": "EXEMPTED", "reason": "外出探亲，事先请假"},
    ]
    recorded = await made(gql, "attend", {"meetingId": meeting["id"], "entries": entries})
    assert recorded["attendanceRate"] == 0.5  # the exempted member is not counted as absent
    corrected = await made(
        gql, "attend", {"meetingId": meeting["id"], "entries": [{"memberId": second, "mode": "MAKE_UP"}]}
    )
    assert corrected["attendanceRate"] == 1.0
    submitted = await made(gql, "submit", {"meetingId": meeting["id"]})
    assert (submitted["status"], submitted["pendingLevel"]) == ("SUBMITTED", "AGENCY")
    locked = await gql.mutate(
        PARTY["attend"], {"meetingId": meeting["id"], "entries": [{"memberId": first, "mode": "IN_PERSON"}]}
    )
    assert locked["userErrors"] == [{"field": "meetingId", "code": "INVALID_TRANSITION"}]
    refused = await gql.mutate(PARTY["review"], {"meetingId": meeting["id"], "decision": "REJECT"})
    assert refused["userErrors"] == [{"field": "opinion", "code": "REQUIRED"}]
    assert (await made(gql, "review", {"meetingId": meeting["id"], "decision": "APPROVE"}))["pendingLevel"] == "CITY"
    approved = await made(gql, "review", {"meetingId": meeting["id"], "decision": "APPROVE"})
    assert (approved["status"], approved["pendingLevel"]) == ("APPROVED", None)
    reviews = await gql(
        "query ($id: ID!) { node(id: $id) { ... on PartyMeeting { reviews { level decision } } } }",
        {"id": meeting["id"]},
    )
    assert reviews["node"]["reviews"] == [
        {"level": "AGENCY", "decision": "APPROVE"},
        {"level": "CITY", "decision": "APPROVE"},
    ]


async def test_a_returned_meeting_goes_back_to_the_branch(gql):
    tree = await _tree(gql)
    formed = await branch(gql, tree["first"])
    meeting = await made(gql, "meeting", meeting_input(formed["branch"]))
    await made(gql, "submit", {"meetingId": meeting["id"]})
    returned = await made(gql, "review", {"meetingId": meeting["id"], "decision": "REJECT", "opinion": "缺少会议记录"})
    assert (returned["status"], returned["pendingLevel"]) == ("RETURNED", None)
    assert (await made(gql, "submit", {"meetingId": meeting["id"]}))["status"] == "SUBMITTED"


COMPLIANCE = "query ($b: ID!, $y: Int) { partyMeetingCompliance(branchId: $b, year: $y) { kind startsOn endsOn held satisfied overdue } }"


async def test_compliance_follows_the_cadences_and_feeds_the_todo_list(db):
    cadences = {
        "BRANCH_CONGRESS": 3,
        "ORGANIZATIONAL_LIFE": 0,
        "BRANCH_COMMITTEE": 0,
        "GROUP": 0,
        "PARTY_LECTURE": 0,
        "THEMED_DAY": 0,
        "MEMBER_REVIEW": 0,
    }
    gql = await make_client(Settings(plugins=["party"], plugin_settings={"party": {"meeting_cadences": cadences}}))
    tree = await _tree(gql)
    formed = await branch(gql, tree["first"])
    today = clock.today()
    lines = (await gql(COMPLIANCE, {"b": formed["branch"], "y": today.year}))["partyMeetingCompliance"]
    quarters = (today.month - 1) // 3 + 1
    assert [line["kind"] for line in lines] == ["BRANCH_CONGRESS"] * quarters
    assert [line["overdue"] for line in lines] == [True] * (quarters - 1) + [False]
    # a draft does not count; a submitted meeting does
    meeting = await made(gql, "meeting", meeting_input(formed["branch"]))
    assert not (await gql(COMPLIANCE, {"b": formed["branch"]}))["partyMeetingCompliance"][-1]["satisfied"]
    todo = await gql("{ viewer { todo(first: 20) { edges { node { title record { id } } } } } }")
    due = [e["node"] for e in todo["viewer"]["todo"]["edges"] if e["node"]["record"]["id"] == formed["branch"]]
    assert len(due) == (2 if quarters > 1 else 1) and all("BRANCH_CONGRESS" in item["title"] for item in due)
    await made(gql, "submit", {"meetingId": meeting["id"]})
    current = (await gql(COMPLIANCE, {"b": formed["branch"]}))["partyMeetingCompliance"][-1]
    assert (current["held"], current["satisfied"]) == (1, True)
    todo = await gql("{ viewer { todo(first: 20) { edges { node { record { id } } } } } }")
    assert len([e for e in todo["viewer"]["todo"]["edges"] if e["node"]["record"]["id"] == formed["branch"]]) == (
        1 if quarters > 1 else 0
    )
