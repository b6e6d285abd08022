"""Permission matrix generated from declared data: every mutation of the schema (core, built-in
and example plugins) declares the permission its service requires (``@mutation(requires=…)``),
and the permission tables say which role holds it. For every mutation and every role, with a
target inside the principal's own scope, the call must succeed exactly when the role holds the
permission, and be refused with FORBIDDEN, writing nothing, otherwise. Root connections are
checked the same way against the read permission each model's scope rule declares.

The expectation never comes from running the code: a removed ``principal.require(...)`` or a
permission checked after the scope makes a cell of the matrix fail."""

import base64
from typing import Any

import pytest
from support.permission_samples import ON_OWN_RECORD, REFUSED_AS, SAMPLES, Case
from support.worlds import every_plugin_world

from core.permissions import registry
from core.schema.payload import ANYONE, SIGNED_IN, Requirement, requirement_of
from core.scope import read_permission
from core.testing import PASSWORD, World, connection_fields, create_agency, create_retiree, login_token, type_of
from graphql import GraphQLList, GraphQLNonNull


@pytest.fixture
async def world(db: dict[str, Any]) -> World:
    return await every_plugin_world()


def _named(graphql_type: Any) -> Any:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type


def mutations(schema: Any) -> dict[str, Requirement | None]:
    return {name: requirement_of(schema.get_field_for_type(name, "Mutation")) for name in schema._schema.mutation_type.fields}


def succeeds(world: World, name: str, requirement: Requirement, principal: str) -> bool:
    """What the declarations say: open actions succeed for all; otherwise the role must hold
    the permission, or the ``on_self`` one when the sample acts on the principal's own record."""
    held = registry().of_role(world.roles[principal]) | {ANYONE, SIGNED_IN}
    own = principal == "retiree" or name in ON_OWN_RECORD
    return requirement.permission in held or (own and requirement.on_self in held)


def document(schema: Any, name: str) -> str:
    field = schema._schema.mutation_type.fields[name]
    if "input" not in field.args:
        return f"mutation {{ {name} {{ userErrors {{ field code message }} }} }}"
    return f"mutation ($input: {field.args['input'].type}) {{ {name}(input: $input) {{ userErrors {{ field code message }} }} }}"


async def test_every_mutation_declares_a_known_permission_and_has_a_sample(world: World) -> None:
    declared = mutations(world.schema)  # type: ignore[attr-defined]
    assert len(declared) >= 50, sorted(declared)
    known = set(registry().permissions) | {ANYONE, SIGNED_IN}
    undeclared = sorted(name for name, requirement in declared.items() if requirement is None)
    assert undeclared == [], f"declare the permission of {undeclared} with @mutation(requires=…)"
    unknown = {name: r.permission for name, r in declared.items() if r and r.permission not in known}
    assert unknown == {}, unknown
    unknown_self = {name: r.on_self for name, r in declared.items() if r and r.on_self and r.on_self not in known}
    assert unknown_self == {}, unknown_self
    assert sorted(set(declared) - set(SAMPLES)) == [], "add a sample input to tests/support/permission_samples.py"
    assert sorted(set(SAMPLES) - set(declared)) == [], "a sample for a mutation the schema no longer has"


async def test_each_role_may_do_exactly_what_its_permissions_allow(world: World) -> None:
    schema = world.schema
    failures: list[str] = []
    refused: set[tuple[str, str]] = set()
    outcomes = {True: 0, False: 0}
    for name, requirement in sorted(mutations(schema).items()):
        assert requirement is not None, name
        for principal in world.roles:
            expected = succeeds(world, name, requirement, principal)
            outcomes[expected] += 1
            try:
                values = await SAMPLES[name](Case(world, principal, expected))
            except AssertionError as error:  # an earlier cell wrote what it must not have
                failures.append(f"{principal} {name}: its sample could not be built: {error}")
                continue
            as_principal = world.admin.as_user(await login_token(world.usernames[principal], PASSWORD))
            body = await as_principal.raw(document(schema, name), {"input": values} if values is not None else None)
            if body.get("errors"):
                failures.append(f"{principal} {name}: {body['errors']}")
                continue
            errors = body["data"][name]["userErrors"]
            if expected and errors:
                failures.append(f"{principal} {name} must succeed, got {errors}")
            elif not expected:
                refused.add((world.usernames[principal], name))
                code = REFUSED_AS.get(name, "FORBIDDEN")
                if [error["code"] for error in errors] != [code]:
                    failures.append(f"{principal} {name} must be refused {code}, got {errors}")
    assert failures == [], "\n".join(failures)
    # both halves of the matrix are exercised
    assert outcomes[True] >= 60 and outcomes[False] >= 100, outcomes
    written = await _succeeded_mutations(world)
    assert written & refused == set(), sorted(written & refused)


