"""``[plugin_settings.sanatorium]`` in junxiu.toml: who qualifies for each tier, the review
levels and companions. Read at request time through ``current_settings()``, never at import."""

from pydantic import BaseModel, Field, field_validator

from core.api import enums, plugin_settings
from plugins.sanatorium.models import SanatoriumReviewLevel, SanatoriumTier

PLUGIN_NAME = "sanatorium"

AwardLevel = enums.AwardLevel
AwardPeriod = enums.AwardPeriod


class AwardRule(BaseModel):
    """Awards of these levels qualify (optionally only of one period, only wartime ones)."""

    model_config = {"extra": "forbid"}

    label: str = Field("", description="规则说明，如“服役期间一等功”")
    levels: list[AwardLevel] = Field(description="符合的奖励等级")
    period: AwardPeriod | None = Field(None, description="限定时期；不填表示不限")
    wartime_only: bool = Field(False, description="仅战时奖励")
    needs_recommendation: bool = Field(False, description="须经推荐（如市级推荐）方可入选")


_HONOR_TITLES = [
    AwardLevel.CMC_HONORARY_TITLE,
    AwardLevel.MAJOR_UNIT_HONORARY_TITLE,
    AwardLevel.ARMY_UNIT_HONORARY_TITLE,
]


def _provincial() -> list[AwardRule]:
    """The provincial example of DOMAIN.md."""
    return [
        AwardRule(
            label="服役期间军级以上单位授予荣誉称号、一等功、战斗英雄",
            levels=[*_HONOR_TITLES, AwardLevel.FIRST_CLASS_MERIT, AwardLevel.COMBAT_HERO],
            period=AwardPeriod.DURING_SERVICE,
        ),
        AwardRule(
            label="服役期间战时二等功",
            levels=[AwardLevel.SECOND_CLASS_MERIT],
            period=AwardPeriod.DURING_SERVICE,
            wartime_only=True,
        ),
        AwardRule(
            label="移交后国家级、省部级荣誉称号或全国、全省先进军休干部",
            levels=[
                AwardLevel.NATIONAL_HONOR,
                AwardLevel.PROVINCIAL_HONOR,
                AwardLevel.NATIONAL_MODEL_RETIREE,
                AwardLevel.PROVINCIAL_MODEL_RETIREE,
            ],
            period=AwardPeriod.AFTER_HANDOVER,
        ),
        AwardRule(label="二等功（经市级推荐）", levels=[AwardLevel.SECOND_CLASS_MERIT], needs_recommendation=True),
        AwardRule(
            label="战时三等功（经市级推荐）",
            levels=[AwardLevel.THIRD_CLASS_MERIT],
            wartime_only=True,
            needs_recommendation=True,
        ),
    ]


def _national() -> list[AwardRule]:
    return [
        AwardRule(
            label="服役期间中央军委或大单位授予荣誉称号、战斗英雄",
            levels=[AwardLevel.CMC_HONORARY_TITLE, AwardLevel.MAJOR_UNIT_HONORARY_TITLE, AwardLevel.COMBAT_HERO],
            period=AwardPeriod.DURING_SERVICE,
        ),
        AwardRule(
            label="移交后国家级荣誉称号或全国先进军休干部",
            levels=[AwardLevel.NATIONAL_HONOR, AwardLevel.NATIONAL_MODEL_RETIREE],
            period=AwardPeriod.AFTER_HANDOVER,
        ),
    ]


def _local() -> list[AwardRule]:
    return [
        *[rule.model_copy(update={"needs_recommendation": False}) for rule in _provincial()],
        AwardRule(label="三等功", levels=[AwardLevel.THIRD_CLASS_MERIT]),
    ]


def _default_eligibility() -> dict[SanatoriumTier, list[AwardRule]]:
    return {
        SanatoriumTier.NATIONAL: _national(),
        SanatoriumTier.PROVINCIAL: _provincial(),
        SanatoriumTier.CITY: _local(),
        SanatoriumTier.COUNTY: _local(),
    }


class SanatoriumSettings(BaseModel):
    """``[plugin_settings.sanatorium]`` in junxiu.toml."""

    model_config = {"extra": "forbid"}

    eligibility: dict[SanatoriumTier, list[AwardRule]] = Field(
        default_factory=_default_eligibility, description="各层级的入选条件（任一规则满足即符合）"
    )
    review_levels: list[SanatoriumReviewLevel] = Field(
        default_factory=lambda: [
            SanatoriumReviewLevel.AGENCY,
            SanatoriumReviewLevel.CITY,
            SanatoriumReviewLevel.PROVINCE,
            SanatoriumReviewLevel.MINISTRY,
        ],
        description="逐级审核的层级（自下而上）：只取推荐机构到计划所属部门之间实际存在的层级，计划所属部门总是最后审核",
    )
    max_companions: int = Field(1, ge=0, le=5, description="每人最多随行家属数（批次允许家属时）")

    @field_validator("eligibility")
    @classmethod
    def _keep_default_tiers(cls, value: dict[SanatoriumTier, list[AwardRule]]) -> dict[SanatoriumTier, list[AwardRule]]:
        """A tier the instance does not rewrite keeps its default rules."""
        return {**_default_eligibility(), **value}


def current_settings() -> SanatoriumSettings:
    """The enabled plugin's validated settings on the current host."""
    return plugin_settings(PLUGIN_NAME, SanatoriumSettings)
