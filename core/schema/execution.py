"""Execution tuned for pages of rows: strawberry's execution context with shortcuts.

A page of 100 retirees has about 1,600 fields; graphql-core runs each through the general
machinery (a resolve info, strawberry's resolver wrapper, ``complete_value``), and that made up
most of a page's CPU time (docs/performance.md). Each shortcut gives the answer the general path
gives, and anything unusual (a null, a refused value, pending work, an exception) goes the
general way, which reports errors with their path as before (tests/test_execution.py compares
the two). What each type allows is in the execution plan (core/schema/plan.py).

- Column fields (no resolver, arguments or extensions; a scalar or enum type) and the ``id`` of
  a ``ModelNode`` are read from the row and serialised directly. Masked and permission-checked
  fields have resolvers and keep the general path.
- Object fields whose value is at hand (an edge's node, a relation already loaded) have their
  sub-fields executed straight away.
- Rows are values: a tortoise model instance is awaitable (``await row`` gives the row back), so
  graphql-core took every row a resolver returned for pending work and completed it in a
  coroutine of its own. Real awaitables (coroutines, futures) still count.
- Batched relations: before a list of rows (or of edges) is completed, the ``loaded_field``s
  its selection asks for are loaded for the whole list at once (core/schema/relations.py), so
  each row's relation is already there and the list completes without a coroutine per row.
- Whole lists at once: when every field a list's items select is one of the above (columns,
  ids, ``__typename``, objects at hand made of such fields), the selection is turned once into
  a function of the row (``RowBuilder``) and each item is built by it, without a path, a
  resolve info or a call through ``execute_field`` per field. An item the builder cannot answer
  (a null where the type forbids one, a refused value, pending work) sends the whole list the
  general way.
- Narrow relations: for a list its builder will build, a relation loaded by a ``RowLoader``
  (core/schema/loaders.py) is loaded with only the columns the relation's selection reads, as
  a page is (``paginate``). Those rows are kept apart from the loader's cache, which other
  fields read and which must only hold whole rows; only the builder reads them.
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from typing import Any

from graphql.execution.executor import FieldDetailsList
from graphql.pyutils import Path
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from tortoise.models import Model

from core.metrics import count_fallback
from core.schema.loaders import RowLoader
from core.schema.plan import ExecutionPlan, ObjectRead, columns_read, execution_plan, type_check
from core.schema.relations import Loaded
from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    Undefined,
    get_nullable_type,
)

#: the completed value of one list item: (row, request context) → the item's answer
RowBuilder = Callable[[Any, Any], dict[str, Any]]


class GeneralPath(Exception):
    """A row the builder cannot answer: its list takes the general path."""


def is_awaitable(value: Any) -> bool:
    """graphql-core's test for pending work, except that a loaded row is a value."""
    return not isinstance(value, Model) and optimized_is_awaitable(value)


class DirectExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context with the shortcuts for pages of rows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_awaitable = is_awaitable  # type: ignore[assignment]
        # an extension that wraps every resolver must see every field
        middleware = self.middleware_manager.middlewares if self.middleware_manager else ()
        self._plan = ExecutionPlan() if middleware else execution_plan(self.schema)
        # rows of a list's relations loaded with only the columns its builder reads, by (loader,
        # columns); apart from the loaders' caches, which must only ever hold whole rows
        self._narrow_rows: dict[tuple[str, tuple[str, ...]], dict[Any, Any]] = {}

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        name = field_details_list[0].node.name.value
        reads = self._plan.direct.get(parent_type.name)
        read = reads.get(name) if reads else None
        if read is not None:
            try:
                value = read(source)
            except Exception:  # noqa: BLE001 - the general path below reports it
                value = None
            if value is not None and value is not Undefined:
                return value
        objects = self._plan.objects.get(parent_type.name)
        object_read = objects.get(name) if objects else None
        if object_read is not None:
            return self._complete_object(object_read, parent_type, source, field_details_list, path, position_context)
        return super().execute_field(parent_type, source, field_details_list, path, position_context)

    def _complete_object(self, read: ObjectRead, parent_type: GraphQLObjectType, source: Any,
                         field_details_list: FieldDetailsList, path: Path, position_context: Any) -> Any:
        """An object-typed field whose value is at hand: its sub-fields are executed straight away,
        with errors handled as graphql-core's ``execute_field`` handles them."""
        try:
            value = read.value(source, self.context_value)
        except Exception:  # noqa: BLE001 - the general path reports it
            value = None
        if not self._at_hand(value, read.model):
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        return_type = parent_type.fields[field_details_list[0].node.name.value].type
        try:
            completed = self.collect_and_execute_subfields(read.object_type, field_details_list, path, value,
                                                           position_context)
        except Exception as error:
            self.handle_field_error(error, return_type, field_details_list, path)
            return None
        if self.is_awaitable(completed):
            return self._await_object(completed, return_type, field_details_list, path)
        return completed

    async def _await_object(self, completed: Awaitable[Any], return_type: GraphQLOutputType,
                            field_details_list: FieldDetailsList, path: Path) -> Any:
        try:
            return await completed
        except Exception as error:
            self.handle_field_error(error, return_type, field_details_list, path)
            return None

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        items: Iterable[Any],
        position_context: Any,
    ) -> Any:
        item_object = get_nullable_type(item_type)
        if isinstance(item_object, GraphQLObjectType) and (self._plan.loaded or self._plan.edge_nodes):
            items = items if isinstance(items, list) else list(items)
            # a list its builder will build may load its relations' rows with only the columns it reads
            pending = self._prefetch(item_object, field_details_list, items,
                                     narrow=self._builder(item_object, field_details_list) is not None)
            if pending:
                return self._complete_after(pending, item_type, field_details_list, info, path, items,
                                            position_context)
            built = self._build_items(item_object, field_details_list, items)
            if built is not None:
                return built
        if isinstance(item_object, GraphQLObjectType):
            count_fallback()
        return super().complete_iterable_value(item_type, field_details_list, info, path, items, position_context)

    async def _complete_after(self, pending: list[Awaitable[Any]], item_type: GraphQLOutputType,
                              field_details_list: FieldDetailsList, info: GraphQLResolveInfo, path: Path,
                              items: list[Any], position_context: Any) -> Any:
        # a failed load fails the fields that need it, as it would have without the prefetch
        await asyncio.gather(*pending, return_exceptions=True)
        built = self._build_items(get_nullable_type(item_type), field_details_list, items)
        if built is not None:
            return built
        count_fallback()
        completed = super().complete_iterable_value(item_type, field_details_list, info, path, items,
                                                    position_context)
        return await completed if self.is_awaitable(completed) else completed

    def _build_items(self, item_object: GraphQLObjectType, field_details_list: FieldDetailsList,
                     items: list[Any]) -> list[Any] | None:
        """The completed list built row by row, or None when the general path must complete it."""
        build = self._builder(item_object, field_details_list)
        if build is None:
            return None
        model = type_check(item_object)[1]
        context = self.context_value
        checked = self._checked
        try:
            return [build(checked(item, model), context) for item in items]
        except Exception:  # noqa: BLE001 - GeneralPath, or a failure the general path reports with its path
            return None

    def _at_hand(self, value: Any, model: type[Model] | None) -> bool:
        """Whether ``value`` can be completed straight away: not null, not pending work, of the
        model its type checks (what ``is_type_of`` would check)."""
        return value is not None and not self.is_awaitable(value) and (model is None or isinstance(value, model))

    def _builder(self, item_object: GraphQLObjectType, field_details_list: FieldDetailsList) -> RowBuilder | None:
        """The builder of a list's items, if the list can be built row by row."""
        if any(details.node.directives for details in field_details_list):
            return None  # e.g. ``@stream``: the general path knows what it asks
        return self._row_builder(item_object, field_details_list) if type_check(item_object)[0] else None

    def _checked(self, value: Any, model: type[Model] | None) -> Any:
        """``value``, if it is at hand for a builder."""
        if not self._at_hand(value, model):
            raise GeneralPath
        return value

    def _row_builder(self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList,
                     ) -> RowBuilder | None:
        """The function building ``object_type``'s selection from a row, if every selected field allows it."""
        grouped, defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            return None
        direct = self._plan.direct.get(object_type.name, {})
        objects = self._plan.objects.get(object_type.name, {})
        # per response key: a column read, or an object at hand and the builder of its selection
        steps: list[tuple[str, Callable[[Any], Any] | ObjectRead, RowBuilder | None, bool]] = []
        for key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                steps.append((key, lambda _row, type_name=object_type.name: type_name, None, True))
                continue
            required = isinstance(object_type.fields[name].type, GraphQLNonNull)
            if (read := direct.get(name)) is not None:
                steps.append((key, read, None, required))
            elif (object_read := objects.get(name)) is not None and (
                    build_object := self._row_builder(object_read.object_type, details)) is not None:
                steps.append((key, self._narrow_read(object_read, details) or object_read, build_object, required))
            else:
                return None
        checked = self._checked

        def build(row: Any, context: Any) -> dict[str, Any]:
            result = {}
            for key, read, build_object, required in steps:
                if build_object is None:
                    value = read(row)  # type: ignore[operator]
                    if value is Undefined:
                        raise GeneralPath
                else:
                    value = read.value(row, context)  # type: ignore[union-attr]
                    if value is not None:
                        value = build_object(checked(value, read.model), context)  # type: ignore[union-attr]
                if value is None and required:
                    raise GeneralPath
                result[key] = value
            return result

        return build

    def _prefetch(self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList,
                  rows: list[Any], narrow: bool) -> list[Awaitable[Any]]:
        """Start loading the loaded fields selected on ``rows`` (or on their edges' nodes); with
        ``narrow``, only the columns their selections read where that is known."""
        if not rows:
            return []
        grouped = self.collect_subfields(object_type, field_details_list)[0]
        node_type = self._plan.edge_nodes.get(object_type.name)
        if node_type is not None:
            node_fields = next((group for group in grouped.values() if group[0].node.name.value == "node"), None)
            if node_fields is None:
                return []
            nodes = [node for edge in rows if (node := getattr(edge, "node", None)) is not None]
            return self._prefetch(node_type, node_fields, nodes, narrow)
        loaded = self._plan.loaded.get(object_type.name)
        if not loaded:
            return []
        objects = self._plan.objects.get(object_type.name, {})
        context = self.context_value
        pending = []
        for group in grouped.values():
            name = group[0].node.name.value
            relation = loaded.get(name)
            if relation is None:
                continue
            try:
                loader = context.loader(relation.loader)
                columns = self._relation_columns(objects.get(name), group) if narrow else None
                if columns is not None and isinstance(loader, RowLoader):
                    loading = self._load_narrow(relation, loader, columns, rows)
                else:
                    loading = relation.prefetch(context, rows)
            except Exception:  # noqa: BLE001 - an odd row: its own field reports the problem
                continue
            if loading is not None:
                pending.append(loading)
        return pending

    def _relation_columns(self, read: ObjectRead | None, field_details_list: FieldDetailsList,
                          ) -> tuple[str, ...] | None:
        """The columns a builder of the relation's selection reads; None if it needs whole rows."""
        if read is None or read.model is None:
            return None
        grouped = self.collect_subfields(read.object_type, field_details_list)[0]
        names = [details[0].node.name.value for details in grouped.values()]
        columns = columns_read(self._plan, read.object_type.name, read.model, names)
        return tuple(columns) if columns is not None else None

    def _load_narrow(self, relation: Loaded, loader: RowLoader, columns: tuple[str, ...],
                     rows: list[Any]) -> Awaitable[None] | None:
        """Load the relation's rows for ``rows`` with only ``columns``, for the list's builder."""
        known = self._narrow_rows.setdefault((relation.loader, columns), {})
        keys = [key for key in dict.fromkeys(getattr(row, relation.key) for row in rows)
                if key is not None and key not in known]
        return self._fill(known, loader, keys, columns) if keys else None

    @staticmethod
    async def _fill(known: dict[Any, Any], loader: RowLoader, keys: list[Any], columns: tuple[str, ...]) -> None:
        known.update(zip(keys, await loader.load_columns(keys, columns), strict=True))

    def _narrow_read(self, read: ObjectRead, field_details_list: FieldDetailsList) -> ObjectRead | None:
        """How a builder reads the relation from the rows ``_load_narrow`` loaded, if it did."""
        loaded = read.loaded
        if loaded is None or (columns := self._relation_columns(read, field_details_list)) is None:
            return None
        known = self._narrow_rows.get((loaded.loader, columns))
        if known is None:
            return None
        key = loaded.key

        def value(row: Any, _context: Any) -> Any:
            # a key not loaded (its load failed) raises, and the list takes the general path
            return None if (pk := getattr(row, key)) is None else known[pk]

        return replace(read, value=value)
