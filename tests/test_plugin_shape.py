"""One plugin shape: every enabled plugin's part of the schema follows the GraphQL conventions
(core/schema/conventions.py), and every plugin package is laid out alike (plugin-dev docs)."""

import importlib
import inspect
from pathlib import Path

import pytest
from support.worlds import EVERY_PLUGIN
from test_plugin_host import installed

from core.host import PluginHost
from core.plugin import NoSettings
from core.schema.build import build_schema
from core.schema.conventions import convention_problems, pascal
from core.settings import Settings

#: services modules are split by aggregate once they pass this many lines
SERVICES_MODULE_LINES = 450
#: hooks whose registrations are declared in one place, and that place
HOMES = {"register_permissions": "permissions", "register_roles": "permissions", "register_loaders": "loaders"}


def problems(host: PluginHost) -> list[str]:
    return convention_problems(build_schema(host).as_str(), list(host.contributions("register_graphql")))


def test_every_enabled_plugin_follows_the_graphql_conventions():
    assert problems(PluginHost(Settings(plugins=EVERY_PLUGIN))) == []


def test_each_breach_of_the_conventions_is_named_once():
    host = PluginHost(Settings(plugins=["drifter"]), installed=installed(drifter="fixture_plugins.drifter"))
    assert sorted(problems(host)) == sorted(
        f"插件 drifter：{line}"
        for line in [
            "根查询字段 notes 应以插件前缀 drifter 开头",
            "连接字段 Query.notes 缺少 filter 参数（筛选输入）",
            "类型 Note 应以插件前缀 Drifter 开头（输入、载荷可按变更命名）",
            "类型 NoteConnection 应以插件前缀 Drifter 开头（输入、载荷可按变更命名）",
            "类型 NoteEdge 应以插件前缀 Drifter 开头（输入、载荷可按变更命名）",
            "类型 NoteInput 应以插件前缀 Drifter 开头（输入、载荷可按变更命名）",
            "变更 addNote 应为动词加插件前缀（如 createDrifter…）",
            "变更 addNote 应只接收一个必填参数 input（输入类型）",
            "变更 addNote 的结果类型 DrifterNotePayload 缺少 userErrors",
            "变更 addNote 的结果字段 DrifterNotePayload.item 应按其类型 Note 命名",
        ]
    )


def test_an_update_input_defaulting_to_null_is_named():
    host = PluginHost(Settings(plugins=["drifter"]), installed=installed(drifter="fixture_plugins.drifter"))
    sdl = build_schema(host).as_str().replace("dryRun: Boolean! = false", "")
    found = convention_problems(sdl, list(host.contributions("register_graphql")))
    assert "插件 drifter：变更 addNote 的输入字段 pinned 默认为 null：可省略的字段用 UNSET（省略即不变）" in found


@pytest.mark.parametrize("plugin", EVERY_PLUGIN)
def test_each_plugin_package_has_the_documented_shape(plugin):
    host = PluginHost(Settings(plugins=[plugin]))
    enabled = host.plugin(plugin)
    package = Path(inspect.getfile(enabled.module)).parent
    files = {p.name for p in package.iterdir()}
    assert {"__init__.py", "models.py", "migrations"} <= files
    assert {"schema.py", "schema"} & files and {"services.py", "services"} & files
    if enabled.spec.settings is not NoSettings:  # a plugin without settings needs no settings.py
        assert enabled.spec.settings.__module__ == f"{enabled.module.__name__}.settings"
    for hook, home in HOMES.items():
        implementation = getattr(enabled.module, hook, None)
        if implementation is not None:
            assert implementation.__module__ == f"{enabled.module.__name__}.{home}", f"{hook} 应写在 {home}.py 中"
    services = [package / "services.py"] if "services.py" in files else sorted((package / "services").glob("*.py"))
    for module in services:
        assert len(module.read_text(encoding="utf-8").splitlines()) <= SERVICES_MODULE_LINES, f"{module} 应按聚合拆分"
    for _, models in host.contributions("register_models"):
        for module_name in models.modules:
            module = importlib.import_module(module_name)
            for name, cls in vars(module).items():
                if inspect.isclass(cls) and cls.__module__ == module_name and hasattr(cls, "_meta"):
                    assert name.startswith(pascal(plugin).rstrip("s")), f"ORM 类 {name} 应以插件前缀开头"
