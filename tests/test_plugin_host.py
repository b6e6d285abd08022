"""The plugin host refuses broken plugins with one line per problem (the registration
checkpoint, at app start-up and in ``junxiu plugins check``), keeps what it accepted on the
instance, and runs event hooks inside the write's transaction, in a defined order."""

import datetime as dt
import os
import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from fixture_plugins import ordering, vetoer, witness
from support import ROOT

from core.app import create_app
from core.host import ENTRY_POINT_GROUP, Discovered, PluginError, PluginHost
from core.schema.build import SchemaConflict, build_schema
from core.settings import Settings
from core.testing import create_retiree, make_client, province


def installed(**values: str) -> dict[str, Discovered]:
    return {
        name: Discovered(name, EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP), "fixtures")
        for name, value in values.items()
    }


MISFITS = (
    "old_api", "needs_other", "clash", "wrong_type", "wrong_items", "unprefixed", "club", "club_life", "misspelled",
    "core_rule", "poacher", "raises", "dangling",
)
ORDERED = ("early", "late", "plain_a", "plain_b")
ENTRY_POINTS = {
    **{name: f"fixture_plugins.misfits:{name}" for name in MISFITS},
    **{name: f"fixture_plugins.ordering:{name}" for name in ORDERED},
    "configured": "fixture_plugins.configured",
    "vetoer": "fixture_plugins.vetoer",
    "witness": "fixture_plugins.witness",
    "broken": "fixture_plugins.does_not_exist",
}
FIXTURES = installed(**ENTRY_POINTS)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("old_api", "它支持的核心版本为 >=9.0，本平台核心版本为 0.1.0"),
        ("needs_other", "依赖插件 'absent'"),
        ("broken", "无法导入"),
        ("unknown", "未安装"),
    ],
)
def test_refused_plugins_are_named_with_the_reason(name, reason):
    with pytest.raises(PluginError) as refused:
        PluginHost(Settings(plugins=[name]), installed=FIXTURES)
    assert f"'{name}'" in str(refused.value) and reason in str(refused.value)
    assert "\n" not in str(refused.value)


def test_invalid_plugin_settings_are_refused():
    with pytest.raises(PluginError, match="插件 'meals' 配置错误"):
        PluginHost(Settings(plugins=["meals"], plugin_settings={"meals": {"daily_capacity": 0}}))


def test_field_clash_names_both_contributors():
    host = PluginHost(Settings(plugins=["clash"]), installed=FIXTURES)
    with pytest.raises(SchemaConflict, match=r"Retiree\.name 同时由 core 与 clash 定义"):
        build_schema(host)


def test_environment_overrides_the_plugin_list(monkeypatch):
    monkeypatch.setenv("JUNXIU_PLUGINS", "vetoer, old_api")
    assert Settings().plugins == ["vetoer", "old_api"]


DEATH = "mutation ($input: RecordRetireeDeathInput!) { recordRetireeDeath(input: $input) { retiree { status } userErrors { code message } } }"
TRANSFER = "mutation ($input: TransferRetireeInput!) { transferRetiree(input: $input) { retiree { agency { name } } userErrors { code } } }"


async def test_failing_event_handler_rolls_the_write_back(db):
    settings = Settings(plugins=["vetoer"])

    client = await make_client(settings, PluginHost(settings, installed=FIXTURES))

    tree = await province(client)
    retiree = await create_retiree(client, tree["first"]["id"], name="周卫国")
    vetoer.seen.clear()
    refused = await client.mutate(DEATH, {"id": retiree["id"], "diedOn": "2025-01-01"})
    assert refused["retiree"] is None and refused["userErrors"][0]["code"] == "INVALID_TRANSITION"
    assert vetoer.seen == ["周卫国"]
    still = await client(f'{{ retiree(id: "{retiree["id"]}") {{ status diedOn }} }}')
    assert still["retiree"] == {"status": "ACTIVE", "diedOn": None}
    moved = await client.mutate(TRANSFER, {"id": retiree["id"], "toAgencyId": tree["second"]["id"], "transferredOn": "2025-01-01"})
    assert moved["userErrors"] == [] and vetoer.seen[-1] == "周卫国:南京市第一军休所->南京市第二军休所"
    await client.http.aclose()


