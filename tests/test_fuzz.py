"""schemathesis over the unified schema: all built-in plugins on, and each plugin alone next
to the core; as a system administrator and as a scoped agency-staff user."""

import base64
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DIALECT, ROOT
from fuzzing import live_server, login, problems
from test_schema import builtin_plugins

from core.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.skipif(DIALECT != "sqlite", reason="the server under test uses its own SQLite copy")


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A demo database with every built-in plugin's tables and data, loaded once."""
    folder = tmp_path_factory.mktemp("fuzz")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JUNXIU_")},
        "JUNXIU_CONFIG": str(folder / "none.toml"),
        "JUNXIU_DATABASE_URL": f"sqlite://{folder / 'demo.sqlite3'}",
        "JUNXIU_DATA_KEY": base64.b64encode(os.urandom(32)).decode(),
        "JUNXIU_PLUGINS": ",".join(builtin_plugins()),
    }
    subprocess.run([sys.executable, "-m", "core.cli", "demo", "--no-serve"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return folder / "demo.sqlite3", env


CONFIGURATIONS = [("all", None), *((name, name) for name in builtin_plugins())]


@pytest.mark.parametrize(("label", "plugin"), CONFIGURATIONS, ids=[label for label, _ in CONFIGURATIONS])
@pytest.mark.parametrize("username", ["admin", "nj2.staff"])
def test_no_server_error_and_no_unlabelled_error(demo_database, tmp_path, label, plugin, username):
    database, env = demo_database
    copy = tmp_path / "fuzz.sqlite3"
    shutil.copy(database, copy)  # fuzzed mutations write; each run starts from the demo
    plugins = ",".join(builtin_plugins()) if plugin is None else plugin
    run_env = {**env, "JUNXIU_DATABASE_URL": f"sqlite://{copy}", "JUNXIU_PLUGINS": plugins}
    with live_server(run_env, ROOT) as url:
        calls, found = problems(url, login(url, username, DEMO_PASSWORD))
    assert found == [], "\n".join(found[:20])
    assert calls >= 100  # every root field was exercised
