"""The offline installation of docs/operations (离线安装), run as written: `make wheelhouse` on
this machine (which reaches the registries), then an install into a fresh virtual environment
with `--no-index` and no pip configuration (as on an intranet server), then the two checks the
page names. It downloads, so it runs only when JUNXIU_TEST_OFFLINE_INSTALL=1 (CI sets it)."""

import os
import shutil
import subprocess
import sys

import pytest
from support import ROOT

pytestmark = [
    pytest.mark.skipif(os.environ.get("JUNXIU_TEST_OFFLINE_INSTALL") != "1",
                       reason="set JUNXIU_TEST_OFFLINE_INSTALL=1 to build a wheelhouse (downloads from the registry)"),
    pytest.mark.junxiu_db("sqlite", reason="needs no database: one run is enough"),
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
]


def _run(command: list[str], env: dict[str, str] | None = None, cwd=ROOT) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def test_a_wheelhouse_installs_and_runs_without_any_registry(tmp_path):
    wheelhouse = tmp_path / "wheelhouse"
    _run(["make", "wheelhouse", f"WHEELHOUSE={wheelhouse}"])
    assert (wheelhouse / "requirements-runtime.lock").is_file()
    assert list(wheelhouse.glob("junxiu-*.whl"))
    assert not list(wheelhouse.glob("*.tar.gz")), "an sdist would need building on the server"

    # the intranet server: no index, no find-links or index set by a pip configuration
    offline = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "JUNXIU_", "VIRTUAL_ENV"))}
    offline["PIP_CONFIG_FILE"] = os.devnull
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], env=offline)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-index", "--find-links", str(wheelhouse)]
    _run([*pip, "--require-hashes", "-r", str(wheelhouse / "requirements-runtime.lock")], env=offline)
    _run([*pip, "--no-deps", "junxiu"], env=offline)

    junxiu = str(venv / "bin" / "junxiu")
    server = tmp_path / "server"  # away from the repository, so only the installed package can be imported
    server.mkdir()
    assert "schema" in _run([junxiu, "--help"], env=offline, cwd=server).stdout
    exported = _run([junxiu, "schema", "export", "--all-builtin"], env=offline, cwd=server).stdout
    assert exported == (ROOT / "graphql" / "schema.graphql").read_text(encoding="utf-8")
