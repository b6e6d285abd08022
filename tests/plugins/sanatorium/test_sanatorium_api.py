"""The sanatorium plugin through the API: eligibility, candidates, the nomination workflow,
quotas and capacity, events, reports and the CLI export."""

import base64
import csv
import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from sanatorium_helpers import (
    ATTEND,
    BATCH_STATUS,
    COMMENDATION,
    CREATE_BATCH,
    CREATE_PLAN,
    CREATE_SITE,
    FITNESS,
    REVIEW,
    SECOND_CLASS,
    SET_QUOTA,
    SUBMIT,
    WITHDRAW,
    YEAR,
    add_batch,
    approve_all,
    code,
    hero,
    nominate,
    ok,
    setup_plan,
)

from core import clock
from core.settings import Settings
from core.testing import create_agency, create_retiree, create_staff, make_client

DEATH = "mutation ($input: RecordRetireeDeathInput!) { recordRetireeDeath(input: $input) { retiree { status } userErrors { code } } }"


@pytest.fixture
async def san(db):
    client = await make_client(Settings(plugins=["sanatorium"]))
    yield client
    await client.http.aclose()


async def test_eligibility_is_explained_per_tier(san):
    tree = await setup_plan(san)
    first = await hero(san, tree["first"]["id"])
    second = await hero(san, tree["first"]["id"], "王二等", [SECOND_CLASS])
    none = await hero(san, tree["first"]["id"], "赵嘉奖", [COMMENDATION])
    query = "query ($id: ID!) { retiree(id: $id) { sanatoriumEligibility { tier eligible needsRecommendation rules qualifyingAwards { level period } } } }"
    rows = {r["tier"]: r for r in (await san(query, {"id": first["id"]}))["retiree"]["sanatoriumEligibility"]}
    assert [t for t in rows] == ["NATIONAL", "PROVINCIAL", "CITY", "COUNTY"]
    assert rows["PROVINCIAL"]["eligible"] and not rows["PROVINCIAL"]["needsRecommendation"]
    assert rows["PROVINCIAL"]["qualifyingAwards"] == [{"level": "FIRST_CLASS_MERIT", "period": "DURING_SERVICE"}]
    assert not rows["NATIONAL"]["eligible"] and rows["NATIONAL"]["qualifyingAwards"] == []
    rows = {r["tier"]: r for r in (await san(query, {"id": second["id"]}))["retiree"]["sanatoriumEligibility"]}
    assert rows["PROVINCIAL"]["eligible"] and rows["PROVINCIAL"]["needsRecommendation"]
    assert rows["CITY"]["eligible"] and not rows["CITY"]["needsRecommendation"]
    rows = {r["tier"]: r for r in (await san(query, {"id": none["id"]}))["retiree"]["sanatoriumEligibility"]}
    assert not any(r["eligible"] for r in rows.values())
    # with a recommendation only; without one the nomination is refused
    refused = await nominate(san, tree["batch"]["id"], second["id"])
    assert code(refused) == "REQUIRED" and refused["userErrors"][0]["field"] == "recommendation"
    ok(await nominate(san, tree["batch"]["id"], second["id"], recommendation="市局推荐"))
    assert code(await nominate(san, tree["batch"]["id"], none["id"])) == "INVALID_VALUE"


async def test_eligibility_rules_come_from_settings(db):
    rules = {"eligibility": {"PROVINCIAL": [{"label": "嘉奖", "levels": ["COMMENDATION"]}]}}
    client = await make_client(Settings(plugins=["sanatorium"], plugin_settings={"sanatorium": rules}))
    tree = await setup_plan(client)
    person = await hero(client, tree["first"]["id"], "赵嘉奖", [COMMENDATION])
    data = await client(
        "query ($id: ID!) { retiree(id: $id) { sanatoriumEligibility { tier eligible rules } } }", {"id": person["id"]}
    )
    provincial = next(r for r in data["retiree"]["sanatoriumEligibility"] if r["tier"] == "PROVINCIAL")
    assert provincial == {"tier": "PROVINCIAL", "eligible": True, "rules": ["嘉奖"]}
    # tiers the instance does not rewrite keep their defaults
    merit = await hero(client, tree["first"]["id"], "钱一等")
    data = await client(
        "query ($id: ID!) { retiree(id: $id) { sanatoriumEligibility { tier eligible } } }", {"id": merit["id"]}
    )
    assert {r["tier"]: r["eligible"] for r in data["retiree"]["sanatoriumEligibility"]} == {
        "NATIONAL": False,
        "PROVINCIAL": False,
        "CITY": True,
        "COUNTY": True,
    }
    await client.http.aclose()


