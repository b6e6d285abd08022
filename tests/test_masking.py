"""Masks that hold against everything else the same principal can read: for every role of the
security world, every retiree it sees is read with all its fields, and the masked values are
attacked with the other fields (birth date, age, gender, the agency's division code, the
masked address). See docs/security.md, 脱敏."""

import datetime as dt
import itertools
from typing import Any

import pytest
from support.worlds import plugin_world

from core import clock
from core.models.retiree import age_on
from core.schema.sensitive import mask_phone
from core.settings import Settings
from core.testing import GraphQLClient, World, make_client
from core.validation import id_number_check_char

#: the fewest candidates a masked value may leave (docs/security.md)
BOUND = 1000
#: county-level divisions (GB/T 2260) of the prefecture the world's ID numbers are issued in:
#: the attacker is granted the prefecture (the agency's division code names it)
PREFECTURE_COUNTIES = {
    "3201": ("320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115", "320116",
             "320117", "320118"),
}
RETIREES = """query ($after: String) { retirees(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id name gender birthDate age idNumber phone address focusTags riskTier disabilityCause disabilityGrade
    agency { divisionCode }
    familyMembers { name phone }
    sanatoriumNominations { id fitness fitnessNote } } } } }"""
UPDATE = """mutation ($input: UpdateRetireeInput!) { updateRetiree(input: $input) { userErrors { code message } } }"""
FITNESS = """mutation ($input: RecordSanatoriumFitnessCheckInput!) { recordSanatoriumFitnessCheck(input: $input) {
  userErrors { code message } } }"""
HEALTH = ("disabilityCause", "disabilityGrade", "riskTier")


@pytest.fixture
async def world(db) -> World:
    admin = await make_client(Settings(plugins=["sanatorium"]))
    built = await plugin_world(admin, "sanatorium")
    await _health_and_family(admin, built)
    return built


async def _health_and_family(admin: GraphQLClient, world: World) -> None:
    """Family phones, a disability and an assessed nomination on the retirees the roles share."""
    for key in ("home_retiree", "self"):
        node = (await admin("query ($id: ID!) { retiree(id: $id) { version sanatoriumNominations { id } } }",
                            {"id": world.ids[key]}))["retiree"]
        changed = await admin.mutate(UPDATE, {
            "id": world.ids[key], "version": node["version"],
            "disabilityCause": "DUTY", "disabilityGrade": 6,
            "familyMembers": [{"name": "王秀兰", "relation": "SPOUSE", "phone": "13955551234"},
                       {"name": "张军", "relation": "CHILD", "phone": "025-84001234"}],
        })
        assert changed["userErrors"] == [], changed
        for nomination in node["sanatoriumNominations"]:
            checked = await admin.mutate(FITNESS, {
                "nominationId": nomination["id"], "fitness": "UNFIT", "checkedOn": clock.today().isoformat(),
                "note": "心功能不全",
            })
            assert checked["userErrors"] == [], checked


async def _retirees(client: GraphQLClient) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await client(RETIREES, {"after": after}))["retirees"]
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


def id_number_candidates(seen: dict[str, Any], true_number: str) -> set[str]:
    """Every ID number consistent with what the principal read: the mask's visible characters,
    the birth date, the age, the gender (parity of the 17th digit), the check digit, and a
    region in the prefecture the person is served in (granted to the attacker)."""
    masked = seen["idNumber"]
    birth = dt.date.fromisoformat(seen["birthDate"])
    assert age_on(birth, clock.today()) == seen["age"]
    parity = 1 if seen["gender"] == "MALE" else 0
    regions = PREFECTURE_COUNTIES[true_number[:4]]
    candidates = set()
    for region, sequence in itertools.product(regions, range(1000)):
        if sequence % 2 != parity:
            continue
        body = f"{region}{birth:%Y%m%d}{sequence:03d}"
        number = body + id_number_check_char(body)
        if len(masked) == len(number) and all(m in ("*", c) for m, c in zip(masked, number, strict=True)):
            candidates.add(number)
    return candidates


def phone_candidates(masked: str, true_phone: str) -> int:
    """Numbers of the true one's length that agree with the digits the mask shows (they may be
    placed anywhere the mask allows: counted as the digits the mask does not show)."""
    hidden = sum(ch.isdigit() for ch in true_phone) - sum(ch.isdigit() for ch in masked)
    return 10**hidden


def shared_text(masked: str, true_value: str) -> set[str]:
    """Two-character pieces of the true value that the masked one shows."""
    pieces = {true_value[i : i + 2] for i in range(len(true_value) - 1)}
    return {piece for piece in pieces if "*" not in piece and piece in masked}


