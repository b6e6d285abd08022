"""schemathesis over the unified schema: all built-in plugins on, and each plugin alone next
to the core; as a system administrator and as a scoped agency-staff user."""

import shutil

import pytest
from conftest import DIALECT, ROOT, builtin_plugins
from fuzzing import live_server, login, problems

from core.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.skipif(DIALECT != "sqlite", reason="the server under test uses its own SQLite copy")


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
