"""A retiree who holds a post in a branch (书记, 委员) sees that branch, its members and its
committee through their retiree account, and nothing else: not another branch, not the
members' core records, not after the post ends, and no write the plugin's permissions do not
give a retiree."""

from party_world import PARTY, branch, formal, made, meeting_input

MEMBERS = "{ partyMembers(first: 50) { totalCount edges { node { id name branch { id } retiree { id } } } } }"


async def test_a_retiree_secretary_sees_their_branch_and_nothing_else(role_clients):
    world, admin = role_clients.world, role_clients.world.admin
    mine = await branch(admin, world.ids["home_agency"], world.ids["self"])
    other = await branch(admin, world.ids["home_agency"], world.ids["home_retiree"])
    await made(
        admin, "appoint", {"organisationId": other["branch"], "memberId": other["members"][0], "kind": "SECRETARY"}
    )
    retiree = role_clients["RETIREE"]
    # before the post: only their own membership
    assert (await retiree(MEMBERS))["partyMembers"]["totalCount"] == 1
    post = await made(
        admin, "appoint", {"organisationId": mine["branch"], "memberId": mine["members"][0], "kind": "SECRETARY"}
    )
    seen = await retiree(MEMBERS)
    assert sorted(e["node"]["id"] for e in seen["partyMembers"]["edges"]) == sorted(mine["members"])
    assert {e["node"]["branch"]["id"] for e in seen["partyMembers"]["edges"]} == {mine["branch"]}
    # the members' core records stay out of reach: only the retiree's own
    assert [e["node"]["retiree"] for e in seen["partyMembers"]["edges"] if e["node"]["retiree"]] == [
        {"id": world.ids["self"]}
    ]
    organisations = await retiree("{ partyOrganisations(first: 10) { edges { node { id committeePosts { kind } } } } }")
    assert [e["node"]["id"] for e in organisations["partyOrganisations"]["edges"]] == [mine["branch"]]
    # the other branch and its members stay out of reach, by id too
    for node in (other["branch"], *other["members"]):
        assert (await retiree("query ($id: ID!) { node(id: $id) { id } }", {"id": node}))["node"] is None
    # holding a post gives no write the retiree role lacks
    refused = await retiree.mutate(PARTY["member"], formal({"retireeId": world.ids["self"]}, mine["branch"]))
    assert refused["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    relieved = await retiree.mutate(PARTY["relieve"], {"postId": post["id"]})
    assert relieved["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    # once the post ends, the branch is out of reach again
    await made(admin, "relieve", {"postId": post["id"]})
    assert (await retiree(MEMBERS))["partyMembers"]["totalCount"] == 1
    assert (await retiree("{ partyOrganisations(first: 10) { totalCount } }"))["partyOrganisations"]["totalCount"] == 0


async def test_a_committee_member_sees_the_branch_without_repeated_rows(role_clients):
    world, admin = role_clients.world, role_clients.world.admin
    mine = await branch(admin, world.ids["home_agency"], world.ids["self"])
    for kind in ("SECRETARY", "DEPUTY_SECRETARY"):  # two current posts in one branch
        await made(admin, "appoint", {"organisationId": mine["branch"], "memberId": mine["members"][0], "kind": kind})
    seen = await role_clients["RETIREE"](MEMBERS)
    assert seen["partyMembers"]["totalCount"] == 3 and len(seen["partyMembers"]["edges"]) == 3


async def test_a_retiree_secretary_runs_their_branchs_meetings_and_no_other(role_clients):
    world, admin = role_clients.world, role_clients.world.admin
    mine = await branch(admin, world.ids["home_agency"], world.ids["self"])
    other = await branch(admin, world.ids["home_agency"], world.ids["home_retiree"])
    post = await made(
        admin, "appoint", {"organisationId": mine["branch"], "memberId": mine["members"][0], "kind": "SECRETARY"}
    )
    retiree = role_clients["RETIREE"]
    meeting = await retiree.mutate(PARTY["meeting"], meeting_input(mine["branch"], "THEMED_DAY"))
    assert meeting["userErrors"] == []
    meeting_id = meeting["partyMeeting"]["id"]
    attended = await retiree.mutate(
        PARTY["attend"],
        {"meetingId": meeting_id, "entries": [{"memberId": mine["members"][1], "mode": "DELIVERED_HOME"}]},
    )
    assert attended["userErrors"] == []
    assert (await retiree.mutate(PARTY["submit"], {"meetingId": meeting_id}))["userErrors"] == []
    # no review, no other branch
    review = await retiree.mutate(PARTY["review"], {"meetingId": meeting_id, "decision": "APPROVE"})
    assert review["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    elsewhere = await retiree.mutate(PARTY["meeting"], meeting_input(other["branch"]))
    assert elsewhere["userErrors"] == [{"field": "organisationId", "code": "NOT_FOUND"}]
    # once relieved, the branch's meetings are out of reach
    await made(admin, "relieve", {"postId": post["id"]})
    after = await retiree.mutate(PARTY["meeting"], meeting_input(mine["branch"]))
    assert after["userErrors"] == [{"field": "organisationId", "code": "NOT_FOUND"}]
    assert (await retiree("{ partyMeetings(first: 5) { totalCount } }"))["partyMeetings"]["totalCount"] == 0
