"""``viewer { todo }``: due items of the enabled plugins, scoped to each principal, sorted by
due date, each linked to a record ``node(id:)`` resolves; done items disappear."""

import base64
import datetime as dt
from typing import Any

import pytest
from sanatorium_helpers import BATCH_STATUS, CREATE_BATCH, CREATE_PLAN, CREATE_SITE
from university_world import UNIVERSITY

from core import clock
from core.settings import Settings
from core.testing import (
    MERIT,
    GraphQLClient,
    create_agency,
    create_retiree,
    create_staff,
    login_token,
    make_client,
    province,
)

TODO = """{ viewer { todo(first: 50) { totalCount edges { node {
  source sourceLabel title dueOn overdue record { id __typename } } } } } }"""
NOMINATE = """mutation ($input: NominateSanatoriumCandidateInput!) { nominateSanatoriumCandidate(input: $input) {
  sanatoriumNomination { id pendingLevel } userErrors { code message } } }"""
REVIEW = """mutation ($input: ReviewSanatoriumNominationInput!) { reviewSanatoriumNomination(input: $input) {
  userErrors { code message } } }"""
FITNESS = """mutation ($input: RecordSanatoriumFitnessCheckInput!) { recordSanatoriumFitnessCheck(input: $input) {
  userErrors { code message } } }"""
ACCOUNT = """mutation ($input: CreateUserAccountInput!) { createUserAccount(input: $input) {
  userAccount { id } userErrors { code message } } }"""
PASSWORD = "Todo-Passw0rd-1"


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


async def todo(client: GraphQLClient) -> list[dict[str, Any]]:
    return [edge["node"] for edge in (await client(TODO))["viewer"]["todo"]["edges"]]


async def made(admin: GraphQLClient, document: str, values: dict[str, Any]) -> dict[str, Any]:
    return ok(await admin.mutate(document, values))


async def account_token(admin: GraphQLClient, username: str, role: str, **link: str) -> str:
    kind = {"staffId": "STAFF", "departmentId": "DEPARTMENT", "retireeId": "RETIREE"}[next(iter(link))]
    await made(admin, ACCOUNT, {"username": username, "password": PASSWORD, "kind": kind, "roles": [role], **link})
    return await login_token(username, PASSWORD)


async def build(admin: GraphQLClient) -> dict[str, Any]:
    """A province (厅 → 市局 → two institutes), accounts per role, a nomination of the first
    institute awaiting its review, and a class of the first institute with two unrecorded
    sessions: six days ago (overdue) and today."""
    tree = await province(admin)
    today = clock.today()
    starts = today + dt.timedelta(days=20)
    plan = await made(admin, CREATE_PLAN, {"ownerId": tree["dept"]["id"], "year": starts.year,
                                               "tier": "PROVINCIAL", "title": "省级疗养", "totalQuota": 10})
    site = await made(admin, CREATE_SITE, {"ownerId": tree["dept"]["id"], "name": "太湖疗养院", "beds": 50})
    batch = (await made(admin, CREATE_BATCH, {
        "planId": plan["sanatoriumPlan"]["id"], "siteId": site["sanatoriumSite"]["id"], "name": "批次",
        "startsOn": starts.isoformat(), "endsOn": (starts + dt.timedelta(days=6)).isoformat(), "capacity": 10,
    }))["sanatoriumBatch"]
    await made(admin, BATCH_STATUS, {"batchId": batch["id"], "status": "OPEN"})
    retiree = await create_retiree(admin, tree["first"]["id"], name="李英雄", awards=MERIT)
    nomination = (await made(admin, NOMINATE, {"batchId": batch["id"], "retireeId": retiree["id"]}))["sanatoriumNomination"]
    assert nomination["pendingLevel"] == "AGENCY"

    start = today - dt.timedelta(days=6)
    campus = (await made(admin, UNIVERSITY["campus"], {"agencyId": tree["first"]["id"], "name": "分校", "kind": "BRANCH"}))
    term = await made(admin, UNIVERSITY["term"], {"agencyId": tree["first"]["id"], "name": "学期",
                                                  "startsOn": start.isoformat(), "endsOn": today.isoformat()})
    course = await made(admin, UNIVERSITY["course"], {"agencyId": tree["first"]["id"], "name": "书法", "category": "MAJOR"})
    the_class = await made(admin, UNIVERSITY["class"], {
        "courseId": course["universityCourse"]["id"], "termId": term["universityTerm"]["id"], "campusId": campus["universityCampus"]["id"],
        "mode": "OFFLINE", "venue": "活动室", "capacity": 10, "name": "书法班", "published": True,
        "enrolOpensOn": start.isoformat(), "enrolClosesOn": today.isoformat(),
        "schedule": [{"weekday": start.isoweekday(), "start": "09:00", "end": "10:00"},
                     {"weekday": today.isoweekday(), "start": "14:00", "end": "15:00"}],
    })
    class_id = the_class["universityClass"]["id"]
    enrolment = await made(admin, UNIVERSITY["enrol"], {"classId": class_id, "retireeId": retiree["id"]})
    sessions = (await made(admin, UNIVERSITY["sessions"], {"classId": class_id}))["universitySessions"]
    assert [s["heldOn"] for s in sessions] == [start.isoformat(), today.isoformat()]

    first_manager = await create_staff(admin, tree["first"]["id"], name="王所长")
    first_staff = await create_staff(admin, tree["first"]["id"], name="李干事")
    second_manager = await create_staff(admin, tree["second"]["id"], name="赵所长")
    tokens = {
        "first_manager": await account_token(admin, "first.manager", "AGENCY_MANAGER", staffId=first_manager["id"]),
        "first_staff": await account_token(admin, "first.staff", "AGENCY_STAFF", staffId=first_staff["id"]),
        "second_manager": await account_token(admin, "second.manager", "AGENCY_MANAGER", staffId=second_manager["id"]),
        "city": await account_token(admin, "city.admin", "DEPARTMENT_ADMIN", departmentId=tree["city"]["id"]),
        "retiree": await account_token(admin, "retiree.self", "RETIREE", retireeId=retiree["id"]),
    }
    return {"tree": tree, "nomination": nomination["id"], "sessions": sessions,
            "enrolment": enrolment["universityEnrolment"]["id"], "tokens": tokens}


