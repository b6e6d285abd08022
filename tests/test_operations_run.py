"""Every named operation in graphql/operations/ runs against the demo data, through a live
server, as the role it is meant for. A new operation must be registered in SCENARIOS."""

import shutil
from collections.abc import Callable
from typing import Any

import pytest
import requests
from support import ROOT
from support.fuzzing import live_server, login

from core import clock
from core.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.junxiu_db("sqlite", reason="the server under test uses its own SQLite copy")
OPERATIONS = {path.stem: path for path in sorted((ROOT / "graphql" / "operations").rglob("*.graphql"))}


class Portal:
    """Runs operations as demo accounts against one server."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.headers: dict[str, dict[str, str]] = {}
        self.found: dict[str, Any] = {}

    def run(self, username: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        if username not in self.headers:
            self.headers[username] = login(self.url, username, DEMO_PASSWORD)
        body = requests.post(
            self.url, json={"query": query, "variables": variables or {}}, headers=self.headers[username], timeout=30
        ).json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def operation(self, name: str, username: str, variables: dict[str, Any]) -> dict[str, Any]:
        data = self.run(username, OPERATIONS[name].read_text(encoding="utf-8"), variables)
        for value in data.values():
            assert value is not None, name
            if isinstance(value, dict) and "userErrors" in value:
                assert value["userErrors"] == [], (name, value["userErrors"])
        return data

    def first_id(self, username: str, field: str, arguments: str = "") -> str:
        data = self.run(username, f"{{ {field}(first: 1{arguments}) {{ edges {{ node {{ id }} }} }} }}")
        edges = data[field]["edges"]
        assert edges, f"the demo has no {field} for {username}{arguments}"
        return edges[0]["node"]["id"]


def _today() -> str:
    return clock.today().isoformat()


def _plan(p: Portal) -> str:
    return p.found.setdefault("plan", p.first_id("nj1.manager", "sanatoriumPlans"))


def _batch(p: Portal) -> str:
    return p.found.setdefault("batch", p.first_id("nj1.manager", "sanatoriumBatches", ", filter: { status: OPEN }"))


def _nominated(p: Portal, submit: bool) -> str:
    """A fresh nomination by the first institute's manager of its top candidate."""
    candidate = p.run(
        "nj1.manager",
        "query ($p: ID!, $b: ID) { sanatoriumCandidates(filter: { planId: $p, batchId: $b }, first: 1) "
        "{ edges { node { retiree { id } } } } }",
        {"p": _plan(p), "b": _batch(p)},
    )
    retiree = candidate["sanatoriumCandidates"]["edges"][0]["node"]["retiree"]["id"]
    data = p.operation(
        "NominateSanatoriumCandidate",
        "nj1.manager",
        {"input": {"batchId": _batch(p), "retireeId": retiree, "submit": submit, "recommendation": "所务会推荐"}},
    )
    return data["nominateSanatoriumCandidate"]["sanatoriumNomination"]["id"]


def _approved_after_start(p: Portal) -> str:
    data = p.run(
        "admin",
        "{ sanatoriumNominations(first: 100, filter: { status: APPROVED }) { edges { node { id batch { startsOn } } } } }",
    )
    started = [
        e["node"]["id"] for e in data["sanatoriumNominations"]["edges"] if e["node"]["batch"]["startsOn"] <= _today()
    ]
    assert started, "the demo has no approved nomination in a batch that has begun"
    return started[0]


def _active_enrolment(p: Portal) -> str:
    """The retiree's own enrolment to withdraw from (its class is remembered for re-enrolling)."""
    mine = p.run(
        "retiree.self", "{ universityEnrolments(first: 20) { edges { node { id status universityClass { id } } } } }"
    )
    active = [
        e["node"] for e in mine["universityEnrolments"]["edges"] if e["node"]["status"] in ("ENROLLED", "WAITLISTED")
    ]
    assert active, "the demo retiree has no enrolment"
    p.found["class"] = active[0]["universityClass"]["id"]
    return active[0]["id"]


