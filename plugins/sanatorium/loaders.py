"""Every DataLoader of sanatorium, by name: the rows by id, the children of a row, and the
places taken in each batch."""

from collections import defaultdict
from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from core.api import LoaderRegistration, RequestContext, by_id_loader, children_loader, hookimpl
from plugins.sanatorium import models as m

SITE = "sanatorium.site"
PLAN_BY_ID = "sanatorium.plan"
BATCH = "sanatorium.batch"
BATCHES_BY_PLAN = "sanatorium.batches_by_plan"
QUOTAS_BY_PLAN = "sanatorium.quotas_by_plan"
NOMINATIONS_BY_BATCH = "sanatorium.nominations_by_batch"
NOMINATIONS_BY_RETIREE = "sanatorium.nominations_by_retiree"
COMPANIONS = "sanatorium.companions"
REVIEWS = "sanatorium.reviews"
OCCUPANCY = "sanatorium.occupancy"


def occupancy_loader(context: RequestContext) -> DataLoader[int, int]:
    """Places taken in each batch (nominated, in review, approved, attended; companions count).
    An aggregate of the batch, counted over all nominations whoever may read them."""

    async def load(keys: Sequence[int]) -> list[int]:
        taken: dict[int, int] = defaultdict(int)
        rows = await m.SanatoriumNomination.filter(batch_id__in=list(keys), status__in=m.OCCUPYING).values_list(
            "id", "batch_id"
        )
        batch_of = dict(rows)
        for _, batch_id in rows:
            taken[batch_id] += 1
        for nomination_id in await m.SanatoriumCompanion.filter(nomination_id__in=list(batch_of)).values_list(
            "nomination_id", flat=True
        ):
            taken[batch_of[nomination_id]] += 1
        return [taken[key] for key in keys]

    return DataLoader(load_fn=load)


@hookimpl
def register_loaders() -> Sequence[LoaderRegistration]:
    return [
        LoaderRegistration(SITE, by_id_loader(m.SanatoriumSite)),
        LoaderRegistration(PLAN_BY_ID, by_id_loader(m.SanatoriumPlan)),
        LoaderRegistration(BATCH, by_id_loader(m.SanatoriumBatch)),
        LoaderRegistration(BATCHES_BY_PLAN, children_loader(m.SanatoriumBatch, "plan_id")),
        LoaderRegistration(QUOTAS_BY_PLAN, children_loader(m.SanatoriumQuota, "plan_id")),
        LoaderRegistration(NOMINATIONS_BY_BATCH, children_loader(m.SanatoriumNomination, "batch_id")),
        LoaderRegistration(NOMINATIONS_BY_RETIREE, children_loader(m.SanatoriumNomination, "retiree_id")),
        LoaderRegistration(COMPANIONS, children_loader(m.SanatoriumCompanion, "nomination_id")),
        LoaderRegistration(REVIEWS, children_loader(m.SanatoriumReview, "nomination_id")),
        LoaderRegistration(OCCUPANCY, occupancy_loader),
    ]
