"""The university plugin through the GraphQL API, as portals and staff call it: catalogue
filters, enrolment with capacity, waitlist and promotion, clashes, the per-term limit, self
enrolment by a retiree, sessions, attendance, completion, events and reports."""

import asyncio
import datetime as dt
from typing import Any

import pytest

from core import clock
from core.settings import Settings
from core.testing import create_retiree, create_staff, make_client, province

TODAY = clock.today()
CAMPUS = "mutation ($input: CreateUniversityCampusInput!) { createUniversityCampus(input: $input) { universityCampus { id } userErrors { field code } } }"
TERM = "mutation ($input: CreateUniversityTermInput!) { createUniversityTerm(input: $input) { universityTerm { id holidays } userErrors { field code } } }"
COURSE = "mutation ($input: CreateUniversityCourseInput!) { createUniversityCourse(input: $input) { universityCourse { id } userErrors { field code } } }"
CLASS = "mutation ($input: CreateUniversityClassInput!) { createUniversityClass(input: $input) { universityClass { id version } userErrors { field code } } }"
UPDATE_CLASS = "mutation ($input: UpdateUniversityClassInput!) { updateUniversityClass(input: $input) { universityClass { id version capacity } userErrors { field code } } }"
ENROL = "mutation ($input: EnrolInUniversityClassInput!) { enrolInUniversityClass(input: $input) { universityEnrolment { id status waitlistPosition } userErrors { field code message } } }"
WITHDRAW = "mutation ($input: WithdrawUniversityEnrolmentInput!) { withdrawUniversityEnrolment(input: $input) { universityEnrolment { id status } userErrors { field code } } }"
GENERATE = "mutation ($input: GenerateUniversitySessionsInput!) { generateUniversitySessions(input: $input) { universitySessions { id heldOn startsAt } userErrors { field code } } }"
ATTEND = "mutation ($input: RecordUniversityAttendanceInput!) { recordUniversityAttendance(input: $input) { universitySession { id } userErrors { field code } } }"
COMPLETE = "mutation ($input: CompleteUniversityClassInput!) { completeUniversityClass(input: $input) { universityEnrolments { id status } userErrors { field code } } }"
ACCOUNT = "mutation ($input: CreateUserAccountInput!) { createUserAccount(input: $input) { userAccount { id } userErrors { field code } } }"
PASSWORD = "Univ-Passw0rd-1"


@pytest.fixture
async def uni(db):
    client = await make_client(
        Settings(
            plugins=["university"],
            plugin_settings={"university": {"max_classes_per_term": 2, "completion_threshold": 0.5}},
        )
    )
    yield client
    await client.http.aclose()


