"""Demo: the province's plan for this year (provincial tier) with a site and three batches,
quotas for the cities, and nominations in several states (draft, nominated, under review,
approved, rejected, withdrawn, attended)."""

import datetime as dt
import random

from core.api import Agency, Principal, Retiree, ServiceError, enums, today
from plugins.sanatorium import services
from plugins.sanatorium.models import (
    SanatoriumBatch,
    SanatoriumBatchStatus,
    SanatoriumDecision,
    SanatoriumFitness,
    SanatoriumNominationStatus,
    SanatoriumTier,
)


async def load_demo(principal: Principal, seed: int) -> int:
    """Returns the number of nominations created."""
    rng = random.Random(seed)
    province = await Agency.filter(
        kind=enums.AgencyKind.DEPARTMENT, level=enums.DepartmentLevel.PROVINCE
    ).order_by("id").first()
    if province is None:
        return 0
    year = today().year
    cities = await Agency.filter(parent_id=province.id, kind=enums.AgencyKind.DEPARTMENT).order_by("id")
    quotas = [{"agency_id": city.id, "quota": 12} for city in cities[:4]]
    plan = await services.create_plan(
        principal, province.id, year, SanatoriumTier.PROVINCIAL, f"{year} 年度省级荣誉疗养计划", 60, quotas
    )
    site = await services.create_site(
        principal, province.id, "省军休干部疗养院（太湖）", 80, "无锡", "无锡市滨湖区太湖大道 1 号"
    )
    seaside = await services.create_site(
        principal, province.id, "连云港海滨疗养基地", 50, "连云港", "连云港市连云区海滨路 8 号"
    )
    # one batch already over, two to come (dates kept inside the plan year)
    spans = [
        ("第一批", _in_year(year, today() - dt.timedelta(days=45)), 7, site, True),
        ("第二批", _in_year(year, today() + dt.timedelta(days=15)), 7, seaside, False),
        ("第三批", _in_year(year, today() + dt.timedelta(days=40)), 7, site, True),
    ]
    batches: list[SanatoriumBatch] = []
    for name, start, days, where, family in spans:
        batches.append(await services.create_batch(
            principal, plan.id, where.id, name, start, start + dt.timedelta(days=days - 1), 30, family,
            "政治学习、红色教育、健康体检、康复理疗",
        ))
    for batch in batches:
        await services.change_batch_status(principal, batch.id, SanatoriumBatchStatus.OPEN)
    candidates = await services.candidates(principal, plan.id)
    rng.shuffle(candidates)
    created = 0
    # the states a demo should show, batch by batch
    plan_states = [
        (batches[0], ["ATTENDED", "ATTENDED", "NO_SHOW", "APPROVED", "WITHDRAWN"]),  # one still to record
        (batches[1], ["APPROVED", "APPROVED", "UNDER_REVIEW", "REJECTED", "NOMINATED"]),
        (batches[2], ["NOMINATED", "NOMINATED", "UNDER_REVIEW", "DRAFT", "DRAFT"]),
    ]
    pool = iter(candidates)
    for batch, states in plan_states:
        for state in states:
            candidate = next(pool, None)
            if candidate is None:
                break
            try:
                await _walk(principal, batch, candidate, SanatoriumNominationStatus(state), rng)
            except ServiceError:  # a quota exhausted in this instance's data: skip the person
                continue
            created += 1
    for batch in batches:
        if batch.ends_on < today():
            await services.change_batch_status(principal, batch.id, SanatoriumBatchStatus.CLOSED)
            await services.change_batch_status(principal, batch.id, SanatoriumBatchStatus.COMPLETED)
    return created


def _in_year(year: int, day: dt.date) -> dt.date:
    return min(max(day, dt.date(year, 1, 1)), dt.date(year, 12, 25))


async def _walk(
    principal: Principal, batch: SanatoriumBatch, candidate: services.Candidate, state: SanatoriumNominationStatus,
    rng: random.Random,
) -> None:
    S = SanatoriumNominationStatus
    retiree: Retiree = candidate.retiree
    companions = []
    if batch.family_allowed and rng.random() < 0.4:
        companions = [{"name": f"{retiree.name[0]}家属", "relation": enums.FamilyRelation.SPOUSE}]
    recommendation = "经市局研究，同意推荐" if candidate.eligibility.needs_recommendation else ""
    nomination = await services.nominate(
        principal, batch.id, retiree.id, companions, recommendation, submit=state is not S.DRAFT
    )
    if state in (S.DRAFT, S.NOMINATED):
        return
    if state is S.WITHDRAWN:
        await services.withdraw_nomination(principal, nomination.id, "本人因家中有事申请放弃")
        return
    await services.record_fitness(principal, nomination.id, SanatoriumFitness.FIT, today(), "血压平稳，可以疗养")
    chain = await services.review_chain(nomination)
    steps = 1 if state is S.UNDER_REVIEW else len(chain.links)
    for index in range(steps):
        reject = state is S.REJECTED and index == steps - 1
        await services.review_nomination(
            principal, nomination.id,
            SanatoriumDecision.REJECT if reject else SanatoriumDecision.APPROVE,
            "名额有限，建议下一年度优先安排" if reject else "同意",
        )
    if state in (S.ATTENDED, S.NO_SHOW) and today() >= batch.starts_on:
        await services.record_attendance(principal, nomination.id, state is S.ATTENDED)


__all__ = ["load_demo"]
