"""The plugin host refuses broken plugins with one clear message, detects clashes, and
runs event hooks inside the write's transaction."""

import datetime as dt
from importlib.metadata import EntryPoint

import pytest
from conftest import make_client
from factories import create_retiree, province
from fixture_plugins import vetoer, witness

from core.host import ENTRY_POINT_GROUP, Discovered, PluginError, PluginHost
from core.schema.build import SchemaConflict, build_schema
from core.settings import Settings


def installed(**values: str) -> dict[str, Discovered]:
    return {
        name: Discovered(name, EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP), "fixtures")
        for name, value in values.items()
    }


FIXTURES = installed(
    old_api="fixture_plugins.misfits:old_api",
    needs_other="fixture_plugins.misfits:needs_other",
    clash="fixture_plugins.misfits:clash",
    vetoer="fixture_plugins.vetoer",
    witness="fixture_plugins.witness",
    broken="fixture_plugins.does_not_exist",
)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("old_api", "插件接口版本 99"),
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
