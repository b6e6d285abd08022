"""What operators rely on: readiness, metrics, the client address behind proxies, and the
systemd unit that runs ``junxiu serve`` (started for real, as systemd would start it)."""

import base64
import os
import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from support import ROOT

from core.app import create_app
from core.metrics import MetricsUnavailable
from core.settings import Settings
from core.testing import GraphQLClient, create_agency, create_retiree, make_client
from core.tracking import client_address

LOGIN = 'mutation { login(input: {username: "nobody", password: "wrong"}) { userErrors { code } } }'
AUDIT = '{ auditEvents(filter: {action: LOGIN_FAILED}) { edges { node { clientAddress } } } }'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the tests' JUNXIU_* settings, plus ``extra``."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("JUNXIU_")}, **extra}


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else "exited"
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        process.terminate()
        process.wait(timeout=10)


async def test_health_and_ready(gql: GraphQLClient) -> None:
    health = await gql.http.get("/health")
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    ready = await gql.http.get("/ready")
    assert ready.status_code == 200 and ready.json() == {"status": "ready", "checks": {"database": "ok"}}


def test_ready_answers_503_while_the_database_is_down(tmp_path: Path, processes: list) -> None:
    port = free_port()
    env = clean_env(
        JUNXIU_CONFIG=str(tmp_path / "none.toml"),
        JUNXIU_DATA_KEY=base64.b64encode(os.urandom(32)).decode(),
        # nothing listens on port 1: the server starts, its first query fails
        JUNXIU_DATABASE_URL="postgres://postgres@127.0.0.1:1/junxiu",
    )
    command = [sys.executable, "-m", "uvicorn", "core.app:create_app", "--factory", "--port", str(port)]
    processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL))
    wait_for(f"http://127.0.0.1:{port}/health", processes[0])
    ready = httpx.get(f"http://127.0.0.1:{port}/ready")
    assert ready.status_code == 503 and ready.headers["Retry-After"] == "5"
    assert ready.json() == {"status": "unavailable", "checks": {"database": "unavailable"}}
    assert httpx.get(f"http://127.0.0.1:{port}/health").json() == {"status": "ok"}  # liveness stays


async def test_metrics_are_absent_by_default(gql: GraphQLClient) -> None:
    assert (await gql.http.get("/metrics")).status_code == 404


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition ``text`` (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}(?:\{{(.*)\}})? (\S+)", line)
        if match and ",".join(sorted((match.group(1) or "").split(","))) == wanted:
            return float(match.group(2))
    return 0.0


async def test_metrics(db: Any) -> None:
    client = await make_client(Settings(plugins=[], metrics_enabled=True))
    agency = await create_agency(client, "江苏省退役军人事务厅", "DEPARTMENT")
    await create_retiree(client, agency["id"])
    before = (await client.http.get("/metrics")).text
    assert sample(before, "junxiu_list_fallbacks_total") == 0
    # a list the row builder builds; then one whose masked field needs its resolver
    await client("{ retirees { edges { node { name } } } }")
    built = (await client.http.get("/metrics")).text
    assert sample(built, "junxiu_list_fallbacks_total") == 0
    await client("{ retirees { edges { node { idNumber } } } }")
    await client.raw('{ retirees(filter: {within: "nope"}) { totalCount } }')
    stale = await client.mutate(
        "mutation ($input: UpdateAgencyInput!) { updateAgency(input: $input) { userErrors { code } } }",
        {"id": agency["id"], "version": 99, "name": "改名"},
    )
    assert stale["userErrors"] == [{"code": "STALE_VERSION"}]
    await client.http.get("/health")
    text = (await client.http.get("/metrics")).text
    assert sample(text, "junxiu_list_fallbacks_total") >= 1
    assert sample(text, "junxiu_graphql_errors_total", kind="error", code="INVALID_ID") == 1
    assert sample(text, "junxiu_graphql_errors_total", kind="userError", code="STALE_VERSION") == 1
    assert sample(text, "junxiu_http_requests_total", route="/health", status="200") == 1
    assert sample(text, "junxiu_http_requests_total", route="/graphql", status="200") >= 6
    assert sample(text, "junxiu_http_request_duration_seconds_count", route="/graphql") >= 6
    await client.http.aclose()


def test_client_address_rules() -> None:
    from ipaddress import ip_network

    trusted = [ip_network("10.0.0.0/8"), ip_network("::1/128")]
    assert client_address("203.0.113.5", ["198.51.100.7"], trusted) == "203.0.113.5"  # untrusted peer
    assert client_address("10.0.0.1", ["198.51.100.7"], []) == "10.0.0.1"  # no proxy trusted
    assert client_address("10.0.0.1", ["1.1.1.1, 198.51.100.7, 10.2.2.2"], trusted) == "198.51.100.7"
    assert client_address("10.0.0.1", ["1.1.1.1", "198.51.100.7"], trusted) == "198.51.100.7"  # two headers
    assert client_address("::1", ["2001:db8::7"], trusted) == "2001:db8::7"
    assert client_address("::ffff:10.0.0.1", ["198.51.100.7"], trusted) == "198.51.100.7"
    assert client_address("10.0.0.1", ["10.3.3.3, 10.2.2.2"], trusted) == "10.3.3.3"  # all trusted
    assert client_address("10.0.0.1", ["evil<script>, 10.2.2.2"], trusted) == "10.2.2.2"  # not an address
    assert client_address("10.0.0.1", [""], trusted) == "10.0.0.1"


