"""The university mutations' contract: an update changes only the fields it is given and a null
clears a field only where an empty value means something; payload results are named after
their types, and the names they had before still answer, deprecated."""

import datetime as dt

import pytest
from test_university_api import TODAY, UPDATE_CLASS, catalogue, ok

from core.settings import Settings
from core.testing import make_client, province

CLASS = """query ($id: ID!) { universityClass(id: $id) {
  name teacher mode venue onlineLink capacity enrolOpensOn enrolClosesOn published version schedule { weekday start end } } }"""
UPDATE_TERM = """mutation ($input: UpdateUniversityTermInput!) { updateUniversityTerm(input: $input) {
  universityTerm { name startsOn endsOn holidays version } userErrors { field code } } }"""


@pytest.fixture
async def uni(db):
    client = await make_client(Settings(plugins=["university"]))
    yield client
    await client.http.aclose()


async def test_a_class_update_changes_only_what_it_names_and_null_clears_the_teacher(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree)
    class_id = cat["a"]["id"]
    before = (await uni(CLASS, {"id": class_id}))["universityClass"]
    await ok(uni, UPDATE_CLASS, {"id": class_id, "version": before["version"], "teacher": "王丽华"})
    named = (await uni(CLASS, {"id": class_id}))["universityClass"]
    assert named == {**before, "teacher": "王丽华", "version": before["version"] + 1}
    await ok(uni, UPDATE_CLASS, {"id": class_id, "version": named["version"], "teacher": None, "capacity": 4})
    cleared = (await uni(CLASS, {"id": class_id}))["universityClass"]
    assert cleared == {**named, "teacher": "", "capacity": 4, "version": named["version"] + 1}
    # a null where nothing can stand empty is refused, naming the field
    for field in ("name", "capacity", "enrolOpensOn", "schedule", "published"):
        refused = await uni.mutate(UPDATE_CLASS, {"id": class_id, "version": cleared["version"], field: None})
        assert refused["userErrors"] == [{"field": field, "code": "REQUIRED"}], field
    # an offline class needs its venue: clearing it is refused by that rule
    refused = await uni.mutate(UPDATE_CLASS, {"id": class_id, "version": cleared["version"], "venue": None})
    assert refused["userErrors"] == [{"field": "venue", "code": "REQUIRED"}]
    assert (await uni(CLASS, {"id": class_id}))["universityClass"] == cleared


async def test_a_term_update_keeps_what_it_omits_and_null_clears_the_holidays(uni):
    tree = await province(uni)
    cat = await catalogue(uni, tree)
    term = cat["term"]["id"]
    renamed = await ok(uni, UPDATE_TERM, {"id": term, "version": 1, "name": "春季学期（调整）"}, "universityTerm")
    assert renamed == {
        "name": "春季学期（调整）",
        "startsOn": cat["start"].isoformat(),
        "endsOn": (TODAY + dt.timedelta(days=60)).isoformat(),
        "holidays": [cat["holiday"].isoformat()],
        "version": 2,
    }
    cleared = await ok(uni, UPDATE_TERM, {"id": term, "version": 2, "holidays": None}, "universityTerm")
    assert cleared == {**renamed, "holidays": [], "version": 3}
    refused = await uni.mutate(UPDATE_TERM, {"id": term, "version": 3, "startsOn": None})
    assert refused["userErrors"] == [{"field": "startsOn", "code": "REQUIRED"}]


async def test_renamed_payload_fields_still_answer_under_their_old_names(uni):
    tree = await province(uni)
    campus = await uni.mutate(
        "mutation ($input: CreateUniversityCampusInput!) { createUniversityCampus(input: $input) {"
        " campus { id name } universityCampus { id name } userErrors { code } } }",
        {"agencyId": tree["city"]["id"], "name": "总校", "kind": "MAIN"},
    )
    assert campus["campus"] == campus["universityCampus"] and campus["campus"]["name"] == "总校"
    cat = await catalogue(uni, tree)
    sessions = await uni.mutate(
        "mutation ($input: GenerateUniversitySessionsInput!) { generateUniversitySessions(input: $input) {"
        " sessions { id } universitySessions { id } userErrors { code } } }",
        {"classId": cat["a"]["id"]},
    )
    assert sessions["sessions"] == sessions["universitySessions"] != []
    fields = await uni(
        '{ __type(name: "UniversityCampusPayload") { fields(includeDeprecated: true) { name deprecationReason } } }'
    )
    assert fields["__type"]["fields"] == [
        {"name": "universityCampus", "deprecationReason": None},
        {"name": "userErrors", "deprecationReason": None},
        {"name": "campus", "deprecationReason": "请改用 universityCampus；将在 0.3 删除"},
    ]
