"""Accounts per role: one login for each built-in role and for each role the enabled plugins
contribute, linked to the agency, staff member or retiree that gives it its scope."""

from collections.abc import Mapping

from core.permissions import AGENCY_MANAGER, AGENCY_STAFF, DEPARTMENT_ADMIN, PORTAL_READONLY, RETIREE, ROLES
from core.testing.client import GraphQLClient, login_token
from core.testing.factories import create_staff

#: the password of every account the kit creates (``ADMIN_PASSWORD`` is the administrator's)
PASSWORD = "World-Passw0rd"
CREATE_ACCOUNT = """mutation ($input: CreateUserAccountInput!) { createUserAccount(input: $input) {
  userAccount { id } userErrors { field code message } } }"""
#: the world's built-in principals: name -> (the role its account holds, its username)
BUILT_IN = {
    "department": (DEPARTMENT_ADMIN, "dept.nj"),
    "portal": (PORTAL_READONLY, "portal.nj"),
    "manager": (AGENCY_MANAGER, "manager.one"),
    "staff": (AGENCY_STAFF, "staff.one"),
    "retiree": (RETIREE, "retiree.one"),
}
_KIND = {"staffId": "STAFF", "departmentId": "DEPARTMENT", "retireeId": "RETIREE"}


async def create_account(admin: GraphQLClient, username: str, role: str, **link: str) -> str:
    """An account holding ``role``, linked by one of ``staffId``, ``departmentId`` or
    ``retireeId`` (which also says its kind); its global ID."""
    kind = _KIND[next(iter(link))]
    payload = await admin.mutate(
        CREATE_ACCOUNT, {"username": username, "password": PASSWORD, "kind": kind, "roles": [role], **link}
    )
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["userAccount"]["id"]


async def built_in_accounts(admin: GraphQLClient, department: str, staff: str, retiree: str) -> dict[str, str]:
    """The built-in principals' accounts: the department's two on ``department``, the
    institute's two on its staff member ``staff``, the retiree's on ``retiree``; name -> ID."""
    links = {
        "department": {"departmentId": department},
        "portal": {"departmentId": department},
        "manager": {"staffId": staff},
        "staff": {"staffId": staff},
        "retiree": {"retireeId": retiree},
    }
    return {
        name: await create_account(admin, username, role, **links[name]) for name, (role, username) in BUILT_IN.items()
    }


async def plugin_role_accounts(admin: GraphQLClient, institute: str, roles: Mapping[str, object]) -> dict[str, str]:
    """For each role a plugin contributes (those of ``roles`` that are not built in), a staff
    member of ``institute`` and an account holding the role, named by the role's code in
    lower case with dots (``UNIVERSITY_TEACHER`` → ``university.teacher``); code -> username."""
    usernames = {}
    for code in sorted(set(roles) - set(ROLES)):
        staff = await create_staff(admin, institute, name=f"{code}员工")
        usernames[code] = code.lower().replace("_", ".")
        await create_account(admin, usernames[code], code, staffId=staff["id"])
    return usernames


async def tokens(usernames: Mapping[str, str]) -> dict[str, str]:
    """A fresh token of each account: principal -> token."""
    return {principal: await login_token(username, PASSWORD) for principal, username in usernames.items()}
