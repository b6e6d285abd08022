"""Every GraphQL and HTTP limit at its maximum (accepted) and one past it (refused with its
code), through the HTTP API. The numbers come from the settings and the pagination module, so
the tests follow the configured limits; each document is built to sit exactly on its limit."""

import base64
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from graphql.language import Lexer, Source, TokenKind

from core.limits import query_cost_errors
from core.schema.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from core.settings import Settings
from core.testing import GraphQLClient, make_client
from graphql import build_schema, parse

LIMITS = Settings(plugins=[])  # the limits the ``gql`` fixture's app enforces


def codes(body: dict[str, Any]) -> list[str]:
    return [(error.get("extensions") or {}).get("code") for error in body.get("errors") or []]


def tokens(document: str) -> int:
    """Lexical tokens of a document as the parser counts them (comments and EOF excluded)."""
    lexer, count = Lexer(Source(document)), 0
    while lexer.advance().kind is not TokenKind.EOF:
        count += 1
    return count


def deep(depth: int, form: str = "fields") -> str:
    """``agencies → edges → node → parent …→ name``: ``depth`` levels of fields, written as
    plain fields, or with the parents in a fragment spread inside an inline fragment (neither
    of which is a level)."""
    parents = " parent {" * (depth - 4) + " name" + " }" * (depth - 4)
    if form == "fields":
        return "{ agencies { edges { node {" + parents + " } } } }"
    return (
        "{ agencies { edges { node { ... on Agency { ...Parents } } } } } fragment Parents on Agency {" + parents + " }"
    )


@pytest.mark.parametrize("form", ["fields", "fragments"])
async def test_depth_at_the_limit_and_past_it(gql: GraphQLClient, form: str) -> None:
    limit = LIMITS.max_query_depth
    assert limit > 4
    assert await gql(deep(limit, form)) == {"agencies": {"edges": []}}
    body = await gql.raw(deep(limit + 1, form))
    assert body == {
        "data": None,
        "errors": [
            {
                "message": f"查询嵌套过深：深度 {limit + 1}，上限 {limit}",
                "locations": [{"line": 1, "column": 1}],
                "extensions": {"code": "QUERY_TOO_DEEP"},
            }
        ],
    }


async def test_a_fragment_the_document_lacks_adds_nothing_to_the_limits(gql: GraphQLClient) -> None:
    # one level past the limit, but the last level is a spread of a missing fragment: only the
    # missing fragment is reported, however the limit rules count it
    limit = LIMITS.max_query_depth
    for query in (deep(limit + 1).replace(" name", " ...Missing"), "{ viewer { name } ...Missing }"):
        body = await gql.raw(query)
        assert [e["message"] for e in body["errors"]] == ["查询校验失败：Unknown fragment 'Missing'."], query
        assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


@pytest.mark.parametrize(
    "query",
    [
        "{ ...A } fragment A on Query { ...B viewer { name } } fragment B on Query { ...A }",
        "{ ... on Query { ...A } } fragment A on Query { ... on Query { ...A } viewer { name } }",
        "{ viewer { ...V } } fragment V on Viewer { name ...W } fragment W on Viewer { ...V }",
    ],
    ids=["at-the-root", "through-inline-fragments", "inside-a-field"],
)
async def test_fragment_cycles_are_reported_once_and_never_hang_the_limits(gql: GraphQLClient, query: str) -> None:
    body = await gql.raw(query)
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"] and body.get("data") is None
    assert body["errors"][0]["message"].startswith("查询校验失败：Cannot spread fragment")


#: the fullest standard introspection query: ``__schema → types → fields → args → type``, then
#: its TypeRef fragment, nine ``ofType`` and a ``name``
STANDARD_INTROSPECTION_DEPTH = 15


def introspection(depth: int) -> str:
    """An introspection selection ``depth`` levels deep, like the standard query's deepest path."""
    of_types = " ofType {" * (depth - 6) + " name" + " }" * (depth - 6)
    return "__schema { types { fields { args { type {" + of_types + " } } } } }"


