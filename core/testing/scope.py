"""The authorization matrix over a ``World``: as each principal, every root connection with
every nested path below it, ``node(id:)``, every single-record lookup and every mutation that
takes an ID, aimed at the nodes outside the principal's scope; and anonymous requests. The
queries and inputs are derived from the schema, so whatever a plugin adds (types, fields on
core types, mutations) is covered without a test of its own."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from strawberry import relay

from core import clock
from core.testing.accounts import BUILT_IN
from core.testing.client import FilePart, GraphQLClient
from core.testing.world import Populate, Publish, World, build_world, connection_fields, type_of
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    is_required_argument,
)

#: mutations about the caller's own session and tokens: no record ID to aim elsewhere
SKIPPED_MUTATIONS = frozenset({"login", "logout", "createApiToken", "revokeApiToken"})
#: the node type of the core's ID input fields whose name does not say it (``field`` or
#: ``mutation.field``); other fields are found by name (``campusId`` → ``UniversityCampus``)
CORE_ID_TYPES = {
    "parentId": "Agency",
    "sourceId": "Agency",
    "targetId": "Agency",
    "departmentId": "Agency",
    "within": "Agency",
    "staffId": "StaffMember",
    "userId": "UserAccount",
    "recordId": "Retiree",
    "assignCaretaker.id": "Retiree",
    "changeArchiveState.id": "Retiree",
    "removeAttachment.id": "Attachment",
}
SCALARS: dict[str, Any] = {
    "String": "测试",
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
    "Decimal": "1.00",
    "Upload": FilePart("报告.pdf", b"%PDF-1.4\n"),
}


def _named(graphql_type: Any) -> Any:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type


def _named_node(node_id: str) -> str:
    """A global ID as a reader follows it: ``UniversityClass:2 (VW5p…)``."""
    decoded = relay.GlobalID.from_id(node_id)
    return f"{decoded.type_name}:{decoded.node_id}（{node_id}）"


def _ids_in(value: Any) -> set[str]:
    """Every ``id`` anywhere in a response."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str):
                found.add(item)
            else:
                found |= _ids_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= _ids_in(item)
    return found


def _selection(graphql_type: Any, depth: int) -> str:
    """Every object-valued path below a type, ``id`` of each node, to ``depth`` levels;
    connections are read with ``first: 5``; fields with required arguments are skipped."""
    named = _named(graphql_type)
    if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        return ""
    parts = ["__typename", *(["id"] if "id" in named.fields else [])]
    if depth == 0:
        return "{ " + " ".join(parts) + " }"
    for name, field in named.fields.items():
        if any(is_required_argument(arg) for arg in field.args.values()):
            continue
        inner = _selection(field.type, depth - 1)
        if inner:
            parts.append(f"{name}{'(first: 5)' if 'first' in field.args else ''} {inner}")
    return "{ " + " ".join(parts) + " }"


async def _connections_and_paths(world: World, principals: list[str]) -> list[str]:
    query_type = world.graphql.query_type
    failures = []
    for principal in principals:
        reached_any = False
        for name in connection_fields(world.graphql):
            body = await world.client(principal).raw(
                f"{{ {name}(first: 20) {_selection(query_type.fields[name].type, 3)} }}"
            )
            if body.get("errors"):
                failures.append(f"{principal} {name}: {body['errors']}")
                continue
            reached = _ids_in(body["data"])
            reached_any |= bool(reached)
            failures += [
                f"{principal} 经 {name} 读到范围外的 {_named_node(node)}"
                for node in sorted(reached & world.foreign[principal])
            ]
        if not reached_any and principal in BUILT_IN:
            failures.append(f"{principal} 经任何根连接都读不到记录（世界应让每个内置角色读到本范围内的记录）")
    return failures


async def _node_lookups(world: World, principals: list[str]) -> list[str]:
    failures = []
    for principal in principals:
        if not world.foreign[principal]:
            failures.append(f"{principal} 没有范围外的记录可试")
        for node_id in sorted(world.foreign[principal]):
            data = await world.client(principal)("query ($id: ID!) { node(id: $id) { id } }", {"id": node_id})
            if data["node"] is not None:
                failures.append(f"{principal} 经 node(id:) 读到范围外的 {_named_node(node_id)}")
    return failures


async def _single_lookups(world: World, principals: list[str]) -> list[str]:
    """Root fields taking just ``id`` (``retiree(id:)``), with each foreign node of their type."""
    lookups = {
        name: _named(f.type).name for name, f in world.graphql.query_type.fields.items() if list(f.args) == ["id"]
    }
    failures = []
    for principal in principals:
        tried = set()
        for node_id in sorted(world.foreign[principal]):
            for name in (name for name, type_name in lookups.items() if type_name == type_of(node_id)):
                data = await world.client(principal)(
                    f"query ($id: ID!) {{ {name}(id: $id) {{ __typename }} }}", {"id": node_id}
                )
                tried.add(name)
                if data[name] is not None:
                    failures.append(f"{principal} 经 {name}(id:) 读到范围外的 {_named_node(node_id)}")
        if missing := {"agency", "retiree", "staffMember"} - tried:
            failures.append(f"{principal} 的范围外没有 {sorted(missing)} 可查的记录")
    return failures


