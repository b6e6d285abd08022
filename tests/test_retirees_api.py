"""Retirees through the GraphQL API: records, validation, lifecycle, filters, caretaker."""

import datetime as dt

from core import clock
from core.testing import create_retiree, create_staff, id_number, province, retiree_input
from core.testing.factories import CREATE_RETIREE

RETIREE = """query ($id: ID!) { retiree(id: $id) {
  name status archiveState diedOn age focusTags riskTier version
  agency { name } caretaker { name }
  awards { level period wartime } familyMembers { name relation emergencyContact }
  transfers { fromAgency { name } toAgency { name } destination }
} }"""
UPDATE = "mutation ($input: UpdateRetireeInput!) { updateRetiree(input: $input) { retiree { version name focusTags awards { level } } userErrors { field code } } }"
DEATH = "mutation ($input: RecordRetireeDeathInput!) { recordRetireeDeath(input: $input) { retiree { status diedOn caretaker { name } } userErrors { field code } } }"
TRANSFER = "mutation ($input: TransferRetireeInput!) { transferRetiree(input: $input) { retiree { status agency { name } } userErrors { field code } } }"
CARETAKER = "mutation ($input: AssignCaretakerInput!) { assignCaretaker(input: $input) { retiree { caretaker { name } } userErrors { field code } } }"
RECEIVE = "mutation ($input: ReceiveRetireeInput!) { receiveRetiree(input: $input) { retiree { archiveState receivedOn } userErrors { field code } } }"
ARCHIVE = "mutation ($input: ChangeArchiveStateInput!) { changeArchiveState(input: $input) { retiree { archiveState archiveNumber } userErrors { field code } } }"
LIST = """query ($filter: RetireeFilter, $order: RetireeOrder, $first: Int, $after: String) {
  retirees(filter: $filter, orderBy: $order, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }"""


def today_minus(years: int) -> dt.date:
    return clock.today().replace(year=clock.today().year - years, month=1, day=1)


async def test_create_with_awards_family_and_tags(gql):
    tree = await province(gql)
    birth = today_minus(85)
    retiree = await create_retiree(
        gql, tree["first"]["id"], birth=birth, focusTags=["LIVING_ALONE"],
        awards=[{"awardedOn": "1979-03-01", "level": "SECOND_CLASS_MERIT", "period": "DURING_SERVICE", "wartime": True}],
        familyMembers=[{"name": "王秀英", "relation": "SPOUSE", "emergencyContact": True}],
    )
    data = (await gql(RETIREE, {"id": retiree["id"]}))["retiree"]
    assert data["focusTags"] == ["ADVANCED_AGE", "LIVING_ALONE"] and data["riskTier"] == "HIGH"
    assert data["age"] == 85 and data["agency"]["name"] == "南京市第一军休所"
    assert data["awards"] == [{"level": "SECOND_CLASS_MERIT", "period": "DURING_SERVICE", "wartime": True}]
    assert data["familyMembers"] == [{"name": "王秀英", "relation": "SPOUSE", "emergencyContact": True}]


async def test_invalid_and_duplicate_id_numbers(gql):
    tree = await province(gql)
    good = retiree_input(tree["first"]["id"])
    bad_checksum = good["idNumber"][:17] + ("0" if good["idNumber"][17] != "0" else "1")
    cases = [
        ({**good, "idNumber": bad_checksum}, "idNumber", "INVALID_ID_NUMBER"),
        ({**good, "idNumber": "12345"}, "idNumber", "INVALID_ID_NUMBER"),
        ({**good, "birthDate": "1941-05-01"}, "idNumber", "INVALID_ID_NUMBER"),  # birth date mismatch
        ({**good, "gender": "FEMALE"}, "idNumber", "INVALID_ID_NUMBER"),  # gender digit mismatch
        ({**good, "name": "名" * 51}, "name", "TOO_LONG"),
        ({**good, "name": "  "}, "name", "REQUIRED"),
        ({**good, "enlistedOn": "1960-01-01", "retiredOn": "1955-01-01"}, "retiredOn", "DATE_ORDER"),
        ({**good, "disabilityGrade": 11, "disabilityCause": "WAR"}, "disabilityGrade", "INVALID_VALUE"),
        ({**good, "focusTags": ["ADVANCED_AGE"]}, "focusTags", "INVALID_VALUE"),
        ({**good, "awards": [{"awardedOn": "2999-01-01", "level": "COMMENDATION", "period": "AFTER_HANDOVER"}]}, "awards.0.awardedOn", "DATE_ORDER"),
        ({**good, "familyMembers": [{"name": "子" * 60, "relation": "CHILD"}]}, "familyMembers.0.name", "TOO_LONG"),
        ({**good, "agencyId": "not a global id!"}, "agencyId", "INVALID_ID"),
        ({**good, "agencyId": "QWdlbmN5Ojk5OTk="}, "agencyId", "NOT_FOUND"),
    ]
    for values, field, code in cases:
        payload = await gql.mutate(CREATE_RETIREE, values)
        assert payload["retiree"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)], values
    assert (await gql.mutate(CREATE_RETIREE, good))["userErrors"] == []
    duplicate = await gql.mutate(CREATE_RETIREE, {**good, "name": "另一人"})
    assert [(e["field"], e["code"]) for e in duplicate["userErrors"]] == [("idNumber", "DUPLICATE_ID_NUMBER")]
    assert (await gql(LIST))["retirees"]["totalCount"] == 1