async def test_whole_workflow_with_levels_and_history(san):
    tree = await setup_plan(san)
    person = await hero(san, tree["first"]["id"])
    created = ok(
        await nominate(
            san, tree["batch"]["id"], person["id"], submit=False, companions=[{"name": "李老伴", "relation": "SPOUSE"}]
        )
    )
    nomination = created["sanatoriumNomination"]
    assert nomination["status"] == "DRAFT" and nomination["companions"] == [{"name": "李老伴", "relation": "SPOUSE"}]
    # a draft cannot be reviewed; illegal transitions carry INVALID_TRANSITION
    assert (
        code(await san.mutate(REVIEW, {"nominationId": nomination["id"], "decision": "APPROVE"}))
        == "INVALID_TRANSITION"
    )
    submitted = ok(await san.mutate(SUBMIT, {"nominationId": nomination["id"]}))["sanatoriumNomination"]
    assert submitted == {"id": nomination["id"], "status": "NOMINATED", "pendingLevel": "AGENCY"}
    when = "query ($id: ID!) { sanatoriumNomination(id: $id) { nominatedAt } }"
    assert (await san(when, {"id": nomination["id"]}))["sanatoriumNomination"]["nominatedAt"] is not None
    assert code(await san.mutate(SUBMIT, {"nominationId": nomination["id"]})) == "INVALID_TRANSITION"
    step = ok(await san.mutate(REVIEW, {"nominationId": nomination["id"], "decision": "APPROVE", "opinion": "同意"}))
    assert (
        step["sanatoriumNomination"]["status"] == "UNDER_REVIEW"
        and step["sanatoriumNomination"]["pendingLevel"] == "CITY"
    )
    step = ok(await san.mutate(REVIEW, {"nominationId": nomination["id"], "decision": "APPROVE", "opinion": "同意"}))
    assert step["sanatoriumNomination"]["pendingLevel"] == "PROVINCE"
    # the last level needs a FIT health assessment
    assert (
        code(await san.mutate(REVIEW, {"nominationId": nomination["id"], "decision": "APPROVE"}))
        == "INVALID_TRANSITION"
    )
    ok(
        await san.mutate(
            FITNESS,
            {
                "nominationId": nomination["id"],
                "fitness": "FIT",
                "checkedOn": clock.today().isoformat(),
                "note": "血压正常",
            },
        )
    )
    done = ok(
        await san.mutate(REVIEW, {"nominationId": nomination["id"], "decision": "APPROVE", "opinion": "同意疗养"})
    )
    node = done["sanatoriumNomination"]
    assert node["status"] == "APPROVED" and node["pendingLevel"] is None
    assert [(r["level"], r["decision"], r["reviewerName"]) for r in node["reviews"]] == [
        ("AGENCY", "APPROVE", "admin"),
        ("CITY", "APPROVE", "admin"),
        ("PROVINCE", "APPROVE", "admin"),
    ]
    # attendance in a batch that already began
    past = await add_batch(san, tree["plan"]["id"], tree["site"]["id"], dt.date(YEAR, 1, 2), 3)
    other = await hero(san, tree["second"]["id"], "周往年")
    old = ok(await nominate(san, past["id"], other["id"]))["sanatoriumNomination"]
    await approve_all(san, old["id"])
    attended = ok(await san.mutate(ATTEND, {"nominationId": old["id"], "attended": True}))
    assert attended["sanatoriumNomination"]["status"] == "ATTENDED"
    assert code(await san.mutate(WITHDRAW, {"nominationId": old["id"], "reason": "x"})) == "INVALID_TRANSITION"
    data = await san(
        "query ($id: ID!) { retiree(id: $id) { sanatoriumNominations { status batch { name } } } }", {"id": other["id"]}
    )
    assert data["retiree"]["sanatoriumNominations"] == [{"status": "ATTENDED", "batch": {"name": past["name"]}}]


async def test_reject_and_withdraw(san):
    tree = await setup_plan(san)
    a = await hero(san, tree["first"]["id"], "甲")
    b = await hero(san, tree["first"]["id"], "乙")
    na = ok(await nominate(san, tree["batch"]["id"], a["id"]))["sanatoriumNomination"]
    nb = ok(await nominate(san, tree["batch"]["id"], b["id"]))["sanatoriumNomination"]
    assert code(await san.mutate(REVIEW, {"nominationId": na["id"], "decision": "REJECT"})) == "REQUIRED"
    rejected = ok(await san.mutate(REVIEW, {"nominationId": na["id"], "decision": "REJECT", "opinion": "名额有限"}))
    assert rejected["sanatoriumNomination"]["status"] == "REJECTED"
    withdrawn = ok(await san.mutate(WITHDRAW, {"nominationId": nb["id"], "reason": "本人放弃"}))
    assert withdrawn["sanatoriumNomination"] == {"id": nb["id"], "status": "WITHDRAWN", "reason": "本人放弃"}
    # a withdrawn nomination frees the person for a new one
    ok(await nominate(san, tree["batch"]["id"], b["id"]))


async def test_capacity_counts_companions_and_quotas_hold(san):
    tree = await setup_plan(san, total=3, quotas={"first": 2, "second": 1}, capacity=3)
    people = [await hero(san, tree["first"]["id"], f"一所{i}") for i in range(3)]
    other = await hero(san, tree["second"]["id"], "二所甲")
    ok(await nominate(san, tree["batch"]["id"], people[0]["id"], companions=[{"name": "配偶", "relation": "SPOUSE"}]))
    # 2 of 3 places taken: one with a companion no longer fits
    full = await nominate(
        san, tree["batch"]["id"], people[1]["id"], companions=[{"name": "配偶", "relation": "SPOUSE"}]
    )
    assert code(full) == "CAPACITY_EXCEEDED"
    ok(await nominate(san, tree["batch"]["id"], people[1]["id"]))
    # the first institute's quota (2) is used up; a second batch does not help
    batch2 = await add_batch(san, tree["plan"]["id"], tree["site"]["id"], dt.date(YEAR, 9, 1))
    assert code(await nominate(san, batch2["id"], people[2]["id"])) == "QUOTA_EXCEEDED"
    ok(await nominate(san, batch2["id"], other["id"]))
    usage = await san(
        "query ($id: ID!) { sanatoriumPlan(id: $id) { quotaUsage { agency { name } quota used remaining } } }",
        {"id": tree["plan"]["id"]},
    )
    assert usage["sanatoriumPlan"]["quotaUsage"] == [
        {"agency": None, "quota": 3, "used": 3, "remaining": 0},
        {"agency": {"name": "南京市第一军休所"}, "quota": 2, "used": 2, "remaining": 0},
        {"agency": {"name": "南京市第二军休所"}, "quota": 1, "used": 1, "remaining": 0},
    ]
    batch = await san(
        "query ($id: ID!) { sanatoriumBatch(id: $id) { occupied capacity } }", {"id": tree["batch"]["id"]}
    )
    assert batch["sanatoriumBatch"] == {"occupied": 3, "capacity": 3}


