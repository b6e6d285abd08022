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
from dataclasses import dataclass, field
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
# a file travels in a multipart request, which the fuzzer does not send: any JSON value in its
# place must be refused as a userError, never a server error
schemathesis.graphql.scalar("Upload", st.text(max_size=20).map(nodes.String))


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


def root_fields(url: str, headers: dict[str, str]) -> set[str]:
    """The query and mutation fields the server's schema has."""
    body = requests.post(url, headers=headers, timeout=10, json={
        "query": "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }"}).json()
    schema = body["data"]["__schema"]
    return {f["name"] for root in ("queryType", "mutationType") for f in schema[root]["fields"]}


@dataclass
class FuzzRun:
    """What one fuzzing run did: generated cases per strategy (operation and mode), findings,
    and the strategies that generated nothing (reported, never dropped silently)."""

    calls: dict[str, int] = field(default_factory=dict)
    #: root fields (queries and mutations) that got strategies
    fields: set[str] = field(default_factory=set)
    found: list[str] = field(default_factory=list)
    #: negative strategies of operations without arguments: nothing to make invalid
    nothing_to_negate: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.calls.values())


def problems(url: str, headers: dict[str, str], examples: int = EXAMPLES) -> FuzzRun:
    """Generated positive and negative cases for every root field, at most ``examples`` each."""
    schema = schemathesis.graphql.from_url(url, headers=headers)
    run = FuzzRun()

    def checker(label: str, strategy: object) -> object:
        @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(strategy)
        def check(case: object) -> None:
            run.calls[label] += 1
            response = case.call(headers=headers, timeout=30)  # type: ignore[attr-defined]
            if response.status_code >= 500:
                run.found.append(f"{label}: HTTP {response.status_code} for {case.body}")  # type: ignore[attr-defined]
                return
            for error in response.json().get("errors") or []:
                code = (error.get("extensions") or {}).get("code")
                if (error.get("path") and not code) or code == "INTERNAL":
                    run.found.append(f"{label}: {code or 'unlabelled'} error {error['message'][:200]}")

        return check

    for result in schema.get_all_operations():
        operation = result.ok()
        run.fields.add(operation.definition.field_name)  # type: ignore[attr-defined]
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            label = f"{operation.label} ({mode.value})"
            run.calls[label] = 0
            try:
                checker(label, operation.as_strategy(generation_mode=mode))()  # type: ignore[operator]
            except Exception as exc:  # generation itself failing is a finding too
                arguments = operation.definition.raw.args  # type: ignore[attr-defined]
                if "Unsatisfiable" in type(exc).__name__ and mode is GenerationMode.NEGATIVE and not arguments:
                    run.nothing_to_negate.append(label)
                else:
                    run.found.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")
    return run
