"""Authorization matrix generated from the schema: every root connection, ``node(id:)``,
every nested path (type extensions included) and every mutation, for each built-in role,
against nodes outside the principal's scope. A field a plugin adds is covered here without a
new test, because the queries and inputs are derived from the schema itself."""

import base64
import datetime as dt
from typing import Any

import pytest
from conftest import FilePart, GraphQLClient
from security_world import World, connection_fields, every_plugin_world

from core import clock
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)

PRINCIPALS = ["department", "portal", "manager", "staff", "retiree"]
SKIPPED_MUTATIONS = {"login", "logout", "createApiToken", "revokeApiToken"}


@pytest.fixture
async def world(db: dict[str, Any]) -> World:
    return await every_plugin_world()


def client(world: World, principal: str) -> GraphQLClient:
    return world.admin.as_user(world.tokens[principal])


def ids_in(value: Any) -> set[str]:
    """Every ``id`` anywhere in a response."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str):
                found.add(item)
            else:
                found |= ids_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= ids_in(item)
    return found


def unwrap(graphql_type: Any) -> Any:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type


def selection(graphql_type: Any, depth: int) -> str:
    """Every object-valued path below a type, ``id`` of each node, to ``depth`` levels;
    connections are read with ``first: 5``; fields with required arguments are skipped."""
    named = unwrap(graphql_type)
    if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        return ""
    parts = ["__typename"]
    if "id" in named.fields:
        parts.append("id")
    if depth == 0:
        return "{ " + " ".join(parts) + " }"
    for name, field in named.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) and arg.default_value is None for arg in field.args.values()):
            continue
        inner = selection(field.type, depth - 1)
        if inner:
            args = "(first: 5)" if "first" in field.args else ""
            parts.append(f"{name}{args} {inner}")
    return "{ " + " ".join(parts) + " }"


async def test_root_connections_and_nested_paths_stay_in_scope(world: World) -> None:
    schema = world.schema
    query_type = schema._schema.query_type
    seen_anything = {principal: False for principal in PRINCIPALS}
    fields = connection_fields(schema)
    assert {"agencies", "retirees", "sanatoriumBatches", "universityClasses"} <= set(fields)
    for principal in PRINCIPALS:
        as_principal = client(world, principal)
        for name in fields:
            body = await as_principal.raw(f"{{ {name}(first: 20) {selection(query_type.fields[name].type, 3)} }}")
            assert not body.get("errors"), (principal, name, body.get("errors"))
            reached = ids_in(body["data"])
            leaked = reached & world.foreign[principal]
            assert not leaked, f"{principal} reached {len(leaked)} foreign nodes through {name}"
            seen_anything[principal] |= bool(reached)
    assert all(seen_anything.values()), seen_anything  # every role sees its own part


async def test_node_lookup_never_reaches_foreign_nodes(world: World) -> None:
    for principal in PRINCIPALS:
        as_principal = client(world, principal)
        assert world.foreign[principal], principal  # every principal has nodes it must not reach
        for node_id in sorted(world.foreign[principal]):
            data = await as_principal("query ($id: ID!) { node(id: $id) { id } }", {"id": node_id})
            assert data["node"] is None, (principal, node_id)


async def test_single_record_lookups_never_reach_foreign_records(world: World) -> None:
    schema = world.schema
    lookups = {name: f for name, f in schema._schema.query_type.fields.items() if list(f.args) == ["id"]}
    assert {"agency", "retiree", "staffMember", "userAccount"} <= set(lookups)
    for principal in PRINCIPALS:
        as_principal = client(world, principal)
        tried: set[str] = set()
        for node_id in sorted(world.foreign[principal]):
            type_name = base64.b64decode(node_id).decode().split(":")[0]
            for name, field in lookups.items():
                if unwrap(field.type).name == type_name:
                    data = await as_principal(
                        f"query ($id: ID!) {{ {name}(id: $id) {{ __typename }} }}", {"id": node_id}
                    )
                    assert data[name] is None, (principal, name, node_id)
                    tried.add(name)
        # at least the core lookups met a foreign record of their type
        assert {"agency", "retiree", "staffMember"} <= tried, (principal, tried)


def _type_for_id_field(field_name: str, mutation: str) -> str | None:
    named = {
        "agencyId": "Agency",
        "parentId": "Agency",
        "sourceId": "Agency",
        "targetId": "Agency",
        "toAgencyId": "Agency",
        "departmentId": "Agency",
        "within": "Agency",
        "retireeId": "Retiree",
        "staffId": "StaffMember",
        "userId": "UserAccount",
        "campusId": "UniversityCampus",
        "termId": "UniversityTerm",
        "courseId": "UniversityCourse",
        "classId": "UniversityClass",
        "sessionId": "UniversitySession",
        "enrolmentId": "UniversityEnrolment",
        "ownerId": "Agency",
        "planId": "SanatoriumPlan",
        "siteId": "SanatoriumSite",
        "batchId": "SanatoriumBatch",
        "nominationId": "SanatoriumNomination",
        "recordId": "Retiree",
    }
    if field_name in named:
        return named[field_name]
    if field_name == "id":
        for fragment, type_name in (
            ("UniversityClass", "UniversityClass"),
            ("UniversityTerm", "UniversityTerm"),
            ("Agenc", "Agency"),
            ("StaffMember", "StaffMember"),
            ("UserAccount", "UserAccount"),
            ("Retiree", "Retiree"),
            ("Caretaker", "Retiree"),
            ("Archive", "Retiree"),
            ("Attachment", "Attachment"),
        ):
            if fragment in mutation:
                return type_name
    return None


def _value(graphql_type: Any, field_name: str, mutation: str, foreign_by_type: dict[str, list[str]]) -> Any:
    named = unwrap(graphql_type)
    if isinstance(graphql_type, GraphQLNonNull) and isinstance(graphql_type.of_type, GraphQLList):
        return []
    if isinstance(named, GraphQLInputObjectType):
        return {
            name: _value(f.type, name, mutation, foreign_by_type)
            for name, f in named.fields.items()
            if isinstance(f.type, GraphQLNonNull) or _type_for_id_field(name, mutation)
        }
    if isinstance(named, GraphQLEnumType):
        return next(iter(named.values))
    assert isinstance(named, GraphQLScalarType)
    if named.name == "ID":
        type_name = _type_for_id_field(field_name, mutation)
        assert type_name is not None, f"{mutation}.{field_name}: add the ID convention to this test"
        return foreign_by_type[type_name][0]
    return {
        "String": "测试",
        "Int": 1,
        "Float": 1.0,
        "Boolean": False,
        "Date": (clock.today()).isoformat(),
        "DateTime": dt.datetime.now(dt.UTC).isoformat(),
        "Decimal": "1.00",
        "Upload": FilePart("报告.pdf", b"%PDF-1.4\n"),
    }[named.name]


async def _attachment(world: World, record_id: str) -> str:
    """An attachment the administrator puts on a (foreign) record."""
    payload = await world.admin.mutate(
        "mutation ($input: AttachFileInput!) { attachFile(input: $input) { attachment { id } userErrors { code } } }",
        {"recordId": record_id, "file": FilePart("档案.pdf", b"%PDF-1.4\n")},
    )
    assert payload["userErrors"] == []
    return str(payload["attachment"]["id"])


async def test_mutations_on_foreign_records_are_refused_and_write_nothing(world: World) -> None:
    schema = world.schema
    mutations = {n: f for n, f in schema._schema.mutation_type.fields.items() if n not in SKIPPED_MUTATIONS}
    assert {"createRetiree", "nominateSanatoriumCandidate", "enrolInUniversityClass"} <= set(mutations)
    for principal in ["department", "manager", "staff", "retiree", "portal"]:
        foreign_by_type: dict[str, list[str]] = {}
        for node_id in sorted(world.foreign_writes[principal]):
            foreign_by_type.setdefault(base64.b64decode(node_id).decode().split(":")[0], []).append(node_id)
        assert {"Agency", "Retiree", "StaffMember"} <= set(foreign_by_type), (principal, sorted(foreign_by_type))
        foreign_by_type["Attachment"] = [await _attachment(world, foreign_by_type["Retiree"][0])]
        as_principal = client(world, principal)
        for name, field in mutations.items():
            input_value = _value(field.args["input"].type, "input", name, foreign_by_type)
            body = await as_principal.raw(
                f"mutation ($input: {field.args['input'].type}) {{ {name}(input: $input) {{ userErrors {{ code }} }} }}",
                {"input": input_value},
            )
            assert not body.get("errors"), (principal, name, body.get("errors"))
            assert body["data"][name]["userErrors"], f"{principal} was not refused {name} on a foreign record"
    audit = await world.admin(
        "{ auditEvents(first: 100, filter: {action: MUTATION}) { edges { node { principalName outcome operation } } } }"
    )
    succeeded = [
        e["node"]
        for e in audit["auditEvents"]["edges"]
        if e["node"]["outcome"] == "SUCCEEDED" and e["node"]["principalName"] != "admin"
    ]
    assert succeeded == []


async def test_anonymous_requests_reach_only_login(world: World) -> None:
    anonymous = world.admin.as_user(None)
    schema = world.schema
    for name in connection_fields(schema) + ["viewer { name }", "plugins { name }"]:
        field = name if "{" in name else f"{name}(first: 1) {{ totalCount }}"
        body = await anonymous.raw(f"{{ {field} }}")
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", name
    body = await anonymous.raw(
        'mutation { createAgency(input: {name: "x", kind: DEPARTMENT, level: PROVINCE, divisionCode: "110000"}) { userErrors { code } } }'
    )
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    ok = await anonymous.raw(
        'mutation { login(input: {username: "nobody", password: "x"}) { token userErrors { code } } }'
    )
    assert ok["data"]["login"]["userErrors"] == [{"code": "INVALID_CREDENTIALS"}]


async def test_retiree_reads_own_nomination_with_the_published_batch(world: World) -> None:
    me = client(world, "retiree")
    data = await me("{ sanatoriumNominations(first: 10) { edges { node { retiree { id } batch { name plan { title } } } } } }")
    nominations = [edge["node"] for edge in data["sanatoriumNominations"]["edges"]]
    assert nominations and all(n["retiree"]["id"] == world.ids["self"] for n in nominations)
    assert nominations[0]["batch"] == {"name": "第一批", "plan": {"title": "省级疗养"}}