async def test_overlap_family_and_batch_rules(san):
    tree = await setup_plan(san, family=False)
    person = await hero(san, tree["first"]["id"])
    assert (
        code(await nominate(san, tree["batch"]["id"], person["id"], companions=[{"name": "x", "relation": "CHILD"}]))
        == "INVALID_VALUE"
    )
    ok(await nominate(san, tree["batch"]["id"], person["id"]))
    assert code(await nominate(san, tree["batch"]["id"], person["id"])) == "DUPLICATE"
    # another plan (city tier) with an overlapping batch
    city_plan = ok(
        await san.mutate(
            CREATE_PLAN, {"ownerId": tree["city"]["id"], "year": YEAR, "tier": "CITY", "title": "市级", "totalQuota": 5}
        )
    )
    overlapping = await add_batch(san, city_plan["sanatoriumPlan"]["id"], tree["site"]["id"], dt.date(YEAR, 6, 5))
    assert code(await nominate(san, overlapping["id"], person["id"])) == "SCHEDULE_CONFLICT"
    # batch dates inside the plan year; tier matches the owner's level; batch status machine
    bad = await san.mutate(
        CREATE_BATCH,
        {
            "planId": tree["plan"]["id"],
            "siteId": tree["site"]["id"],
            "name": "跨年",
            "startsOn": f"{YEAR}-12-28",
            "endsOn": f"{YEAR + 1}-01-03",
            "capacity": 5,
        },
    )
    assert code(bad) == "DATE_ORDER"
    wrong_tier = await san.mutate(
        CREATE_PLAN, {"ownerId": tree["dept"]["id"], "year": YEAR, "tier": "CITY", "title": "x", "totalQuota": 5}
    )
    assert code(wrong_tier) == "INVALID_VALUE"
    assert (
        code(await san.mutate(BATCH_STATUS, {"batchId": tree["batch"]["id"], "status": "PLANNED"}))
        == "INVALID_TRANSITION"
    )
    planned = await add_batch(san, tree["plan"]["id"], tree["site"]["id"], dt.date(YEAR, 8, 1), status="PLANNED")
    other = await hero(san, tree["second"]["id"], "二所")
    assert code(await nominate(san, planned["id"], other["id"])) == "INVALID_TRANSITION"
    assert (
        ok(await nominate(san, planned["id"], other["id"], submit=False))["sanatoriumNomination"]["status"] == "DRAFT"
    )


async def test_candidates_rank_by_fairness_and_exclude(san):
    tree = await setup_plan(san)
    never = await hero(san, tree["first"]["id"], "从未")
    recent = await hero(san, tree["first"]["id"], "去年")
    dead = await hero(san, tree["first"]["id"], "已故")
    await hero(san, tree["first"]["id"], "无功", [COMMENDATION])
    # 'recent' attended a batch earlier this year
    past = await add_batch(san, tree["plan"]["id"], tree["site"]["id"], dt.date(YEAR, 1, 2), 3)
    old = ok(await nominate(san, past["id"], recent["id"]))["sanatoriumNomination"]
    await approve_all(san, old["id"])
    ok(await san.mutate(ATTEND, {"nominationId": old["id"], "attended": True}))
    died = await san.mutate(DEATH, {"id": dead["id"], "diedOn": clock.today().isoformat()})
    assert died == {"retiree": {"status": "DECEASED"}, "userErrors": []}
    # a new plan (next year) sees the history; this plan excludes those already nominated in it
    plan2 = ok(
        await san.mutate(
            CREATE_PLAN,
            {"ownerId": tree["dept"]["id"], "year": YEAR + 1, "tier": "PROVINCIAL", "title": "明年", "totalQuota": 5},
        )
    )
    query = """query ($plan: ID!, $batch: ID) { sanatoriumCandidates(filter: { planId: $plan, batchId: $batch }) { totalCount
      edges { node { retiree { name } timesAttended lastAttendedOn eligibility { eligible } } } } }"""
    data = await san(query, {"plan": plan2["sanatoriumPlan"]["id"]})
    names = [e["node"]["retiree"]["name"] for e in data["sanatoriumCandidates"]["edges"]]
    assert names == ["从未", "去年"]
    assert data["sanatoriumCandidates"]["edges"][1]["node"]["timesAttended"] == 1
    this_year = await san(query, {"plan": tree["plan"]["id"], "batch": tree["batch"]["id"]})
    assert [e["node"]["retiree"]["name"] for e in this_year["sanatoriumCandidates"]["edges"]] == ["从未"]
    ok(await nominate(san, tree["batch"]["id"], never["id"]))
    assert (await san(query, {"plan": tree["plan"]["id"]}))["sanatoriumCandidates"]["totalCount"] == 0


async def test_events_withdraw_and_move_nominations(san):
    tree = await setup_plan(san)
    dies = await hero(san, tree["first"]["id"], "将故")
    moves = await hero(san, tree["first"]["id"], "将转")
    leaves = await hero(san, tree["first"]["id"], "将出")
    n = {
        p["name"]: ok(await nominate(san, tree["batch"]["id"], p["id"]))["sanatoriumNomination"]["id"]
        for p in (dies, moves, leaves)
    }
    died = await san.mutate(DEATH, {"id": dies["id"], "diedOn": clock.today().isoformat()})
    assert died == {"retiree": {"status": "DECEASED"}, "userErrors": []}
    transfer = (
        "mutation ($input: TransferRetireeInput!) { transferRetiree(input: $input) { userErrors { code message } } }"
    )
    today = clock.today().isoformat()
    assert (
        await san(transfer, {"input": {"id": moves["id"], "toAgencyId": tree["second"]["id"], "transferredOn": today}})
    )["transferRetiree"]["userErrors"] == []
    assert (await san(transfer, {"input": {"id": leaves["id"], "destination": "外省", "transferredOn": today}}))[
        "transferRetiree"
    ]["userErrors"] == []
    query = "query ($id: ID!) { sanatoriumNomination(id: $id) { status reason agency { name } } }"
    assert (await san(query, {"id": n["将故"]}))["sanatoriumNomination"]["status"] == "WITHDRAWN"
    moved = (await san(query, {"id": n["将转"]}))["sanatoriumNomination"]
    assert moved["status"] == "NOMINATED" and moved["agency"]["name"] == "南京市第二军休所"
    assert (await san(query, {"id": n["将出"]}))["sanatoriumNomination"]["status"] == "WITHDRAWN"
    # merging the second institute into the first moves its nominations and quotas
    merge = "mutation ($input: MergeAgenciesInput!) { mergeAgencies(input: $input) { userErrors { code message } } }"
    merged = await san(merge, {"input": {"sourceId": tree["second"]["id"], "targetId": tree["first"]["id"]}})
    assert merged["mergeAgencies"]["userErrors"] == []
    assert (await san(query, {"id": n["将转"]}))["sanatoriumNomination"]["agency"]["name"] == "南京市第一军休所"