async def _succeeded_mutations(world: World) -> set[tuple[str, str]]:
    """(principal name, operation) of every mutation the audit log records as succeeded."""
    found: set[tuple[str, str]] = set()
    after = None
    while True:
        page = await world.admin(
            """query ($after: String) { auditEvents(first: 100, after: $after, filter: {action: MUTATION}) {
              pageInfo { hasNextPage endCursor } edges { node { principalName operation outcome } } } }""",
            {"after": after},
        )
        events = page["auditEvents"]
        found |= {(e["node"]["principalName"], e["node"]["operation"]) for e in events["edges"] if e["node"]["outcome"] == "SUCCEEDED"}
        if not events["pageInfo"]["hasNextPage"]:
            return found
        after = events["pageInfo"]["endCursor"]


def _model_of(schema: Any, connection: str) -> Any:
    """The tortoise model behind a root connection's nodes, from the schema's own types."""
    field = schema._schema.query_type.fields[connection]
    node = field.type.of_type.fields["edges"].type.of_type.of_type.of_type.fields["node"].type.of_type
    return schema.get_type_by_name(node.name).origin.__model__


async def test_root_connections_answer_exactly_the_holders_of_their_read_permission(world: World) -> None:
    schema = world.schema
    # the world holds a row of every guarded connection; the notices example adds the last one
    published = await world.admin.mutate(
        "mutation ($input: PublishNoticeInput!) { publishNotice(input: $input) { userErrors { code } } }",
        {"agencyId": world.ids["home_agency"], "title": "通知", "body": "正文"},
    )
    assert published["userErrors"] == []
    checked = 0
    seen = dict.fromkeys(connection_fields(world.graphql), 0)
    for principal, role in world.roles.items():
        held = registry().of_role(role)
        as_principal = world.admin.as_user(world.tokens[principal])
        for name in connection_fields(world.graphql):
            permission = read_permission(_model_of(schema, name))
            if permission is None:
                continue
            checked += 1
            data = await as_principal(f"{{ {name}(first: 1) {{ totalCount edges {{ node {{ __typename }} }} }} }}")
            if permission not in held:
                assert data[name] == {"totalCount": 0, "edges": []}, (principal, name, permission)
            else:
                seen[name] += data[name]["totalCount"] > 0
    assert checked >= 5 * 10, checked
    # a holder is not refused: each guarded connection answers some holder with rows of its own
    assert [name for name, answered in seen.items() if not answered] == []



def _holder(world: World, name: str, requirement: Requirement) -> str:
    """A principal that may perform the mutation (the hostile cases must fail for another reason)."""
    return next(principal for principal in world.roles if principal != "retiree" and succeeds(world, name, requirement, principal))


def _id_fields(schema: Any, name: str) -> list[str]:
    field = schema._schema.mutation_type.fields[name]
    if "input" not in field.args:
        return []
    fields = _named(field.args["input"].type).fields
    return [f for f, definition in fields.items() if _named(definition.type).name == "ID"]


