"""Staff through the GraphQL API: quota, training, appraisal, rotation and leaving."""

from core.testing import create_staff, province
from core.testing.factories import CREATE_STAFF

STAFF = """query ($id: ID!) { staffMember(id: $id) { name status agency { name } position
  trainings { title kind } appraisals { year grade } rotations { fromAgency { name } toAgency { name } toPosition } } }"""
ROTATE = "mutation ($input: RotateStaffMemberInput!) { rotateStaffMember(input: $input) { staffMember { position agency { name } } userErrors { field code } } }"
TRAIN = "mutation ($input: RecordStaffTrainingInput!) { recordStaffTraining(input: $input) { staffMember { trainings { title } } userErrors { field code } } }"
APPRAISE = "mutation ($input: RecordStaffAppraisalInput!) { recordStaffAppraisal(input: $input) { staffMember { appraisals { year grade } } userErrors { field code } } }"
UPDATE = "mutation ($input: UpdateStaffMemberInput!) { updateStaffMember(input: $input) { staffMember { employment version } userErrors { field code } } }"


async def test_established_staff_never_exceed_the_quota(gql):
    tree = await province(gql)  # the first institute has a quota of 2
    first = tree["first"]["id"]
    await create_staff(gql, first, name="甲", employment="ESTABLISHED")
    await create_staff(gql, first, name="乙", employment="ESTABLISHED")
    over = await gql.mutate(CREATE_STAFF, {"agencyId": first, "name": "丙", "gender": "MALE", "employment": "ESTABLISHED"})
    assert over == {"staffMember": None, "userErrors": [{"field": "agencyId", "message": over["userErrors"][0]["message"], "code": "STAFF_QUOTA_EXCEEDED"}]}
    contract = await create_staff(gql, first, name="丁", employment="CONTRACT")
    promoted = await gql.mutate(UPDATE, {"id": contract["id"], "version": 1, "employment": "ESTABLISHED"})
    assert promoted["userErrors"][0]["code"] == "STAFF_QUOTA_EXCEEDED"
    count = await gql('{ staffMembers(filter: {employment: ESTABLISHED}) { totalCount } }')
    assert count["staffMembers"]["totalCount"] == 2


async def test_training_appraisal_rotation_and_leaving(gql):
    tree = await province(gql)
    staff = await create_staff(gql, tree["second"]["id"], name="孙敏", employment="ESTABLISHED", position="管理员", hiredOn="2015-03-01")
    bad = await gql.mutate(TRAIN, {"staffId": staff["id"], "kind": "EDUCATION", "title": "适老化服务", "startedOn": "2024-05-02", "endedOn": "2024-05-01"})
    assert bad["userErrors"] == [{"field": "endedOn", "code": "DATE_ORDER"}]
    good = await gql.mutate(TRAIN, {"staffId": staff["id"], "kind": "EDUCATION", "title": "适老化服务", "startedOn": "2024-05-01", "endedOn": "2024-05-03", "hours": 16})
    assert good["staffMember"]["trainings"] == [{"title": "适老化服务"}]
    first = await gql.mutate(APPRAISE, {"staffId": staff["id"], "year": 2023, "grade": "COMPETENT"})
    assert first["userErrors"] == [] and first["staffMember"]["appraisals"] == [{"year": 2023, "grade": "COMPETENT"}]
    corrected = await gql.mutate(APPRAISE, {"staffId": staff["id"], "year": 2023, "grade": "EXCELLENT"})
    assert corrected["staffMember"]["appraisals"] == [{"year": 2023, "grade": "EXCELLENT"}]
    full = await gql.mutate(ROTATE, {"staffId": staff["id"], "toAgencyId": tree["first"]["id"], "toPosition": "副所长", "rotatedOn": "2024-09-01"})
    assert full["userErrors"] == []  # quota 2, nobody established there yet
    data = (await gql(STAFF, {"id": staff["id"]}))["staffMember"]
    assert data["agency"]["name"] == "南京市第一军休所" and data["position"] == "副所长"
    assert data["rotations"] == [{"fromAgency": {"name": "南京市第二军休所"}, "toAgency": {"name": "南京市第一军休所"}, "toPosition": "副所长"}]
    leave = await gql(
        "mutation ($input: RecordStaffLeavingInput!) { recordStaffLeaving(input: $input) { staffMember { status } userErrors { field code } } }",
        {"input": {"staffId": staff["id"], "leftOn": "2010-01-01"}},
    )
    assert leave["recordStaffLeaving"]["userErrors"] == [{"field": "leftOn", "code": "DATE_ORDER"}]


async def test_staff_order_and_filters(gql):
    tree = await province(gql)
    await create_staff(gql, tree["first"]["id"], name="周", hiredOn="2020-01-01")
    await create_staff(gql, tree["second"]["id"], name="陈", hiredOn="2023-01-01", employment="OUTSOURCED")
    data = await gql('{ staffMembers(orderBy: HIRED_ON_DESC) { edges { node { name } } } }')
    assert [e["node"]["name"] for e in data["staffMembers"]["edges"]] == ["陈", "周"]
    within = await gql('query ($id: ID!) { staffMembers(filter: {within: $id}) { edges { node { name } } } }', {"id": tree["first"]["id"]})
    assert [e["node"]["name"] for e in within["staffMembers"]["edges"]] == ["周"]
