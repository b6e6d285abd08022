"""Logging: the configured handler's lines (time, level, logger, request id, principal id,
error id) in text and JSON, request ids, and what is never logged: expected refusals, and
personal data a request carries."""

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest

import core.endpoint as endpoint
import core.schema.todo as todo_schema
import core.services.agencies as agencies_service
import core.services.retirees as retirees_service
from core.models import AuditEvent, UserAccount
from core.settings import Settings
from core.testing import GraphQLClient, create_agency, make_client, retiree_input

ID_NUMBER = "110101199003078515"
CREATE = (
    """mutation ($input: CreateRetireeInput!) { createRetiree(input: $input) { retiree { id } userErrors { code } } }"""
)


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the handler the app configured writes (it writes to stderr otherwise)."""
    output = io.StringIO()
    handlers: list[logging.StreamHandler[Any]] = []

    def capture() -> io.StringIO:
        for handler in logging.getLogger("junxiu").handlers:
            assert isinstance(handler, logging.StreamHandler)
            handler.setStream(output)
            handlers.append(handler)
        assert handlers, "logging is not configured: junxiu's lines go to Python's last-resort handler"
        return output

    yield capture  # type: ignore[misc]
    for handler in handlers:
        handler.setStream(io.StringIO())


async def client_for(**settings: Any) -> GraphQLClient:
    return await make_client(Settings(plugins=[], **settings))


async def broken(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("服务故障")


async def admin_id() -> str:
    return str((await UserAccount.get(username="admin")).id)


async def test_text_lines_carry_time_level_logger_and_request_fields(db, log_output, monkeypatch) -> None:
    client = await client_for(log_format="text", log_level="INFO")
    output = log_output()
    monkeypatch.setattr(agencies_service, "agencies_query", broken)
    response = await client.post(json={"query": "{ agencies { totalCount } }"}, headers={"X-Request-ID": "req-42.a"})
    [error] = response.json()["errors"]
    error_id = error["extensions"]["errorId"]
    assert response.headers["X-Request-ID"] == "req-42.a"
    [line] = [line for line in output.getvalue().splitlines() if "junxiu.errors" in line]
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ERROR junxiu.errors ", line), line
    assert f"[request=req-42.a principal={await admin_id()} error={error_id}]" in line
    assert "Traceback" in output.getvalue() and "服务故障" in output.getvalue()
    # one access line per request, by route, with the same request id
    access = [line for line in output.getvalue().splitlines() if "junxiu.access" in line]
    assert len(access) == 1 and "POST /graphql 200" in access[0] and "request=req-42.a" in access[0]
    await client.http.aclose()


async def test_json_lines(db, log_output, monkeypatch) -> None:
    client = await client_for(log_format="json")
    output = log_output()
    monkeypatch.setattr(agencies_service, "agencies_query", broken)
    response = await client.post(json={"query": "{ agencies { totalCount } }"})
    error_id = response.json()["errors"][0]["extensions"]["errorId"]
    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    [error] = [line for line in lines if line["logger"] == "junxiu.errors"]
    assert error["level"] == "ERROR" and error["error_id"] == error_id
    assert error["request_id"] == response.headers["X-Request-ID"] and error["principal_id"] == await admin_id()
    assert "服务故障" in error["exception"] and error["time"].endswith("+00:00")
    [access] = [line for line in lines if line["logger"] == "junxiu.access"]
    assert access["error_id"] == "-" and access["request_id"] == error["request_id"]
    await client.http.aclose()


async def test_an_unexpected_error_is_logged_with_its_id_path_and_exception(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture, monkeypatch
) -> None:
    monkeypatch.setattr(todo_schema, "due_items", broken)  # a field below the root
    with caplog.at_level(logging.DEBUG, logger="junxiu.errors"):
        body = await gql.raw("{ viewer { name todo { totalCount } } }")
    [error] = body["errors"]
    assert error["path"] == ["viewer", "todo"] and error["extensions"]["code"] == "INTERNAL"
    error_id = error["extensions"]["errorId"]
    [record] = [r for r in caplog.records if r.name == "junxiu.errors"]
    assert record.levelno == logging.ERROR and record.error_id == error_id
    assert record.getMessage() == f"未预期的错误 errorId={error_id} path=viewer.todo: RuntimeError('服务故障')"
    # the exception itself, for handlers that read it (its type, its traceback)
    assert record.exc_info and record.exc_info[0] is RuntimeError and str(record.exc_info[1]) == "服务故障"
    assert record.exc_info[2] is not None


async def test_request_ids(gql: GraphQLClient) -> None:
    generated = await gql.post(json={"query": "{ viewer { name } }"})
    assert re.fullmatch(r"[0-9a-f]{32}", generated.headers["X-Request-ID"])
    other = await gql.post(json={"query": "{ viewer { name } }"})
    assert other.headers["X-Request-ID"] != generated.headers["X-Request-ID"]
    for insane in ("a b", "x" * 65, "<script>", "id\u00e9"):
        answered = await gql.post(json={"query": "{ viewer { name } }"}, headers={"X-Request-ID": insane.encode()})
        assert re.fullmatch(r"[0-9a-f]{32}", answered.headers["X-Request-ID"]), insane
    health = await gql.http.get("/health", headers={"X-Request-ID": "lb-check-1"})
    assert health.headers["X-Request-ID"] == "lb-check-1"


async def test_expected_refusals_are_not_logged(gql: GraphQLClient, caplog: pytest.LogCaptureFixture) -> None:
    agency = await create_agency(gql, "江苏省退役军人事务厅", "DEPARTMENT")
    aliases = " ".join(f'a{i}: agency(id: $id) {{ retirees(after: "garbage") {{ totalCount }} }}' for i in range(25))
    with caplog.at_level(logging.DEBUG):
        body = await gql.raw(f"query ($id: ID!) {{ {aliases} }}", {"id": agency["id"]})
        scoped = await gql.raw('{ retirees(filter: {within: "nope"}) { totalCount } }')
        invalid = await gql.raw("{ viewer { nope } }")
        anonymous = await gql.as_user(None).raw("{ retirees { totalCount } }")
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"] * 25
    assert scoped["errors"][0]["extensions"]["code"] == "INVALID_ID"
    assert invalid["errors"] and anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert noisy == [], [r.getMessage() for r in noisy]


async def test_personal_data_in_a_failing_request_is_not_logged(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture, monkeypatch
) -> None:
    # caplog sees every record: the configured handlers sit on loggers that propagate to the root
    agency = await create_agency(gql, "江苏省退役军人事务厅", "DEPARTMENT")
    # the kit holds the service itself, so the failure is planted in a function it calls
    monkeypatch.setattr(retirees_service, "require_active_agency", broken)
    with caplog.at_level(logging.DEBUG):
        # a variable that fails coercion: graphql-core's message echoes the value
        coerced = await gql.raw("query ($n: Int) { retirees(first: $n) { totalCount } }", {"n": ID_NUMBER})
        # an unexpected failure of a mutation whose input carries the number
        failed = await gql.raw(CREATE, {"input": retiree_input(agency["id"], idNumber=ID_NUMBER)})
    assert coerced["errors"] and failed["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert ID_NUMBER not in caplog.text
    assert "服务故障" in caplog.text  # the failure itself was logged


def test_tortoise_sql_is_never_logged_below_info() -> None:
    from core.logs import logging_config

    config = logging_config("DEBUG", "text")
    assert config["loggers"]["tortoise"]["level"] == "INFO" and config["loggers"]["junxiu"]["level"] == "DEBUG"
    assert logging_config("WARNING", "json")["loggers"]["tortoise"]["level"] == "WARNING"


async def test_a_failure_around_execution_is_logged_once_and_masked(
    db, caplog: pytest.LogCaptureFixture, monkeypatch
) -> None:
    """An extension failing after execution (here the audit of a sensitive read) reaches the
    client as strawberry's error without a path: masked in production, logged with its id."""
    client = await client_for(env="production")
    agency = await create_agency(client, "江苏省退役军人事务厅", "DEPARTMENT")
    values = retiree_input(agency["id"])
    assert (await client.mutate(CREATE, values))["userErrors"] == []

    async def unavailable(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("postgres://junxiu:secret@db 连接中断")

    monkeypatch.setattr(AuditEvent, "bulk_create", unavailable)
    with caplog.at_level(logging.DEBUG):
        response = await client.post(json={"query": "{ retirees { edges { node { idNumber } } } }"})
    [error] = response.json()["errors"]
    assert error["message"] == "内部错误" and error["extensions"]["code"] == "INTERNAL"
    assert "secret" not in response.text
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(logged) == 1 and logged[0].name == "junxiu.errors" and logged[0].exc_info
    assert logged[0].error_id == error["extensions"]["errorId"]
    assert values["idNumber"] not in caplog.text
    await client.http.aclose()


async def test_an_exception_no_layer_handled_answers_json_and_is_logged_once(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture, monkeypatch
) -> None:
    async def unavailable(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("令牌查询失败")  # any fault but an unreachable database (that one is a 503)

    monkeypatch.setattr(endpoint, "request_principal", unavailable)
    with caplog.at_level(logging.DEBUG):
        response = await gql.post(json={"query": "{ viewer { name } }"}, headers={"X-Request-ID": "edge-1"})
    assert response.status_code == 500 and response.headers["X-Request-ID"] == "edge-1"
    [error] = response.json()["errors"]
    assert error["message"] == "内部错误" and error["extensions"]["code"] == "INTERNAL"
    [logged] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged.name == "junxiu.errors" and logged.exc_info and logged.error_id == error["extensions"]["errorId"]