async def test_update_replaces_lists_and_checks_version(gql):
    tree = await province(gql)
    retiree = await create_retiree(gql, tree["first"]["id"], focusTags=["DISABLED"])
    payload = await gql.mutate(UPDATE, {
        "id": retiree["id"], "version": 1, "name": "张建华", "focusTags": [],
        "awards": [{"awardedOn": "1985-01-01", "level": "COMMENDATION", "period": "DURING_SERVICE"}],
    })
    assert payload == {"retiree": {"version": 2, "name": "张建华", "focusTags": ["ADVANCED_AGE"], "awards": [{"level": "COMMENDATION"}]}, "userErrors": []}
    stale = await gql.mutate(UPDATE, {"id": retiree["id"], "version": 1, "name": "旧"})
    assert stale["userErrors"] == [{"field": "version", "code": "STALE_VERSION"}]
    bad = await gql.mutate(UPDATE, {"id": retiree["id"], "version": 2, "name": "新", "phone": "1" * 31})
    assert bad["userErrors"] == [{"field": "phone", "code": "TOO_LONG"}]
    assert (await gql(RETIREE, {"id": retiree["id"]}))["retiree"]["name"] == "张建华"  # nothing half-written


async def test_lifecycle_receive_archive_transfer_death(gql):
    tree = await province(gql)
    received = await gql.mutate(RECEIVE, retiree_input(tree["first"]["id"], receivedOn="2024-06-01"))
    assert received == {"retiree": {"archiveState": "PENDING_HANDOVER", "receivedOn": "2024-06-01"}, "userErrors": []}
    listed = (await gql(LIST))["retirees"]["edges"]
    assert [edge["node"] for edge in listed] == [{"name": "张建国"}]
    retiree = (await gql("{ retirees(first: 1) { edges { node { id } } } }"))["retirees"]["edges"][0]["node"]
    skip = await gql.mutate(ARCHIVE, {"id": retiree["id"], "state": "ACTIVE"})
    assert skip["userErrors"] == [{"field": "state", "code": "INVALID_TRANSITION"}]
    received = await gql.mutate(ARCHIVE, {"id": retiree["id"], "state": "RECEIVED"})
    assert received == {"retiree": {"archiveState": "RECEIVED", "archiveNumber": ""}, "userErrors": []}
    no_number = await gql.mutate(ARCHIVE, {"id": retiree["id"], "state": "ACTIVE"})
    assert no_number["userErrors"] == [{"field": "archiveNumber", "code": "REQUIRED"}]
    active = await gql.mutate(ARCHIVE, {"id": retiree["id"], "state": "ACTIVE", "archiveNumber": "JX-0001"})
    assert active == {"retiree": {"archiveState": "ACTIVE", "archiveNumber": "JX-0001"}, "userErrors": []}
    early = await gql.mutate(TRANSFER, {"id": retiree["id"], "toAgencyId": tree["second"]["id"], "transferredOn": "2024-01-01"})
    assert early["userErrors"] == [{"field": "transferredOn", "code": "DATE_ORDER"}]
    moved = await gql.mutate(TRANSFER, {"id": retiree["id"], "toAgencyId": tree["second"]["id"], "transferredOn": "2024-07-01"})
    assert moved == {"retiree": {"status": "ACTIVE", "agency": {"name": "南京市第二军休所"}}, "userErrors": []}
    died = await gql.mutate(DEATH, {"id": retiree["id"], "diedOn": "2025-01-01"})
    assert died == {"retiree": {"status": "DECEASED", "diedOn": "2025-01-01", "caretaker": None}, "userErrors": []}
    again = await gql.mutate(DEATH, {"id": retiree["id"], "diedOn": "2025-01-02"})
    assert again["userErrors"] == [{"field": None, "code": "INVALID_TRANSITION"}]
    data = (await gql(RETIREE, {"id": retiree["id"]}))["retiree"]
    assert data["archiveState"] == "ARCHIVED"
    assert data["transfers"] == [{"fromAgency": {"name": "南京市第一军休所"}, "toAgency": {"name": "南京市第二军休所"}, "destination": ""}]


