"""The documentation: the hook reference matches core.hookspecs, the generated parts (schema
reference, error codes, public API) are complete, the pages that show real files include them,
and the site builds strictly and works offline."""

import ast
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

import core.api
import core.hookspecs
import core.testing
from core import docgen
from core.errors import ErrorCode
from core.settings import Settings
from core.testing import pytest_plugin

HOOKS_PAGE = Path(ROOT) / "docs" / "plugin-dev" / "hooks.md"
CONFIGURATION_PAGE = Path(ROOT) / "docs" / "configuration.md"
API_GUIDE = Path(ROOT) / "docs" / "api" / "index.md"
PUBLIC_API_PAGE = Path(ROOT) / "docs" / "plugin-dev" / "api.md"
TUTORIAL_PAGE = Path(ROOT) / "docs" / "plugin-dev" / "tutorial.md"
TUTORIAL_PLUGIN = Path(ROOT) / "examples" / "tutorial-plugin"
TESTING_PAGE = Path(ROOT) / "docs" / "plugin-dev" / "testing.md"
#: an included file (``"path"``, or one section of it: ``"path:section"``; the path is captured)
#: (indented too: inside a content tab)
SNIPPET = re.compile(r'^\s*--8<-- "([^":]+)(?::[\w-]+)?"$', flags=re.MULTILINE)
SECTION = re.compile(r'^\s*--8<-- "([^":]+):([\w-]+)"$', flags=re.MULTILINE)
CJK = re.compile(r"[\u4e00-\u9fff]")
EXTERNAL_ASSET = re.compile(r'<(script|link)[^>]+(src|href)="https?://')


def _hookspecs() -> dict[str, object]:
    return {
        name: f
        for name, f in vars(core.hookspecs).items()
        if inspect.isfunction(f) and hasattr(f, "junxiu_spec")
    }


def _signature(f) -> str:
    return ("async def " if inspect.iscoroutinefunction(f) else "def ") + f.__name__ + str(inspect.signature(f))


def test_every_hookspec_is_documented_with_its_exact_signature() -> None:
    page = HOOKS_PAGE.read_text(encoding="utf-8")
    specs = _hookspecs()
    assert specs, "no hookspecs found in core.hookspecs"
    missing = [_signature(f) for f in specs.values() if _signature(f) not in page]
    assert not missing, f"hooks.md lacks these exact signatures: {missing}"
    headings = re.findall(r"^## (\S+)\s*$", page, flags=re.MULTILINE)
    stale = [h for h in headings if h not in specs]
    assert not stale, f"hooks.md documents hooks that do not exist: {stale}"
    assert set(headings) == set(specs)


def test_every_fixture_option_and_name_of_the_testing_kit_is_on_the_testing_page() -> None:
    page = TESTING_PAGE.read_text(encoding="utf-8")
    source = inspect.getsource(pytest_plugin)
    fixtures = [
        node.name for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and any(ast.unparse(d).startswith(("pytest.fixture", "pytest_asyncio.fixture")) for d in node.decorator_list)
    ]
    options = re.findall(r'addoption\(\s*"(--[\w-]+)"', source) + re.findall(r'addini\(\s*"(\w+)"', source)
    markers = re.findall(r'"markers", "(\w+)\(', source)
    assert len(fixtures) >= 9 and len(options) == 3 and markers == ["junxiu_db"]
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", page, flags=re.DOTALL))
    missing = [
        name for name in [*fixtures, *options, *markers, *core.testing.__all__]
        if not any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", span) for span in spans)
    ]
    assert missing == [], f"docs/plugin-dev/testing.md does not document {missing}"


