"""GraphQL and HTTP limits, and production mode, through the HTTP API as a client calls it."""

import asyncio
import json
import logging
import re
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

import core.services.agencies as agencies_service
from core.limits import GraphQLLimits, schema_extensions
from core.settings import Settings
from core.testing import GraphQLClient, make_client
from core.testing.factories import CREATE_AGENCY
from graphql import get_introspection_query


def codes(body: dict[str, Any]) -> list[str]:
    return [(error.get("extensions") or {}).get("code") for error in body.get("errors") or []]


@pytest.fixture
async def prod(db: dict[str, Any]) -> AsyncIterator[GraphQLClient]:
    """A client of the core alone in production mode."""
    client = await make_client(Settings(plugins=[], env="production"))
    yield client
    await client.http.aclose()


async def test_defaults() -> None:
    settings = Settings(plugins=[])
    assert (settings.max_query_depth, settings.max_aliases, settings.max_tokens) == (12, 30, 3000)
    assert (settings.max_query_cost, settings.max_body_bytes, settings.request_timeout_seconds) == (20_000, 100_000, 15)
    assert (settings.parser_cache_size, settings.validation_cache_size) == (256, 256)


async def test_normal_queries_pass(gql: GraphQLClient) -> None:
    data = await gql(
        """query Page($first: Int) {
             agencies(first: $first) { totalCount edges { node { name retirees(first: 20) { totalCount } } } }
             retirees(first: 100) { edges { node { name awards { level } familyMembers { name } } } }
             viewer { name } __typename }""",
        {"first": 50},
    )
    assert data["agencies"]["totalCount"] == 0 and data["viewer"]["name"]


async def test_introspection_allowed_in_development(gql: GraphQLClient) -> None:
    data = await gql(get_introspection_query(descriptions=True))
    assert data["__schema"]["queryType"]["name"] == "Query"


async def test_the_fullest_standard_introspection_query_passes(gql: GraphQLClient) -> None:
    # every option GraphiQL may turn on; its TypeRef nests ofType nine times
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
        experimental_directive_deprecation=True,
        one_of=True,
    )
    data = await gql(query)
    assert any(t["name"] == "Retiree" for t in data["__schema"]["types"])


async def test_deeper_introspection_than_the_standard_query_is_refused(gql: GraphQLClient) -> None:
    # nineteen levels: __schema, types, then a chain of ofType (which is free of fields to nest)
    query = "{ __schema { types {" + " ofType {" * 16 + " name" + " }" * 16 + " } } }"
    body = await gql.raw(query)
    assert codes(body) == ["QUERY_TOO_DEEP"] and body.get("data") is None
    assert "深度 19" in body["errors"][0]["message"]
    # a deep type reference under __type is no different
    by_type = await gql.raw(
        '{ __type(name: "Retiree") { fields { type {' + " ofType {" * 14 + " name" + " }" * 14 + " } } } }"
    )
    assert codes(by_type) == ["QUERY_TOO_DEEP"]


async def test_costly_introspection_is_refused(gql: GraphQLClient) -> None:
    # lists of lists the introspection depth rule lets through (args and enumValues are not
    # counted by it): types x fields x args x type.enumValues, each with long selections
    fields = " ".join(f"n{i}: name d{i}: description" for i in range(12))
    query = "{ __schema { types { fields { args { type { enumValues { " + fields + " } } } } } } }"
    body = await gql.raw(query)
    assert codes(body) == ["QUERY_TOO_COSTLY"] and body.get("data") is None


async def test_deep_query_rejected(gql: GraphQLClient) -> None:
    # agency → parent → parent … fourteen levels of fields; the error names the operation
    query = "query Deep {\n  agencies { edges { node {" + " parent {" * 10 + " name" + " }" * 10 + " } } } }"
    body = await gql.raw(query)
    assert body == {
        "data": None,
        "errors": [
            {
                "message": "操作 Deep 嵌套过深：深度 14，上限 12",
                "locations": [{"line": 1, "column": 1}],
                "extensions": {"code": "QUERY_TOO_DEEP"},
            }
        ],
    }


async def test_alias_bomb_rejected(gql: GraphQLClient) -> None:
    query = "{ " + " ".join(f"v{i}: viewer {{ name }}" for i in range(31)) + " }"
    body = await gql.raw(query)
    assert codes(body) == ["TOO_MANY_ALIASES"]
    assert "31" in body["errors"][0]["message"]
    assert await gql("{ " + " ".join(f"v{i}: viewer {{ name }}" for i in range(30)) + " }")


