"""Generated documentation, so that the site cannot drift from the code.

Used at documentation build time by the mkdocs hook ``docs/hooks/docgen.py``:

- the **schema reference**: the unified schema with every built-in plugin enabled, one page
  for the core and one per plugin, listing root queries, mutations, types (object, interface,
  input, enum, union, scalar) with their fields, arguments and enum values, in the Chinese
  descriptions the schema carries. What a plugin contributes is found by building the schema
  with and without it and diffing: its types, its root fields, and the fields it adds to core
  types (type extensions);
- the table of ``ErrorCode`` values (GraphQL API guide);
- the table of what ``core.api`` exports (plugin developers' public API).
"""

import inspect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    ast_from_value,
    print_ast,
)

CORE = "core"
BUILTIN_DISTRIBUTION = "junxiu"
#: scalars of the GraphQL specification: not documented, not linked
SPEC_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}
ROOTS = ("Query", "Mutation", "Subscription")

#: one line in Chinese for each name ``core.api`` exports; tests fail when one is missing
API_SUMMARIES: dict[str, str] = {
    "DEFAULT_PAGE_SIZE": "连接字段 `first` 的默认值（20）",
    "SYSTEM": "系统主体：演示数据、迁移等非用户发起的操作以它的身份执行",
    "Agency": "核心模型：军休机构（tortoise 模型，插件可建指向它的外键）",
    "AgencyRef": "在类型注解中引用 GraphQL 类型 `Agency`（含所有插件的扩展字段）",
    "CommandRegistration": "`register_commands` 返回的命令注册：typer 子应用挂到 `junxiu <name>`",
    "Connection": "Relay 连接类型 `Connection[T]`：`edges`、`pageInfo`、`totalCount`",
    "ErrorCode": "稳定的业务错误代码枚举，见 [GraphQL API 指南](../api/index.md#错误)",
    "FamilyMember": "核心模型：家属（遗属）",
    "GraphQLContribution": "`register_graphql` 返回的架构贡献：查询、变更、类型和类型扩展",
    "LoaderRegistration": "`register_loaders` 返回的按请求 DataLoader 工厂注册",
    "ModelNode": "基于 tortoise 模型的 Relay 节点基类：全局 ID 与受范围限制的 `node(id:)`",
    "ModelRegistration": "`register_models` 返回的模型模块与迁移包",
    "NoSettings": "没有设置项的插件的设置模型（`PluginSpec.settings` 默认值）",
    "Permission": "`register_permissions` 返回的权限：代码、中文名称、默认持有的内置角色",
    "PluginSpec": "插件声明：名称、中文名称、版本、支持的核心版本范围、依赖、设置模型、说明",
    "Principal": "操作主体（谁在操作）：权限与可见范围；服务函数的第一个参数",
    "RequestContext": "GraphQL 请求上下文（`info.context`）：主体与按请求创建的 DataLoader",
    "Retiree": "核心模型：军休干部",
    "RetireeAward": "核心模型：立功受奖记录",
    "RetireeRef": "在类型注解中引用 GraphQL 类型 `Retiree`（含所有插件的扩展字段）",
    "ScopeRule": "`register_scope_rules` 返回的作用域规则：模型如何关联到机构、读取所需权限",
    "ServiceError": "服务函数中预期内的失败（错误代码、中文说明、字段），变更返回为 `userErrors`",
    "Staff": "核心模型：服务管理工作人员",
    "StaffMemberRef": "在类型注解中引用 GraphQL 类型 `StaffMember`（含所有插件的扩展字段）",
    "TypeExtension": "对核心类型（`Agency`、`Retiree`、`StaffMember`）追加字段的声明",
    "UserError": "变更载荷中的业务错误类型：`field`、`message`、`code`",
    "by_id_loader": "按主键批量读取（受范围限制）的 DataLoader 工厂",
    "check_lengths": "字符串超过数据库字段长度时抛出 `TOO_LONG`",
    "check_version": "乐观锁：版本号不符时抛出 `STALE_VERSION`",
    "children_loader": "按外键批量读取子记录（受范围限制）的 DataLoader 工厂",
    "decode_id": "把全局 ID 解码为主键；格式或类型不符时抛出 `INVALID_ID`",
    "enums": "核心领域的枚举（机构类型、军休干部类别、状态等）",
    "get_visible": "按主键取可见范围内的记录，否则抛出 `NOT_FOUND`",
    "hookimpl": "钩子实现的装饰器（pluggy），见[钩子参考](hooks.md)",
    "input_values": "输入对象中客户端实际给出的字段（省略未设置的）",
    "loaded_field": "声明一个经 DataLoader 取值的字段（加载器名、作为键的行属性）：列表中的行一次批量加载",
    "lock_visible": "同 `get_visible`，并在事务结束前锁定该行（PostgreSQL）",
    "accept": "修改、新建时客户端可设置的字段：只收可编辑的字段，不可为空的列给出 null 时抛出 `REQUIRED`",
    "mask_address": "住址脱敏（全部隐藏）",
    "mask_id_number": "身份证号脱敏（全部隐藏）",
    "mask_phone": "电话脱敏（至少隐藏四位数字）",
    "paginate": "对已排序的查询集分页，返回 `Connection`",
    "plugin_settings": "取当前实例中已启用插件经校验的设置（服务在请求中使用；钩子改用 `context.settings`）",
    "require_text": "去掉首尾空白后为空时抛出 `REQUIRED`",
    "reveals": "主体能否看到某敏感字段的明文（并记入审计）",
    "mutation": "声明变更：服务、输入、载荷各写一次（`service=`、`input=`、`payload=`），及其服务要求的权限"
    "（`requires=`，本人事项另用 `on_self=`）：权限矩阵据此生成用例",
    "ANYONE": "`mutation(requires=ANYONE)`：任何人（含未登录）都可执行的变更，只有登录",
    "SIGNED_IN": "`mutation(requires=SIGNED_IN)`：只涉及本人账户、任何已登录主体都可执行的变更",
    "sensitive": "声明敏感字段：自行用 `reveals` 脱敏的解析器，或无权限时服务拒绝的筛选条件；脱敏矩阵测试据此覆盖它",
    "run_mutation": "在一个事务中执行变更并记审计；`ServiceError` 转为 `userErrors`（`mutation(service=…)` 替你调用）",
    "scoped": "主体可读的全部记录（查询集）：所有读取的起点",
    "sensitive_field": "声明一个敏感字符串字段：无权限时脱敏，读取明文记入审计",
    "today": "今天的日期（测试可固定时钟）",
    "AlterFieldExceptSqlite": "迁移操作：修改字段，但在 SQLite 上只记录状态（SQLite 改列会重建表并丢失索引）",
    "SqliteIndexes": "迁移操作：只在 SQLite 上直接建索引（配合 AlterFieldExceptSqlite）",
    "RenameRelatedModel": "迁移操作：给有关联的模型改类名，表名不变（tortoise 的 RenameModel 此时出错）",
    "command_session": "（供插件命令行使用）按当前实例的配置打开数据库、启用插件与数据密钥，在块内有效",
    "paginate_sequence": "把 Python 中算出的有序列表分页为连接（如按公平性排序的候选人）",
    # plugin host v2
    "CORE_VERSION": "本平台核心的版本号，与 `PluginSpec.core_versions`（版本范围）比对",
    "PluginContext": "插件自己的上下文（名称、经校验的设置）：钩子声明 `context` 参数即可得到",
    "RoleRegistration": "`register_roles` 返回的插件角色：代码（`<插件>_<名称>`）、中文名称、所含权限",
    "SYSTEM_ADMIN": "内置角色代码：系统管理员（持有全部权限）",
    "DEPARTMENT_ADMIN": "内置角色代码：部门管理员",
    "AGENCY_MANAGER": "内置角色代码：机构负责人",
    "AGENCY_STAFF": "内置角色代码：机构工作人员",
    "RETIREE": "内置角色代码：军休干部本人",
    "PORTAL_READONLY": "内置角色代码：只读门户",
    "AGENCY_READ": "核心权限代码 `core.agency.read`（查看机构），供插件角色引用",
    "RETIREE_READ": "核心权限代码 `core.retiree.read`（查看军休干部），供插件角色引用",
    "SENSITIVE_READ": "核心权限代码 `core.sensitive.read`（查看未脱敏的个人信息），供插件角色引用",
    "STAFF_READ": "核心权限代码 `core.staff.read`（查看工作人员），供插件角色引用",
    # building blocks
    "Versioned": "抽象模型基类：乐观锁版本号 `version` 与创建、修改时间 `created_at`、`updated_at`",
    "save_versioned": "保存记录（给出字段时只存这些字段）并把版本号加一；与 `check_version` 配合",
    "ancestors": "机构树：从某机构（含）向上到根（或到给定上级为止）的各机构，近者在前",
    "is_within": "机构树：某机构（或路径）是否为另一机构本身或在其下",
    "line_ids": "机构树：物化路径上的机构 ID，根在前、本机构在后",
    "managing_agency": "机构树：某机构线上（含本身）最近的某级部门（`DepartmentLevel`）或某类机构（`AgencyKind`）",
    "require_active_agency": "取可见范围内、状态正常的机构并在事务内锁定；已撤销或合并时抛出 `AGENCY_INACTIVE`",
    "ApprovalChain": "审批链：自下而上的各审批步骤；`authorize` 检查审核人，`record` 记录一步",
    "ApprovalDecision": "审批结论枚举：同意、不同意",
    "ApprovalLevel": "审批层级枚举：军休机构、县、市、省、部",
    "ApprovalLink": "审批链的一步：层级与负责审核的机构或部门",
    "ApprovalStep": "抽象模型：一步审批的层级、意见、审核人（用户 ID、姓名、机构）与时间；插件继承并加外键",
    "approval_chain": "沿机构树建立审批链：按配置的层级逐级到所属机构，所属机构总是最后审批，服务站不代军休所审核",
    "approval_level": "机构的审批层级：部门按行政层级，军休所、中心、服务站为机构级",
    "as_level": "把插件自有的同值枚举成员转换为 `ApprovalLevel`",
    "ErrorCodeRegistration": "`register_error_codes` 返回的插件错误代码：以插件名为前缀的代码与中文说明",
    "payload": "生成变更载荷类型 `<名称>Payload { <结果字段>, userErrors }`，结果字段以其类型命名",
    "payload_of": "生成含多个结果字段（或没有结果字段）的变更载荷类型；服务按顺序返回元组",
    "refers": "声明输入中的全局 ID 字段及其指向的类型：变更套件解码为主键传给服务，错误指明该字段",
    # due items and attachments
    "DueItem": "待办事项：标题、应办日期、涉及的记录（tortoise 行）与说明，见 [待办与附件](todo-attachments.md)",
    "DueItemSource": "`register_due_items` 返回的待办来源：名称、中文名称与查询函数 `query(principal, today)`",
    "AttachmentTarget": (
        "`register_attachment_targets` 返回的附件对象类型：GraphQL 类型名、模型、写权限、是否含健康等敏感信息"
    ),
}