async def ok(client, mutation: str, values: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    payload = await client.mutate(mutation, values)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload[key] if key else payload


async def catalogue(client, tree, capacity: int = 1) -> dict[str, Any]:
    """A main campus at the city, a branch at the first institute, a term around today, two courses, three classes."""
    main = await ok(
        client, CAMPUS, {"agencyId": tree["city"]["id"], "name": "总校", "kind": "MAIN"}, "universityCampus"
    )
    branch = await ok(
        client, CAMPUS, {"agencyId": tree["first"]["id"], "name": "一所分校", "kind": "BRANCH"}, "universityCampus"
    )
    start = TODAY - dt.timedelta(days=21)
    holiday = start + dt.timedelta(days=7)
    term = await ok(
        client,
        TERM,
        {
            "agencyId": tree["city"]["id"],
            "name": "春季学期",
            "startsOn": start.isoformat(),
            "endsOn": (TODAY + dt.timedelta(days=60)).isoformat(),
            "holidays": [holiday.isoformat()],
        },
        "universityTerm",
    )
    singing = await ok(
        client, COURSE, {"agencyId": tree["city"]["id"], "name": "声乐", "category": "MAJOR"}, "universityCourse"
    )
    chess = await ok(
        client, COURSE, {"agencyId": tree["city"]["id"], "name": "围棋", "category": "ELECTIVE"}, "universityCourse"
    )
    common = {
        "termId": term["id"],
        "capacity": capacity,
        "enrolOpensOn": (TODAY - dt.timedelta(days=30)).isoformat(),
        "enrolClosesOn": (TODAY + dt.timedelta(days=30)).isoformat(),
        "published": True,
    }
    weekday = start.isoweekday()
    a = await ok(
        client,
        CLASS,
        {
            **common,
            "courseId": singing["id"],
            "campusId": main["id"],
            "name": "声乐一班",
            "mode": "OFFLINE",
            "venue": "301 室",
            "schedule": [{"weekday": weekday, "start": "09:00", "end": "10:30"}],
        },
        "universityClass",
    )
    b = await ok(
        client,
        CLASS,
        {
            **common,
            "courseId": chess["id"],
            "campusId": branch["id"],
            "name": "围棋班",
            "mode": "ONLINE",
            "onlineLink": "https://live.example/1",
            "schedule": [{"weekday": weekday, "start": "10:00", "end": "11:00"}],
        },
        "universityClass",
    )
    c = await ok(
        client,
        CLASS,
        {
            **common,
            "courseId": chess["id"],
            "campusId": branch["id"],
            "name": "围棋二班",
            "mode": "HYBRID",
            "venue": "活动室",
            "onlineLink": "https://live.example/2",
            "schedule": [{"weekday": weekday % 7 + 1, "start": "14:00", "end": "15:00"}],
        },
        "universityClass",
    )
    return {"main": main, "branch": branch, "term": term, "a": a, "b": b, "c": c, "start": start, "holiday": holiday}


async def test_catalogue_filters_and_drafts(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=1)
    retiree = await create_retiree(uni, tree["first"]["id"])
    await ok(uni, ENROL, {"classId": cat["a"]["id"], "retireeId": retiree["id"]})
    draft = await ok(
        uni,
        CLASS,
        {
            "termId": cat["term"]["id"],
            "courseId": (await uni("{ universityCourses(first: 1) { edges { node { id } } } }"))["universityCourses"][
                "edges"
            ][0]["node"]["id"],
            "campusId": cat["branch"]["id"],
            "name": "草稿班",
            "mode": "ONLINE",
            "onlineLink": "https://x",
            "capacity": 5,
            "enrolOpensOn": TODAY.isoformat(),
            "enrolClosesOn": TODAY.isoformat(),
            "schedule": [{"weekday": 7, "start": "08:00", "end": "09:00"}],
        },
        "universityClass",
    )

    async def names(filter: dict[str, Any], client=uni) -> list[str]:
        data = await client(
            "query ($f: UniversityClassFilter) { universityClasses(first: 50, filter: $f) { totalCount edges { node { name placesLeft enrolledCount } } } }",
            {"f": filter},
        )
        return sorted(edge["node"]["name"] for edge in data["universityClasses"]["edges"])

    assert await names({"published": True}) == ["围棋二班", "围棋班", "声乐一班"]
    assert await names({"category": "ELECTIVE", "published": True}) == ["围棋二班", "围棋班"]
    assert await names({"mode": "HYBRID"}) == ["围棋二班"]
    assert await names({"campusId": cat["main"]["id"]}) == ["声乐一班"]
    assert await names({"dayOfWeek": cat["start"].isoweekday(), "published": True}) == ["围棋班", "声乐一班"]
    assert await names({"hasPlaces": False}) == ["声乐一班"]
    assert await names({"hasPlaces": True, "published": True}) == ["围棋二班", "围棋班"]
    assert await names({"termId": cat["term"]["id"]}) == ["围棋二班", "围棋班", "声乐一班", "草稿班"]
    # a retiree user and a portal see the published catalogue, not the draft, and no personal data
    await ok(
        uni,
        ACCOUNT,
        {
            "username": "laoren",
            "password": PASSWORD,
            "kind": "RETIREE",
            "roles": ["RETIREE"],
            "retireeId": retiree["id"],
        },
    )
    await ok(
        uni,
        ACCOUNT,
        {
            "username": "portal",
            "password": PASSWORD,
            "kind": "DEPARTMENT",
            "roles": ["PORTAL_READONLY"],
            "departmentId": tree["city"]["id"],
        },
    )
    for username in ("laoren", "portal"):
        client = uni.as_user(await login(uni, username))
        assert await names({}, client) == ["围棋二班", "围棋班", "声乐一班"]
    # a draft is reachable only within its campus's agency subtree (the portal's city holds it)
    for username in ("laoren",):
        client = uni.as_user(await login(uni, username))
        lookup = await client(
            "query ($id: ID!) { universityClass(id: $id) { name } node(id: $id) { id } }", {"id": draft["id"]}
        )
        assert lookup == {"universityClass": None, "node": None}
    # nested rosters obey the enrolment scope: the retiree reaches their own enrolment only
    other = await create_retiree(uni, tree["first"]["id"], name="其他学员")
    await ok(uni, ENROL, {"classId": cat["b"]["id"], "retireeId": other["id"]})
    me = uni.as_user(await login(uni, "laoren"))
    data = await me("{ universityClasses(first: 10) { edges { node { name enrolments { retiree { name } } } } } }")
    rosters = {edge["node"]["name"]: edge["node"]["enrolments"] for edge in data["universityClasses"]["edges"]}
    assert rosters == {"声乐一班": [{"retiree": {"name": "张建国"}}], "围棋班": [], "围棋二班": []}


async def login(client, username: str) -> str:
    body = await client.as_user(None).mutate(
        "mutation ($input: LoginInput!) { login(input: $input) { token userErrors { code } } }",
        {"username": username, "password": PASSWORD},
    )
    return body["token"]


async def test_enrol_waitlist_withdraw_promotes(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=1)
    people = [await create_retiree(uni, tree["first"]["id"], name=f"学员{i}") for i in range(3)]
    first = await ok(uni, ENROL, {"classId": cat["a"]["id"], "retireeId": people[0]["id"]}, "universityEnrolment")
    second = await ok(uni, ENROL, {"classId": cat["a"]["id"], "retireeId": people[1]["id"]}, "universityEnrolment")
    third = await ok(uni, ENROL, {"classId": cat["a"]["id"], "retireeId": people[2]["id"]}, "universityEnrolment")
    assert [first["status"], second["status"], third["status"]] == ["ENROLLED", "WAITLISTED", "WAITLISTED"]
    assert [second["waitlistPosition"], third["waitlistPosition"]] == [1, 2]
    again = await uni.mutate(ENROL, {"classId": cat["a"]["id"], "retireeId": people[0]["id"]})
    assert again["userErrors"][0]["code"] == "DUPLICATE"
    await ok(uni, WITHDRAW, {"enrolmentId": first["id"], "reason": "身体原因"})
    data = await uni(f'{{ retiree(id: "{people[1]["id"]}") {{ universityEnrolments {{ status waitlistPosition }} }} }}')
    assert data["retiree"]["universityEnrolments"] == [{"status": "ENROLLED", "waitlistPosition": None}]
    twice = await uni.mutate(WITHDRAW, {"enrolmentId": first["id"]})
    assert twice["userErrors"][0]["code"] == "INVALID_TRANSITION"
    # a bigger class promotes the rest of the waitlist
    cls = await uni("query ($id: ID!) { universityClass(id: $id) { version waitlistCount } }", {"id": cat["a"]["id"]})
    assert cls["universityClass"]["waitlistCount"] == 1
    await ok(uni, UPDATE_CLASS, {"id": cat["a"]["id"], "version": cls["universityClass"]["version"], "capacity": 3})
    cls = await uni(
        "query ($id: ID!) { universityClass(id: $id) { waitlistCount enrolledCount placesLeft } }",
        {"id": cat["a"]["id"]},
    )
    assert cls["universityClass"] == {"waitlistCount": 0, "enrolledCount": 2, "placesLeft": 1}


async def test_clash_limit_window_and_self_enrolment(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=5)
    retiree = await create_retiree(uni, tree["first"]["id"])
    await ok(uni, ENROL, {"classId": cat["a"]["id"], "retireeId": retiree["id"]})
    clash = await uni.mutate(ENROL, {"classId": cat["b"]["id"], "retireeId": retiree["id"]})
    assert clash["userErrors"][0]["code"] == "SCHEDULE_CONFLICT" and "声乐一班" in clash["userErrors"][0]["message"]
    # the retiree enrols themself (no retireeId) in the non-clashing class; the limit of 2 then bites
    await ok(
        uni,
        ACCOUNT,
        {
            "username": "laoren",
            "password": PASSWORD,
            "kind": "RETIREE",
            "roles": ["RETIREE"],
            "retireeId": retiree["id"],
        },
    )
    me = uni.as_user(await login(uni, "laoren"))
    mine = await ok(me, ENROL, {"classId": cat["c"]["id"]}, "universityEnrolment")
    assert mine["status"] == "ENROLLED"
    other = await create_retiree(uni, tree["first"]["id"], name="别人")
    refused = await me.mutate(ENROL, {"classId": cat["b"]["id"], "retireeId": other["id"]})
    # a retiree user enrols only themself: enrolling another needs the staff permission
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(None, "FORBIDDEN")]
    await ok(me, WITHDRAW, {"enrolmentId": mine["id"]})
    await ok(me, ENROL, {"classId": cat["c"]["id"]})
    limit_class = await ok(
        uni,
        CLASS,
        {
            "termId": cat["term"]["id"],
            "courseId": (await uni("{ universityCourses(first: 1) { edges { node { id } } } }"))["universityCourses"][
                "edges"
            ][0]["node"]["id"],
            "campusId": cat["main"]["id"],
            "name": "周日班",
            "mode": "ONLINE",
            "onlineLink": "https://x",
            "capacity": 5,
            "published": True,
            "enrolOpensOn": TODAY.isoformat(),
            "enrolClosesOn": TODAY.isoformat(),
            "schedule": [{"weekday": 7, "start": "19:00", "end": "20:00"}],
        },
        "universityClass",
    )
    limited = await me.mutate(ENROL, {"classId": limit_class["id"]})
    assert limited["userErrors"][0]["code"] == "LIMIT_REACHED"
    my_classes = await me(
        "{ universityEnrolments(first: 10) { totalCount edges { node { status universityClass { name } } } } }"
    )
    assert my_classes["universityEnrolments"]["totalCount"] == 3  # two active, one withdrawn: their own only
    closed = await ok(
        uni,
        CLASS,
        {
            "termId": cat["term"]["id"],
            "courseId": (await uni("{ universityCourses(first: 1) { edges { node { id } } } }"))["universityCourses"][
                "edges"
            ][0]["node"]["id"],
            "campusId": cat["main"]["id"],
            "name": "已截止班",
            "mode": "ONLINE",
            "onlineLink": "https://x",
            "capacity": 5,
            "published": True,
            "enrolOpensOn": (TODAY - dt.timedelta(days=9)).isoformat(),
            "enrolClosesOn": (TODAY - dt.timedelta(days=1)).isoformat(),
            "schedule": [{"weekday": 6, "start": "19:00", "end": "20:00"}],
        },
        "universityClass",
    )
    late = await uni.mutate(ENROL, {"classId": closed["id"], "retireeId": other["id"]})
    assert late["userErrors"][0]["code"] == "INVALID_TRANSITION"


