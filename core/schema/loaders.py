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
from core.schema.context import RequestContext
from core.scope import scoped


def by_id_loader(model: type[Model]) -> Callable[[RequestContext], DataLoader[int, Any]]:
    """Loads rows of ``model`` by primary key; out-of-scope rows load as ``None``."""

    def factory(context: RequestContext) -> DataLoader[int, Any]:
        async def load(ids: Sequence[int]) -> list[Any]:
            rows = await scoped(model, context.principal).filter(id__in=list(ids))
            found = {row.pk: row for row in rows}
            return [found.get(pk) for pk in ids]

        return DataLoader(load_fn=load)

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


def load_now(context: RequestContext, name: str, key: Any) -> Any:
    """The row for ``key`` if the request's loader ``name`` already holds it (then a resolver
    returns it synchronously: no coroutine, no future), else the loader's awaitable."""
    loader = context.loader(name)
    cache = getattr(loader, "cache_map", None)
    future = cache.get(key) if cache is not None else None
    if future is not None and future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return loader.load(key)


def _fields(selections: Sequence[Any]) -> Any:
    for selection in selections:
        if type(selection).__name__ == "SelectedField":
            yield selection
        else:  # fragment spreads and inline fragments
            yield from _fields(getattr(selection, "selections", []))


def connection_node_fields(info: Any) -> set[str]:
    """Names of the fields selected on ``edges { node { … } }`` of the current connection field."""
    names: set[str] = set()
    for root in info.selected_fields:
        for edges in _fields(root.selections):
            if edges.name == "edges":
                for node in _fields(edges.selections):
                    if node.name == "node":
                        names.update(f.name for f in _fields(node.selections))
    return names


async def prime_relations(info: Any, rows: Sequence[Any], relations: dict[str, tuple[str, str]]) -> None:
    """Load, for a page of ``rows``, the relations its selection asks for, one statement per
    relation and concurrently, before the node fields resolve: their resolvers (``load_now``)
    then answer synchronously from the loaded rows. ``relations``: GraphQL field name →
    (loader name, foreign-key attribute)."""
    import asyncio

    wanted = connection_node_fields(info) & relations.keys()
    loads = []
    for field_name in wanted:
        loader_name, attribute = relations[field_name]
        keys = list(dict.fromkeys(k for k in (getattr(row, attribute) for row in rows) if k is not None))
        if keys:
            loads.append(info.context.loader(loader_name).load_many(keys))
    if loads:
        await asyncio.gather(*loads)
