"""The unified schema: the checked-in SDL is current, everything is described in Chinese,
and schemas for different plugin sets build side by side in one process."""

import re
import subprocess
import sys

from support import ROOT, builtin_plugins

from core.host import PluginHost
from core.schema.build import build_schema
from core.settings import Settings
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_checked_in_sdl_is_current():
    schema = build_schema(PluginHost(Settings(plugins=builtin_plugins())))
    checked_in = (ROOT / "graphql" / "schema.graphql").read_text(encoding="utf-8")
    assert checked_in == schema.as_str() + "\n", "graphql/schema.graphql is stale: run `make schema`"


def test_schema_export_command_prints_the_sdl():
    result = subprocess.run(
        [sys.executable, "-m", "core.cli", "schema", "export", "--all-builtin"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    assert result.stdout == (ROOT / "graphql" / "schema.graphql").read_text(encoding="utf-8")


def undescribed(schema) -> list[str]:
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Boolean", "ID", "Float"}:
            continue
        if not CJK.search(graphql_type.description or ""):
            missing.append(name)
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in graphql_type.values.items() if not CJK.search(value.description or "")]
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in graphql_type.fields.items():
                if not CJK.search(field.description or ""):
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not CJK.search(arg.description or ""):
                        missing.append(f"{name}.{field_name}({arg_name})")
    return missing


def test_every_type_field_argument_and_enum_value_has_a_chinese_description():
    schema = build_schema(PluginHost(Settings(plugins=[*builtin_plugins(), "meals"])))
    assert undescribed(schema) == []


def test_schemas_for_different_plugin_sets_coexist():
    with_meals = build_schema(PluginHost(Settings(plugins=["meals"])))
    core_only = build_schema(PluginHost(Settings(plugins=[])))
    assert "mealOrders" in with_meals.as_str() and "mealOrders" not in core_only.as_str()
    assert with_meals.get_type_by_name("Retiree") is not None


def test_no_unannounced_breaking_change_since_the_last_release():
    from core.schema_diff import classify, last_release, unannounced

    release = last_release(ROOT)
    assert release is not None
    current = (ROOT / "graphql" / "schema.graphql").read_text(encoding="utf-8")
    changes = classify(release.read_text(encoding="utf-8"), current)
    changelog = (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8")
    assert unannounced(changes, changelog) == []


def test_changes_are_classified_and_breaking_ones_need_an_announcement():
    from core.schema_diff import classify, unannounced

    old = 'type Query { a: String b(x: Int): Int }\nenum E { ONE TWO }\ntype T { e: E }\nschema { query: Query }'
    new = 'type Query { a: String c: Int }\nenum E { ONE TWO THREE }\ntype T { e: E }\nschema { query: Query }'
    changes = classify(old, new)
    kinds = {(c.kind, c.description) for c in changes}
    assert kinds == {
        ("BREAKING", "Field Query.b was removed."),
        ("DANGEROUS", "Enum value E.THREE was added."),
        ("SAFE", "Query.c was added."),
    }
    assert [c.description for c in unannounced(changes, "")] == ["Field Query.b was removed."]
    assert unannounced(changes, "- Field Query.b was removed.") != []  # no deprecation period named
    announced = "- `Field Query.b was removed.` 改用 `c`，弃用期：0.2–0.3"
    assert unannounced(changes, announced) == []


def test_schema_diff_command_passes_on_the_checked_in_schema():
    result = subprocess.run([sys.executable, "-m", "core.cli", "schema", "diff"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