# ---------------------------------------------------------------------------------------
# Who contributes what


@dataclass
class Part:
    """What one contributor (the core or one plugin) adds to the unified schema."""

    name: str
    label: str
    version: str = ""
    description: str = ""
    distribution: str = ""
    requires: tuple[str, ...] = ()
    queries: list[str] = field(default_factory=list)
    mutations: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    #: core type name -> the field names this plugin adds to it
    extensions: dict[str, list[str]] = field(default_factory=dict)
    #: core enum name -> the values this plugin adds to it (its codes in ``ErrorCode``)
    enum_values: dict[str, list[str]] = field(default_factory=dict)

    @property
    def page(self) -> str:
        return f"{self.name}.md"


@dataclass
class Reference:
    """The unified schema and its parts; ``schema`` has every plugin of ``parts`` enabled,
    ``core`` has none (its types carry only the core's own fields)."""

    schema: GraphQLSchema
    core: GraphQLSchema
    parts: list[Part]

    def owner(self) -> dict[str, Part]:
        """Which part documents each named type."""
        return {name: part for part in self.parts for name in part.types}


def builtin_plugins() -> list[str]:
    """The plugins the ``junxiu`` distribution itself ships (entry points in pyproject.toml)."""
    from core.host import discover

    return sorted(name for name, found in discover().items() if found.distribution == BUILTIN_DISTRIBUTION)


