"""No N+1: a page of 100 retirees with agency, caretaker and awards costs the same number
of SQL statements as a page of 10."""

import datetime as dt

from core.models import Agency, Retiree, RetireeAward, Staff
from core.models.enums import AgencyKind, AwardLevel, AwardPeriod, Employment, Gender, RetireeCategory
from core.testing import id_number

PAGE = """query ($first: Int!) { retirees(first: $first) { totalCount edges { node {
  name idNumber birthDate category status riskTier focusTags
  agency { name parent { name } } caretaker { name agency { name } } awards { level } familyMembers { name }
} } } }"""


async def seed(count: int) -> None:
    root = await Agency.create(kind=AgencyKind.DEPARTMENT, name="厅", division_code="320000", path="")
    root.path = f"/{root.id}/"
    await root.save()
    agencies = []
    for index in range(5):
        agency = await Agency.create(kind=AgencyKind.INSTITUTE, name=f"所{index}", division_code="320100", parent=root)
        agency.path = f"{root.path}{agency.id}/"
        await agency.save()
        agencies.append(agency)
    staff = [await Staff.create(agency=a, name=f"员{a.id}", gender=Gender.MALE, employment=Employment.CONTRACT) for a in agencies]
    for index in range(count):
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=index)
        retiree = await Retiree.create(
            agency=agencies[index % 5], caretaker=staff[index % 5], name=f"人{index}", gender=Gender.MALE,
            birth_date=birth, id_number=id_number(birth), category=RetireeCategory.TUIXIU,
        )
        await RetireeAward.create(retiree=retiree, awarded_on=dt.date(1970, 1, 1), level=AwardLevel.COMMENDATION, period=AwardPeriod.DURING_SERVICE)


async def test_statements_do_not_grow_with_page_size(gql, sql_counter):
    await seed(100)
    sql_counter.statements.clear()
    small = await gql(PAGE, {"first": 10})
    small_count = len(sql_counter.statements)
    sql_counter.statements.clear()
    large = await gql(PAGE, {"first": 100})
    large_count = len(sql_counter.statements)
    assert len(small["retirees"]["edges"]) == 10 and len(large["retirees"]["edges"]) == 100
    assert large["retirees"]["edges"][99]["node"]["caretaker"]["agency"]["name"].startswith("所")
    assert small_count == large_count, sql_counter.statements
    # authentication (token, account, roles) + page, count, agencies, parents, staff, awards,
    # family + one audit insert for the unmasked reads
    assert 5 <= large_count <= 12
