"""Build the unified schema from the core and the enabled plugins' contributions."""

import re
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import ExecutionContext, Info

import core.schema.registry as registry
from core.errors import ServiceError, collect_error_codes, error_code_enum
from core.host import PluginHost
from core.limits import GraphQLLimits, is_fault_around_execution, log_unexpected, schema_extensions
from core.metrics import count_error
from core.plugin import GraphQLContribution
from core.schema.account import AccountMutation, AccountQuery
from core.schema.agency import AgencyBase, AgencyMutation, AgencyQuery
from core.schema.attachment import AttachmentMutation, AttachmentQuery
from core.schema.execution import DirectExecutionContext
from core.schema.extensions import (
    AuditSensitiveReads,
    AuthenticationGate,
    ProductionAuthenticationGate,
    ServiceErrorsAsGraphQLErrors,
)
from core.schema.node import ModelNode
from core.schema.payload import parse_global_id
from core.schema.relations import resolve_loaded_fields_directly
from core.schema.retiree import RetireeBase, RetireeMutation, RetireeQuery
from core.schema.staff import StaffMemberBase, StaffMemberPayload, StaffMutation, StaffQuery
from graphql import GraphQLError

CORE = "core"
#: public name of each core type that plugins may extend, and its base class
EXTENSIBLE: dict[str, type] = {"Agency": AgencyBase, "Retiree": RetireeBase, "StaffMember": StaffMemberBase}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NODE_ID_DESCRIPTION = "全局唯一 ID（不透明字符串，用于 node(id:) 查询）"


class SchemaConflict(Exception):
    """Two contributors define the same name; the message names both."""


@strawberry.type(description="启用的插件")
class PluginInfo:
    name: str = strawberry.field(description="插件名（也是数据表前缀）")
    label: str = strawberry.field(description="中文名称")
    version: str = strawberry.field(description="版本")
    description: str = strawberry.field(description="说明")


def _base_query(plugin_infos: list[PluginInfo]) -> type:
    """Made per build, as the plugin list differs between builds."""

    @strawberry.type
    class BaseQuery:
        @strawberry.field(description="按全局 ID 取任意对象（在可见范围内；格式错误、不存在或不可见时为空）")
        async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
            try:
                type_name, pk = parse_global_id(id, "id")
            except ServiceError:
                return None
            definition = info.schema.get_type_by_name(type_name)
            origin = getattr(definition, "origin", None)
            if not (isinstance(origin, type) and issubclass(origin, ModelNode)):
                return None
            return (await origin.resolve_nodes(info=info, node_ids=[str(pk)]))[0]

        @strawberry.field(description="本实例启用的插件")
        def plugins(self) -> list[PluginInfo]:
            return plugin_infos

    return BaseQuery


def _fields(cls: type) -> list[str]:
    return [f.name for f in cls.__strawberry_definition__.fields]  # type: ignore[attr-defined]


def _merge(name: str, parts: list[tuple[str, type]], description: str | None = None) -> type:
    """One strawberry type from several, refusing a field that two contributors both define."""
    owner: dict[str, str] = {}
    for contributor, cls in parts:
        for field_name in _fields(cls):
            if field_name in owner:
                raise SchemaConflict(f"字段冲突：{name}.{field_name} 同时由 {owner[field_name]} 与 {contributor} 定义")
            owner[field_name] = contributor
    merged = type(name, tuple(cls for _, cls in parts), {})
    return strawberry.type(merged, name=name, description=description)


def _check_type_names(contributions: list[tuple[str, GraphQLContribution]], core_names: set[str]) -> None:
    owner = {name: CORE for name in core_names}
    for plugin, contribution in contributions:
        for cls in contribution.types:
            type_name = cls.__strawberry_definition__.name  # type: ignore[attr-defined]
            if type_name in owner:
                raise SchemaConflict(f"类型冲突：{type_name} 同时由 {owner[type_name]} 与 {plugin} 定义")
            owner[type_name] = plugin


#: descriptions of the arguments every connection and mutation shares, so plugins following
#: the conventions need not repeat them
CONVENTIONAL_ARGUMENTS = {
    "id": "全局 ID",
    "first": "本页条数（默认 20，最多 100）",
    "after": "从该游标之后开始（上一页的 pageInfo.endCursor）",
    "filter": "筛选条件",
    "orderBy": "排序方式",
    "input": "变更的输入",
}
_BUILTIN_DESCRIPTIONS = {
    "Node": "具有全局唯一 ID 的对象（Relay 规范）",
    "Date": "日期，ISO 8601 格式（如 2024-07-01）",
    "DateTime": "带时区的日期时间，ISO 8601 格式",
    "Decimal": "十进制数（金额等），以字符串表示",
    "Upload": "上传的文件：按 GraphQL 多部分请求规范以 multipart/form-data 提交",
}


