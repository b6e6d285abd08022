"""No role reaches a university record outside its scope (the kit's authorization matrix with
the university alone): published catalogue rows are public, drafts and enrolments are not."""

import pytest
from university_world import populate


@pytest.fixture
def app_plugins() -> list[str]:
    return ["university"]


async def test_no_role_reaches_a_university_record_outside_its_scope(scope_matrix):
    world = await scope_matrix(populate)
    # catalogue data is public: the retiree sees every institute's published class, no draft
    classes = await world.client("retiree")("{ universityClasses(first: 50) { edges { node { name } } } }")
    assert sorted(edge["node"]["name"] for edge in classes["universityClasses"]["edges"]) == ["书法班"] * 4
    enrolments = await world.client("retiree")("{ universityEnrolments(first: 10) { edges { node { retiree { id } } } } }")
    assert [edge["node"]["retiree"]["id"] for edge in enrolments["universityEnrolments"]["edges"]] == [world.ids["self"]]