async def test_sessions_attendance_completion_and_reports(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=2)
    people = [await create_retiree(uni, tree["first"]["id"], name=f"学员{i}") for i in range(3)]
    enrolments = [
        await ok(uni, ENROL, {"classId": cat["b"]["id"], "retireeId": p["id"]}, "universityEnrolment") for p in people
    ]
    sessions = (await ok(uni, GENERATE, {"classId": cat["b"]["id"]}))["universitySessions"]
    dates = [dt.date.fromisoformat(s["heldOn"]) for s in sessions]
    assert cat["holiday"] not in dates and cat["start"] in dates
    assert all(d.isoweekday() == cat["start"].isoweekday() for d in dates)
    assert len((await ok(uni, GENERATE, {"classId": cat["b"]["id"]}))["universitySessions"]) == len(
        sessions
    )  # idempotent
    past = [s for s, d in zip(sessions, dates, strict=True) if d <= TODAY]
    assert len(past) >= 2
    leave = await uni.mutate(
        ATTEND, {"sessionId": past[0]["id"], "entries": [{"enrolmentId": enrolments[0]["id"], "status": "LEAVE"}]}
    )
    assert leave["userErrors"] == [{"field": "entries.0.reason", "code": "REQUIRED"}]
    waitlisted = await uni.mutate(
        ATTEND, {"sessionId": past[0]["id"], "entries": [{"enrolmentId": enrolments[2]["id"], "status": "PRESENT"}]}
    )
    assert waitlisted["userErrors"][0]["code"] == "NOT_FOUND"
    for session in past:
        await ok(
            uni,
            ATTEND,
            {
                "sessionId": session["id"],
                "entries": [
                    {"enrolmentId": enrolments[0]["id"], "status": "ONLINE"},
                    {"enrolmentId": enrolments[1]["id"], "status": "LEAVE", "reason": "就医"},
                ],
            },
        )
    report = await uni(
        "query ($id: ID!) { universityClass(id: $id) { attendanceRate enrolments { status attendanceRate } } }",
        {"id": cat["b"]["id"]},
    )
    assert report["universityClass"]["attendanceRate"] == 0.5
    assert [e["attendanceRate"] for e in report["universityClass"]["enrolments"]] == [1.0, 0.0, None]
    done = await ok(uni, COMPLETE, {"classId": cat["b"]["id"]}, "universityEnrolments")
    assert done == [{"id": enrolments[0]["id"], "status": "COMPLETED"}]
    demand = await uni(
        "query ($t: ID!) { universityCourseDemand(termId: $t) { course { name } classes capacity enrolled waitlisted } }",
        {"t": cat["term"]["id"]},
    )
    assert demand["universityCourseDemand"][0] == {
        "course": {"name": "围棋"},
        "classes": 2,
        "capacity": 4,
        "enrolled": 2,
        "waitlisted": 1,
    }