async def logged_addresses(client: GraphQLClient, headers: dict[str, str]) -> str:
    await client.as_user(None).post(json={"query": LOGIN}, headers=headers)
    events = (await client(AUDIT))["auditEvents"]["edges"]
    return events[0]["node"]["clientAddress"]


async def test_forwarded_for_is_believed_only_from_trusted_proxies(db: Any) -> None:
    # the test transport's peer is 10.1.2.3
    direct = await make_client(Settings(plugins=[]))
    assert await logged_addresses(direct, {"X-Forwarded-For": "198.51.100.7"}) == "10.1.2.3"
    behind = await make_client(Settings(plugins=[], trusted_proxies=["10.0.0.0/8"]))
    assert await logged_addresses(behind, {"X-Forwarded-For": "198.51.100.7"}) == "198.51.100.7"
    # a client's own forged entries sit left of what the proxy appended
    forged = {"X-Forwarded-For": "127.0.0.1, 198.51.100.8"}
    assert await logged_addresses(behind, forged) == "198.51.100.8"
    await direct.http.aclose()
    await behind.http.aclose()


def test_trusted_proxies_must_be_networks() -> None:
    with pytest.raises(ValueError, match="trusted_proxies"):
        Settings(trusted_proxies=["10.0.0.1/8"])
    assert [str(n) for n in Settings(trusted_proxies="127.0.0.1, 10.0.0.0/8").trusted_proxies] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
    ]


def junxiu(tmp_path: Path, *args: str) -> str:
    done = subprocess.run([str(Path(sys.executable).parent / "junxiu"), *args], cwd=tmp_path, env=clean_env(),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def unit_values(unit: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in unit.splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            values.setdefault(key, []).append(value)
    return values


def test_systemd_unit_starts_the_server(tmp_path: Path, processes: list) -> None:
    port = free_port()
    (tmp_path / "junxiu.toml").write_text(
        f'database_url = "sqlite://{tmp_path / "junxiu.sqlite3"}"\nport = {port}\nplugins = []\n', encoding="utf-8"
    )
    junxiu(tmp_path, "keys", "generate")
    junxiu(tmp_path, "migrate")
    junxiu(tmp_path, "deploy", "systemd-unit", "--workdir", str(tmp_path), "-o", "junxiu.service")
    unit = (tmp_path / "junxiu.service").read_text(encoding="utf-8")
    if shutil.which("systemd-analyze"):
        verified = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "junxiu.service")],
                                  capture_output=True, text=True)
        assert verified.returncode == 0 and "junxiu.service" not in verified.stderr, verified.stderr
    values = unit_values(unit)
    [exec_start] = values["ExecStart"]
    command = shlex.split(exec_start)
    assert Path(command[0]).is_file() and os.access(command[0], os.X_OK) and command[1:] == ["serve"]
    assert values["WorkingDirectory"] == [str(tmp_path)] and values["User"] == ["junxiu"]
    env = clean_env(**dict(value.split("=", 1) for value in values["Environment"]))
    processes.append(subprocess.Popen(command, cwd=values["WorkingDirectory"][0], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    ready = wait_for(f"http://127.0.0.1:{port}/ready", processes[0])
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    # from the host itself, with no trusted proxy configured, X-Forwarded-For is not believed
    httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": LOGIN}, headers={"X-Forwarded-For": "203.0.113.9"})
    with sqlite3.connect(tmp_path / "junxiu.sqlite3") as database:
        addresses = [row[0] for row in database.execute("SELECT client_address FROM core_audit_event")]
    assert addresses == ["127.0.0.1"]
    # the server's lines are in the configured format, one access line per request
    processes[0].terminate()
    _, errors = processes[0].communicate(timeout=10)
    assert re.search(r"INFO junxiu\.access \[request=[0-9a-f]{32} principal=- error=-\] GET /ready 200", errors.decode())


def test_systemd_unit_refuses_root(tmp_path: Path) -> None:
    done = subprocess.run([str(Path(sys.executable).parent / "junxiu"), "deploy", "systemd-unit", "--user", "root"],
                          cwd=tmp_path, env=clean_env(), capture_output=True, text=True)
    assert done.returncode != 0 and "root" in done.stderr


async def test_metrics_without_prometheus_client_is_a_clear_error(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "prometheus_client", None)  # as if not installed: importing it fails
    with pytest.raises(MetricsUnavailable, match=r"junxiu\[metrics\]"):
        create_app(Settings(plugins=[], metrics_enabled=True))


async def test_forwarded_proto_is_believed_only_from_trusted_proxies(db: Any, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    for trusted, expected in (([], "http://"), (["10.0.0.0/8"], "https://")):
        client = await make_client(Settings(plugins=[], docs_dir=str(tmp_path), trusted_proxies=trusted))
        redirect = await client.http.get("/docs", headers={"X-Forwarded-Proto": "https"})
        assert redirect.status_code in (301, 307) and redirect.headers["location"].startswith(expected), trusted
        await client.http.aclose()