async def test_hostile_targets_are_refused_by_code_and_change_nothing(world: World) -> None:
    """Every ID an input takes, given an ID of the wrong type, a malformed one or one of no
    record, is refused with INVALID_ID or NOT_FOUND naming that field, by a principal that may
    perform the mutation."""
    schema = world.schema
    wrong_type = world.ids["city"]  # an Agency, for fields that take a retiree
    retiree_id = world.ids["home_retiree"]
    failures: list[str] = []
    checked = 0
    for name, requirement in sorted(mutations(schema).items()):
        assert requirement is not None
        if requirement.permission in (ANYONE, SIGNED_IN):
            continue
        principal = _holder(world, name, requirement)
        for id_field in _id_fields(schema, name):
            values = await SAMPLES[name](Case(world, principal, True))
            assert values is not None
            if id_field not in values or not _is_global_id(values[id_field]):
                continue  # not given, or a plain number (API token ids)
            foreign_type = retiree_id if type_of(values[id_field]) != "Retiree" else wrong_type
            as_principal = world.admin.as_user(await login_token(world.usernames[principal], PASSWORD))
            for hostile, codes in ((foreign_type, {"INVALID_ID", "NOT_FOUND"}), ("not-an-id", {"INVALID_ID"}),
                                   (_missing(values[id_field]), {"NOT_FOUND"})):
                checked += 1
                body = await as_principal.raw(document(schema, name), {"input": {**values, id_field: hostile}})
                if body.get("errors"):
                    failures.append(f"{name}.{id_field}={hostile}: {body['errors']}")
                    continue
                errors = body["data"][name]["userErrors"]
                if len(errors) != 1 or errors[0]["code"] not in codes or errors[0]["field"] != id_field:
                    failures.append(f"{name}.{id_field}={hostile} as {principal}: {errors}")
    assert failures == [], "\n".join(failures)
    assert checked >= 3 * 40, checked


def _is_global_id(value: str) -> bool:
    try:
        return ":" in base64.b64decode(value, validate=True).decode()
    except ValueError:
        return False


def _missing(global_id: str) -> str:
    """A well-formed ID of the same type that names no record."""
    return base64.b64encode(f"{type_of(global_id)}:999999".encode()).decode()


async def test_a_revoked_token_or_a_deactivated_account_changes_nothing(world: World) -> None:
    schema = world.schema
    revoked = await login_token(world.usernames["manager"], PASSWORD)
    logout = await world.admin.as_user(revoked).raw("mutation { logout { userErrors { code } } }")
    assert logout["data"]["logout"]["userErrors"] == []
    deactivated = await login_token(world.usernames["staff"], PASSWORD)
    staff_account = await world.admin('{ userAccounts(first: 20) { edges { node { id username } } } }')
    staff_id = next(e["node"]["id"] for e in staff_account["userAccounts"]["edges"] if e["node"]["username"] == "staff.one")
    off = await world.admin.mutate(
        "mutation ($input: SetUserAccountActiveInput!) { setUserAccountActive(input: $input) { userErrors { code } } }",
        {"userId": staff_id, "active": False},
    )
    assert off["userErrors"] == []
    before = {(who, operation) for who, operation in await _succeeded_mutations(world) if who != "admin"}
    for name, requirement in sorted(mutations(schema).items()):
        if requirement is None or requirement.permission == ANYONE:
            continue
        values = await SAMPLES[name](Case(world, "manager", True))
        for token in (revoked, deactivated):
            body = await world.admin.as_user(token).raw(document(schema, name), {"input": values} if values is not None else None)
            assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", (name, body)
    assert {(who, operation) for who, operation in await _succeeded_mutations(world) if who != "admin"} == before



#: mutations that rightly act on a deceased retiree or a closed agency, and why
ACTS_ON_ENDED = {
    "attachFile": "已故军休干部的档案仍可附材料（如死亡证明）",
    "updateRetiree": "已故军休干部的档案仍可更正",
}
#: what a closed agency or a deceased retiree is refused with
ENDED_CODES = {"AGENCY_INACTIVE", "INVALID_TRANSITION"}
ENDED_PARENT = {"DEPARTMENT": "city", "INSTITUTE": "city", "STATION": "home_agency"}
KIND_AND_VERSION = "query ($id: ID!) { node(id: $id) { ... on Agency { kind version } ... on Retiree { version } } }"


