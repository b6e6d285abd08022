"""The GraphQL conventions every plugin's part of the schema follows, checked on the built schema.

A portal developer meets every plugin through one schema, so each plugin must read like the
core: its types and root query fields carry the plugin's prefix, a mutation is a verb and the
prefix with one ``input`` and a payload with ``userErrors`` whose result field is named after
its type, and every connection takes a ``filter``. ``junxiu plugins check`` and the schema
tests run this for every enabled plugin, so a plugin that drifts is refused by name.
"""

import re
from collections.abc import Callable, Iterator

from strawberry.types import get_object_definition

from core.plugin import GraphQLContribution
from core.validation import camel
from graphql import (
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    NullValueNode,
    build_schema,
    get_named_type,
)

ROOTS = ("Query", "Mutation")
#: words a mutation may put between its verb and the prefix (``enrolInUniversityClass``)
PREPOSITIONS = ("In", "To", "From", "For", "On")
USER_ERRORS = "userErrors"


def pascal(plugin: str) -> str:
    """``meal_orders`` → ``MealOrders``: the prefix of a plugin's type names."""
    return "".join(part.title() for part in plugin.split("_"))


def prefixes(plugin: str) -> tuple[str, ...]:
    """The plugin's prefix, and its singular when the name is a plural (``meals``: ``Meal``)."""
    prefix = pascal(plugin)
    return (prefix, prefix[:-1]) if prefix.endswith("s") else (prefix,)


def _named_after(field: str, type_name: str) -> bool:
    """``universityClass`` for a ``UniversityClass``, ``universityClasses`` for a list of them."""
    expected = type_name[0].lower() + type_name[1:]
    return field.startswith(expected) and len(field) - len(expected) <= 2


def _graphql_names(cls: type | None) -> set[str]:
    if cls is None:
        return set()
    return {f.graphql_name or camel(f.python_name) for f in get_object_definition(cls, strict=True).fields}


def _fields(graphql_type: GraphQLNamedType) -> dict[str, GraphQLField]:
    if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
        return graphql_type.fields  # type: ignore[return-value]
    return {}


def _reach(
    schema: GraphQLSchema, roots: list[tuple[str, str]], skip: Callable[[str, str], bool]
) -> Iterator[tuple[str, str, GraphQLField]]:
    """Every (type, field, definition) reachable from ``roots`` (type, field), arguments
    included, leaving out the fields ``skip`` names and not entering a type twice."""
    seen: set[str] = set()
    queue = list(roots)
    while queue:
        type_name, field_name = queue.pop()
        field = _fields(schema.type_map[type_name])[field_name]
        yield type_name, field_name, field
        targets = [get_named_type(field.type)]
        targets += [get_named_type(arg.type) for arg in getattr(field, "args", {}).values()]
        for target in targets:
            if target.name in seen:
                continue
            seen.add(target.name)
            queue += [(target.name, name) for name in _fields(target) if not skip(target.name, name)]


def _plugin_fields(contributions: list[tuple[str, GraphQLContribution]]) -> dict[tuple[str, str], str]:
    """(type, field) → plugin, for the root fields and extension fields plugins contribute."""
    owner: dict[tuple[str, str], str] = {}
    for plugin, contribution in contributions:
        for root, cls in zip(ROOTS, (contribution.query, contribution.mutation), strict=True):
            owner.update({(root, name): plugin for name in _graphql_names(cls)})
        for extension in contribution.extensions:
            owner.update({(extension.target, name): plugin for name in _graphql_names(extension.fields)})
    return owner


def core_type_names(schema: GraphQLSchema, contributions: list[tuple[str, GraphQLContribution]]) -> set[str]:
    """The types the core's own fields reach: every other type belongs to a plugin."""
    owner = _plugin_fields(contributions)
    roots = [(root, name) for root in ROOTS for name in _fields(schema.type_map[root]) if (root, name) not in owner]
    names = {*ROOTS, *(name for name in schema.type_map if name.startswith("__"))}
    for type_name, _, field in _reach(schema, roots, lambda t, f: (t, f) in owner):
        names.add(type_name)
        names.add(get_named_type(field.type).name)
        names.update(get_named_type(arg.type).name for arg in getattr(field, "args", {}).values())
    return names