async def test_death_transfer_and_merge_events(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=1)
    a, b, c = [await create_retiree(uni, tree["first"]["id"], name=f"学员{i}") for i in range(3)]
    for person in (a, b, c):
        await ok(uni, ENROL, {"classId": cat["a"]["id"], "retireeId": person["id"]})
    died = await uni(
        "mutation ($input: RecordRetireeDeathInput!) { recordRetireeDeath(input: $input) { userErrors { code } } }",
        {"input": {"id": a["id"], "diedOn": TODAY.isoformat()}},
    )
    assert died["recordRetireeDeath"]["userErrors"] == []
    moved = await uni(
        "mutation ($input: TransferRetireeInput!) { transferRetiree(input: $input) { userErrors { code } } }",
        {
            "input": {
                "id": b["id"],
                "toAgencyId": tree["second"]["id"],
                "reason": "随子女",
                "transferredOn": TODAY.isoformat(),
            }
        },
    )
    assert moved["transferRetiree"]["userErrors"] == []
    data = await uni(
        "query ($id: ID!) { universityClass(id: $id) { enrolments { status withdrawReason retiree { name } } } }",
        {"id": cat["a"]["id"]},
    )
    assert [(e["retiree"]["name"], e["status"]) for e in data["universityClass"]["enrolments"]] == [
        ("学员0", "WITHDRAWN"),
        ("学员1", "WITHDRAWN"),
        ("学员2", "ENROLLED"),
    ]
    merged = await uni(
        "mutation ($input: MergeAgenciesInput!) { mergeAgencies(input: $input) { userErrors { code } } }",
        {"input": {"sourceId": tree["first"]["id"], "targetId": tree["second"]["id"]}},
    )
    assert merged["mergeAgencies"]["userErrors"] == []
    campus = await uni(
        "query ($id: ID!) { node(id: $id) { ... on UniversityCampus { agency { id } } } }", {"id": cat["branch"]["id"]}
    )
    assert campus["node"]["agency"]["id"] == tree["second"]["id"]


