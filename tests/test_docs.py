"""The documentation: the hook reference matches core.hookspecs, and the site builds strictly
and works offline."""

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import core.hookspecs
from core.settings import Settings
from tests.conftest import ROOT

HOOKS_PAGE = Path(ROOT) / "docs" / "plugin-dev" / "hooks.md"
OPERATIONS_PAGE = Path(ROOT) / "docs" / "operations" / "index.md"
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


def test_every_setting_is_in_the_configuration_reference() -> None:
    """Each setting has a row in the table of docs/operations/index.md naming it and its
    environment variable (``| `host` / `port` | `JUNXIU_HOST` / `JUNXIU_PORT` |`` counts for both)."""
    rows = [line for line in OPERATIONS_PAGE.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
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
    assert not problems, f"the configuration reference in operations/index.md is out of date: {problems}"


def test_docs_build_strict_and_offline(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr

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