async def test_events_fire_after_the_write(db):
    settings = Settings(plugins=["witness"])
    client = await make_client(settings, PluginHost(settings, installed=FIXTURES))
    tree = await province(client)
    retiree = await create_retiree(client, tree["first"]["id"], name="吴建军")
    witness.seen.clear()
    died = await client.mutate(DEATH, {"id": retiree["id"], "diedOn": "2025-01-01"})
    assert died == {"retiree": {"status": "DECEASED"}, "userErrors": []}
    # the handler read the retiree from the database and found the death already recorded
    assert witness.seen == [("DECEASED", dt.date(2025, 1, 1))]
    await client.http.aclose()


# --- the registration checkpoint, case by case ---------------------------------------------

#: plugins to enable -> the exact lines of the refusal
REFUSALS = {
    "incompatible": (
        ["old_api"], ["插件 'old_api' 不兼容：它支持的核心版本为 >=9.0，本平台核心版本为 0.1.0"],
    ),
    "wrong type": (["wrong_type"], ["插件 'wrong_type' 的 register_models 须返回 ModelRegistration，实际返回 dict"]),
    "wrong item type": (
        ["wrong_items"], ["插件 'wrong_items' 的 register_permissions 须返回 Permission 的列表，其中有 str"],
    ),
    "names without the prefix": (["unprefixed"], [
        "插件 'unprefixed' 的加载器 'orders' 须带插件前缀，形如 unprefixed.<名称>（改名后重试）",
        "插件 'unprefixed' 的权限 'read' 须带插件前缀，形如 unprefixed.<名称>（改名后重试）",
        "插件 'unprefixed' 的角色 'CLERK' 须带插件前缀，形如 UNPREFIXED_<名称>（改名后重试）",
        "插件 'unprefixed' 的命令 'export' 须带插件前缀，形如 unprefixed（改名后重试）",
    ]),
    "clash": (
        ["club", "club_life"], ["角色冲突：'CLUB_LIFE_SECRETARY' 同时由 club 与 club_life 定义（须改用另一名称）"],
    ),
    "misspelled hook": (
        ["misspelled"],
        ["插件 'misspelled' 的钩子无效：没有名为 register_loader 的钩子，是否应为 register_loaders？",
         "插件 'misspelled' 的钩子无效：没有名为 register_permission 的钩子，是否应为 register_permissions？"],
    ),
    "core rule replaced": (
        ["core_rule"], ["插件 'core_rule' 不能为核心模型 Retiree 声明作用域规则（核心的规则不可替换）"],
    ),
    "rule for another plugin's model": (["meals", "poacher"], [
        "插件 'poacher' 只能为本插件的模型声明作用域规则：MealOrder 不在其 register_models 的模块中",
    ]),
    "names that do not exist or are not the plugin's": (["meals", "dangling"], [
        "插件 'dangling' 的权限 dangling.read 指向不存在的内置角色 CHAIRMAN",
        "插件 'dangling' 的角色 DANGLING_CLERK 指向不存在的权限 dangling.sign",
        "插件 'dangling' 的角色 DANGLING_CLERK 只能包含本插件与核心的权限，不能包含 meals.order",
    ]),
    "hook raises": (["raises"], ["插件 'raises' 的 register_graphql 出错：RuntimeError: schema module missing"]),
}