async def test_introspection_depth_at_the_standard_querys_and_past_it(gql: GraphQLClient) -> None:
    limit = STANDARD_INTROSPECTION_DEPTH
    assert limit > LIMITS.max_query_depth  # else the configured limit holds for introspection too
    assert (await gql(f"{{ {introspection(limit)} }}"))["__schema"]["types"]
    body = await gql.raw(f"{{ {introspection(limit + 1)} }}")
    assert [e["message"] for e in body["errors"]] == [f"查询嵌套过深：深度 {limit + 1}，上限 {limit}"]
    # introspection at its own limit lets no other field past the configured one
    mixed = await gql.raw(f"{{ {introspection(limit)} {deep(LIMITS.max_query_depth + 1)[1:-1]} }}")
    assert [e["message"] for e in mixed["errors"]] == [
        f"查询嵌套过深：深度 {LIMITS.max_query_depth + 1}，上限 {LIMITS.max_query_depth}"
    ]


@pytest.mark.parametrize("form", ["root", "nested"])
async def test_aliases_at_the_limit_and_past_it(gql: GraphQLClient, form: str) -> None:
    limit = LIMITS.max_aliases

    def aliased(count: int) -> str:
        if form == "root":
            return "{ viewer { name } " + " ".join(f"v{i}: viewer {{ name }}" for i in range(count)) + " }"
        # three of them inside a field, an inline fragment and a fragment spread there
        return (
            "{ viewer { name } "
            + " ".join(f"v{i}: viewer {{ name }}" for i in range(count - 3))
            + " viewer { n: name } ... on Query { i: viewer { name } ...Aliased } }"
            + " fragment Aliased on Query { f: viewer { name } }"
        )

    assert not (await gql.raw(aliased(limit))).get("errors")
    body = await gql.raw(aliased(limit + 1))
    assert body == {
        "data": None,
        "errors": [
            {
                "message": f"别名过多：共 {limit + 1} 个（片段按每次展开计），上限 {limit}",
                "extensions": {"code": "TOO_MANY_ALIASES"},
            }
        ],
    }


async def test_tokens_at_the_limit_and_past_it(gql: GraphQLClient) -> None:
    limit = LIMITS.max_tokens

    def sized(count: int) -> str:
        # many small operations (a thousand copies of one field would trip graphql-core's own
        # validation budget); the first is padded to the exact count
        operations, padding = divmod(count, 8)
        document = f"query Q0 {{ viewer {{ name }}{' __typename' * padding} }} " + " ".join(
            f"query Q{i} {{ viewer {{ name }} }}" for i in range(1, operations)
        )
        assert tokens(document) == count
        return document

    accepted = await gql.post(json={"query": sized(limit), "operationName": "Q0"})
    assert accepted.json()["data"]["viewer"] == {"name": "admin"} and "errors" not in accepted.json()
    body = (await gql.post(json={"query": sized(limit + 1), "operationName": "Q0"})).json()
    assert codes(body) == ["TOO_MANY_TOKENS"] and body.get("data") is None
    # comments are bounded by the same number
    commented = "{ viewer { name } }" + "\n#" * limit
    assert (await gql(commented))["viewer"]["name"] == "admin"
    assert codes(await gql.raw(commented + "\n#")) == ["TOO_MANY_TOKENS"]


def costed(cost: int, first: str) -> str:
    """A selection costing exactly ``cost`` when ``first`` is MAX_PAGE_SIZE: ``agencies``
    (1) + first × (``edges`` 1 + ``node`` 1 + ``name`` × k) + ``__typename`` × padding, by the
    cost model documented in core/limits.py (each field 1, a connection × its first)."""
    per_row = (cost - 1) // MAX_PAGE_SIZE
    padding = cost - 1 - per_row * MAX_PAGE_SIZE
    assert per_row > 2
    names = " name" * (per_row - 2)
    return f"agencies(first: {first}) {{ edges {{ node {{{names} }} }} }}" + " __typename" * padding