async def test_reviews_need_the_right_level_and_permission(san):
    from security_helpers_sanatorium import account_token  # noqa: PLC0415

    tree = await setup_plan(san)
    person = await hero(san, tree["first"]["id"])
    nomination = ok(await nominate(san, tree["batch"]["id"], person["id"]))["sanatoriumNomination"]["id"]
    staff = (
        await san(
            "mutation ($input: CreateStaffMemberInput!) { createStaffMember(input: $input) { staffMember { id } userErrors { code } } }",
            {"input": {"agencyId": tree["first"]["id"], "name": "所长", "gender": "MALE", "employment": "CONTRACT"}},
        )
    )["createStaffMember"]["staffMember"]
    manager = san.as_user(await account_token(san, "mgr.first", "AGENCY_MANAGER", staffId=staff["id"]))
    city = san.as_user(await account_token(san, "dept.city", "DEPARTMENT_ADMIN", departmentId=tree["city"]["id"]))
    clerk = san.as_user(await account_token(san, "clerk.first", "AGENCY_STAFF", staffId=staff["id"]))
    review = {"nominationId": nomination, "decision": "APPROVE", "opinion": "同意"}
    assert code(await clerk.mutate(REVIEW, review)) == "FORBIDDEN"  # no review permission
    assert code(await city.mutate(REVIEW, review)) == "FORBIDDEN"  # city's turn comes after the agency's
    first = ok(await manager.mutate(REVIEW, review))["sanatoriumNomination"]
    assert first["pendingLevel"] == "CITY" and first["reviews"][0]["reviewerAgency"] == {"name": "南京市第一军休所"}
    assert code(await manager.mutate(REVIEW, review)) == "FORBIDDEN"
    second = ok(await city.mutate(REVIEW, review))["sanatoriumNomination"]
    assert second["pendingLevel"] == "PROVINCE"
    # the institute sees the province's plan and batch (shared down), not a sibling city's plan
    other_city = await create_agency(san, "苏州市退役军人事务局", "DEPARTMENT", tree["dept"]["id"])
    ok(
        await san.mutate(
            CREATE_PLAN,
            {"ownerId": other_city["id"], "year": YEAR, "tier": "CITY", "title": "苏州市级", "totalQuota": 5},
        )
    )
    plans = await manager("{ sanatoriumPlans { edges { node { title batches { name } } } } }")
    assert [e["node"]["title"] for e in plans["sanatoriumPlans"]["edges"]] == [f"{YEAR} 年省级疗养"]
    # health notes are masked without the sensitive permission
    ok(
        await san.mutate(
            FITNESS,
            {"nominationId": nomination, "fitness": "FIT", "checkedOn": clock.today().isoformat(), "note": "高血压"},
        )
    )
    note = "query ($id: ID!) { sanatoriumNomination(id: $id) { fitnessNote } }"
    assert (await clerk(note, {"id": nomination}))["sanatoriumNomination"]["fitnessNote"] == "****"
    assert (await manager(note, {"id": nomination}))["sanatoriumNomination"]["fitnessNote"] == "高血压"
    # agencies nominate but do not plan
    refused = await manager.mutate(
        CREATE_PLAN, {"ownerId": tree["city"]["id"], "year": YEAR, "tier": "CITY", "title": "x", "totalQuota": 1}
    )
    assert code(refused) == "FORBIDDEN"
    assert await create_retiree(san, tree["first"]["id"], name="凑数")


async def test_lists_are_free_of_n_plus_one(san, sql_counter):
    tree = await setup_plan(san, capacity=40, total=40)
    for i in range(6):
        person = await hero(san, tree["first"]["id"], f"人{i}")
        ok(await nominate(san, tree["batch"]["id"], person["id"], companions=[{"name": "伴", "relation": "SPOUSE"}]))
    query = """query ($first: Int) { sanatoriumNominations(first: $first) { edges { node { status retiree { name sanatoriumEligibility { eligible } }
      agency { name } companions { name } reviews { level } batch { name occupied site { name } plan { title quotas { quota } } } } } } }"""
    counts = []
    for first in (2, 6):
        sql_counter.statements.clear()
        await san(query, {"first": first})
        counts.append(len(sql_counter.statements))
    assert counts[0] == counts[1], counts


