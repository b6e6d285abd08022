"""Builders for the sanatorium tests: a province with a plan, a site and a batch, and
retirees with awards, all through the GraphQL API."""

import datetime as dt
from typing import Any

from core import clock
from core.testing import GraphQLClient, create_retiree, province

YEAR = clock.today().year
FIRST_CLASS = {"awardedOn": "1979-03-01", "level": "FIRST_CLASS_MERIT", "period": "DURING_SERVICE", "wartime": True}
SECOND_CLASS = {"awardedOn": "1985-03-01", "level": "SECOND_CLASS_MERIT", "period": "DURING_SERVICE"}
COMMENDATION = {"awardedOn": "1985-03-01", "level": "COMMENDATION", "period": "DURING_SERVICE"}

CREATE_SITE = """mutation ($input: CreateSanatoriumSiteInput!) { createSanatoriumSite(input: $input) {
  sanatoriumSite { id name beds } userErrors { field code message } } }"""
CREATE_PLAN = """mutation ($input: CreateSanatoriumPlanInput!) { createSanatoriumPlan(input: $input) {
  sanatoriumPlan { id year tier totalQuota quotas { quota agency { name } } } userErrors { field code message } } }"""
SET_QUOTA = """mutation ($input: SetSanatoriumQuotaInput!) { setSanatoriumQuota(input: $input) {
  sanatoriumPlan { id quotas { quota } } userErrors { field code message } } }"""
CREATE_BATCH = """mutation ($input: CreateSanatoriumBatchInput!) { createSanatoriumBatch(input: $input) {
  sanatoriumBatch { id name status capacity familyAllowed } userErrors { field code message } } }"""
BATCH_STATUS = """mutation ($input: ChangeSanatoriumBatchStatusInput!) { changeSanatoriumBatchStatus(input: $input) {
  sanatoriumBatch { id status } userErrors { field code message } } }"""
NOMINATE = """mutation ($input: NominateSanatoriumCandidateInput!) { nominateSanatoriumCandidate(input: $input) {
  sanatoriumNomination { id status pendingLevel companions { name relation } retiree { name } agency { name } }
  userErrors { field code message } } }"""
SUBMIT = """mutation ($input: SubmitSanatoriumNominationInput!) { submitSanatoriumNomination(input: $input) {
  sanatoriumNomination { id status pendingLevel } userErrors { field code message } } }"""
FITNESS = """mutation ($input: RecordSanatoriumFitnessCheckInput!) { recordSanatoriumFitnessCheck(input: $input) {
  sanatoriumNomination { id fitness fitnessNote } userErrors { field code message } } }"""
REVIEW = """mutation ($input: ReviewSanatoriumNominationInput!) { reviewSanatoriumNomination(input: $input) {
  sanatoriumNomination { id status pendingLevel reviews { level decision opinion reviewerName reviewerAgency { name } } }
  userErrors { field code message } } }"""
WITHDRAW = """mutation ($input: WithdrawSanatoriumNominationInput!) { withdrawSanatoriumNomination(input: $input) {
  sanatoriumNomination { id status reason } userErrors { field code message } } }"""
ATTEND = """mutation ($input: RecordSanatoriumAttendanceInput!) { recordSanatoriumAttendance(input: $input) {
  sanatoriumNomination { id status } userErrors { field code message } } }"""


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def code(payload: dict[str, Any]) -> str:
    assert payload["userErrors"], payload
    return payload["userErrors"][0]["code"]


async def setup_plan(
    gql: GraphQLClient,
    *,
    total: int = 10,
    quotas: dict[str, int] | None = None,
    capacity: int = 10,
    family: bool = True,
    status: str = "OPEN",
    start: dt.date | None = None,
    days: int = 7,
) -> dict[str, Any]:
    tree = await province(gql)
    quota_input = [{"agencyId": tree[key]["id"], "quota": value} for key, value in (quotas or {}).items()]
    plan = ok(
        await gql.mutate(
            CREATE_PLAN,
            {
                "ownerId": tree["dept"]["id"],
                "year": YEAR,
                "tier": "PROVINCIAL",
                "title": f"{YEAR} 年省级疗养",
                "totalQuota": total,
                "quotas": quota_input,
            },
        )
    )["sanatoriumPlan"]
    site = ok(await gql.mutate(CREATE_SITE, {"ownerId": tree["dept"]["id"], "name": "太湖疗养院", "beds": 100}))
    start = start or dt.date(YEAR, 6, 1)
    batch = await add_batch(gql, plan["id"], site["sanatoriumSite"]["id"], start, days, capacity, family, status)
    return {**tree, "plan": plan, "site": site["sanatoriumSite"], "batch": batch}


async def add_batch(
    gql: GraphQLClient,
    plan: str,
    site: str,
    start: dt.date,
    days: int = 7,
    capacity: int = 10,
    family: bool = True,
    status: str = "OPEN",
) -> dict[str, Any]:
    batch = ok(
        await gql.mutate(
            CREATE_BATCH,
            {
                "planId": plan,
                "siteId": site,
                "name": f"{start:%m月}批次",
                "startsOn": start.isoformat(),
                "endsOn": (start + dt.timedelta(days=days - 1)).isoformat(),
                "capacity": capacity,
                "familyAllowed": family,
                "programme": "政治学习、红色教育、健康体检",
            },
        )
    )["sanatoriumBatch"]
    if status == "OPEN":
        ok(await gql.mutate(BATCH_STATUS, {"batchId": batch["id"], "status": "OPEN"}))
    return batch


async def hero(
    gql: GraphQLClient, agency: str, name: str = "李英雄", awards: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return await create_retiree(
        gql,
        agency,
        name=name,
        enlistedOn="1960-03-01",
        retiredOn="1990-03-01",
        awards=awards if awards is not None else [FIRST_CLASS],
    )


async def nominate(gql: GraphQLClient, batch: str, retiree: str, **extra: Any) -> dict[str, Any]:
    return await gql.mutate(NOMINATE, {"batchId": batch, "retireeId": retiree, **extra})


async def approve_all(gql: GraphQLClient, nomination: str) -> dict[str, Any]:
    ok(
        await gql.mutate(
            FITNESS, {"nominationId": nomination, "fitness": "FIT", "checkedOn": clock.today().isoformat()}
        )
    )
    payload: dict[str, Any] = {}
    for _ in range(5):
        payload = ok(await gql.mutate(REVIEW, {"nominationId": nomination, "decision": "APPROVE", "opinion": "同意"}))
        if payload["sanatoriumNomination"]["status"] == "APPROVED":
            break
    return payload


async def stay(gql: GraphQLClient, batch: str, retiree: str, attended: bool = True) -> str:
    """The retiree nominated for a batch that has begun, approved, and recorded as having gone
    (or not): the nomination's ID."""
    nomination = ok(await nominate(gql, batch, retiree))["sanatoriumNomination"]["id"]
    await approve_all(gql, nomination)
    ok(await gql.mutate(ATTEND, {"nominationId": nomination, "attended": attended}))
    return nomination
