"""Direct tests of the sanatorium rules that need no database rows: eligibility per tier
and the reviewer level of an agency."""

import datetime as dt
from types import SimpleNamespace

import pytest

from core.api import ApprovalLevel, approval_level, enums
from core.settings import Settings
from core.testing import make_client
from plugins.sanatorium import services
from plugins.sanatorium.models import SanatoriumTier

L, P = enums.AwardLevel, enums.AwardPeriod


def award(level, period=P.DURING_SERVICE, wartime=False):
    return SimpleNamespace(
        level=level, period=period, wartime=wartime, awarded_on=dt.date(1980, 1, 1), awarding_body=""
    )


@pytest.fixture
async def host(db):
    client = await make_client(Settings(plugins=["sanatorium"]))  # activates the plugin's settings
    yield
    await client.http.aclose()


@pytest.mark.parametrize(
    ("awards", "eligible", "needs"),
    [
        ([award(L.FIRST_CLASS_MERIT)], True, False),
        ([award(L.FIRST_CLASS_MERIT, P.AFTER_HANDOVER)], False, False),
        ([award(L.SECOND_CLASS_MERIT, wartime=True)], True, False),
        ([award(L.SECOND_CLASS_MERIT)], True, True),
        ([award(L.THIRD_CLASS_MERIT, wartime=True)], True, True),
        ([award(L.THIRD_CLASS_MERIT)], False, False),
        ([award(L.PROVINCIAL_MODEL_RETIREE, P.AFTER_HANDOVER)], True, False),
        ([award(L.ARMY_UNIT_HONORARY_TITLE), award(L.SECOND_CLASS_MERIT)], True, False),
        ([], False, False),
    ],
)
async def test_provincial_default_rules(host, awards, eligible, needs):
    verdict = services.tier_eligibility(SanatoriumTier.PROVINCIAL, awards)
    assert (verdict.eligible, verdict.needs_recommendation) == (eligible, needs)
    assert bool(verdict.awards) == eligible  # an eligible verdict names the awards it rests on
    if eligible and not needs:
        assert all(a.level is not L.SECOND_CLASS_MERIT or a.wartime for a in verdict.awards)


def test_reviewer_level_follows_agency_kind_and_level():
    department = SimpleNamespace(kind=enums.AgencyKind.DEPARTMENT, level=enums.DepartmentLevel.CITY)
    institute = SimpleNamespace(kind=enums.AgencyKind.INSTITUTE, level=None)
    assert approval_level(department) is ApprovalLevel.CITY
    assert approval_level(institute) is ApprovalLevel.AGENCY


async def test_each_qualifying_award_and_rule_is_named_once(host):
    # at the city tier a wartime second-class merit meets two rules; a first-class merit one more
    second, first = award(L.SECOND_CLASS_MERIT, wartime=True), award(L.FIRST_CLASS_MERIT)
    verdict = services.tier_eligibility(SanatoriumTier.CITY, [second, first])
    assert verdict.awards == [first, second]
    assert verdict.rules == [
        "服役期间军级以上单位授予荣誉称号、一等功、战斗英雄",
        "服役期间战时二等功",
        "二等功（经市级推荐）",
    ]