def test_every_setting_is_in_the_configuration_reference() -> None:
    """Each setting has a row in the table of docs/configuration.md naming it and its
    environment variable (``| `host` / `port` | `JUNXIU_HOST` / `JUNXIU_PORT` |`` counts for both)."""
    rows = [line for line in CONFIGURATION_PAGE.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    assert Settings.model_fields, "no settings found in core.settings.Settings"
    problems = []
    for name in Settings.model_fields:
        row = next((line for line in rows if f"`{name}`" in line), None)
        if row is None:
            problems.append(f"{name}: no table row")
            continue
        env_var = f"`JUNXIU_{name.upper()}`"
        # plugin_settings is nested tables, only settable in the file: its env column is "—"
        if env_var not in row and not (name == "plugin_settings" and "| — |" in row):
            problems.append(f"{name}: its row lacks {env_var}")
    assert not problems, f"docs/configuration.md is out of date: {problems}"


def docs_build(site: Path, cwd: Path = Path(ROOT)) -> subprocess.CompletedProcess[str]:
    """``junxiu docs build`` as an operator runs it, into ``site``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUNXIU_")}
    env |= {"JUNXIU_CONFIG": str(site.parent / "none.toml"), "JUNXIU_DOCS_DIR": str(site)}
    return subprocess.run([sys.executable, "-m", "core.cli", "docs", "build"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=180)


def test_docs_build_strict_and_offline(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = docs_build(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr

    pages = list(site.rglob("*.html"))
    assert pages
    external = [
        (str(p.relative_to(site)), m.group(0))
        for p in pages
        for m in EXTERNAL_ASSET.finditer(p.read_text(encoding="utf-8"))
    ]
    assert not external, f"pages load assets from the network: {external}"

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # the text is stored jieba-segmented (words joined by zero-width spaces); split it with the
    # index's own separator, as the browser-side search does, and look for 批次 as a whole token
    separator = re.compile(index["config"]["separator"])
    tokens = {
        token
        for doc in index["docs"]
        for token in separator.split(doc.get("title", "") + " " + doc.get("text", ""))
    }
    assert "批次" in tokens, "批次 is not a separate token in the search index"

    # the generated parts are in the site and in the search index
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"reference/index.html", "reference/core.html", "api/index.html", "plugin-dev/tutorial.html"} <= locations
    api_guide = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "docgen:" not in api_guide
    assert all(member.name in api_guide for member in ErrorCode)
    public_api = (site / "plugin-dev" / "api.html").read_text(encoding="utf-8")
    assert all(name in public_api for name in core.api.__all__)
    tutorial = (site / "plugin-dev" / "tutorial.html").read_text(encoding="utf-8")
    assert "--8&lt;--" not in tutorial and "publish_notice" in tutorial


@pytest.mark.parametrize(
    ("planted", "reported"),
    [
        # the two links the page had while --quiet hid them: a missing page, a missing anchor
        ("[安全](../security.md)", "contains a link '../security.md', but the target is not found"),
        ("[密钥](#数据加密与密钥)", "contains a link '#数据加密与密钥', but there is no such anchor"),
    ],
)
def test_a_broken_link_or_anchor_fails_the_build(tmp_path: Path, planted: str, reported: str) -> None:
    """A copy of the sources with one broken link planted in a page: the strict build fails and
    says which link (the test of the real sources above could not fail this way while
    ``--quiet`` hid the warnings)."""
    copy = tmp_path / "repo"
    shutil.copytree(Path(ROOT) / "docs", copy / "docs")
    shutil.copy(Path(ROOT) / "mkdocs.yml", copy / "mkdocs.yml")
    for folder in ("core", "plugins", "examples", "graphql", "bench", "tests"):  # what pages include as snippets
        (copy / folder).symlink_to(Path(ROOT) / folder)
    page = copy / "docs" / "configuration.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n另见{planted}。\n", encoding="utf-8")

    result = docs_build(tmp_path / "site", cwd=copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert reported in result.stderr and "configuration.md" in result.stderr
    assert "文档构建失败" in result.stderr


def test_schema_reference_attributes_each_contribution_by_diffing_schemas() -> None:
    ref = docgen.reference(["meals", "notices"])
    parts = {part.name: part for part in ref.parts}
    assert list(parts) == ["core", "meals", "notices"]
    meals, notices, core = parts["meals"], parts["notices"], parts["core"]
    assert (meals.queries, meals.mutations, meals.extensions) == (["mealOrders"], ["orderMeal"], {"Retiree": ["mealOrders"]})
    assert {"MealOrder", "OrderMealInput", "Meal"} <= set(meals.types)
    assert (notices.queries, notices.mutations, notices.extensions) == (["notices"], ["publishNotice"], {"Agency": ["notices"], "Retiree": ["notices"]})
    # a plugin's error codes are values it adds to the core's ErrorCode, listed on its page
    assert (meals.enum_values, notices.enum_values) == ({}, {"ErrorCode": ["NOTICES_RETIREE_ELSEWHERE"]})
    assert "Decimal" in core.types and "Decimal" not in meals.types  # shared scalars go to the core page
    assert "mealOrders" not in core.queries and "Notice" not in core.types
    assert meals.distribution == "junxiu-meals" and notices.distribution == "junxiu-tutorial-notices"

    pages = docgen.reference_pages(ref)
    assert set(pages) == {"reference/index.md", "reference/core.md", "reference/meals.md", "reference/notices.md"}
    meals_page = pages["reference/meals.md"]
    assert "## 对核心类型的扩展" in meals_page and "`mealOrders`" in meals_page
    assert "[`Retiree`](core.md#Retiree)" in meals_page
    # the core page shows core types without the plugins' extension fields
    assert "mealOrders" not in pages["reference/core.md"]


def test_schema_reference_documents_every_type_field_argument_and_enum_value() -> None:
    ref = docgen.reference(["meals", "notices"])
    pages = docgen.reference_pages(ref)
    owner = ref.owner()
    problems = []
    for name, graphql_type in ref.schema.type_map.items():
        if name.startswith("__") or name in docgen.SPEC_SCALARS:
            continue
        if name in docgen.ROOTS:
            for field_name in graphql_type.fields:
                part = next(p for p in ref.parts if field_name in p.queries + p.mutations)
                page = pages[f"reference/{part.page}"]
                if f"{{#{name.lower()}-{field_name}}}" not in page:
                    problems.append(f"{name}.{field_name}")
            continue
        page = pages[f"reference/{owner[name].page}"]
        if f"{{#{name}}}" not in page:
            problems.append(name)
        described = [*getattr(graphql_type, "values", {}).values()]
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            extension_page = next((pages[f"reference/{p.page}"] for p in ref.parts if field_name in p.extensions.get(name, [])), page)
            if f"`{field_name}`" not in extension_page:
                problems.append(f"{name}.{field_name}")
            described += [field, *getattr(field, "args", {}).values()]
        all_text = "".join(pages.values())
        problems += [f"{name}: {item.description}" for item in described if item.description and docgen._cell(item.description) not in all_text]
    assert not problems, f"missing from the schema reference: {problems}"


def test_schema_reference_covers_every_builtin_plugin() -> None:
    ref = docgen.reference()
    assert [part.name for part in ref.parts] == ["core", *docgen.builtin_plugins()]
    nav = docgen.reference_nav(ref)
    assert [next(iter(entry.values())) for entry in nav] == ["reference/index.md"] + [f"reference/{p.page}" for p in ref.parts]


def test_every_error_code_is_in_the_api_guide_table() -> None:
    assert "<!-- docgen:error-codes -->" in API_GUIDE.read_text(encoding="utf-8")
    table = docgen.error_codes_table()
    for member in ErrorCode:
        row = next((line for line in table.splitlines() if f"`{member.name}`" in line), "")
        assert CJK.search(row), f"ErrorCode.{member.name} has no row with a Chinese description"


def test_every_public_api_name_is_documented_in_chinese() -> None:
    assert "<!-- docgen:public-api -->" in PUBLIC_API_PAGE.read_text(encoding="utf-8")
    missing = [name for name in core.api.__all__ if not CJK.search(docgen.API_SUMMARIES.get(name, ""))]
    assert not missing, f"add a Chinese line for these core.api names to core.docgen.API_SUMMARIES: {missing}"
    stale = sorted(set(docgen.API_SUMMARIES) - set(core.api.__all__))
    assert not stale, f"core.docgen.API_SUMMARIES describes names core.api no longer exports: {stale}"
    table = docgen.public_api_table()
    assert all(f"| `{name}` |" in table for name in core.api.__all__)


def test_an_unknown_docgen_marker_fails() -> None:
    try:
        docgen.expand_markers("<!-- docgen:no-such-table -->")
    except KeyError:
        return
    raise AssertionError("an unknown marker was silently ignored")


def test_included_snippets_exist_and_the_tutorial_shows_every_file_of_its_plugin() -> None:
    docs = Path(ROOT) / "docs"
    included = {path for page in docs.rglob("*.md") for path in SNIPPET.findall(page.read_text(encoding="utf-8"))}
    assert not [path for path in included if not (Path(ROOT) / path).is_file()]
    sections = {found for page in docs.rglob("*.md") for found in SECTION.findall(page.read_text(encoding="utf-8"))}
    missing = [f"{path}:{name}" for path, name in sections
               if f"--8<-- [start:{name}]" not in (Path(ROOT) / path).read_text(encoding="utf-8")]
    assert not missing, f"included sections that their files do not mark: {missing}"
    tutorial = set(SNIPPET.findall(TUTORIAL_PAGE.read_text(encoding="utf-8")))
    files = [TUTORIAL_PLUGIN / "pyproject.toml", *(TUTORIAL_PLUGIN / "junxiu_notices").rglob("*.py")]
    expected = {str(path.relative_to(ROOT)) for path in files if path.read_text(encoding="utf-8").strip()}
    assert expected - tutorial == set(), "the tutorial does not show every file of examples/tutorial-plugin"
    operations = {str(p.relative_to(ROOT)) for p in (Path(ROOT) / "graphql" / "operations").rglob("*.graphql")}
    assert {p for p in SNIPPET.findall(API_GUIDE.read_text(encoding="utf-8"))} <= operations


def test_contributing_page_mirrors_contributing_md() -> None:
    source = (Path(ROOT) / "CONTRIBUTING.md").read_text(encoding="utf-8")
    page = (Path(ROOT) / "docs" / "contributing.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#+ (.+)$", source, flags=re.MULTILINE)
    missing = [h for h in headings if not re.search(rf"^#+ {re.escape(h)}$", page, flags=re.MULTILINE)]
    commands = [c for c in re.findall(r"`([^`]+)`", source) if c.startswith(("make ", ".venv/", "JUNXIU_"))]
    commands += re.findall(r"^(make \S+)", source, flags=re.MULTILINE)
    missing += [c for c in commands if c not in page]
    assert not missing, f"docs/contributing.md lacks what CONTRIBUTING.md says: {missing}"
