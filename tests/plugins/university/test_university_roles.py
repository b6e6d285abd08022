"""A plugin role through the API: university's 教师 (UNIVERSITY_TEACHER) is listed with the
built-in roles, granted and revoked like them within the granter's scope and permissions, and
lets its holder record attendance and nothing more."""

import datetime as dt

import pytest
from test_university_api import ACCOUNT, ATTEND, CAMPUS, ENROL, GENERATE, PASSWORD, TODAY, catalogue, login, ok

from core.settings import Settings
from core.testing import create_retiree, create_staff, make_client, province

GRANT = "mutation ($input: RoleChangeInput!) { grantRole(input: $input) { userAccount { roles } userErrors { field code } } }"
REVOKE = "mutation ($input: RoleChangeInput!) { revokeRole(input: $input) { userAccount { roles } userErrors { field code } } }"
TEACHER = "UNIVERSITY_TEACHER"


@pytest.fixture
async def uni(db):
    client = await make_client(Settings(plugins=["university"]))
    yield client
    await client.http.aclose()


async def account(client, username: str, staff_id: str, roles: list[str]) -> str:
    values = {"username": username, "password": PASSWORD, "kind": "STAFF", "roles": roles, "staffId": staff_id}
    return (await ok(client, ACCOUNT, values, "userAccount"))["id"]


async def test_the_teacher_role_is_listed_with_its_permissions(uni):
    roles = {r["code"]: r for r in (await uni("{ roles { code label permissions } }"))["roles"]}
    assert roles[TEACHER] == {
        "code": TEACHER,
        "label": "教师",
        "permissions": ["core.agency.read", "university.attendance", "university.read"],
    }
    assert {"SYSTEM_ADMIN", "AGENCY_MANAGER", "AGENCY_STAFF"} <= set(roles)


async def test_a_granted_teacher_records_attendance_and_nothing_more(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=2)
    retiree = await create_retiree(uni, tree["first"]["id"], name="学员甲")
    enrolment = await ok(uni, ENROL, {"classId": cat["b"]["id"], "retireeId": retiree["id"]}, "universityEnrolment")
    sessions = (await ok(uni, GENERATE, {"classId": cat["b"]["id"]}))["universitySessions"]
    held = next(s for s in sessions if dt.date.fromisoformat(s["heldOn"]) <= TODAY)
    # the first institute's manager grants the role within their scope; a plain worker may not grant at all
    manager_id = await account(
        uni, "mgr1", (await create_staff(uni, tree["first"]["id"], name="一所所长"))["id"], ["AGENCY_MANAGER"]
    )
    worker_id = await account(
        uni, "worker1", (await create_staff(uni, tree["first"]["id"], name="一所职工"))["id"], ["AGENCY_STAFF"]
    )
    teacher_id = await account(
        uni, "teacher1", (await create_staff(uni, tree["first"]["id"], name="声乐老师"))["id"], []
    )
    assert manager_id and worker_id
    manager = uni.as_user(await login(uni, "mgr1"))
    worker = uni.as_user(await login(uni, "worker1"))
    refused = await worker.mutate(GRANT, {"userId": teacher_id, "role": TEACHER})
    assert refused["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    granted = await manager.mutate(GRANT, {"userId": teacher_id, "role": TEACHER})
    assert granted == {"userAccount": {"roles": [TEACHER]}, "userErrors": []}

    teacher = uni.as_user(await login(uni, "teacher1"))
    entries = [{"enrolmentId": enrolment["id"], "status": "PRESENT"}]
    assert (await teacher.mutate(ATTEND, {"sessionId": held["id"], "entries": entries}))["userErrors"] == []
    # nothing more: no enrolment, no class management, no retiree records
    other = await create_retiree(uni, tree["first"]["id"], name="学员乙")
    enrol = await teacher.mutate(ENROL, {"classId": cat["b"]["id"], "retireeId": other["id"]})
    assert [e["code"] for e in enrol["userErrors"]] == ["FORBIDDEN"]
    generate = await teacher.mutate(GENERATE, {"classId": cat["b"]["id"]})
    assert generate["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    campus = await teacher.mutate(CAMPUS, {"agencyId": tree["first"]["id"], "name": "新校区", "kind": "BRANCH"})
    assert campus["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    assert (await teacher("{ retirees(first: 5) { totalCount } }"))["retirees"]["totalCount"] == 0

    revoked = await manager.mutate(REVOKE, {"userId": teacher_id, "role": TEACHER})
    assert revoked == {"userAccount": {"roles": []}, "userErrors": []}
    again = await teacher.mutate(ATTEND, {"sessionId": held["id"], "entries": entries})
    assert again["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]


async def test_a_plugin_role_is_not_granted_to_a_retiree_account(uni):
    tree = await province(uni)
    retiree = await create_retiree(uni, tree["first"]["id"], name="老同志")
    values = {
        "username": "laoren2",
        "password": PASSWORD,
        "kind": "RETIREE",
        "roles": [TEACHER],
        "retireeId": retiree["id"],
    }
    refused = await uni.mutate(ACCOUNT, values)
    assert refused["userErrors"] == [{"field": "role", "code": "INVALID_VALUE"}]
