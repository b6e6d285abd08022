"""The review chain of nominations, through the API: the plan's owner approves last (a county
plan ends at the county department), a station never reviews for its institute, and a
provincial plan runs institute → city → province."""

from typing import Any

import pytest
from sanatorium_helpers import (
    CREATE_PLAN,
    CREATE_SITE,
    FITNESS,
    REVIEW,
    YEAR,
    add_batch,
    code,
    hero,
    nominate,
    ok,
    setup_plan,
)
from security_helpers_sanatorium import account_token

from core import clock
from core.settings import Settings
from core.testing import GraphQLClient, create_agency, make_client

STAFF = """mutation ($input: CreateStaffMemberInput!) { createStaffMember(input: $input) {
  staffMember { id } userErrors { code } } }"""
APPROVE = {"decision": "APPROVE", "opinion": "同意"}


@pytest.fixture
async def san(db):
    client = await make_client(Settings(plugins=["sanatorium"]))
    yield client
    await client.http.aclose()


async def manager_of(admin: GraphQLClient, agency: dict[str, Any], username: str) -> GraphQLClient:
    staff = await admin.mutate(STAFF, {"agencyId": agency["id"], "name": "负责人", "gender": "MALE", "employment": "CONTRACT"})
    return admin.as_user(await account_token(admin, username, "AGENCY_MANAGER", staffId=staff["staffMember"]["id"]))


async def department_admin(admin: GraphQLClient, department: dict[str, Any], username: str) -> GraphQLClient:
    return admin.as_user(await account_token(admin, username, "DEPARTMENT_ADMIN", departmentId=department["id"]))


async def fit_nomination(admin: GraphQLClient, batch: str, agency: dict[str, Any]) -> str:
    person = await hero(admin, agency["id"])
    nomination = ok(await nominate(admin, batch, person["id"]))["sanatoriumNomination"]
    ok(await admin.mutate(FITNESS, {"nominationId": nomination["id"], "fitness": "FIT", "checkedOn": clock.today().isoformat()}))
    return nomination["id"]


def steps(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["level"], r["reviewerAgency"]["name"]) for r in payload["sanatoriumNomination"]["reviews"]]


async def test_a_county_plan_needs_the_county_departments_approval(san):
    province = await create_agency(san, "江苏省退役军人事务厅", "DEPARTMENT")
    city = await create_agency(san, "南京市退役军人事务局", "DEPARTMENT", province["id"])
    county = await create_agency(san, "江宁区退役军人事务局", "DEPARTMENT", city["id"], level="COUNTY")
    institute = await create_agency(san, "江宁区军休所", "INSTITUTE", county["id"])
    plan = ok(await san.mutate(CREATE_PLAN, {
        "ownerId": county["id"], "year": YEAR, "tier": "COUNTY", "title": "县级疗养", "totalQuota": 5,
    }))["sanatoriumPlan"]
    site = ok(await san.mutate(CREATE_SITE, {"ownerId": county["id"], "name": "汤山疗养院", "beds": 20}))
    batch = await add_batch(san, plan["id"], site["sanatoriumSite"]["id"], clock.today().replace(month=6, day=1))
    nomination = await fit_nomination(san, batch["id"], institute)
    review = {"nominationId": nomination, **APPROVE}

    manager = await manager_of(san, institute, "mgr.jiangning")
    first = ok(await manager.mutate(REVIEW, review))["sanatoriumNomination"]
    # the institute's approval leaves it pending at the county, which owns the plan
    assert (first["status"], first["pendingLevel"]) == ("UNDER_REVIEW", "COUNTY")
    assert code(await manager.mutate(REVIEW, review)) == "FORBIDDEN"
    city_admin = await department_admin(san, city, "dept.nanjing")
    assert code(await city_admin.mutate(REVIEW, review)) == "FORBIDDEN"  # above the owner: not on the chain
    county_admin = await department_admin(san, county, "dept.jiangning")
    last = ok(await county_admin.mutate(REVIEW, review))
    assert (last["sanatoriumNomination"]["status"], last["sanatoriumNomination"]["pendingLevel"]) == ("APPROVED", None)
    assert steps(last) == [("AGENCY", "江宁区军休所"), ("COUNTY", "江宁区退役军人事务局")]


async def test_a_station_cannot_review_for_its_institute(san):
    tree = await setup_plan(san)
    station = await create_agency(san, "第一军休所服务站", "STATION", tree["first"]["id"])
    nomination = await fit_nomination(san, tree["batch"]["id"], station)
    review = {"nominationId": nomination, **APPROVE}
    station_manager = await manager_of(san, station, "mgr.station")
    refused = await station_manager.mutate(REVIEW, review)
    assert code(refused) == "FORBIDDEN" and "南京市第一军休所" in refused["userErrors"][0]["message"]
    institute_manager = await manager_of(san, tree["first"], "mgr.first")
    reviewed = ok(await institute_manager.mutate(REVIEW, review))
    assert reviewed["sanatoriumNomination"]["pendingLevel"] == "CITY"
    assert steps(reviewed) == [("AGENCY", "南京市第一军休所")]


async def test_a_provincial_plan_runs_institute_city_province(san):
    tree = await setup_plan(san)
    nomination = await fit_nomination(san, tree["batch"]["id"], tree["first"])
    review = {"nominationId": nomination, **APPROVE}
    institute = await manager_of(san, tree["first"], "mgr.first")
    city = await department_admin(san, tree["city"], "dept.city")
    province = await department_admin(san, tree["dept"], "dept.province")
    assert code(await province.mutate(REVIEW, review)) == "FORBIDDEN"
    assert ok(await institute.mutate(REVIEW, review))["sanatoriumNomination"]["pendingLevel"] == "CITY"
    assert code(await province.mutate(REVIEW, review)) == "FORBIDDEN"
    second = ok(await city.mutate(REVIEW, review))["sanatoriumNomination"]
    assert (second["status"], second["pendingLevel"]) == ("UNDER_REVIEW", "PROVINCE")
    last = ok(await province.mutate(REVIEW, review))
    assert last["sanatoriumNomination"]["status"] == "APPROVED"
    assert steps(last) == [("AGENCY", "南京市第一军休所"), ("CITY", "南京市退役军人事务局"), ("PROVINCE", "江苏省退役军人事务厅")]