@pytest.mark.parametrize(
    ("definitions", "first", "variables"),
    [
        ("", str(MAX_PAGE_SIZE), {}),  # a literal
        ("($n: Int)", "$n", {"n": MAX_PAGE_SIZE}),  # a variable without a default
        (f"($n: Int = {MAX_PAGE_SIZE})", "$n", {}),  # a variable left at its default
        ("($n: Int = 1)", "$n", {"n": MAX_PAGE_SIZE}),  # a default the request overrides
    ],
    ids=["literal", "variable", "variable-default", "variable-overriding-default"],
)
async def test_cost_at_the_ceiling_and_past_it(
    gql: GraphQLClient, definitions: str, first: str, variables: dict[str, int]
) -> None:
    limit = LIMITS.max_query_cost
    assert MAX_PAGE_SIZE > DEFAULT_PAGE_SIZE  # a default priced at the default page size would pass
    at_limit = await gql.raw(f"query {definitions} {{ {costed(limit, first)} }}", variables)
    assert not at_limit.get("errors"), at_limit["errors"]
    assert at_limit["data"]["agencies"] == {"edges": []}
    body = await gql.raw(f"query {definitions} {{ {costed(limit + 1, first)} }}", variables)
    assert codes(body) == ["QUERY_TOO_COSTLY"] and body.get("data") is None
    assert f"估算代价 {limit + 1}，上限 {limit}" in body["errors"][0]["message"]


#: an Agency's global id no row has: ``node`` answers null, so only the cost is at stake
ABSENT_AGENCY = base64.b64encode(b"Agency:999999").decode()


def page(field: str, row: str) -> str:
    """A full page of ``field``, a connection, each row selecting ``row``."""
    return f"{field}(first: {MAX_PAGE_SIZE}) {{ edges {{ node {{ {row} }} }} }}"


#: documents costing ``overhead + MAX_PAGE_SIZE × (2 + n) + padding`` for rows of ``n`` fields,
#: fragments placed wherever one may change the count: form -> (overhead, document of n, padding)
COST_FORMS: dict[str, tuple[int, Callable[[int, str], str]]] = {
    "fragments-at-the-root": (
        1,
        lambda n, padding: (
            "{ ...Outer } fragment Outer on Query { ... on Query { ...Root } } "
            f"fragment Root on Query {{ {page('agencies', ' name' * n)}{padding} }}"
        ),
    ),
    # a field, then an inline fragment, one without a type condition, and a spread
    "fragments-after-fields": (
        1,
        lambda n, padding: (
            f"{{ {page('agencies', 'name ... on Agency {' + ' name' * (n - 3) + ' } ... @include(if: true) { name } ...Row')}"
            f"{padding} }} fragment Row on Agency {{ name }}"
        ),
    ),
    # the retirees of an Agency, selected on the Node interface
    "a-fragment-narrowing-an-interface": (
        2,
        lambda n, padding: (
            f'{{ node(id: "{ABSENT_AGENCY}") {{ ... on Agency {{ {page("retirees", " name" * n)} }} }}{padding} }}'
        ),
    ),
}


def cost_form(form: str, cost: int) -> str:
    overhead, document = COST_FORMS[form]
    rows, padding = divmod(cost - overhead, MAX_PAGE_SIZE)
    assert rows > 5
    return document(rows - 2, " __typename" * padding)


@pytest.mark.parametrize("form", COST_FORMS)
async def test_cost_through_fragments_at_the_ceiling_and_past_it(gql: GraphQLClient, form: str) -> None:
    limit = LIMITS.max_query_cost
    assert not (await gql.raw(cost_form(form, limit))).get("errors")
    body = await gql.raw(cost_form(form, limit + 1))
    assert [e["message"] for e in body["errors"]] == [
        f"查询代价过高：估算代价 {limit + 1}，上限 {limit}；请减小 first 或减少嵌套的列表"
    ]


def schema_costing(cost: int) -> str:
    """An introspection selection of ``cost``, in the digits of ``cost - 112``: ``__schema``
    1 + ``types`` (1 + 10 × (``fields`` (1 + 10 × (``args`` (1 + 10 × a) + b)) + c)) + d."""
    a, rest = divmod(cost - 112, 1000)
    b, rest = divmod(rest, 100)
    c, d = divmod(rest, 10)
    return (
        "__schema { types { fields { args {"
        + " name" * a
        + " }"
        + " name" * b
        + " }"
        + " name" * c
        + " }"
        + " __typename" * d
        + " }"
    )


