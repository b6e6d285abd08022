"""Party members through the API: retirees and staff in one branch at a time, 党龄 from 转正,
the membership on the core's Retiree and StaffMember, and a death that ends it."""

from party_world import PARTY, branch, formal, made, staff_member

from core import clock
from core.testing import create_retiree, province

MEMBERSHIP = "query ($id: ID!) { retiree(id: $id) { partyMembership { status joinedOn confirmedOn standingYears branch { name } group { name } } } }"


async def test_a_person_is_in_one_branch_at_a_time(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    first, second = await branch(gql, tree["first"]), await branch(gql, tree["second"])
    retiree = await create_retiree(gql, tree["first"])
    await made(gql, "member", formal({"retireeId": retiree["id"]}, first["branch"]))
    twice = await gql.mutate(PARTY["member"], formal({"retireeId": retiree["id"]}, second["branch"]))
    assert twice["userErrors"] == [{"field": "retireeId", "code": "PARTY_ALREADY_IN_BRANCH"}]
    staff = await staff_member(gql, tree["first"])
    await made(gql, "member", formal(staff, first["branch"]))
    again = await gql.mutate(PARTY["member"], formal(staff, second["branch"]))
    assert again["userErrors"] == [{"field": "staffId", "code": "PARTY_ALREADY_IN_BRANCH"}]
    count = await gql(
        "query ($f: PartyMemberFilter) { partyMembers(first: 50, filter: $f) { totalCount } }",
        {"f": {"branchId": second["branch"]}},
    )
    assert count["partyMembers"]["totalCount"] == 3


async def test_members_join_branches_and_their_groups_only(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    formed = await branch(gql, tree["first"])
    other = await branch(gql, tree["first"])
    group = await made(
        gql,
        "organisation",
        {"name": "第一党小组", "kind": "GROUP", "agencyId": tree["first"], "parentId": other["branch"]},
    )
    retiree = await create_retiree(gql, tree["first"])
    in_group = await gql.mutate(
        PARTY["member"], {**formal({"retireeId": retiree["id"]}, formed["branch"]), "groupId": group["id"]}
    )
    assert in_group["userErrors"] == [{"field": "groupId", "code": "PARTY_GROUP_NOT_IN_BRANCH"}]
    to_group = await gql.mutate(PARTY["member"], formal({"retireeId": retiree["id"]}, group["id"]))
    assert to_group["userErrors"] == [{"field": "branchId", "code": "PARTY_NOT_A_BRANCH"}]
    both = await gql.mutate(
        PARTY["member"],
        {**formal({"retireeId": retiree["id"]}, formed["branch"]), **await staff_member(gql, tree["first"])},
    )
    assert both["userErrors"] == [{"field": "retireeId", "code": "REQUIRED"}]
    unconfirmed = await gql.mutate(
        PARTY["member"], {**formal({"retireeId": retiree["id"]}, formed["branch"]), "confirmedOn": None}
    )
    assert unconfirmed["userErrors"] == [{"field": "confirmedOn", "code": "REQUIRED"}]
    backwards = await gql.mutate(
        PARTY["member"], formal({"retireeId": retiree["id"]}, formed["branch"], "1980-05-01", "1979-05-01")
    )
    assert backwards["userErrors"] == [{"field": "confirmedOn", "code": "DATE_ORDER"}]
    assert (await gql(MEMBERSHIP, {"id": retiree["id"]}))["retiree"]["partyMembership"] is None
    await made(
        gql,
        "member",
        {**formal({"retireeId": retiree["id"]}, other["branch"], "1975-03-10", "1976-03-10"), "groupId": group["id"]},
    )
    membership = (await gql(MEMBERSHIP, {"id": retiree["id"]}))["retiree"]["partyMembership"]
    assert membership["group"] == {"name": "第一党小组"} and membership["confirmedOn"] == "1976-03-10"
    assert membership["standingYears"] >= 50


async def test_staff_members_show_their_membership(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    formed = await branch(gql, tree["first"])
    staff = await staff_member(gql, tree["first"])
    await made(
        gql,
        "member",
        {"branchId": formed["branch"], "status": "PROBATIONARY", "joinedOn": clock.today().isoformat(), **staff},
    )
    data = await gql(
        "query ($id: ID!) { staffMember(id: $id) { partyMembership { status standingYears } } }",
        {"id": staff["staffId"]},
    )
    assert data["staffMember"]["partyMembership"] == {"status": "PROBATIONARY", "standingYears": None}


async def test_a_death_ends_the_membership_and_the_posts_it_held(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    retiree = await create_retiree(gql, tree["first"])
    formed = await branch(gql, tree["first"], retiree["id"])
    await made(
        gql, "appoint", {"organisationId": formed["branch"], "memberId": formed["members"][0], "kind": "SECRETARY"}
    )
    death = await gql.mutate(
        "mutation ($input: RecordRetireeDeathInput!) { recordRetireeDeath(input: $input) { userErrors { code } } }",
        {"id": retiree["id"], "diedOn": clock.today().isoformat()},
    )
    assert death["userErrors"] == []
    assert (await gql(MEMBERSHIP, {"id": retiree["id"]}))["retiree"]["partyMembership"] is None
    ended = await gql(
        "query ($f: PartyMemberFilter) { partyMembers(first: 5, filter: $f) { edges { node { name status endedOn endReason } } } }",
        {"f": {"current": False}},
    )
    assert [e["node"]["status"] for e in ended["partyMembers"]["edges"]] == ["ENDED"]
    assert ended["partyMembers"]["edges"][0]["node"]["endReason"] == "去世"
    posts = await gql("{ partyCommitteePosts(first: 5, filter: {current: true}) { totalCount } }")
    assert posts["partyCommitteePosts"]["totalCount"] == 0


async def test_political_status_follows_membership_and_is_personal_information(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    formed = await branch(gql, tree["first"])
    staff = await staff_member(gql, tree["first"])
    await made(
        gql,
        "member",
        {"branchId": formed["branch"], "status": "PROBATIONARY", "joinedOn": clock.today().isoformat(), **staff},
    )
    read = "query ($id: ID!) { staffMember(id: $id) { politicalStatus partyStatus } }"
    assert (await gql(read, {"id": staff["staffId"]}))["staffMember"] == {
        "politicalStatus": "CPC_PROBATIONARY",
        "partyStatus": "PROBATIONARY",
    }
    retiree = await create_retiree(gql, tree["first"], politicalStatus="MASSES")
    await made(gql, "member", formal({"retireeId": retiree["id"]}, formed["branch"]))
    status = await gql("query ($id: ID!) { retiree(id: $id) { politicalStatus partyStatus } }", {"id": retiree["id"]})
    assert status["retiree"] == {"politicalStatus": "CPC_MEMBER", "partyStatus": "FORMAL"}
