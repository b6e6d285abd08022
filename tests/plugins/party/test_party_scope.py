"""No role reaches a party record outside its scope (the kit's authorization matrix with the
party plugin alone): organisations, members and posts are scoped by agency."""

from party_world import ID_TYPES, populate


async def test_no_role_reaches_a_party_record_outside_its_scope(scope_matrix):
    world = await scope_matrix(populate, id_types=ID_TYPES)
    # the institute's manager sees its own branches (the retiree's and "本人"'s), nothing else
    seen = await world.client("manager")("{ partyOrganisations(first: 50, filter: {kind: BRANCH}) { totalCount } }")
    assert seen["partyOrganisations"]["totalCount"] == 2
    # political standing is not a retiree's own business on the platform: no party.read for retirees
    mine = await world.client("retiree")("{ partyMembers(first: 10) { totalCount } }")
    assert mine["partyMembers"]["totalCount"] == 0
