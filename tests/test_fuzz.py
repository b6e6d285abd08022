"""schemathesis over the unified schema: all built-in plugins on, and each plugin alone next
to the core; as a system administrator and as a scoped agency-staff user."""

import shutil

import pytest
from support import ROOT, builtin_plugins
from support.fuzzing import EXAMPLES, live_server, login, problems, root_fields

from core.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.junxiu_db("sqlite", reason="the server under test uses its own SQLite copy")


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
        headers = login(url, username, DEMO_PASSWORD)
        run = problems(url, headers)
        expected = root_fields(url, headers)
    assert run.found == [], "\n".join(run.found[:20])
    # the budget: at most EXAMPLES cases per strategy; every positive strategy generated some,
    # and every negative one did unless its operation has no argument to make invalid
    assert run.fields == expected and len(run.calls) == 2 * len(expected)
    assert all(0 <= n <= EXAMPLES for n in run.calls.values()), run.calls
    idle = sorted(label for label, n in run.calls.items() if n == 0)
    assert idle == sorted(run.nothing_to_negate), idle
    assert all(label.endswith("(negative)") for label in idle)
    assert run.total >= len(run.calls) - len(idle)
