"""The plugin host: discovers plugins by entry point, enables the configured ones, checks
everything they register at one checkpoint (refusing broken plugins with one line per
problem), keeps what it accepted (scope rules, permissions, roles, settings) on the instance,
and runs their hooks."""

import inspect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from importlib.metadata import EntryPoint, entry_points
from types import MappingProxyType, ModuleType
from typing import Any

import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from pydantic import BaseModel, ValidationError
from tortoise.models import Model

from core import __version__, hookspecs
from core.current import current_host, use_host
from core.errors import CORE_ERROR_CODES
from core.permissions import CORE_PERMISSIONS, ROLES, PermissionRegistry
from core.plugin import (
    AttachmentTarget,
    CommandRegistration,
    DueItemSource,
    ErrorCodeRegistration,
    GraphQLContribution,
    LoaderRegistration,
    ModelRegistration,
    Permission,
    PluginContext,
    PluginSpec,
    RoleRegistration,
    ScopeRule,
)
from core.scope import CORE_RULES
from core.settings import Settings

ENTRY_POINT_GROUP = "junxiu.plugins"
_PLUGIN_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class PluginError(Exception):
    """A plugin cannot be enabled; the message names it and says why (one line per problem)."""


@dataclass(frozen=True)
class Discovered:
    """An installed plugin, enabled or not."""

    name: str
    entry_point: EntryPoint
    distribution: str


@dataclass(frozen=True)
class EnabledPlugin:
    spec: PluginSpec
    module: ModuleType
    settings: BaseModel

    @property
    def context(self) -> PluginContext:
        return PluginContext(self.spec.name, self.settings)


def discover() -> dict[str, Discovered]:
    found: dict[str, Discovered] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist else "?"
        if ep.name in found and found[ep.name].entry_point.value != ep.value:
            raise PluginError(
                f"插件名冲突：'{ep.name}' 同时由 {found[ep.name].distribution} 与 {dist} 提供"
            )
        found[ep.name] = Discovered(ep.name, ep, dist)
    return found


def compatible(spec: PluginSpec) -> str | None:
    """Why the running core is outside the plugin's ``core_versions`` (None: it is inside)."""
    try:
        supported = SpecifierSet(spec.core_versions)
    except InvalidSpecifier:
        return f"core_versions '{spec.core_versions}' 不是有效的版本范围（应形如 \">=0.1,<0.3\"）"
    if supported.contains(__version__, prereleases=True):
        return None
    return f"它支持的核心版本为 {spec.core_versions}，本平台核心版本为 {__version__}"


def load_spec(found: Discovered) -> tuple[PluginSpec, ModuleType]:
    """Import a plugin (a module, or any object holding hook functions) and check that it
    declares itself correctly and supports this core."""
    name = found.name
    try:
        module = found.entry_point.load()
    except Exception as exc:  # any import failure is the plugin's, reported with its name
        raise PluginError(f"插件 '{name}' 无法导入：{type(exc).__name__}: {exc}") from None
    spec = getattr(module, "PLUGIN", None)
    if not isinstance(spec, PluginSpec):
        raise PluginError(f"插件 '{name}' 的入口点 {found.entry_point.value} 没有声明 PLUGIN = PluginSpec(...)")
    if spec.name != name:
        raise PluginError(f"插件 '{name}' 的入口点名称与 PluginSpec.name '{spec.name}' 不一致")
    if not _PLUGIN_NAME.match(name) or name == "core":
        raise PluginError(f"插件 '{name}' 的名称须为小写蛇形（如 party_life），且不能是 core")
    reason = compatible(spec)
    if reason is not None:
        raise PluginError(f"插件 '{name}' 不兼容：{reason}")
    return spec, module


def _validate_settings(spec: PluginSpec, raw: dict[str, Any]) -> BaseModel:
    try:
        return spec.settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(整体)'}: {err['msg']}" for err in exc.errors()
        )
        raise PluginError(f"插件 '{spec.name}' 配置错误：{problems}") from None


# --- the registration checkpoint --------------------------------------------------------


@dataclass(frozen=True)
class Naming:
    """How a contributed name carries its plugin's prefix."""

    form: str  # shown in refusals; ``{plugin}`` / ``{PLUGIN}`` stand for the plugin's name
    pattern: str  # a regular expression the whole name must match, formatted the same way

    def fits(self, name: str, plugin: str) -> bool:
        pattern = self.pattern.format(plugin=re.escape(plugin), PLUGIN=re.escape(plugin.upper()))
        return re.fullmatch(pattern, name) is not None

    def shown(self, plugin: str) -> str:
        return self.form.format(plugin=plugin, PLUGIN=plugin.upper())