async def test_staff_scope_for_enrolment_and_management(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=5)
    staff = await create_staff(uni, tree["second"]["id"], name="二所员工")
    await ok(
        uni,
        ACCOUNT,
        {
            "username": "mgr2",
            "password": PASSWORD,
            "kind": "STAFF",
            "roles": ["AGENCY_MANAGER"],
            "staffId": staff["id"],
        },
    )
    manager = uni.as_user(await login(uni, "mgr2"))
    mine = await create_retiree(uni, tree["second"]["id"], name="二所老人")
    theirs = await create_retiree(uni, tree["first"]["id"], name="一所老人")
    # the catalogue is shared: a second-institute manager enrols their retiree in a first-institute branch class
    assert (await ok(manager, ENROL, {"classId": cat["b"]["id"], "retireeId": mine["id"]}, "universityEnrolment"))[
        "status"
    ] == "ENROLLED"
    foreign = await manager.mutate(ENROL, {"classId": cat["b"]["id"], "retireeId": theirs["id"]})
    assert foreign["userErrors"][0]["code"] == "NOT_FOUND"
    refused = await manager.mutate(GENERATE, {"classId": cat["b"]["id"]})
    assert refused["userErrors"][0]["code"] == "NOT_FOUND"
    await ok(uni, ENROL, {"classId": cat["b"]["id"], "retireeId": theirs["id"]})
    seen = await manager("{ universityEnrolments(first: 10) { edges { node { retiree { name } } } } }")
    assert [e["node"]["retiree"]["name"] for e in seen["universityEnrolments"]["edges"]] == ["二所老人"]


