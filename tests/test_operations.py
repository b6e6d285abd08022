"""The named operations portals use (graphql/operations/**.graphql) are valid against the
unified schema with every built-in plugin enabled, one named operation per file."""

from support import ROOT, builtin_plugins

from core.host import PluginHost
from core.schema.build import build_schema
from core.settings import Settings
from graphql import OperationDefinitionNode, parse, validate

OPERATIONS = sorted((ROOT / "graphql" / "operations").rglob("*.graphql"))


def test_operations_exist_for_the_core():
    assert any(path.parent.name == "core" for path in OPERATIONS)


def test_every_operation_is_valid_and_named_after_its_file():
    schema = build_schema(PluginHost(Settings(plugins=builtin_plugins())))._schema
    for path in OPERATIONS:
        document = parse(path.read_text(encoding="utf-8"))
        errors = validate(schema, document)
        assert not errors, f"{path.relative_to(ROOT)}: {errors}"
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        assert len(operations) == 1 and operations[0].name is not None, path
        assert operations[0].name.value == path.stem, f"{path.name} should hold operation {path.stem}"
