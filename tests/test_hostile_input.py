"""Hostile input through the API: every malformed or out-of-range value gets a userError or a
validation error naming the field; nothing answers 500 and nothing is half-written."""

import asyncio
import base64
import datetime as dt

import pytest

from core import clock
from core.testing import create_retiree, province, retiree_input
from core.testing.factories import CREATE_AGENCY, CREATE_RETIREE

COUNT = "{ agencies { totalCount } retirees { totalCount } }"


async def counts(gql) -> dict:
    return await gql(COUNT)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "名" * 50, None),  # exactly at the limit
        ("name", "名" * 51, "TOO_LONG"),
        ("address", "路" * 200, None),
        ("address", "路" * 201, "TOO_LONG"),
        ("name", "张\x00三", "INVALID_VALUE"),
        ("name", "张\n三", "INVALID_VALUE"),
        ("nativePlace", "江苏\x1b[31m", "INVALID_VALUE"),
        ("name", "Zhang 张 Жан ✓", None),  # mixed scripts are a name, not an attack
        ("disabilityGrade", -1, "INVALID_VALUE"),
        ("enlistedOn", "1930-01-01", "DATE_ORDER"),  # before the birth date
        ("receivedOn", (clock.today() + dt.timedelta(days=1)).isoformat(), "DATE_ORDER"),
    ],
)
async def test_retiree_fields_at_and_past_their_limits(gql, field, value, code):
    tree = await province(gql)
    before = await counts(gql)
    values = retiree_input(tree["first"]["id"], **{field: value})
    if field == "disabilityGrade":
        values["disabilityCause"] = "WAR"
    payload = await gql.mutate(CREATE_RETIREE, values)
    if code is None:
        assert payload["userErrors"] == []
    else:
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)]
        assert await counts(gql) == before


@pytest.mark.parametrize(
    ("variables", "fragment", "code"),
    [
        ({"first": 2**31}, "first 应在 0 到 100 之间（收到 2147483648）", "BAD_USER_INPUT"),
        ({"first": -1}, "first 应在 0 到 100 之间（收到 -1）", "BAD_USER_INPUT"),
        # not an Int at all: graphql-core's variable coercion refuses it before any rule runs
        ({"first": "ten"}, "Variable '$first' has invalid value: Int cannot represent non-integer value", None),
    ],
)
async def test_numbers_out_of_range_are_validation_errors(gql, variables, fragment, code):
    body = await gql.raw("query ($first: Int) { retirees(first: $first) { totalCount } }", variables)
    [error] = body["errors"]
    assert body["data"] is None and fragment in error["message"]
    if code is not None:
        assert error["extensions"]["code"] == code


@pytest.mark.parametrize("date", ["2024-02-30", "2023-13-01", "2024-1-1", "yesterday", ""])
async def test_impossible_dates_are_validation_errors(gql, date):
    tree = await province(gql)
    body = await gql.raw(
        "mutation ($input: CreateRetireeInput!) { createRetiree(input: $input) { userErrors { code } } }",
        {"input": retiree_input(tree["first"]["id"], birthDate=date)},
    )
    [error] = body["errors"]
    assert body.get("data") is None
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("变量取值不合法：Variable '$input' has invalid value at .birthDate: Value cannot represent a Date")


async def test_invalid_enum_values_and_unknown_fields_are_validation_errors(gql):
    tree = await province(gql)
    cases = [
        ({"category": "GENERAL"}, "at .category: Value 'GENERAL' does not exist in 'RetireeCategory' enum"),
        ({"force": "pla"}, "at .force: Value 'pla' does not exist in 'Force' enum"),
        ({"hacker": True}, "not to include unknown field 'hacker'"),
    ]
    before = await counts(gql)
    for extra, fragment in cases:
        body = await gql.raw(
            "mutation ($input: CreateRetireeInput!) { createRetiree(input: $input) { userErrors { code } } }",
            {"input": {**retiree_input(tree["first"]["id"]), **extra}},
        )
        [error] = body["errors"]
        assert body.get("data") is None and error["extensions"]["code"] == "BAD_USER_INPUT", extra
        assert error["message"].startswith("变量取值不合法：Variable '$input' has invalid value"), extra
        assert fragment in error["message"], (extra, error["message"])
    assert await counts(gql) == before