#: operation -> (the account meant to run it, variables from the demo data)
SCENARIOS: dict[str, tuple[str, Callable[[Portal], dict[str, Any]]]] = {
    "Login": ("", lambda p: {"username": "nj2.staff", "password": DEMO_PASSWORD}),
    "Viewer": ("nj2.staff", lambda p: {}),
    "ViewerTodo": ("nj1.manager", lambda p: {}),
    "AgencyTree": ("wuxi.portal", lambda p: {}),
    "RetireeList": ("nj2.staff", lambda p: {"search": ""}),
    "RetireeProfile": ("nj1.manager", lambda p: {"id": p.first_id("nj1.manager", "retirees")}),
    "CareList": ("nj1.manager", lambda p: {"riskTier": "HIGH"}),
    "StaffList": ("suzhou.admin", lambda p: {}),
    "SanatoriumPlans": ("nj1.manager", lambda p: {"year": clock.today().year}),
    "SanatoriumCandidates": ("nj1.manager", lambda p: {"planId": _plan(p), "batchId": _batch(p)}),
    "SanatoriumBatchRoster": ("admin", lambda p: {"id": _batch(p)}),
    "SanatoriumNominations": ("nj1.manager", lambda p: {}),
    "RetireeSanatorium": ("nj1.manager", lambda p: {"id": p.first_id("nj1.manager", "retirees")}),
    "NominateSanatoriumCandidate": (
        "nj1.manager",
        lambda p: {
            "input": {
                "batchId": _batch(p),
                "retireeId": p.run(
                    "nj1.manager",
                    "query ($p: ID!) { sanatoriumCandidates(filter: { planId: $p }, first: 2) "
                    "{ edges { node { retiree { id } } } } }",
                    {"p": _plan(p)},
                )["sanatoriumCandidates"]["edges"][-1]["node"]["retiree"]["id"],
                "submit": False,
                "recommendation": "所务会推荐",
            }
        },
    ),
    "SubmitSanatoriumNomination": ("nj1.manager", lambda p: {"input": {"nominationId": _nominated(p, submit=False)}}),
    "RecordSanatoriumFitnessCheck": (
        "nj1.manager",
        lambda p: {
            "input": {
                "nominationId": p.found.setdefault("reviewed", _nominated(p, submit=True)),
                "fitness": "FIT",
                "checkedOn": _today(),
            }
        },
    ),
    "ReviewSanatoriumNomination": (
        "nj1.manager",
        lambda p: {"input": {"nominationId": p.found["reviewed"], "decision": "APPROVE", "opinion": "同意"}},
    ),
    "WithdrawSanatoriumNomination": (
        "nj1.manager",
        lambda p: {"input": {"nominationId": _nominated(p, submit=True), "reason": "本人身体原因"}},
    ),
    "RecordSanatoriumAttendance": (
        "admin",
        lambda p: {"input": {"nominationId": _approved_after_start(p), "attended": True}},
    ),
    "CreateSanatoriumBatch": (
        "admin",
        lambda p: {
            "input": {
                "planId": _plan(p),
                "siteId": p.first_id("admin", "sanatoriumSites"),
                "name": "补充批次",
                "startsOn": f"{clock.today().year}-12-20",
                "endsOn": f"{clock.today().year}-12-26",
                "capacity": 10,
            }
        },
    ),
    "UniversityCatalogue": ("wuxi.portal", lambda p: {}),
    "UniversityMyClasses": ("retiree.self", lambda p: {}),
    "UniversityWithdraw": ("retiree.self", lambda p: {"enrolmentId": _active_enrolment(p)}),
    "UniversityEnrol": ("retiree.self", lambda p: {"classId": p.found["class"]}),  # back into the class just left
}


def test_every_operation_has_a_scenario():
    assert sorted(OPERATIONS) == sorted(SCENARIOS)


def test_operations_run_against_the_demo_as_their_role(demo_database, tmp_path):
    database, env = demo_database
    copy = tmp_path / "operations.sqlite3"
    shutil.copy(database, copy)
    with live_server({**env, "JUNXIU_DATABASE_URL": f"sqlite://{copy}"}, ROOT) as url:
        portal = Portal(url)
        for name in SCENARIOS:  # in order: later scenarios use what earlier ones made
            username, variables = SCENARIOS[name]
            query = OPERATIONS[name].read_text(encoding="utf-8")
            if not username:  # logging in needs no account
                body = requests.post(url, json={"query": query, "variables": variables(portal)}, timeout=30).json()
                assert body["data"]["login"]["token"], body
                continue
            portal.operation(name, username, variables(portal))
