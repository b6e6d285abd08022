"""Party organisations through the API: the tree apart from the agency line, the formation
rules (each refusal a PARTY_ code that changes nothing), committee posts with terms and the
换届 item in the to-do list."""

import datetime as dt

from party_world import PARTY, branch, formal, made, staff_member

from core import clock
from core.testing import create_retiree, province

ORGANISATIONS = "query ($f: PartyOrganisationFilter) { partyOrganisations(first: 50, filter: $f) { totalCount edges { node { name kind status parent { name } agency { name } } } } }"


async def organisation(gql, **values):
    return await gql.mutate(PARTY["organisation"], values)


async def test_a_tree_of_its_own_whose_superior_may_lie_on_another_agency_line(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    committee = await made(gql, "organisation", {"name": "市军休党委", "kind": "COMMITTEE", "agencyId": tree["city"]})
    # the second institute's branch is led by the city's committee, the first's by a local one off the platform
    await made(
        gql,
        "organisation",
        {"name": "二所支部", "kind": "BRANCH", "agencyId": tree["second"], "parentId": committee["id"]},
    )
    local = await made(
        gql,
        "organisation",
        {"name": "一所支部", "kind": "BRANCH", "agencyId": tree["first"], "superiorName": "某街道党工委"},
    )
    assert local["status"] == "PREPARING"
    data = await gql(ORGANISATIONS, {"f": {"kind": "BRANCH"}})
    rows = {e["node"]["name"]: e["node"] for e in data["partyOrganisations"]["edges"]}
    assert rows["二所支部"]["parent"] == {"name": "市军休党委"}
    assert rows["一所支部"]["parent"] is None and rows["一所支部"]["agency"]["name"]
    updated = await gql.mutate(PARTY["update"], {"id": local["id"], "version": local["version"], "superiorName": None})
    assert updated["userErrors"] == [] and updated["partyOrganisation"]["superiorName"] == ""
    filtered = await gql(ORGANISATIONS, {"f": {"parentId": committee["id"]}})
    assert [e["node"]["name"] for e in filtered["partyOrganisations"]["edges"]] == ["二所支部"]


async def test_superiors_of_the_wrong_kind_are_refused(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    formed = await branch(gql, tree["first"])
    group = await organisation(gql, name="小组", kind="GROUP", agencyId=tree["first"])
    assert group["userErrors"] == [{"field": "parentId", "code": "PARTY_INVALID_SUPERIOR"}]
    general = await organisation(
        gql, name="总支", kind="GENERAL_BRANCH", agencyId=tree["first"], parentId=formed["branch"]
    )
    assert general["userErrors"] == [{"field": "parentId", "code": "PARTY_INVALID_SUPERIOR"}]
    assert (await gql(ORGANISATIONS))["partyOrganisations"]["totalCount"] == 1


async def test_a_branch_is_formed_with_three_formal_members(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    lone = await made(gql, "organisation", {"name": "小支部", "kind": "BRANCH", "agencyId": tree["first"]})
    retiree = await create_retiree(gql, tree["first"])
    await made(gql, "member", formal({"retireeId": retiree["id"]}, lone["id"]))
    await made(gql, "member", formal(await staff_member(gql, tree["first"]), lone["id"]))
    probationary = {"branchId": lone["id"], "status": "PROBATIONARY", "joinedOn": clock.today().isoformat()}
    await made(gql, "member", {**probationary, **await staff_member(gql, tree["first"])})
    # two formal members and a probationary one are not enough
    refused = await gql.mutate(PARTY["establish"], {"id": lone["id"]})
    assert refused["userErrors"] == [{"field": "id", "code": "PARTY_TOO_FEW_FOR_BRANCH"}]
    data = await gql(
        "query ($f: PartyOrganisationFilter) { partyOrganisations(first: 5, filter: $f) { edges { node { status } } } }",
        {"f": {"kind": "BRANCH"}},
    )
    assert [e["node"]["status"] for e in data["partyOrganisations"]["edges"]] == ["PREPARING"]
    await made(gql, "member", formal(await staff_member(gql, tree["first"]), lone["id"]))
    formed = await made(gql, "establish", {"id": lone["id"]})
    assert formed["status"] == "ACTIVE" and formed["establishedOn"] == clock.today().isoformat()
    again = await gql.mutate(PARTY["establish"], {"id": lone["id"]})
    assert again["userErrors"] == [{"field": "id", "code": "INVALID_TRANSITION"}]


async def test_a_general_branch_needs_more_than_fifty_members(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    general = await made(gql, "organisation", {"name": "总支", "kind": "GENERAL_BRANCH", "agencyId": tree["first"]})
    refused = await gql.mutate(PARTY["establish"], {"id": general["id"]})
    assert refused["userErrors"] == [{"field": "id", "code": "PARTY_TOO_FEW_FOR_GENERAL_BRANCH"}]


async def test_a_branch_below_seven_formal_members_has_only_a_secretary_and_deputy(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    formed = await branch(gql, tree["first"])
    secretary = await made(
        gql,
        "appoint",
        {
            "organisationId": formed["branch"],
            "memberId": formed["members"][0],
            "kind": "SECRETARY",
            "termStartsOn": "2024-02-29",
        },
    )
    assert secretary["termEndsOn"] == "2027-02-28"  # three years, the branch's term (a setting)
    taken = await gql.mutate(
        PARTY["appoint"], {"organisationId": formed["branch"], "memberId": formed["members"][1], "kind": "SECRETARY"}
    )
    assert taken["userErrors"] == [{"field": "kind", "code": "PARTY_POST_TAKEN"}]
    await made(
        gql,
        "appoint",
        {"organisationId": formed["branch"], "memberId": formed["members"][1], "kind": "DEPUTY_SECRETARY"},
    )
    committee = {"organisationId": formed["branch"], "memberId": formed["members"][2], "kind": "ORGANIZATION"}
    refused = await gql.mutate(PARTY["appoint"], committee)
    assert refused["userErrors"] == [{"field": "kind", "code": "PARTY_TOO_FEW_FOR_COMMITTEE"}]
    for _ in range(3):
        await made(gql, "member", formal(await staff_member(gql, tree["first"]), formed["branch"]))
    refused = await gql.mutate(PARTY["appoint"], committee)
    assert refused["userErrors"] == [{"field": "kind", "code": "PARTY_TOO_FEW_FOR_COMMITTEE"}]  # six: still too few
    await made(gql, "member", formal(await staff_member(gql, tree["first"]), formed["branch"]))
    assert (await made(gql, "appoint", committee))["kind"] == "ORGANIZATION"


async def test_a_post_for_someone_not_a_formal_member_of_the_organisation_is_refused(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    first, second = await branch(gql, tree["first"]), await branch(gql, tree["second"])
    elsewhere = await gql.mutate(
        PARTY["appoint"], {"organisationId": first["branch"], "memberId": second["members"][0], "kind": "SECRETARY"}
    )
    assert elsewhere["userErrors"] == [{"field": "memberId", "code": "PARTY_NOT_A_MEMBER"}]
    probationary = await made(
        gql,
        "member",
        {
            "branchId": first["branch"],
            "status": "PROBATIONARY",
            "joinedOn": clock.today().isoformat(),
            **await staff_member(gql, tree["first"]),
        },
    )
    refused = await gql.mutate(
        PARTY["appoint"], {"organisationId": first["branch"], "memberId": probationary["id"], "kind": "SECRETARY"}
    )
    assert refused["userErrors"] == [{"field": "memberId", "code": "PARTY_NOT_A_MEMBER"}]
    posts = await gql("{ partyCommitteePosts(first: 5) { totalCount } }")
    assert posts["partyCommitteePosts"]["totalCount"] == 0


async def test_a_term_ending_soon_is_a_renewal_in_the_todo_list(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    formed = await branch(gql, tree["first"])
    later = await branch(gql, tree["second"])
    starts = clock.today() - dt.timedelta(days=3 * 365 - 30)  # ends within the 90-day notice
    post = await made(
        gql,
        "appoint",
        {
            "organisationId": formed["branch"],
            "memberId": formed["members"][0],
            "kind": "SECRETARY",
            "termStartsOn": starts.isoformat(),
        },
    )
    await made(
        gql, "appoint", {"organisationId": later["branch"], "memberId": later["members"][0], "kind": "SECRETARY"}
    )
    todo = await gql("{ viewer { todo(first: 50) { edges { node { title dueOn record { id } } } } } }")
    items = [e["node"] for e in todo["viewer"]["todo"]["edges"] if e["node"]["title"].startswith("党组织换届")]
    assert items == [{"title": items[0]["title"], "dueOn": post["termEndsOn"], "record": {"id": formed["branch"]}}]
    await made(gql, "relieve", {"postId": post["id"]})
    todo = await gql("{ viewer { todo(first: 50) { edges { node { title } } } } }")
    assert [e for e in todo["viewer"]["todo"]["edges"] if e["node"]["title"].startswith("党组织换届")] == []
