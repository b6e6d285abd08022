"""Login throttling through the API: concurrent failures all count, a few failures pause one
client address, only many lock the account, and a name without an account answers exactly
as a real one at every step."""

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from core.app import create_app
from core.models import LoginThrottle, UserAccount
from core.models.enums import AccountKind
from core.permissions import SYSTEM_ADMIN
from core.principal import SYSTEM
from core.services import accounts
from core.services.login_throttle import ALL_ADDRESSES
from core.settings import Settings
from core.testing import ADMIN_PASSWORD, GraphQLClient

LOGIN = "mutation ($input: LoginInput!) { login(input: $input) { token userErrors { field code message } } }"


async def instance(**settings: Any) -> Starlette:
    """An app of the core with ``settings`` and the administrator ``admin``."""
    app = create_app(Settings(plugins=[], **settings))
    await accounts.create_account(
        SYSTEM, username="admin", password=ADMIN_PASSWORD, kind=AccountKind.ADMIN, roles=[SYSTEM_ADMIN]
    )
    return app


def client_at(app: Starlette, address: str) -> GraphQLClient:
    """An anonymous client whose requests come from ``address``."""
    transport = httpx.ASGITransport(app=app, client=(address, 5000))
    return GraphQLClient(httpx.AsyncClient(transport=transport, base_url="http://test"))


async def login(client: GraphQLClient, username: str, password: str) -> dict[str, Any]:
    return await client.mutate(LOGIN, {"username": username, "password": password})


def codes(payloads: list[dict[str, Any]]) -> list[str]:
    return [payload["userErrors"][0]["code"] if payload["userErrors"] else "OK" for payload in payloads]


async def attempts(username: str, address: str) -> int:
    row = await LoginThrottle.get_or_none(username=username, client_address=address)
    return row.attempts if row else 0


async def test_concurrent_wrong_passwords_from_one_address_stop_at_its_limit(db):
    app = await instance(max_failed_logins_per_address=5, max_failed_logins=20)
    attacker = client_at(app, "10.0.0.1")
    answers = await asyncio.gather(*(login(attacker, "admin", f"wrong-{n}") for n in range(30)))
    # exactly five passwords were tried, however the thirty interleaved
    assert sorted(codes(answers)) == ["INVALID_CREDENTIALS"] * 5 + ["LOGIN_THROTTLED"] * 25
    assert await attempts("admin", "10.0.0.1") == await attempts("admin", ALL_ADDRESSES) == 5
    refused = await login(attacker, "admin", ADMIN_PASSWORD)
    assert refused["token"] is None and codes([refused]) == ["LOGIN_THROTTLED"]
    # the account itself is not locked: its owner logs in from elsewhere
    opened = await login(client_at(app, "10.0.0.2"), "admin", ADMIN_PASSWORD)
    assert opened["token"].startswith("jx_")


async def test_concurrent_wrong_passwords_from_many_addresses_lock_the_account(db):
    app = await instance(max_failed_logins_per_address=5, max_failed_logins=20)
    attackers = [client_at(app, f"10.0.1.{n}") for n in range(30)]
    answers = await asyncio.gather(*(login(attacker, "admin", "wrong-password") for attacker in attackers))
    assert sorted(codes(answers)) == ["ACCOUNT_LOCKED"] * 10 + ["INVALID_CREDENTIALS"] * 20
    assert await attempts("admin", ALL_ADDRESSES) == 20
    locked = await login(client_at(app, "10.0.2.1"), "admin", ADMIN_PASSWORD)
    assert locked["token"] is None and locked["userErrors"] == [
        {"field": None, "code": "ACCOUNT_LOCKED", "message": "连续登录失败次数过多，请 15 分钟后再试"}
    ]
    account = await UserAccount.get(username="admin")
    assert account.failed_logins == 20 and account.locked_until is not None


async def test_an_unknown_username_answers_as_a_real_one_at_every_step(db):
    app = await instance(max_failed_logins_per_address=3, max_failed_logins=5, address_lockout_minutes=7)
    first, second, third = (client_at(app, f"10.0.3.{n}") for n in (1, 2, 3))
    steps = [(first, "wrong-password")] * 4 + [(second, "wrong-password")] * 2 + [(third, ADMIN_PASSWORD)]

    async def walk(username: str) -> list[list[dict[str, Any]]]:
        return [(await login(client, username, password))["userErrors"] for client, password in steps]

    real, unknown = await walk("admin"), await walk("nobody.here")
    assert real == unknown
    assert [errors[0]["code"] for errors in real] == ["INVALID_CREDENTIALS"] * 3 + ["LOGIN_THROTTLED"] + [
        "INVALID_CREDENTIALS",
        "INVALID_CREDENTIALS",
        "ACCOUNT_LOCKED",
    ]
    assert real[3][0]["message"] == "从当前地址登录失败次数过多，请 7 分钟后再试"


