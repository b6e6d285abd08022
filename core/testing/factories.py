"""Builders of valid core records through the GraphQL API, as an administrator's client
creates them (each asserts that the mutation succeeded and returns the created record)."""

import datetime as dt
import itertools
from typing import Any

from core.testing.client import GraphQLClient
from core.validation import id_number_check_char

_serial = itertools.count(1)

CREATE_AGENCY = """
mutation ($input: CreateAgencyInput!) {
  createAgency(input: $input) { agency { id name kind status version staffQuota }
    userErrors { field message code } }
}"""
CREATE_RETIREE = """
mutation ($input: CreateRetireeInput!) {
  createRetiree(input: $input) { retiree { id name version status agency { id } }
    userErrors { field message code } }
}"""
CREATE_STAFF = """
mutation ($input: CreateStaffMemberInput!) {
  createStaffMember(input: $input) { staffMember { id name version status agency { id } }
    userErrors { field message code } }
}"""


def id_number(birth: dt.date, male: bool = True, region: str = "320102") -> str:
    """A valid GB 11643 number for ``birth``; unique per call within a test run."""
    sequence = next(_serial) % 500
    order = sequence * 2 + (1 if male else 0)
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + id_number_check_char(body)


async def create_agency(
    gql: GraphQLClient, name: str, kind: str = "INSTITUTE", parent: str | None = None, **extra: Any
) -> dict[str, Any]:
    """An agency (a department without ``parent`` is a province's, below one a city's)."""
    values: dict[str, Any] = {"name": name, "kind": kind, "divisionCode": "320100", **extra}
    if parent is not None:
        values["parentId"] = parent
    if kind == "DEPARTMENT" and "level" not in values:
        values["level"] = "PROVINCE" if parent is None else "CITY"
    payload = await gql.mutate(CREATE_AGENCY, values)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["agency"]


async def province(gql: GraphQLClient) -> dict[str, dict[str, Any]]:
    """厅 → 市局 → 两个军休所: the smallest tree most tests need (keys dept, city, first, second)."""
    dept = await create_agency(gql, "江苏省退役军人事务厅", "DEPARTMENT")
    city = await create_agency(gql, "南京市退役军人事务局", "DEPARTMENT", dept["id"])
    first = await create_agency(gql, "南京市第一军休所", "INSTITUTE", city["id"], staffQuota=2)
    second = await create_agency(gql, "南京市第二军休所", "INSTITUTE", city["id"])
    return {"dept": dept, "city": city, "first": first, "second": second}


def retiree_input(
    agency_id: str, name: str = "张建国", birth: dt.date = dt.date(1940, 5, 1), **extra: Any
) -> dict[str, Any]:
    """A valid ``CreateRetireeInput`` (a fresh ID number for the birth date and gender)."""
    male = extra.get("gender", "MALE") == "MALE"
    return {
        "agencyId": agency_id,
        "name": name,
        "gender": "MALE" if male else "FEMALE",
        "birthDate": birth.isoformat(),
        "idNumber": id_number(birth, male),
        "category": "TUIXIU",
        **extra,
    }


async def create_retiree(gql: GraphQLClient, agency_id: str, **extra: Any) -> dict[str, Any]:
    """A retiree of the agency (``extra``: fields of ``retiree_input`` or of the input)."""
    payload = await gql.mutate(CREATE_RETIREE, retiree_input(agency_id, **extra))
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["retiree"]


async def create_staff(
    gql: GraphQLClient, agency_id: str, name: str = "李明", employment: str = "CONTRACT", **extra: Any
) -> dict[str, Any]:
    """A staff member of the agency."""
    values = {"agencyId": agency_id, "name": name, "gender": "MALE", "employment": employment, **extra}
    payload = await gql.mutate(CREATE_STAFF, values)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["staffMember"]
