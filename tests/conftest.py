"""The core's own tests: the testing kit (core.testing, a pytest plugin) provides the fixtures;
here the core's tests enable no plugin unless they say so, and share a demo database."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, builtin_plugins


@pytest.fixture
def app_plugins() -> list[str]:
    """The core alone: a test that needs a plugin enables it (its own ``app_plugins`` or ``make_client``)."""
    return []


@pytest.fixture(scope="session")
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
    subprocess.run(
        [sys.executable, "-m", "core.cli", "demo", "--no-serve"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return folder / "demo.sqlite3", env
