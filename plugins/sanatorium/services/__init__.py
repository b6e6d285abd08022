"""Business rules of honor sanatorium stays (Art. 10), one module per aggregate. Resolvers, the
CLI, the demo loader, the event handlers and tests call these; each write runs in one
transaction."""

from plugins.sanatorium.services.attendance import record_attendance
from plugins.sanatorium.services.batches import (
    RosterLine,
    batches_query,
    change_batch_status,
    create_batch,
    create_site,
    roster,
    sites_query,
)
from plugins.sanatorium.services.eligibility import (
    Candidate,
    TierEligibility,
    candidates,
    eligibility,
    tier_eligibility,
)
from plugins.sanatorium.services.events import follow_merge, follow_transfer, withdraw_open_nominations
from plugins.sanatorium.services.fitness import record_fitness
from plugins.sanatorium.services.nominations import nominate, nominations_query, submit_nomination, withdraw_nomination
from plugins.sanatorium.services.plans import QuotaUse, create_plan, plans_query, quota_usage, set_quota
from plugins.sanatorium.services.reviews import review_chain, review_nomination

__all__ = [
    "Candidate",
    "QuotaUse",
    "RosterLine",
    "TierEligibility",
    "batches_query",
    "candidates",
    "change_batch_status",
    "create_batch",
    "create_plan",
    "create_site",
    "eligibility",
    "follow_merge",
    "follow_transfer",
    "nominate",
    "nominations_query",
    "plans_query",
    "quota_usage",
    "record_attendance",
    "record_fitness",
    "review_chain",
    "review_nomination",
    "roster",
    "set_quota",
    "sites_query",
    "submit_nomination",
    "tier_eligibility",
    "withdraw_nomination",
    "withdraw_open_nominations",
]