async def test_introspection_cost_at_its_ceiling_and_past_it(gql: GraphQLClient) -> None:
    # the ceiling is what the standard introspection query costs, as a refusal states it
    refused = await gql.raw(f"{{ {schema_costing(10**5)} }}")
    ceiling = int(re.search(r"上限 (\d+)", refused["errors"][0]["message"])[1])  # type: ignore[index]
    assert ceiling > LIMITS.max_query_cost  # else the configured ceiling holds for introspection too
    assert (await gql(f"{{ {schema_costing(ceiling)} }}"))["__schema"]["types"]
    body = await gql.raw(f"{{ {schema_costing(ceiling + 1)} }}")
    assert [e["message"] for e in body["errors"]] == [
        f"查询代价过高：估算代价 {ceiling + 1}，上限 {ceiling}；请减小 first 或减少嵌套的列表"
    ]
    # introspection at its own ceiling lets no other field past the configured one
    limit = LIMITS.max_query_cost
    mixed = await gql.raw(f"{{ {schema_costing(ceiling)} {costed(limit + 1, str(MAX_PAGE_SIZE))} }}")
    assert [e["message"] for e in mixed["errors"]] == [
        f"查询代价过高：估算代价 {limit + 1}，上限 {limit}；请减小 first 或减少嵌套的列表"
    ]


#: shapes no built-in type has, but a plugin's may: a connection whose ``first`` defaults to
#: another page size than the built-in connections' 20, a list of lists, and a type with a
#: ``pageInfo`` but no ``edges`` (not a connection: its lists multiply)
PLUGIN_SHAPES = build_schema("""
    type Query { things(first: Int = 50): ThingConnection! grid: [[Thing!]!]! report: Report! }
    type ThingConnection { edges: [ThingEdge!]! pageInfo: PageInfo! }
    type ThingEdge { node: Thing! }
    type Thing { name: String! }
    type PageInfo { hasNextPage: Boolean! }
    type Report { pageInfo: PageInfo! rows: [Thing!]! }
""")
# strawberry gives an argument's default as ``default_value`` (the SDL, as ``default``)
PLUGIN_SHAPES.query_type.fields["things"].args["first"].default_value = 50  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        ("{ things { edges { node { name } } } }", 1 + 50 * (1 + 1 + 1)),
        ("{ grid { name } }", 1 + 10 * 10 * 1),
        ("{ report { rows { name } } }", 1 + (1 + 10 * 1)),
    ],
    ids=["declared-default", "list-of-lists", "page-info-without-edges"],
)
def test_the_cost_of_shapes_only_a_plugin_may_declare(query: str, cost: int) -> None:
    assert query_cost_errors(PLUGIN_SHAPES, parse(query), cost) == []
    [error] = query_cost_errors(PLUGIN_SHAPES, parse(query), cost - 1)
    assert error.message == f"查询代价过高：估算代价 {cost}，上限 {cost - 1}；请减小 first 或减少嵌套的列表"


@pytest.mark.parametrize("how", ["literal", "variable"])
async def test_page_size_at_the_maximum_and_past_it(gql: GraphQLClient, how: str) -> None:
    def page(first: int) -> tuple[str, dict[str, int]]:
        if how == "literal":
            return f"{{ retirees(first: {first}) {{ totalCount }} }}", {}
        return "query ($n: Int) { retirees(first: $n) { totalCount } }", {"n": first}

    for accepted in (0, MAX_PAGE_SIZE):
        assert (await gql(*page(accepted)))["retirees"]["totalCount"] == 0
    for refused in (-1, MAX_PAGE_SIZE + 1):
        body = await gql.raw(*page(refused))
        assert codes(body) == ["BAD_USER_INPUT"] and body.get("data") is None, refused
        assert body["errors"][0]["message"] == f"first 应在 0 到 {MAX_PAGE_SIZE} 之间（收到 {refused}）"