async def test_concurrent_enrolments_for_the_last_place_never_overbook(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=1)
    people = [await create_retiree(uni, tree["first"]["id"], name=f"抢课{i}") for i in range(6)]
    payloads = await asyncio.gather(
        *(uni.mutate(ENROL, {"classId": cat["a"]["id"], "retireeId": p["id"]}) for p in people)
    )
    statuses = sorted(p["universityEnrolment"]["status"] for p in payloads)
    assert statuses == ["ENROLLED"] + ["WAITLISTED"] * 5
    data = await uni(
        "query ($id: ID!) { universityClass(id: $id) { enrolledCount waitlistCount } }", {"id": cat["a"]["id"]}
    )
    assert data["universityClass"] == {"enrolledCount": 1, "waitlistCount": 5}


async def status_of(client, enrolment_id: str) -> str:
    data = await client(
        "query ($id: ID!) { node(id: $id) { ... on UniversityEnrolment { status } } }", {"id": enrolment_id}
    )
    return data["node"]["status"]


async def test_withdrawal_promotes_only_for_a_freed_place(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=1)
    people = [await create_retiree(uni, tree["first"]["id"], name=f"候补{i}") for i in range(4)]
    held, first, second, third = [
        await ok(uni, ENROL, {"classId": cat["a"]["id"], "retireeId": p["id"]}, "universityEnrolment") for p in people
    ]
    assert [e["status"] for e in (held, first, second, third)] == ["ENROLLED"] + ["WAITLISTED"] * 3
    counts = "query ($id: ID!) { universityClass(id: $id) { enrolledCount waitlistCount } }"
    # a waitlisted enrolment withdrawn frees no place: nobody is promoted
    assert (await ok(uni, WITHDRAW, {"enrolmentId": second["id"]}, "universityEnrolment"))["status"] == "WITHDRAWN"
    assert (await uni(counts, {"id": cat["a"]["id"]}))["universityClass"] == {"enrolledCount": 1, "waitlistCount": 2}
    assert [await status_of(uni, e["id"]) for e in (held, first, third)] == ["ENROLLED", "WAITLISTED", "WAITLISTED"]
    # an enrolled one withdrawn frees one place: exactly the first waitlisted takes it
    assert (await ok(uni, WITHDRAW, {"enrolmentId": held["id"]}, "universityEnrolment"))["status"] == "WITHDRAWN"
    assert (await uni(counts, {"id": cat["a"]["id"]}))["universityClass"] == {"enrolledCount": 1, "waitlistCount": 1}
    assert [await status_of(uni, e["id"]) for e in (first, third)] == ["ENROLLED", "WAITLISTED"]


