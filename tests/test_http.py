"""GraphQL over HTTP conventions: media types, status codes, malformed requests."""

import pytest

GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.mark.parametrize(
    ("request_kwargs", "status", "code"),
    [
        ({"json": {}}, 400, "BAD_REQUEST"),
        ({"json": {"variables": {}}}, 400, "BAD_REQUEST"),
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "BAD_REQUEST"),
        ({"content": b"query={}", "headers": {"Content-Type": "text/plain"}}, 415, "UNSUPPORTED_MEDIA_TYPE"),
        ({"json": [{"query": "{ __typename }"}]}, 400, "BATCHING_DISABLED"),
    ],
)
async def test_malformed_requests_get_a_clear_json_error(gql, request_kwargs, status, code):
    response = await gql.post(**request_kwargs)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == code and any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])


async def test_queries_over_get_are_refused(gql):
    response = await gql.http.get("/graphql", params={"query": "{ __typename }"}, headers={"Accept": "application/json"})
    assert response.status_code == 405 and response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_graphql_response_media_type_and_status(gql):
    ok = await gql.post(json={"query": "{ viewer { name } }"}, headers={"Accept": GRAPHQL_RESPONSE})
    assert ok.status_code == 200 and ok.headers["content-type"] == GRAPHQL_RESPONSE
    invalid = await gql.post(json={"query": "{ nope }"}, headers={"Accept": GRAPHQL_RESPONSE})
    assert invalid.status_code == 400 and invalid.headers["content-type"] == GRAPHQL_RESPONSE
    legacy = await gql.post(json={"query": "{ nope }"}, headers={"Accept": "application/json"})
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith("application/json")
    syntax = await gql.post(json={"query": "{"}, headers={"Accept": GRAPHQL_RESPONSE})
    assert syntax.status_code == 400