def build(plugins: Iterable[str]) -> GraphQLSchema:
    """The graphql-core schema of the core with ``plugins`` enabled (default plugin settings)."""
    from core.host import PluginHost
    from core.schema.build import build_schema
    from core.settings import Settings

    return build_schema(PluginHost(Settings(plugins=list(plugins), plugin_settings={})))._schema


def _named_types(schema: GraphQLSchema) -> set[str]:
    return {
        name for name in schema.type_map if not name.startswith("__") and name not in SPEC_SCALARS and name not in ROOTS
    }


def _root_fields(schema: GraphQLSchema, root: str) -> list[str]:
    graphql_type = schema.type_map.get(root)
    return list(graphql_type.fields) if isinstance(graphql_type, GraphQLObjectType) else []


def _fielded(graphql_type: Any) -> bool:
    return isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType)


def _closure(name: str, requires: dict[str, tuple[str, ...]]) -> list[str]:
    """``name`` and every plugin it requires, directly or not."""
    seen: list[str] = []
    pending = [name]
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.append(current)
            pending.extend(requires.get(current, ()))
    return seen


def _diff(part: Part, with_it: GraphQLSchema, without: GraphQLSchema) -> None:
    for root, target in (("Query", part.queries), ("Mutation", part.mutations)):
        before = set(_root_fields(without, root))
        target.extend(f for f in _root_fields(with_it, root) if f not in before)
    before_types = _named_types(without)
    part.types.extend(sorted(_named_types(with_it) - before_types))
    for name in sorted(before_types):
        old, new = without.type_map[name], with_it.type_map.get(name)
        if _fielded(old) and _fielded(new):
            added = [f for f in new.fields if f not in old.fields]  # type: ignore[union-attr]
            if added:
                part.extensions[name] = added
        elif isinstance(old, GraphQLEnumType) and isinstance(new, GraphQLEnumType):
            values = [v for v in new.values if v not in old.values]
            if values:
                part.enum_values[name] = values


