"""Every GraphQL and HTTP limit at its maximum (accepted) and one past it (refused with its
code), through the HTTP API. The numbers come from the settings and the pagination module, so
the tests follow the configured limits; each document is built to sit exactly on its limit."""

import json
from typing import Any

import pytest
from conftest import GraphQLClient
from graphql.language import Lexer, Source, TokenKind

from core.schema.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from core.settings import Settings

LIMITS = Settings(plugins=[])  # the limits the ``gql`` fixture's app enforces


def codes(body: dict[str, Any]) -> list[str]:
    return [(error.get("extensions") or {}).get("code") for error in body.get("errors") or []]


def tokens(document: str) -> int:
    """Lexical tokens of a document as the parser counts them (comments and EOF excluded)."""
    lexer, count = Lexer(Source(document)), 0
    while lexer.advance().kind is not TokenKind.EOF:
        count += 1
    return count


def deep(depth: int) -> str:
    """``agencies → edges → node → parent …→ name``: ``depth`` levels of fields."""
    parents = depth - 4
    return "{ agencies { edges { node {" + " parent {" * parents + " name" + " }" * parents + " } } } }"


async def test_depth_at_the_limit_and_past_it(gql: GraphQLClient) -> None:
    limit = LIMITS.max_query_depth
    assert limit > 4
    assert await gql(deep(limit)) == {"agencies": {"edges": []}}
    body = await gql.raw(deep(limit + 1))
    assert codes(body) == ["QUERY_TOO_DEEP"] and body.get("data") is None
    assert f"深度 {limit + 1}" in body["errors"][0]["message"]


async def test_aliases_at_the_limit_and_past_it(gql: GraphQLClient) -> None:
    limit = LIMITS.max_aliases

    def aliased(count: int) -> str:
        return "{ viewer { name } " + " ".join(f"v{i}: viewer {{ name }}" for i in range(count)) + " }"

    assert len(await gql(aliased(limit))) == limit + 1
    body = await gql.raw(aliased(limit + 1))
    assert codes(body) == ["TOO_MANY_ALIASES"] and body.get("data") is None
    assert f"共 {limit + 1} 个" in body["errors"][0]["message"]


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
        assert f"收到 {refused}" in body["errors"][0]["message"]


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