async def test_every_first_out_of_range_is_reported_at_its_field(gql: GraphQLClient) -> None:
    body = await gql.raw(
        f"{{ a: retirees(first: {MAX_PAGE_SIZE + 1}) {{ totalCount }}\n  b: retirees(first: -1) {{ totalCount }} }}"
    )
    assert body == {
        "data": None,
        "errors": [
            {
                "message": f"first 应在 0 到 {MAX_PAGE_SIZE} 之间（收到 {MAX_PAGE_SIZE + 1}）",
                "locations": [{"line": 1, "column": 3}],
                "extensions": {"code": "BAD_USER_INPUT"},
            },
            {
                "message": f"first 应在 0 到 {MAX_PAGE_SIZE} 之间（收到 -1）",
                "locations": [{"line": 2, "column": 3}],
                "extensions": {"code": "BAD_USER_INPUT"},
            },
        ],
    }


async def test_a_first_out_of_range_is_costed_at_the_nearest_bound(gql: GraphQLClient) -> None:
    # a row costs more than the ceiling on its own: a page of one is refused, a page of none is not
    limit = LIMITS.max_query_cost
    names = limit // MAX_PAGE_SIZE
    row = 3 + MAX_PAGE_SIZE * (2 + names)  # edges, node, retirees (1 + a page of names)
    assert row > limit

    def query(first: int) -> str:
        return f"{{ agencies(first: {first}) {{ edges {{ node {{ {page('retirees', ' name' * names)} }} }} }} }}"

    above = await gql.raw(query(MAX_PAGE_SIZE + 1))
    assert codes(above) == ["BAD_USER_INPUT", "QUERY_TOO_COSTLY"]
    assert f"估算代价 {1 + MAX_PAGE_SIZE * row}，" in above["errors"][1]["message"]
    assert codes(await gql.raw(query(-1))) == ["BAD_USER_INPUT"]
    assert codes(await gql.raw(query(1))) == ["QUERY_TOO_COSTLY"]
    assert not (await gql.raw(query(0))).get("errors")


def body_of(size: int) -> bytes:
    """A valid GraphQL request of exactly ``size`` bytes (padded in an unused variable)."""
    empty = json.dumps({"query": "{ viewer { name } }", "variables": {"p": ""}}).encode()
    body = json.dumps({"query": "{ viewer { name } }", "variables": {"p": "x" * (size - len(empty))}}).encode()
    assert len(body) == size
    return body


async def test_body_size_at_the_limit_and_past_it(gql: GraphQLClient) -> None:
    limit = LIMITS.max_body_bytes
    headers = {"Content-Type": "application/json"}
    accepted = await gql.post(content=body_of(limit), headers=headers)
    assert accepted.status_code == 200 and accepted.json()["data"]["viewer"]["name"] == "admin"
    refused = await gql.post(content=body_of(limit + 1), headers=headers)
    assert refused.status_code == 413
    assert refused.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

    def streamed(size: int) -> Any:
        async def chunks() -> Any:  # no Content-Length: counted while streaming
            data = body_of(size)
            for start in range(0, len(data), 4096):
                yield data[start : start + 4096]

        return chunks()

    assert (await gql.post(content=streamed(limit), headers=headers)).status_code == 200
    assert (await gql.post(content=streamed(limit + 1), headers=headers)).status_code == 413


async def test_a_query_over_get_is_held_to_the_same_length(db: dict[str, Any]) -> None:
    # no body to measure: the parser refuses a source longer than max_body_bytes
    client = await make_client(Settings(plugins=[], graphql_get_queries=True, max_body_bytes=2_000))
    auth = {"Authorization": f"Bearer {client.token}", "Accept": "application/json"}

    async def get(length: int) -> dict[str, Any]:
        query = "{ viewer { name } }".ljust(length)
        return (await client.http.get("/graphql", params={"query": query}, headers=auth)).json()

    try:
        assert (await get(2_000))["data"]["viewer"]["name"] == "admin"
        body = await get(2_001)
        assert codes(body) == ["TOO_MANY_TOKENS"] and "源文本超过 2000 字符" in body["errors"][0]["message"]
    finally:
        await client.http.aclose()
