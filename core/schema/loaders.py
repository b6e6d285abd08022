"""Scoped DataLoader factories: relations of a page resolve in one statement per relation."""

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from core.models import (
    Agency,
    FamilyMember,
    Retiree,
    RetireeAward,
    RetireeTransfer,
    Staff,
    StaffAppraisal,
    StaffRotation,
    StaffTraining,
)
from core.plugin import LoaderRegistration
from core.principal import Principal
from core.schema.context import RequestContext
from core.scope import scoped


class RowLoader(DataLoader[int, Any]):
    """Loads rows of ``model`` by primary key within the principal's scope; out-of-scope rows
    load as ``None``. ``load_columns`` loads only some columns, for a list whose selection reads
    no more (core/schema/execution.py keeps those rows apart from this loader's cache)."""

    def __init__(self, model: type[Model], principal: Principal) -> None:
        super().__init__(load_fn=self._load)
        self.model = model
        self.principal = principal

    async def _load(self, ids: Sequence[int]) -> list[Any]:
        return await self.load_columns(ids, None)

    async def load_columns(self, ids: Sequence[int], columns: Sequence[str] | None) -> list[Any]:
        query = scoped(self.model, self.principal).filter(id__in=list(ids))
        rows = await (query.only(*columns) if columns else query)
        found = {row.pk: row for row in rows}
        return [found.get(pk) for pk in ids]


def by_id_loader(model: type[Model]) -> Callable[[RequestContext], DataLoader[int, Any]]:
    """Loads rows of ``model`` by primary key; out-of-scope rows load as ``None``."""

    def factory(context: RequestContext) -> DataLoader[int, Any]:
        return RowLoader(model, context.principal)

    return factory


def children_loader(
    model: type[Model], parent_field: str
) -> Callable[[RequestContext], DataLoader[int, list[Any]]]:
    """Loads the (scoped) rows of ``model`` whose ``parent_field`` is each key, in model order."""

    def factory(context: RequestContext) -> DataLoader[int, list[Any]]:
        async def load(keys: Sequence[int]) -> list[list[Any]]:
            grouped: dict[int, list[Any]] = defaultdict(list)
            rows = await scoped(model, context.principal).filter(**{f"{parent_field}__in": list(keys)})
            for row in rows:
                grouped[getattr(row, parent_field)].append(row)
            return [grouped.get(key, []) for key in keys]

        return DataLoader(load_fn=load)

    return factory


CORE_LOADERS = [
    LoaderRegistration("core.agency", by_id_loader(Agency)),
    LoaderRegistration("core.staff", by_id_loader(Staff)),
    LoaderRegistration("core.retiree", by_id_loader(Retiree)),
    LoaderRegistration("core.agency_children", children_loader(Agency, "parent_id")),
    LoaderRegistration("core.awards", children_loader(RetireeAward, "retiree_id")),
    LoaderRegistration("core.family_members", children_loader(FamilyMember, "retiree_id")),
    LoaderRegistration("core.transfers", children_loader(RetireeTransfer, "retiree_id")),
    LoaderRegistration("core.trainings", children_loader(StaffTraining, "staff_id")),
    LoaderRegistration("core.appraisals", children_loader(StaffAppraisal, "staff_id")),
    LoaderRegistration("core.rotations", children_loader(StaffRotation, "staff_id")),
]