def _describe_in_chinese(schema: strawberry.Schema) -> None:
    """Fill the descriptions strawberry's built-ins carry in English, and those of
    conventional arguments, so the IDE and the reference read in Chinese throughout."""
    for name, graphql_type in schema._schema.type_map.items():
        if name in _BUILTIN_DESCRIPTIONS:
            graphql_type.description = _BUILTIN_DESCRIPTIONS[name]
        for field in getattr(graphql_type, "fields", {}).values() if hasattr(graphql_type, "fields") else ():
            if field.description == "The Globally Unique ID of this object":
                field.description = _NODE_ID_DESCRIPTION
            for arg_name, arg in getattr(field, "args", {}).items():
                if arg_name in CONVENTIONAL_ARGUMENTS and not _CJK.search(arg.description or ""):
                    arg.description = CONVENTIONAL_ARGUMENTS[arg_name]


class Schema(strawberry.Schema):
    """strawberry's schema, minus its logging of every GraphQL error with a traceback.

    A refusal (``FORBIDDEN``, ``NOT_FOUND``, a validation error) is the client's answer, not a
    fault of ours, and its message may echo a variable's value (an ID number typed into the
    wrong field): it is not logged. Unexpected errors are logged once, with their error id:
    those raised while executing by ``ErrorReporting`` (core/limits.py), those an extension
    raised around execution here, where they are also given the code ``INTERNAL`` (and, in
    production, the message ``内部错误``)."""

    def __init__(self, *args: Any, production: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.production = production

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            if is_fault_around_execution(error):
                error_id = log_unexpected(error)
                if self.production:
                    error.message = "内部错误"
                error.extensions = {"code": "INTERNAL", "errorId": error_id}
                count_error("INTERNAL")


def build_schema(host: PluginHost, *, production: bool = False) -> strawberry.Schema:
    contributions: list[tuple[str, GraphQLContribution]] = list(host.contributions("register_graphql"))
    extensions: dict[str, list[tuple[str, type]]] = {name: [(CORE, base)] for name, base in EXTENSIBLE.items()}
    for plugin, contribution in contributions:
        for extension in contribution.extensions:
            if extension.target not in extensions:
                raise SchemaConflict(f"插件 {plugin} 扩展了不可扩展的类型 {extension.target}")
            extensions[extension.target].append((plugin, extension.fields))
    for type_name, parts in extensions.items():
        base = EXTENSIBLE[type_name]
        merged = _merge(type_name, parts, base.__strawberry_definition__.description) if len(parts) > 1 else base  # type: ignore[attr-defined]
        setattr(registry, type_name, merged)
    registry.ErrorCode = error_code_enum(collect_error_codes(host.contributions("register_error_codes")))

    plugin_infos = [
        PluginInfo(name=p.spec.name, label=p.spec.label, version=p.spec.version, description=p.spec.description)
        for p in host.enabled
    ]
    query_parts: list[tuple[str, type]] = [
        (CORE, _base_query(plugin_infos)),
        (CORE, AccountQuery),
        (CORE, AgencyQuery),
        (CORE, RetireeQuery),
        (CORE, StaffQuery),
        (CORE, AttachmentQuery),
    ]
    mutation_parts: list[tuple[str, type]] = [
        (CORE, AccountMutation),
        (CORE, AgencyMutation),
        (CORE, RetireeMutation),
        (CORE, StaffMutation),
        (CORE, AttachmentMutation),
    ]
    for plugin, contribution in contributions:
        if contribution.query is not None:
            query_parts.append((plugin, contribution.query))
        if contribution.mutation is not None:
            mutation_parts.append((plugin, contribution.mutation))

    _check_type_names(contributions, set(EXTENSIBLE) | {"Query", "Mutation", "PluginInfo", "Viewer", "UserAccount"})
    query = _merge("Query", query_parts, "查询入口")
    mutation = _merge("Mutation", mutation_parts, "变更入口：每个变更接收一个 input，返回含 userErrors 的结果")
    types: Iterable[Any] = [registry.Agency, registry.Retiree, registry.StaffMember, StaffMemberPayload]
    types = [*types, *(cls for _, c in contributions for cls in c.types)]
    gate = ProductionAuthenticationGate if production else AuthenticationGate
    # GraphQL limits and error reporting (core/limits.py); production hides more
    limits = schema_extensions(GraphQLLimits.from_settings(host.settings), production=production)
    extensions_list: list[Any] = [gate, AuditSensitiveReads, ServiceErrorsAsGraphQLErrors, *limits]
    schema = Schema(query=query, mutation=mutation, types=types, extensions=extensions_list,
                    execution_context_class=DirectExecutionContext, production=production)
    resolve_loaded_fields_directly(schema._schema)
    _describe_in_chinese(schema)
    return schema
