"""The sanatorium's part of the test world (core.testing's ``scope_matrix`` and the core's
matrices): each province publishes this year's provincial plan, a site and an open batch to
its whole line; in each institute the retiree is nominated, with a companion."""

from typing import Any

from sanatorium_helpers import BATCH_STATUS, CREATE_BATCH, CREATE_PLAN, CREATE_SITE, NOMINATE, YEAR, ok

from core.testing import GraphQLClient

#: ID input fields whose name does not say their node type
ID_TYPES = {"ownerId": "Agency"}


async def publish(admin: GraphQLClient, province: dict[str, str]) -> dict[str, str]:
    """A province's open batch of its provincial plan at its site (IDs ``sanatorium_plan``,
    ``sanatorium_site``, ``sanatorium_batch``)."""
    owner = province["agency"]
    plan = ok(
        await admin.mutate(
            CREATE_PLAN,
            {
                "ownerId": owner,
                "year": YEAR,
                "tier": "PROVINCIAL",
                "title": "省级疗养",
                "totalQuota": 50,
            },
        )
    )["sanatoriumPlan"]["id"]
    site = ok(await admin.mutate(CREATE_SITE, {"ownerId": owner, "name": "疗养院", "beds": 100}))["sanatoriumSite"][
        "id"
    ]
    batch = ok(
        await admin.mutate(
            CREATE_BATCH,
            {
                "planId": plan,
                "siteId": site,
                "name": "第一批",
                "startsOn": f"{YEAR}-12-01",
                "endsOn": f"{YEAR}-12-07",
                "capacity": 50,
                "familyAllowed": True,
            },
        )
    )["sanatoriumBatch"]["id"]
    ok(await admin.mutate(BATCH_STATUS, {"batchId": batch, "status": "OPEN"}))
    return {"sanatorium_plan": plan, "sanatorium_site": site, "sanatorium_batch": batch}


async def populate(admin: GraphQLClient, institute: dict[str, Any]) -> None:
    """The institute's retiree nominated to the province's batch, with a companion."""
    ok(
        await admin.mutate(
            NOMINATE,
            {
                "batchId": institute["sanatorium_batch"],
                "retireeId": institute["retiree"],
                "companions": [{"name": "老伴", "relation": "SPOUSE"}],
            },
        )
    )