async def test_roster_csv_from_the_cli(san, tmp_path, database_url):
    tree = await setup_plan(san)
    person = await hero(san, tree["first"]["id"], "名单甲")
    ok(await nominate(san, tree["batch"]["id"], person["id"], companions=[{"name": "老伴", "relation": "SPOUSE"}]))
    from core.api import decode_id

    batch = decode_id(tree["batch"]["id"], "SanatoriumBatch", "batchId")
    target = tmp_path / "roster.csv"
    env = {**os.environ, "JUNXIU_DATABASE_URL": database_url, "JUNXIU_PLUGINS": "sanatorium"}
    result = subprocess.run(
        [sys.executable, "-m", "core.cli", "sanatorium", "roster", str(batch), "--output", str(target)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens UTF-8 correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["姓名", "性别", "年龄", "推荐机构", "随行家属", "状态", "健康评估"]
    assert rows[1][0] == "名单甲" and rows[1][3:6] == ["南京市第一军休所", "老伴（配偶）", "已推荐"]
    assert person["id"] not in raw.decode("utf-8-sig")


async def test_portal_operations_run(san):
    from support import ROOT

    folder = ROOT / "graphql" / "operations" / "sanatorium"
    tree = await setup_plan(san)
    person = await hero(san, tree["first"]["id"])
    ok(await nominate(san, tree["batch"]["id"], person["id"]))
    variables = {
        "SanatoriumPlans": {},
        "SanatoriumCandidates": {"planId": tree["plan"]["id"], "batchId": tree["batch"]["id"]},
        "SanatoriumBatchRoster": {"id": tree["batch"]["id"]},
        "SanatoriumNominations": {"status": "NOMINATED"},
        "RetireeSanatorium": {"id": person["id"]},
    }
    for name, values in variables.items():
        data = await san((folder / f"{name}.graphql").read_text(encoding="utf-8"), values)
        assert all(value is not None for value in data.values()), name
    roster = await san(
        (folder / "SanatoriumBatchRoster.graphql").read_text(encoding="utf-8"), {"id": tree["batch"]["id"]}
    )
    assert [n["retiree"]["name"] for n in roster["sanatoriumBatch"]["nominations"]] == ["李英雄"]


async def test_the_plans_total_quota_holds_exactly(san):
    # no agency quotas: only the plan's total counts; the batch has room for more
    tree = await setup_plan(san, total=2, capacity=10)
    people = [await hero(san, tree[key]["id"], f"总额{i}") for i, key in enumerate(["first", "second", "first"])]
    for person in people[:2]:
        assert (
            ok(await nominate(san, tree["batch"]["id"], person["id"]))["sanatoriumNomination"]["status"] == "NOMINATED"
        )
    refused = await nominate(san, tree["batch"]["id"], people[2]["id"])
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("batchId", "QUOTA_EXCEEDED")]
    usage = await san(
        "query ($id: ID!) { sanatoriumPlan(id: $id) { quotaUsage { quota used } } }", {"id": tree["plan"]["id"]}
    )
    assert usage["sanatoriumPlan"]["quotaUsage"] == [{"quota": 2, "used": 2}]


async def test_the_batch_capacity_holds_exactly_with_companions(san):
    tree = await setup_plan(san, total=10, capacity=3)
    a, b, c = [await hero(san, tree["first"]["id"], f"容量{i}") for i in range(3)]
    spouse = [{"name": "配偶", "relation": "SPOUSE"}]
    ok(await nominate(san, tree["batch"]["id"], a["id"], companions=spouse))
    # 2 of 3 places taken: b with a companion needs 2 and is refused, b alone fills the batch
    with_companion = await nominate(san, tree["batch"]["id"], b["id"], companions=spouse)
    assert [(e["field"], e["code"]) for e in with_companion["userErrors"]] == [("batchId", "CAPACITY_EXCEEDED")]
    ok(await nominate(san, tree["batch"]["id"], b["id"]))
    refused = await nominate(san, tree["batch"]["id"], c["id"])
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("batchId", "CAPACITY_EXCEEDED")]
    batch = await san(
        "query ($id: ID!) { sanatoriumBatch(id: $id) { occupied capacity } }", {"id": tree["batch"]["id"]}
    )
    assert batch["sanatoriumBatch"] == {"occupied": 3, "capacity": 3}


async def test_a_batchs_capacity_counts_only_its_own_occupying_people(san):
    tree = await setup_plan(san, total=10, capacity=3)
    spouse = [{"name": "配偶", "relation": "SPOUSE"}]
    june = [await hero(san, tree["first"]["id"], f"六月{i}") for i in range(2)]
    ok(await nominate(san, tree["batch"]["id"], june[0]["id"], companions=spouse))
    ok(await nominate(san, tree["batch"]["id"], june[1]["id"]))
    small = await add_batch(san, tree["plan"]["id"], tree["site"]["id"], dt.date(YEAR, 9, 1), capacity=2)
    gave_up, person = await hero(san, tree["first"]["id"], "九月放弃"), await hero(san, tree["first"]["id"], "九月")
    left = ok(await nominate(san, small["id"], gave_up["id"], companions=spouse))["sanatoriumNomination"]["id"]
    ok(await san.mutate(WITHDRAW, {"nominationId": left, "reason": "本人放弃"}))
    # June's three and the withdrawn pair take none of September's two places
    ok(await nominate(san, small["id"], person["id"], companions=spouse))


async def test_a_stay_touching_the_batchs_dates_conflicts_one_before_or_after_does_not(san):
    """The setup's batch runs 1–7 June; each retiree already has a stay in a city plan's batch."""
    tree = await setup_plan(san)
    city = ok(
        await san.mutate(
            CREATE_PLAN, {"ownerId": tree["city"]["id"], "year": YEAR, "tier": "CITY", "title": "市级", "totalQuota": 9}
        )
    )["sanatoriumPlan"]["id"]
    stays = {  # first day of the 7-day stay: does it clash with 1–7 June?
        dt.date(YEAR, 5, 26): True,  # ends 1 June
        dt.date(YEAR, 6, 7): True,  # begins 7 June
        dt.date(YEAR, 5, 25): False,  # ends 31 May
        dt.date(YEAR, 6, 8): False,  # begins 8 June
    }
    for start, clash in stays.items():
        person = await hero(san, tree["first"]["id"], f"{start:%m%d}")
        ok(await nominate(san, (await add_batch(san, city, tree["site"]["id"], start))["id"], person["id"]))
        payload = await nominate(san, tree["batch"]["id"], person["id"])
        expected = [{"field": "batchId", "code": "SCHEDULE_CONFLICT", "message": "该军休干部已有时间重叠的疗养批次"}]
        assert payload["userErrors"] == (expected if clash else []), start


