"""The plugin host: discovers plugins by entry point, enables the configured ones, refuses
broken ones with one clear message, and runs their hooks."""

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Any

import pluggy
from pydantic import BaseModel, ValidationError

from core import PLUGIN_API, hookspecs
from core.plugin import PluginSpec
from core.settings import Settings

ENTRY_POINT_GROUP = "junxiu.plugins"


class PluginError(Exception):
    """A plugin cannot be enabled; the message names it and says why."""


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


def load_spec(found: Discovered) -> tuple[PluginSpec, ModuleType]:
    """Import a plugin (a module, or any object holding hook functions) and check that it
    declares itself correctly."""
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
    if spec.plugin_api != PLUGIN_API:
        raise PluginError(
            f"插件 '{name}' 不兼容：它为插件接口版本 {spec.plugin_api} 编写，"
            f"本平台提供版本 {PLUGIN_API}"
        )
    return spec, module


def _validate_settings(spec: PluginSpec, raw: dict[str, Any]) -> BaseModel:
    try:
        return spec.settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(整体)'}: {err['msg']}" for err in exc.errors()
        )
        raise PluginError(f"插件 '{spec.name}' 配置错误：{problems}") from None


class PluginHost:
    """The enabled plugins of one instance, in configuration order, with their hooks."""

    def __init__(self, settings: Settings, installed: dict[str, Discovered] | None = None) -> None:
        self.settings = settings
        self.installed = discover() if installed is None else installed
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.enabled: list[EnabledPlugin] = []
        problems = list(self._enable_all())
        if problems:
            raise PluginError("\n".join(problems))

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
            except PluginError as exc:
                yield str(exc)
                continue
            self.pm.register(module, name=name)
            self.enabled.append(EnabledPlugin(spec, module, plugin_settings))

    @property
    def names(self) -> list[str]:
        return [plugin.spec.name for plugin in self.enabled]

    def plugin(self, name: str) -> EnabledPlugin:
        for plugin in self.enabled:
            if plugin.spec.name == name:
                return plugin
        raise PluginError(f"插件 '{name}' 未启用")

    def contributions(self, hook_name: str) -> Iterator[tuple[str, Any]]:
        """(plugin name, result) of one registration hook, in configuration order."""
        for plugin in self.enabled:
            function: Callable[[], Any] | None = getattr(plugin.module, hook_name, None)
            if function is not None and self._is_hookimpl(function):
                try:
                    result = function()
                except Exception as exc:  # a plugin's bug, reported with its name
                    raise PluginError(
                        f"插件 '{plugin.spec.name}' 的 {hook_name} 出错：{type(exc).__name__}: {exc}"
                    ) from exc
                if result is not None:
                    yield plugin.spec.name, result

    @staticmethod
    def _is_hookimpl(function: Callable[..., Any]) -> bool:
        return hasattr(function, f"{hookspecs.PROJECT}_impl")

    async def call(self, hook_name: str, **kwargs: Any) -> None:
        """Run an async hook on every enabled plugin in configuration order, one after
        another (pluggy's own order is last-registered first)."""
        for result in reversed(getattr(self.pm.hook, hook_name)(**kwargs)):
            if inspect.isawaitable(result):
                await result


_active: PluginHost | None = None


def activate(host: PluginHost) -> PluginHost:
    """Make ``host`` the one whose event hooks services fire (one per process)."""
    global _active
    _active = host
    return host


def active_host() -> PluginHost | None:
    return _active


def active_settings() -> Settings:
    """The settings of the running instance (defaults when none is active)."""
    return _active.settings if _active is not None else Settings()


async def fire(event: str, **kwargs: Any) -> None:
    """Fire a core event inside the caller's transaction."""
    if _active is not None:
        await _active.call(event, **kwargs)
