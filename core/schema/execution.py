"""Execution tuned for pages of rows: strawberry's execution context with three shortcuts.

A page of 100 retirees has about 1,600 fields; graphql-core runs each through the general
machinery (a resolve info, strawberry's resolver wrapper, ``complete_value``), and that made up
most of a page's CPU time (docs/performance.md). Each shortcut below gives the answer the
general path gives, and anything unusual goes the general way, which reports errors with their
path as before (tests/test_execution.py compares the two).

- Column fields: a field with no resolver, arguments or extensions and a scalar or enum type
  depends on the attribute alone, so it is read and serialised directly; so is the ``id`` of a
  ``ModelNode``, the row's primary key. Masked and permission-checked fields have resolvers and
  keep the general path. A null, a refused value or an exception goes the general way.
- Rows are values: a tortoise model instance is awaitable (``await row`` gives the row back), so
  graphql-core took every row a resolver returned, ``Edge.node`` included, for pending work and
  completed it in a coroutine of its own. Real awaitables (coroutines, futures) still count.
- Batched relations: before a list of rows (or of edges) is completed, the ``loaded_field``s
  its selection asks for are loaded for the whole list at once (core/schema/relations.py), so
  each row's relation is already there and the list completes without a coroutine per row.
"""

import asyncio
from base64 import b64encode
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from graphql.execution.executor import FieldDetailsList
from graphql.pyutils import Path
from strawberry.execution import optimized_is_awaitable
from strawberry.relay import Node
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField
from tortoise.models import Model

from core.schema.node import ModelNode
from core.schema.relations import LOADED, Loaded
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
)

Read = Callable[[Any], Any]


@dataclass
class ExecutionPlan:
    """What the shortcuts know about one schema, computed once."""

    #: type → field → a function of the row giving the serialised value
    direct: dict[str, dict[str, Read]]
    #: type → field → the loader behind a ``loaded_field``
    loaded: dict[str, dict[str, Loaded]]
    #: edge type → its node type
    edge_nodes: dict[str, GraphQLObjectType]
    #: type → field → the one attribute of the row the field reads (column fields, ids, loaded fields)
    reads: dict[str, dict[str, str]]
    #: type → field → how to get an object-typed field's value at hand without its resolver
    objects: dict[str, dict[str, "ObjectRead"]] = field(default_factory=dict)


@dataclass(frozen=True)
class ObjectRead:
    """An object-typed field whose value is an attribute of the row or an already loaded row."""

    value: Callable[[Any, Any], Any]  # (row, request context) → the value, or pending work
    object_type: GraphQLObjectType
    model: type[Model] | None  # what ``is_type_of`` would check; None when the type checks nothing


_plans: "WeakKeyDictionary[GraphQLSchema, ExecutionPlan]" = WeakKeyDictionary()


def _column(name: str, serialize: Read) -> Read:
    def read(source: Any) -> Any:
        value = getattr(source, name)
        return None if value is None else serialize(value)

    return read


def _node_id(type_name: str) -> Read:
    prefix = f"{type_name}:"

    def read(source: Any) -> Any:
        # what relay's GlobalID serialises to, without making one per row
        return b64encode(f"{prefix}{source.pk}".encode()).decode()

    return read


def _resolver_function(field: StrawberryField) -> Any:
    return getattr(getattr(field.base_resolver, "wrapped_func", None), "__func__", None)


#: the function behind relay's ``Node.id`` field
_RELAY_ID = _resolver_function(next(f for f in Node.__strawberry_definition__.fields if f.python_name == "_id"))


def _uses_model_ids(definition: Any) -> bool:
    origin = getattr(definition, "origin", None)
    return (
        isinstance(definition, StrawberryObjectDefinition)
        and issubclass(origin, ModelNode)  # type: ignore[arg-type]
        and origin.resolve_id.__func__ is ModelNode.resolve_id.__func__  # type: ignore[union-attr]
        and origin.resolve_typename.__func__ is Node.resolve_typename.__func__  # type: ignore[union-attr]
    )


def _direct_read(type_name: str, definition: Any, field: GraphQLField, strawberry_field: StrawberryField,
                 ) -> tuple[Read, str] | None:
    """How to serve the field directly, and the attribute it reads."""
    leaf = get_nullable_type(field.type)
    if field.args or not is_leaf_type(leaf):
        return None
    if strawberry_field.is_basic_field:
        return _column(strawberry_field.python_name, leaf.serialize), strawberry_field.python_name  # type: ignore[union-attr]
    if _resolver_function(strawberry_field) is _RELAY_ID and _uses_model_ids(definition):
        return _node_id(type_name), "pk"
    return None


def _node_type(object_type: GraphQLObjectType) -> GraphQLObjectType | None:
    """The node type of a Relay edge type (one with ``node`` and ``cursor``)."""
    if not object_type.name.endswith("Edge") or not {"node", "cursor"} <= set(object_type.fields):
        return None
    node = get_nullable_type(object_type.fields["node"].type)
    return node if isinstance(node, GraphQLObjectType) else None


def _type_check(object_type: GraphQLObjectType) -> tuple[bool, type[Model] | None]:
    """Whether the type's ``is_type_of`` can be done here, and the model it checks (None: no check)."""
    if object_type.is_type_of is None:
        return True, None
    origin = getattr(object_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF), "origin", None)
    if (isinstance(origin, type) and issubclass(origin, ModelNode)
            and origin.is_type_of.__func__ is ModelNode.is_type_of.__func__):  # type: ignore[attr-defined]
        return True, origin.__model__
    return False, None


