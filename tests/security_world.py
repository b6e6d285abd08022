"""A world for authorization tests: two provinces and, inside the first, two institutes,
built through the API as a system administrator, with one account per role in the first
institute. Snapshots of every node taken between the steps say which nodes each principal
must never reach, independently of the scoping code under test."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from conftest import GraphQLClient, login_token, make_client
from factories import create_agency, create_retiree, create_staff

from core import clock
from core.permissions import AGENCY_MANAGER, AGENCY_STAFF, DEPARTMENT_ADMIN, PORTAL_READONLY, RETIREE, ROLES, registry
from core.settings import Settings

PASSWORD = "World-Passw0rd"
CREATE_ACCOUNT = """mutation ($input: CreateUserAccountInput!) { createUserAccount(input: $input) {
  userAccount { id } userErrors { field code message } } }"""
ORDER_MEAL = "mutation ($input: OrderMealInput!) { orderMeal(input: $input) { userErrors { code } } }"
#: catalogue node types of the university plugin: public to every holder of university.read
#: (no personal data), so never "foreign" for reading; drafts (unpublished classes) still are
PUBLIC_TYPES = {"UniversityCampus", "UniversityTerm", "UniversityCourse", "UniversityClass", "UniversitySession"}
UNIVERSITY = {
    "campus": "mutation ($input: CreateUniversityCampusInput!) { createUniversityCampus(input: $input) { universityCampus { id } userErrors { code } } }",
    "term": "mutation ($input: CreateUniversityTermInput!) { createUniversityTerm(input: $input) { universityTerm { id } userErrors { code } } }",
    "course": "mutation ($input: CreateUniversityCourseInput!) { createUniversityCourse(input: $input) { universityCourse { id } userErrors { code } } }",
    "class": "mutation ($input: CreateUniversityClassInput!) { createUniversityClass(input: $input) { universityClass { id } userErrors { code } } }",
    "enrol": "mutation ($input: EnrolInUniversityClassInput!) { enrolInUniversityClass(input: $input) { universityEnrolment { id } userErrors { code } } }",
    "sessions": "mutation ($input: GenerateUniversitySessionsInput!) { generateUniversitySessions(input: $input) { universitySessions { id heldOn } userErrors { code } } }",
    "attend": "mutation ($input: RecordUniversityAttendanceInput!) { recordUniversityAttendance(input: $input) { userErrors { code } } }",
}


def type_of(node_id: str) -> str:
    import base64

    return base64.b64decode(node_id).decode().split(":")[0]


async def _university(admin: GraphQLClient, unit: str, name: str, retiree: str) -> dict[str, str]:
    """A branch campus at the institute with a published class (the retiree enrolled, a past
    session with attendance) and an unpublished draft class."""

    async def made(kind: str, values: dict[str, Any]) -> dict[str, Any]:
        payload = await admin.mutate(UNIVERSITY[kind], values)
        assert payload["userErrors"] == [], (kind, payload["userErrors"])
        return payload

    today = clock.today()
    start = today - dt.timedelta(days=6)
    campus = (await made("campus", {"agencyId": unit, "name": f"{name}分校", "kind": "BRANCH"}))["universityCampus"]["id"]
    term = (await made("term", {"agencyId": unit, "name": f"{name}学期", "startsOn": start.isoformat(),
                                "endsOn": (today + dt.timedelta(days=7)).isoformat()}))["universityTerm"]["id"]
    course = (await made("course", {"agencyId": unit, "name": "书法", "category": "MAJOR"}))["universityCourse"]["id"]
    common = {"courseId": course, "termId": term, "campusId": campus, "mode": "OFFLINE", "venue": "活动室", "capacity": 10,
              "enrolOpensOn": start.isoformat(), "enrolClosesOn": today.isoformat(),
              "schedule": [{"weekday": start.isoweekday(), "start": "09:00", "end": "10:00"}]}
    published = (await made("class", {**common, "name": f"{name}书法班", "published": True}))["universityClass"]["id"]
    draft = (await made("class", {**common, "name": f"{name}草稿班"}))["universityClass"]["id"]
    enrolment = (await made("enrol", {"classId": published, "retireeId": retiree}))["universityEnrolment"]["id"]
    sessions = (await made("sessions", {"classId": published}))["universitySessions"]
    await made("attend", {"sessionId": sessions[0]["id"], "entries": [{"enrolmentId": enrolment, "status": "PRESENT"}]})
    return {"class": published, "draft": draft}


SANATORIUM_PLAN = """mutation ($input: CreateSanatoriumPlanInput!) { createSanatoriumPlan(input: $input) {
  sanatoriumPlan { id } userErrors { code message } } }"""
SANATORIUM_SITE = """mutation ($input: CreateSanatoriumSiteInput!) { createSanatoriumSite(input: $input) {
  sanatoriumSite { id } userErrors { code message } } }"""
SANATORIUM_BATCH = """mutation ($input: CreateSanatoriumBatchInput!) { createSanatoriumBatch(input: $input) {
  sanatoriumBatch { id } userErrors { code message } } }"""
SANATORIUM_OPEN = """mutation ($input: ChangeSanatoriumBatchStatusInput!) { changeSanatoriumBatchStatus(input: $input) {
  userErrors { code message } } }"""
NOMINATE = """mutation ($input: NominateSanatoriumCandidateInput!) { nominateSanatoriumCandidate(input: $input) {
  userErrors { code message } } }"""
#: an award that makes a retiree eligible for provincial sanatorium stays
MERIT = [{"awardedOn": "1979-03-01", "level": "FIRST_CLASS_MERIT", "period": "DURING_SERVICE"}]


def connection_fields(schema: Any) -> list[str]:
    """Root query fields that list nodes (connections of Node types), plugins' included."""
    query = schema._schema.query_type
    names = []
    for name, root_field in query.fields.items():
        connection = getattr(root_field.type, "of_type", root_field.type)
        if not str(connection).endswith("Connection"):
            continue
        node = connection.fields["edges"].type.of_type.of_type.of_type.fields["node"].type.of_type
        if any(interface.name == "Node" for interface in node.interfaces):
            names.append(name)
    return sorted(names)