class EndedRecords:
    """A closed agency of each kind and a deceased retiree, inside the holders' scope."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.made: dict[str, str] = {}

    async def like(self, node_id: str) -> str | None:
        """An ended record of the same type (and agency kind) as ``node_id``."""
        kind = type_of(node_id)
        if kind == "Agency":
            kind = (await self.world.admin(KIND_AND_VERSION, {"id": node_id}))["node"]["kind"]
        elif kind != "Retiree":
            return None
        if kind not in self.made:
            self.made[kind] = await (self._retiree() if kind == "Retiree" else self._agency(kind))
        return self.made[kind]

    async def version(self, node_id: str) -> int:
        return (await self.world.admin(KIND_AND_VERSION, {"id": node_id}))["node"]["version"]

    async def _agency(self, kind: str) -> str:
        agency = await create_agency(self.world.admin, f"已撤销的{kind}", kind=kind, parent=self.world.ids[ENDED_PARENT[kind]])
        closed = await self.world.admin.mutate(
            "mutation ($input: CloseAgencyInput!) { closeAgency(input: $input) { userErrors { code } } }",
            {"id": agency["id"]},
        )
        assert closed["userErrors"] == []
        return agency["id"]

    async def _retiree(self) -> str:
        retiree = await create_retiree(self.world.admin, self.world.ids["home_agency"], name="已故干部")
        died = await self.world.admin.mutate(
            "mutation ($input: RecordRetireeDeathInput!) { recordRetireeDeath(input: $input) { userErrors { code } } }",
            {"id": retiree["id"], "diedOn": "2024-01-02"},
        )
        assert died["userErrors"] == []
        return retiree["id"]


async def test_closed_agencies_and_deceased_retirees_are_refused_by_code_and_change_nothing(world: World) -> None:
    """Every ID an input takes that names an agency or a retiree, given a closed agency (of the
    same kind) or a deceased retiree inside the principal's scope, is refused with the code that
    says so and writes nothing, unless the mutation is declared to act on ended records."""
    schema = world.schema
    ended = EndedRecords(world)
    failures: list[str] = []
    checked: set[str] = set()
    for name, requirement in sorted(mutations(schema).items()):
        assert requirement is not None
        if requirement.permission in (ANYONE, SIGNED_IN):
            continue
        principal = _holder(world, name, requirement)
        as_principal = world.admin.as_user(await login_token(world.usernames[principal], PASSWORD))
        for id_field in _id_fields(schema, name):
            values = await SAMPLES[name](Case(world, principal, True))
            assert values is not None
            if id_field not in values or not _is_global_id(values[id_field]):
                continue
            target = await ended.like(values[id_field])
            if target is None:
                continue
            checked.add(name)
            values = {**values, id_field: target}
            if "version" in values and id_field == "id":
                values["version"] = await ended.version(target)
            before = await _succeeded_mutations(world)
            body = await as_principal.raw(document(schema, name), {"input": values})
            errors = body["data"][name]["userErrors"]
            if name in ACTS_ON_ENDED:
                if errors:
                    failures.append(f"{name}.{id_field} as {principal} ({ACTS_ON_ENDED[name]}): {errors}")
                continue
            named = errors[0]["field"] in (id_field, None) or errors[0]["code"] == "INVALID_TRANSITION" if errors else False
            if len(errors) != 1 or errors[0]["code"] not in ENDED_CODES or not named:
                failures.append(f"{name}.{id_field} as {principal}: {errors}")
            if await _succeeded_mutations(world) != before:
                failures.append(f"{name}.{id_field} as {principal} wrote although refused")
    assert failures == [], "\n".join(failures)
    assert set(ACTS_ON_ENDED) <= checked and len(checked) >= 20, sorted(checked)


async def test_a_token_revoked_mid_request_writes_nothing(world: World) -> None:
    """``logout`` first in a document revokes the token the rest of the document runs with:
    every mutation after it is refused with UNAUTHENTICATED and writes nothing."""
    schema = world.schema
    before = {(who, operation) for who, operation in await _succeeded_mutations(world) if who != "admin"}
    checked = 0
    for name, requirement in sorted(mutations(schema).items()):
        if requirement is None or requirement.permission in (ANYONE, SIGNED_IN):
            continue
        principal = _holder(world, name, requirement)
        values = await SAMPLES[name](Case(world, principal, True))
        field = schema._schema.mutation_type.fields[name]
        token = await login_token(world.usernames[principal], PASSWORD)
        body = await world.admin.as_user(token).raw(
            f"mutation ($input: {field.args['input'].type}) {{ logout {{ userErrors {{ code }} }} "
            f"{name}(input: $input) {{ userErrors {{ field code }} }} }}",
            {"input": values},
        )
        assert body["data"]["logout"]["userErrors"] == [], body
        assert body["data"][name]["userErrors"] == [{"field": None, "code": "UNAUTHENTICATED"}], (name, body)
        checked += 1
    assert checked >= 40, checked
    after = {(who, operation) for who, operation in await _succeeded_mutations(world) if who != "admin"}
    assert {operation for _, operation in after - before} <= {"logout"}
