"""Accounts for the sanatorium permission tests."""

from typing import Any

from core.testing import login_token

PASSWORD = "Sanatorium-Passw0rd"
CREATE_ACCOUNT = """mutation ($input: CreateUserAccountInput!) { createUserAccount(input: $input) {
  userAccount { id } userErrors { field code message } } }"""


async def account_token(admin: Any, username: str, role: str, **links: str) -> str:
    kind = {"staffId": "STAFF", "departmentId": "DEPARTMENT", "retireeId": "RETIREE"}[next(iter(links))]
    payload = await admin.mutate(
        CREATE_ACCOUNT, {"username": username, "password": PASSWORD, "kind": kind, "roles": [role], **links}
    )
    assert payload["userErrors"] == [], payload["userErrors"]
    return await login_token(username, PASSWORD)
