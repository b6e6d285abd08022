"""No role reaches a notice outside its scope: the kit's authorization matrix over a world in
which every institute has published a notice."""

from notices_world import populate


async def test_no_role_reaches_a_notice_outside_its_scope(scope_matrix):
    world = await scope_matrix(populate)
    # the home institute's staff read their institute's notices, and no other institute's
    seen = await world.client("staff")("{ notices(first: 10) { edges { node { agency { id } } } } }")
    assert {edge["node"]["agency"]["id"] for edge in seen["notices"]["edges"]} == {world.ids["home_agency"]}