DOTTED = Naming("{plugin}.<名称>", r"{plugin}\.[a-z0-9_.]+")
UPPER_SNAKE = Naming("{PLUGIN}_<名称>", r"{PLUGIN}_[A-Z0-9_]+")
PLUGIN_NAME = Naming("{plugin}", r"{plugin}")


@dataclass(frozen=True)
class HookContract:
    """What a registration hook returns: one ``expected`` object, or a sequence of them
    (``many``); ``key`` reads the name each contributes (unique across the instance, carrying
    the plugin's prefix as ``naming`` says), ``what`` names it in refusals."""

    expected: type
    many: bool = False
    key: Callable[[Any], str] | None = None
    naming: Naming | None = None
    what: str = ""


#: every registration hook, in the order the checkpoint runs them. A new registration hook is
#: one entry here (and its hookspec): the checkpoint type-checks, prefix-checks and clash-checks it.
CONTRACTS: dict[str, HookContract] = {
    "register_models": HookContract(ModelRegistration),
    "register_scope_rules": HookContract(ScopeRule, many=True),
    "register_graphql": HookContract(GraphQLContribution),
    "register_loaders": HookContract(
        LoaderRegistration, many=True, key=lambda r: r.name, naming=DOTTED, what="加载器"
    ),
    "register_permissions": HookContract(Permission, many=True, key=lambda p: p.code, naming=DOTTED, what="权限"),
    "register_roles": HookContract(
        RoleRegistration, many=True, key=lambda r: r.code, naming=UPPER_SNAKE, what="角色"
    ),
    "register_commands": HookContract(
        CommandRegistration, many=True, key=lambda c: c.name, naming=PLUGIN_NAME, what="命令"
    ),
    "register_error_codes": HookContract(
        ErrorCodeRegistration, many=True, key=lambda e: e.code, naming=UPPER_SNAKE, what="错误代码"
    ),
    "register_due_items": HookContract(DueItemSource, many=True, key=lambda d: d.name, naming=DOTTED, what="待办来源"),
    # type names are checked against the schema's node types when attachments are set up
    "register_attachment_targets": HookContract(AttachmentTarget, many=True),
}
#: names the core itself holds, which no plugin may take
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_CORE_NAMES: dict[str, set[str]] = {
    "register_permissions": {p.code for p in CORE_PERMISSIONS},
    "register_roles": set(ROLES),
    "register_error_codes": set(CORE_ERROR_CODES),
}


def _kind(value: Any) -> str:
    return type(value).__name__