def reference(plugins: Sequence[str] | None = None) -> Reference:
    """Build the unified schema (every built-in plugin when ``plugins`` is None) and say what
    each contributor adds, by building it with and without each plugin."""
    from core.host import PluginHost, discover
    from core.settings import Settings

    names = builtin_plugins() if plugins is None else list(plugins)
    host = PluginHost(Settings(plugins=names, plugin_settings={}))
    found = discover()
    specs = {enabled.spec.name: enabled.spec for enabled in host.enabled}
    requires = {name: tuple(spec.requires) for name, spec in specs.items()}

    schema = build(names)
    core_schema = build([])
    core = Part(CORE, "核心", description="军休机构、军休干部、工作人员、账户与插件信息；始终启用")
    core.queries = _root_fields(core_schema, "Query")
    core.mutations = _root_fields(core_schema, "Mutation")
    core.types = sorted(_named_types(core_schema))
    parts = [core]
    for name in names:
        spec = specs[name]
        part = Part(
            name,
            spec.label,
            spec.version,
            spec.description,
            found[name].distribution if name in found else "",
            tuple(spec.requires),
        )
        with_plugin = _closure(name, requires)
        _diff(part, build(with_plugin), build([p for p in with_plugin if p != name]))
        parts.append(part)
    _resolve_shared_types(parts)
    _scalars_to_core(parts, schema)
    return Reference(schema, core_schema, parts)


def _scalars_to_core(parts: list[Part], schema: GraphQLSchema) -> None:
    """Scalars (``Decimal`` …) are shared vocabulary, not a plugin's: they are documented on
    the core page even when only plugins use them."""
    core = parts[0]
    for part in parts[1:]:
        for type_name in [t for t in part.types if isinstance(schema.type_map[t], GraphQLScalarType)]:
            part.types.remove(type_name)
            if type_name not in core.types:
                core.types.append(type_name)
    core.types.sort()


def _pascal(name: str) -> str:
    return "".join(piece.title() for piece in name.split("_"))


def _resolve_shared_types(parts: list[Part]) -> None:
    """A type two plugins' diffs both hold (a plugin it requires defines it too) stays with
    the plugin whose PascalCase name it starts with, or with the first."""
    claimed: dict[str, Part] = {}
    for part in parts[1:]:
        for type_name in list(part.types):
            other = claimed.get(type_name)
            if other is None:
                claimed[type_name] = part
                continue
            keep = part if type_name.startswith(_pascal(part.name)) else other
            drop = other if keep is part else part
            drop.types.remove(type_name)
            claimed[type_name] = keep


