"""HTTP edges found by outside testing: bodies that are not UTF-8, codes on every refusal,
request errors without ``data``, global ids past the database's integers, GraphQL over GET
behind a setting, and the security headers of every response."""

import base64
from typing import Any

import pytest

from core.headers import API_POLICY, IDE_POLICY
from core.settings import Settings
from core.testing import make_client, retiree_input

GRAPHQL_RESPONSE = "application/graphql-response+json"


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


async def test_a_body_that_is_not_utf8_is_a_json_400(gql):
    response = await gql.post(content=b'{"query": "{ __typename \xff }"}', headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.headers["content-type"].startswith("application/json")
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST" and "UTF-8" in error["message"]


@pytest.mark.parametrize(
    ("query", "variables", "code", "message", "column"),
    [
        (
            "{ nope }",
            {},
            "GRAPHQL_VALIDATION_FAILED",
            "查询校验失败：Cannot query field 'nope' on type 'Query'. Did you mean 'node'?",
            3,
        ),
        (
            "{ viewer { name } ",
            {},
            "GRAPHQL_PARSE_FAILED",
            "查询语法错误：Syntax Error: Expected Name, found <EOF>.",
            19,
        ),
        (
            "query ($n: Int!) { agencies(first: $n) { totalCount } }",
            {},
            "BAD_USER_INPUT",  # $n missing
            "变量取值不合法：Variable '$n' has invalid value: Expected a value of non-null type 'Int!' to be provided.",
            8,
        ),
        # a scalar that fails to parse the value: the scalar's own exception is the client's fault too
        (
            "mutation ($input: CreateRetireeInput!) { createRetiree(input: $input) { userErrors { code } } }",
            {"input": {**retiree_input(base64.b64encode(b"Agency:1").decode()), "birthDate": "1940-02-30"}},
            "BAD_USER_INPUT",
            "变量取值不合法：Variable '$input' has invalid value at .birthDate: Value cannot represent a Date: "
            '"1940-02-30". day is out of range for month',
            11,
        ),
    ],
    ids=["validation", "syntax", "missing-variable", "unparsable-scalar"],
)
async def test_request_errors_carry_a_code_a_chinese_lead_and_their_location(
    gql, query, variables, code, message, column
):
    body = (await gql.post(json={"query": query, "variables": variables})).json()
    assert body == {
        "data": None,
        "errors": [
            {"message": message, "locations": [{"line": 1, "column": column}], "extensions": {"code": code}},
        ],
    }


async def test_request_errors_have_no_data_entry_under_graphql_response_json(gql):
    for query in ("{ nope }", "{ viewer { name }"):
        response = await gql.post(json={"query": query}, headers={"Accept": GRAPHQL_RESPONSE})
        assert response.status_code == 400 and "data" not in response.json(), response.text
    executed = await gql.post(json={"query": "{ viewer { name } }"}, headers={"Accept": GRAPHQL_RESPONSE})
    assert executed.status_code == 200 and executed.json()["data"]["viewer"]


@pytest.mark.parametrize(
    ("request_kwargs", "status", "code"),
    [
        ({"json": {"query": "{ __typename }", "variables": [1]}}, 400, "BAD_REQUEST"),
        ({"json": {"query": 5}}, 400, "BAD_REQUEST"),
        ({"json": {"query": "{ __typename }", "operationName": "Missing"}}, 400, "BAD_REQUEST"),
    ],
)
async def test_every_refusal_is_worded_in_chinese(gql, request_kwargs, status, code):
    response = await gql.post(**request_kwargs)
    error = response.json()["errors"][0]
    assert response.status_code == status and error["extensions"]["code"] == code and chinese(error["message"])


async def test_unknown_paths_and_methods_answer_json(gql):
    missing = await gql.http.get("/nowhere")
    assert missing.status_code == 404 and missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    wrong = await gql.http.post("/health")
    assert wrong.status_code == 405 and wrong.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


def _global_id(type_name: str, number: int | str) -> str:
    return base64.b64encode(f"{type_name}:{number}".encode()).decode()


@pytest.mark.parametrize("number", [2**31, 2**63, 2**64 + 5, 10**40])
async def test_global_ids_past_the_database_integers_read_as_absent(gql, number):
    node = await gql.raw("query ($id: ID!) { node(id: $id) { id } }", {"id": _global_id("Retiree", number)})
    assert node == {"data": {"node": None}}
    retiree = await gql.raw("query ($id: ID!) { retiree(id: $id) { id } }", {"id": _global_id("Retiree", number)})
    assert retiree == {"data": {"retiree": None}}
    payload = await gql.mutate(
        "mutation ($input: AssignCaretakerInput!) { assignCaretaker(input: $input) { userErrors { code field } } }",
        {"id": _global_id("Retiree", number), "staffId": None},
    )
    assert payload["userErrors"] == [{"code": "NOT_FOUND", "field": "id"}]
    # a filter naming such an agency answers as for any agency that does not exist
    absent = await gql.raw(
        "query ($id: ID!) { retirees(filter: {within: $id}) { totalCount } }", {"id": _global_id("Agency", 999_999)}
    )
    huge = await gql.raw(
        "query ($id: ID!) { retirees(filter: {within: $id}) { totalCount } }", {"id": _global_id("Agency", number)}
    )
    assert [e["extensions"]["code"] for e in huge["errors"]] == [e["extensions"]["code"] for e in absent["errors"]]
    assert huge["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_revoking_a_token_number_past_the_database_integers_is_not_found(gql):
    payload = await gql.mutate(
        "mutation ($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { userErrors { code } } }",
        {"id": str(2**63)},
    )
    assert payload["userErrors"] == [{"code": "NOT_FOUND"}]


async def test_queries_over_get_when_enabled_but_never_mutations(db: dict[str, Any]):
    client = await make_client(Settings(plugins=[], graphql_get_queries=True))
    auth = {"Authorization": f"Bearer {client.token}", "Accept": "application/json"}
    try:
        query = await client.http.get("/graphql", params={"query": "{ viewer { name } }"}, headers=auth)
        assert query.status_code == 200 and query.json()["data"]["viewer"]["name"]
        mutation = await client.http.get(
            "/graphql", params={"query": "mutation { logout { userErrors { code } } }"}, headers=auth
        )
        assert mutation.status_code == 405
        assert mutation.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
        still = await client.http.get("/graphql", params={"query": "{ viewer { name } }"}, headers=auth)
        assert still.status_code == 200  # the token was not logged out over GET
    finally:
        await client.http.aclose()


def _security_headers(response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_every_response_carries_the_security_headers(gql):
    api = await gql.post(json={"query": "{ viewer { name } }"})
    _security_headers(api)
    assert api.headers["content-security-policy"] == API_POLICY
    ide = await gql.http.get("/graphql", headers={"Accept": "text/html"})
    _security_headers(ide)
    assert ide.headers["content-security-policy"] == IDE_POLICY and "<script>" not in ide.text
    for response in (
        await gql.http.get("/health"),
        await gql.http.get("/graphql/static/ide.js"),
        await gql.http.get("/nowhere"),
        await gql.post(content=b"x" * 200_000, headers={"Content-Type": "application/json"}),  # 413
    ):
        _security_headers(response)
