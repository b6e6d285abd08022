"""The university's part of the test world (core.testing's ``scope_matrix`` and the core's
matrices): in each institute a branch campus with a published class the retiree attends
(enrolled, a past session with attendance) and an unpublished draft class."""

import datetime as dt
from typing import Any

from core import clock
from core.testing import GraphQLClient

UNIVERSITY = {
    "campus": "mutation ($input: CreateUniversityCampusInput!) { createUniversityCampus(input: $input) { universityCampus { id } userErrors { code } } }",
    "term": "mutation ($input: CreateUniversityTermInput!) { createUniversityTerm(input: $input) { universityTerm { id } userErrors { code } } }",
    "course": "mutation ($input: CreateUniversityCourseInput!) { createUniversityCourse(input: $input) { universityCourse { id } userErrors { code } } }",
    "class": "mutation ($input: CreateUniversityClassInput!) { createUniversityClass(input: $input) { universityClass { id } userErrors { code } } }",
    "enrol": "mutation ($input: EnrolInUniversityClassInput!) { enrolInUniversityClass(input: $input) { universityEnrolment { id } userErrors { code } } }",
    "sessions": "mutation ($input: GenerateUniversitySessionsInput!) { generateUniversitySessions(input: $input) { universitySessions { id heldOn } userErrors { code } } }",
    "attend": "mutation ($input: RecordUniversityAttendanceInput!) { recordUniversityAttendance(input: $input) { userErrors { code } } }",
}


async def populate(admin: GraphQLClient, institute: dict[str, Any]) -> None:
    """A campus, term, course, a published class with the retiree enrolled and present at its
    first session, and a draft class, all of the institute."""

    async def made(kind: str, values: dict[str, Any]) -> dict[str, Any]:
        payload = await admin.mutate(UNIVERSITY[kind], values)
        assert payload["userErrors"] == [], (kind, payload["userErrors"])
        return payload

    unit, today = institute["agency"], clock.today()
    start = today - dt.timedelta(days=6)
    campus = (await made("campus", {"agencyId": unit, "name": "分校", "kind": "BRANCH"}))["universityCampus"]["id"]
    term = (
        await made(
            "term",
            {
                "agencyId": unit,
                "name": "学期",
                "startsOn": start.isoformat(),
                "endsOn": (today + dt.timedelta(days=7)).isoformat(),
            },
        )
    )["universityTerm"]["id"]
    course = (await made("course", {"agencyId": unit, "name": "书法", "category": "MAJOR"}))["universityCourse"]["id"]
    common = {
        "courseId": course,
        "termId": term,
        "campusId": campus,
        "mode": "OFFLINE",
        "venue": "活动室",
        "capacity": 10,
        "enrolOpensOn": start.isoformat(),
        "enrolClosesOn": today.isoformat(),
        "schedule": [{"weekday": start.isoweekday(), "start": "09:00", "end": "10:00"}],
    }
    published = (await made("class", {**common, "name": "书法班", "published": True}))["universityClass"]["id"]
    await made("class", {**common, "name": "草稿班"})
    enrolment = (await made("enrol", {"classId": published, "retireeId": institute["retiree"]}))["universityEnrolment"]["id"]
    sessions = (await made("sessions", {"classId": published}))["universitySessions"]
    await made("attend", {"sessionId": sessions[0]["id"], "entries": [{"enrolmentId": enrolment, "status": "PRESENT"}]})
