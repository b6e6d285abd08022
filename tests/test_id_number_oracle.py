"""Registering an ID number another retiree has: the uniqueness rule holds, but the refusal
confirms the number only to those who may search by it and see the other record; anyone else
gets a refusal that says nothing more, audited as a sensitive read and throttled."""

import base64
import datetime as dt

import pytest

from core.models import AuditEvent
from core.services.id_numbers import UNAVAILABLE_PER_HOUR, WINDOW
from core.settings import Settings
from core.testing import GraphQLClient, World, build_world, id_number, make_client, retiree_input

CREATE = """mutation ($input: CreateRetireeInput!) { createRetiree(input: $input) {
  retiree { id } userErrors { field code message } } }"""
UPDATE = """mutation ($input: UpdateRetireeInput!) { updateRetiree(input: $input) {
  retiree { version } userErrors { field code message } } }"""
AUDIT = """query ($filter: AuditEventFilter) { auditEvents(first: 100, filter: $filter) { edges { node {
  action outcome errorCode operation principalName targetType targetId fieldNames } } } }"""
UNAVAILABLE = {"field": "idNumber", "code": "ID_NUMBER_UNAVAILABLE", "message": "该身份证号无法登记，请联系上级机构核实"}


@pytest.fixture
async def world(db) -> World:
    admin = await make_client(Settings(plugins=[]))
    return await build_world(admin)


def as_(world: World, name: str) -> GraphQLClient:
    return world.admin.as_user(world.tokens[name])


def pk(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().split(":")[1])


async def numbers(world: World) -> dict[str, str]:
    """The ID numbers of the sibling institute's retiree (outside the home institute's scope)
    and of the home institute's second retiree (inside it), read by the administrator."""
    nodes = (await world.admin("{ retirees(first: 100) { edges { node { id idNumber agency { id } } } } }"))["retirees"]
    by_id = {e["node"]["id"]: e["node"] for e in nodes["edges"]}
    outside = next(n for n in by_id.values() if n["agency"]["id"] == world.ids["sibling_agency"])
    return {"outside": outside["idNumber"], "outside_id": outside["id"],
            "inside": by_id[world.ids["home_other_retiree"]]["idNumber"]}


async def count(client: GraphQLClient) -> int:
    return (await client("{ retirees { totalCount } }"))["retirees"]["totalCount"]


async def test_a_number_outside_scope_or_unreadable_is_refused_without_confirming_it(world):
    known = await numbers(world)
    staff, manager = as_(world, "staff"), as_(world, "manager")
    before = await count(world.admin)
    birth = dt.date.fromisoformat(f"{known['outside'][6:10]}-{known['outside'][10:12]}-{known['outside'][12:14]}")
    for client, number in ((staff, known["outside"]), (staff, known["inside"]), (manager, known["outside"])):
        born = dt.date.fromisoformat(f"{number[6:10]}-{number[10:12]}-{number[12:14]}")
        payload = await client.mutate(CREATE, retiree_input(world.ids["home_agency"], birth=born, idNumber=number))
        assert payload == {"retiree": None, "userErrors": [UNAVAILABLE]}
    own = (await staff("query ($id: ID!) { retiree(id: $id) { version birthDate } }", {"id": world.ids["home_retiree"]}))
    changed = await staff.mutate(UPDATE, {
        "id": world.ids["home_retiree"], "version": own["retiree"]["version"], "idNumber": known["outside"],
        "birthDate": birth.isoformat(),
    })
    assert changed == {"retiree": None, "userErrors": [UNAVAILABLE]}
    # who may search by ID number and sees the other record is told what it is
    duplicate = await manager.mutate(CREATE, retiree_input(
        world.ids["home_agency"], birth=dt.date(1945, 2, 2), idNumber=known["inside"]))
    assert [e["code"] for e in duplicate["userErrors"]] == ["DUPLICATE_ID_NUMBER"]
    assert await count(world.admin) == before
    reads = (await world.admin(AUDIT, {"filter": {"action": "SENSITIVE_READ"}}))["auditEvents"]["edges"]
    refused = [(e["node"]["principalName"], e["node"]["operation"], e["node"]["targetId"], e["node"]["fieldNames"])
               for e in reads if e["node"]["outcome"] == "REFUSED"]
    outside, inside = pk(known["outside_id"]), pk(world.ids["home_other_retiree"])
    assert sorted(refused) == sorted([
        ("staff.one", "createRetiree", outside, ["id_number"]),
        ("staff.one", "createRetiree", inside, ["id_number"]),
        ("manager.one", "createRetiree", outside, ["id_number"]),
        ("staff.one", "updateRetiree", outside, ["id_number"]),
    ])
    assert all(e["node"]["errorCode"] == "ID_NUMBER_UNAVAILABLE" for e in reads if e["node"]["outcome"] == "REFUSED")


async def test_refusals_that_confirm_nothing_are_throttled_per_principal(world):
    known = await numbers(world)
    staff, manager = as_(world, "staff"), as_(world, "manager")
    born = dt.date.fromisoformat(f"{known['outside'][6:10]}-{known['outside'][10:12]}-{known['outside'][12:14]}")
    probe = retiree_input(world.ids["home_agency"], birth=born, idNumber=known["outside"])
    for _ in range(UNAVAILABLE_PER_HOUR):
        assert (await staff.mutate(CREATE, probe))["userErrors"] == [UNAVAILABLE]
    # from now on every number is refused alike, registered or not
    fresh = retiree_input(world.ids["home_agency"], birth=dt.date(1950, 3, 3))
    for values in (probe, fresh):
        payload = await staff.mutate(CREATE, values)
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("idNumber", "RATE_LIMITED")]
    own = (await staff("query ($id: ID!) { retiree(id: $id) { version } }", {"id": world.ids["home_retiree"]}))
    renumbered = await staff.mutate(UPDATE, {
        "id": world.ids["home_retiree"], "version": own["retiree"]["version"], "idNumber": id_number(dt.date(1940, 5, 1)),
    })
    assert [e["code"] for e in renumbered["userErrors"]] == ["RATE_LIMITED"]
    # other work goes on, and other principals are not throttled
    phone = await staff.mutate(UPDATE, {"id": world.ids["home_retiree"], "version": own["retiree"]["version"],
                                        "phone": "13700001111"})
    assert phone["userErrors"] == []
    assert (await manager.mutate(CREATE, fresh))["userErrors"] == []
    # an hour later the staff member may register numbers again
    await AuditEvent.filter(error_code="ID_NUMBER_UNAVAILABLE").update(
        occurred_at=dt.datetime.now(dt.UTC) - WINDOW - dt.timedelta(seconds=1)
    )
    later = retiree_input(world.ids["home_agency"], birth=dt.date(1951, 4, 4))
    assert (await staff.mutate(CREATE, later))["userErrors"] == []
