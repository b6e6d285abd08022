"""The pages the platform serves, in a real browser (headless Chromium from the system
packages): the GraphQL IDE draws itself under the content security policy every response
carries, with no script or style refused and nothing fetched from outside."""

import base64
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT
from test_operators import clean_env, free_port, wait_for

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="headless Chromium is not installed (.ci/run installs it)"
)


def browse(url: str, profile: Path) -> subprocess.CompletedProcess[str]:
    """The page's DOM after its scripts ran, and the browser's console log on stderr."""
    assert CHROMIUM is not None, "CI installs chromium: see .ci/run"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=8000", "--dump-dom", url],
        capture_output=True, text=True, timeout=90,
    )


def test_the_ide_draws_itself_under_the_content_security_policy(tmp_path: Path) -> None:
    port = free_port()
    env = clean_env(
        JUNXIU_CONFIG=str(tmp_path / "none.toml"),
        JUNXIU_DATA_KEY=base64.b64encode(os.urandom(32)).decode(),
        JUNXIU_DATABASE_URL=f"sqlite://{tmp_path / 'browser.sqlite3'}",
    )
    command = [sys.executable, "-m", "uvicorn", "core.app:create_app", "--factory", "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", server)
        page = browse(f"http://127.0.0.1:{port}/graphql", tmp_path / "profile")
    finally:
        server.terminate()
        server.wait(timeout=10)
    console = page.stderr
    assert "Content Security Policy" not in console and "Refused to" not in console, console
    assert "graphiql-container" in page.stdout, page.stdout[:2000]  # React drew the IDE
    assert "https://" not in console, console  # nothing was fetched from outside