async def test_an_agencys_quota_holds_exactly(san):
    tree = await setup_plan(san, total=10, quotas={"first": 1}, capacity=10)
    a, b = [await hero(san, tree["first"]["id"], f"所额{i}") for i in range(2)]
    ok(await nominate(san, tree["batch"]["id"], a["id"]))
    refused = await nominate(san, tree["batch"]["id"], b["id"])
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("retireeId", "QUOTA_EXCEEDED")]


async def test_departments_below_the_owner_cannot_change_a_shared_plan(san):
    from security_helpers_sanatorium import account_token  # noqa: PLC0415

    tree = await setup_plan(san)
    # the city department holds sanatorium.plan and sees the province's plan and batch (shared
    # down), but they are the province's: every change is refused
    city = san.as_user(await account_token(san, "dept.city", "DEPARTMENT_ADMIN", departmentId=tree["city"]["id"]))
    seen = await city(
        "query ($id: ID!) { sanatoriumPlan(id: $id) { id batches { id status } } }", {"id": tree["plan"]["id"]}
    )
    assert seen["sanatoriumPlan"]["batches"] == [{"id": tree["batch"]["id"], "status": "OPEN"}]
    own_site = ok(await city.mutate(CREATE_SITE, {"ownerId": tree["city"]["id"], "name": "市疗养院", "beds": 50}))
    quota = await city.mutate(SET_QUOTA, {"planId": tree["plan"]["id"], "agencyId": tree["first"]["id"], "quota": 5})
    batch = await city.mutate(
        CREATE_BATCH,
        {
            "planId": tree["plan"]["id"],
            "siteId": own_site["sanatoriumSite"]["id"],
            "name": "市里加的批次",
            "startsOn": f"{YEAR}-10-01",
            "endsOn": f"{YEAR}-10-07",
            "capacity": 5,
        },
    )
    status = await city.mutate(BATCH_STATUS, {"batchId": tree["batch"]["id"], "status": "CLOSED"})
    message = "只有计划所属部门（或其上级）可以修改"
    for refused, field in ((quota, "planId"), (batch, "planId"), (status, "batchId")):
        assert refused["userErrors"] == [{"field": field, "code": "FORBIDDEN", "message": message}], refused
    after = await san(
        "query ($id: ID!) { sanatoriumPlan(id: $id) { quotas { quota } batches { status } } }",
        {"id": tree["plan"]["id"]},
    )
    assert after["sanatoriumPlan"] == {"quotas": [], "batches": [{"status": "OPEN"}]}
    # the province's own department may
    province = san.as_user(await account_token(san, "dept.prov", "DEPARTMENT_ADMIN", departmentId=tree["dept"]["id"]))
    ok(await province.mutate(SET_QUOTA, {"planId": tree["plan"]["id"], "agencyId": tree["first"]["id"], "quota": 5}))
    ok(await province.mutate(BATCH_STATUS, {"batchId": tree["batch"]["id"], "status": "CLOSED"}))


async def test_the_agencies_quotas_add_up_to_at_most_the_total(san):
    tree = await setup_plan(san, total=10, quotas={"first": 6})
    over = await san.mutate(SET_QUOTA, {"planId": tree["plan"]["id"], "agencyId": tree["second"]["id"], "quota": 5})
    assert over["userErrors"] == [
        {"field": "quotas", "code": "QUOTA_EXCEEDED", "message": "各机构名额合计 11 超过总名额 10"}
    ]
    ok(await san.mutate(SET_QUOTA, {"planId": tree["plan"]["id"], "agencyId": tree["second"]["id"], "quota": 4}))


async def test_an_agency_left_out_of_the_allotment_gets_the_plugins_error_code(san):
    tree = await setup_plan(san, total=10, quotas={"first": 1}, capacity=10)
    outside = await hero(san, tree["second"]["id"], "未分配")
    refused = await nominate(san, tree["batch"]["id"], outside["id"])
    assert refused["userErrors"] == [
        {"field": "retireeId", "code": "SANATORIUM_QUOTA_NOT_ALLOTTED", "message": "本机构在该计划中没有分配名额"}
    ]


async def test_a_closed_agency_gets_no_places_but_can_give_them_back(san):
    tree = await setup_plan(san, total=10, quotas={"first": 2}, capacity=10)
    closed = await san.mutate(
        "mutation ($input: CloseAgencyInput!) { closeAgency(input: $input) { userErrors { code } } }",
        {"id": tree["first"]["id"]},
    )
    assert closed["userErrors"] == []
    more = await san.mutate(SET_QUOTA, {"planId": tree["plan"]["id"], "agencyId": tree["first"]["id"], "quota": 1})
    assert [(e["field"], e["code"]) for e in more["userErrors"]] == [("agencyId", "AGENCY_INACTIVE")]
    back = ok(await san.mutate(SET_QUOTA, {"planId": tree["plan"]["id"], "agencyId": tree["first"]["id"], "quota": 0}))
    usage = await san(
        "query ($id: ID!) { sanatoriumPlan(id: $id) { quotaUsage { quota } } }", {"id": back["sanatoriumPlan"]["id"]}
    )
    assert usage["sanatoriumPlan"]["quotaUsage"] == [{"quota": 10}, {"quota": 0}]  # the plan's total, then the agency


