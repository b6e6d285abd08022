"""Who qualifies for a tier (from award records, by the plugin's settings) and the candidates
of a plan in fair order."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.api import Agency, Principal, Retiree, RetireeAward, enums, get_visible, scoped
from plugins.sanatorium.models import SanatoriumBatch, SanatoriumNomination, SanatoriumPlan, SanatoriumTier
from plugins.sanatorium.services.common import TAKEN, S
from plugins.sanatorium.settings import AwardRule, current_settings


@dataclass
class TierEligibility:
    """Whether a retiree's awards qualify for one tier, and which awards do."""

    tier: SanatoriumTier
    eligible: bool
    needs_recommendation: bool
    awards: list[Any] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


def _matches(rule: AwardRule, award: Any) -> bool:
    return (
        award.level in rule.levels
        and (rule.period is None or award.period is rule.period)
        and (not rule.wartime_only or award.wartime)
    )


def tier_eligibility(tier: SanatoriumTier, awards: Sequence[Any]) -> TierEligibility:
    rules = current_settings().eligibility.get(tier, [])
    direct = [(rule, a) for rule in rules if not rule.needs_recommendation for a in awards if _matches(rule, a)]
    if direct:
        picked = direct
        needs = False
    else:
        picked = [(rule, a) for rule in rules if rule.needs_recommendation for a in awards if _matches(rule, a)]
        needs = bool(picked)
    qualifying = list({id(a): a for _, a in picked}.values())
    labels = list(dict.fromkeys(rule.label for rule, _ in picked if rule.label))
    return TierEligibility(tier, bool(picked), needs, qualifying, labels)


def eligibility(awards: Sequence[Any]) -> list[TierEligibility]:
    return [tier_eligibility(tier, awards) for tier in SanatoriumTier]


@dataclass
class Candidate:
    retiree: Retiree
    eligibility: TierEligibility
    last_attended_on: dt.date | None
    times_attended: int


async def candidates(principal: Principal, plan_id: int, batch_id: int | None = None) -> list[Candidate]:
    """Eligible retirees for a plan, within the plan owner's subtree and the principal's scope,
    the deceased and transferred excluded, as are those already nominated in this plan or in a
    batch overlapping ``batch_id``; never attended first, then least recently attended."""
    plan = await get_visible(SanatoriumPlan, plan_id, principal, "planId")
    owner = await Agency.get(id=plan.owner_id)
    rules = current_settings().eligibility.get(plan.tier, [])
    levels = {level for rule in rules for level in rule.levels}
    awards = await scoped(RetireeAward, principal).filter(
        level__in=list(levels),
        retiree__status=enums.RetireeStatus.ACTIVE,
        retiree__agency__path__startswith=owner.path,
    )
    by_retiree: dict[int, list[Any]] = defaultdict(list)
    for award in awards:
        by_retiree[award.retiree_id].append(award)
    verdicts = {pk: tier_eligibility(plan.tier, rows) for pk, rows in by_retiree.items()}
    eligible = [pk for pk, verdict in verdicts.items() if verdict.eligible]
    busy = set(
        await SanatoriumNomination.filter(
            retiree_id__in=eligible, batch__plan_id=plan.id, status__in=TAKEN
        ).values_list("retiree_id", flat=True)
    )
    if batch_id is not None:
        batch = await get_visible(SanatoriumBatch, batch_id, principal, "batchId")
        busy |= set(
            await SanatoriumNomination.filter(
                retiree_id__in=eligible,
                status__in=TAKEN,
                batch__starts_on__lte=batch.ends_on,
                batch__ends_on__gte=batch.starts_on,
            ).values_list("retiree_id", flat=True)
        )
    wanted = [pk for pk in eligible if pk not in busy]
    retirees = await scoped(Retiree, principal).filter(id__in=wanted)  # active: the awards' query says so
    history: dict[int, list[dt.date]] = defaultdict(list)
    for retiree_id, ends_on in await SanatoriumNomination.filter(retiree_id__in=wanted, status=S.ATTENDED).values_list(
        "retiree_id", "batch__ends_on"
    ):
        history[retiree_id].append(ends_on)
    found = [
        Candidate(r, verdicts[r.id], max(history[r.id]) if history[r.id] else None, len(history[r.id]))
        for r in retirees
    ]
    found.sort(key=lambda c: (c.last_attended_on is not None, c.last_attended_on or dt.date.min, c.retiree.id))
    return found
