"""No role reaches a sanatorium record outside its scope (the kit's authorization matrix with
the sanatorium alone), and what a province publishes reaches its retirees."""

import pytest
from sanatorium_world import ID_TYPES, populate, publish


@pytest.fixture
def app_plugins() -> list[str]:
    return ["sanatorium"]


async def test_no_role_reaches_a_sanatorium_record_outside_its_scope(scope_matrix):
    world = await scope_matrix(populate, publish=[publish], id_types=ID_TYPES)
    me = world.client("retiree")
    data = await me("{ sanatoriumNominations(first: 10) { edges { node { retiree { id } batch { name plan { title } } } } } }")
    nominations = [edge["node"] for edge in data["sanatoriumNominations"]["edges"]]
    assert nominations and all(n["retiree"]["id"] == world.ids["self"] for n in nominations)
    assert nominations[0]["batch"] == {"name": "第一批", "plan": {"title": "省级疗养"}}