async def test_the_roster_lists_the_batchs_people_in_the_principals_scope(san):
    """``services.roster`` (behind the CSV export): each occupying nomination of the batch with
    its agency, companions, status and fitness; withdrawn ones left out; scoped."""
    from security_helpers_sanatorium import account_token  # noqa: PLC0415

    from core.api import SYSTEM, decode_id
    from core.services.accounts import authenticate
    from plugins.sanatorium import services

    tree = await setup_plan(san)
    first = await hero(san, tree["first"]["id"], "名单甲")
    second = await hero(san, tree["second"]["id"], "名单乙")
    gone = await hero(san, tree["first"]["id"], "名单丙")
    ok(await nominate(san, tree["batch"]["id"], first["id"], companions=[{"name": "老伴", "relation": "SPOUSE"}]))
    ok(await nominate(san, tree["batch"]["id"], second["id"]))
    left = ok(await nominate(san, tree["batch"]["id"], gone["id"]))["sanatoriumNomination"]
    ok(await san.mutate(WITHDRAW, {"nominationId": left["id"], "reason": "本人放弃"}))
    batch = decode_id(tree["batch"]["id"], "SanatoriumBatch", "batchId")
    age = clock.today().year - 1940 - (clock.today() < clock.today().replace(month=5, day=1))
    everyone = await services.roster(SYSTEM, batch)
    assert sorted(everyone, key=lambda line: line.name) == [
        services.RosterLine("名单乙", "男", age, "南京市第二军休所", "", "已推荐", "未评估"),
        services.RosterLine("名单甲", "男", age, "南京市第一军休所", "老伴（配偶）", "已推荐", "未评估"),
    ]
    manager = await create_staff(san, tree["first"]["id"], name="王所长")
    principal = await authenticate(await account_token(san, "roster.manager", "AGENCY_MANAGER", staffId=manager["id"]))
    assert [line.name for line in await services.roster(principal, batch)] == ["名单甲"]


async def test_the_roster_is_the_batchs_own_with_every_companion(db):
    from core.api import SYSTEM, ErrorCode, ServiceError, decode_id
    from plugins.sanatorium import services

    two = {"sanatorium": {"max_companions": 2}}
    client = await make_client(Settings(plugins=["sanatorium"], plugin_settings=two))
    tree = await setup_plan(client)
    family = [{"name": "老伴", "relation": "SPOUSE"}, {"name": "小李", "relation": "CHILD"}]
    ok(
        await nominate(
            client, tree["batch"]["id"], (await hero(client, tree["first"]["id"], "六月"))["id"], companions=family
        )
    )
    september = await add_batch(client, tree["plan"]["id"], tree["site"]["id"], dt.date(YEAR, 9, 1))
    ok(await nominate(client, september["id"], (await hero(client, tree["first"]["id"], "九月"))["id"]))
    lines = await services.roster(SYSTEM, decode_id(tree["batch"]["id"], "SanatoriumBatch", "batchId"))
    assert [(line.name, line.companions) for line in lines] == [("六月", "老伴（配偶）、小李（子女）")]
    with pytest.raises(ServiceError) as unknown:
        await services.roster(SYSTEM, 999999)
    assert (unknown.value.code, unknown.value.field) == (ErrorCode.NOT_FOUND, "batchId")
    await client.http.aclose()


async def test_quota_usage_counts_only_the_plans_own_nominations(san):
    tree = await setup_plan(san, total=10, quotas={"first": 2})
    city = ok(
        await san.mutate(
            CREATE_PLAN, {"ownerId": tree["city"]["id"], "year": YEAR, "tier": "CITY", "title": "市级", "totalQuota": 9}
        )
    )["sanatoriumPlan"]["id"]
    elsewhere = await add_batch(san, city, tree["site"]["id"], dt.date(YEAR, 9, 1))
    ok(await nominate(san, elsewhere["id"], (await hero(san, tree["first"]["id"], "市级的"))["id"]))
    ok(await nominate(san, tree["batch"]["id"], (await hero(san, tree["first"]["id"], "省级的"))["id"]))
    usage = await san(
        "query ($id: ID!) { sanatoriumPlan(id: $id) { quotaUsage { quota used } } }", {"id": tree["plan"]["id"]}
    )
    assert usage["sanatoriumPlan"]["quotaUsage"] == [{"quota": 10, "used": 1}, {"quota": 2, "used": 1}]
    # an agency's quota may be the whole total
    whole = {"planId": tree["plan"]["id"], "agencyId": tree["first"]["id"], "quota": 10}
    assert ok(await san.mutate(SET_QUOTA, whole))["sanatoriumPlan"]["quotas"] == [{"quota": 10}]


@pytest.mark.parametrize(
    ("owner", "refusal"),
    [
        ("first", ("INVALID_VALUE", "须为退役军人事务部门")),
        ("closed", ("AGENCY_INACTIVE", "该部门已撤销或已合并")),
        ("unknown", ("NOT_FOUND", "记录不存在或不在可见范围内")),
    ],
)
async def test_sites_and_plans_belong_to_an_active_department(san, owner, refusal):
    tree = await setup_plan(san)
    closed = await create_agency(san, "已撤销的市局", "DEPARTMENT", tree["dept"]["id"])
    shut = "mutation ($input: CloseAgencyInput!) { closeAgency(input: $input) { userErrors { code } } }"
    assert (await san(shut, {"input": {"id": closed["id"]}}))["closeAgency"]["userErrors"] == []
    agency = {
        "first": tree["first"]["id"],
        "closed": closed["id"],
        "unknown": base64.b64encode(b"Agency:999999").decode(),
    }
    code_, message = refusal
    site = await san.mutate(CREATE_SITE, {"ownerId": agency[owner], "name": "疗养院", "beds": 10})
    plan = await san.mutate(
        CREATE_PLAN, {"ownerId": agency[owner], "year": YEAR + 1, "tier": "CITY", "title": "x", "totalQuota": 1}
    )
    for refused in (site, plan):
        assert refused["userErrors"] == [{"field": "ownerId", "code": code_, "message": message}]