@pytest.mark.parametrize(
    "global_id",
    ["", "!!!", "QWdlbmN5", "QWdlbmN5Og==", "QWdlbmN5OmFiYw==", "UmV0aXJlZTox", "QWdlbmN5Oi0x", "QWdlbmN5OjE=" * 50],
)
async def test_malformed_and_wrong_type_ids(gql, global_id):
    await province(gql)
    before = await counts(gql)
    payload = await gql.mutate(CREATE_AGENCY, {"name": "所", "kind": "INSTITUTE", "divisionCode": "320100", "parentId": global_id})
    assert payload["agency"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("parentId", "INVALID_ID")]
    assert await counts(gql) == before
    # a lookup by a malformed id finds nothing, without an error
    body = await gql.raw("query ($id: ID!) { node(id: $id) { id } agency(id: $id) { id } }", {"id": global_id})
    assert body == {"data": {"node": None, "agency": None}}


async def test_ids_of_missing_records_are_not_found(gql):
    tree = await province(gql)
    missing = base64.b64encode(b"Agency:999999").decode()
    payload = await gql.mutate(CREATE_AGENCY, {"name": "所", "kind": "INSTITUTE", "divisionCode": "320100", "parentId": missing})
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("parentId", "NOT_FOUND")]
    retiree = await gql.mutate(CREATE_RETIREE, retiree_input(missing))
    assert [(e["field"], e["code"]) for e in retiree["userErrors"]] == [("agencyId", "NOT_FOUND")]
    assert await counts(gql) == {"agencies": {"totalCount": len(tree)}, "retirees": {"totalCount": 0}}


async def test_deeply_nested_input_is_refused_before_execution(gql):
    nested = "{ a: " * 200 + "1" + " }" * 200
    body = await gql.raw(f'mutation {{ createAgency(input: {nested}) {{ userErrors {{ code }} }} }}')
    [error] = body["errors"]
    assert body.get("data") is None and error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert error["message"] == "查询语法错误：Syntax Error: Document is nested too deeply. Parsing aborted."
    assert (await counts(gql))["agencies"]["totalCount"] == 0


async def test_duplicated_list_entries_collapse(gql):
    tree = await province(gql)
    retiree = await create_retiree(gql, tree["first"]["id"], focusTags=["LIVING_ALONE", "LIVING_ALONE", "EMPTY_NEST"])
    data = await gql('query ($id: ID!) { retiree(id: $id) { focusTags } }', {"id": retiree["id"]})
    assert data["retiree"]["focusTags"] == ["ADVANCED_AGE", "LIVING_ALONE", "EMPTY_NEST"]


async def test_concurrent_conflicting_updates_refuse_the_stale_one(gql):
    tree = await province(gql)
    retiree = await create_retiree(gql, tree["first"]["id"])
    update = "mutation ($input: UpdateRetireeInput!) { updateRetiree(input: $input) { retiree { version } userErrors { code } } }"
    results = await asyncio.gather(*(
        gql.mutate(update, {"id": retiree["id"], "version": 1, "nativePlace": place}) for place in ("南京", "苏州", "无锡")
    ))
    codes = sorted(r["userErrors"][0]["code"] if r["userErrors"] else "OK" for r in results)
    assert codes == ["OK", "STALE_VERSION", "STALE_VERSION"]
    final = await gql('query ($id: ID!) { retiree(id: $id) { version } }', {"id": retiree["id"]})
    assert final["retiree"]["version"] == 2


@pytest.mark.parametrize("years", [{"birthYearTo": 0}, {"birthYearFrom": -5}, {"birthYearFrom": 10000}, {"birthYearTo": 2**31 - 1}])
async def test_birth_year_filters_out_of_range_are_refused(gql, years):
    """Found by fuzzing: year 0 reached date() and answered an internal error."""
    body = await gql.raw("query ($f: RetireeFilter) { retirees(filter: $f) { totalCount } }", {"f": years})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INVALID_VALUE" and error["extensions"]["field"] == next(iter(years))


async def test_overlong_filter_strings_match_nothing(gql):
    """An equality filter longer than its column is the client's mistake, labelled, not an
    internal error (found by fuzzing on login's username)."""
    long = "x" * 300
    body = await gql.raw(
        "query ($f: AuditEventFilter) { auditEvents(filter: $f) { totalCount } }",
        {"f": {"operation": long, "principalName": long}},
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_VALUE" and long not in body["errors"][0]["message"]
    assert (await gql("query ($s: String) { retirees(filter: {search: $s}) { totalCount } }", {"s": long}))["retirees"]["totalCount"] == 0
