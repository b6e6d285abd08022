"""What the README promises a newcomer: its sample query runs for every demo account and each
sees what the README's table says; the demo lists its accounts on every start, serves on the
port asked for, prints the address it bound and says clearly when the port is taken."""

import errno
import os
import re
import shutil
import socket
import subprocess
import sys
import time

import pytest
import requests
from support import ROOT
from support.fuzzing import live_server, login

from core.demo_accounts import DEMO_PASSWORD, DEMO_USERNAMES

pytestmark = pytest.mark.junxiu_db("sqlite", reason="the demo runs on its own SQLite copy")
README = (ROOT / "README.md").read_text(encoding="utf-8")
ADDRESS = re.compile(r"服务地址：(http://127\.0\.0\.1:(\d+))/graphql")


def _samples() -> list[str]:
    return re.findall(r"^```graphql\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)


def _table() -> dict[str, tuple[int, int]]:
    """The README's accounts table: username → (agencies, retirees) it says the sample counts."""
    rows = re.findall(r"^\| `([\w.]+)` \|[^|]*\|[^|]*\| (\d+) \| (\d+) \|$", README, flags=re.MULTILINE)
    return {username: (int(agencies), int(retirees)) for username, agencies, retirees in rows}


def _demo_copy(demo_database, tmp_path) -> dict[str, str]:
    database, env = demo_database
    copy = tmp_path / "demo.sqlite3"
    shutil.copy(database, copy)
    return {**env, "JUNXIU_DATABASE_URL": f"sqlite://{copy}"}


def test_the_readme_sample_runs_for_every_demo_account_as_the_table_says(demo_database, tmp_path):
    sample = _samples()[0]
    assert _table().keys() == set(DEMO_USERNAMES), "the README's table lists every demo account"
    with live_server(_demo_copy(demo_database, tmp_path), ROOT) as url:
        for username in DEMO_USERNAMES:
            headers = login(url, username, DEMO_PASSWORD)
            body = requests.post(url, json={"query": sample}, headers=headers, timeout=30).json()
            assert not body.get("errors"), (username, body.get("errors"))
            data = body["data"]
            assert data["viewer"]["name"] == username
            counts = (data["agencies"]["totalCount"], data["retirees"]["totalCount"])
            assert counts == _table()[username], username


def test_the_readme_risk_tier_sample_runs_for_the_accounts_it_names(demo_database, tmp_path):
    sample = _samples()[1]
    allowed, refused = ["admin", "suzhou.admin", "nj1.manager"], ["nj2.staff", "wuxi.portal"]
    assert "riskTier" in sample and all(f"`{name}`" in README for name in allowed + refused)
    with live_server(_demo_copy(demo_database, tmp_path), ROOT) as url:
        for username in allowed + refused:
            body = requests.post(url, json={"query": sample}, headers=login(url, username, DEMO_PASSWORD),
                                 timeout=30).json()
            if username in allowed:
                assert not body.get("errors") and body["data"]["retirees"]["edges"], (username, body)
            else:  # as the README says: refused, with the code it names
                assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], (username, body)


def _junxiu(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "core.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_demo_lists_its_accounts_on_every_start(demo_database, tmp_path):
    again = _junxiu(_demo_copy(demo_database, tmp_path), "demo", "--no-serve")
    assert again.returncode == 0, again.stderr
    assert "已有数据" in again.stdout and DEMO_PASSWORD in again.stdout
    block = again.stdout.split("演示账户")[1].split("\n\n")[0].splitlines()[1:]  # header, then one per line
    assert [line.split()[0] for line in block] == list(DEMO_USERNAMES), again.stdout


def test_the_demo_serves_on_the_port_asked_for_and_prints_the_bound_address(demo_database, tmp_path):
    env = _demo_copy(demo_database, tmp_path)
    with (tmp_path / "out.txt").open("w+") as out:
        process = subprocess.Popen([sys.executable, "-m", "core.cli", "demo", "--port", "0"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 60
            while not (found := ADDRESS.search((tmp_path / "out.txt").read_text(encoding="utf-8"))):
                assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "out.txt").read_text()
                time.sleep(0.2)
            address, port = found.groups()
            assert port != "8000"  # port 0: the system picked one, and the line names that one
            deadline = time.monotonic() + 30
            while True:
                try:
                    assert requests.get(f"{address}/health", timeout=2).ok
                    break
                except requests.ConnectionError:
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
        finally:
            process.terminate()
            process.wait(timeout=15)


def test_a_port_in_use_is_one_clear_line(demo_database, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        result = _junxiu(_demo_copy(demo_database, tmp_path), "demo", "--port", port)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"错误：无法在 127.0.0.1:{port} 上监听（{os.strerror(errno.EADDRINUSE)}）；换一个端口，如 --port 8001（演示：make demo PORT=8001）"
    ]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_passes_the_port_on():
    plan = subprocess.run(["make", "-n", "demo", "PORT=8001"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "junxiu demo --port 8001" in plan.stdout, plan.stdout + plan.stderr