@pytest.mark.parametrize(
    ("where", "quota", "refusal"),
    [
        ("owner", 1, ("agencyId", "INVALID_VALUE", "名额只能分配给计划所属部门的下级机构")),
        ("outside", 1, ("agencyId", "INVALID_VALUE", "名额只能分配给计划所属部门的下级机构")),
        ("first", -1, ("quota", "INVALID_VALUE", "机构名额应在 0 到总名额之间")),
        ("first", 11, ("quota", "INVALID_VALUE", "机构名额应在 0 到总名额之间")),
        ("unknown", 1, ("agencyId", "NOT_FOUND", None)),
    ],
)
async def test_a_quota_goes_only_below_the_owner_and_within_the_total(san, where, quota, refusal):
    """Each refusal of an agency's quota names its field, the same when set on its own and
    inside createSanatoriumPlan (there under ``quotas.<n>.``); nothing is written."""
    tree = await setup_plan(san, total=10)
    outside = await create_agency(san, "浙江省退役军人事务厅", "DEPARTMENT")
    agency = {
        "owner": tree["dept"]["id"],
        "outside": outside["id"],
        "first": tree["first"]["id"],
        "unknown": base64.b64encode(b"Agency:999999").decode(),
    }[where]
    field, code_, message = refusal
    alone = await san.mutate(SET_QUOTA, {"planId": tree["plan"]["id"], "agencyId": agency, "quota": quota})
    assert [(e["field"], e["code"]) for e in alone["userErrors"]] == [(field, code_)]
    assert message is None or alone["userErrors"][0]["message"] == message
    within = await san.mutate(
        CREATE_PLAN,
        {
            "ownerId": tree["dept"]["id"],
            "year": YEAR + 1,
            "tier": "PROVINCIAL",
            "title": "次年计划",
            "totalQuota": 10,
            "quotas": [{"agencyId": tree["second"]["id"], "quota": 1}, {"agencyId": agency, "quota": quota}],
        },
    )
    assert [(e["field"], e["code"]) for e in within["userErrors"]] == [(f"quotas.1.{field}", code_)]
    plans = await san("{ sanatoriumPlans(first: 10) { totalCount } }")
    quotas = await san("query ($id: ID!) { sanatoriumPlan(id: $id) { quotas { quota } } }", {"id": tree["plan"]["id"]})
    assert plans["sanatoriumPlans"]["totalCount"] == 1 and quotas["sanatoriumPlan"]["quotas"] == []


@pytest.mark.parametrize(("value", "accepted"), [(0, False), (1, True), (100000, True), (100001, False)])
async def test_beds_places_and_capacity_lie_between_1_and_100000(san, value, accepted):
    tree = await setup_plan(san)
    dept, plan = tree["dept"]["id"], tree["plan"]["id"]
    site = ok(await san.mutate(CREATE_SITE, {"ownerId": dept, "name": "大疗养院", "beds": 100000}))["sanatoriumSite"][
        "id"
    ]
    attempts = {
        ("beds", "床位数"): await san.mutate(CREATE_SITE, {"ownerId": dept, "name": "新疗养院", "beds": value}),
        ("totalQuota", "总名额"): await san.mutate(
            CREATE_PLAN, {"ownerId": dept, "year": YEAR + 1, "tier": "PROVINCIAL", "title": "次年", "totalQuota": value}
        ),
        ("capacity", "容量"): await san.mutate(
            CREATE_BATCH,
            {
                "planId": plan,
                "siteId": site,
                "name": "九月",
                "startsOn": f"{YEAR}-09-01",
                "endsOn": f"{YEAR}-09-07",
                "capacity": value,
            },
        ),
    }
    for (field, label), payload in attempts.items():
        refusal = {"field": field, "code": "INVALID_VALUE", "message": f"{label}应在 1 到 100000 之间"}
        assert payload["userErrors"] == ([] if accepted else [refusal]), field


async def test_an_unknown_plan_or_batch_is_not_found_when_changed(san):
    tree = await setup_plan(san)
    plan = base64.b64encode(b"SanatoriumPlan:999999").decode()
    batch = base64.b64encode(b"SanatoriumBatch:999999").decode()
    attempts = {
        "planId": await san.mutate(SET_QUOTA, {"planId": plan, "agencyId": tree["first"]["id"], "quota": 1}),
        "batchId": await san.mutate(BATCH_STATUS, {"batchId": batch, "status": "OPEN"}),
    }
    for field, payload in attempts.items():
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, "NOT_FOUND")]


@pytest.mark.parametrize(
    ("starts", "ends", "refusal"),
    [
        ("09-01", "09-01", None),  # one day
        ("09-02", "09-01", ("endsOn", "结束日期不能早于开始日期")),
        ("last-12-31", "01-03", ("startsOn", "批次日期须在计划年度 {year} 年内")),
        ("12-28", "next-01-03", ("endsOn", "批次日期须在计划年度 {year} 年内")),
    ],
)
async def test_a_batch_lies_within_the_plans_year_and_ends_after_it_starts(san, starts, ends, refusal):
    tree = await setup_plan(san)
    years = {"last-": YEAR - 1, "next-": YEAR + 1}

    def day(text: str) -> str:
        prefix = next((p for p in years if text.startswith(p)), "")
        return f"{years.get(prefix, YEAR)}-{text.removeprefix(prefix)}"

    payload = await san.mutate(
        CREATE_BATCH,
        {
            "planId": tree["plan"]["id"],
            "siteId": tree["site"]["id"],
            "name": "秋季",
            "startsOn": day(starts),
            "endsOn": day(ends),
            "capacity": 5,
        },
    )
    expected = (
        []
        if refusal is None
        else [{"field": refusal[0], "code": "DATE_ORDER", "message": refusal[1].format(year=YEAR)}]
    )
    assert payload["userErrors"] == expected