@pytest.fixture
async def both(db: dict[str, Any]) -> Any:
    client = await make_client(Settings(plugins=["sanatorium", "university"]))
    yield client
    await client.http.aclose()


async def test_each_role_sees_its_own_due_items_sorted_with_overdue_flags_and_links(both: GraphQLClient) -> None:
    world = await build(both)
    as_ = {name: both.as_user(token) for name, token in world["tokens"].items()}
    today = clock.today()
    mine = await todo(as_["first_manager"])
    assert [(i["source"], i["record"]["id"], i["dueOn"], i["overdue"]) for i in mine] == [
        ("university.unrecorded_attendance", world["sessions"][0]["id"], (today - dt.timedelta(days=6)).isoformat(), True),
        ("university.unrecorded_attendance", world["sessions"][1]["id"], today.isoformat(), False),
        ("sanatorium.pending_reviews", world["nomination"], (today + dt.timedelta(days=20)).isoformat(), False),
    ]
    assert mine[2]["title"] == "审核疗养推荐：李英雄" and mine[2]["record"]["__typename"] == "SanatoriumNomination"
    assert mine[0]["sourceLabel"] == "未登记考勤的课次" and mine[0]["title"] == "登记考勤：书法班"
    # each link is a node the principal resolves
    for item in mine:
        node = await as_["first_manager"]("query ($id: ID!) { node(id: $id) { id } }", {"id": item["record"]["id"]})
        assert node["node"] == {"id": item["record"]["id"]}
    # staff record attendance but do not review; the other institute has nothing; the city
    # department reviews at its own level only; a retiree has no work items
    assert [i["source"] for i in await todo(as_["first_staff"])] == ["university.unrecorded_attendance"] * 2
    assert await todo(as_["second_manager"]) == []
    assert [i["source"] for i in await todo(as_["city"])] == ["university.unrecorded_attendance"] * 2
    assert await todo(as_["retiree"]) == []