async def test_no_mask_is_undone_by_the_fields_beside_it(world):
    truth = {node["id"]: node for node in await _retirees(world.admin)}
    attacked = unfit = 0
    for name, token in world.tokens.items():
        client = world.admin.as_user(token)
        permissions = (await client("{ viewer { permissions } }"))["viewer"]["permissions"]
        reveals = "core.sensitive.read" in permissions
        seen = await _retirees(client)
        assert seen, name
        for node in seen:
            real = truth[node["id"]]
            if reveals:  # unmasked only for holders of the permission
                assert {k: node[k] for k in ("idNumber", "phone", "address", *HEALTH)} == {
                    k: real[k] for k in ("idNumber", "phone", "address", *HEALTH)}, name
                assert node["familyMembers"] == real["familyMembers"], name
                assert node["sanatoriumNominations"] == real["sanatoriumNominations"], name
                continue
            attacked += 1
            candidates = id_number_candidates(node, real["idNumber"])
            assert real["idNumber"] in candidates and len(candidates) >= BOUND, (name, node["idNumber"], len(candidates))
            phones = [(node["phone"], real["phone"])] + [
                (mine["phone"], theirs["phone"])
                for mine, theirs in zip(node["familyMembers"], real["familyMembers"], strict=True)
            ]
            for masked, true_phone in phones:
                if true_phone:
                    assert phone_candidates(masked, true_phone) >= BOUND, (name, masked)
            assert not real["address"] or shared_text(node["address"], real["address"]) == set(), (name, node["address"])
            assert all(node[k] is None for k in HEALTH), (name, node)
            assert "DISABLED" not in node["focusTags"], name
            for mine, theirs in zip(node["sanatoriumNominations"], real["sanatoriumNominations"], strict=True):
                assessed = theirs["fitness"] != "PENDING"  # not yet assessed is no health data
                assert mine["fitness"] == (None if assessed else "PENDING"), (name, mine)
                assert mine["fitnessNote"] == ("****" if theirs["fitnessNote"] else ""), (name, mine)
                unfit += theirs["fitness"] == "UNFIT"
    assert attacked >= 4 and unfit >= 2  # the staff member and the portal token each read at least two


def test_every_shown_check_or_sequence_digit_breaks_the_bound():
    """The reasoning of the security page: with the region's prefecture, the birth date and the
    gender known, even the check digit alone would leave too few candidates."""
    body = "320102" + "19400501" + "123"
    number = body + id_number_check_char(body)
    seen = {"birthDate": "1940-05-01", "age": age_on(dt.date(1940, 5, 1), clock.today()), "gender": "MALE"}
    hidden = len(id_number_candidates({**seen, "idNumber": "*" * 18}, number))
    last_shown = len(id_number_candidates({**seen, "idNumber": "*" * 17 + number[-1]}, number))
    assert hidden == 11 * 500 and last_shown < BOUND


async def test_an_unmasked_fitness_assessment_is_an_audited_read(world):
    query = """query Fitness($id: ID!) { retiree(id: $id) { sanatoriumNominations { id fitness } } }"""
    audit = """query ($filter: AuditEventFilter) { auditEvents(first: 100, filter: $filter) { edges { node {
      principalName targetType targetId fieldNames } } } }"""
    manager = world.admin.as_user(world.tokens["manager"])
    nominations = (await manager(query, {"id": world.ids["home_retiree"]}))["retiree"]["sanatoriumNominations"]
    assert [n["fitness"] for n in nominations] == ["UNFIT"]
    staff = world.admin.as_user(world.tokens["staff"])
    assert (await staff(query, {"id": world.ids["home_retiree"]}))["retiree"]["sanatoriumNominations"][0]["fitness"] is None
    events = await world.admin(audit, {"filter": {"action": "SENSITIVE_READ", "operation": "Fitness"}})
    reads = [e["node"] for e in events["auditEvents"]["edges"]]
    assert [(r["principalName"], r["targetType"], r["fieldNames"]) for r in reads] == [
        ("manager.one", "SanatoriumNomination", ["fitness"])
    ]


@pytest.mark.parametrize("phone", ["110", "12345", "0255123", "025-5123"])
def test_a_phone_too_short_to_hide_four_digits_is_hidden_whole(phone):
    assert mask_phone(phone) == "*" * len(phone)


def test_a_phone_keeps_only_its_first_three_and_last_four_characters():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("025-83456789") == "025****6789"