class PluginHost:
    """The enabled plugins of one instance, in configuration order, with what they registered.

    Construction is the checkpoint: every problem of every plugin is collected and raised as
    one ``PluginError`` (one line each), so an instance never starts half-configured."""

    def __init__(self, settings: Settings, installed: dict[str, Discovered] | None = None) -> None:
        self.settings = settings
        self.installed = discover() if installed is None else installed
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.enabled: list[EnabledPlugin] = []
        self._accepted: dict[str, list[tuple[str, Any]]] = {}
        problems = list(self._enable_all())
        problems.extend(self._check_registrations())
        if problems:
            raise PluginError("\n".join(problems))
        self.scope_rules: Mapping[type[Model], ScopeRule] = MappingProxyType({
            **CORE_RULES, **{rule.model: rule for _, rule in self._accepted["register_scope_rules"]}
        })
        self.permissions = PermissionRegistry(
            [*CORE_PERMISSIONS, *(p for _, p in self._accepted["register_permissions"])],
            [role for _, role in self._accepted["register_roles"]],
        )

    def _enable_all(self) -> Iterator[str]:
        names = list(dict.fromkeys(self.settings.plugins))
        unknown_settings = set(self.settings.plugin_settings) - set(names) - set(self.installed)
        for extra in sorted(unknown_settings):
            yield f"plugin_settings.{extra} 指向未安装的插件 '{extra}'"
        for name in names:
            found = self.installed.get(name)
            if found is None:
                yield f"插件 '{name}' 未安装：没有名为 '{name}' 的 {ENTRY_POINT_GROUP} 入口点"
                continue
            try:
                spec, module = load_spec(found)
                for required in spec.requires:
                    if required not in names:
                        raise PluginError(f"插件 '{name}' 依赖插件 '{required}'，但后者未启用")
                plugin_settings = _validate_settings(
                    spec, self.settings.plugin_settings.get(name, {})
                )
                self._register(name, module)
            except PluginError as exc:
                yield str(exc)
                continue
            self.enabled.append(EnabledPlugin(spec, module, plugin_settings))

    def _register(self, name: str, module: ModuleType) -> None:
        """Register with pluggy, refusing hooks whose arguments the hookspec does not offer and
        (``check_pending``) hooks that match no hookspec: a misspelling, each named with the
        hook it most likely meant."""
        try:
            self.pm.register(module, name=name)
        except pluggy.PluginValidationError as exc:  # pluggy's own words, on one line
            raise PluginError(f"插件 '{name}' 的钩子无效：{' '.join(str(exc).split())}") from None
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError:
            unknown = sorted(c.name for c in self.pm.get_hookcallers(module) or () if not c.has_spec())
            self.pm.unregister(module)
            lines = [f"插件 '{name}' 的钩子无效：{self._unknown(hook)}" for hook in unknown]
            raise PluginError("\n".join(lines)) from None

    def _unknown(self, hook: str) -> str:
        known = [n for n in vars(hookspecs) if self.pm.parse_hookspec_opts(hookspecs, n) is not None]
        close = get_close_matches(hook, known, n=1)
        hint = f"，是否应为 {close[0]}？" if close else "（见文档“钩子参考”）"
        return f"没有名为 {hook} 的钩子{hint}"

    def _check_registrations(self) -> Iterator[str]:
        owners: dict[str, dict[str, str]] = {
            hook: dict.fromkeys(_CORE_NAMES.get(hook, ()), "core") for hook in CONTRACTS
        }
        own_modules: dict[str, set[str]] = {}
        for hook, contract in CONTRACTS.items():
            accepted = self._accepted.setdefault(hook, [])
            for plugin in self.enabled:
                name = plugin.spec.name
                try:
                    result = self._call_one(plugin, hook)
                except Exception as exc:  # a plugin's bug, reported with its name
                    yield f"插件 '{name}' 的 {hook} 出错：{type(exc).__name__}: {exc}"
                    continue
                if result is None:
                    continue
                items = self._typed(name, hook, contract, result)
                if isinstance(items, str):
                    yield items
                    continue
                for item in items:
                    problem = self._named(name, hook, contract, item, owners[hook])
                    problem = problem or self._specific(name, item, own_modules)
                    if problem:
                        yield problem
                    else:
                        accepted.append((name, item))
                if hook == "register_models":
                    own_modules[name] = set(result.modules)
        yield from self._check_references()

    @staticmethod
    def _typed(name: str, hook: str, contract: HookContract, result: Any) -> list[Any] | str:
        """The result's items, or the refusal when it is not of the declared type."""
        expected = contract.expected.__name__
        if not contract.many:
            if isinstance(result, contract.expected):
                return [result]
            return f"插件 '{name}' 的 {hook} 须返回 {expected}，实际返回 {_kind(result)}"
        if isinstance(result, str | bytes | Mapping) or not hasattr(result, "__iter__"):
            return f"插件 '{name}' 的 {hook} 须返回 {expected} 的列表，实际返回 {_kind(result)}"
        items = list(result)
        wrong = [_kind(item) for item in items if not isinstance(item, contract.expected)]
        if wrong:
            return f"插件 '{name}' 的 {hook} 须返回 {expected} 的列表，其中有 {', '.join(sorted(set(wrong)))}"
        return items

    @staticmethod
    def _named(name: str, hook: str, contract: HookContract, item: Any, owners: dict[str, str]) -> str | None:
        if contract.key is None or contract.naming is None:
            return None
        key = contract.key(item)
        if not contract.naming.fits(key, name):
            return (
                f"插件 '{name}' 的{contract.what} '{key}' 须带插件前缀，"
                f"形如 {contract.naming.shown(name)}（改名后重试）"
            )
        if key in owners:
            return f"{contract.what}冲突：'{key}' 同时由 {owners[key]} 与 {name} 定义（须改用另一名称）"
        owners[key] = name
        return None

    @staticmethod
    def _specific(name: str, item: Any, own_modules: dict[str, set[str]]) -> str | None:
        """Rules of one hook beyond types and names."""
        if isinstance(item, ErrorCodeRegistration) and not _CHINESE.search(item.description):
            return f"插件 '{name}' 的错误代码 {item.code} 须有中文说明（客户端读到的就是它）"
        if isinstance(item, ScopeRule):
            model = item.model
            if model in CORE_RULES:
                return f"插件 '{name}' 不能为核心模型 {model.__name__} 声明作用域规则（核心的规则不可替换）"
            if getattr(model, "__module__", None) not in own_modules.get(name, set()):
                return (
                    f"插件 '{name}' 只能为本插件的模型声明作用域规则：{getattr(model, '__name__', model)} "
                    f"不在其 register_models 的模块中"
                )
        return None

    def _check_references(self) -> Iterator[str]:
        """Roles and permissions name each other: a permission the built-in roles holding it
        (a plugin role names its permissions itself), a plugin role existing permissions."""
        codes = {p.code for p in CORE_PERMISSIONS} | {p.code for _, p in self._accepted["register_permissions"]}
        for name, permission in self._accepted["register_permissions"]:
            unknown = sorted(set(permission.roles) - set(ROLES))
            if unknown:
                yield f"插件 '{name}' 的权限 {permission.code} 指向不存在的内置角色 {', '.join(unknown)}"
        for name, role in self._accepted["register_roles"]:
            for code in role.permissions:
                if code not in codes:
                    yield f"插件 '{name}' 的角色 {role.code} 指向不存在的权限 {code}"
                elif not code.startswith((f"{name}.", "core.")):
                    yield f"插件 '{name}' 的角色 {role.code} 只能包含本插件与核心的权限，不能包含 {code}"

    # --- calling hooks -------------------------------------------------------------------

    def _impls(self, hook_name: str) -> list[pluggy.HookImpl]:
        """The hook's implementations in calling order: ``tryfirst`` ones, then the others,
        then ``trylast`` ones, each group in configuration order."""
        position = {plugin.spec.name: index for index, plugin in enumerate(self.enabled)}
        impls = [i for i in getattr(self.pm.hook, hook_name).get_hookimpls() if i.plugin_name in position]
        return sorted(impls, key=lambda i: (0 if i.tryfirst else 2 if i.trylast else 1, position[i.plugin_name]))

    def _invoke(self, impl: pluggy.HookImpl, kwargs: dict[str, Any]) -> Any:
        """Call one implementation with the arguments it declares; ``context`` is its own plugin's."""
        offered = {**kwargs, "context": self.plugin(impl.plugin_name).context}
        return impl.function(**{arg: offered[arg] for arg in impl.argnames})

    def _call_one(self, plugin: EnabledPlugin, hook_name: str) -> Any:
        for impl in self._impls(hook_name):
            if impl.plugin_name == plugin.spec.name:
                return self._invoke(impl, {})
        return None

    @property
    def names(self) -> list[str]:
        return [plugin.spec.name for plugin in self.enabled]

    def plugin(self, name: str) -> EnabledPlugin:
        for plugin in self.enabled:
            if plugin.spec.name == name:
                return plugin
        raise PluginError(f"插件 '{name}' 未启用")

    def contributions(self, hook_name: str) -> Iterator[tuple[str, Any]]:
        """(plugin name, accepted result) of one registration hook, in configuration order;
        sequences come back as the list of their items."""
        by_plugin: dict[str, list[Any]] = {}
        for name, item in self._accepted[hook_name]:
            by_plugin.setdefault(name, []).append(item)
        for name, items in by_plugin.items():
            yield name, items if CONTRACTS[hook_name].many else items[0]

    async def call(self, hook_name: str, **kwargs: Any) -> None:
        """Run an async hook on every enabled plugin in calling order (see ``_impls``), one
        after another: each coroutine is created only when the previous one has finished."""
        for impl in self._impls(hook_name):
            result = self._invoke(impl, kwargs)
            if inspect.isawaitable(result):
                await result


def activate(host: PluginHost) -> PluginHost:
    """Make ``host`` current in this context (a CLI command, a test); the app's middleware
    does the same for each request."""
    use_host(host)
    return host


def active_host() -> PluginHost | None:
    return current_host()


def active_settings() -> Settings:
    """The settings of the current host (defaults when none is current)."""
    host = current_host()
    return host.settings if host is not None else Settings()


async def fire(event: str, **kwargs: Any) -> None:
    """Fire a core event inside the caller's transaction, on the current host's plugins."""
    host = current_host()
    if host is not None:
        await host.call(event, **kwargs)