async def all_nodes(admin: GraphQLClient, fields: list[str]) -> set[str]:
    ids: set[str] = set()
    for name in fields:
        after = None
        while True:
            page = await admin(
                f"query ($after: String) {{ {name}(first: 100, after: $after) {{ pageInfo {{ hasNextPage endCursor }} "
                "edges { node { ... on Node { id } } } } }",
                {"after": after},
            )
            connection = page[name]
            ids |= {edge["node"]["id"] for edge in connection["edges"] if edge["node"].get("id")}
            if not connection["pageInfo"]["hasNextPage"]:
                break
            after = connection["pageInfo"]["endCursor"]
    return ids


@dataclass
class World:
    admin: GraphQLClient
    tokens: dict[str, str] = field(default_factory=dict)
    #: principal name -> node ids it must never reach
    foreign: dict[str, set[str]] = field(default_factory=dict)
    #: principal name -> node ids it must never change (public catalogue nodes included)
    foreign_writes: dict[str, set[str]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    #: the strawberry schema of the world's app
    schema: Any = None
    #: principal name -> the role its account holds, and its username
    roles: dict[str, str] = field(default_factory=dict)
    usernames: dict[str, str] = field(default_factory=dict)


async def sanatorium_batch(admin: GraphQLClient, province: str) -> dict[str, str]:
    """A province's plan for this year, a site and an open batch (owned by the province)."""
    year = clock.today().year
    plan = await admin.mutate(SANATORIUM_PLAN, {
        "ownerId": province, "year": year, "tier": "PROVINCIAL", "title": "省级疗养", "totalQuota": 50,
    })
    site = await admin.mutate(SANATORIUM_SITE, {"ownerId": province, "name": "疗养院", "beds": 100})
    assert plan["userErrors"] == [] and site["userErrors"] == [], (plan, site)
    batch = await admin.mutate(SANATORIUM_BATCH, {
        "planId": plan["sanatoriumPlan"]["id"], "siteId": site["sanatoriumSite"]["id"], "name": "第一批",
        "startsOn": f"{year}-12-01", "endsOn": f"{year}-12-07", "capacity": 50, "familyAllowed": True,
    })
    assert batch["userErrors"] == [], batch
    batch_id = batch["sanatoriumBatch"]["id"]
    opened = await admin.mutate(SANATORIUM_OPEN, {"batchId": batch_id, "status": "OPEN"})
    assert opened["userErrors"] == [], opened
    return {"plan": plan["sanatoriumPlan"]["id"], "site": site["sanatoriumSite"]["id"], "batch": batch_id}


async def _nominate(admin: GraphQLClient, batch: str | None, retiree: dict[str, Any]) -> None:
    if batch is not None:
        payload = await admin.mutate(NOMINATE, {
            "batchId": batch, "retireeId": retiree["id"], "companions": [{"name": "老伴", "relation": "SPOUSE"}],
        })
        assert payload["userErrors"] == [], payload


async def _institute(
    admin: GraphQLClient, parent: str, name: str, with_meals: bool, with_university: bool = False,
    batch: str | None = None
) -> dict[str, str]:
    unit = await create_agency(admin, name, "INSTITUTE", parent, staffQuota=10)
    staff = await create_staff(admin, unit["id"], name=f"{name}员工", employment="ESTABLISHED")
    retiree = await create_retiree(
        admin, unit["id"], name=f"{name}老人", phone="13812345678", address="某区某路1号", focusTags=["DISABLED"],
        awards=MERIT,
    )
    other = await create_retiree(admin, unit["id"], name=f"{name}老人乙", birth=dt.date(1945, 2, 2))
    if with_meals:
        tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
        for person in (retiree, other):
            payload = await admin.mutate(ORDER_MEAL, {"retireeId": person["id"], "servedOn": tomorrow, "meal": "LUNCH"})
            assert payload["userErrors"] == []
    await _nominate(admin, batch, retiree)
    ids = {"agency": unit["id"], "staff": staff["id"], "retiree": retiree["id"], "other_retiree": other["id"]}
    if with_university:
        ids.update(await _university(admin, unit["id"], name, retiree["id"]))
    return ids


async def _account(admin: GraphQLClient, username: str, role: str, **links: str) -> str:
    kind = {"staffId": "STAFF", "departmentId": "DEPARTMENT", "retireeId": "RETIREE"}[next(iter(links))]
    payload = await admin.mutate(
        CREATE_ACCOUNT, {"username": username, "password": PASSWORD, "kind": kind, "roles": [role], **links}
    )
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["userAccount"]["id"]


async def build_world(
    admin: GraphQLClient, schema: Any, with_meals: bool, with_university: bool = False, with_sanatorium: bool = False
) -> World:
    world = World(admin)
    fields = connection_fields(schema)
    # province 2: nobody below may reach any of it
    other_province = await create_agency(admin, "浙江省退役军人事务厅", "DEPARTMENT")
    other_city = await create_agency(admin, "杭州市退役军人事务局", "DEPARTMENT", other_province["id"])
    other_batch = (await sanatorium_batch(admin, other_province["id"]))["batch"] if with_sanatorium else None
    hangzhou = await _institute(admin, other_city["id"], "杭州军休所", with_meals, with_university, other_batch)
    province_two = await all_nodes(admin, fields)
    # province 1, city, and the sibling institute the institute's staff may not reach
    province = await create_agency(admin, "江苏省退役军人事务厅", "DEPARTMENT")
    city = await create_agency(admin, "南京市退役军人事务局", "DEPARTMENT", province["id"])
    # the province's plan is shared down to every agency of the province: created before the
    # snapshots, it is no agency's foreign node
    sanatorium = await sanatorium_batch(admin, province["id"]) if with_sanatorium else {}
    batch = sanatorium.get("batch")
    before_sibling = await all_nodes(admin, fields)
    # what province 1 publishes to its whole line (sanatorium plans, sites, batches)
    published = {node for node in before_sibling - province_two if type_of(node).startswith("Sanatorium")}
    sibling = await _institute(admin, city["id"], "南京二所", with_meals, with_university, batch)
    sibling_nodes = await all_nodes(admin, fields) - before_sibling
    home = await _institute(admin, city["id"], "南京一所", with_meals, with_university, batch)
    before_self = await all_nodes(admin, fields)
    self_retiree = await create_retiree(admin, home["agency"], name="本人", phone="13900001111", awards=MERIT)
    if with_meals:
        tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
        await admin.mutate(ORDER_MEAL, {"retireeId": self_retiree["id"], "servedOn": tomorrow, "meal": "DINNER"})
    if with_university:
        enrolled = await admin.mutate(UNIVERSITY["enrol"], {"classId": home["class"], "retireeId": self_retiree["id"]})
        assert enrolled["userErrors"] == []
    await _nominate(admin, batch, self_retiree)
    own = await all_nodes(admin, fields) - before_self
    world.ids = {
        "city": city["id"],
        "sibling": sibling["agency"],
        "self": self_retiree["id"],
        **{f"sanatorium_{k}": v for k, v in sanatorium.items()},
        **{f"home_{k}": v for k, v in home.items()},
    }
    accounts = {
        "department": await _account(admin, "dept.nj", DEPARTMENT_ADMIN, departmentId=city["id"]),
        "portal": await _account(admin, "portal.nj", PORTAL_READONLY, departmentId=city["id"]),
        "manager": await _account(admin, "manager.one", AGENCY_MANAGER, staffId=home["staff"]),
        "staff": await _account(admin, "staff.one", AGENCY_STAFF, staffId=home["staff"]),
        "retiree": await _account(admin, "retiree.one", RETIREE, retireeId=self_retiree["id"]),
    }
    everything = await all_nodes(admin, fields)
    own.add(accounts["retiree"])
    for name in accounts:
        world.tokens[name] = await login_token(name_to_username(name), PASSWORD)
    world.roles, world.usernames = dict(ROLE_OF), {name: name_to_username(name) for name in ROLE_OF}
    world.foreign_writes = {
        "department": province_two,
        "portal": province_two,
        "manager": province_two | sibling_nodes,
        "staff": province_two | sibling_nodes,
        "retiree": everything - own - published,
    }
    # public catalogue nodes are nobody's foreign nodes for reading, except unpublished drafts
    drafts = {ids["draft"] for ids in (hangzhou, sibling, home) if "draft" in ids}
    world.foreign = {
        name: {node for node in nodes if type_of(node) not in PUBLIC_TYPES or node in drafts}
        for name, nodes in world.foreign_writes.items()
    }
    # the institute's own draft is in the staff's subtree, but a retiree user must not see it
    world.foreign["retiree"] |= {home["draft"]} if "draft" in home else set()
    return world


def name_to_username(name: str) -> str:
    return {
        "department": "dept.nj",
        "portal": "portal.nj",
        "manager": "manager.one",
        "staff": "staff.one",
        "retiree": "retiree.one",
    }[name]


#: the world's principals by the built-in role each holds
ROLE_OF = {
    "department": DEPARTMENT_ADMIN,
    "portal": PORTAL_READONLY,
    "manager": AGENCY_MANAGER,
    "staff": AGENCY_STAFF,
    "retiree": RETIREE,
}
#: the built-in and example plugins together: matrices cover every contributed field
EVERY_PLUGIN = ["meals", "notices", "sanatorium", "university"]


async def every_plugin_world() -> World:
    """The world with every built-in and example plugin enabled and holding data."""
    admin = await make_client(Settings(plugins=EVERY_PLUGIN))
    schema = admin.http._transport.app.state.schema  # type: ignore[attr-defined]
    world = await build_world(admin, schema, with_meals=True, with_university=True, with_sanatorium=True)
    world.schema = schema
    await _plugin_role_principals(world)
    return world


async def _plugin_role_principals(world: World) -> None:
    """One staff account of the institute per role a plugin contributes, named by its code: the
    matrices then cover plugin roles as they cover the built-in ones."""
    for code in sorted(set(registry().roles) - set(ROLES)):
        staff = await create_staff(world.admin, world.ids["home_agency"], name=f"{code}员工")
        username = code.lower().replace("_", ".")
        await _account(world.admin, username, code, staffId=staff["id"])
        world.roles[code], world.usernames[code] = code, username
        world.tokens[code] = await login_token(username, PASSWORD)