# ---------------------------------------------------------------------------------------
# Markdown


def _cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell (and outside one)."""
    text = (text or "").strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|").replace("*", "\\*")
    return re.sub(r"\s*\n\s*", " ", text) or "—"


def _link(type_name: str, here: str, owner: dict[str, Part]) -> str:
    if type_name in SPEC_SCALARS:
        return f"`{type_name}`"
    part = owner.get(type_name)
    if part is None:
        return f"`{type_name}`"
    target = "" if part.page == here else part.page
    return f"[`{type_name}`]({target}#{type_name})"


def _type_ref(graphql_type: Any, here: str, owner: dict[str, Part]) -> str:
    if isinstance(graphql_type, GraphQLNonNull):
        return _type_ref(graphql_type.of_type, here, owner) + "!"
    if isinstance(graphql_type, GraphQLList):
        return "\\[" + _type_ref(graphql_type.of_type, here, owner) + "\\]"
    return _link(graphql_type.name, here, owner)


def _default(value: Any, graphql_type: Any) -> str:
    if value is Undefined:
        return ""
    node = ast_from_value(value, graphql_type)
    return f"`{print_ast(node)}`" if node is not None else ""


def _deprecation(reason: str | None) -> str:
    return f" **已弃用**：{_cell(reason)}" if reason else ""


def _arguments_table(graphql_field: GraphQLField, here: str, owner: dict[str, Part]) -> list[str]:
    if not graphql_field.args:
        return []
    lines = ["| 参数 | 类型 | 默认值 | 说明 |", "|---|---|---|---|"]
    for name, arg in graphql_field.args.items():
        lines.append(
            f"| `{name}` | {_type_ref(arg.type, here, owner)} | {_default(arg.default_value, arg.type) or '—'} | "
            f"{_cell(arg.description)}{_deprecation(arg.deprecation_reason)} |"
        )
    return lines


def _root_section(
    title: str, root: str, names: list[str], schema: GraphQLSchema, here: str, owner: dict[str, Part]
) -> list[str]:
    if not names:
        return []
    graphql_type = schema.type_map[root]
    assert isinstance(graphql_type, GraphQLObjectType)
    lines = [f"## {title}", ""]
    for name in names:
        graphql_field = graphql_type.fields[name]
        lines += [
            f"### {name} {{#{root.lower()}-{name}}}",
            "",
            f"{_cell(graphql_field.description)}{_deprecation(graphql_field.deprecation_reason)}",
            "",
            f"返回：{_type_ref(graphql_field.type, here, owner)}",
            "",
        ]
        table = _arguments_table(graphql_field, here, owner)
        lines += [*table, ""] if table else []
    return lines


def _field_rows(graphql_type: Any, names: Iterable[str], here: str, owner: dict[str, Part]) -> list[str]:
    is_input = isinstance(graphql_type, GraphQLInputObjectType)
    if is_input:
        lines = ["| 字段 | 类型 | 默认值 | 说明 |", "|---|---|---|---|"]
    else:
        lines = ["| 字段 | 类型 | 说明 |", "|---|---|---|"]
    for name in names:
        item = graphql_type.fields[name]
        description = _cell(item.description) + _deprecation(item.deprecation_reason)
        if is_input:
            lines.append(
                f"| `{name}` | {_type_ref(item.type, here, owner)} | "
                f"{_default(item.default_value, item.type) or '—'} | {description} |"
            )
            continue
        for arg_name, arg in getattr(item, "args", {}).items():
            default = _default(arg.default_value, arg.type)
            description += (
                f"<br>参数 `{arg_name}`：{_type_ref(arg.type, here, owner)}"
                f"{'，默认 ' + default if default else ''} — {_cell(arg.description)}"
            )
        lines.append(f"| `{name}` | {_type_ref(item.type, here, owner)} | {description} |")
    return lines


_KINDS: list[tuple[str, type]] = [
    ("对象类型", GraphQLObjectType),
    ("接口", GraphQLInterfaceType),
    ("输入类型", GraphQLInputObjectType),
    ("枚举", GraphQLEnumType),
    ("联合类型", GraphQLUnionType),
    ("标量", GraphQLScalarType),
]


def _type_block(graphql_type: GraphQLNamedType, here: str, owner: dict[str, Part]) -> list[str]:
    lines = [f"### {graphql_type.name} {{#{graphql_type.name}}}", "", _cell(graphql_type.description), ""]
    if isinstance(graphql_type, GraphQLObjectType) and graphql_type.interfaces:
        links = "、".join(_link(i.name, here, owner) for i in graphql_type.interfaces)
        lines += [f"实现：{links}", ""]
    if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
        lines += [*_field_rows(graphql_type, graphql_type.fields, here, owner), ""]
    elif isinstance(graphql_type, GraphQLEnumType):
        lines += ["| 值 | 说明 |", "|---|---|"]
        lines += [
            f"| `{name}` | {_cell(value.description)}{_deprecation(value.deprecation_reason)} |"
            for name, value in graphql_type.values.items()
        ]
        lines.append("")
    elif isinstance(graphql_type, GraphQLUnionType):
        lines += ["成员：" + "、".join(_link(t.name, here, owner) for t in graphql_type.types), ""]
    return lines


def _types_section(
    names: list[str], ref: Reference, schema: GraphQLSchema, here: str, owner: dict[str, Part]
) -> list[str]:
    def of(name: str) -> GraphQLNamedType:
        return schema.type_map.get(name) or ref.schema.type_map[name]

    lines: list[str] = []
    for title, kind in _KINDS:
        of_kind = [n for n in names if isinstance(of(n), kind)]
        if of_kind:
            lines += [f"## {title}", ""]
            for name in of_kind:
                lines += _type_block(of(name), here, owner)
    return lines


def render_part(ref: Reference, part: Part) -> str:
    """The Markdown reference page of one contributor."""
    owner = ref.owner()
    here = part.page
    # the core page shows core types without plugins' extension fields
    schema = ref.core if part.name == CORE else ref.schema
    title = "核心" if part.name == CORE else f"{part.label}（`{part.name}`）"
    lines = [f"# {title}", "", "<!-- 本页由 core/docgen.py 在构建文档时生成，请勿手工编辑 -->", ""]
    if part.description:
        lines += [_cell(part.description), ""]
    if part.name != CORE:
        facts = [f"插件名 `{part.name}`", f"版本 {part.version}"]
        if part.distribution:
            facts.append(f"发行包 `{part.distribution}`")
        if part.requires:
            facts.append("依赖插件 " + "、".join(f"`{r}`" for r in part.requires))
        lines += ["；".join(facts) + "。", ""]
    else:
        lines += [
            "核心类型上由插件追加的字段不在本页，见各插件页的“对核心类型的扩展”。",
            "",
        ]
    lines += _root_section("查询", "Query", part.queries, schema, here, owner)
    lines += _root_section("变更", "Mutation", part.mutations, schema, here, owner)
    if part.extensions:
        lines += ["## 对核心类型的扩展", ""]
        for type_name, names in part.extensions.items():
            graphql_type = ref.schema.type_map[type_name]
            lines += [
                f"### {type_name}（扩展） {{#extension-{type_name}}}",
                "",
                f"本插件为 {_link(type_name, here, owner)} 追加的字段：",
                "",
                *_field_rows(graphql_type, names, here, owner),
                "",
            ]
    for type_name, values in part.enum_values.items():
        graphql_type = ref.schema.type_map[type_name]
        assert isinstance(graphql_type, GraphQLEnumType)
        lines += [
            f"## {type_name} 的新增值 {{#values-{type_name}}}",
            "",
            f"本插件为 {_link(type_name, here, owner)} 追加的值：",
            "",
            "| 值 | 说明 |",
            "|---|---|",
            *(f"| `{value}` | {_cell(graphql_type.values[value].description)} |" for value in values),
            "",
        ]
    lines += _types_section(part.types, ref, schema, here, owner)
    return "\n".join(lines).rstrip() + "\n"


def render_index(ref: Reference) -> str:
    """The overview page of the schema reference."""
    lines = [
        "# 架构参考",
        "",
        "<!-- 本页由 core/docgen.py 在构建文档时生成，请勿手工编辑 -->",
        "",
        "本参考由统一 GraphQL 架构在构建文档时自动生成（启用全部内置插件），与代码始终一致。"
        "每个类型、字段、参数和枚举值都附有架构中的中文说明。核心与每个插件各占一页；"
        "插件对核心类型追加的字段列在该插件页的“对核心类型的扩展”中。",
        "",
        "完整的 SDL 见仓库中的 `graphql/schema.graphql`；运行中的实例也可以用 "
        "`junxiu schema export` 导出它实际启用的插件组合的架构。",
        "",
        "| 部分 | 说明 | 查询 | 变更 | 类型 | 扩展字段 |",
        "|---|---|---|---|---|---|",
    ]
    for part in ref.parts:
        name = "核心" if part.name == CORE else f"{part.label}（`{part.name}`）"
        extended = sum(len(names) for names in part.extensions.values())
        lines.append(
            f"| [{name}]({part.page}) | {_cell(part.description)} | {len(part.queries)} | "
            f"{len(part.mutations)} | {len(part.types)} | {extended} |"
        )
    if len(ref.parts) == 1:
        lines += ["", '!!! note "内置插件"', "    当前版本尚未包含内置插件；内置插件加入后，其参考页会自动出现在本节。"]
    return "\n".join(lines) + "\n"


def reference_pages(ref: Reference, directory: str = "reference") -> dict[str, str]:
    """Every generated page, by its path under docs/."""
    pages = {f"{directory}/index.md": render_index(ref)}
    for part in ref.parts:
        pages[f"{directory}/{part.page}"] = render_part(ref, part)
    return pages


def reference_nav(ref: Reference, directory: str = "reference") -> list[dict[str, str]]:
    """The navigation of the generated pages, as mkdocs' ``nav`` entries."""
    nav = [{"架构参考": f"{directory}/index.md"}]
    for part in ref.parts:
        title = "核心" if part.name == CORE else f"{part.label}（{part.name}）"
        nav.append({title: f"{directory}/{part.page}"})
    return nav