async def test_unknown_names_and_disabled_accounts_verify_a_password_hash(db, monkeypatch):
    """The structural form of "the same work": every refusal but a lock costs one verification."""
    app = await instance()
    calls: list[str] = []
    real_verify = accounts.verify_password

    def counting(password_hash: str | None, password: str) -> bool:
        calls.append(password)
        return real_verify(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting)
    disabled = await accounts.create_account(
        SYSTEM, username="former", password=ADMIN_PASSWORD, kind=AccountKind.ADMIN, roles=[SYSTEM_ADMIN]
    )
    await accounts.set_account_active(SYSTEM, disabled.id, False)
    client = client_at(app, "10.0.4.1")
    for username, password in (("ghost", "p-1"), ("admin", "p-2"), ("former", ADMIN_PASSWORD), ("x" * 80, "p-4")):
        answer = await login(client, username, password)
        assert codes([answer]) == ["INVALID_CREDENTIALS"], username
    assert calls == ["p-1", "p-2", ADMIN_PASSWORD, "p-4"]


async def test_failures_from_one_address_leave_the_account_open_elsewhere(db):
    app = await instance()  # defaults: 5 per address, 50 for the account
    attacker, owner = client_at(app, "203.0.113.9"), client_at(app, "10.0.5.1")
    for _ in range(5):
        assert codes([await login(attacker, "admin", "wrong-password")]) == ["INVALID_CREDENTIALS"]
    assert codes([await login(attacker, "admin", ADMIN_PASSWORD)]) == ["LOGIN_THROTTLED"]
    opened = await login(owner, "admin", ADMIN_PASSWORD)
    assert opened["token"].startswith("jx_") and opened["userErrors"] == []
    # the owner's success starts the account-wide count afresh; the attacker stays paused
    assert await attempts("admin", ALL_ADDRESSES) == 0
    assert codes([await login(attacker, "admin", ADMIN_PASSWORD)]) == ["LOGIN_THROTTLED"]


@pytest.mark.parametrize("expired", ["locked_until", "last_attempt_at"])
async def test_counts_start_over_after_the_lock_or_the_window(db, expired):
    app = await instance(max_failed_logins_per_address=2, max_failed_logins=50)
    client = client_at(app, "10.0.6.1")
    for _ in range(2 if expired == "locked_until" else 1):
        await login(client, "admin", "wrong-password")
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6)
    await LoginThrottle.filter(username="admin", client_address="10.0.6.1").update(**{expired: past})
    assert codes([await login(client, "admin", "wrong-password")]) == ["INVALID_CREDENTIALS"]
    assert await attempts("admin", "10.0.6.1") == 1


async def test_counts_of_sprayed_names_do_not_pile_up(db):
    app = await instance()
    client = client_at(app, "10.0.7.1")
    moment = dt.datetime.now(dt.UTC)
    # written as the service writes them (an UPDATE), so SQLite compares them alike
    await LoginThrottle.create(username="sprayed.1", client_address="10.0.7.1")
    await LoginThrottle.create(username="sprayed.2", client_address=ALL_ADDRESSES)
    await LoginThrottle.filter(username="sprayed.1").update(attempts=1, last_attempt_at=moment - dt.timedelta(hours=1))
    await LoginThrottle.filter(username="sprayed.2").update(
        attempts=50, last_attempt_at=moment - dt.timedelta(hours=1), locked_until=moment + dt.timedelta(minutes=5)
    )
    await login(client, "sprayed.3", "wrong-password")
    # the stale count is forgotten, a lock still running is kept
    assert await LoginThrottle.filter(username__startswith="sprayed.").order_by("username").values_list(
        "username", flat=True
    ) == ["sprayed.2", "sprayed.3", "sprayed.3"]


async def test_a_password_reset_lifts_every_lock(db):
    app = await instance(max_failed_logins_per_address=2, max_failed_logins=3)
    await accounts.create_account(
        SYSTEM, username="keeper", password=ADMIN_PASSWORD, kind=AccountKind.ADMIN, roles=[SYSTEM_ADMIN]
    )
    keeper = client_at(app, "10.0.8.1")
    keeper.token = (await login(keeper, "keeper", ADMIN_PASSWORD))["token"]
    for address in ("10.0.8.2", "10.0.8.2", "10.0.8.3"):
        await login(client_at(app, address), "admin", "wrong-password")
    assert codes([await login(client_at(app, "10.0.8.2"), "admin", ADMIN_PASSWORD)]) == ["ACCOUNT_LOCKED"]
    listed = await keeper("{ userAccounts(first: 10) { edges { node { id username lockedUntil } } } }")
    admin = next(edge["node"] for edge in listed["userAccounts"]["edges"] if edge["node"]["username"] == "admin")
    assert admin["lockedUntil"] is not None
    data = await keeper(
        "mutation ($input: ResetUserPasswordInput!) { resetUserPassword(input: $input) {"
        " userAccount { lockedUntil } userErrors { code } } }",
        {"input": {"userId": admin["id"], "newPassword": "Fresh-Passw0rd!"}},
    )
    assert data["resetUserPassword"] == {"userAccount": {"lockedUntil": None}, "userErrors": []}
    opened = await login(client_at(app, "10.0.8.2"), "admin", "Fresh-Passw0rd!")
    assert opened["token"].startswith("jx_")