async def test_classes_of_overlapping_terms_clash(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=5)
    retiree = await create_retiree(uni, tree["first"]["id"])
    await ok(uni, ENROL, {"classId": cat["a"]["id"], "retireeId": retiree["id"]})
    course = (await uni("{ universityCourses(first: 1) { edges { node { id } } } }"))["universityCourses"]["edges"][0]
    same_slot = [{"weekday": cat["start"].isoweekday(), "start": "09:30", "end": "10:00"}]  # inside class a's slot

    async def class_in(name: str, starts: dt.date, ends: dt.date) -> str:
        term = await ok(
            uni,
            TERM,
            {"agencyId": tree["city"]["id"], "name": name, "startsOn": starts.isoformat(), "endsOn": ends.isoformat()},
            "universityTerm",
        )
        made = await ok(
            uni,
            CLASS,
            {
                "termId": term["id"],
                "courseId": course["node"]["id"],
                "campusId": cat["main"]["id"],
                "name": f"{name}班",
                "mode": "OFFLINE",
                "venue": "302 室",
                "capacity": 5,
                "published": True,
                "schedule": same_slot,
                "enrolOpensOn": (TODAY - dt.timedelta(days=1)).isoformat(),
                "enrolClosesOn": (TODAY + dt.timedelta(days=1)).isoformat(),
            },
            "universityClass",
        )
        return made["id"]

    # another term that overlaps class a's term: the same weekday and time clash
    overlapping = await class_in("暑期学期", TODAY, TODAY + dt.timedelta(days=90))
    clash = await uni.mutate(ENROL, {"classId": overlapping, "retireeId": retiree["id"]})
    assert [(e["field"], e["code"]) for e in clash["userErrors"]] == [("classId", "SCHEDULE_CONFLICT")]
    # a term after class a's term ends: the same slot is free
    later = await class_in("秋季学期", TODAY + dt.timedelta(days=61), TODAY + dt.timedelta(days=150))
    assert (await ok(uni, ENROL, {"classId": later, "retireeId": retiree["id"]}, "universityEnrolment"))[
        "status"
    ] == "ENROLLED"


async def test_a_class_whose_own_slots_overlap_gets_the_plugins_error_code(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree)
    overlapping = [{"weekday": 2, "start": "09:00", "end": "10:30"}, {"weekday": 2, "start": "10:00", "end": "11:00"}]
    refused = await uni.mutate(UPDATE_CLASS, {"id": cat["a"]["id"], "version": 1, "schedule": overlapping})
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        ("schedule.1.start", "UNIVERSITY_SESSIONS_OVERLAP")
    ]


async def test_the_roster_lists_the_enrolled_then_the_waitlist_in_order(uni):
    """``services.roster`` (behind the CSV export): enrolled first, then the waitlist in the
    order applied, numbered; withdrawn enrolments and other classes left out; an unknown class
    is NOT_FOUND on ``classId``."""
    from core.api import ServiceError, decode_id
    from plugins.university import services

    tree = await province(uni)
    cat = await catalogue(uni, tree, capacity=1)
    first = await create_retiree(uni, tree["first"]["id"], name="名单甲")
    second = await create_retiree(uni, tree["second"]["id"], name="名单乙", gender="FEMALE")
    third = await create_retiree(uni, tree["first"]["id"], name="名单丙")
    gone = await create_retiree(uni, tree["first"]["id"], name="名单丁")
    for person in (first, second, third, gone):
        await ok(uni, ENROL, {"classId": cat["a"]["id"], "retireeId": person["id"]})
    await ok(uni, ENROL, {"classId": cat["c"]["id"], "retireeId": gone["id"]})
    left = (await uni("{ universityEnrolments(first: 20) { edges { node { id status retiree { name } } } } }"))
    withdrawn = next(
        e["node"]["id"] for e in left["universityEnrolments"]["edges"]
        if e["node"]["retiree"]["name"] == "名单丁" and e["node"]["status"] == "WAITLISTED"
    )
    await ok(uni, WITHDRAW, {"enrolmentId": withdrawn})
    the_class, lines = await services.roster(decode_id(cat["a"]["id"], "UniversityClass", "classId"))
    assert the_class.name == "声乐一班"
    assert [(line.number, line.name, line.gender, line.agency, line.status, line.attendance_rate) for line in lines] == [
        (1, "名单甲", "男", "南京市第一军休所", "已录取", None),
        (2, "名单乙", "女", "南京市第二军休所", "候补", None),
        (3, "名单丙", "男", "南京市第一军休所", "候补", None),
    ]
    with pytest.raises(ServiceError) as missing:
        await services.roster(999_999)
    assert (missing.value.code, missing.value.field) == ("NOT_FOUND", "classId")