def _id_type(field: str, mutation: str, node_types: list[str], id_types: Mapping[str, str]) -> str | None:
    """The node type an ID input field takes: declared (``mutation.field``, then ``field``),
    else the longest node type the mutation's name holds (``id``), else the one the field's
    name names (``campusId`` → ``UniversityCampus``, ``toAgencyId`` → ``Agency``)."""
    for key in (f"{mutation}.{field}", field):
        if key in id_types:
            return id_types[key]
    named = mutation[:1].upper() + mutation[1:]
    if field == "id":
        held = [name for name in node_types if name in named]
        return max(held, key=len) if held else None
    stem = field.removesuffix("Id")
    stem = stem[:1].upper() + stem[1:]
    if stem in node_types:
        return stem
    matches = [name for name in node_types if name.endswith(stem) or stem.endswith(name)]
    if len(matches) > 1:  # several plugins' types end so: the one whose plugin the mutation names
        matches = [name for name in matches if name.removesuffix(stem) in named]
    return matches[0] if len(matches) == 1 else None


class _Inputs:
    """Inputs of mutations with every required field filled and every ID a foreign node's;
    what could not be filled is collected in ``unknown`` (ID fields of no known type) and
    ``missing`` (types with no foreign node), and such a mutation is not called."""

    def __init__(self, world: World, id_types: Mapping[str, str]) -> None:
        self.node_types = sorted(
            name
            for name, t in world.graphql.type_map.items()
            if isinstance(t, GraphQLObjectType) and any(i.name == "Node" for i in t.interfaces)
        )
        self.id_types = {**CORE_ID_TYPES, **id_types}
        self.unknown: set[str] = set()
        self.missing: set[str] = set()

    def build(self, mutation: str, graphql_type: Any, foreign: Mapping[str, list[str]]) -> Any | None:
        gaps: list[str] = []
        value = self._value(graphql_type, "input", mutation, foreign, gaps)
        return None if gaps else value

    def _value(
        self, graphql_type: Any, field: str, mutation: str, foreign: Mapping[str, list[str]], gaps: list[str]
    ) -> Any:
        named = _named(graphql_type)
        if isinstance(graphql_type, GraphQLNonNull) and isinstance(graphql_type.of_type, GraphQLList):
            return []
        if isinstance(named, GraphQLInputObjectType):
            return {
                name: self._value(f.type, name, mutation, foreign, gaps)
                for name, f in named.fields.items()
                if isinstance(f.type, GraphQLNonNull) or (_named(f.type).name == "ID" and self._type(name, mutation))
            }
        if isinstance(named, GraphQLEnumType):
            return next(iter(named.values))
        assert isinstance(named, GraphQLScalarType)
        if named.name != "ID":
            scalars = {**SCALARS, "Date": clock.today().isoformat(), "DateTime": dt.datetime.now(dt.UTC).isoformat()}
            if named.name not in scalars:
                gaps.append(named.name)
                self.unknown.add(f"{mutation}.{field}（标量 {named.name}）")
            return scalars.get(named.name)
        type_name = self._type(field, mutation)
        if type_name is None:
            gaps.append(field)
            self.unknown.add(f"{mutation}.{field}")
        elif not foreign.get(type_name):
            gaps.append(type_name)
            self.missing.add(type_name)
        return foreign.get(type_name or "", [None])[0]

    def _type(self, field: str, mutation: str) -> str | None:
        return _id_type(field, mutation, self.node_types, self.id_types)


async def _attachment(world: World, record_id: str) -> str:
    """An attachment the administrator puts on a (foreign) record."""
    payload = await world.admin.mutate(
        "mutation ($input: AttachFileInput!) { attachFile(input: $input) { attachment { id } userErrors { code } } }",
        {"recordId": record_id, "file": FilePart("档案.pdf", b"%PDF-1.4\n")},
    )
    assert payload["userErrors"] == [], payload
    return str(payload["attachment"]["id"])


