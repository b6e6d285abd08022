"""Accounts, tokens, roles, masking and the audit log through the API."""

import datetime as dt
import logging

import pytest

from core.models import AccessToken, UserAccount
from core.permissions import registry
from core.services import accounts as accounts_service
from core.settings import Settings
from core.testing import (
    ADMIN_PASSWORD,
    GraphQLClient,
    World,
    build_world,
    create_staff,
    id_number,
    make_client,
    province,
)

LOGIN = "mutation ($input: LoginInput!) { login(input: $input) { token expiresAt userErrors { field code message } } }"
GRANT = "mutation ($input: RoleChangeInput!) { grantRole(input: $input) { userAccount { roles } userErrors { field code } } }"
CREATE_ACCOUNT = "mutation ($input: CreateUserAccountInput!) { createUserAccount(input: $input) { userAccount { id username roles } userErrors { field code } } }"
API_TOKEN = "mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id permissions } userErrors { field code } } }"
RETIREE = """query ($id: ID!) { retiree(id: $id) { name idNumber phone address focusTags riskTier disabilityCause } }"""
CONTACTS = "query ($id: ID!) { retiree(id: $id) { familyMembers { name phone } caretaker { name phone } } }"
AUDIT = """query ($filter: AuditEventFilter) { auditEvents(first: 100, filter: $filter) { totalCount edges { node {
  action outcome errorCode operation principalName clientAddress targetType fieldNames } } } }"""


@pytest.fixture
async def world(db) -> World:
    admin = await make_client(Settings(plugins=["meals"]))
    return await build_world(admin)


def as_(world: World, name: str) -> GraphQLClient:
    return world.admin.as_user(world.tokens[name])


