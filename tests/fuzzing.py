"""Schemathesis over a live server: every generated operation must answer without a server
error, and every error must be labelled: a validation error before execution, or an error
whose ``extensions.code`` names the client's mistake (``INTERNAL`` is a finding)."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.graphql import nodes

#: examples per operation and principal; CI keeps it small, `make fuzz` raises it
EXAMPLES = int(os.environ.get("JUNXIU_FUZZ_EXAMPLES", "3"))

# custom scalars of the schema, so generation covers them
schemathesis.graphql.scalar(
    "Decimal", st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False).map(lambda d: nodes.String(str(d)))
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(env: dict[str, str], cwd: Path) -> Iterator[str]:
    """uvicorn serving the app for ``env``; yields the /graphql URL."""
    port = free_port()
    # the server logs every GraphQL error: a file, not a pipe nobody drains (a full pipe
    # blocks the server mid-request)
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "core.app:create_app", "--factory", "--port", str(port),
             "--log-level", "warning"],
            cwd=cwd, env=env, stdout=log, stderr=log,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 45  # a loaded CI machine imports slowly
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    if requests.get(f"{url}/health", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.1)
            else:
                log.seek(0)
                raise RuntimeError(log.read().decode(errors="replace")[-2000:] or "server did not start")
            yield f"{url}/graphql"
        finally:
            process.terminate()
            process.wait(timeout=10)


def login(url: str, username: str, password: str) -> dict[str, str]:
    body = requests.post(url, json={
        "query": "mutation ($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }",
        "variables": {"u": username, "p": password},
    }, timeout=10).json()
    return {"Authorization": f"Bearer {body['data']['login']['token']}"}


def problems(url: str, headers: dict[str, str], examples: int = EXAMPLES) -> tuple[int, list[str]]:
    """Generated positive and negative cases for every root field: (cases run, findings)."""
    schema = schemathesis.graphql.from_url(url, headers=headers)
    found: list[str] = []
    calls = [0]

    def checker(label: str, strategy: object) -> object:
        @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(strategy)
        def check(case: object) -> None:
            calls[0] += 1
            response = case.call(headers=headers, timeout=30)  # type: ignore[attr-defined]
            if response.status_code >= 500:
                found.append(f"{label}: HTTP {response.status_code} for {case.body}")  # type: ignore[attr-defined]
                return
            for error in response.json().get("errors") or []:
                code = (error.get("extensions") or {}).get("code")
                if (error.get("path") and not code) or code == "INTERNAL":
                    found.append(f"{label}: {code or 'unlabelled'} error {error['message'][:200]}")

        return check

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                checker(operation.label, operation.as_strategy(generation_mode=mode))()  # type: ignore[operator]
            except Exception as exc:  # generation itself failing is a finding too
                if "Unsatisfiable" not in type(exc).__name__:
                    found.append(f"{operation.label} ({mode.value}): {type(exc).__name__}: {str(exc)[:200]}")
    return calls[0], found