def _mutation_problems(name: str, field: GraphQLField, heads: tuple[str, ...]) -> Iterator[str]:
    if not re.match(f"[a-z]+({'|'.join(PREPOSITIONS)})?({'|'.join(heads)})", name):
        yield f"变更 {name} 应为动词加插件前缀（如 create{heads[0]}…）"
    argument = field.args.get("input")
    if list(field.args) != ["input"] or not (
        isinstance(argument.type, GraphQLNonNull) and isinstance(argument.type.of_type, GraphQLInputObjectType)
    ):
        yield f"变更 {name} 应只接收一个必填参数 input（输入类型）"
    else:
        for input_name, input_field in argument.type.of_type.fields.items():
            node = input_field.ast_node
            if node is not None and isinstance(node.default_value, NullValueNode):
                yield f"变更 {name} 的输入字段 {input_name} 默认为 null：可省略的字段用 UNSET（省略即不变）"
    payload = get_named_type(field.type)
    results = _fields(payload)
    if USER_ERRORS not in results:
        yield f"变更 {name} 的结果类型 {payload.name} 缺少 userErrors"
    for result, definition in results.items():
        target = get_named_type(definition.type)
        deprecated = definition.deprecation_reason is not None
        if result != USER_ERRORS and isinstance(target, GraphQLObjectType) and not deprecated:
            if not _named_after(result, target.name):
                yield f"变更 {name} 的结果字段 {payload.name}.{result} 应按其类型 {target.name} 命名"


def convention_problems(sdl: str, contributions: list[tuple[str, GraphQLContribution]]) -> list[str]:
    """One line per breach of the conventions in the schema ``sdl`` (a built schema's
    ``as_str()``), naming the plugin and what to change."""
    schema = build_schema(sdl)
    owner = _plugin_fields(contributions)
    core_names = core_type_names(schema, contributions)
    problems: list[str] = []
    for plugin, contribution in contributions:
        heads = prefixes(plugin)
        lower = tuple(head[0].lower() + head[1:] for head in heads)
        mutations = {
            name[0].upper() + name[1:] for (root, name), who in owner.items() if who == plugin and root == "Mutation"
        }
        own = heads + tuple(f"{mutation}{kind}" for mutation in mutations for kind in ("Input", "Payload"))
        roots = [key for key, who in owner.items() if who == plugin]
        roots += [
            (get_object_definition(cls, strict=True).name, name)
            for cls in contribution.types
            for name in _fields(schema.type_map[get_object_definition(cls, strict=True).name])
        ]
        found: list[str] = []
        for type_name, name, field in _reach(schema, roots, lambda t, f: t in core_names):
            if field.deprecation_reason is not None:  # kept for old clients until removed
                continue
            if type_name == "Query" and not name.startswith(lower):
                found.append(f"根查询字段 {name} 应以插件前缀 {lower[0]} 开头")
            if type_name == "Mutation":
                found += _mutation_problems(name, field, heads)
            target = get_named_type(field.type)
            if target.name.endswith("Connection") and "filter" not in getattr(field, "args", {}):
                found.append(f"连接字段 {type_name}.{name} 缺少 filter 参数（筛选输入）")
            for reached in (target, *(get_named_type(a.type) for a in getattr(field, "args", {}).values())):
                scalar = isinstance(reached, GraphQLScalarType)
                if not (scalar or reached.name in core_names or reached.name.startswith(own)):
                    found.append(f"类型 {reached.name} 应以插件前缀 {heads[0]} 开头（输入、载荷可按变更命名）")
        problems += [f"插件 {plugin}：{line}" for line in dict.fromkeys(found)]
    return problems