async def test_transfer_out_of_the_system(gql):
    tree = await province(gql)
    retiree = await create_retiree(gql, tree["first"]["id"])
    missing = await gql.mutate(TRANSFER, {"id": retiree["id"], "transferredOn": "2024-07-01"})
    assert missing["userErrors"] == [{"field": "destination", "code": "REQUIRED"}]
    out = await gql.mutate(TRANSFER, {"id": retiree["id"], "transferredOn": "2024-07-01", "destination": "浙江省军休所"})
    assert out == {"retiree": {"status": "TRANSFERRED_OUT", "agency": {"name": "南京市第一军休所"}}, "userErrors": []}
    stored = (await gql(RETIREE, {"id": retiree["id"]}))["retiree"]
    assert stored["status"] == "TRANSFERRED_OUT"
    assert stored["transfers"] == [{"fromAgency": {"name": "南京市第一军休所"}, "toAgency": None, "destination": "浙江省军休所"}]


async def test_caretaker_must_be_active_staff_of_the_same_agency(gql):
    tree = await province(gql)
    retiree = await create_retiree(gql, tree["first"]["id"])
    colleague = await create_staff(gql, tree["first"]["id"], name="赵丽")
    stranger = await create_staff(gql, tree["second"]["id"], name="钱伟")
    wrong = await gql.mutate(CARETAKER, {"id": retiree["id"], "staffId": stranger["id"]})
    assert wrong["userErrors"] == [{"field": "staffId", "code": "INVALID_VALUE"}]
    wrong_type = await gql.mutate(CARETAKER, {"id": retiree["id"], "staffId": tree["first"]["id"]})
    assert wrong_type["userErrors"] == [{"field": "staffId", "code": "INVALID_ID"}]
    ok = await gql.mutate(CARETAKER, {"id": retiree["id"], "staffId": colleague["id"]})
    assert ok == {"retiree": {"caretaker": {"name": "赵丽"}}, "userErrors": []}
    leave = await gql(
        "mutation ($input: RecordStaffLeavingInput!) { recordStaffLeaving(input: $input) { userErrors { code } } }",
        {"input": {"staffId": colleague["id"], "leftOn": "2025-01-01"}},
    )
    assert leave["recordStaffLeaving"]["userErrors"] == []
    assert (await gql(RETIREE, {"id": retiree["id"]}))["retiree"]["caretaker"] is None


