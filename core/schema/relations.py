"""Fields resolved through the request's loaders, declared once: ``loaded_field``.

A loaded field names a loader (core/schema/loaders.py, or a plugin's) and the attribute of the
row that is the loader's key: ``agency_id`` for a to-one relation, ``id`` for a row's children.
Declaring it, instead of writing a resolver that awaits the loader, lets execution see the
relation: when a list of rows selects it, the keys of the whole list are loaded first in one
batch (core/schema/execution.py), and each row's field then returns its loaded value directly
instead of pending work. Loaders apply the principal's scope, so the shortcut sees no more than
the resolver did. ``resolve_loaded_fields_directly`` also spares these fields strawberry's
per-call resolver wrapper (an ``Info``, argument conversion, extension chaining): they take no
arguments and no extensions, so graphql-core calls the loader lookup itself.
"""

from asyncio import Future
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema

#: the strawberry field metadata key under which a loaded field keeps its ``Loaded``
LOADED = "junxiu.loaded"


@dataclass(frozen=True)
class Loaded:
    """The loader ``loader`` keyed by the row's attribute ``key``."""

    loader: str
    key: str

    def resolve(self, context: Any, row: Any) -> Any:
        """The value for ``row``: itself if already loaded, else the loader's pending future."""
        key = getattr(row, self.key)
        if key is None:
            return None
        loader = context.loader(self.loader)
        known: Future[Any] | None = loader.cache_map.get(key) if loader.cache else None
        if known is not None and known.done() and not known.cancelled() and known.exception() is None:
            return known.result()
        return loader.load(key)

    def graphql_resolver(self, source: Any, info: GraphQLResolveInfo) -> Any:
        """The field's resolver as graphql-core calls it."""
        return self.resolve(info.context, source)

    def prefetch(self, context: Any, rows: list[Any]) -> Awaitable[None] | None:
        """Load the keys of all ``rows`` not yet loaded (an awaitable), or None if there are none."""
        loader = context.loader(self.loader)
        if not loader.cache:
            return None  # nowhere to keep the values: each field loads its own
        keys = dict.fromkeys(key for row in rows if (key := getattr(row, self.key)) is not None)
        missing = [key for key in keys if loader.cache_map.get(key) is None]
        return self._load_into(loader, missing) if missing else None

    @staticmethod
    async def _load_into(loader: DataLoader[Any, Any], keys: list[Any]) -> None:
        # the batch function itself, and its values primed into the loader's cache: ``load_many``
        # would cost a future, a batch task and two event-loop callbacks per key
        values = await loader.load_fn(keys)
        # a key whose value is an error stays unloaded: its field's own load reports it
        loader.prime_many({key: value for key, value in zip(keys, values, strict=True)
                           if not isinstance(value, BaseException)})


def loaded_field(loader: str, key: str, description: str) -> Any:
    """A field whose value is ``loader``'s for the row's ``key`` (None when the key is empty).

    The field's type is the class annotation, e.g. ``agency: AgencyRef | None =
    loaded_field("core.agency", "agency_id", "机构")``."""
    loaded = Loaded(loader, key)

    def resolve(root: Any, info: Info):  # type: ignore[no-untyped-def]  # the annotation gives the type
        return loaded.resolve(info.context, root)

    return strawberry.field(resolver=resolve, description=description, metadata={LOADED: loaded})


def resolve_loaded_fields_directly(schema: GraphQLSchema) -> None:
    """Make graphql-core call each loaded field's lookup without strawberry's wrapper."""
    for object_type in schema.type_map.values():
        if not isinstance(object_type, GraphQLObjectType):
            continue
        for field in object_type.fields.values():
            definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if isinstance(definition, StrawberryField) and not definition.extensions:
                loaded = definition.metadata.get(LOADED)
                if isinstance(loaded, Loaded):
                    field.resolve = loaded.graphql_resolver
