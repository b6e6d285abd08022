"""Hostile input through the API: every malformed or out-of-range value gets a userError or a
validation error naming the field; nothing answers 500 and nothing is half-written."""

import asyncio
import datetime as dt

import pytest
from factories import CREATE_AGENCY, CREATE_RETIREE, create_retiree, province, retiree_input

from core import clock

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
    ("variables", "fragment"),
    [
        ({"first": 2**31}, "first 应在 0 到 100 之间"),
        ({"first": -1}, "first"),
        ({"first": "ten"}, "Int cannot represent non-integer value"),
    ],
)
async def test_numbers_out_of_range_are_validation_errors(gql, variables, fragment):
    body = await gql.raw("query ($first: Int) { retirees(first: $first) { totalCount } }", variables)
    assert body["data"] is None and fragment in body["errors"][0]["message"]


@pytest.mark.parametrize("date", ["2024-02-30", "2023-13-01", "2024-1-1", "yesterday", ""])
async def test_impossible_dates_are_validation_errors(gql, date):
    tree = await province(gql)
    body = await gql.raw(
        "mutation ($input: CreateRetireeInput!) { createRetiree(input: $input) { userErrors { code } } }",
        {"input": retiree_input(tree["first"]["id"], birthDate=date)},
    )
    assert body.get("data") is None and "birthDate" in body["errors"][0]["message"]


async def test_invalid_enum_values_and_unknown_fields_are_validation_errors(gql):
    tree = await province(gql)
    for extra in ({"category": "GENERAL"}, {"force": "pla"}, {"hacker": True}):
        body = await gql.raw(
            "mutation ($input: CreateRetireeInput!) { createRetiree(input: $input) { userErrors { code } } }",
            {"input": {**retiree_input(tree["first"]["id"]), **extra}},
        )
        assert body.get("data") is None and body["errors"], extra


@pytest.mark.parametrize(
    "global_id",
    ["", "!!!", "QWdlbmN5", "QWdlbmN5Og==", "QWdlbmN5OmFiYw==", "UmV0aXJlZTox", "QWdlbmN5Oi0x", "QWdlbmN5OjE=" * 50],
)
async def test_malformed_and_wrong_type_ids(gql, global_id):
    await province(gql)
    payload = await gql.mutate(CREATE_AGENCY, {"name": "所", "kind": "INSTITUTE", "divisionCode": "320100", "parentId": global_id})
    assert payload["agency"] is None and payload["userErrors"][0]["field"] == "parentId"
    assert payload["userErrors"][0]["code"] in {"INVALID_ID", "NOT_FOUND"}
    body = await gql.raw("query ($id: ID!) { node(id: $id) { id } agency(id: $id) { id } }", {"id": global_id})
    assert body["data"] == {"node": None, "agency": None}
    assert all(error["extensions"]["code"] == "INVALID_ID" for error in body.get("errors", []))


async def test_deeply_nested_input_is_refused_before_execution(gql):
    nested = "{ a: " * 200 + "1" + " }" * 200
    body = await gql.raw(f'mutation {{ createAgency(input: {nested}) {{ userErrors {{ code }} }} }}')
    assert body.get("data") is None and body["errors"]


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