async def test_alias_bomb_through_fragments_rejected(gql: GraphQLClient) -> None:
    fragment = "fragment Many on Query { " + " ".join(f"v{i}: viewer {{ name }}" for i in range(10)) + " }"
    spreads = " ".join("...Many" for _ in range(10))
    body = await gql.raw(f"{{ {spreads} }} {fragment}")
    assert codes(body) == ["TOO_MANY_ALIASES"] and "共 100 个" in body["errors"][0]["message"]
    # a fragment spread through another fragment counts at each use; cycles do not hang
    nested = "fragment Twice on Query { ...Many ...Many } " + fragment
    body = await gql.raw("{ ...Twice ...Twice }" + nested)
    assert codes(body) == ["TOO_MANY_ALIASES"] and "共 40 个" in body["errors"][0]["message"]
    cyclic = await gql.raw("{ ...A } fragment A on Query { ...B viewer { name } } fragment B on Query { ...A }")
    assert cyclic["errors"] and "TOO_MANY_ALIASES" not in codes(cyclic)


async def test_oversize_body_is_413(gql: GraphQLClient) -> None:
    padding = "x" * 100_001
    response = await gql.post(json={"query": "{ viewer { name } }", "variables": {"p": padding}})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted while streaming
        yield b'{"query": "{ viewer { name } }", "variables": {"p": "'
        for _ in range(30):
            yield b"y" * 5_000
        yield b'"}}'

    streamed = await gql.post(content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413

    async def small() -> AsyncIterator[bytes]:
        yield b'{"query": "{ viewer'
        yield b' { name } }"}'

    fine = await gql.post(content=small(), headers={"Content-Type": "application/json"})
    assert fine.status_code == 200 and fine.json()["data"]["viewer"]["name"]


async def test_page_of_1000_rejected(gql: GraphQLClient) -> None:
    body = await gql.raw("{ retirees(first: 1000) { edges { node { name } } } }")
    assert codes(body) == ["BAD_USER_INPUT"] and body.get("data") is None
    assert "first" in body["errors"][0]["message"] and "1000" in body["errors"][0]["message"]
    by_variable = await gql.raw("query ($n: Int) { retirees(first: $n) { totalCount } }", {"n": 1000})
    assert codes(by_variable) == ["BAD_USER_INPUT"] and by_variable.get("data") is None


async def test_costly_nested_query_rejected(gql: GraphQLClient) -> None:
    query = """{ agencies(first: 100) { edges { node {
                   retirees(first: 100) { edges { node { awards { level } } } } } } } }"""
    body = await gql.raw(query)
    assert body == {
        "data": None,
        "errors": [
            {
                "message": "查询代价过高：估算代价 130301，上限 20000；请减小 first 或减少嵌套的列表",
                "locations": [{"line": 1, "column": 1}],
                "extensions": {"code": "QUERY_TOO_COSTLY"},
            }
        ],
    }
    named = await gql.raw("query Big " + query)
    assert [e["message"] for e in named["errors"]] == [
        "操作 Big 代价过高：估算代价 130301，上限 20000；请减小 first 或减少嵌套的列表"
    ]
    # the same shape through variables and fragments costs the same
    by_parts = await gql.raw(
        """query ($a: Int!, $r: Int!) { agencies(first: $a) { ...Page } }
           fragment Page on AgencyConnection { edges { node { retirees(first: $r) { ... on RetireeConnection {
             edges { node { awards { level } } } } } } } }""",
        {"a": 100, "r": 100},
    )
    assert codes(by_parts) == ["QUERY_TOO_COSTLY"] and "130301" in by_parts["errors"][0]["message"]
    # small pages of the same shape are fine
    assert await gql(query.replace("100", "10"))


async def test_too_many_tokens_rejected(gql: GraphQLClient) -> None:
    query = "{ viewer { " + "name " * 3000 + "} }"
    body = await gql.raw(query)
    assert codes(body) == ["TOO_MANY_TOKENS"] and "3000" in body["errors"][0]["message"]
    comments = "{ viewer { name } }" + "\n#" * 3001
    assert codes(await gql.raw(comments)) == ["TOO_MANY_TOKENS"]


async def test_batch_refused(gql: GraphQLClient) -> None:
    assert gql.app.state.schema.config.batching_config is None
    batch = [{"query": "{ viewer { name } }"}, {"query": "{ viewer { kind } }"}]
    response = await gql.post(json=batch)
    assert response.status_code == 400 and response.json()["errors"][0]["extensions"]["code"] == "BATCHING_DISABLED"


async def test_get_query_refused(gql: GraphQLClient) -> None:
    response = await gql.http.get("/graphql", params={"query": "{ viewer { name } }"})
    assert response.status_code in (400, 405)
    assert "viewer" not in response.text


async def test_limits_are_configurable(db: dict[str, Any]) -> None:
    client = await make_client(Settings(plugins=[], max_query_depth=2, max_aliases=1, max_query_cost=5, max_tokens=20))
    try:
        assert codes(await client.raw("{ viewer { name } a: viewer { name } b: viewer { name } }")) == [
            "TOO_MANY_ALIASES"
        ]
        assert codes(await client.raw("{ agencies { edges { node { name } } } }")) == ["QUERY_TOO_DEEP"]
        assert codes(await client.raw("{ agencies(first: 5) { totalCount } }")) == ["QUERY_TOO_COSTLY"]
        assert codes(await client.raw("{ viewer { " + "name " * 20 + "} }")) == ["TOO_MANY_TOKENS"]
        assert await client("{ viewer { name } }")
    finally:
        await client.http.aclose()


async def test_timeout(db: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(5)

    monkeypatch.setattr(agencies_service, "agencies_query", slow)
    client = await make_client(Settings(plugins=[], request_timeout_seconds=0.2))
    try:
        started = time.monotonic()
        response = await client.post(json={"query": "{ agencies { totalCount } }"})
        assert time.monotonic() - started < 2
        assert response.status_code == 504
        body = response.json()
        assert codes(body) == ["TIMEOUT"] and "超时" in body["errors"][0]["message"]
        assert (await client.http.get("/health")).status_code == 200
    finally:
        await client.http.aclose()


async def test_production_refuses_introspection(prod: GraphQLClient) -> None:
    body = await prod.raw(get_introspection_query())
    assert codes(body) == ["INTROSPECTION_DISABLED"] and body.get("data") is None
    body = await prod.raw('{ viewer { name }\n  __type(name: "Retiree") { name } }')
    assert body["errors"] == [
        {
            "message": "生产环境已关闭内省查询（字段 __type）",
            "locations": [{"line": 2, "column": 3}],
            "extensions": {"code": "INTROSPECTION_DISABLED"},
        }
    ]
    assert (await prod("{ viewer { __typename name } }"))["viewer"]["__typename"] == "Viewer"
    ide = await prod.http.get("/graphql", headers={"Accept": "text/html"})
    assert ide.status_code != 200 or "graphiql" not in ide.text.lower()


async def test_production_hides_suggestions(prod: GraphQLClient, gql: GraphQLClient) -> None:
    query = '{ viewer { nam } retirees(orderBy: NAM) { totalCount } agency(idd: "x") { name } }'
    development = await gql.raw(query)
    assert any("Did you mean" in error["message"] for error in development["errors"])
    body = await prod.raw(query)
    assert len(body["errors"]) >= 3
    assert not any("Did you mean" in error["message"] for error in body["errors"]), body["errors"]
    assert "nam" in json.dumps(body["errors"], ensure_ascii=False)
    # the rest of each message is kept as it was, with its code
    assert body["errors"][0] == {
        "message": "查询校验失败：Cannot query field 'nam' on type 'Viewer'.",
        "locations": [{"line": 1, "column": 12}],
        "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
    }
    # a variable's value is checked after validation: its suggestion is cut from the message
    variables = await prod.raw("query ($o: RetireeOrder) { retirees(orderBy: $o) { totalCount } }", {"o": "NAM"})
    assert [e["message"] for e in variables["errors"]] == [
        "变量取值不合法：Variable '$o' has invalid value: Value 'NAM' does not exist in 'RetireeOrder' enum."
    ]


async def test_production_masks_internal_errors(
    prod: GraphQLClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("连接串 postgres://secret 泄露")

    monkeypatch.setattr(agencies_service, "agencies_query", broken)
    with caplog.at_level(logging.ERROR, logger="junxiu.errors"):
        response = await prod.post(json={"query": "{ viewer { name } agencies { totalCount } }"})
    assert response.status_code == 200
    body = response.json()
    [error] = body["errors"]
    assert error["message"] == "内部错误" and "secret" not in response.text
    assert error["extensions"]["code"] == "INTERNAL" and len(error["extensions"]["errorId"]) == 32
    assert error["path"] == ["agencies"]
    logged = [
        r for r in caplog.records if r.name == "junxiu.errors" and error["extensions"]["errorId"] in r.getMessage()
    ]
    assert logged and logged[0].exc_info and "secret" in repr(logged[0].exc_info[1])
    # the client's own faults keep their message and code
    bad_cursor = await prod.raw('{ retirees(after: "garbage") { totalCount } }')
    assert codes(bad_cursor) == ["BAD_USER_INPUT"] and "游标" in bad_cursor["errors"][0]["message"]
    invalid = await prod.raw("{ viewer { nope } }")
    assert "nope" in invalid["errors"][0]["message"] and "errorId" not in json.dumps(invalid)


async def test_development_shows_internal_errors_with_an_id(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("坏了")

    monkeypatch.setattr(agencies_service, "agencies_query", broken)
    with caplog.at_level(logging.ERROR, logger="junxiu.errors"):
        response = await gql.post(json={"query": "{ agencies { totalCount } }"})
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["message"] == "坏了" and error["extensions"]["code"] == "INTERNAL"
    assert any(error["extensions"]["errorId"] in r.getMessage() for r in caplog.records)


@pytest.mark.junxiu_db("sqlite", reason="PostgreSQL's outage is tested in test_database_unavailable.py")
async def test_a_database_locked_by_another_process_answers_503_and_writes_nothing(
    gql: GraphQLClient, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """SQLite's way of being unavailable for a while: another process (a backup, a command run
    against the live file) holds its write lock. A write then answers 503 with
    ``DATABASE_UNAVAILABLE``, logged as a warning rather than an internal fault, and goes
    through once the lock is released."""
    values = {"name": "江苏省退役军人事务厅", "kind": "DEPARTMENT", "divisionCode": "320100", "level": "PROVINCE"}
    holder = sqlite3.connect(database_url.removeprefix("sqlite://"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # the write lock, as a second writer takes it
        with caplog.at_level(logging.DEBUG, logger="junxiu.errors"):
            response = await gql.post(json={"query": CREATE_AGENCY, "variables": {"input": values}})
    finally:
        holder.close()  # rolls the holder's transaction back
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "数据库暂时不可用，请稍后重试",
                "locations": [{"line": 3, "column": 3}],
                "path": ["createAgency"],
                "extensions": {"code": "DATABASE_UNAVAILABLE"},
            }
        ],
    }
    [logged] = [record for record in caplog.records if record.name == "junxiu.errors"]
    assert logged.levelno == logging.WARNING and not logged.exc_info
    assert re.fullmatch(
        r"数据库不可用 path=createAgency: OperationalError\(.*database is locked.*\)", logged.getMessage()
    )
    assert (await gql("{ agencies { totalCount } }"))["agencies"]["totalCount"] == 0
    assert (await gql.mutate(CREATE_AGENCY, values))["userErrors"] == []


def error_counts(metrics: str) -> dict[str, float]:
    """``junxiu_graphql_errors_total`` of kind ``error`` by code, from the metrics page."""
    found = re.findall(r'^junxiu_graphql_errors_total\{code="([^"]*)",kind="error"\} (\S+)$', metrics, re.MULTILINE)
    return {code: float(value) for code, value in found}


async def test_every_error_is_counted_by_its_code(db: dict[str, Any]) -> None:
    client = await make_client(Settings(plugins=[], metrics_enabled=True))
    try:
        deep = "{ agencies { edges { node {" + " parent {" * 10 + " name" + " }" * 10 + " } } } }"
        assert codes(await client.raw(deep)) == ["QUERY_TOO_DEEP"]
        assert codes(await client.raw("{ nope }")) == ["GRAPHQL_VALIDATION_FAILED"]
        assert codes(
            await client.raw("{ a: retirees(first: 101) { totalCount } b: retirees(first: -1) { totalCount } }")
        ) == ["BAD_USER_INPUT", "BAD_USER_INPUT"]
        counted = error_counts((await client.http.get("/metrics")).text)
        assert counted == {"QUERY_TOO_DEEP": 1, "GRAPHQL_VALIDATION_FAILED": 1, "BAD_USER_INPUT": 2}
    finally:
        await client.http.aclose()


def test_the_limits_and_the_caches_follow_the_settings() -> None:
    settings = Settings(
        plugins=[],
        max_query_depth=7,
        max_aliases=8,
        max_tokens=900,
        max_query_cost=1234,
        max_body_bytes=5000,
        parser_cache_size=3,
        validation_cache_size=4,
    )
    limits = GraphQLLimits.from_settings(settings)
    assert limits == GraphQLLimits(
        max_query_depth=7,
        max_aliases=8,
        max_tokens=900,
        max_query_cost=1234,
        max_source_length=5000,
        parser_cache_size=3,
        validation_cache_size=4,
    )
    parsing, validation, _ = (factory() for factory in schema_extensions(limits, production=False))
    assert parsing.cached_parse.cache_info().maxsize == 3  # type: ignore[attr-defined]
    assert validation.cached_validate.cache_info().maxsize == 4  # type: ignore[attr-defined]