async def _mutations(world: World, principals: list[str], id_types: Mapping[str, str]) -> list[str]:
    mutations = {
        name: field
        for name, field in world.graphql.mutation_type.fields.items()
        if name not in SKIPPED_MUTATIONS and "input" in field.args
    }
    inputs = _Inputs(world, id_types)
    failures = []
    for principal in principals:
        foreign: dict[str, list[str]] = {}
        for node_id in sorted(world.foreign_writes[principal]):
            foreign.setdefault(type_of(node_id), []).append(node_id)
        if "attachFile" in mutations and "Retiree" in foreign:
            foreign["Attachment"] = [await _attachment(world, foreign["Retiree"][0])]
        for name, field in mutations.items():
            value = inputs.build(name, field.args["input"].type, foreign)
            if value is not None:
                failures += await _mutation(world, principal, name, field, value)
    if inputs.unknown:
        failures.append(f"无法推断这些 ID 字段的类型，请在 id_types 中给出：{sorted(inputs.unknown)}")
    if inputs.missing:
        failures.append(f"范围外没有这些类型的记录，populate 应在每个军休所建立它们：{sorted(inputs.missing)}")
    return failures


async def _mutation(world: World, principal: str, name: str, field: GraphQLField, value: Any) -> list[str]:
    body = await world.client(principal).raw(
        f"mutation ($input: {field.args['input'].type}) {{ {name}(input: $input) {{ userErrors {{ code }} }} }}",
        {"input": value},
    )
    if body.get("errors"):
        return [f"{principal} {name}: {body['errors']}"]
    if not body["data"][name]["userErrors"]:
        return [f"{principal} 对范围外的记录执行 {name} 未被拒绝（输入 {value}）"]
    return []


async def _succeeded_mutations(admin: GraphQLClient) -> set[tuple[str, str]]:
    """(principal name, operation) of every mutation the audit log records as succeeded."""
    found: set[tuple[str, str]] = set()
    after = None
    while True:
        page = await admin(
            """query ($after: String) { auditEvents(first: 100, after: $after, filter: {action: MUTATION}) {
              pageInfo { hasNextPage endCursor } edges { node { principalName operation outcome } } } }""",
            {"after": after},
        )
        events = page["auditEvents"]
        found |= {
            (e["node"]["principalName"], e["node"]["operation"])
            for e in events["edges"]
            if e["node"]["outcome"] == "SUCCEEDED"
        }
        if not events["pageInfo"]["hasNextPage"]:
            return found
        after = events["pageInfo"]["endCursor"]


async def _anonymous(world: World) -> list[str]:
    anonymous = world.admin.as_user(None)
    failures = []
    for field in [f"{name}(first: 1) {{ totalCount }}" for name in connection_fields(world.graphql)] + [
        "viewer { name }",
        "plugins { name }",
    ]:
        body = await anonymous.raw(f"{{ {field} }}")
        if body["data"] is not None or body["errors"][0]["extensions"]["code"] != "UNAUTHENTICATED":
            failures.append(f"匿名请求 {field} 未以 UNAUTHENTICATED 拒绝：{body}")
    body = await anonymous.raw(
        'mutation { createAgency(input: {name: "x", kind: DEPARTMENT, level: PROVINCE, divisionCode: "110000"}) '
        "{ userErrors { code } } }"
    )
    if (body.get("errors") or [{}])[0].get("extensions", {}).get("code") != "UNAUTHENTICATED":
        failures.append(f"匿名的 createAgency 未以 UNAUTHENTICATED 拒绝：{body}")
    login = await anonymous.raw(
        'mutation { login(input: {username: "nobody", password: "x"}) { token userErrors { code } } }'
    )
    if login["data"]["login"]["userErrors"] != [{"code": "INVALID_CREDENTIALS"}]:
        failures.append(f"匿名用户登录不存在的账户应得到 INVALID_CREDENTIALS：{login}")
    return failures


async def check_scope(world: World, id_types: Mapping[str, str] | None = None) -> list[str]:
    """Every way the world's principals reach a node outside their scope, and every anonymous
    request that is not refused (empty: none)."""
    principals = list(world.roles)
    before = await _succeeded_mutations(world.admin)
    failures = [
        *await _connections_and_paths(world, principals),
        *await _node_lookups(world, principals),
        *await _single_lookups(world, principals),
        *await _mutations(world, principals, id_types or {}),
        *await _anonymous(world),
    ]
    written = {
        (who, operation) for who, operation in await _succeeded_mutations(world.admin) - before if who != "admin"
    }
    return failures + [f"{who} 的 {operation} 写入了数据" for who, operation in sorted(written)]


async def run_scope_matrix(
    admin: GraphQLClient,
    *populate: Populate,
    publish: Iterable[Publish] = (),
    id_types: Mapping[str, str] | None = None,
) -> World:
    """Build the world with ``populate`` (and ``publish``) and run the matrix over it; raises
    AssertionError listing every leak. The world is returned for further checks."""
    world = await build_world(admin, populate, publish)
    failures = await check_scope(world, id_types)
    if failures:
        raise AssertionError(f"授权矩阵发现 {len(failures)} 处问题：\n" + "\n".join(failures))
    return world
