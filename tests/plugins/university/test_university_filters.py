"""Every university connection takes a ``filter``; the loose arguments that came before it
(``universityCourses(category:)``, ``universitySessions(classId:, heldFrom:, heldTo:)``) are
deprecated but still narrow the list as they did."""

import datetime as dt
from typing import Any

import pytest
from test_university_api import GENERATE, TERM, TODAY, catalogue, ok

from core.settings import Settings
from core.testing import make_client, province


@pytest.fixture
async def uni(db):
    client = await make_client(Settings(plugins=["university"]))
    yield client
    await client.http.aclose()


async def names(client, field: str, filter_type: str, filter: dict[str, Any], node: str = "name") -> list[str]:
    data = await client(
        f"query ($f: {filter_type}) {{ {field}(first: 50, filter: $f) {{ edges {{ node {{ {node} }} }} }} }}",
        {"f": filter},
    )
    return [edge["node"][node] for edge in data[field]["edges"]]


async def test_campuses_filter_by_agency_and_kind(uni):
    tree = await province(uni)
    await catalogue(uni, tree)
    campuses = ("universityCampuses", "UniversityCampusFilter")
    assert await names(uni, *campuses, {}) == ["总校", "一所分校"]
    assert await names(uni, *campuses, {"kind": "BRANCH"}) == ["一所分校"]
    assert await names(uni, *campuses, {"agencyId": tree["city"]["id"]}) == ["总校"]
    assert await names(uni, *campuses, {"agencyId": tree["first"]["id"], "kind": "MAIN"}) == []
    assert await names(uni, *campuses, {"agencyId": "不是ID"}) == []


async def test_terms_filter_by_agency_and_the_date_they_hold(uni):
    tree = await province(uni)
    await catalogue(uni, tree)
    autumn = TODAY + dt.timedelta(days=100)
    values = {
        "agencyId": tree["first"]["id"],
        "name": "秋季学期",
        "startsOn": autumn.isoformat(),
        "endsOn": (autumn + dt.timedelta(days=90)).isoformat(),
    }
    await ok(uni, TERM, values, "universityTerm")
    terms = ("universityTerms", "UniversityTermFilter")
    assert await names(uni, *terms, {}) == ["秋季学期", "春季学期"]
    assert await names(uni, *terms, {"activeOn": TODAY.isoformat()}) == ["春季学期"]
    assert await names(uni, *terms, {"activeOn": autumn.isoformat()}) == ["秋季学期"]
    assert await names(uni, *terms, {"agencyId": tree["city"]["id"]}) == ["春季学期"]
    assert await names(uni, *terms, {"agencyId": tree["city"]["id"], "activeOn": autumn.isoformat()}) == []


async def test_courses_filter_by_category_and_agency_and_the_old_category_argument_still_works(uni):
    tree = await province(uni)
    await catalogue(uni, tree)
    courses = ("universityCourses", "UniversityCourseFilter")
    assert await names(uni, *courses, {"category": "ELECTIVE"}) == ["围棋"]
    assert await names(uni, *courses, {"agencyId": tree["city"]["id"]}) == ["围棋", "声乐"]
    assert await names(uni, *courses, {"agencyId": tree["second"]["id"]}) == []
    old = await uni("{ universityCourses(first: 50, category: MAJOR) { edges { node { name } } } }")
    assert [edge["node"]["name"] for edge in old["universityCourses"]["edges"]] == ["声乐"]


async def test_sessions_filter_by_class_and_dates_and_the_old_arguments_still_work(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree)
    held = {}
    for key in ("a", "c"):
        made = await ok(uni, GENERATE, {"classId": cat[key]["id"]}, "universitySessions")
        held[key] = [session["heldOn"] for session in made]
    sessions = ("universitySessions", "UniversitySessionFilter")
    assert await names(uni, *sessions, {"classId": cat["a"]["id"]}, "heldOn") == held["a"]
    first_week = {"heldFrom": cat["start"].isoformat(), "heldTo": (cat["start"] + dt.timedelta(days=6)).isoformat()}
    assert await names(uni, *sessions, first_week, "heldOn") == [held["a"][0], held["c"][0]]
    assert await names(uni, *sessions, {"classId": cat["c"]["id"], **first_week}, "heldOn") == [held["c"][0]]
    assert await names(uni, *sessions, {"classId": "不是ID"}, "heldOn") == []
    old = await uni(
        "query ($c: ID, $from: Date, $to: Date) { universitySessions(first: 50, classId: $c, heldFrom: $from, heldTo: $to)"
        " { edges { node { heldOn } } } }",
        {"c": cat["c"]["id"], "from": first_week["heldFrom"], "to": first_week["heldTo"]},
    )
    assert [edge["node"]["heldOn"] for edge in old["universitySessions"]["edges"]] == [held["c"][0]]