def _object_read(graphql_field: GraphQLField, strawberry_field: StrawberryField) -> ObjectRead | None:
    object_type = get_nullable_type(graphql_field.type)
    if graphql_field.args or not isinstance(object_type, GraphQLObjectType):
        return None
    checkable, model = _type_check(object_type)
    if not checkable:
        return None
    loaded = strawberry_field.metadata.get(LOADED)
    if isinstance(loaded, Loaded) and not strawberry_field.extensions:
        return ObjectRead(lambda row, context: loaded.resolve(context, row), object_type, model)
    if strawberry_field.is_basic_field:
        name = strawberry_field.python_name
        return ObjectRead(lambda row, context: getattr(row, name), object_type, model)
    return None


def execution_plan(schema: GraphQLSchema) -> ExecutionPlan:
    """The shortcuts' knowledge of ``schema``."""
    plan = _plans.get(schema)
    if plan is not None:
        return plan
    plan = ExecutionPlan({}, {}, {}, {})
    for type_name, object_type in schema.type_map.items():
        if not isinstance(object_type, GraphQLObjectType) or type_name.startswith("__"):
            continue
        definition = object_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        for name, graphql_field in object_type.fields.items():
            strawberry_field = graphql_field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if not isinstance(strawberry_field, StrawberryField):
                continue
            if (direct := _direct_read(type_name, definition, graphql_field, strawberry_field)) is not None:
                plan.direct.setdefault(type_name, {})[name] = direct[0]
                plan.reads.setdefault(type_name, {})[name] = direct[1]
            if isinstance(loaded := strawberry_field.metadata.get(LOADED), Loaded):
                plan.loaded.setdefault(type_name, {})[name] = loaded
                plan.reads.setdefault(type_name, {})[name] = loaded.key
            if (object_read := _object_read(graphql_field, strawberry_field)) is not None:
                plan.objects.setdefault(type_name, {})[name] = object_read
        if (node := _node_type(object_type)) is not None:
            plan.edge_nodes[type_name] = node
    _plans[schema] = plan
    return plan


def _selected(selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode],
              ) -> Iterable[FieldNode]:
    """The fields of a selection set through its fragments, whatever their directives say."""
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _selected(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            yield from _selected(fragments[selection.name.value].selection_set, fragments)


def selected_columns(info: Any, model: type[Model]) -> list[str] | None:
    """The columns of ``model`` that the nodes of a connection field's selection read.

    None when some selected field may read anything (a resolver of its own): then whole rows
    are needed. Fields under ``@skip``/``@include`` count as selected; a few columns too many
    cost nothing, one too few would fail the field."""
    raw: GraphQLResolveInfo = info._raw_info
    connection = get_named_type(raw.return_type)
    if not isinstance(connection, GraphQLObjectType) or "edges" not in connection.fields:
        return None
    edge = get_named_type(connection.fields["edges"].type)
    plan = execution_plan(raw.schema)
    node = plan.edge_nodes.get(edge.name)
    if node is None:
        return None
    reads = plan.reads.get(node.name, {})
    columns = {model._meta.pk_attr}
    for connection_field in raw.field_nodes:
        for edges in (e for e in _selected(connection_field.selection_set, raw.fragments) if e.name.value == "edges"):
            for nodes in (n for n in _selected(edges.selection_set, raw.fragments) if n.name.value == "node"):
                for selected in _selected(nodes.selection_set, raw.fragments):
                    name = selected.name.value
                    if name == "__typename":
                        continue
                    attribute = reads.get(name)
                    if attribute is None:
                        return None
                    columns.add(model._meta.pk_attr if attribute == "pk" else attribute)
    if not columns <= model._meta.fields_db_projection.keys():
        return None  # e.g. a property of the model rather than a column
    return sorted(columns)


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
        self._plan = ExecutionPlan({}, {}, {}, {}) if middleware else execution_plan(self.schema)

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
        if value is None or self.is_awaitable(value) or (read.model is not None and not isinstance(value, read.model)):
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
            pending = self._prefetch(item_object, field_details_list, items)
            if pending:
                return self._complete_after(pending, item_type, field_details_list, info, path, items,
                                            position_context)
        return super().complete_iterable_value(item_type, field_details_list, info, path, items, position_context)

    async def _complete_after(self, pending: list[Awaitable[Any]], *args: Any) -> Any:
        # a failed load fails the fields that need it, as it would have without the prefetch
        await asyncio.gather(*pending, return_exceptions=True)
        completed = super().complete_iterable_value(*args)
        return await completed if self.is_awaitable(completed) else completed

    def _prefetch(self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList,
                  rows: list[Any]) -> list[Awaitable[Any]]:
        """Start loading the loaded fields selected on ``rows`` (or on their edges' nodes)."""
        if not rows:
            return []
        grouped = self.collect_subfields(object_type, field_details_list)[0]
        node_type = self._plan.edge_nodes.get(object_type.name)
        if node_type is not None:
            node_fields = next((group for group in grouped.values() if group[0].node.name.value == "node"), None)
            if node_fields is None:
                return []
            nodes = [node for edge in rows if (node := getattr(edge, "node", None)) is not None]
            return self._prefetch(node_type, node_fields, nodes)
        loaded = self._plan.loaded.get(object_type.name)
        if not loaded:
            return []
        context = self.context_value
        pending = []
        for group in grouped.values():
            relation = loaded.get(group[0].node.name.value)
            if relation is None:
                continue
            try:
                loading = relation.prefetch(context, rows)
            except Exception:  # noqa: BLE001 - an odd row: its own field reports the problem
                continue
            if loading is not None:
                pending.append(loading)
        return pending