@pytest.fixture
def fixtures_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture plugins installed as a distribution (its metadata on ``sys.path``), so that
    the app and the CLI discover them by entry point exactly like real plugins."""
    info = tmp_path / "junxiu_fixture_plugins-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: junxiu-fixture-plugins\nVersion: 1.0\n")
    lines = [f"{name} = {value}" for name, value in ENTRY_POINTS.items() if name != "broken"]
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n" + "\n".join(lines) + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    return tmp_path


@pytest.mark.parametrize("case", REFUSALS)
def test_app_start_up_refuses_with_one_line_per_problem(case, fixtures_installed):
    plugins, lines = REFUSALS[case]
    with pytest.raises(PluginError) as refused:
        create_app(Settings(plugins=plugins))
    assert str(refused.value).splitlines() == lines


@pytest.mark.parametrize("command", [("plugins", "check"), ("serve",)])
@pytest.mark.parametrize("case", REFUSALS)
def test_plugins_check_and_serve_refuse_with_one_line_per_problem(case, command, fixtures_installed, tmp_path):
    plugins, lines = REFUSALS[case]
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUNXIU_")} | {
        "JUNXIU_PLUGINS": ",".join(plugins),
        "JUNXIU_CONFIG": str(tmp_path / "none.toml"),
        "PYTHONPATH": os.pathsep.join([str(fixtures_installed), str(Path(__file__).parent)]),
    }
    result = subprocess.run(
        [sys.executable, "-m", "core.cli", *command], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"错误：{line}" for line in lines]


def test_every_problem_of_every_plugin_is_reported_at_once():
    plugins = ["old_api", "unprefixed", "misspelled", "core_rule"]
    with pytest.raises(PluginError) as refused:
        PluginHost(Settings(plugins=plugins), installed=FIXTURES)
    problems = str(refused.value).splitlines()
    assert len(problems) == 1 + 4 + 2 + 1
    assert {p.split("'")[1] for p in problems} == set(plugins)


# --- event order ---------------------------------------------------------------------------


async def test_event_hooks_honour_tryfirst_and_trylast_then_configuration_order(db):
    settings = Settings(plugins=["late", "plain_b", "early", "plain_a"])
    client = await make_client(settings, PluginHost(settings, installed=FIXTURES))
    tree = await province(client)
    retiree = await create_retiree(client, tree["first"]["id"], name="郑光荣")
    ordering.calls.clear()
    died = await client.mutate(DEATH, {"id": retiree["id"], "diedOn": "2025-01-01"})
    assert died == {"retiree": {"status": "DECEASED"}, "userErrors": []}
    # each handler got its own plugin's context
    assert ordering.calls == ["early", "plain_b", "plain_a", "late"]
    await client.http.aclose()


# --- state on the host ---------------------------------------------------------------------


async def test_two_apps_in_one_process_see_only_their_own_rules_and_permissions(db):
    university = await make_client(Settings(plugins=["university"]))
    meals = await make_client(Settings(plugins=["meals"]))  # built last: the test's own context now holds its host
    codes = "{ permissions { code } roles { code } }"
    for _ in range(2):  # requests interleaved, each app sees its own host
        held = await university(codes)
        assert {"university.read", "UNIVERSITY_TEACHER"} <= {p["code"] for p in held["permissions"] + held["roles"]}
        assert not any(p["code"].startswith("meals.") for p in held["permissions"])
        # university's models are scoped by its app's rules, not the meals app's (which has none for them)
        assert (await university("{ universityClasses(first: 1) { totalCount } }"))["universityClasses"]["totalCount"] == 0
        held = await meals(codes)
        assert "meals.order" in {p["code"] for p in held["permissions"]}
        assert not any(p["code"].startswith("university.") for p in held["permissions"] + held["roles"])
        assert not any(r["code"].startswith("UNIVERSITY_") for r in held["roles"])
        assert (await meals("{ mealOrders(first: 1) { totalCount } }"))["mealOrders"]["totalCount"] == 0
    await university.http.aclose()
    await meals.http.aclose()


def test_a_hook_reads_its_own_validated_settings_from_its_context():
    settings = Settings(plugins=["configured"], plugin_settings={"configured": {"label": "查看台账"}})
    host = PluginHost(settings, installed=FIXTURES)
    assert host.permissions.permissions["configured.read"].label == "查看台账"
