"""The third-party example distribution ``junxiu-meals`` (examples/junxiu-meals): it is found by
entry point like any plugin, adds its GraphQL only when enabled, and is refused with a clear
message when its settings are invalid. Its API tests are in test_meals_api.py.
"""

import importlib

import pytest

from core.host import PluginError, PluginHost, discover
from core.schema.build import build_schema
from core.settings import Settings
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

PLUGIN = "meals"
DISTRIBUTION = "junxiu-meals"
#: the public names the plugin contributes (types start with ``Meal``/``OrderMeal`` per DESIGN)
PLUGIN_TYPES = (
    "MealOrder",
    "MealOrderConnection",
    "MealOrderEdge",
    "MealOrderFilter",
    "Meal",
    "MealOrderStatus",
    "OrderMealInput",
    "OrderMealPayload",
)


def _schema(plugins: list[str]):
    return build_schema(PluginHost(Settings(plugins=plugins, plugin_settings={})))


def test_distribution_is_discovered_by_entry_point() -> None:
    installed = discover()
    assert PLUGIN in installed, f"{DISTRIBUTION} 未安装：pip install -e examples/{DISTRIBUTION}"
    found = installed[PLUGIN]
    assert found.distribution == DISTRIBUTION
    assert found.entry_point.group == "junxiu.plugins"
    assert found.entry_point.value == "junxiu_meals"


def test_enabled_plugin_declares_itself_and_only_known_hooks() -> None:
    host = PluginHost(Settings(plugins=[PLUGIN], plugin_settings={}))
    assert host.names == [PLUGIN]
    enabled = host.plugin(PLUGIN)
    assert (enabled.spec.label, enabled.spec.version, enabled.spec.core_versions) == ("助餐服务", "0.1.0", ">=0.1,<0.3")
    assert enabled.settings.daily_capacity == 120  # type: ignore[attr-defined]
    host.pm.check_pending()  # every hookimpl matches a core hookspec


def test_schema_has_meal_fields_only_when_enabled() -> None:
    enabled = _schema([PLUGIN])._schema
    assert "mealOrders" in enabled.query_type.fields
    assert "orderMeal" in enabled.mutation_type.fields
    assert set(enabled.query_type.fields["mealOrders"].args) == {"first", "after", "filter", "servedOn"}
    for name in PLUGIN_TYPES:
        assert name in enabled.type_map, name
    assert "mealOrders" in enabled.type_map["Retiree"].fields
    assert "Node" in [i.name for i in enabled.type_map["MealOrder"].interfaces]

    disabled = _schema([])._schema
    assert "mealOrders" not in disabled.query_type.fields
    assert "orderMeal" not in disabled.mutation_type.fields
    for name in PLUGIN_TYPES:
        assert name not in disabled.type_map, name
    assert "mealOrders" not in disabled.type_map["Retiree"].fields


def test_schema_can_be_rebuilt_with_the_plugin_after_without() -> None:
    # building with different plugin sets in one process must work in either order
    assert "mealOrders" not in _schema([])._schema.type_map["Retiree"].fields
    assert "mealOrders" in _schema([PLUGIN])._schema.type_map["Retiree"].fields
    assert "mealOrders" not in _schema([])._schema.type_map["Retiree"].fields


def test_every_contributed_name_has_a_chinese_description() -> None:
    schema = _schema([PLUGIN])._schema
    missing: list[str] = []
    for name in PLUGIN_TYPES:
        graphql_type = schema.type_map[name]
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in graphql_type.values.items() if not value.description]
        elif isinstance(graphql_type, GraphQLObjectType | GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in graphql_type.fields.items() if not field.description]
    roots = [
        ("Query.mealOrders", schema.query_type.fields["mealOrders"]),
        ("Mutation.orderMeal", schema.mutation_type.fields["orderMeal"]),
        ("Retiree.mealOrders", schema.type_map["Retiree"].fields["mealOrders"]),
    ]
    for path, field in roots:
        if not field.description:
            missing.append(path)
        missing += [f"{path}({a})" for a, arg in field.args.items() if not arg.description]
    assert not missing


@pytest.mark.parametrize(
    ("raw", "field"),
    [({"daily_capacity": 0}, "daily_capacity"), ({"default_price": "abc"}, "default_price")],
)
def test_invalid_settings_are_refused_naming_the_plugin(raw: dict, field: str) -> None:
    with pytest.raises(PluginError) as caught:
        PluginHost(Settings(plugins=[PLUGIN], plugin_settings={PLUGIN: raw}))
    message = str(caught.value)
    assert f"'{PLUGIN}'" in message
    assert field in message
    assert "\n" not in message  # one clear line


def test_initial_migration_depends_on_core() -> None:
    migration = importlib.import_module("junxiu_meals.migrations.0001_initial").Migration
    assert ("core", "0001_initial") in migration.dependencies