async def test_login_logout_and_bad_tokens(gql):
    anonymous = gql.as_user(None)
    wrong = await anonymous.mutate(LOGIN, {"username": "admin", "password": "nope"})
    unknown = await anonymous.mutate(LOGIN, {"username": "ghost", "password": "nope"})
    assert (
        wrong["userErrors"]
        == unknown["userErrors"]
        == [{"field": None, "code": "INVALID_CREDENTIALS", "message": "用户名或密码错误"}]
    )
    good = await anonymous.mutate(LOGIN, {"username": "admin", "password": ADMIN_PASSWORD})
    assert good["token"].startswith("jx_") and good["userErrors"] == []
    session = gql.as_user(good["token"])
    assert (await session("{ viewer { name kind } }"))["viewer"] == {"name": "admin", "kind": "ADMIN"}
    assert (await session("mutation { logout { userErrors { code } } }"))["logout"]["userErrors"] == []
    for token in (good["token"], "jx_" + "A" * 43, "garbage", "Bearer"):
        body = await gql.as_user(token).raw("{ viewer { name } }")
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", token
    other = await anonymous.mutate(LOGIN, {"username": "admin", "password": ADMIN_PASSWORD})
    await AccessToken.all().update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    expired = await gql.as_user(other["token"]).raw("{ viewer { name } }")
    assert expired["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_lockout_after_repeated_failures(db):
    client = await make_client(Settings(plugins=[], max_failed_logins=3, lockout_minutes=5))
    anonymous = client.as_user(None)
    for _ in range(3):
        refused = await anonymous.mutate(LOGIN, {"username": "admin", "password": "wrong-password"})
        assert refused["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    locked = await anonymous.mutate(LOGIN, {"username": "admin", "password": ADMIN_PASSWORD})
    assert locked["token"] is None and locked["userErrors"][0]["code"] == "ACCOUNT_LOCKED"
    events = await client(AUDIT, {"filter": {"action": "LOGIN_FAILED"}})
    codes = [e["node"]["errorCode"] for e in events["auditEvents"]["edges"]]
    assert codes == ["ACCOUNT_LOCKED", "INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "INVALID_CREDENTIALS"]
    await client.http.aclose()


async def test_password_policy_and_password_changes(gql):
    tree = await province(gql)
    staff = await create_staff(gql, tree["first"]["id"])
    values = {"username": "zhao", "kind": "STAFF", "staffId": staff["id"], "roles": ["AGENCY_STAFF"]}
    for weak in ("short1A!", "alllowercaseletters", "ALLUPPER123456"):
        payload = await gql.mutate(CREATE_ACCOUNT, {**values, "password": weak})
        assert payload["userErrors"] == [{"field": "password", "code": "WEAK_PASSWORD"}], weak
    created = await gql.mutate(CREATE_ACCOUNT, {**values, "password": "Good-Passw0rd"})
    assert created["userErrors"] == [] and created["userAccount"]["roles"] == ["AGENCY_STAFF"]
    duplicate = await gql.mutate(CREATE_ACCOUNT, {**values, "password": "Good-Passw0rd"})
    assert duplicate["userErrors"] == [{"field": "username", "code": "DUPLICATE"}]
    token = (await gql.as_user(None).mutate(LOGIN, {"username": "zhao", "password": "Good-Passw0rd"}))["token"]
    zhao = gql.as_user(token)
    change = "mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { field code } } }"
    assert (await zhao.mutate(change, {"currentPassword": "x", "newPassword": "Next-Passw0rd"}))["userErrors"] == [
        {"field": "currentPassword", "code": "INVALID_CREDENTIALS"}
    ]
    assert (await zhao.mutate(change, {"currentPassword": "Good-Passw0rd", "newPassword": "Next-Passw0rd"}))[
        "userErrors"
    ] == []
    assert (await gql.as_user(None).mutate(LOGIN, {"username": "zhao", "password": "Next-Passw0rd"}))["token"]


async def test_api_tokens_hold_a_subset_of_permissions(world):
    manager = as_(world, "manager")
    too_much = await manager.mutate(API_TOKEN, {"name": "门户", "permissions": ["core.agency.write"]})
    assert too_much["userErrors"] == [{"field": "permissions", "code": "FORBIDDEN"}]
    issued = await manager.mutate(API_TOKEN, {"name": "大屏", "permissions": ["core.agency.read"], "expiresInDays": 30})
    assert issued["userErrors"] == [] and issued["apiToken"]["permissions"] == ["core.agency.read"]
    portal = world.admin.as_user(issued["token"])
    data = await portal("{ agencies { totalCount } retirees { totalCount } }")
    assert data["agencies"]["totalCount"] == 1 and data["retirees"]["totalCount"] == 0
    refused = await portal.mutate(
        "mutation ($input: UpdateAgencyInput!) { updateAgency(input: $input) { userErrors { code } } }",
        {"id": world.ids["home_agency"], "version": 1, "name": "改名"},
    )
    assert refused["userErrors"] == [{"code": "FORBIDDEN"}]
    revoke = "mutation ($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { revokedAt } userErrors { code } } }"
    assert (await manager.mutate(revoke, {"id": issued["apiToken"]["id"]}))["apiToken"]["revokedAt"]
    assert (await portal.raw("{ agencies { totalCount } }"))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_token_authenticates_as_its_account_with_its_roles_and_agency(world):
    # authentication reads token, account, agency and roles in one statement: it must agree
    # with the ORM's account_agency and roles_of for every kind of account
    manager = as_(world, "manager")
    accounts = await world.admin("{ userAccounts(first: 100) { edges { node { id username } } } }")
    staff_id = next(e["node"]["id"] for e in accounts["userAccounts"]["edges"] if e["node"]["username"] == "staff.one")
    assert (await manager.mutate(GRANT, {"userId": staff_id, "role": "AGENCY_MANAGER"}))["userErrors"] == []
    issued = await manager.mutate(API_TOKEN, {"name": "大屏", "permissions": ["core.agency.read"]})
    tokens = {**world.tokens, "api": issued["token"]}
    for name, raw in tokens.items():
        principal = await accounts_service.authenticate(raw)
        account = await UserAccount.get(id=principal.user_id)
        token = await AccessToken.get(id=principal.token_id)
        agency = await accounts_service.account_agency(account)
        roles = await accounts_service.roles_of(account)
        held = registry().of_roles(roles)
        assert principal.name == account.username and principal.kind.value == account.kind.value, name
        assert principal.retiree_id == account.retiree_id and agency is not None, name
        assert (principal.agency_id, principal.home_path) == (agency.id, agency.path), name
        assert principal.agency_path == (None if name == "retiree" else agency.path), name
        assert principal.permissions == (held & frozenset(token.permissions.split()) if name == "api" else held), name
    assert len(await accounts_service.roles_of(await UserAccount.get(username="staff.one"))) == 2
    assert (await accounts_service.authenticate(world.tokens["staff"])).permissions == registry().of_roles(
        ["AGENCY_STAFF", "AGENCY_MANAGER"])
    await UserAccount.filter(username="staff.one").update(active=False)
    assert await accounts_service.authenticate(world.tokens["staff"]) is None


async def test_roles_are_granted_only_within_scope_and_permissions(world):
    manager = as_(world, "manager")
    accounts = await world.admin("{ userAccounts(first: 100) { edges { node { id username } } } }")
    by_name = {e["node"]["username"]: e["node"]["id"] for e in accounts["userAccounts"]["edges"]}
    forbidden = await as_(world, "staff").mutate(GRANT, {"userId": by_name["staff.one"], "role": "AGENCY_STAFF"})
    assert forbidden["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    ok = await manager.mutate(GRANT, {"userId": by_name["staff.one"], "role": "AGENCY_MANAGER"})
    assert ok["userErrors"] == [] and "AGENCY_MANAGER" in ok["userAccount"]["roles"]
    above = await manager.mutate(GRANT, {"userId": by_name["staff.one"], "role": "DEPARTMENT_ADMIN"})
    assert above["userErrors"] == [{"field": "role", "code": "FORBIDDEN"}]
    outside = await manager.mutate(GRANT, {"userId": by_name["dept.nj"], "role": "AGENCY_STAFF"})
    assert outside["userErrors"] == [{"field": "userId", "code": "NOT_FOUND"}]
    changes = await world.admin(AUDIT, {"filter": {"action": "ROLE_CHANGE"}})
    outcomes = sorted(e["node"]["outcome"] for e in changes["auditEvents"]["edges"])
    assert outcomes == ["REFUSED", "REFUSED", "REFUSED", "SUCCEEDED"]


async def test_masking_and_sensitive_read_audit(world, caplog):
    caplog.set_level(logging.DEBUG)
    staff = as_(world, "staff")  # agency staff: no core.sensitive.read
    masked = (await staff(RETIREE, {"id": world.ids["home_retiree"]}))["retiree"]
    assert masked["idNumber"][6:14] == "********" and len(masked["idNumber"]) == 18
    assert masked["phone"] == "138****5678" and masked["address"].endswith("****")
    assert masked["focusTags"] == ["ADVANCED_AGE"] and masked["riskTier"] is None and masked["disabilityCause"] is None
    refused = await staff.raw("{ retirees(filter: {riskTier: HIGH}) { totalCount } }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    health_tag = await staff.raw("{ retirees(filter: {focusTag: DEMENTIA}) { totalCount } }")
    assert [e["extensions"]["code"] for e in health_tag["errors"]] == ["FORBIDDEN"] and health_tag["data"] is None
    before = (await world.admin(AUDIT, {"filter": {"action": "SENSITIVE_READ"}}))["auditEvents"]["totalCount"]
    manager = as_(world, "manager")
    plain = (await manager(RETIREE, {"id": world.ids["home_retiree"]}))["retiree"]
    assert "*" not in plain["idNumber"] and plain["phone"] == "13812345678" and "DISABLED" in plain["focusTags"]
    reads = (await world.admin(AUDIT, {"filter": {"action": "SENSITIVE_READ"}}))["auditEvents"]
    assert reads["totalCount"] == before + 1
    newest = reads["edges"][0]["node"]
    assert newest["principalName"] == "manager.one" and newest["targetType"] == "Retiree"
    assert newest["fieldNames"] == ["address", "focus_tags", "id_number", "phone", "risk_tier"]
    assert plain["idNumber"] not in caplog.text.replace(plain["idNumber"][:6] + "********", "")


async def test_mutations_are_audited_by_field_name_never_value(world, caplog):
    caplog.set_level(logging.DEBUG)
    manager = as_(world, "manager")
    number = id_number(dt.date(1944, 4, 4))
    created = await manager.mutate(
        "mutation ($input: CreateRetireeInput!) { createRetiree(input: $input) { retiree { id } userErrors { code } } }",
        {
            "agencyId": world.ids["home_agency"],
            "name": "审计测试",
            "gender": "MALE",
            "birthDate": "1944-04-04",
            "idNumber": number,
            "category": "TUIXIU",
        },
    )
    assert created["userErrors"] == []
    duplicate = await manager.mutate(
        "mutation ($input: CreateRetireeInput!) { createRetiree(input: $input) { userErrors { code message } } }",
        {
            "agencyId": world.ids["home_agency"],
            "name": "重复",
            "gender": "MALE",
            "birthDate": "1944-04-04",
            "idNumber": number,
            "category": "TUIXIU",
        },
    )
    assert (
        duplicate["userErrors"][0]["code"] == "DUPLICATE_ID_NUMBER"
        and number not in duplicate["userErrors"][0]["message"]
    )
    events = (await world.admin(AUDIT, {"filter": {"operation": "createRetiree"}}))["auditEvents"]["edges"]
    mine = [e["node"] for e in events if e["node"]["principalName"] == "manager.one"]
    assert [(e["outcome"], e["errorCode"]) for e in mine] == [("REFUSED", "DUPLICATE_ID_NUMBER"), ("SUCCEEDED", "")]
    assert "idNumber" in mine[1]["fieldNames"] and mine[1]["targetType"] == "Retiree"
    assert mine[1]["clientAddress"] == "10.1.2.3"
    assert number not in str(events) and number not in caplog.text


async def test_audit_log_is_scoped_and_read_only(world):
    manager_events = await as_(world, "manager")(AUDIT)
    names = {e["node"]["principalName"] for e in manager_events["auditEvents"]["edges"]}
    assert names and names <= {"manager.one", "staff.one", "retiree.one"}  # actors of the home institute
    assert (await as_(world, "staff")(AUDIT))["auditEvents"]["totalCount"] == 0  # no core.audit.read
    schema = world.admin.app.state.schema
    assert not [name for name in schema._schema.mutation_type.fields if "audit" in name.lower()]


async def test_retiree_sees_only_themselves(world):
    me = as_(world, "retiree")
    data = await me(
        "{ retirees { edges { node { id name idNumber } } } staffMembers { totalCount } agencies { totalCount } }"
    )
    assert [e["node"]["id"] for e in data["retirees"]["edges"]] == [world.ids["self"]]
    assert "*" not in data["retirees"]["edges"][0]["node"]["idNumber"]  # their own data, unmasked
    assert data["staffMembers"]["totalCount"] == 0 and data["agencies"]["totalCount"] == 0
    # another retiree of the same institute is out of reach
    assert (await me(RETIREE, {"id": world.ids["home_retiree"]}))["retiree"] is None


@pytest.mark.parametrize("username", ["ω≈ç√∫" * 20, "", "  ", "a" * 51, "admin\x00"])
async def test_impossible_usernames_are_just_invalid_credentials(gql, username):
    """Found by fuzzing: a 92-character name reached the column validator, an internal error."""
    payload = await gql.as_user(None).mutate(LOGIN, {"username": username, "password": "whatever"})
    assert payload["token"] is None and payload["userErrors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_failed_logins_are_seen_within_the_scope_of_the_attempted_account(world):
    """Managers see failed logins on accounts of their own agencies (docs/security.md); attempts
    on unknown names belong to no agency and only system administrators see them."""
    anonymous = world.admin.as_user(None)
    for username in ("staff.one", "dept.nj", "ghost.user"):
        refused = await anonymous.mutate(LOGIN, {"username": username, "password": "Wrong-Passw0rd"})
        assert refused["userErrors"][0]["code"] == "INVALID_CREDENTIALS"

    async def seen(client: GraphQLClient) -> set[str]:
        events = await client(AUDIT, {"filter": {"action": "LOGIN_FAILED"}})
        return {edge["node"]["principalName"] for edge in events["auditEvents"]["edges"]}

    assert await seen(world.admin) == {"staff.one", "dept.nj", "ghost.user"}
    assert await seen(as_(world, "department")) == {"staff.one", "dept.nj"}
    assert await seen(as_(world, "manager")) == {"staff.one"}
    assert await seen(as_(world, "staff")) == set()  # no core.audit.read: nothing at all


async def test_family_and_caretaker_phones_are_masked_and_their_reads_audited(world):
    family_phone, caretaker_phone = "13987654321", "13711112222"
    admin, retiree = world.admin, world.ids["home_retiree"]
    version = (await admin("query ($id: ID!) { retiree(id: $id) { version } }", {"id": retiree}))["retiree"]["version"]
    family = await admin.mutate(
        "mutation ($input: UpdateRetireeInput!) { updateRetiree(input: $input) { retiree { id } userErrors { code } } }",
        {"id": retiree, "version": version, "familyMembers": [{"name": "王秀英", "relation": "SPOUSE", "phone": family_phone}]},
    )
    staff_version = (await admin("query ($id: ID!) { staffMember(id: $id) { version } }",
                                 {"id": world.ids["home_staff"]}))["staffMember"]["version"]
    phone = await admin.mutate(
        "mutation ($input: UpdateStaffMemberInput!) { updateStaffMember(input: $input) { staffMember { id } userErrors { code } } }",
        {"id": world.ids["home_staff"], "version": staff_version, "phone": caretaker_phone},
    )
    caretaker = await admin.mutate(
        "mutation ($input: AssignCaretakerInput!) { assignCaretaker(input: $input) { retiree { id } userErrors { code } } }",
        {"id": retiree, "staffId": world.ids["home_staff"]},
    )
    assert family["userErrors"] == phone["userErrors"] == caretaker["userErrors"] == []
    masked = (await as_(world, "staff")(CONTACTS, {"id": retiree}))["retiree"]
    assert [m["name"] for m in masked["familyMembers"]] == ["王秀英"] and masked["caretaker"]["name"]
    for shown, plain in ((masked["familyMembers"][0]["phone"], family_phone), (masked["caretaker"]["phone"], caretaker_phone)):
        assert shown and shown != plain and plain[3:7] not in shown  # masked, whatever the mask's format
    before = (await admin(AUDIT, {"filter": {"action": "SENSITIVE_READ"}}))["auditEvents"]["totalCount"]
    plain = (await as_(world, "manager")(CONTACTS, {"id": retiree}))["retiree"]
    assert plain["familyMembers"][0]["phone"] == family_phone and plain["caretaker"]["phone"] == caretaker_phone
    reads = (await admin(AUDIT, {"filter": {"action": "SENSITIVE_READ"}}))["auditEvents"]
    assert reads["totalCount"] == before + 2
    newest = sorted((e["node"]["targetType"], e["node"]["fieldNames"], e["node"]["principalName"])
                    for e in reads["edges"][:2])
    assert newest == [("FamilyMember", ["phone"], "manager.one"), ("Staff", ["phone"], "manager.one")]
