"""Relay ``Node`` for types backed by tortoise models: global IDs and scoped ``node(id:)``."""

from collections.abc import Iterable
from typing import Any

from strawberry import relay
from strawberry.types import Info
from tortoise.models import Model

from core.schema.payload import node_key
from core.scope import scoped


class ModelNode(relay.Node):
    """Base of every node type; subclasses set ``__model__`` to their tortoise model.

    Resolvers receive the model instance itself as ``self``/``root``.
    """

    __model__: type[Model]

    @classmethod
    def resolve_id(cls, root: Any, *, info: Info) -> str:
        return str(root.pk)

    @classmethod
    def is_type_of(cls, obj: Any, info: Info) -> bool:
        return isinstance(obj, cls.__model__)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        wanted = [node_key(node_id) for node_id in node_ids]  # None: no row can have it
        keys = [pk for pk in wanted if pk is not None]
        rows = await scoped(cls.__model__, info.context.principal).filter(id__in=keys) if keys else []
        found = {row.pk: row for row in rows}
        return [found.get(pk) if pk is not None else None for pk in wanted]