async def test_filters_search_and_pagination(gql):
    tree = await province(gql)
    await create_retiree(gql, tree["first"]["id"], name="高龄独居", birth=today_minus(86), focusTags=["EMPTY_NEST"])
    await create_retiree(gql, tree["first"]["id"], name="失能老人", birth=dt.date(1950, 3, 3), focusTags=["DISABLED"], category="LIXIU")
    await create_retiree(gql, tree["second"]["id"], name="普通老人", birth=dt.date(1955, 3, 3), force="PAP")
    plain = await create_retiree(gql, tree["second"]["id"], name="重病老人", birth=dt.date(1960, 3, 3), focusTags=["SERIOUS_ILLNESS"])

    async def names(**filter):
        data = await gql(LIST, {"filter": filter, "order": "NAME", "first": 100})
        return sorted(edge["node"]["name"] for edge in data["retirees"]["edges"])

    assert await names(riskTier="HIGH") == ["重病老人", "高龄独居"]
    assert await names(riskTier="FOCUS") == ["失能老人"]
    assert await names(riskTier="NORMAL") == ["普通老人"]
    assert await names(focusTag="ADVANCED_AGE") == ["高龄独居"]
    assert await names(within=tree["first"]["id"]) == ["失能老人", "高龄独居"]
    assert await names(category="LIXIU") == ["失能老人"]
    assert await names(force="PAP") == ["普通老人"]
    assert await names(search="重病") == ["重病老人"]
    assert await names(birthYearFrom=1950, birthYearTo=1956) == ["失能老人", "普通老人"]
    by_id = (await gql(RETIREE, {"id": plain["id"]}))["retiree"]
    number = id_number(dt.date(1999, 1, 1))  # any valid number that nobody has
    assert await names(search=number) == [] and by_id["name"] == "重病老人"
    page = await gql(LIST, {"first": 3, "order": "BIRTH_DATE"})
    assert page["retirees"]["pageInfo"]["hasNextPage"] and page["retirees"]["totalCount"] == 4
    rest = await gql(LIST, {"first": 3, "order": "BIRTH_DATE", "after": page["retirees"]["pageInfo"]["endCursor"]})
    assert [e["node"]["name"] for e in rest["retirees"]["edges"]] == ["重病老人"]
    assert not rest["retirees"]["pageInfo"]["hasNextPage"]
    too_many = await gql.raw(LIST, {"first": 101})
    assert "first" in too_many["errors"][0]["message"]
    bad_cursor = await gql.raw(LIST, {"after": "garbage"})
    assert bad_cursor["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_manager_cannot_register_a_retiree_in_a_sibling_institute(gql):
    from core.testing import login_token  # noqa: PLC0415

    tree = await province(gql)
    staff = await create_staff(gql, tree["first"]["id"])
    account = await gql.mutate(
        "mutation ($input: CreateUserAccountInput!) { createUserAccount(input: $input) { userErrors { code } } }",
        {"username": "mgr.first", "password": "Mgr-Passw0rd", "kind": "STAFF", "roles": ["AGENCY_MANAGER"],
         "staffId": staff["id"]},
    )
    assert account["userErrors"] == []
    manager = gql.as_user(await login_token("mgr.first", "Mgr-Passw0rd"))
    for mutation in (CREATE_RETIREE, RECEIVE):
        # valid input but for the sibling institute: refused as if it did not exist
        sibling = await manager.mutate(mutation, retiree_input(tree["second"]["id"], name="越界登记"))
        assert sibling["retiree"] is None
        assert [(e["field"], e["code"]) for e in sibling["userErrors"]] == [("agencyId", "NOT_FOUND")]
        # the same input for the manager's own institute is accepted
        own = await manager.mutate(mutation, retiree_input(tree["first"]["id"], name="本所登记"))
        assert own["userErrors"] == [] and own["retiree"] is not None
    names = {e["node"]["name"] for e in (await gql(LIST, {"first": 100}))["retirees"]["edges"]}
    assert names == {"本所登记"} and (await gql(LIST, {"filter": {"within": tree["second"]["id"]}}))["retirees"]["totalCount"] == 0


async def test_id_numbers_ending_in_x_are_checksummed(gql):
    from core.validation import id_number_check_char  # noqa: PLC0415

    tree = await province(gql)
    birth = dt.date(1940, 5, 1)
    # male: an odd order digit; bodies whose check character is X, and one whose is a digit
    bodies = [f"320102{birth:%Y%m%d}{order:03d}" for order in range(1, 1000, 2)]
    with_x = next(body for body in bodies if id_number_check_char(body) == "X")
    with_digit = next(body for body in bodies if id_number_check_char(body) != "X")
    wrong = await gql.mutate(CREATE_RETIREE, {**retiree_input(tree["first"]["id"], birth=birth), "idNumber": with_digit + "X"})
    assert wrong["retiree"] is None
    assert [(e["field"], e["code"]) for e in wrong["userErrors"]] == [("idNumber", "INVALID_ID_NUMBER")]
    right = await gql.mutate(CREATE_RETIREE, {**retiree_input(tree["first"]["id"], birth=birth), "idNumber": with_x + "x"})
    assert right["userErrors"] == [] and right["retiree"]["name"] == "张建国"
    assert (await gql(LIST))["retirees"]["totalCount"] == 1