# ---------------------------------------------------------------------------------------
# Tables included in hand-written pages


def error_codes_table() -> str:
    """Every core ``ErrorCode`` value with its Chinese description (plugins' codes are listed
    on their own pages)."""
    from core.errors import CORE_ERROR_CODES

    lines = ["| 代码 | 说明 |", "|---|---|"]
    lines += [f"| `{code}` | {_cell(text)} |" for code, text in CORE_ERROR_CODES.items()]
    return "\n".join(lines) + "\n"


def _kind(value: Any) -> str:
    if inspect.ismodule(value):
        return "模块"
    if inspect.isclass(value):
        return "类"
    if inspect.isfunction(value):
        return "函数"
    if getattr(value, "__metadata__", None) is not None:
        return "类型引用"
    if callable(value):
        return "装饰器"
    return "常量"


def public_api_table() -> str:
    """What ``core.api`` exports: name, kind, signature of functions and a Chinese summary."""
    import core.api

    lines = ["| 名称 | 种类 | 说明 |", "|---|---|---|"]
    for name in core.api.__all__:
        value = getattr(core.api, name)
        kind = _kind(value)
        summary = API_SUMMARIES.get(name)
        if summary is None:
            doc = inspect.getdoc(value) if kind in {"模块", "类", "函数"} else None
            summary = _cell((doc or "").split("\n\n")[0])
        text = f"`{name}`"
        if kind == "函数":
            signature = re.sub(r"\s+", " ", str(inspect.signature(value)))
            prefix = "async " if inspect.iscoroutinefunction(value) else ""
            summary += f"<br>`{prefix}{name}{signature}`"
        lines.append(f"| {text} | {kind} | {summary} |")
    return "\n".join(lines) + "\n"


#: ``<!-- docgen:NAME -->`` in a hand-written page is replaced by ``MARKERS[NAME]()``
MARKERS = {"error-codes": error_codes_table, "public-api": public_api_table}
MARKER = re.compile(r"<!--\s*docgen:([a-z-]+)\s*-->")


def expand_markers(markdown: str) -> str:
    """Replace each ``<!-- docgen:NAME -->`` with its generated table; an unknown name fails."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in MARKERS:
            raise KeyError(f"未知的文档生成标记 docgen:{name}（可用：{', '.join(MARKERS)}）")
        return MARKERS[name]()

    return MARKER.sub(replace, markdown)
