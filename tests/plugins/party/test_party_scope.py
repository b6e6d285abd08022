"""No role reaches a party record outside its scope (the kit's authorization matrix with the
party plugin alone): organisations, members and posts are scoped by agency."""

from party_world import ID_TYPES, populate


async def test_no_role_reaches_a_party_record_outside_its_scope(scope_matrix):
    world = await scope_matrix(populate, id_types=ID_TYPES)
    # the institute's manager sees its own branches (the retiree's and "本人"'s), nothing else
    seen = await world.client("manager")("{ partyOrganisations(first: 50, filter: {kind: BRANCH}) { totalCount } }")
    assert seen["partyOrganisations"]["totalCount"] == 2
    # the retiree, 书记 of their own branch in the world, reads its members and no other record
    mine = await world.client("retiree")(
        "{ partyMembers(first: 10) { edges { node { retiree { id } branch { id } } } } }"
    )
    rows = [e["node"] for e in mine["partyMembers"]["edges"]]
    assert len(rows) == 3 and len({row["branch"]["id"] for row in rows}) == 1
    assert [row["retiree"] for row in rows if row["retiree"]] == [{"id": world.ids["self"]}]
