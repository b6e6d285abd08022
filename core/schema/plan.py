"""What execution can do without the general path, worked out once per schema.

For each type: the fields that only read a column of the row (and how to serialise it), the
object-typed fields whose value is an attribute or an already loaded row, the ``loaded_field``s,
the Relay edge types and their nodes, and which row attribute each of these reads. The execution
context (core/schema/execution.py) takes its shortcuts from here; ``selected_columns`` tells
``paginate`` which columns a page's selection needs.
"""

from base64 import b64encode
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from strawberry.relay import Node
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
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
)

Read = Callable[[Any], Any]


@dataclass
class ExecutionPlan:
    """What the shortcuts know about one schema, computed once."""

    #: type → field → a function of the row giving the serialised value
    direct: dict[str, dict[str, Read]] = field(default_factory=dict)
    #: type → field → how to get an object-typed field's value at hand without its resolver
    objects: dict[str, dict[str, "ObjectRead"]] = field(default_factory=dict)
    #: type → field → the loader behind a ``loaded_field``
    loaded: dict[str, dict[str, Loaded]] = field(default_factory=dict)
    #: edge type → its node type
    edge_nodes: dict[str, GraphQLObjectType] = field(default_factory=dict)
    #: type → field → the one attribute of the row the field reads (column fields, ids, loaded fields)
    reads: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ObjectRead:
    """An object-typed field whose value is an attribute of the row or an already loaded row."""

    value: Callable[[Any, Any], Any]  # (row, request context) → the value, or pending work
    object_type: GraphQLObjectType
    model: type[Model] | None  # what ``is_type_of`` would check; None when the type checks nothing
    loaded: Loaded | None = None  # the relation's loader, for a ``loaded_field``


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


def type_check(object_type: GraphQLObjectType) -> tuple[bool, type[Model] | None]:
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
    checkable, model = type_check(object_type)
    if not checkable:
        return None
    loaded = strawberry_field.metadata.get(LOADED)
    if isinstance(loaded, Loaded) and not strawberry_field.extensions:
        return ObjectRead(lambda row, context: loaded.resolve(context, row), object_type, model, loaded)
    if strawberry_field.is_basic_field:
        name = strawberry_field.python_name
        return ObjectRead(lambda row, context: getattr(row, name), object_type, model)
    return None


def execution_plan(schema: GraphQLSchema) -> ExecutionPlan:
    """The shortcuts' knowledge of ``schema``."""
    plan = _plans.get(schema)
    if plan is not None:
        return plan
    plan = ExecutionPlan()
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
    names = [
        selected.name.value
        for connection_field in raw.field_nodes
        for edges in _selected(connection_field.selection_set, raw.fragments) if edges.name.value == "edges"
        for nodes in _selected(edges.selection_set, raw.fragments) if nodes.name.value == "node"
        for selected in _selected(nodes.selection_set, raw.fragments)
    ]
    return columns_read(plan, node.name, model, names)


def columns_read(plan: ExecutionPlan, type_name: str, model: type[Model], names: Iterable[str]) -> list[str] | None:
    """The columns of ``model`` that the fields ``names`` of ``type_name`` read, the primary key
    included; None when one of them may read anything (a resolver of its own)."""
    reads = plan.reads.get(type_name, {})
    columns = {model._meta.pk_attr}
    for name in names:
        if name == "__typename":
            continue
        attribute = reads.get(name)
        if attribute is None:
            return None
        columns.add(model._meta.pk_attr if attribute == "pk" else attribute)
    if not columns <= model._meta.fields_db_projection.keys():
        return None  # e.g. a property of the model rather than a column
    return sorted(columns)