async def test_an_item_disappears_once_done_and_the_next_level_sees_it(both: GraphQLClient) -> None:
    world = await build(both)
    as_ = {name: both.as_user(token) for name, token in world["tokens"].items()}
    ok(await as_["first_manager"].mutate(REVIEW, {"nominationId": world["nomination"], "decision": "APPROVE"}))
    ok(await as_["first_staff"].mutate(UNIVERSITY["attend"], {
        "sessionId": world["sessions"][0]["id"], "entries": [{"enrolmentId": world["enrolment"], "status": "PRESENT"}],
    }))
    left = await todo(as_["first_manager"])
    assert [i["record"]["id"] for i in left] == [world["sessions"][1]["id"]]
    city = await todo(as_["city"])
    assert [i["record"]["id"] for i in city if i["source"] == "sanatorium.pending_reviews"] == [world["nomination"]]
    ok(await both.mutate(FITNESS, {"nominationId": world["nomination"], "fitness": "FIT",
                                   "checkedOn": clock.today().isoformat()}))
    ok(await as_["city"].mutate(REVIEW, {"nominationId": world["nomination"], "decision": "APPROVE"}))
    assert [i["source"] for i in await todo(as_["city"])] == ["university.unrecorded_attendance"]


async def test_a_plugin_not_enabled_contributes_nothing(both: GraphQLClient) -> None:
    world = await build(both)
    manager = world["tokens"]["first_manager"]
    # one app at a time: the running host's permissions decide what a token holds
    for plugins, sources in ((["sanatorium"], ["sanatorium.pending_reviews"]), ([], [])):
        client = await make_client(Settings(plugins=plugins))
        try:
            assert [i["source"] for i in await todo(client.as_user(manager))] == sources
        finally:
            await client.http.aclose()


async def test_pages_follow_the_due_dates(both: GraphQLClient) -> None:
    world = await build(both)
    manager = both.as_user(world["tokens"]["first_manager"])
    page = await manager("{ viewer { todo(first: 2) { totalCount pageInfo { hasNextPage endCursor } "
                         "edges { node { record { id } } } } } }")
    todo_page = page["viewer"]["todo"]
    assert todo_page["totalCount"] == 3 and todo_page["pageInfo"]["hasNextPage"] is True
    rest = await manager("query ($after: String) { viewer { todo(first: 2, after: $after) { edges { node { record { id } } } } } }",
                         {"after": todo_page["pageInfo"]["endCursor"]})
    assert [e["node"]["record"]["id"] for e in rest["viewer"]["todo"]["edges"]] == [world["nomination"]]


async def test_the_kit_drops_items_whose_record_the_principal_cannot_read(both: GraphQLClient) -> None:
    """A source that forgets its scope still leaks nothing: the core re-reads every record
    through ``scoped``."""
    from core.plugin import DueItem, DueItemSource
    from core.services.accounts import authenticate
    from core.todo import due_items
    from plugins.sanatorium.models import SanatoriumNomination

    world = await build(both)

    async def careless(principal: Any, today: dt.date) -> list[DueItem]:
        return [DueItem("审核", today, row) for row in await SanatoriumNomination.all()]

    source = DueItemSource("sanatorium.careless", "不限范围的来源", careless)
    outsider = await authenticate(world["tokens"]["second_manager"])
    insider = await authenticate(world["tokens"]["first_manager"])
    assert outsider is not None and insider is not None
    assert await due_items(outsider, clock.today(), [source]) == []
    assert [due.item.record.pk for due in await due_items(insider, clock.today(), [source])] == [
        int(base64.b64decode(world["nomination"]).decode().split(":")[1])
    ]


async def test_a_station_is_never_asked_to_review_for_its_institute(both: GraphQLClient) -> None:
    """A nomination from a station's retiree awaits the agency step, which the institute above
    takes (the approval chain): it is due for the institute's manager, not the station's."""
    world = await build(both)
    station = await create_agency(both, "第一军休所服务站", "STATION", world["tree"]["first"]["id"])
    retiree = await create_retiree(both, station["id"], name="站里的英雄", awards=MERIT)
    batch = (await both('{ sanatoriumBatches(first: 1) { edges { node { id } } } }'))["sanatoriumBatches"]["edges"][0]
    nomination = await made(both, NOMINATE, {"batchId": batch["node"]["id"], "retireeId": retiree["id"]})
    assert nomination["sanatoriumNomination"]["pendingLevel"] == "AGENCY"
    station_manager = await create_staff(both, station["id"], name="站长")
    token = await account_token(both, "station.manager", "AGENCY_MANAGER", staffId=station_manager["id"])
    assert [i for i in await todo(both.as_user(token)) if i["source"] == "sanatorium.pending_reviews"] == []
    institute = await todo(both.as_user(world["tokens"]["first_manager"]))
    assert {i["record"]["id"] for i in institute if i["source"] == "sanatorium.pending_reviews"} == {
        world["nomination"], nomination["sanatoriumNomination"]["id"]
    }
